import datetime
import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from supervision import gbt9704 as g
from supervision.gbt9704 import Heading, OfficialDocument, Paragraph, Table, render

ISSUER = "马村区重点项目建设指挥部办公室"


def _doc(**changes) -> OfficialDocument:
    values = {
        "issuer": ISSUER,
        "number": "马项办〔2026〕3号",
        "title": "关于2026年第一季度重点项目\n推进情况的通报",
        "recipients": "各乡镇（街道）、区直各有关单位：",
        "blocks": [
            Heading(1, "总体情况"),
            Paragraph("一季度，全区重点项目完成投资12.6亿元。"),
            Heading(2, "新开工项目"),
            Heading(2, "续建项目"),
            Heading(3, "城东片区"),
            Heading(4, "道路工程"),
            Heading(4, "管网工程"),
            Heading(3, "城西片区"),
            Heading(1, "存在问题"),
            Heading(2, "要素保障不足"),
            Table(
                header=["项目名称", "计划投资（万元）", "完成投资（万元）"],
                rows=[["城东道路", "12,000", "3,450"], ["城西管网", "8,000", "2,100"]],
                caption="表1 重点项目投资完成情况",
                numeric={1, 2},
            ),
        ],
        "signer": ISSUER,
        "date": datetime.date(2026, 5, 8),
        "copy_to": "区委办公室，区政府办公室",
        "printed_by": ISSUER,
    }
    return OfficialDocument(**{**values, **changes})


def _read(doc: OfficialDocument):
    return docx.Document(io.BytesIO(render(doc)))


def _paragraph(document, text: str):
    return next(p for p in document.paragraphs if p.text == text)


def _font(run) -> tuple[str, Pt, bool]:
    fonts = run._r.rPr.rFonts
    return fonts.get(qn("w:eastAsia")), run.font.size, bool(run.font.bold)


def test_it_lays_out_an_a4_page_with_the_standard_margins():
    section = _read(_doc()).sections[0]

    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert section.page_width.twips == Mm(210).twips and section.page_height.twips == Mm(297).twips
    assert [m.twips for m in (section.top_margin, section.bottom_margin)] == [Mm(37).twips, Mm(35).twips]
    assert [m.twips for m in (section.left_margin, section.right_margin)] == [Mm(28).twips, Mm(26).twips]
    width = section.page_width - section.left_margin - section.right_margin
    height = section.page_height - section.top_margin - section.bottom_margin
    assert abs(width - Mm(156)) < Mm(0.1) and abs(height - Mm(225)) < Mm(0.1)


def test_it_sets_a_grid_of_22_lines_of_28_characters():
    grid = _read(_doc()).sections[0]._sectPr.find(qn("w:docGrid"))

    assert grid.get(qn("w:type")) == "linesAndChars"
    assert (grid.get(qn("w:linePitch")), grid.get(qn("w:charSpace"))) == ("579", "-842")
    # Worked figures: the block is 12756 x 8845 twips; the pitches are the largest that still fit.
    assert 22 * 579 <= 12756 < 22 * 580
    pitch = lambda char_space: 320 + char_space * 20 / 4096  # noqa: E731 — twips per grid character
    assert 28 * pitch(-842) <= 8845 < 28 * pitch(-841)


def test_it_makes_the_body_font_the_default_the_grid_is_measured_against():
    styles = _read(_doc()).styles.element
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")

    assert rpr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == g.FONT_BODY
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == "32"


def test_it_sets_fonts_and_sizes_of_title_body_and_headings():
    document = _read(_doc())

    title = next(p for p in document.paragraphs if p.text.startswith("关于"))
    assert title.text == "关于2026年第一季度重点项目\n推进情况的通报"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {_font(r) for r in title.runs} == {(g.FONT_TITLE, Pt(22), False)}
    body = _paragraph(document, "一季度，全区重点项目完成投资12.6亿元。")
    assert _font(body.runs[0]) == (g.FONT_BODY, Pt(16), False)
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.paragraph_format.line_spacing.twips == 579
    assert body._p.pPr.ind.get(qn("w:firstLineChars")) == "200"
    assert _font(_paragraph(document, "一、总体情况").runs[0]) == (g.FONT_H1, Pt(16), False)
    assert _font(_paragraph(document, "（一）新开工项目").runs[0]) == (g.FONT_H2, Pt(16), False)
    assert _font(_paragraph(document, "1.城东片区").runs[0]) == (g.FONT_BODY, Pt(16), True)
    assert _font(_paragraph(document, "（1）道路工程").runs[0]) == (g.FONT_BODY, Pt(16), False)


