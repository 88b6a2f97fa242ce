"""Demo attraction leads, activities and 上争 bids, from the published reports on 马村区.

From the reports: the named deals and their amounts (衡水泰华 25亿元, 中城开 20亿元, 健康元 医药产业园
25亿元 and 研究院 8亿元, the 33.8亿元 signed at the 2020 Shenzhen ceremony, 万达广场 60亿元), the date
of the 衡水泰华 signing, the 2020 funnel ("对接洽谈45个亿元项目，意向资金325亿元，签约11个，总投资95亿元"
by the end of November, "签约亿元以上项目12个，总投资117.8亿元" for the year), the 2020 bids (57 fund
bids packaged by the end of November, 153.8亿元 of projects, 11.8亿元 granted; 85 in the year; 专项债
13.6亿元) and those reported in October 2024 (政策5项、项目48个、资金5.1亿元、平台19项、荣誉11项; nine
中央预算内 projects granted 3.2亿元), counted here as January–September 2024.

Invented so that those totals add up, and marked 示例数据 (is_sample): the unnamed leads and bids,
the split of the Shenzhen 33.8亿元 between its three deals, and every amount not stated. Dates the
reports do not give are placeholders within the stated period. Re-running adds nothing twice.
"""

from datetime import date, timedelta

from core.context import acting_as
from org.demo import demo_admin
from org.models import Person, Unit
from projects import actions as project_actions
from projects.choices import Stage as ProjectStage
from projects.models import Project

from . import actions
from .chains import ensure as ensure_chains
from .choices import ActivityKind, BidKind, FundType, GrantLevel, LeadStage
from .models import Activity, IndustryChain, Lead, SupportBid

YI = 100_000_000
WAN = 10_000


def _yi(text: str) -> int:
    """ "33.8" → 3_380_000_000 元, without floats."""
    whole, _dot, frac = text.partition(".")
    return int(whole) * YI + int((frac + "0000")[:4]) * YI // 10_000 if frac else int(whole) * YI


# title, kind, date, place, leader
ACTIVITIES = [
    ("赴万达集团对接洽谈", ActivityKind.OUTBOUND, date(2019, 5, 16), "北京", "宗家桢"),
    ("赴阿里巴巴对接洽谈", ActivityKind.OUTBOUND, date(2020, 6, 10), "杭州", "宗家桢"),
    ("赴深圳健康元药业集团对接洽谈", ActivityKind.OUTBOUND, date(2020, 3, 12), "深圳", "杨磊"),
    ("马村区政府与衡水泰华教育集团签约仪式", ActivityKind.SIGNING, date(2020, 4, 28), "马村区", "杨磊"),
    ("2020年焦作市首届院（校）地科技合作洽谈会", ActivityKind.EVENT, date(2020, 7, 23), "焦作", "杨磊"),
    ("2020焦作（深圳）招商推介暨项目签约仪式", ActivityKind.SIGNING, date(2020, 9, 18), "深圳", "宗家桢"),
]

# name, investor, origin, (500强, 龙头, 上市), chain, amount (亿元), unit, leader, talks, intent, signed,
# signing activity, landing (date, existing project code or new-project spec), sample
NAMED = [
    ("焦作世合万达广场城市综合体", "万达集团", "北京", (True, True, True), "商贸物流", "60", "马村区", "宗家桢",
     date(2019, 5, 16), date(2019, 8, 20), date(2019, 11, 8), None, (date(2020, 4, 20), "MC-004"), False),
    ("衡水泰华教育综合体项目（志臻中学）", "衡水泰华教育集团", "河北衡水", (False, True, False), "高端教育", "25",
     "马村区", "杨磊", date(2020, 1, 9), date(2020, 3, 2), date(2020, 4, 28),
     "马村区政府与衡水泰华教育集团签约仪式", (date(2020, 10, 9), "MC-003"), False),
    ("中城开田园综合体", "中城开", "北京", (False, False, False), "现代农业", "20", "安阳城街道", "杨磊",
     date(2020, 1, 16), date(2020, 2, 20), date(2020, 4, 10), None, (date(2020, 4, 26), "MC-005"), False),
    ("深圳健康元药业生物医药产业园", "健康元药业集团股份有限公司", "广东深圳", (False, True, True), "医药", "25",
     "马村区", "宗家桢", date(2020, 3, 12), date(2020, 6, 18), date(2020, 9, 18),
     "2020焦作（深圳）招商推介暨项目签约仪式", (date(2021, 3, 18), "MC-001"), False),
    ("维生素B2生产项目", "健康元药业集团股份有限公司", "广东深圳", (False, True, True), "医药", "5", "马村区",
     "宗家桢", date(2020, 3, 12), date(2020, 6, 18), date(2020, 9, 18), "2020焦作（深圳）招商推介暨项目签约仪式",
     (date(2020, 9, 30), {"code": "MC-009", "level": "district", "category": "industry", "nature": "new"}), True),
    ("中草药种植基地及深加工项目", "四川光大制药有限公司", "四川", (False, False, False), "医药", "3.8", "待王街道",
     "杨磊", date(2020, 5, 6), date(2020, 7, 1), date(2020, 9, 18), "2020焦作（深圳）招商推介暨项目签约仪式",
     None, True),
    ("健康元生物医药研究院", "健康元药业集团股份有限公司", "广东深圳", (False, True, True), "医药", "8", "马村区",
     "宗家桢", date(2020, 3, 12), date(2020, 5, 20), date(2020, 7, 23), "2020年焦作市首届院（校）地科技合作洽谈会",
     (date(2020, 8, 1), "MC-006"), False),
]  # fmt: skip

