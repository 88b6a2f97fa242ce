"""督办 tasks on the home page: those the user's units carry, nearest deadline first, and the overdue."""

import operator
from datetime import date
from functools import reduce

from django.db.models import Case, Count, F, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core import scope
from core.home import Panel, Todo, TodoGroup

from . import queries
from .calc import Colour
from .choices import BulletinState, TaskState
from .models import Bulletin, Issuer


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


# Bulletins waiting on a step -----------------------------------------------------------------------


BULLETIN_GROUPS = {  # kind: label, icon
    "bulletin_returned": (_lazy("退回修改的通报"), "arrow-counterclockwise"),
    "bulletin_review": (_lazy("待审核的通报"), "clipboard-check"),
    "bulletin_sign": (_lazy("待签发的通报"), "pen"),
    "bulletin_print": (_lazy("待印发的通报"), "printer"),
}


def _bulletin_note(kind: str, bulletin: Bulletin) -> str:
    if kind == "bulletin_returned":
        return _("退回原因：%(r)s") % {"r": bulletin.return_reason}
    return bulletin.number if kind == "bulletin_print" else bulletin.unit.name


def bulletin_groups(user, *, as_of: date, limit: int) -> list[TodoGroup]:
    """The bulletins waiting on the user's step: to review (a reviewing role within the issuing
    unit's scope), to sign (the issuer's 签发人), returned drafts and signed ones to print (a writing
    role within the scope) — the same people the bulletin page shows the buttons to.

    Two queries whatever the rows: the counts of every group, then the first `limit` of each."""
    if not getattr(user, "is_authenticated", False) or not scope.oversees_units(user):
        return []
    wanted = {}
    if user.can_write():
        wanted["bulletin_returned"] = Q(state=BulletinState.DRAFT) & ~Q(return_reason="")
        wanted["bulletin_print"] = Q(state=BulletinState.SIGNED)
    if user.can_review():
        wanted["bulletin_review"] = Q(state=BulletinState.SUBMITTED)
    # Before 印发 a bulletin is seen within the issuing unit's scope only, as on its page.
    wanted["bulletin_sign"] = Q(state=BulletinState.REVIEWED, issuer__in=Issuer.objects.filter(signers=user))
    mine = scope.restrict(Bulletin.objects.all(), user)
    counts = mine.aggregate(**{kind: Count("pk", filter=q) for kind, q in wanted.items()})
    if not any(counts.values()):
        return []
    either = reduce(operator.or_, wanted.values())
    rows = (
        mine.filter(either)
        .annotate(group=Case(*[When(q, then=Value(kind)) for kind, q in wanted.items()]))
        .annotate(rank=Window(RowNumber(), partition_by=[F("group")], order_by=[F("created_at"), F("pk")]))
        .filter(rank__lte=limit)
        .select_related("unit")
        .order_by("created_at", "pk")
    )
    items = {kind: [] for kind in wanted}
    for b in rows:
        items[b.group].append(Todo(b.group, b.title, b.get_absolute_url(), note=_bulletin_note(b.group, b)))
    url = reverse("supervision:bulletin-list")
    return [
        TodoGroup(kind, str(label), counts[kind], items=items[kind], url=url, icon=icon)
        for kind, (label, icon) in BULLETIN_GROUPS.items()
        if kind in wanted
    ]
