"""Demo indicators from published reports, and sample peers so that rankings have something to rank.

Published (source 文章摘录, not sample): the 示范区's 2016 results and 2017 targets (焦作日报,
2017-02-11); 马村区's shares and gaps of 2024 上半年 (焦作日报, 2024); the 示范区's 2020 前三季度
三次产业比 4.9∶45.9∶49.1. The reports state ranks, not the peers' rates: the peers' and 马村区's
growth rates behind those ranks are generated to match them and marked 示例数据.
"""

from decimal import Decimal as D

from core.context import acting_as
from org.demo import demo_admin
from org.models import Unit

from . import actions, catalogue
from .choices import Source
from .models import Indicator, ValidationRule
from .periods import Period

SFQ = "焦作城乡一体化示范区"
ARTICLE_2017 = "焦作日报 2017-02-11《示范区2017年工作会议隆重召开》"
ARTICLE_2024 = "焦作日报 2024《马村区：蝶变崛起的高质量发展之路》"
ARTICLE_2020 = "焦作日报 2021《示范区“十三五”发展成就》"

# 示范区, 2016 全年: indicator code → (level, growth %)
SFQ_2016 = {
    "gdp": (D("124.3"), D("9.9")),
    "industry_va": (D("83.9"), D("9.1")),
    "va_tertiary": (D("36.3"), D("13.1")),
    "fai": (D("163"), D("18.1")),
    "retail": (D("47.2"), D("12.8")),
    "trade": (D("3990"), D("7.4")),
    "fdi": (D("8913"), D("5.25")),
    "budget_revenue": (D("10.2"), D("8.2")),
}
# 示范区, 2017 targets: code → (kind, value, approximate, text)
SFQ_2017_TARGETS = {
    "gdp": ("growth", D("9"), True, "生产总值增长9%左右"),
    "industry_va": ("growth", D("9"), False, "规模以上工业增加值增长9%"),
    "va_tertiary": ("growth", D("10"), False, "第三产业增加值增长10%"),
    "budget_revenue": ("growth", D("8.5"), True, "一般公共预算收入增长8.5%左右"),
    "retail": ("growth", D("12.5"), False, "社会消费品零售总额增长12.5%"),
    "fai": ("growth", D("16.5"), False, "全社会固定资产投资增长16.5%"),
    "new_jobs": ("level", D("3200"), False, "城镇新增就业3200人以上"),
}
# Ranks stated for 马村区 in 2024 (上半年 GDP 城区第一; 1~7月 固投、社零城区第一, 规上工业增加值城区第二,
# 一般公共预算收入全市第三), with generated rates that reproduce them: unit → growth %.
SAMPLE_RATES = {
    ("gdp", 6): {"马村区": "7.8", "解放区": "5.9", "中站区": "6.3", "山阳区": "5.1", SFQ: "6.8", "焦作市": "5.6"},
    ("fai", 7): {"马村区": "15.2", "解放区": "4.1", "中站区": "9.6", "山阳区": "-2.3", SFQ: "12.0", "焦作市": "6.8"},
    ("retail", 7): {"马村区": "7.1", "解放区": "5.2", "中站区": "5.8", "山阳区": "5.2", SFQ: "6.4", "焦作市": "5.9"},
    ("industry_va", 7): {
        "马村区": "9.1",
        "解放区": "4.0",
        "中站区": "9.8",
        "山阳区": "6.2",
        SFQ: "8.7",
        "焦作市": "7.5",
    },
    ("budget_revenue", 7): {
        "马村区": "12.6",
        "解放区": "3.2",
        "中站区": "8.9",
        "山阳区": "4.4",
        SFQ: "9.3",
        "修武县": "13.8",
        "博爱县": "6.1",
        "武陟县": "12.9",
        "温县": "5.5",
        "沁阳市": "7.7",
        "孟州市": "10.4",
        "焦作市": "7.9",
    },
}


def _record(admin, indicator, unit, period, level, growth, *, label: str, sample: bool = False) -> None:
    """A figure as an article published it, or sample data: loaded past the checks and locks of entry."""
    actions.record_value(
        actor=admin, indicator=indicator, unit=unit, period=period, level=level, growth=growth,
        source=Source.ENTRY if sample else Source.ARTICLE, source_label=label, is_sample=sample,
        check_rules=False, respect_lock=False,
    )  # fmt: skip


def load(out) -> None:
    catalogue.ensure(Indicator, ValidationRule)  # gone after a `flush`; the migration seeds it otherwise
    admin = demo_admin()
    units = {u.name: u for u in Unit.objects.filter(kind__in=["city", "district", "zone"])}
    ind = {i.code: i for i in Indicator.objects.all()}
    with acting_as(admin):
        year_2016 = Period(2016)
        for code, (level, growth) in SFQ_2016.items():
            _record(admin, ind[code], units[SFQ], year_2016, level, growth, label=ARTICLE_2017)
        for code, (kind, value, approx, text) in SFQ_2017_TARGETS.items():
            actions.set_target(
                actor=admin,
                indicator=ind[code],
                unit=units[SFQ],
                year=2017,
                kind=kind,
                value=value,
                approximate=approx,
                text=text,
            )
        for (code, month), rates in SAMPLE_RATES.items():
            for name, rate in rates.items():
                period = Period(2024, "ytd", month)
                _record(admin, ind[code], units[name], period, None, D(rate), label="示例数据", sample=True)
        h1 = Period(2024, "ytd", 6)
        published = [
            ("industrial_investment", "马村区", None, D("102.4"), "上半年工业投资同比增长102.4%"),
            ("industrial_investment", "焦作市", None, D("23.7"), "马村区102.4%，高于全市平均水平78.7个百分点"),
            ("techreform_share", "马村区", D("44.4"), None, "技改投资占工业投资比重44.4%"),
            ("techreform_share", "焦作市", D("28.7"), None, "马村区44.4%，高于全市平均水平15.7个百分点"),
            ("hitech_share", "马村区", D("40.4"), None, "高新技术产业增加值占规上工业的比重达到40.4%"),
        ]
        for code, name, level, growth, note in published:
            _record(admin, ind[code], units[name], h1, level, growth, label=f"{ARTICLE_2024}：{note}")
        label = f"{ARTICLE_2024}：比上年提高3.3个百分点（40.4−3.3）"
        _record(admin, ind["hitech_share"], units["马村区"], Period(2023, "ytd", 6), D("37.1"), None, label=label)
        # 三次产业比 4.9∶45.9∶49.1 is published; the levels behind it are not: sample levels in that ratio.
        q3 = Period(2020, "ytd", 9)
        for code, level in (("va_primary", "4.9"), ("va_secondary", "45.9"), ("va_tertiary", "49.1")):
            label = f"示例数据，按{ARTICLE_2020}所载三次产业比 4.9∶45.9∶49.1 构造"
            _record(admin, ind[code], units[SFQ], q3, D(level), None, label=label, sample=True)
    out.write("  指标：示范区2016年主要指标与2017年目标、马村区2024年排名与比重")