# Unnamed deals signed in 2020 (示例数据): 8.2亿元 by the end of November, 22.8亿元 in December.
SIGNED_SAMPLES = ["1.5", "1.2", "2", "1.8", "1.7"]
DECEMBER_SAMPLE = "22.8"
# Leads in talks or intention, or dropped (示例数据): 33 leads of 207.2亿元, so that the 45 leads
# first met in 2020 intend 325亿元 in all.
OPEN_SAMPLES = [
    "12", "8", "6.5", "10", "3", "15", "5", "4.2", "9", "7", "2.5", "11", "6", "3.5", "8.5", "5.5", "4",
    "10.5", "2", "7.5", "6", "3", "5", "4.5", "9.5", "2.8", "6.2", "3.7", "5.8", "4.3", "3.2", "1.5", "11",
]  # fmt: skip
SMALL_SAMPLES = ["0.5", "0.3"]  # below 1亿元: not counted among "亿元项目"
CHAINS = ["医药", "铝精深加工及装备制造", "绿色建材", "新材料", "商贸物流", "文化旅游"]
UNITS = ["马村区", "冯营街道", "安阳城街道", "待王街道"]
LEADERS = ["宗家桢", "杨磊"]
DROP_REASONS = ["投资方调整战略布局", "用地条件不满足", "环评要求未达到"]


def load(stdout) -> None:
    admin = demo_admin()
    units = {name: Unit.objects.get(name=name) for name in UNITS}
    people = {name: Person.objects.filter(name=name).first() for name in LEADERS}
    ensure_chains(IndustryChain)  # a test that flushed the database has lost the migration's rows
    chains = {c.name: c for c in IndustryChain.objects.all()}
    with acting_as(admin):
        stdout.write("  招商活动")
        activities = {}
        for title, kind, on, place, leader in ACTIVITIES:
            activities[title] = Activity.objects.filter(title=title).first() or actions.create_activity(
                actor=admin, unit=units["马村区"], kind=kind, title=title, date=on, place=place, leader=people[leader],
            )  # fmt: skip
        stdout.write("  招商项目")
        for row in NAMED:
            _named(admin, row, units, people, chains, activities)
        _samples(admin, units, people, chains)
        stdout.write("  上争事项")
        _bids_2020(admin, units["马村区"])
        _bids_2024(admin, units["马村区"])


def _new_lead(admin, *, name, unit, chain, talks, amount, is_sample, **fields) -> Lead | None:
    if Lead.objects.filter(name=name).exists():
        return None
    return actions.create_lead(
        actor=admin, unit=unit, name=name, chain=chain, on=talks, intended_investment=amount, is_sample=is_sample,
        **fields,
    )  # fmt: skip


def _named(admin, row, units, people, chains, activities) -> None:
    (name, investor, origin, (f500, leader_co, listed), chain, amount, unit, leader, talks, intent, signed,
     ceremony, landing, sample) = row  # fmt: skip
    lead = _new_lead(
        admin, name=name, unit=units[unit], chain=chains[chain], talks=talks, amount=_yi(amount), is_sample=sample,
        investor=investor, investor_origin=origin, is_fortune500=f500, is_industry_leader=leader_co, is_listed=listed,
        leader=people[leader],
    )  # fmt: skip
    if lead is None:
        return
    for act in activities.values():
        if act.kind == ActivityKind.OUTBOUND and act.date == talks:
            act.leads.add(lead)
    actions.advance_lead(actor=admin, lead=lead, stage=LeadStage.INTENT, on=intent)
    actions.advance_lead(
        actor=admin, lead=lead, stage=LeadStage.SIGNED, on=signed, signed_investment=_yi(amount),
        activity=activities.get(ceremony),
    )  # fmt: skip
    if landing is None:
        return
    on, target = landing
    if isinstance(target, str):
        actions.land_lead(actor=admin, lead=lead, on=on, project=Project.objects.get(code=target))
        return
    project = actions.land_lead(actor=admin, lead=lead, on=on, **target)
    # "当年签约当年开工当年建成" (示例数据 dates).
    project_actions.record_stage(actor=admin, project=project, stage=ProjectStage.STARTED, on=date(2020, 10, 8))
    project_actions.record_stage(actor=admin, project=project, stage=ProjectStage.COMPLETED, on=date(2020, 12, 25))


