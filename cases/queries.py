"""Reads of service cases: who sees and acts on what, deadlines and colours, inbox, metrics, check-ins."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import ranking, recompute, scope
from core.calendar import workday_calendar
from core.home import Summary
from org.choices import RoleCode
from org.models import Person, Unit

from . import calc, sla
from .choices import OPEN_STATES, CaseKind, CaseState, Colour
from .models import Case, CaseType, CheckIn, Household, OfficerAssignment


def today() -> date:
    return timezone.localdate()


# Who sees and who acts ----------------------------------------------------------------------------


def visible_cases(user):
    """Cases raised in the user's scope and cases dispatched to a unit in it; an enterprise user's own;
    those of the enterprises the user is 首席服务官 of (Case.scope_links)."""
    return scope.restrict(Case.objects.all(), user)


def is_enterprise_user(user) -> bool:
    return bool(user.is_authenticated and user.role_id and user.role.code == RoleCode.ENTERPRISE)


def may_submit(user) -> bool:
    """May `user` raise a case: an enterprise for itself, or a writing unit user."""
    return is_enterprise_user(user) or scope.can_write(user)


def is_manager(user, case: Case) -> bool:
    """Dispatches and follows up: writes, and the case was raised in the user's scope."""
    return scope.can_change(user, case)


def is_handler(user, case: Case) -> bool:
    """Signs and handles: writes, and the case was dispatched to a unit in the user's scope."""
    return bool(case.handler_path) and scope.can_report(user, case)


def sees_resident(user, case_or_path) -> bool:
    """Full name and phone: the grid worker of the grid and the units above; others see them masked."""
    path = case_or_path if isinstance(case_or_path, str) else case_or_path.scope_path
    return scope.scope_of(user).covers_path(path)


def roles_of(user, case: Case) -> set[str]:
    roles = set()
    if is_manager(user, case):
        roles.add("manager")
    if is_handler(user, case):
        roles.add("handler")
    if is_enterprise_user(user) and case.enterprise_id == user.enterprise_id:
        roles.add("enterprise")
    return roles


# Deadlines and colours ------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _table(key: tuple) -> sla.WorkdayTable:
    first, last, overrides, published = key
    from core.workdays import WorkdayCalendar

    return sla.WorkdayTable(WorkdayCalendar(dict(overrides), published), first, last)


def to_escalate(as_of: date):
    """Open cases not yet escalated whose deadline is at least their type's escalation margin of
    working days behind `as_of`: one condition per case type on the stored deadline, so the
    database finds them through the (state, due_on) index, with no per-case work in Python."""
    table = workday_table(as_of)
    condition = Q()
    for pk, margin in CaseType.objects.values_list("pk", "escalate_after").order_by("pk"):
        condition |= Q(case_type_id=pk, due_on__lte=table.latest_overdue_by(as_of, margin))
    if not condition:
        return Case.objects.none()
    return Case.objects.filter(condition, state__in=OPEN_STATES, escalated_to__isnull=True, due_on__isnull=False)


def workday_table(as_of: date | None = None) -> sla.WorkdayTable:
    """The working-day table around today, rebuilt when the administrator's calendar changes."""
    as_of = as_of or today()
    calendar = workday_calendar()
    overrides = tuple(sorted(calendar.overrides.items()))
    # Years without a notice are left to the calendar, which warns when one is actually used.
    last = as_of.year + 1 if calendar.is_known(as_of.year + 1) else as_of.year
    return _table((as_of.year - 3, last, overrides, tuple(sorted(calendar.published))))


def limits_of(case_type: CaseType) -> sla.Limits:
    return sla.Limits(
        dispatch=case_type.dispatch_days, sign=case_type.sign_days, handle=case_type.handle_days,
        reply=case_type.reply_days, warn_within=case_type.warn_within, escalate_after=case_type.escalate_after,
    )  # fmt: skip


def status_of(case: Case, *, as_of: date | None = None, table: sla.WorkdayTable | None = None) -> sla.Status:
    as_of = as_of or today()
    table = table or workday_table(as_of)
    return sla.status(table, due_on=case.due_on, as_of=as_of, limits=limits_of(case.case_type),
                      closed=case.state == CaseState.CLOSED)  # fmt: skip


def attach_status(cases, *, as_of: date | None = None) -> list[Case]:
    """Give each case of a page its status (colour, working days left or over)."""
    as_of = as_of or today()
    table = workday_table(as_of)
    rows = list(cases)
    for c in rows:
        c.status = status_of(c, as_of=as_of, table=table)
        c._colour = c.status.colour
    return rows