def test_it_names_the_east_asian_and_latin_font_of_every_run():
    document = _read(_doc())
    parts = [
        document.element.body,
        document.sections[0].footer._element,
        document.sections[0].even_page_footer._element,
    ]

    runs = [r for part in parts for r in part.iter(qn("w:r"))]
    assert len(runs) > 30
    for run in runs:
        fonts = run.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) and fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi"))


def test_it_numbers_headings_like_an_outline():
    document = _read(_doc())
    # Headings are the indented paragraphs kept with the next one.
    headings = [p.text for p in document.paragraphs if p.paragraph_format.keep_with_next and p._p.pPr.ind is not None]

    assert headings == [
        "一、总体情况",
        "（一）新开工项目",
        "（二）续建项目",
        "1.城东片区",
        "（1）道路工程",
        "（2）管网工程",
        "2.城西片区",
        "二、存在问题",
        "（一）要素保障不足",
    ]
    assert [g.chinese_numeral(n) for n in (1, 9, 10, 11, 20, 21, 99)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十一",
        "九十九",
    ]


def test_it_rejects_a_heading_level_it_cannot_number():
    with pytest.raises(ValueError, match="Heading level must be 1 to 4, not 5"):
        Heading(5, "细项")


def test_it_numbers_pages_in_odd_and_even_footers():
    document = _read(_doc())
    settings = document.settings.element
    section = document.sections[0]

    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    for footer, alignment, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "rightChars"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "leftChars"),
    ):
        p = footer.paragraphs[0]
        assert p.text == "— 1 —"
        assert p.alignment == alignment
        assert p._p.pPr.ind.get(qn(f"w:{side}")) == "100"  # 1 character in from the edge
        fields = [e.get(qn("w:fldCharType")) for e in p._p.iter(qn("w:fldChar"))]
        assert fields == ["begin", "separate", "end"]
        assert [e.text.strip() for e in p._p.iter(qn("w:instrText"))] == ["PAGE"]
        assert {_font(r) for r in p.runs} == {(g.FONT_PAGE, Pt(14), False)}


def test_it_writes_the_number_with_hexagonal_brackets_under_the_issuer():
    document = _read(_doc(number="马项办[2026]3号"))
    issuer, number = document.paragraphs[:2]

    assert issuer.text == ISSUER
    assert issuer.runs[0].font.color.rgb == g.RED
    assert _font(issuer.runs[0])[0] == g.FONT_TITLE
    assert issuer.runs[0].font.size * len(ISSUER) <= g.TEXT_WIDTH  # one line
    assert number.text == "马项办〔2026〕3号"
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    rule = number._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}")
    assert rule.get(qn("w:color")) == "FF0000"
    assert g.format_number("马项办（2026）12号") == "马项办〔2026〕12号"


def test_it_writes_the_date_in_arabic_numerals_under_the_signer():
    document = _read(_doc(signer="马村区人民政府"))
    texts = [p.text for p in document.paragraphs]
    signer, date = (document.paragraphs[texts.index("马村区人民政府") + i] for i in (0, 1))

    assert date.text == "2026年5月8日"
    assert g.format_date(datetime.date(2026, 1, 5)) == "2026年1月5日"
    assert signer.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # The date is longer (7 vs 6 characters): it keeps 2 characters to the right and its first
    # character stays 2 characters right of the signer's first.
    right = lambda p: int(p._p.pPr.ind.get(qn("w:rightChars"))) / 100  # noqa: E731
    assert right(date) == 2
    assert (right(signer) + 7) - (right(date) + 6) == 2


def test_it_keeps_the_signer_two_characters_from_the_right_when_it_is_longer():
    document = _read(_doc())
    texts = [p.text for p in document.paragraphs]
    signer = document.paragraphs[texts.index(ISSUER, 1)]
    date = _paragraph(document, "2026年5月8日")

    assert signer.paragraph_format.space_before.twips == 579  # one blank line under the body
    assert signer._p.pPr.ind.get(qn("w:rightChars")) == "200"
    assert date._p.pPr.ind.get(qn("w:rightChars")) == "900"  # 15 + 2 - 2 - 6


