"""Values, derived figures, targets, validation rules and the period lock."""

from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from core import ranking
from core.models import AuditEntry
from indicators import actions, queries
from indicators.choices import Source
from indicators.models import PeriodLock, Value
from indicators.periods import Period

Y2016, H1 = Period(2016), Period(2024, "ytd", 6)


def record(user, ind, unit, period, level=None, growth=None, **kw):
    return actions.record_value(actor=user, indicator=ind, unit=unit, period=period, level=level, growth=growth, **kw)


@time_machine.travel(date(2024, 7, 2))
def test_a_correction_keeps_the_earlier_figure_in_history(world, setup):
    admin, gdp, macun = world.users["admin"], setup.ind["gdp"], world.units["macun"]
    value, _ = record(admin, gdp, macun, H1, D("60.1"), D("7.8"))
    record(admin, gdp, macun, H1, D("60.3"), D("7.8"))
    value.refresh_from_db()
    assert value.level == D("60.3") and Value.objects.count() == 1
    change = AuditEntry.objects.get(object_id=str(value.pk), action="update")
    assert (change.before["level"], change.after["level"]) == ("60.1", "60.3")


def test_a_reported_growth_wins_and_a_derived_one_is_marked(world, setup):
    admin, macun = world.users["admin"], world.units["macun"]
    retail, gdp = setup.ind["retail"], setup.ind["gdp"]  # 社零 may be derived; GDP's rate is only as reported
    for ind in (retail, gdp):
        record(admin, ind, macun, Period(2015), D("100"), None, respect_lock=False)
        record(admin, ind, macun, Y2016, D("110"), None, respect_lock=False)
    figures = queries.Figures([retail, gdp], {macun.pk}, [Y2016, Period(2015)])
    derived = figures.get(retail, macun.pk, Y2016)
    assert (derived.growth, derived.growth_derived) == (D("10"), True)
    assert figures.get(gdp, macun.pk, Y2016).growth is None  # constant prices: never recomputed
    record(admin, retail, macun, Y2016, D("110"), D("9.6"), respect_lock=False)
    figures = queries.Figures([retail], {macun.pk}, [Y2016, Period(2015)])
    reported = figures.get(retail, macun.pk, Y2016)
    assert (reported.growth, reported.growth_derived) == (D("9.6"), False)
    assert Value.objects.filter(indicator=retail, year=2016).get().growth == D("9.6")


def test_a_user_cannot_write_another_units_figures(world, setup):
    with pytest.raises(PermissionDenied):
        record(world.users["macun_admin"], setup.ind["gdp"], world.units["sfq"], Y2016, D("1"), respect_lock=False)
    with pytest.raises(PermissionDenied):
        record(world.users["readonly"], setup.ind["gdp"], world.units["macun"], Y2016, D("1"), respect_lock=False)


@time_machine.travel(date(2024, 7, 2))
def test_rules_block_or_warn(world, setup):
    admin, macun, ind = world.users["admin"], world.units["macun"], setup.ind
    record(admin, ind["retail"], macun, Period(2024, "ytd", 5), D("20"), D("6"), respect_lock=False)
    with pytest.raises(ValidationError, match="低于2024年1-5月"):
        record(admin, ind["retail"], macun, H1, D("19"), D("6"))  # a cumulative figure cannot go down
    _, warnings = record(admin, ind["retail"], macun, H1, D("24"), D("75"))
    assert [w.message for w in warnings] == ["社会消费品零售总额增速 75% 超出合理范围（-30% 至 60%）"]
    record(admin, ind["va_primary"], macun, H1, D("5"), None)
    record(admin, ind["va_secondary"], macun, H1, D("25"), None)
    record(admin, ind["va_tertiary"], macun, H1, D("30"), None)
    _, warnings = record(admin, ind["gdp"], macun, H1, D("70"), D("7"))
    assert any("第一产业增加值+第二产业增加值+第三产业增加值 与地区生产总值相差" in w.message for w in warnings)


