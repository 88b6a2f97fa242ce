"""Reminders found by the daily run (`quzhi notify_sweep`): each app names on its AppConfig,
`reminders = "app.reminders.reminders"`, a function that, for a day, gives the reminders due on
its objects (a task close to its deadline, past it …). The run sends them through
notices.actions.send_reminders, which skips what was already sent."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Model

from core.declared import declared

from .recipients import Visible


@dataclass(frozen=True)
class Reminder:
    kind: str
    obj: Model
    units: tuple
    title: str
    body: str
    url: str
    # Names the state reminded of ("…:yellow:2026-09-30"): the same key is sent once per window.
    dedup_key: str
    visible: Visible | None = None


Finder = Callable[[date], Iterable[Reminder]]


def due(as_of: date) -> list[Reminder]:
    finders: list[Finder] = declared("reminders")
    return [r for finder in finders for r in finder(as_of)]
