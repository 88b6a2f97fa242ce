"""Extraction on worked sentences of the kind published reports use."""

import pytest

from ingest.extract import Extractor, chinese_number, default_entries, document_date

EX = Extractor(default_entries())


def facts(text, kind):
    found = [f for f in EX.extract(text) if f.type == kind]
    for f in found:
        assert f.start < f.end
    return found


def test_amounts_in_every_unit_with_offsets_into_the_original():
    text = "总投资557.6亿\n元；引资5300万美元；减免税费1.77亿元；投资十二亿元；资金2,500万元；3亿美元。"
    found = facts(text, "amount")
    assert [(f.fields["value"], f.fields["currency"]) for f in found] == [
        (55760000000, "CNY"),
        (53000000, "USD"),
        (177000000, "CNY"),
        (1200000000, "CNY"),
        (25000000, "CNY"),
        (300000000, "USD"),
    ]
    assert text[found[0].start : found[0].end] == "557.6亿\n元"


def test_chinese_numerals():
    assert chinese_number("十二") == 12 and chinese_number("一百零五") == 105 and chinese_number("三点五") == 3.5
    assert chinese_number("两千") == 2000 and chinese_number("二十") == 20


def test_percentages_and_percentage_points_are_not_confused():
    found = facts("技改投资占比44.4%，高于全市平均水平15.7个百分点。", "percent")
    assert [(f.fields["value"], f.fields["unit"]) for f in found] == [(44.4, "%"), (15.7, "pp")]


def test_a_years_results_with_levels_and_growth():
    text = "会议指出，2016年，全\n区生产总值 124.3 亿元，比上年增长\n9.9%；进出口总值3990万美元，比上年增长7.4%。"
    found = facts(text, "indicator")
    gdp, trade = found
    expected = {"name": "地区生产总值", "year": 2016, "through_month": 12, "value": 12430000000, "currency": "CNY"}
    assert gdp.fields == {**expected, "unit": None, "growth_pct": 9.9, "rank": None, "target": False}
    assert text[gdp.start : gdp.end] == "全\n区生产总值 124.3 亿元，比上年增长\n9.9%"
    assert trade.fields["value"] == 39900000 and trade.fields["currency"] == "USD"


def test_targets_are_flagged():
    found = facts("2017年的主要预期目标是：生产总值增长9%左右，城镇新增就业3200人以上。", "indicator")
    assert [(f.fields["name"], f.fields["growth_pct"], f.fields["value"], f.fields["target"]) for f in found] == [
        ("地区生产总值", 9, None, True),
        ("城镇新增就业", None, 3200, True),
    ]
    assert found[1].fields["unit"] == "人"


def test_ranks_periods_from_context_and_shared_predicates():
    text = (
        "2024年10月1日 星期二\n今年上半年，马村区GDP增速全市城区第一；1~7月份，"
        "固定资产投资、社会消费品零售总额增速均排名全市城区第一，一般公共预算收入增速排名全市第三。"
        "前三季度规上工业增加值下降2.1%。"
    )
    found = {f.fields["name"]: f.fields for f in facts(text, "indicator")}
    assert (found["地区生产总值"]["year"], found["地区生产总值"]["through_month"], found["地区生产总值"]["rank"]) == (
        2024,
        6,
        1,
    )
    assert found["固定资产投资"]["rank"] == 1 and found["社会消费品零售总额"]["rank"] == 1
    assert found["社会消费品零售总额"]["through_month"] == 7
    assert found["一般公共预算收入"]["rank"] == 3
    assert found["规模以上工业增加值"]["growth_pct"] == -2.1 and found["规模以上工业增加值"]["through_month"] == 9
    assert document_date(text).isoformat() == "2024-10-01"


def test_projects_with_their_investment():
    text = (
        "其中，投资60亿元的万达广场、投资25亿元的衡水泰华教育综合体项目（志臻中学）、"
        "20亿元的中城开农业综合体等一批大项目落户。"
    )
    found = facts(text, "project")
    assert [(f.fields["name"], f.fields["investment"]) for f in found] == [
        ("万达广场", 6000000000),
        ("衡水泰华教育综合体项目（志臻中学）", 2500000000),
        ("中城开农业综合体", 2000000000),
    ]


def test_kinds_and_counts_of_projects_are_not_projects():
    text = "全年谋划实施重点项目155个，对接洽谈45个亿元项目，一批大项目落地，市“三十工程”——白鹤湖智慧岛项目开工。"
    assert [f.fields["name"] for f in facts(text, "project")] == ["白鹤湖智慧岛项目"]


