"""Service-case metrics from each case's dates. Pure: no Django.

Rates are over the cases received (受理) in the period:
- 按时签收率: signed by the signing deadline ÷ (cases signed + cases dispatched, still unsigned and
  past the signing deadline). A case waiting whose deadline has not come is not yet decided.
- 按时办结率: replied (反馈) by the handling deadline and closed ÷ (closed cases + open cases past
  their handling deadline) — open overdue cases count against the rate, not only closed ones.
- 回退率: cases sent back (退回) at least once ÷ cases dispatched.
- 重办率: cases reworked (重办) at least once ÷ cases replied at least once.
- 满意率: 满意 (and 基本满意 where the case type counts it) ÷ cases rated.
- 平均办理用时: working days from dispatch to the last reply, over closed cases.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["CaseFacts", "Metrics", "metrics", "rate"]


@dataclass(frozen=True)
class CaseFacts:
    dispatched_on: date | None = None
    sign_due: date | None = None
    signed_on: date | None = None
    handle_due: date | None = None
    replied_on: date | None = None
    closed: bool = False
    returned: bool = False
    reworked: bool = False
    satisfaction: str = ""
    basic_counts: bool = True


@dataclass(frozen=True)
class Metrics:
    cases: int
    signed_on_time: int
    sign_base: int
    closed_on_time: int
    close_base: int
    returned: int
    dispatched: int
    reworked: int
    replied: int
    satisfied: int
    rated: int
    handling_days_total: int
    handling_counted: int

    @property
    def sign_rate(self) -> Decimal | None:
        return rate(self.signed_on_time, self.sign_base)

    @property
    def close_rate(self) -> Decimal | None:
        return rate(self.closed_on_time, self.close_base)

    @property
    def return_rate(self) -> Decimal | None:
        return rate(self.returned, self.dispatched)

    @property
    def rework_rate(self) -> Decimal | None:
        return rate(self.reworked, self.replied)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return rate(self.satisfied, self.rated)

    @property
    def average_days(self) -> Decimal | None:
        if not self.handling_counted:
            return None
        return _q(Decimal(self.handling_days_total) / self.handling_counted)


def rate(part: int, whole: int) -> Decimal | None:
    """A percentage to two places; None when there is nothing to divide by."""
    return _q(Decimal(part) * 100 / whole) if whole else None


def metrics(cases: Iterable[CaseFacts], *, as_of: date, workdays_between: Callable[[date, date], int]) -> Metrics:
    n = signed_ok = sign_base = closed_ok = close_base = returned = dispatched = 0
    reworked = replied = satisfied = rated = days = counted = 0
    for c in cases:
        n += 1
        if c.dispatched_on is not None:
            dispatched += 1
            returned += c.returned
        if c.signed_on is not None and c.sign_due is not None:
            sign_base += 1
            signed_ok += c.signed_on <= c.sign_due
        elif c.sign_due is not None and c.signed_on is None and as_of > c.sign_due:
            sign_base += 1
        if c.closed:
            close_base += 1
            closed_ok += c.replied_on is not None and c.handle_due is not None and c.replied_on <= c.handle_due
            if c.dispatched_on is not None and c.replied_on is not None:
                days += workdays_between(c.dispatched_on, c.replied_on)
                counted += 1
        elif (
            c.handle_due is not None and as_of > c.handle_due and (c.replied_on is None or c.replied_on > c.handle_due)
        ):
            close_base += 1
        if c.replied_on is not None:
            replied += 1
            reworked += c.reworked
        if c.satisfaction:
            rated += 1
            satisfied += c.satisfaction == "satisfied" or (c.satisfaction == "basic" and c.basic_counts)
    return Metrics(n, signed_ok, sign_base, closed_ok, close_base, returned, dispatched, reworked, replied, satisfied,
                   rated, days, counted)  # fmt: skip


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