def colour_q(colour: str, as_of: date, table: sla.WorkdayTable) -> Q:
    """Cases of a colour as a filter on the stored deadline (yellow depends on each type's margin)."""
    if colour == Colour.DONE:
        return Q(state=CaseState.CLOSED)
    if colour == Colour.RED:
        return Q(state__in=OPEN_STATES, due_on__lt=as_of)
    yellow = Q()
    for type_id, within in CaseType.objects.values_list("pk", "warn_within"):
        # the last day with at most `within` working days left
        last = table.add(as_of, within).date if within else as_of
        yellow |= Q(case_type_id=type_id, due_on__gte=as_of, due_on__lte=last)
    yellow &= Q(state__in=OPEN_STATES)
    if colour == Colour.YELLOW:
        return yellow
    return Q(state__in=OPEN_STATES) & ~Q(due_on__lt=as_of) & ~yellow


# Inbox ----------------------------------------------------------------------------------------------


@dataclass
class InboxSection:
    key: str
    label: str
    cases: list


def inbox_specs(user) -> list[tuple[str, str, Q]]:
    """The inbox's sections: key, label and which of the visible cases belong there."""
    s = scope.scope_of(user)
    if is_enterprise_user(user):
        specs = [("rate", _("待评价"), Q(state=CaseState.REPLIED))]
    elif scope.can_write(user):
        # The user's own units (兼职 included), not those below: what waits on their desk.
        own = s.paths or ((user.unit.path,) if user.unit_id else ())
        mine = Q(handler_path__in=own) if own else Q(pk__in=[])
        managed = s.q(Case, scope.Grant.CHANGE)
        own_ids = list(Unit.objects.filter(path__in=own).values_list("pk", flat=True)) if own else []
        specs = [
            ("dispatch", _("待派单"), managed & Q(state=CaseState.ACCEPTED)),
            ("sign", _("待签收"), mine & Q(state=CaseState.DISPATCHED)),
            ("handle", _("办理中"), mine & Q(state=CaseState.HANDLING)),
            ("extension", _("待审批延期"), managed & Q(state__in=OPEN_STATES, extension_requested__isnull=False)),
            ("follow", _("待回访和办结"), managed & Q(state__in=[CaseState.REPLIED, CaseState.RATED])),
            # The units' ids as values (not a subquery): the planner then knows from the column's
            # statistics that few cases are escalated and reads the foreign key's index.
            ("escalated", _("超期上报本单位"), Q(escalated_to_id__in=own_ids, state__in=OPEN_STATES)),
        ]
    else:
        specs = []
    return specs


def inbox(user, *, as_of: date | None = None, limit: int = 50) -> list[InboxSection]:
    """What waits on the user's unit, soonest deadline first, and what was escalated to it."""
    as_of = as_of or today()
    visible = visible_cases(user)
    sections = []
    for key, label, cond in inbox_specs(user):
        # The section's first ids from the case table alone (its indexes), then those rows with
        # their related names: the joins never run over every case of the section.
        ids = list(visible.filter(cond).order_by("due_on", "pk").values_list("pk", flat=True)[:limit])
        page = Case.objects.filter(pk__in=ids).select_related("case_type", "handler_unit", "origin_unit", "enterprise")
        rows = attach_status(page.order_by("due_on", "pk") if ids else [], as_of=as_of)
        sections.append(InboxSection(key, label, rows))
    return sections


def soon_late(sections: list[InboxSection]) -> list[Case]:
    """Cases of the inbox that are overdue or about to be."""
    seen, result = set(), []
    for section in sections:
        for c in section.cases:
            if c.status.colour in (Colour.RED, Colour.YELLOW) and c.pk not in seen:
                seen.add(c.pk)
                result.append(c)
    return sorted(result, key=lambda c: (c.due_on or date.max, c.pk))


# Metrics --------------------------------------------------------------------------------------------

FACT_FIELDS = ("handler_unit_id", "dispatched_on", "sign_due", "signed_on", "handle_due", "replied_on", "state",
               "returns", "reworks", "satisfaction", "case_type__basic_counts_satisfied")  # fmt: skip


def _facts(row: dict) -> calc.CaseFacts:
    return calc.CaseFacts(
        dispatched_on=row["dispatched_on"], sign_due=row["sign_due"], signed_on=row["signed_on"],
        handle_due=row["handle_due"], replied_on=row["replied_on"], closed=row["state"] == CaseState.CLOSED,
        returned=row["returns"] > 0, reworked=row["reworks"] > 0, satisfaction=row["satisfaction"],
        basic_counts=row["case_type__basic_counts_satisfied"],
    )  # fmt: skip


@dataclass
class UnitMetrics:
    unit: Unit | None
    metrics: calc.Metrics
    rank: int | None = None