def _page(name):
    from pathlib import Path

    text = (Path(__file__).parent / name).read_text(encoding="utf-8")
    return text, EX.extract(text)


def test_a_county_page_written_for_these_tests():
    # Our own page in the style of such reports (not one the patterns were tuned on).
    text, found = _page("page_county_2023.txt")
    indicators = [
        (
            f.fields["name"],
            f.fields["through_month"],
            f.fields["value"],
            f.fields["growth_pct"],
            f.fields["rank"],
            f.fields["target"],
        )
        for f in found
        if f.type == "indicator"
    ]
    assert indicators == [
        ("固定资产投资", 5, None, 12.6, 3, False),
        ("进出口总值", 5, 230000000, 18, None, False),
        ("实际利用外资", 5, 120000000, None, None, False),
        ("地区生产总值", 3, 8650000000, 5.2, None, False),
        ("固定资产投资", 12, None, 10, None, True),
    ]
    projects = [(f.fields["name"], f.fields["investment"]) for f in found if f.type == "project"]
    assert projects == [
        ("河南金丹科技年产5万吨聚乳酸项目", None),
        ("县第二人民医院整体搬迁项目", None),
        ("产业集聚区标准化厂房三期工程", None),
        ("河南金丹科技年产5万吨聚乳酸项目", 1200000000),
    ]
    assert all(text[f.start : f.end] for f in found)


def test_a_district_page_written_for_these_tests():
    _text, found = _page("page_district_2025.txt")
    projects = [(f.fields["name"], f.fields["investment"]) for f in found if f.type == "project"]
    assert projects == [
        ("比亚迪动力电池项目", 1500000000),
        ("多氟多新材料产业园二期项目", 860000000),
        ("中原高速服务区改造工程", None),
        ("人民医院新院区", None),
    ]
    gdp = next(f.fields for f in found if f.type == "indicator")
    assert (gdp["year"], gdp["through_month"], gdp["value"], gdp["growth_pct"], gdp["rank"]) == (
        2025,
        9,
        18640000000,
        6.8,
        2,
    )
    revenue = next(f.fields for f in found if f.type == "indicator" and f.fields["name"] == "一般公共预算收入")
    assert revenue["growth_pct"] == -3.2


def test_counts_of_projects_and_gaps_to_a_reference_unit_are_facts():
    text = (
        "全年实施重点项目120个，对接洽谈45个亿元项目。"
        "增速高于全市平均水平2.1个百分点，低于全省1.2个百分点，比上年提高3.3个百分点。"
    )
    assert [(f.fields["subject"], f.fields["value"]) for f in facts(text, "count")] == [
        ("实施重点项目", 120),
        ("对接洽谈亿元项目", 45),
    ]
    gaps = facts(text, "gap")
    assert [(f.fields["reference"], f.fields["value"], f.fields["unit"]) for f in gaps] == [
        ("全市平均水平", 2.1, "pp"),
        ("全省", -1.2, "pp"),
    ]  # a change over last year is not a gap to another unit
    assert text[gaps[0].start : gaps[0].end] == "高于全市平均水平2.1个百分点"
    # The percentage points themselves are still reported as the contract's `percent` facts.
    assert [f.fields["value"] for f in facts(text, "percent")] == [2.1, 1.2, 3.3]


RESPECTIVELY = (
    "2023年，第一产业增加值、第二产业增加值分别为9.3亿元和112.4亿元，分别增长3.1%和7.2%。"
    "城镇、农村居民人均可支配收入分别达到35210元和18940元，分别增长4.9%和6.8%。"
    "规模以上工业总产值、营业收入分别比上年增长9.2%和7.6%。"
)
RATES_AFTER_LEVELS = (
    "2023年前三季度，第一产业增加值6.8亿元，第二产业增加值326.5亿元。三次产业分别增长3.6%和3.9%。"
    "地区生产总值4166.3亿元。按可比价计算，同比增长4.6%。城乡居民人均可支配收入分别达到32170元和17650元，"
    "分别增长5.1%和7.3%。"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            RESPECTIVELY,
            [
                ("第一产业增加值", 930000000, 3.1),
                ("第二产业增加值", 11240000000, 7.2),
                ("城镇居民人均可支配收入", 35210, 4.9),
                ("农村居民人均可支配收入", 18940, 6.8),
                ("规模以上工业总产值", None, 9.2),
            ],
            id="respectively pairs levels and rates by position",
        ),
        pytest.param(
            RATES_AFTER_LEVELS,
            [
                ("第一产业增加值", 680000000, 3.6),
                ("第二产业增加值", 32650000000, 3.9),
                ("地区生产总值", 416630000000, 4.6),
                ("城镇居民人均可支配收入", 32170, 5.1),
                ("农村居民人均可支配收入", 17650, 7.3),
            ],
            id="rates given after their levels",
        ),
    ],
)
def test_levels_and_rates_pair_up(text, expected):
    found = [(f.fields["name"], f.fields["value"], f.fields["growth_pct"]) for f in facts(text, "indicator")]
    assert found == expected


