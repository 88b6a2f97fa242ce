"""Working days on the State Council calendar, including weekend make-up workdays (调休).

Pure: no Django. The pinned `chinese-calendar` package knows each year up to the one it was
released for; later years come from an override table the administrator fills in from the
State Council notice (core.models.WorkdayOverride, passed in here as a mapping). Such a year
counts as known only once the administrator has marked its notice complete (published, passed
in as `published`): until then the dates entered are used, but every result in that year is
still flagged as estimated (推算), since the rest of the notice may be missing. A year with
neither falls back to Monday–Friday; every result touched by the fallback says so.
"""

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import chinese_calendar

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Day:
    date: date
    fallback: bool = False  # True when the year is unknown and Monday–Friday was assumed


class WorkdayCalendar:
    def __init__(self, overrides: Mapping[date, bool] | None = None, published: Iterable[int] = ()):
        self.overrides = dict(overrides or {})
        self.published = frozenset(published)
        self._override_years = {d.year for d in self.overrides}
        self._warned: set[int] = set()
        self._years: dict[int, tuple[list[int], bool]] = {}

    def is_known(self, year: int) -> bool:
        """Does the calendar know the year's holidays: the package does, or its notice is published."""
        return year in self.published or package_knows(year)

    def check(self, day: date) -> tuple[bool, bool]:
        """(is a workday, fallback used)."""
        known = self.is_known(day.year)
        if day in self.overrides:
            return self.overrides[day], not known
        if package_knows(day.year):
            return chinese_calendar.is_workday(day), False
        if not known and day.year not in self._warned:
            self._warned.add(day.year)
            if day.year in self._override_years:
                log.warning("Holiday calendar for %s not published: dates entered, the rest Monday–Friday", day.year)
            else:
                log.warning("No holiday calendar for %s: assuming Monday–Friday working days", day.year)
        # A published year the administrator described: its overrides, and Monday–Friday otherwise.
        return day.weekday() < 5, not known

    def is_workday(self, day: date) -> bool:
        return self.check(day)[0]

    def add_workdays(self, start: date, n: int) -> Day:
        """The n-th working day after `start`, counting from the day after (a request received on a
        holiday has its first working day on the next workday). n = 0: `start` if it is a working
        day, else the next one."""
        if n < 0:
            raise ValueError("n must not be negative")
        day, fallback = start, False
        workday, fallback = self.check(day)
        if n == 0:
            while not workday:
                day += timedelta(days=1)
                workday, fb = self.check(day)
                fallback |= fb
            return Day(day, fallback)
        remaining = n
        while remaining:
            day += timedelta(days=1)
            workday, fb = self.check(day)
            fallback |= fb
            remaining -= workday
        return Day(day, fallback)

    def nth_workday_of_month(self, year: int, month: int, n: int) -> Day:
        """The n-th working day of a month (n ≥ 1), e.g. a report deadline."""
        if n < 1:
            raise ValueError("n must be at least 1")
        first = self.add_workdays(date(year, month, 1), 0)
        nth = self.add_workdays(first.date, n - 1)
        return Day(nth.date, first.fallback or nth.fallback)

    def workdays_between(self, start: date, end: date) -> tuple[int, bool]:
        """Working days in (start, end]: how many working days `end` is after `start`. Negative if earlier.

        Counted from per-year running totals, so a span of months costs what a day does: a
        bulletin asks this of hundreds of tasks, the overdue sweep of a million cases.
        """
        sign = 1
        if end < start:
            start, end, sign = end, start, -1
        if start == end:
            return 0, False
        fallback = False
        count = 0
        for year in range(start.year, end.year + 1):
            totals, fb = self._year(year)
            first = start.timetuple().tm_yday if year == start.year else 0
            last = end.timetuple().tm_yday if year == end.year else len(totals) - 1
            count += totals[last] - totals[first]
            fallback |= fb
        return sign * count, fallback

    def _year(self, year: int) -> tuple[list[int], bool]:
        """Running totals of working days through each day of the year (index = day of year, 0 = none
        yet), and whether the year was counted Monday–Friday for want of a calendar."""
        if year not in self._years:
            day, totals, fallback = date(year, 1, 1), [0], False
            while day.year == year:
                workday, fb = self.check(day)
                totals.append(totals[-1] + workday)
                fallback |= fb
                day += timedelta(days=1)
            self._years[year] = (totals, fallback)
        return self._years[year]


@cache
def package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True