def _samples(admin, units, people, chains) -> None:
    def sample(n: int, amount: str, talks: date):
        return _new_lead(
            admin, name=f"示例招商项目{n:02d}", unit=units[UNITS[n % len(UNITS)]],
            chain=chains[CHAINS[n % len(CHAINS)]], talks=talks, amount=_yi(amount), is_sample=True,
            investor=f"示例客商{n:02d}", investor_origin=["广东深圳", "上海", "江苏苏州", "北京", "浙江杭州"][n % 5],
            is_listed=n % 4 == 0, leader=people[LEADERS[n % 2]],
        )  # fmt: skip

    for i, amount in enumerate(SIGNED_SAMPLES, start=1):
        lead = sample(i, amount, date(2020, i + 1, 5))
        if lead:
            actions.advance_lead(actor=admin, lead=lead, stage=LeadStage.INTENT, on=date(2020, i + 3, 10))
            actions.advance_lead(
                actor=admin, lead=lead, stage=LeadStage.SIGNED, on=date(2020, i + 5, 20), signed_investment=_yi(amount)
            )
    lead = sample(6, DECEMBER_SAMPLE, date(2020, 6, 8))
    if lead:
        actions.advance_lead(actor=admin, lead=lead, stage=LeadStage.INTENT, on=date(2020, 9, 1))
        december = _yi(DECEMBER_SAMPLE)
        actions.advance_lead(
            actor=admin, lead=lead, stage=LeadStage.SIGNED, on=date(2020, 12, 18), signed_investment=december
        )
    for i, amount in enumerate(OPEN_SAMPLES, start=7):
        talks = date(2020, 1, 6) + timedelta(days=(i * 9) % 320)
        lead = sample(i, amount, talks)
        if lead is None:
            continue
        if i % 3 == 0:
            actions.advance_lead(actor=admin, lead=lead, stage=LeadStage.INTENT, on=talks + timedelta(days=40))
        if i % 7 == 0:
            reason = DROP_REASONS[i % len(DROP_REASONS)]
            actions.advance_lead(actor=admin, lead=lead, stage=LeadStage.DROPPED, on=talks + timedelta(days=60),
                                 reason=reason)  # fmt: skip
    for i, amount in enumerate(SMALL_SAMPLES, start=40):
        sample(i, amount, date(2020, 8, i - 30))


def _bid(admin, unit, *, title, kind, prepared, fund_type="", level=GrantLevel.PROVINCE, package=None,
         requested=None, granted=None, submitted=None, decided=None, approved=True, sample=True,
         projects=()):  # fmt: skip
    if SupportBid.objects.filter(title=title).exists():
        return
    bid = actions.create_bid(
        actor=admin, unit=unit, title=title, kind=kind, fund_type=fund_type, grant_level=level, prepared_on=prepared,
        package_investment=package, amount_requested=requested, is_sample=sample, projects=projects,
    )  # fmt: skip
    if submitted:
        actions.submit_bid(actor=admin, bid=bid, on=submitted)
    if decided:
        actions.decide_bid(
            actor=admin, bid=bid, approved=approved, on=decided, amount_granted=granted if approved else None
        )


