"""Time limits of service cases in working days. Pure: no Django.

Each stage has a limit (派单, 签收, 办理, 回访/评价) counted in working days from the day the stage
began; the deadline is the last day of the stage. A case is overdue from the day after its
deadline. `WorkdayTable` answers "N working days after" and "working days between" by lookup
over a span of years built once from the calendar, so a sweep or a bench of a million cases
costs list indexing, not a walk through the days.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

from core.workdays import Day, WorkdayCalendar

# Stage of the case's state -> the limit that applies to it.
STAGE_OF_STATE = {
    "accepted": "dispatch",
    "dispatched": "sign",
    "handling": "handle",
    "replied": "reply",
    "rated": "reply",
}


@dataclass(frozen=True)
class Limits:
    """A case type's limits in working days, and its warning and escalation margins."""

    dispatch: int = 1
    sign: int = 1
    handle: int = 5
    reply: int = 2
    warn_within: int = 1  # working days left at or under which the case turns yellow
    escalate_after: int = 2  # working days overdue after which it goes to the unit above

    def of(self, stage: str) -> int:
        return getattr(self, stage)


class WorkdayTable:
    """Working days of a span of years as running totals. Outside the span it asks the calendar."""

    def __init__(self, calendar: WorkdayCalendar, first_year: int, last_year: int):
        self.calendar = calendar
        self.first = date(first_year, 1, 1)
        self.origin = self.first.toordinal()
        self.end = date(last_year, 12, 31)
        self.totals: list[int] = []  # working days in [first, day]
        self.fallbacks: list[int] = []  # days counted Monday–Friday in [first, day]
        self.workday_ordinals: list[int] = []
        n = f = 0
        day = self.first
        while day <= self.end:
            workday, fallback = calendar.check(day)
            if workday:
                n += 1
                self.workday_ordinals.append(day.toordinal())
            f += fallback
            self.totals.append(n)
            self.fallbacks.append(f)
            day += timedelta(days=1)

    def _inside(self, *days: date) -> bool:
        return all(self.first <= d <= self.end for d in days)

    def add(self, start: date, n: int) -> Day:
        """As WorkdayCalendar.add_workdays: the n-th working day after `start` (n = 0: `start` or the next)."""
        if n < 0:
            raise ValueError("n must not be negative")
        if not self._inside(start):
            return self.calendar.add_workdays(start, n)
        i = start.toordinal() - self.origin
        count = self.totals[i]
        if n == 0:
            is_workday = count > (self.totals[i - 1] if i else 0)
            index = count - 1 if is_workday else count
        else:
            index = count + n - 1
        if index >= len(self.workday_ordinals):
            return self.calendar.add_workdays(start, n)
        ordinal = self.workday_ordinals[index]
        j = ordinal - self.origin
        fallback = self.fallbacks[j] - (self.fallbacks[i - 1] if i else 0) > 0
        return Day(date.fromordinal(ordinal), fallback)

    def between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when `end` is earlier."""
        if not self._inside(start, end):
            return self.calendar.workdays_between(start, end)[0]
        return self.totals[end.toordinal() - self.origin] - self.totals[start.toordinal() - self.origin]

    def latest_overdue_by(self, as_of: date, margin: int) -> date:
        """The latest deadline that is at least `margin` working days behind `as_of`: a case whose
        deadline is on or before it is overdue by `margin` or more (margin ≥ 1)."""
        if not self._inside(as_of):
            day = as_of - timedelta(days=1)
            while self.calendar.workdays_between(day, as_of)[0] < margin:
                day -= timedelta(days=1)
            return day
        # workdays in (D, as_of] >= margin  <=>  totals[D] <= totals[as_of] - margin
        limit = self.totals[as_of.toordinal() - self.origin] - margin
        index = bisect_right(self.totals, limit) - 1
        if index < 0:
            return self.first - timedelta(days=1)
        return date.fromordinal(self.origin + index)


def deadline(table: WorkdayTable, start: date, workdays: int) -> Day:
    """The last day of a stage that began on `start` with a limit of `workdays`."""
    return table.add(start, workdays)


@dataclass(frozen=True)
class Status:
    colour: str  # normal | yellow | red | done
    workdays_left: int  # from `as_of` to the deadline; 0 once past it
    workdays_over: int  # past the deadline; 0 when not overdue
    overdue: bool
    escalate: bool  # overdue by the escalation margin or more


def status(table: WorkdayTable, *, due_on: date | None, as_of: date, limits: Limits, closed: bool) -> Status:
    """Where a case stands against its current stage's deadline on `as_of`."""
    if closed or due_on is None:
        return Status("done" if closed else "normal", 0, 0, False, False)
    if as_of > due_on:
        over = max(table.between(due_on, as_of), 0)
        return Status("red", 0, over, True, over >= limits.escalate_after)
    left = table.between(as_of, due_on)
    return Status("yellow" if left <= limits.warn_within else "normal", left, 0, False, False)


def escalation_unit_path(path: str, steplen: int = 4) -> str:
    """The unit above a unit of the tree, by its materialised path ('' at the root)."""
    return path[:-steplen] if len(path) > steplen else ""