def test_it_renders_a_table_with_a_repeated_header_and_right_aligned_numbers():
    document = _read(_doc())
    table = document.tables[0]

    assert [c.text for c in table.rows[0].cells] == ["项目名称", "计划投资（万元）", "完成投资（万元）"]
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == [
        ["城东道路", "12,000", "3,450"],
        ["城西管网", "8,000", "2,100"],
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(_font(c.paragraphs[0].runs[0]) == (g.FONT_BODY, Pt(14), True) for c in table.rows[0].cells)
    cells = table.rows[1].cells
    assert [c.paragraphs[0].alignment for c in cells] == [WD_ALIGN_PARAGRAPH.LEFT] + [WD_ALIGN_PARAGRAPH.RIGHT] * 2
    assert _font(cells[1].paragraphs[0].runs[0]) == (g.FONT_BODY, Pt(14), False)
    tbl_pr = table._tbl.tblPr
    assert tbl_pr.find(qn("w:tblW")).get(qn("w:w")) == str(g.TEXT_WIDTH.twips)
    borders = tbl_pr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"} and len(borders) == 6
    caption = _paragraph(document, "表1 重点项目投资完成情况")
    assert caption._p.getnext() is table._tbl


def test_it_rejects_a_table_row_of_the_wrong_width():
    with pytest.raises(ValueError, match="Table row 2 has 1 cells, the header has 2"):
        Table(header=["项目", "投资"], rows=[["甲", "1"], ["乙"]])


def test_it_writes_the_record_with_copy_to_and_printing():
    table = _read(_doc()).tables[-1]

    assert [r.cells[0].text for r in table.rows] == ["抄送：区委办公室，区政府办公室。", f"{ISSUER}\t2026年5月8日印发"]
    borders = {b.tag.split("}")[1]: b.get(qn("w:sz")) for b in table._tbl.tblPr.find(qn("w:tblBorders"))}
    assert borders == {"top": "8", "bottom": "8", "insideH": "6"}


def test_it_leaves_out_the_red_header_recipients_and_record_when_empty():
    document = _read(_doc(issuer="", number="", recipients="", copy_to="", printed_by=""))
    body = document.element.body

    assert document.paragraphs[0].text.startswith("关于")
    assert document.paragraphs[0].paragraph_format.space_before == 0
    assert not any(p.text.endswith("：") for p in document.paragraphs)
    assert not [c for c in body.iter(qn("w:color")) if c.get(qn("w:val")) == "FF0000"]
    assert body.find(f".//{qn('w:pBdr')}") is None
    assert len(document.tables) == 1  # only the data table, no record


def test_it_adds_the_colon_after_the_recipients():
    document = _read(_doc(recipients="各乡镇（街道）"))

    assert _paragraph(document, "各乡镇（街道）：").paragraph_format.space_before.twips == 579


def _runs(document):
    body = document.element.body
    yield from body.iter(qn("w:r"))
    for section in document.sections:
        for footer in (section.footer, section.even_page_footer):
            yield from footer._element.iter(qn("w:r"))


def test_it_makes_every_run_simplified_chinese_and_no_part_japanese():
    document = _read(_doc())
    langs = {r.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:eastAsia")) for r in _runs(document)}
    assert langs == {"zh-CN"}
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    assert theme_lang.get(qn("w:eastAsia")) == "zh-CN"
    package = document.part.package
    theme = next(p for p in package.iter_parts() if str(p.partname) == "/word/theme/theme1.xml").blob.decode()
    assert "ja-JP" not in theme and "ＭＳ 明朝" not in theme and 'typeface="仿宋_GB2312"' in theme
    normal = document.styles["Normal"].element.rPr
    assert normal.find(qn("w:sz")).get(qn("w:val")) == "32"  # the grid's font, where LibreOffice looks
    assert normal.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    themed = [f for f in document.styles.element.iter(qn("w:rFonts")) if f.get(qn("w:eastAsiaTheme"))]
    assert themed == []


def test_it_names_each_font_with_its_fallbacks_in_the_font_table():
    document = _read(_doc())
    table = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = docx.oxml.parse_xml(table.blob)
    fonts = {f.get(qn("w:name")): f for f in root.iter(qn("w:font"))}

    def chain(name):
        out = [name]
        while (alt := fonts[out[-1]].find(qn("w:altName"))) is not None:
            out.append(alt.get(qn("w:val")))
        return out

    assert chain("仿宋_GB2312") == ["仿宋_GB2312", "仿宋", "FangSong"]
    assert chain("方正小标宋简体") == ["方正小标宋简体", "小标宋", "SimSun"]
    assert chain("楷体_GB2312") == ["楷体_GB2312", "楷体", "KaiTi"]
    assert {fonts[n].find(qn("w:charset")).get(qn("w:val")) for n in ("仿宋_GB2312", "方正小标宋简体")} == {"86"}
    assert "ＭＳ 明朝" not in fonts


def test_it_condenses_body_text_so_that_28_characters_fill_the_line():
    document = _read(_doc())
    body = _paragraph(document, "一季度，全区重点项目完成投资12.6亿元。")
    spacing = body.runs[0]._r.rPr.find(qn("w:spacing"))
    pitch = 16 + int(spacing.get(qn("w:val"))) / 20  # points per character
    width = g.TEXT_WIDTH.twips / 20
    assert 28 * pitch <= width < 29 * pitch
    # no paragraph snaps to the character grid (LibreOffice would give a character two cells)
    snaps = {p._p.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) for p in document.paragraphs}
    assert snaps == {"0"}


def test_it_sizes_the_masthead_to_stay_on_one_line():
    for issuer in (
        ISSUER,
        "焦作市重点项目建设指挥部办公室",
        "中共焦作市马村区委员会焦作市马村区人民政府重点项目建设指挥部办公室",
    ):
        masthead = _paragraph(_read(_doc(issuer=issuer)), issuer)
        size = masthead.runs[0].font.size.pt
        assert size * g.text_width(issuer) <= g.TEXT_WIDTH.pt and size <= 36
        assert masthead.runs[0].font.color.rgb == g.RED
    assert _paragraph(_read(_doc(issuer="马村区人民政府")), "马村区人民政府").runs[0].font.size.pt == 36


def test_it_shows_the_signatory_in_the_masthead_of_a_document_to_a_higher_level():
    document = _read(_doc(upward=True, signatory="杨磊"))
    line = next(p for p in document.paragraphs if p.text.startswith("马项办〔2026〕3号"))
    assert line.text == "马项办〔2026〕3号\t签发人：杨磊"
    assert _font(line.runs[-1])[0] == "楷体_GB2312"
    assert line.paragraph_format.tab_stops[0].alignment == g.WD_TAB_ALIGNMENT.RIGHT
    assert line._p.pPr.find(qn("w:pBdr")) is not None  # the red rule under it
    downward = _read(_doc(signatory="杨磊"))
    assert not any("签发人" in p.text for p in downward.paragraphs)


def test_it_writes_the_attachments_and_the_note():
    document = _read(_doc(attachments=["重点项目推进情况表", "逾期督办事项清单"], note="此件公开发布"))
    texts = [p.text for p in document.paragraphs]
    first = texts.index("附件：1.重点项目推进情况表")
    assert texts[first + 1] == "2.逾期督办事项清单" and texts.index("2026年5月8日") > first
    assert texts[texts.index("2026年5月8日") + 1] == "（此件公开发布）"
    ind = _paragraph(document, "2.逾期督办事项清单")._p.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:leftChars")) == "500"  # under the first attachment's name
    single = _read(_doc(attachments=["重点项目推进情况表"]))
    assert "附件：重点项目推进情况表" in [p.text for p in single.paragraphs]


def test_it_floats_the_record_at_the_foot_of_the_last_page():
    document = _read(_doc())
    record = document.tables[-1]
    position = record._tbl.tblPr.find(qn("w:tblpPr"))
    assert position.get(qn("w:vertAnchor")) == "margin" and position.get(qn("w:tblpYSpec")) == "bottom"
    heights = [int(r._tr.trPr.find(qn("w:trHeight")).get(qn("w:val"))) for r in record.rows]
    assert int(position.get(qn("w:tblpY"))) + sum(heights) == g.TEXT_HEIGHT.twips
    assert int(position.get(qn("w:tblpX"))) == g.MARGIN_LEFT.twips
    # a long 抄送 takes two lines, and its row is as high
    long = _read(
        _doc(copy_to="、".join(["区委办公室", "区人大常委会办公室", "区政府办公室", "区政协办公室", "区纪委监委"]))
    )
    rows = long.tables[-1].rows
    assert int(rows[0]._tr.trPr.find(qn("w:trHeight")).get(qn("w:val"))) > heights[0]


def test_the_record_can_be_taken_to_a_page_of_its_own():
    for moved in (False, True):
        doc = docx.Document(io.BytesIO(render(_doc(record_on_new_page=moved))))
        anchor = doc.paragraphs[-1]  # the 版记 floats at the foot of its anchor's page
        assert bool(anchor.paragraph_format.page_break_before) is moved


def test_it_counts_the_pages_of_a_pdf():
    from core.office import page_count

    assert page_count(b"%PDF-1.6\n2 0 obj\n<</Type/Pages/Kids[3 0 R 4 0 R]/Count 2>>\nendobj\n") == 2
    assert page_count(b"<< /Count 5 /Kids [3 0 R] /Type /Pages >>") == 5
    assert page_count(b"not a pdf") is None