def _split(total: int, n: int, step: int) -> list[int]:
    """`total` 元 in `n` uneven parts, each a multiple of `step`, that add up exactly."""
    weights = [3 + (i * 7) % 5 for i in range(n)]
    parts = [total * w // sum(weights) // step * step for w in weights]
    parts[0] += total - sum(parts)
    return parts


def _bids_2020(admin, unit) -> None:
    """57 fund bids by the end of November (153.8亿元 of projects, 11.8亿元 granted), 85 in the year."""
    packages = _split(_yi("153.8"), 57, WAN * 100)
    bonds_granted = _split(10 * YI, 20, WAN * 100)
    central_granted = _split(_yi("1.8"), 6, WAN * 100)
    for i, package in enumerate(packages):
        prepared = date(2020, 1 + i % 10, 1 + i % 20)
        if i < 20:
            kind, granted = FundType.SPECIAL_BOND, bonds_granted[i]
        elif i < 26:
            kind, granted = FundType.CENTRAL_BUDGET, central_granted[i - 20]
        else:
            kind, granted = (FundType.SPECIAL_BOND if i % 2 else FundType.CENTRAL_BUDGET), None
        decided = prepared + timedelta(days=40) if granted or i % 5 == 0 else None
        _bid(
            admin, unit, title=f"2020年示例资金项目{i + 1:02d}", kind=BidKind.FUND, fund_type=kind, prepared=prepared,
            package=package, requested=package // 5 // WAN * WAN, granted=granted,
            submitted=prepared + timedelta(days=10) if i % 4 != 3 or decided else None,
            decided=decided, approved=granted is not None,
            level=GrantLevel.STATE if kind == FundType.CENTRAL_BUDGET else GrantLevel.PROVINCE,
        )  # fmt: skip
    december_bonds = _split(_yi("3.6"), 4, WAN * 100)
    for i in range(28):
        granted = december_bonds[i] if i < 4 else None
        _bid(
            admin, unit, title=f"2020年示例专项债项目（12月）{i + 1:02d}", kind=BidKind.FUND,
            fund_type=FundType.SPECIAL_BOND, prepared=date(2020, 12, 1 + i % 10), package=2 * YI,
            submitted=date(2020, 12, 12) if granted else None, decided=date(2020, 12, 28) if granted else None,
            granted=granted,
        )  # fmt: skip


def _bids_2024(admin, unit) -> None:
    """政策5项、项目48个、资金5.1亿元（其中中央预算内投资9个3.2亿元）、平台19项、荣誉11项 approved."""
    eod = list(Project.objects.filter(code__in=["MC-002"]))
    park = list(Project.objects.filter(code__in=["MC-001"]))

    def approved(title, kind, i, sample=True, **kw):
        prepared = date(2024, 1 + i % 6, 5 + i % 20)
        _bid(admin, unit, title=title, kind=kind, prepared=prepared, submitted=prepared + timedelta(days=15),
             decided=prepared + timedelta(days=75), sample=sample, **kw)  # fmt: skip

    approved("国家采煤沉陷区综合治理工程中央预算内支持政策", BidKind.POLICY, 0, sample=False, level=GrantLevel.STATE,
             projects=eod)  # fmt: skip
    for i in range(1, 5):
        approved(f"2024年示例争取政策{i}", BidKind.POLICY, i)
    approved("国家扶持发展新型农村集体经济项目", BidKind.PROJECT, 0, sample=False, level=GrantLevel.STATE)
    for i in range(1, 48):
        approved(f"2024年示例争取项目{i:02d}", BidKind.PROJECT, i)
    for i, granted in enumerate(_split(_yi("3.2"), 9, WAN * 100), start=1):
        approved(f"2024年示例中央预算内投资项目{i}", BidKind.FUND, i, fund_type=FundType.CENTRAL_BUDGET,
                 level=GrantLevel.STATE, granted=granted, requested=granted * 3 // 2,
                 projects=park if i == 1 else [])  # fmt: skip
    approved("省级“专精特新”小巨人设备补助奖励", BidKind.FUND, 10, sample=False, fund_type=FundType.SPECIALISED,
             granted=_yi("0.4"))  # fmt: skip
    for i, granted in enumerate(_split(_yi("1.5"), 3, WAN * 100), start=1):
        approved(f"2024年示例补助资金{i}", BidKind.FUND, 10 + i, fund_type=FundType.SUBSIDY, granted=granted)
    approved("河南省企业技术中心", BidKind.PLATFORM, 0, sample=False)
    for i in range(1, 19):
        approved(f"2024年示例争取平台{i:02d}", BidKind.PLATFORM, i)
    for i in range(1, 12):
        approved(f"2024年示例省级以上荣誉{i:02d}", BidKind.HONOUR, i)
    # Not everything asked for is granted (示例数据).
    _bid(admin, unit, title="2024年示例资金申请（未获批）", kind=BidKind.FUND, fund_type=FundType.SUBSIDY,
         prepared=date(2024, 3, 1), requested=2000 * WAN, submitted=date(2024, 3, 20), decided=date(2024, 6, 1),
         approved=False)  # fmt: skip
    _bid(admin, unit, title="2024年示例平台申报（待批复）", kind=BidKind.PLATFORM, prepared=date(2024, 6, 1),
         submitted=date(2024, 6, 20))  # fmt: skip
    _bid(admin, unit, title="2024年示例专项债项目（谋划中）", kind=BidKind.FUND, fund_type=FundType.SPECIAL_BOND,
         prepared=date(2024, 8, 1), package=3 * YI)  # fmt: skip
