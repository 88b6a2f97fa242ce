"""Supervision's pure calculations against worked figures."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from core.ranking import rank
from supervision.calc import Colour, EscalationRules, fulfilment, judged_score, mean, task_colour

RULES = EscalationRules(blue_within=3, yellow_within=1, behind_pp=D(20))


def colour(left, total=10, progress=None, overdue=False, done=False):
    return task_colour(
        rules=RULES,
        done=done,
        overdue=overdue,
        workdays_left=left,
        workdays_total=total,
        progress_pct=None if progress is None else D(progress),
    )


def test_it_colours_by_working_days_left():
    assert colour(8) == Colour.NONE
    assert colour(3) == Colour.BLUE
    assert colour(1) == Colour.YELLOW
    assert colour(0) == Colour.YELLOW  # due today
    assert colour(0, overdue=True) == Colour.RED
    assert colour(0, overdue=True, done=True) == Colour.DONE


def test_it_turns_yellow_when_progress_lags_the_time_used():
    # 10 working days, 4 left: 60 % of the time used. 35 % done lags by 25 pp (> 20): yellow.
    assert colour(4, progress=35) == Colour.YELLOW
    assert colour(4, progress=45) == Colour.NONE  # lags by 15 pp
    assert colour(4) == Colour.NONE  # no progress reported: judged by the days only


def test_it_scores_weighted_and_drops_one_highest_and_one_lowest_judge():
    weights = {"进度": D(30), "质量": D(70)}
    scores = {
        "甲": {"进度": D(90), "质量": D(80)},  # 83
        "乙": {"进度": D(100), "质量": D(100)},  # 100, dropped
        "丙": {"进度": D(60), "质量": D(70)},  # 67, dropped
        "丁": {"进度": D(80), "质量": D(90)},  # 87
    }
    assert judged_score(scores, weights, drop_extremes=True) == D("85.00")
    assert judged_score(scores, weights, drop_extremes=False) == D("84.25")


def test_ties_at_the_extremes_drop_only_one_each():
    weights = {"总分": D(1)}
    scores = {j: {"总分": D(s)} for j, s in (("甲", 90), ("乙", 90), ("丙", 80), ("丁", 80))}
    # sorted 80, 80, 90, 90: one 80 and one 90 go, one of each stays
    assert judged_score(scores, weights, drop_extremes=True) == D("85.00")


def test_two_judges_keep_both_marks_and_a_blank_counts_as_zero():
    weights = {"a": D(1), "b": D(1)}
    assert judged_score({"甲": {"a": D(80), "b": D(60)}, "乙": {"a": D(90)}}, weights, drop_extremes=True) == D("57.50")
    assert judged_score({}, weights, drop_extremes=True) is None


def test_units_tie_on_a_shared_rank():
    ranks = rank(
        {"马村区": mean([D("90.1")]), "示范区": mean([D("93.2")]), "山阳区": mean([D("90.1")]), "解放区": None}
    )
    assert ranks == {"示范区": 1, "马村区": 2, "山阳区": 2}


def test_it_states_over_fulfilment_of_a_counted_task():
    # 淘汰国三及以下营运柴油货车：目标463辆，完成476辆，超额完成
    result = fulfilment(target=D(463), actual=D(476))
    assert result.verdict == "exceeded" and result.difference == 13 and result.ratio_pct == D("102.81")
    assert fulfilment(target=D(463), actual=D(463)).verdict == "met"
    assert fulfilment(target=D(463), actual=D(400)).verdict == "short"
    assert fulfilment(target=D(463), actual=None).verdict == "pending"


def test_lower_is_better_targets_are_met_by_staying_under():
    result = fulfilment(target=D(5), actual=D(3), lower_is_better=True)
    assert result.verdict == "exceeded" and result.difference == 2
    assert fulfilment(target=D(5), actual=D(6), lower_is_better=True).verdict == "short"


@given(st.integers(0, 30), st.integers(1, 60))
def test_red_only_when_overdue(left, total):
    assert (colour(left, total) == Colour.RED) is False
    assert colour(left, total, overdue=True) == Colour.RED


def test_it_gives_every_colour_its_reason_and_figure():
    from supervision.calc import task_warning

    def warn(left, total=40, progress=None, overdue=False, over=0):
        return task_warning(rules=RULES, done=False, overdue=overdue, workdays_left=left, workdays_total=total,
                            progress_pct=None if progress is None else D(progress), workdays_over=over)  # fmt: skip

    # 18 of 40 working days left: 55 % of the time used, 10 % done.
    behind = warn(18, progress=10)
    assert behind.colour == Colour.YELLOW
    assert behind.reason == "时限已用 55%，进度仅 10%，落后 45 个百分点（剩余 18 个工作日）"
    assert warn(1).reason == "距办结时限仅剩 1 个工作日"
    assert warn(3).reason == "距办结时限剩余 3 个工作日"
    assert warn(0, overdue=True, over=6).reason == "已逾期 6 个工作日"
    assert warn(20).reason == ""
