"""Quiet hours (免打扰): when a message that is not to disturb now may go out. Pure: no Django."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

MORNING = time(8, 0)


def in_window(at: time, start: time | None, end: time | None) -> bool:
    """Is `at` inside the nightly window [start, end) — which may run past midnight (22:00–07:00)?"""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= at < end
    return at >= start or at < end


def release_at(
    now: datetime,
    *,
    start: time | None,
    end: time | None,
    rest_day: Callable[[date], bool] | None = None,
    morning: time = MORNING,
) -> datetime | None:
    """None when a message may go out at `now` (a local, aware time); else when the quiet time ends:
    the end of the nightly window, or the first working day's morning (the window's end, else
    `morning`) after non-working days."""
    wake = end if (start is not None and end is not None and start != end) else morning
    at, held = now, False
    for _ in range(400):  # no calendar rests for more than a year
        if in_window(at.timetz(), start, end):
            nxt = at.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
            at, held = (nxt if nxt > at else nxt + timedelta(days=1)), True
            continue
        if rest_day is not None and rest_day(at.date()):
            at, held = datetime.combine(at.date() + timedelta(days=1), wake, tzinfo=at.tzinfo), True
            continue
        break
    return at if held else None


def next_at(now: datetime, when: time) -> datetime:
    """The next `when` o'clock after `now` (today's if still ahead, else tomorrow's)."""
    at = now.replace(hour=when.hour, minute=when.minute, second=0, microsecond=0)
    return at if at > now else at + timedelta(days=1)
