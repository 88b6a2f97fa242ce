"""A year's holiday notice: read it (as typed, or as holiday-cn JSON), and lay the year out as a
calendar. Pure: no Django.

The notice lists each holiday as a named range of days off (春节 2027-02-06 至 2027-02-13) and the
weekend days worked instead (调休上班). Both become per-day overrides of the Monday–Friday week.
"""

import calendar as _calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

from .workdays import WorkdayCalendar

MAX_RANGE_DAYS = 15  # the longest holiday a notice has given is 9 days; more is a typing error

# Status of a day on the year's calendar.
WORKDAY, REST, HOLIDAY, MAKEUP = "workday", "rest", "holiday", "makeup"

PACKAGE_NAMES = {h.value: h.chinese for h in chinese_calendar.Holiday}


def gettext_noop(message: str) -> str:
    """Marks a message for translation; the caller translates it (this module has no Django)."""
    return message


class NoticeError(ValueError):
    """The notice cannot be read; the message names the entry at fault.

    `template` is the untranslated message and `params` its values: `translated(gettext)` gives
    the message in the reader's language.
    """

    def __init__(self, template: str, **params):
        super().__init__(template % params if params else template)
        self.template, self.params = template, params

    def translated(self, gettext) -> str:
        return gettext(self.template) % self.params if self.params else gettext(self.template)


@dataclass(frozen=True)
class Holiday:
    name: str
    start: date
    end: date


@dataclass(frozen=True)
class DayOverride:
    date: date
    is_workday: bool
    name: str


def overrides_of(year: int, holidays: Iterable[Holiday], makeup_days: Iterable[tuple[date, str]]) -> list[DayOverride]:
    """The per-day overrides a notice gives: every day of each holiday range off, each make-up day worked.

    Every date must lie in `year` (or the December before, the January after); no day may be both
    off and worked, or in two holidays.
    """
    days: dict[date, DayOverride] = {}
    for h in holidays:
        name = h.name.strip()
        if not name:
            raise NoticeError(gettext_noop("%(a)s 至 %(b)s：请填写节日名称。"), a=h.start, b=h.end)
        if h.end < h.start:
            raise NoticeError(gettext_noop("%(n)s：结束日期 %(b)s 早于开始日期 %(a)s。"), n=name, a=h.start, b=h.end)
        if (h.end - h.start).days + 1 > MAX_RANGE_DAYS:
            message = gettext_noop("%(n)s：%(a)s 至 %(b)s 超过 %(m)s 天，请检查日期。")
            raise NoticeError(message, n=name, a=h.start, b=h.end, m=MAX_RANGE_DAYS)
        day = h.start
        while day <= h.end:
            _in_year(year, day, name)
            if day in days:
                raise NoticeError(gettext_noop("%(n)s：%(d)s 已属于%(o)s。"), n=name, d=day, o=days[day].name)
            days[day] = DayOverride(day, False, name)
            day += timedelta(days=1)
    for day, name in makeup_days:
        _in_year(year, day, name or gettext_noop("调休上班"))
        if day in days:
            raise NoticeError(gettext_noop("调休上班 %(d)s 已是%(o)s假期。"), d=day, o=days[day].name)
        days[day] = DayOverride(day, True, name.strip())
    return sorted(days.values(), key=lambda d: d.date)


def belongs_to_notice(year: int, day: date) -> bool:
    """Whether a year's notice may set `day`: a day of the year, or of the December before or the
    January after (a 元旦 holiday may start on 31 December, as in the 2023 notice)."""
    return day.year == year or (day.year == year - 1 and day.month == 12) or (day.year == year + 1 and day.month == 1)


def _in_year(year: int, day: date, what: str) -> None:
    if not belongs_to_notice(year, day):
        raise NoticeError(gettext_noop("%(w)s：%(d)s 不在 %(y)s 年内。"), w=what, d=day, y=year)


