"""督办 tasks on the home page: those the user's units carry, nearest deadline first, and the overdue."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from core import scope
from core.home import Panel, Todo, TodoGroup

from . import queries
from .calc import Colour
from .choices import TaskState


def _todo(kind: str, task, status) -> Todo:
    colour = "" if status.colour == Colour.NONE else str(status.colour)
    note = task.lead_unit.name
    if task.progress_pct is not None:
        note = _("%(u)s · 进度 %(p)s%%") % {"u": note, "p": task.progress_pct}
    return Todo(kind, task.title, task.get_absolute_url(), due=task.deadline, colour=colour, note=note)


def groups(user, *, as_of: date, limit: int) -> list[TodoGroup]:
    """For those who carry tasks (a writing role): the open ones, overdue first, then by deadline."""
    if not scope.can_write(user) or not scope.oversees_units(user):
        return []
    open_tasks = queries.visible_tasks(user).filter(state=TaskState.OPEN).select_related("lead_unit")
    overdue = open_tasks.filter(deadline__lt=as_of)
    current = open_tasks.filter(deadline__gte=as_of)
    late_rows = list(overdue.order_by("deadline", "pk")[:limit])
    due_rows = list(current.order_by("deadline", "pk")[:limit])
    found = queries.statuses([*late_rows, *due_rows], as_of=as_of) if late_rows or due_rows else {}
    return [
        TodoGroup(
            "task_overdue",
            _("逾期的督办事项"),
            overdue.count(),
            url=reverse("supervision:overdue"),
            icon="flag-fill",
            items=[_todo("task_overdue", t, found[t.pk]) for t in late_rows],
        ),
        TodoGroup(
            "task_open",
            _("办理中的督办事项"),
            current.count(),
            url=reverse("supervision:task-list"),
            icon="flag",
            items=[_todo("task_open", t, found[t.pk]) for t in due_rows],
        ),
    ]


SHOWN = 5


def leader_panel(user, *, as_of: date) -> Panel | None:
    """For those who follow tasks without carrying them (leaders): the overdue ones in their units."""
    if scope.can_write(user) or not scope.oversees_units(user):
        return None
    overdue = queries.visible_tasks(user).filter(state=TaskState.OPEN, deadline__lt=as_of)
    rows = list(overdue.select_related("lead_unit").order_by("deadline", "pk")[:SHOWN])
    found = queries.statuses(rows, as_of=as_of) if rows else {}
    items = [(t, found[t.pk]) for t in rows]
    context = {"count": overdue.count(), "items": items, "url": reverse("supervision:overdue")}
    return Panel(_("逾期督办事项"), "supervision/_home_panel.html", context, order=20)