def metrics_by_unit(user, *, start: date, end: date, kind: str = "", as_of: date | None = None):
    """Each handling unit's metrics over the cases received from `start` to `end`, ranked by
    按时办结率; and the total. Cases not yet dispatched count in the total only."""
    as_of = as_of or today()
    table = workday_table(as_of)
    qs = visible_cases(user).filter(accepted_on__gte=start, accepted_on__lte=end)
    if kind:
        qs = qs.filter(kind=kind)
    groups: dict = defaultdict(list)
    everything = []
    for row in qs.values(*FACT_FIELDS).iterator(chunk_size=5000):
        facts = _facts(row)
        everything.append(facts)
        if row["handler_unit_id"]:
            groups[row["handler_unit_id"]].append(facts)
    units = Unit.objects.in_bulk(list(groups))
    rows = [UnitMetrics(units[pk], calc.metrics(f, as_of=as_of, workdays_between=table.between))
            for pk, f in groups.items()]  # fmt: skip
    ranks = ranking.rank({r.unit.pk: r.metrics.close_rate for r in rows})
    for r in rows:
        r.rank = ranks.get(r.unit.pk)
    rows.sort(key=lambda r: (r.rank or 10**6, r.unit.path))
    total = calc.metrics(everything, as_of=as_of, workdays_between=table.between)
    return rows, total


# Enterprise service: officers and check-ins --------------------------------------------------------


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class CheckInRate:
    unit: Unit
    officers: int
    checked_in: int
    rate: object
    rank: int | None = None


def checkin_rates(user, *, week: date) -> list[CheckInRate]:
    """Per officers' unit: how many of the officers on duty checked in that week, ranked by rate."""
    assignments = scope.restrict(OfficerAssignment.objects.filter(is_active=True), user)
    people = dict(assignments.values_list("person_id", "person__unit_id").distinct())
    done = set(
        CheckIn.objects.filter(week=week_of(week), person_id__in=list(people)).values_list("person_id", flat=True)
    )
    per_unit: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for person_id, unit_id in people.items():
        per_unit[unit_id][0] += 1
        per_unit[unit_id][1] += person_id in done
    units = Unit.objects.in_bulk(list(per_unit))
    rows = [CheckInRate(units[u], n, k, calc.rate(k, n)) for u, (n, k) in per_unit.items()]
    ranks = ranking.rank({r.unit.pk: r.rate for r in rows})
    for r in rows:
        r.rank = ranks.get(r.unit.pk)
    return sorted(rows, key=lambda r: (r.rank or 10**6, r.unit.path))


def officer_candidates(user):
    """The people `user` may name as 首席服务官: those of their scope and of the units above it.

    Leaders of the district serve enterprises of its towns, so a street's user may pick the
    district's people too; people of other districts and of sibling streets stay out of reach.
    """
    s = scope.scope_of(user)
    people = Person.objects.filter(is_active=True)
    if s.everything:
        return people
    if not s.path or s.enterprise_id is not None:
        return people.none()
    inside = scope.subtree_q("unit__path", s.path) if s.below else Q(unit__path=s.path)
    return people.filter(inside | Q(unit__path__in=Unit.paths_above(s.path, own=False)))


def officer_of(user) -> bool:
    return bool(user.person_id and OfficerAssignment.objects.filter(person_id=user.person_id, is_active=True).exists())


def visible_households(user):
    return scope.restrict(Household.objects.all(), user)


def home_summaries(user) -> list[Summary]:
    qs = visible_cases(user).filter(state__in=OPEN_STATES)
    return [
        Summary(_("办理中诉求"), qs.count(), reverse("cases:case-list") + "?open=true", "chat-square-text"),
        Summary(_("超期诉求"), qs.filter(due_on__lt=today()).count(), reverse("cases:case-list") + "?colour=red",
                "exclamation-octagon"),
    ]  # fmt: skip


def kinds_for(user) -> list[tuple[str, str]]:
    """The channels a user may raise a case on."""
    if is_enterprise_user(user):
        return [(CaseKind.ENTERPRISE.value, CaseKind.ENTERPRISE.label)]
    if user.is_authenticated and user.role_id and user.role.code == RoleCode.GRID_WORKER:
        return [(k.value, k.label) for k in CaseKind if k != CaseKind.ENTERPRISE]
    return list(CaseKind.choices)


def deadline_moves(calendar, years) -> list[recompute.Move]:
    """Open cases whose current stage's deadline the calendar now puts elsewhere (or flags differently)."""
    first, last = recompute.span(years)
    cases = Case.objects.filter(
        state__in=OPEN_STATES, due_on__gte=first, due_from__lte=last, due_workdays__isnull=False,
    ).select_related("case_type")  # fmt: skip
    return recompute.moved(cases, calendar, start="due_from", workdays="due_workdays", due="due_on")
