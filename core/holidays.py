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


class NoticeError(ValueError):
    """The notice cannot be read; the message names the entry at fault (in Chinese)."""


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

    Every date must lie in `year`; no day may be both off and worked, or in two holidays.
    """
    days: dict[date, DayOverride] = {}
    for h in holidays:
        name = h.name.strip()
        if not name:
            raise NoticeError(f"{h.start} 至 {h.end}：请填写节日名称。")
        if h.end < h.start:
            raise NoticeError(f"{name}：结束日期 {h.end} 早于开始日期 {h.start}。")
        if (h.end - h.start).days + 1 > MAX_RANGE_DAYS:
            raise NoticeError(f"{name}：{h.start} 至 {h.end} 超过 {MAX_RANGE_DAYS} 天，请检查日期。")
        day = h.start
        while day <= h.end:
            _in_year(year, day, name)
            if day in days:
                raise NoticeError(f"{name}：{day} 已属于{days[day].name}。")
            days[day] = DayOverride(day, False, name)
            day += timedelta(days=1)
    for day, name in makeup_days:
        _in_year(year, day, name or "调休上班")
        if day in days:
            raise NoticeError(f"调休上班 {day} 已是{days[day].name}假期。")
        days[day] = DayOverride(day, True, name.strip())
    return sorted(days.values(), key=lambda d: d.date)


def _in_year(year: int, day: date, what: str) -> None:
    if day.year != year:
        raise NoticeError(f"{what}：{day} 不在 {year} 年内。")


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
        raise NoticeError("文件内容应为一个对象，含 year 和 days。")
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 < year < 2200:
        raise NoticeError("year 应为年份数字，如 2027。")
    entries = data.get("days")
    if not isinstance(entries, list):
        raise NoticeError("days 应为列表。")
    days: dict[date, DayOverride] = {}
    for i, entry in enumerate(entries, start=1):
        where = f"days 第 {i} 项"
        if not isinstance(entry, dict):
            raise NoticeError(f"{where}：应为对象。")
        name, raw, off = entry.get("name"), entry.get("date"), entry.get("isOffDay")
        if not isinstance(name, str) or not name.strip():
            raise NoticeError(f"{where}：缺少 name。")
        try:
            day = date.fromisoformat(raw)
        except (TypeError, ValueError):
            raise NoticeError(f"{where}：date 应为 YYYY-MM-DD 格式的日期。") from None
        if not isinstance(off, bool):
            raise NoticeError(f"{where}：isOffDay 应为 true 或 false。")
        if day.year != year:
            raise NoticeError(f"{where}：{day} 不在 {year} 年内。")
        if day in days:
            raise NoticeError(f"{where}：{day} 重复出现。")
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
