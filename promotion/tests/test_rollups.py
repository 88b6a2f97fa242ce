import io
from datetime import date

from django.core.management import call_command

from core.context import acting_as
from core.models import AuditEntry
from org.models import User
from promotion import actions, queries
from promotion.models import IndustryChain, Lead, SupportBid

YI = 100_000_000
PERIOD = {"start": date(2026, 1, 1), "end": date(2026, 6, 30)}


def worked_set(world):
    """Four leads met in the first half of 2026 and one from 2025; two signed, one landed, one dropped."""
    admin = world.users["admin"]
    pharma, alu = IndustryChain.objects.get(name="医药"), IndustryChain.objects.get(name="铝精深加工及装备制造")
    with acting_as(admin):

        def lead(name, unit, chain, on, amount):
            return actions.create_lead(actor=admin, unit=world.units[unit], name=name, chain=chain, on=on,
                                       investor="客商", intended_investment=amount)  # fmt: skip

        a = lead("A", "fengying", pharma, date(2026, 1, 10), 30 * YI)
        b = lead("B", "fengying", alu, date(2026, 2, 1), 10 * YI)
        c = lead("C", "anyang", pharma, date(2026, 3, 1), 5 * YI)
        d = lead("D", "anyang", alu, date(2026, 4, 1), YI // 2)  # not a 亿元项目
        old = lead("E", "anyang", alu, date(2025, 6, 1), 8 * YI)
        for x, intent, signed, amount in ((a, date(2026, 2, 10), date(2026, 4, 10), 28 * YI),
                                          (old, date(2025, 9, 1), date(2026, 2, 1), 7 * YI)):  # fmt: skip
            actions.advance_lead(actor=admin, lead=x, stage="intent", on=intent)
            actions.advance_lead(actor=admin, lead=x, stage="signed", on=signed, signed_investment=amount)
        actions.land_lead(actor=admin, lead=a, on=date(2026, 5, 10), code="L-1", level="district",
                          category="industry", nature="new")  # fmt: skip
        actions.advance_lead(actor=admin, lead=b, stage="intent", on=date(2026, 3, 1))
        actions.advance_lead(actor=admin, lead=c, stage="dropped", on=date(2026, 4, 1), reason="用地条件不满足")
    return {"a": a, "b": b, "c": c, "d": d, "e": old}


def test_the_funnel_of_a_worked_set(world):
    worked_set(world)
    f = queries.funnel(world.users["macun_admin"], **PERIOD)
    steps = {r.stage: (r.count, r.amount) for r in f.steps}
    # Talks: A B C D (45.5亿 intended); intention: A B (B's in March; E's was in 2025); signed: A and E (35亿).
    assert steps == {
        "talks": (4, 455 * YI // 10),
        "intent": (2, 40 * YI),
        "signed": (2, 35 * YI),
        "landed": (1, 28 * YI),
    }
    assert f.dropped == 1 and f.sentence == "对接洽谈4个项目，意向资金45.5亿元，签约2个，总投资35亿元"
    major = queries.funnel(world.users["macun_admin"], **PERIOD, major_only=True)
    assert major.sentence == "对接洽谈3个亿元项目，意向资金45亿元，签约2个，总投资35亿元"
    # The cohort is the four first met in the period: A reached every stage, B intention only.
    assert f.cohort == 4 and f.reached == {"talks": 4, "intent": 2, "signed": 1, "landed": 1}
    conversion = {label: (n, prev) for label, n, prev, _all in f.conversion}
    assert conversion["意向"] == (2, 50) and conversion["签约"] == (1, 50) and conversion["落地"] == (1, 100)
    # A: 31 days to intention, 59 to signing, 30 to landing; B: 28 days to intention.
    assert f.mean_days == {"talks-intent": 29.5, "intent-signed": 59, "signed-landed": 30, "talks-signed": 90}
    current = {r.stage: r.count for r in f.current}
    assert current == {"talks": 1, "intent": 1, "signed": 1, "landed": 1, "dropped": 1}


def test_breakdowns_by_chain_and_unit_with_ranks(world):
    worked_set(world)
    user = world.users["macun_admin"]
    chains = {
        r.label: (r.talks, r.signed, r.signed_investment, r.rank) for r in queries.breakdown(user, **PERIOD, by="chain")
    }
    assert chains == {"医药": (2, 1, 28 * YI, 1), "铝精深加工及装备制造": (2, 1, 7 * YI, 2)}
    units = [(r.label, r.talks, r.intended, r.rank) for r in queries.breakdown(user, **PERIOD, by="unit")]
    assert units == [("冯营街道", 2, 40 * YI, 1), ("安阳城街道", 2, 55 * YI // 10, 2)]
    # A town user sees only its own leads.
    mine = queries.funnel(world.users["fengying"], **PERIOD)
    assert mine.step_of["talks"].count == 2 and mine.step_of["signed"].amount == 28 * YI


def test_bid_rollups_by_kind_fund_type_and_unit(world, promo):
    admin = world.users["admin"]
    with acting_as(admin):
        actions.submit_bid(actor=admin, bid=promo["fengying_bid"], on=date(2026, 3, 10), amount_requested=2 * YI)
        actions.decide_bid(
            actor=admin, bid=promo["fengying_bid"], approved=True, on=date(2026, 5, 1), amount_granted=YI
        )
        actions.submit_bid(actor=admin, bid=promo["anyang_bid"], on=date(2026, 3, 10))
        actions.decide_bid(actor=admin, bid=promo["anyang_bid"], approved=False, on=date(2026, 5, 1))
        actions.create_bid(
            actor=admin, unit=world.units["anyang"], title="中央预算内", kind="fund", fund_type="central_budget",
            prepared_on=date(2026, 4, 1), package_investment=4 * YI,
        )  # fmt: skip
        actions.create_bid(actor=admin, unit=world.units["anyang"], title="去年的", kind="honour",
                           prepared_on=date(2025, 4, 1))  # fmt: skip
    user = world.users["macun_admin"]
    kinds = {
        r.key: (r.count, r.submitted, r.approved, r.rejected, r.granted) for r in queries.bid_rollup(user, **PERIOD)
    }
    assert kinds == {"fund": (2, 1, 1, 0, YI), "platform": (1, 1, 0, 1, 0)}
    funds = {r.label: (r.count, r.package_investment) for r in queries.bid_rollup(user, **PERIOD, by="fund_type")}
    assert funds == {"专项债": (1, 10 * YI), "中央预算内投资": (1, 4 * YI)}
    units = [(r.label, r.granted, r.rank) for r in queries.bid_rollup(user, **PERIOD, by="unit")]
    assert units == [("冯营街道", YI, 1), ("安阳城街道", 0, 2)]
    total = queries.bid_total(user, **PERIOD)
    assert (total.count, total.approved, total.granted, total.approval_rate) == (3, 1, YI, 50)


def test_the_demo_reproduces_the_published_figures(db):
    call_command("demo", stdout=io.StringIO())
    admin = User.objects.get(username="admin")
    # "截至目前，马村区共对接洽谈45个亿元项目，意向资金达325亿元，签约亿元项目11个，总投资95亿元" (late 2020).
    f = queries.funnel(admin, start=date(2020, 1, 1), end=date(2020, 11, 30), major_only=True)
    assert f.sentence == "对接洽谈45个亿元项目，意向资金325亿元，签约11个，总投资95亿元"
    # "全年签约亿元以上项目12个，总投资117.8亿元" (2020).
    year = queries.funnel(admin, start=date(2020, 1, 1), end=date(2020, 12, 31), major_only=True).figures
    assert (year.signed, year.signed_investment) == (12, 11_780_000_000)
    # The Shenzhen ceremony: 33.8亿元 of deals.
    shenzhen = Lead.objects.filter(stage_events__activity__title__contains="深圳", stage_events__stage="signed")
    assert sum(x.signed_investment for x in shenzhen) == 3_380_000_000 and shenzhen.count() == 3
    assert Lead.objects.get(name__contains="衡水泰华").stage_events.get(stage="signed").date == date(2020, 4, 28)
    wanda = Lead.objects.get(name__contains="万达")
    assert wanda.signed_investment == 60 * YI and wanda.project.attraction_lead == wanda
    # "谋划包装57个中央政策资金项目和政府专项债项目，总投资153.8亿元，获批资金11.8亿元"; 专项债 13.6亿元 in 2020.
    funds = queries.bid_total(admin, start=date(2020, 1, 1), end=date(2020, 11, 30), kinds=["fund"])
    assert (funds.count, funds.package_investment, funds.granted) == (57, 15_380_000_000, 1_180_000_000)
    bonds = {
        r.key: r for r in queries.bid_rollup(admin, start=date(2020, 1, 1), end=date(2020, 12, 31), by="fund_type")
    }
    assert bonds["special_bond"].granted == 1_360_000_000
    assert queries.bid_total(admin, start=date(2020, 1, 1), end=date(2020, 12, 31), kinds=["fund"]).count == 85
    # "争取政策5项、项目48个、资金5.1亿元、平台19项", "省级以上荣誉11项", "9个中央预算内投资项目获批资金3.2亿元".
    by_kind = {r.key: r for r in queries.bid_rollup(admin, start=date(2024, 1, 1), end=date(2024, 9, 30))}
    assert [by_kind[k].approved for k in ("policy", "project", "platform", "honour")] == [5, 48, 19, 11]
    assert by_kind["fund"].granted == 510_000_000
    central = {
        r.key: r for r in queries.bid_rollup(admin, start=date(2024, 1, 1), end=date(2024, 9, 30), by="fund_type")
    }
    assert (central["central_budget"].approved, central["central_budget"].granted) == (9, 320_000_000)
    assert Lead.objects.filter(is_sample=False).exists() and Lead.objects.filter(is_sample=True).exists()
    before = (Lead.objects.count(), SupportBid.objects.count(), AuditEntry.objects.count())
    call_command("demo", stdout=io.StringIO())
    assert (Lead.objects.count(), SupportBid.objects.count(), AuditEntry.objects.count()) == before
