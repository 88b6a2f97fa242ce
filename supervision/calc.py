"""Supervision's pure calculations: task colours, judged scores, and target fulfilment.

No Django. Working days come in already counted (the caller asks the calendar), so these stay
plain functions of numbers and dates, tested against worked figures.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from core.money import plain

__all__ = ["Colour", "EscalationRules", "Fulfilment", "fulfilment", "judged_score", "task_colour", "task_warning"]


class Colour(StrEnum):
    """Escalation colours of a supervised task, mildest first."""

    NONE = "none"  # on track, nothing to say
    BLUE = "blue"  # reminder: the deadline is near
    YELLOW = "yellow"  # warning: behind, or about to be late
    RED = "red"  # overdue
    DONE = "done"


@dataclass(frozen=True)
class EscalationRules:
    blue_within: int = 3  # working days left at or under which a reminder shows
    yellow_within: int = 1  # working days left at or under which it turns yellow
    behind_pp: Decimal = Decimal(20)  # progress lagging the time used by more than this → yellow


@dataclass(frozen=True)
class TaskWarning:
    colour: Colour
    reason: str = ""  # the fact behind the colour, in words; "" for done and on track


def task_warning(
    *,
    rules: EscalationRules,
    done: bool,
    overdue: bool,
    workdays_left: int,
    workdays_total: int,
    progress_pct: Decimal | None,
    workdays_over: int = 0,
) -> TaskWarning:
    """The colour of a task, with the reason for it, from its deadline, working days left and progress.

    `overdue` is by the calendar (the day after the deadline, even a Saturday, is late);
    `workdays_left` counts working days from today to the deadline. `workdays_total` is the whole
    time limit in working days (assigned → deadline); with the days left it gives the share of
    time used, which reported progress is compared against. `workdays_over`: working days past the
    deadline, for the reason of a red task.
    """
    if done:
        return TaskWarning(Colour.DONE)
    if overdue:
        return TaskWarning(Colour.RED, f"已逾期 {workdays_over} 个工作日" if workdays_over else "已过办结时限")
    if workdays_left <= rules.yellow_within:
        return TaskWarning(Colour.YELLOW, f"距办结时限仅剩 {workdays_left} 个工作日")
    if progress_pct is not None and workdays_total > 0:
        used = Decimal(workdays_total - workdays_left) * 100 / workdays_total
        behind = used - progress_pct
        if behind > rules.behind_pp:
            return TaskWarning(
                Colour.YELLOW,
                f"时限已用 {_pct(used)}%，进度仅 {_pct(progress_pct)}%，落后 {_pct(behind)} 个百分点"
                f"（剩余 {workdays_left} 个工作日）",
            )
    if workdays_left <= rules.blue_within:
        return TaskWarning(Colour.BLUE, f"距办结时限剩余 {workdays_left} 个工作日")
    return TaskWarning(Colour.NONE)


def task_colour(**kwargs) -> Colour:
    """The colour alone of `task_warning`."""
    return task_warning(**kwargs).colour


def judged_score(
    scores: Mapping[str, Mapping[str, Decimal]], weights: Mapping[str, Decimal], *, drop_extremes: bool
) -> Decimal | None:
    """One project's result: each judge's weighted total, then their mean.

    `scores` is {judge: {item: score}}, `weights` {item: weight}; a judge's total is
    Σ weight × score ÷ Σ weight (so weights need not add up to anything). With `drop_extremes`
    and at least three judges, one highest and one lowest total are dropped (ties: only one of
    each). A judge who left an item blank has it counted as 0 — a blank is a missing mark.
    """
    total_weight = sum(weights.values(), Decimal(0))
    if not scores or total_weight == 0:
        return None
    totals = sorted(
        sum((Decimal(weights[item]) * Decimal(marks.get(item, 0)) for item in weights), Decimal(0)) / total_weight
        for marks in scores.values()
    )
    if drop_extremes and len(totals) >= 3:
        totals = totals[1:-1]
    return _q(sum(totals, Decimal(0)) / len(totals))


def mean(values: Sequence[Decimal]) -> Decimal | None:
    return _q(sum(values, Decimal(0)) / len(values)) if values else None


@dataclass(frozen=True)
class Fulfilment:
    ratio_pct: Decimal | None  # actual ÷ target × 100
    difference: Decimal | None  # beyond the target in the good direction, in the target's unit
    verdict: str  # "exceeded" | "met" | "short" | "pending"


def fulfilment(*, target: Decimal, actual: Decimal | None, lower_is_better: bool = False) -> Fulfilment:
    """How a unit stands against a responsibility target: "淘汰476辆，超额完成市定463辆".

    For targets where less is better (e.g. an accident count), meeting means staying at or under it.
    """
    if actual is None:
        return Fulfilment(None, None, "pending")
    difference = actual - target
    ratio = _q(actual * 100 / target) if target else None
    if lower_is_better:
        difference = -difference
    verdict = "exceeded" if difference > 0 else "met" if difference == 0 else "short"
    return Fulfilment(ratio, difference, verdict)


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _pct(value: Decimal) -> str:
    """A percent as said in a sentence: one decimal at most, no trailing zeros ("45", "33.3")."""
    return plain(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