def holidays_of(overrides: Iterable[DayOverride]) -> tuple[list[Holiday], list[tuple[date, str]]]:
    """The notice back from per-day overrides: runs of consecutive days off with one name, and make-up days."""
    ranges: list[Holiday] = []
    makeup: list[tuple[date, str]] = []
    for o in sorted(overrides, key=lambda d: d.date):
        if o.is_workday:
            makeup.append((o.date, o.name))
        elif ranges and ranges[-1].name == o.name and ranges[-1].end + timedelta(days=1) == o.date:
            ranges[-1] = Holiday(o.name, ranges[-1].start, o.date)
        else:
            ranges.append(Holiday(o.name, o.date, o.date))
    return ranges, makeup


def parse_holiday_cn(data) -> tuple[int, list[DayOverride]]:
    """A holiday-cn file: {"year": 2027, "days": [{"name": "春节", "date": "2027-02-06", "isOffDay": true}, …]}."""
    if not isinstance(data, dict):
        raise NoticeError(gettext_noop("文件内容应为一个对象，含 year 和 days。"))
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 < year < 2200:
        raise NoticeError(gettext_noop("year 应为年份数字，如 2027。"))
    entries = data.get("days")
    if not isinstance(entries, list):
        raise NoticeError(gettext_noop("days 应为列表。"))
    days: dict[date, DayOverride] = {}
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise NoticeError(gettext_noop("days 第 %(i)s 项：应为对象。"), i=i)
        name, raw, off = entry.get("name"), entry.get("date"), entry.get("isOffDay")
        if not isinstance(name, str) or not name.strip():
            raise NoticeError(gettext_noop("days 第 %(i)s 项：缺少 name。"), i=i)
        try:
            day = date.fromisoformat(raw)
        except (TypeError, ValueError):
            raise NoticeError(gettext_noop("days 第 %(i)s 项：date 应为 YYYY-MM-DD 格式的日期。"), i=i) from None
        if not isinstance(off, bool):
            raise NoticeError(gettext_noop("days 第 %(i)s 项：isOffDay 应为 true 或 false。"), i=i)
        if not belongs_to_notice(year, day):
            raise NoticeError(gettext_noop("days 第 %(i)s 项：%(d)s 不在 %(y)s 年内。"), i=i, d=day, y=year)
        if day in days:
            raise NoticeError(gettext_noop("days 第 %(i)s 项：%(d)s 重复出现。"), i=i, d=day)
        days[day] = DayOverride(day, not off, name.strip())
    return year, sorted(days.values(), key=lambda d: d.date)


@dataclass(frozen=True)
class CalendarDay:
    date: date
    status: str  # workday | rest | holiday | makeup
    name: str = ""


def day_status(calendar: WorkdayCalendar, day: date, names: dict[date, str]) -> CalendarDay:
    """A day as the calendar shows it: 工作日, 休息日, 法定节假日 (with its name) or 调休上班."""
    workday = calendar.is_workday(day)
    weekend = day.weekday() >= 5
    name = names.get(day) or PACKAGE_NAMES.get(_package_name(day), "")
    if workday:
        return CalendarDay(day, MAKEUP if weekend else WORKDAY, name if weekend else "")
    if name or not weekend:
        return CalendarDay(day, HOLIDAY, name)
    return CalendarDay(day, REST)


def _package_name(day: date) -> str:
    return chinese_calendar.holidays.get(day) or chinese_calendar.workdays.get(day) or ""


def year_grid(calendar: WorkdayCalendar, year: int, names: dict[date, str]) -> list[tuple[int, list[list]]]:
    """Twelve months, each as weeks (Monday first) of CalendarDay or None for the blanks."""
    months = []
    for month in range(1, 13):
        weeks = [
            [CalendarDay(d, "") if d.month != month else day_status(calendar, d, names) for d in week]
            for week in _calendar.Calendar().monthdatescalendar(year, month)
        ]
        months.append((month, [[d if d.status else None for d in week] for week in weeks]))
    return months


def counts(grid: list[tuple[int, list[list]]]) -> dict[str, int]:
    """How many days of each status the year has."""
    result = {WORKDAY: 0, REST: 0, HOLIDAY: 0, MAKEUP: 0}
    for _month, weeks in grid:
        for week in weeks:
            for d in week:
                if d is not None:
                    result[d.status] += 1
    return result
