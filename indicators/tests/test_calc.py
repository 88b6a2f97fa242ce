"""Comparisons against worked figures from the published reports, and properties."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import ranking
from indicators import calc
from indicators.periods import Period, is_due


def test_ties_share_a_rank_and_the_next_rank_counts_them():
    ranks = ranking.rank({"解放": D("5.9"), "中站": D("6.3"), "马村": D("7.8"), "山阳": D("6.3"), "示范区": D("5.1")})
    assert ranks == {"马村": 1, "中站": 2, "山阳": 2, "解放": 4, "示范区": 5}


def test_units_without_a_value_are_not_ranked_and_negative_growth_ranks_last():
    ranks = ranking.rank({"a": D("-2.3"), "b": None, "c": D("0"), "d": D("15.2")})
    assert ranks == {"d": 1, "c": 2, "a": 3}


def test_ascending_rank_for_measures_where_lower_is_better():
    assert ranking.rank({"a": D("1"), "b": D("2")}, descending=False) == {"a": 1, "b": 2}


def test_a_gap_between_rates_is_in_percentage_points():
    # 技改投资占工业投资比重44.4%，高于全市平均水平15.7个百分点
    gap = calc.gap_pp(D("44.4"), D("28.7"))
    assert gap == D("15.7")
    assert calc.gap_sentence(gap, "全市平均水平") == "高于全市平均水平15.7个百分点"
    assert calc.pp_text(gap) == "+15.7个百分点" and "%" not in calc.pp_text(gap)
    assert calc.gap_sentence(D("-2"), "全市") == "低于全市2.0个百分点"
    assert calc.gap_sentence(D("0"), "全市") == "与全市持平"


def test_industrial_investment_gap_from_the_report():
    # 上半年工业投资同比增长102.4%、高于全市平均水平78.7个百分点 → the city grew 23.7 %
    assert calc.gap_pp(D("102.4"), D("23.7")) == D("78.7")


def test_change_of_a_share_is_in_percentage_points():
    # 高新技术产业增加值占规上工业的比重达到40.4%，提高了3.3个百分点
    assert calc.gap_pp(D("40.4"), D("37.1")) == D("3.3")


def test_three_sector_ratio():
    shares = calc.structure([D("4.9"), D("45.9"), D("49.1")])
    assert calc.ratio_text(shares) == "4.9∶45.9∶49.1"
    assert calc.structure([D("1"), None, D("2")]) is None
    assert calc.structure([D("1"), D("1"), D("2")]) == (D("25.0"), D("25.0"), D("50.0"))


def test_growth_targets_compare_in_points_and_level_targets_in_value():
    # 生产总值增长9%左右, achieved 9.9 %
    ach = calc.achievement(kind="growth", target=D("9"), growth_rate=D("9.9"))
    assert (ach.gap, ach.met) == (D("0.9"), True)
    jobs = calc.achievement(kind="level", target=D("3200"), level=D("3360"))
    assert (jobs.gap, jobs.ratio, jobs.met) == (D("160"), D("105"), True)
    assert calc.achievement(kind="growth", target=D("9"), growth_rate=None).met is None


def test_colour_against_a_growth_target():
    assert calc.colour(D("0.9")) == "green"
    assert calc.colour(D("-1.5")) == "yellow"
    assert calc.colour(D("-2.5")) == "red"
    assert calc.colour(None) == ""


def test_derived_figures():
    assert calc.growth(D("124.3"), D("113.1")).quantize(D("0.01")) == D("9.90")
    assert calc.growth(D("1"), D("0")) is None
    assert calc.single_period(D("47.2"), D("42.0")) == D("5.2")
    assert calc.share(D("40.4"), D("100")) == D("40.4")


def test_validation_helpers():
    assert calc.sum_mismatch(D("124.3"), [D("10"), D("78"), D("36.3")], D("1")) is None
    assert calc.sum_mismatch(D("124.3"), [D("10"), D("70"), D("36.3")], D("1")) > 6
    assert calc.cumulative_drop(D("10"), D("11")) and not calc.cumulative_drop(D("11"), D("10"))
    assert calc.outside(D("80"), D("-30"), D("60")) and not calc.outside(D("8"), D("-30"), D("60"))


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.decimals(-100, 300, places=1), min_size=1, max_size=12))
def test_rank_properties(values):
    ranks = ranking.rank(values)
    assert set(ranks) == set(values)
    assert min(ranks.values()) == 1
    for a in values:
        for b in values:
            if values[a] > values[b]:
                assert ranks[a] < ranks[b]
            if values[a] == values[b]:
                assert ranks[a] == ranks[b]
    # Competition ranking: a rank equals one plus the number of strictly better units.
    for k, r in ranks.items():
        assert r == 1 + sum(1 for v in values.values() if v > values[k])


@given(st.decimals(-50, 200, places=2), st.decimals(-50, 200, places=2))
def test_a_gap_is_antisymmetric(a, b):
    assert calc.gap_pp(a, b) == -calc.gap_pp(b, a)


@pytest.mark.parametrize(
    ("period", "label", "quarterly"),
    [
        (Period(2016), "2016年", False),
        (Period(2024, "ytd", 7), "2024年1-7月", False),
        (Period(2020, "ytd", 9), "2020年前三季度", True),
        (Period(2024, "ytd", 6), "2024年上半年", True),
        (Period(2024, "month", 3), "2024年3月", False),
        (Period(2024, "quarter", 2), "2024年二季度", False),
    ],
)
def test_period_labels(period, label, quarterly):
    assert period.label(quarterly=quarterly) == label
    assert Period.parse(period.key) == period


def test_bad_periods_are_refused():
    with pytest.raises(ValueError):
        Period(2024, "ytd", 13)
    with pytest.raises(ValueError):
        Period.parse("2024-week-1")


def test_which_indicators_are_due():
    jan, mar, dec = Period(2024, "ytd", 1), Period(2024, "ytd", 3), Period(2024, "ytd", 12)
    assert is_due(frequency="monthly", period=jan) and not is_due(frequency="monthly", period=jan, no_january=True)
    assert not is_due(frequency="monthly", period=jan, joint_jan_feb=True)
    assert is_due(frequency="quarterly", period=mar) and not is_due(frequency="quarterly", period=jan)
    assert is_due(frequency="annual", period=dec) and not is_due(frequency="annual", period=mar)
