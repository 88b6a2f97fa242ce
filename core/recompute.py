"""Deadlines kept in working days, computed again when the holiday calendar changes.

Each app that stores such deadlines registers a `Source` in AppConfig.ready(): which of its open
deadlines a change to some years can move (`moves`: read only) and how to write them (`apply`:
through its actions, one audit row per object, before → after). Core knows no domain model.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from .workdays import WorkdayCalendar


@dataclass(frozen=True)
class Move:
    """One open deadline and where the calendar now puts it."""

    obj: object
    before: date
    after: date
    fallback_before: bool
    fallback_after: bool

    @property
    def days(self) -> int:
        return (self.after - self.before).days


@dataclass(frozen=True)
class Source:
    key: str
    label: str  # e.g. 督办事项
    moves: Callable[[WorkdayCalendar, Iterable[int]], list[Move]]
    apply: Callable[[list[Move]], None]


_sources: dict[str, Source] = {}


def register(source: Source) -> None:
    _sources[source.key] = source


def sources() -> list[Source]:
    return list(_sources.values())


def moved(objects: Iterable, calendar: WorkdayCalendar, *, start: str, workdays: str, due: str) -> list[Move]:
    """The objects whose deadline, `workdays` working days after `start`, the calendar now puts on
    another day than `due` or flags differently (`deadline_fallback`): the attributes are named."""
    moves = []
    for obj in objects:
        day = calendar.add_workdays(getattr(obj, start), getattr(obj, workdays))
        before, fallback_before = getattr(obj, due), obj.deadline_fallback
        if (day.date, day.fallback) != (before, fallback_before):
            moves.append(Move(obj, before, day.date, fallback_before, day.fallback))
    return moves


def span(years: Iterable[int]) -> tuple[date, date]:
    """The first and last day of the changed years: a deadline counted across none of them stays."""
    years = sorted(set(years))
    return date(years[0], 1, 1), date(years[-1], 12, 31)


@dataclass(frozen=True)
class Summary:
    label: str
    moved: int  # deadlines on another day
    flags: int  # deadlines on the same day, no longer (or again) flagged 推算
    shifts: list[tuple[int, int]]  # (days moved, how many), earliest first

    @property
    def total(self) -> int:
        return self.moved + self.flags


def preview(calendar: WorkdayCalendar, years: Iterable[int]) -> dict[str, list[Move]]:
    """Every source's deadlines that the calendar puts elsewhere (or flags differently), by source key."""
    years = list(years)
    return {s.key: s.moves(calendar, years) for s in sources()}


def summarise(found: dict[str, list[Move]]) -> list[Summary]:
    result = []
    for s in sources():
        moves = found.get(s.key, [])
        shifts = Counter(m.days for m in moves if m.days)
        result.append(Summary(s.label, sum(1 for m in moves if m.days), sum(1 for m in moves if not m.days),
                              sorted(shifts.items())))  # fmt: skip
    return result
