"""The key-project formulas against the worked figures in the domain notes."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from projects.calc import (
    Colour,
    Cycle,
    WarningRules,
    completion_rate,
    schedule_benchmark,
    schedule_gap,
    start_rate,
    warning,
)


def r2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_it_reproduces_126_02_of_193_22_after_six_months():
    rate = completion_rate(ytd=Decimal("126.02"), plan=Decimal("193.22"))
    assert r2(rate) == Decimal("65.22")
    assert r2(schedule_gap(completion_pct=rate, benchmark_pct=schedule_benchmark(periods_elapsed=6))) == Decimal(
        "15.22"
    )


def test_it_reproduces_74_percent_after_eight_months():
    benchmark = schedule_benchmark(periods_elapsed=8)
    assert r2(benchmark) == Decimal("66.67")
    assert r2(schedule_gap(completion_pct=Decimal(74), benchmark_pct=benchmark)) == Decimal("7.33")


def test_completion_is_never_capped():
    # "7个省重点项目完成投资43.44亿元，占年度投资目标的162.7%": a plan of about 26.7 亿元.
    assert r2(completion_rate(ytd=Decimal("43.44"), plan=Decimal("26.70"))) == Decimal("162.70")


def test_it_gives_none_without_a_plan():
    assert completion_rate(ytd=5, plan=0) is None and completion_rate(ytd=5, plan=None) is None
    assert start_rate(started=1, planned=0) is None


def test_other_cycles():
    assert schedule_benchmark(periods_elapsed=18, cycle=Cycle.XUN) == 50
    assert schedule_benchmark(periods_elapsed=26, cycle=Cycle.WEEK) == 50
    with pytest.raises(ValueError):
        schedule_benchmark(periods_elapsed=13)
    assert start_rate(started=3, planned=4) == 75


@given(
    plan=st.integers(min_value=1, max_value=10**12),
    a=st.integers(min_value=0, max_value=10**12),
    b=st.integers(min_value=0, max_value=10**12),
)
def test_completion_is_monotone_in_ytd(plan, a, b):
    low, high = sorted((a, b))
    assert completion_rate(ytd=low, plan=plan) <= completion_rate(ytd=high, plan=plan)


@given(n=st.integers(min_value=0, max_value=12))
def test_the_gap_is_zero_exactly_on_schedule(n):
    completion = Decimal(n) * 100 / 12
    assert schedule_gap(completion_pct=completion, benchmark_pct=schedule_benchmark(periods_elapsed=n)) == 0


@given(n=st.integers(min_value=0, max_value=11))
def test_the_benchmark_grows_each_month(n):
    assert schedule_benchmark(periods_elapsed=n) < schedule_benchmark(periods_elapsed=n + 1)


RULES = WarningRules()


def colour(behind=None, **kw):
    args = {"as_of": date(2026, 7, 15), "completion_pct": None, "benchmark_pct": None, "planned_start": None,
            "actual_start": None, "last_report": None}  # fmt: skip
    if behind is not None:
        args.update(completion_pct=Decimal(50) - Decimal(str(behind)), benchmark_pct=Decimal(50))
    args.update(kw)
    return warning(rules=RULES, **args)


@pytest.mark.parametrize(
    ("behind", "expected"),
    [(-5, Colour.GREEN), (9.99, Colour.GREEN), (10, Colour.YELLOW), (30, Colour.YELLOW), (30.01, Colour.RED)],
)
def test_schedule_thresholds(behind, expected):
    assert colour(behind).colour == expected


def test_a_reason_names_the_points_behind():
    assert colour(12.5).reasons == ("落后序时进度 12.50 个百分点",)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2026, 3, 31), Colour.GREEN),  # still within the planned start month
        (date(2026, 4, 1), Colour.YELLOW),
        (date(2026, 6, 30), Colour.YELLOW),  # three months after March ends on 30 June
        (date(2026, 7, 1), Colour.RED),
    ],
)
def test_start_rule(as_of, expected):
    assert colour(as_of=as_of, planned_start=date(2026, 3, 10)).colour == expected


@pytest.mark.parametrize(
    ("as_of", "last_report", "expected"),
    [
        (date(2026, 4, 30), None, Colour.GREEN),
        (date(2026, 5, 1), None, Colour.YELLOW),
        (date(2026, 6, 1), None, Colour.RED),
        (date(2026, 6, 1), date(2026, 4, 30), Colour.GREEN),
    ],
)
def test_reporting_rule(as_of, last_report, expected):
    assert colour(as_of=as_of, actual_start=date(2026, 3, 5), last_report=last_report).colour == expected


def test_the_worst_colour_wins_and_every_reason_is_kept():
    w = colour(12, as_of=date(2026, 7, 1), actual_start=date(2026, 3, 5))
    assert w.colour == Colour.RED and len(w.reasons) == 2


def figures(*rows):
    from projects.calc import ReportFigures

    return [ReportFigures(*row) for row in rows]


def test_a_consistent_series_raises_no_flag():
    from projects.calc import consistency_flags

    series = figures((1, 100, 100, 500), (2, 50, 150, 550), (3, 0, 150, 550))
    assert consistency_flags(series, total_investment=1000) == []


def test_each_inconsistency_is_flagged_and_named():
    from projects.calc import consistency_flags

    series = figures((1, 100, 100, 500), (2, 50, 160, 560), (3, 0, 140, 1200), (4, None, 150, 100))
    codes = [(f.month, f.code) for f in consistency_flags(series, total_investment=1000)]
    assert codes == [(2, "ytd_mismatch"), (3, "ytd_mismatch"), (3, "ytd_decreased"), (3, "above_total"),
                     (4, "since_start_below_ytd")]  # fmt: skip
    mismatch = consistency_flags(series, total_investment=1000)[0]
    assert "逐月合计 0.02万元" in mismatch.message and "累计 0.02万元" in mismatch.message


def test_a_month_without_an_amount_stops_the_sum_check():
    from projects.calc import consistency_flags

    series = figures((1, None, 100, 100), (2, 50, 180, 180))
    assert consistency_flags(series, total_investment=1000) == []


def test_it_flags_a_ytd_below_the_month_and_above_the_reported_months_sum():
    from projects.calc import consistency_flags

    # 5月 alone: 年初至今 200 against 本月 300 (earlier months never reported).
    alone = consistency_flags(figures((5, 3_000_000, 2_000_000, None)), total_investment=10**9)
    assert [(f.month, f.code) for f in alone] == [(5, "ytd_below_monthly")]
    assert alone[0].message == "5月：年初至今累计 200万元，低于本月完成 300万元"
    # 1月 and 3月 missing: 2月 and 4月 alone add up to 3,000万元 against a reported 2,500万元.
    gap = figures((2, 20_000_000, 20_000_000, None), (4, 10_000_000, 25_000_000, None))
    found = consistency_flags(gap, total_investment=10**9)
    assert [(f.month, f.code) for f in found] == [(4, "ytd_below_reported")]
    assert "2、4月逐月合计 3,000万元" in found[0].message and "年初至今累计 2,500万元" in found[0].message


def test_it_states_the_real_delay_and_spares_finished_projects():
    late = colour(as_of=date(2026, 11, 30), planned_start=date(2026, 3, 1))
    assert late.colour == Colour.RED and late.reasons == ("计划 2026年03月 开工，已逾期 8 个月仍未开工",)
    soon = colour(as_of=date(2026, 4, 15), planned_start=date(2026, 3, 1))
    assert soon.reasons == ("计划 2026年03月 开工，已逾期 15 天尚未开工",)
    silent = colour(as_of=date(2026, 11, 30), actual_start=date(2026, 3, 5))
    assert silent.reasons == ("2026年3月5日开工，已过 8 个月仍未报送进度",)
    done = colour(as_of=date(2026, 11, 30), actual_start=date(2026, 3, 5), finished=True)
    assert done.colour == Colour.GREEN and done.reasons == ()
