"""Cases on the home page: the inbox by time-limit colour, visits due, and an enterprise's own page."""

from datetime import date

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from core import scope
from core.home import Panel, Todo, TodoGroup

from . import queries
from .choices import OPEN_STATES, Colour
from .models import OfficerAssignment, Visit

ICONS = {
    "dispatch": "send",
    "sign": "inbox",
    "handle": "hourglass-split",
    "extension": "calendar-plus",
    "follow": "telephone",
    "escalated": "exclamation-triangle",
    "rate": "star",
}


def _colour(case) -> str:
    colour = case.status.colour
    return str(colour) if colour in (Colour.RED, Colour.YELLOW) else ""


def groups(user, *, as_of: date, limit: int) -> list[TodoGroup]:
    result = []
    specs = queries.inbox_specs(user)
    if specs:
        # Every section is of open cases: counting only those reads the state index, not the closed years.
        counts = (
            queries.visible_cases(user)
            .filter(state__in=OPEN_STATES)
            .aggregate(**{key: Count("pk", filter=cond) for key, _l, cond in specs})
        )
        inbox = reverse("cases:inbox")
        for section in queries.inbox(user, as_of=as_of, limit=limit):
            result.append(
                TodoGroup(
                    f"case_{section.key}",
                    section.label,
                    counts[section.key],
                    url=inbox,
                    icon=ICONS.get(section.key, "chat-square-text"),
                    items=[
                        Todo(
                            f"case_{section.key}",
                            c.title,
                            c.get_absolute_url(),
                            due=c.due_on,
                            colour=_colour(c),
                            note=c.case_type.name,
                        )
                        for c in section.cases
                    ],
                )
            )
    due = households_to_visit(user, as_of=as_of)
    if due is not None:
        result.append(
            TodoGroup.of(
                "visit_due",
                _("本月待走访的关爱户"),
                due.select_related("grid"),
                limit=limit,
                todo=lambda h: Todo(
                    "visit_due", f"{h.grid.name} · {h.get_category_display()}", h.get_absolute_url(), note=h.address
                ),
                url=reverse("cases:household-list"),
                icon="door-open",
            )
        )
    return result


def households_to_visit(user, *, as_of: date):
    """A grid worker's households not yet visited this month (敲门行动 visits each household monthly).

    None for anyone else: the households of a whole street are its grid workers' rounds.
    """
    if not scope.can_write(user) or not scope.works_in_units(user) or scope.oversees_units(user):
        return None
    visited = Visit.objects.filter(household=OuterRef("pk"), visited_on__gte=as_of.replace(day=1))
    return (
        queries.visible_households(user)
        .filter(is_active=True)
        .annotate(visited=Exists(visited))
        .filter(visited=False)
        .order_by("name", "pk")
    )


CASES_SHOWN = 10


def enterprise_panel(user, *, as_of: date) -> Panel | None:
    """An enterprise user's page: its own cases and state, and its 首席服务官."""
    if not queries.is_enterprise_user(user):
        return None
    cases = queries.visible_cases(user).select_related("case_type").order_by("-accepted_on", "-pk")
    rows = queries.attach_status(cases[:CASES_SHOWN], as_of=as_of)
    officers = scope.restrict(OfficerAssignment.objects.filter(is_active=True), user).select_related(
        "person", "person__unit"
    )
    context = {
        "cases": rows,
        "count": cases.count(),
        "officers": list(officers),
        "list_url": reverse("cases:case-list"),
        "create_url": reverse("cases:case-create"),
    }
    return Panel(_("我的诉求与首席服务官"), "cases/_enterprise_panel.html", context, order=10)
