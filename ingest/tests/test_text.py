"""Cleaning keeps a map from every cleaned character back to the original."""

from hypothesis import given
from hypothesis import strategies as st

from ingest.text import clean


def test_it_joins_words_and_numbers_broken_across_lines():
    original = "该区全年谋划实施重点项目155个，总投资457.6\n亿元，全力推\n进项目建设。\n"
    c = clean(original)
    assert c.text == "该区全年谋划实施重点项目155个，总投资457.6亿元，全力推进项目建设。"
    start = c.text.index("457.6亿元")
    a, b = c.span(start, start + len("457.6亿元"))
    assert original[a:b] == "457.6\n亿元"


def test_it_keeps_paragraph_breaks_and_joins_a_sentence_split_by_a_blank_line():
    original = (
        "今年上半年，马村区经济增长势头向好，主导产业集聚成势，服务企业效果明显，马村区GDP\n\n"
        "增速全市城区第一。\n\n第二段从这里开始。\n"
    )
    c = clean(original)
    assert (
        c.text == "今年上半年，马村区经济增长势头向好，主导产业集聚成势，服务企业效果明显，"
        "马村区GDP增速全市城区第一。\n第二段从这里开始。"
    )
    assert len(c.paragraphs) == 2


def test_it_drops_a_paragraph_printed_again_and_sets_captions_apart():
    paragraph = "马村区把招商引资作为“一把手”工程，党政主要负责人亲自外出招商，主动上门。"
    original = "\n\n".join(
        [paragraph] * 4 + ["健康元4AA项目生产车间。 本报记者 刘金元 摄", "正文继续，说明项目进展情况。"]
    )
    c = clean(original)
    assert c.text.count(paragraph) == 1 and c.dropped == 3
    assert [p.kind for p in c.paragraphs] == ["text", "caption", "text"]


def test_typesetting_spaces_go_and_full_width_digits_fold_for_matching():
    original = "全区生产总值 124.3 亿元，比上年增长 ９.９％；2 月 11 日，Green Building 项目"
    c = clean(original)
    assert c.text == "全区生产总值124.3亿元，比上年增长９.９％；2月11日，Green Building项目"
    assert c.matching.endswith("增长9.9%；2月11日，Green Building项目") and len(c.matching) == len(c.text)


@given(
    st.lists(st.text(alphabet="投资亿元增长项目 0123456789.,，。\n", min_size=1, max_size=40), min_size=1, max_size=8)
)
def test_every_cleaned_character_maps_back_to_itself(parts):
    original = "\n\n".join(parts)
    c = clean(original)
    assert len(c.offsets) == len(c.text)
    for i, ch in enumerate(c.text):
        if ch != "\n":
            assert original[c.offsets[i]] == ch
    assert c.offsets == sorted(c.offsets)


def test_a_page_is_split_into_its_articles():
    from ingest.text import articles

    page = (
        "2021年1月5日 星期二\n\n示范区召开工作会议\n\n本报讯（记者张三）1月4日，示范区召开会议，总结2020年工作。\n\n"
        "企业获评省级荣誉\n\n本报讯 近日，三家企业获评省级专精特新企业，数量居全市前列。\n\n"
        "敬老院新春慰问\n\n示范区领导走访慰问敬老院老人，送去节日问候和慰问品。\n"
    )
    c = clean(page)
    # The dateline and the first headline open the first article; each headline opens the next.
    assert [c.text[s : s + 4] for s in articles(c)] == ["2021", "企业获评", "敬老院新"]


@given(st.text(alphabet="０１２９％．～－（）ＡＺａｚ 项目投资亿元\n\u3000\x0b", max_size=80))
def test_it_folds_only_what_the_fold_table_maps(original):
    """Folding by substitution gives what mapping every character through the table gives."""
    from ingest.text import FOLD

    c = clean(original)
    assert c.matching == c.text.translate(FOLD)


def test_it_reports_a_fact_found_twice_once_and_keeps_different_fields_apart():
    from ingest.extract import Extractor, Fact

    c = clean("新建A项目。")
    facts = [
        Fact("project", 2, 5, {"name": "A项目", "investment": None}),
        Fact("project", 2, 5, {"investment": None, "name": "A项目"}),
        Fact("project", 2, 5, {"name": "A项目", "investment": 1}),
    ]
    out = Extractor([])._report(facts, c)
    assert [f.fields["investment"] for f in out] == [None, 1]
    assert all(f.sentence == (0, 6) for f in out)