def test_the_deadline_counts_working_days_and_the_lock_can_be_lifted(world, setup):
    admin, macun, gdp = world.users["admin"], world.units["macun"], setup.ind["gdp"]
    q3 = Period(2026, "ytd", 9)
    # 5th working day of October 2026: 1–7 Oct are National Day holidays and Saturday 10 Oct is a
    # make-up working day, so the days are 8, 9, 10, 12, 13 Oct.
    assert queries.deadline(q3).date == date(2026, 10, 13)
    with time_machine.travel(date(2026, 10, 13)):
        assert not queries.is_locked(q3)
    with time_machine.travel(date(2026, 10, 14)):
        assert queries.is_locked(q3)
        with pytest.raises(ValidationError, match="已过报送截止时间并锁定"):
            record(admin, gdp, macun, q3, D("1"), None)
        record(admin, gdp, macun, q3, D("1"), None, source=Source.ARTICLE)  # published history is not entry
        with pytest.raises(PermissionDenied):
            actions.reopen_period(actor=world.users["macun_admin"], period=q3, until=date(2026, 10, 20), reason="补报")
        actions.reopen_period(actor=admin, period=q3, until=date(2026, 10, 20), reason="统计局修订")
        assert not queries.is_locked(q3)
        record(admin, gdp, macun, q3, D("2"), None)
        lock = PeriodLock.objects.get()
        assert AuditEntry.objects.get(object_id=str(lock.pk), content_type__model="periodlock").after["reason"] == (
            "统计局修订"
        )
    with time_machine.travel(date(2026, 10, 21)):
        assert queries.is_locked(q3)


def test_dashboard_ranks_gaps_and_targets(world, setup):
    admin, macun, sfq, city = world.users["admin"], world.units["macun"], world.units["sfq"], world.units["city"]
    gdp = setup.ind["gdp"]
    for unit, rate in ((macun, "7.8"), (sfq, "7.8"), (city, "5.6")):
        record(admin, gdp, unit, H1, None, D(rate), respect_lock=False)
    actions.set_target(actor=admin, indicator=gdp, unit=macun, year=2024, kind="growth", value=D("8"), approximate=True)
    row = next(r for r in queries.dashboard(admin, macun, H1) if r.indicator == gdp)
    assert [(k.group.name, k.rank, k.size) for k in row.ranks] == [("城区组", 1, 2)]  # tied with 示范区
    assert row.reference_gap == D("2.2")  # 高于全市 2.2 个百分点
    assert row.achievement.gap == D("-0.2") and row.colour == "yellow"
    assert row.target.describe() == "增长8%左右"


def test_the_databases_ranks_agree_with_the_pure_ranking(world, setup):
    from org.models import Unit

    admin, city, gdp = world.users["admin"], world.units["city"], setup.ind["gdp"]
    rates = ["7.8", "6.3", "6.3", "-2.3", None, "0", "6.3", "15.2"]
    units = []
    for i, rate in enumerate(rates):
        unit = Unit.objects.add_child(Unit.objects.get(pk=city.pk), {"name": f"排名区{i}", "kind": "district"})
        setup.group.members.add(unit)
        units.append(unit)
        if rate is not None:
            record(admin, gdp, unit, H1, None, D(rate), respect_lock=False)
    expected = ranking.rank({u.pk: (D(r) if r is not None else None) for u, r in zip(units, rates, strict=True)})
    for unit in units:
        got = queries.peer_ranks(unit, [setup.group], [gdp], H1).get((setup.group.pk, gdp.pk))
        assert (got[0] if got else None) == expected.get(unit.pk)
        if got:
            assert got[1] == len(expected)


def test_it_ranks_in_every_group_by_growth_or_by_value_as_the_pure_ranking(world, setup):
    """The dashboard counts the members above the unit's own figure in each of its groups; the
    ranks and group sizes are those of core.ranking over each group, ties and negatives included."""
    from org.models import PeerGroup, Unit

    admin, city, macun = world.users["admin"], world.units["city"], world.units["macun"]
    gdp, share = setup.ind["gdp"], next(i for i in setup.ind.values() if i.compare_on == "value")
    counties = PeerGroup.objects.create(name="县（市）组")
    counties.members.add(macun)
    figures = {macun: ("6.3", "30.5"), world.units["sfq"]: ("7.8", "30.5")}
    for i, pair in enumerate([("6.3", "12"), ("-2.3", "41.25"), ("15.2", None), (None, "30.5"), ("0", "-1")]):
        unit = Unit.objects.add_child(Unit.objects.get(pk=city.pk), {"name": f"县{i}", "kind": "district"})
        (setup.group if i % 2 else counties).members.add(unit)
        figures[unit] = pair
    for unit, (rate, level) in figures.items():
        if rate is not None:
            record(admin, gdp, unit, H1, None, D(rate), respect_lock=False)
        if level is not None:
            record(admin, share, unit, H1, D(level), None, respect_lock=False)
    rows = {r.indicator: r for r in queries.dashboard(world.users["macun_admin"], macun, H1)}
    for indicator, position in ((gdp, 0), (share, 1)):
        for group in (setup.group, counties):
            members = list(group.members.all())
            metric = {u.pk: (D(figures[u][position]) if figures[u][position] else None) for u in members}
            expected = ranking.rank(metric)
            got = next(k for k in rows[indicator].ranks if k.group == group)
            assert (got.rank, got.size) == (expected[macun.pk], len(expected)), (indicator.code, group.name)
