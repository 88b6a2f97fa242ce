"""The home page: what needs the user now (待办), and the panels of their role.

Each app declares on its AppConfig, as data like its navigation:
- `todo = "app.todo.groups"`: a function `(user, *, as_of, limit) -> list[TodoGroup]`, the app's
  things waiting on the user, each group with its full count and its first `limit` items;
- `home_panels = ["app.todo.leader_panel", ...]`: functions `(user, *, as_of) -> Panel | None`,
  a block of the home page for the roles it concerns (a leader's projects, an enterprise's cases);
- `home_summaries = "app.queries.home_summaries"`: a function `(user) -> list[Summary]`, the app's
  figures on the activity page;
- `home_gates = ["app.queries.first_run_url"]`: functions `(user) -> str | None`, a page the user
  must visit before the home page (setting up the top unit of a new site).
Core gathers them and adds the working days left to each deadline; it knows nothing of the domain.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import ChoiceSet
from .declared import declared


@dataclass
class Summary:
    label: str
    value: int
    url: str = ""
    icon: str = "circle"


# Colours of a deadline, the same words the apps' own colours use.
RED, YELLOW, BLUE = "red", "yellow", "blue"


class DueColour(ChoiceSet):
    """A deadline's colour on the badge of a 待办 ("" for nothing pressing)."""

    NONE = "", gettext_lazy("正常"), "light"
    RED = RED, gettext_lazy("已超期"), "danger"
    YELLOW = YELLOW, gettext_lazy("即将超期"), "warning"
    BLUE = BLUE, gettext_lazy("蓝色提醒"), "info"


# A deadline this many working days away or nearer is coloured yellow when its app gives no colour.
NEAR_WORKDAYS = 3


@dataclass
class Todo:
    kind: str  # what it is, e.g. "report_returned"; the API's `kind`
    title: str
    url: str
    due: date | None = None
    colour: str = ""  # red, yellow, blue or "" (nothing pressing)
    note: str = ""  # e.g. the reason a report came back
    days_left: int | None = None  # working days from today to `due`; negative when past it
    estimated: bool = False  # a day of a year without a holiday calendar was counted Monday–Friday

    @property
    def days_over(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def due_label(self) -> str:
        """The words on the deadline's badge: working days left or over, or the day."""
        if self.days_left is None:
            return format_date(self.due, "n月j日")
        if self.days_over:
            return _("超期 %(n)s 个工作日") % {"n": self.days_over}
        if self.days_left == 0:
            return _("今天到期")
        return _("剩 %(n)s 个工作日") % {"n": self.days_left}

    @property
    def due_title(self) -> str:
        day = format_date(self.due, "Y年n月j日")
        return f"{day} · {_('按周一至周五估算')}" if self.estimated else day


@dataclass
class TodoGroup:
    kind: str
    label: str
    count: int  # all of them, not only the items shown
    items: list[Todo] = field(default_factory=list)
    url: str = ""  # the page listing all of them
    icon: str = "check2-square"

    @classmethod
    def of(cls, kind: str, label: str, rows, *, limit: int, todo: Callable[[Any], Todo], **more) -> "TodoGroup":
        """The group of a queryset's rows: its first `limit` shown, each as `todo` makes it, all counted."""
        items = [todo(row) for row in rows[:limit]]
        return cls(kind, label, rows.count(), items=items, **more)


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


def todo_groups(user, *, limit: int = 5, as_of: date | None = None) -> list[TodoGroup]:
    """Every app's groups of work waiting on `user`, the non-empty ones, deadlines counted in working days."""
    as_of = as_of or timezone.localdate()
    groups = [g for provider in declared("todo") for g in provider(user, as_of=as_of, limit=limit) if g.count]
    dated = [t for g in groups for t in g.items if t.due is not None]
    if dated:
        from .calendar import workday_calendar

        calendar = workday_calendar()
        for t in dated:
            t.days_left, t.estimated = calendar.workdays_between(as_of, t.due)
            if not t.colour:
                t.colour = RED if t.days_left < 0 else YELLOW if t.days_left <= NEAR_WORKDAYS else ""
    return groups


def todo_items(user, *, limit: int = 100, as_of: date | None = None) -> tuple[list[Todo], int]:
    """The items of every group, most urgent first, and how many there are in all."""
    groups = todo_groups(user, limit=limit, as_of=as_of)
    items = [t for g in groups for t in g.items]
    items.sort(key=lambda t: (t.due is None, t.due or date.max))
    return items, sum(g.count for g in groups)


def panels(user, *, as_of: date | None = None) -> list[Panel]:
    as_of = as_of or timezone.localdate()
    found = [p for provider in declared("home_panels") if (p := provider(user, as_of=as_of)) is not None]
    return sorted(found, key=lambda p: p.order)


def summaries(user) -> list[Summary]:
    return [summary for provider in declared("home_summaries") for summary in provider(user)]


def gate_for(user) -> str | None:
    """The first page an app's gate sends `user` to before the home page, or None."""
    for gate in declared("home_gates"):
        url = gate(user)
        if url:
            return url
    return None