def test_a_list_of_goals_and_a_period_of_comparison():
    found = facts(
        "2024年主要预期目标是：地区生产总值增长6%左右；固定资产投资增长10%；城镇新增就业3.5万人。", "indicator"
    )
    assert [(f.fields["name"], f.fields["target"]) for f in found] == [
        ("地区生产总值", True),
        ("固定资产投资", True),
        ("城镇新增就业", True),
    ]
    assert found[2].fields["value"] == 35000
    text = "2024年上半年，固定资产投资增长3.7%，增速比一季度提高1.2个百分点。社会消费品零售总额增长5.1%。"
    assert [f.fields["through_month"] for f in facts(text, "indicator")] == [6, 6]


def test_a_date_line_under_a_title_is_not_the_period():
    text = (
        "2023年某市统计公报\n\n某市统计局\n2024年3月28日\n\n"
        "一、综合\n\n全年全市地区生产总值485.32亿元，比上年增长6.3%。"
    )
    (gdp,) = facts(text, "indicator")
    assert (gdp.fields["year"], gdp.fields["through_month"]) == (2023, 12)


def test_project_names_start_after_the_verb_and_the_place():
    text = (
        "我县举行2023年第三季度重大项目集中开工活动。区政府表示，将推动兰山高端医疗器械产业园项目早日投用。"
        "督促太平湾综合物流园项目加快办理用地手续。园洲镇深圳光明科学城配套产业园项目进展缓慢。"
        "1-6月项目开工率达到87.6%。各地争取更多项目上重点建设项目盘子。观摩团来到播州区中医院迁建工程现场。"
        "美的库卡智能制造科技园三期项目建成。采煤沉陷区综合治理工程完工。"
    )
    names = [f.fields["name"] for f in facts(text, "project")]
    assert names == [
        "兰山高端医疗器械产业园项目",
        "太平湾综合物流园项目",
        "深圳光明科学城配套产业园项目",
        "播州区中医院迁建工程",
        "美的库卡智能制造科技园三期项目",
        "采煤沉陷区综合治理工程",
    ]


def test_an_investment_is_linked_to_the_project_of_its_clause():
    text = (
        "梅河口医药健康产业园二期项目建成投产，总投资15亿元。秀水河流域综合治理工程（总投资3.2亿元）尚未开工。"
        "比亚迪新能源汽车零部件产业园项目一片繁忙。该项目总投资42亿元。"
        "城区污水处理厂提标改造项目年度计划投资1.2亿元，仅完成0.15亿元。"
        "现场签约了陕汽商用车智能工厂项目、隆基光伏组件扩产项目，分别总投资25亿元、16亿元。"
        "此次开工的12个项目总投资86.7亿元，主会场设在临沂商城国际物流园项目现场。"
    )
    found = [(f.fields["name"], f.fields["investment"]) for f in facts(text, "project")]
    assert found == [
        ("梅河口医药健康产业园二期项目", 1500000000),
        ("秀水河流域综合治理工程", 320000000),
        ("比亚迪新能源汽车零部件产业园项目", 4200000000),
        ("城区污水处理厂提标改造项目", None),
        ("陕汽商用车智能工厂项目", 2500000000),
        ("隆基光伏组件扩产项目", 1600000000),
        ("临沂商城国际物流园项目", None),
    ]


def test_the_sentence_shown_for_review_reaches_the_investment():
    text = "比亚迪新能源汽车零部件产业园项目一片繁忙。该项目总投资42亿元。其他内容。"
    (project,) = facts(text, "project")
    start, end = project.sentence
    assert text[start:end] == "比亚迪新能源汽车零部件产业园项目一片繁忙。该项目总投资42亿元。"
