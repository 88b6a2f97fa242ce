"""Reads of supervision: task colours and overdue lists, round results, target fulfilment."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import money, ranking, recompute, scope
from core.calendar import workday_calendar
from core.home import Summary
from core.money import convert
from core.workdays import WorkdayCalendar
from indicators.models import Value
from org.models import Unit
from projects import queries as project_queries

from . import calc
from .choices import BulletinState, IndicatorBasis, ProjectMetric, TargetKind, TaskColour, TaskState, Verdict
from .models import Bulletin, EscalationSettings, Issuer, ResponsibilityTarget, Score, ScoringRound, SupervisedTask

TASK_COLOUR_LABELS = dict(TaskColour.choices)


def visible_tasks(user):
    return scope.restrict(SupervisedTask.objects.all(), user)


def visible_bulletins(user):
    """Bulletins of the user's scope, and those issued above it: a town reads the district's bulletin
    once it is 印发; drafts and bulletins in review are seen only within the issuing unit's scope."""
    s = scope.scope_of(user)
    qs = Bulletin.objects.all()
    if s.everything:
        return qs
    if s.enterprise_id is not None or not s.path:
        return qs.none()
    return qs.filter(Q(unit__path__in=Unit.paths_above(s.path), state=BulletinState.ISSUED) | s.q(Bulletin))


# Issuers and the bulletin workflow ---------------------------------------------------------------

ISSUER_REQUIRED = ("name", "mark", "prefix", "recipients", "printed_by")


def can_admin_issuer(user, unit: Unit) -> bool:
    """The unit's administrators (a managing role whose scope holds the unit) keep its issuer."""
    return bool(
        getattr(user, "is_authenticated", False) and user.can_admin() and scope.scope_of(user).covers_path(unit.path)
    )


def issuer_units(user):
    """The units whose issuer settings `user` may keep: their own unit and, for a platform
    administrator, the units that already have or are given settings (chosen on the page)."""
    if not getattr(user, "is_authenticated", False) or not user.can_admin():
        return Unit.objects.none()
    s = scope.scope_of(user)
    if s.everything:
        return Unit.objects.filter(is_active=True, depth__lte=2).order_by("path")
    return Unit.objects.filter(path__in=s.paths, is_active=True).order_by("path")


def issuer_missing(issuer: Issuer | None) -> list:
    """The labels of the settings a unit must fill in before it can issue ([] when complete)."""
    return [
        Issuer._meta.get_field(name).verbose_name
        for name in (*ISSUER_REQUIRED, "signers")
        if issuer is None
        or (name == "signers" and (issuer.pk is None or not issuer.signers.exists()))
        or (name != "signers" and not getattr(issuer, name).strip())
    ]


def _covers(user, bulletin: Bulletin) -> bool:
    return scope.scope_of(user).covers_path(bulletin.unit.path)


def may_edit_bulletin(user, bulletin: Bulletin) -> bool:
    """Write, 送审 and 印发: a writing role within the issuing unit's scope."""
    return scope.can_write(user) and _covers(user, bulletin)


may_print_bulletin = may_edit_bulletin


def may_review_bulletin(user, bulletin: Bulletin) -> bool:
    """审核: a reviewing role within the issuing unit's scope."""
    return bool(getattr(user, "is_authenticated", False) and user.can_review() and _covers(user, bulletin))


def may_sign_bulletin(user, bulletin: Bulletin) -> bool:
    """签发: one of the issuer's 签发人."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and bulletin.issuer_id
        and bulletin.issuer.signers.filter(pk=user.pk).exists()
    )


def bulletin_steps(user, bulletin: Bulletin) -> set[str]:
    """The steps `user` may take on `bulletin` now: the buttons the page shows."""
    state = bulletin.state
    steps = set()
    if state == BulletinState.DRAFT and may_edit_bulletin(user, bulletin):
        steps |= {"edit", "submit"}
    elif state == BulletinState.SUBMITTED and may_review_bulletin(user, bulletin):
        steps |= {"pass", "return"}
    elif state == BulletinState.REVIEWED and may_sign_bulletin(user, bulletin):
        steps.add("sign")
    elif state == BulletinState.SIGNED and may_print_bulletin(user, bulletin):
        steps.add("print")
    return steps


def issued_numbers(issuer: Issuer):
    """The numbers an issuer has given, by year and sequence (the 发文登记)."""
    return (
        Bulletin.objects.filter(issuer=issuer, sequence__isnull=False)
        .select_related("signed_by")
        .order_by("-year", "-sequence")
    )


def home_summaries(user) -> list[Summary]:
    today = timezone.localdate()
    overdue = visible_tasks(user).filter(state=TaskState.OPEN, deadline__lt=today).count()
    return [Summary(_("逾期督办事项"), overdue, reverse("supervision:overdue"), "flag")]


def escalation_rules() -> calc.EscalationRules:
    s = EscalationSettings.current()
    return calc.EscalationRules(blue_within=s.blue_within, yellow_within=s.yellow_within, behind_pp=s.behind_pp)


@dataclass
class TaskStatus:
    colour: calc.Colour
    workdays_left: int  # working days from `as_of` to the deadline; 0 once past it
    workdays_over: int  # working days past the deadline (0 when not overdue)
    fallback: bool  # a day of an unknown year was counted Monday–Friday
    reason: str = ""  # why the colour: the fact in words ("" for done and on track)


def task_status(
    task, *, as_of: date, rules: calc.EscalationRules, calendar: WorkdayCalendar | None = None
) -> TaskStatus:
    calendar = calendar or workday_calendar()
    done = task.state == TaskState.DONE
    overdue = not done and as_of > task.deadline
    total, fb1 = calendar.workdays_between(task.assigned_on, task.deadline)
    if overdue:
        over, fb2 = calendar.workdays_between(task.deadline, as_of)
        left = 0
    else:
        left, fb2 = calendar.workdays_between(as_of, task.deadline)
        over = 0
    found = calc.task_warning(
        rules=rules, done=done, overdue=overdue, workdays_left=max(left, 0), workdays_total=total,
        progress_pct=None if task.progress_pct is None else Decimal(task.progress_pct), workdays_over=over,
    )  # fmt: skip
    return TaskStatus(found.colour, max(left, 0), over, fb1 or fb2 or task.deadline_fallback, found.reason)


def statuses(tasks, *, as_of: date) -> dict[int, TaskStatus]:
    rules, calendar = escalation_rules(), workday_calendar()
    return {t.pk: task_status(t, as_of=as_of, rules=rules, calendar=calendar) for t in tasks}


def with_status(tasks, *, as_of: date) -> list[SupervisedTask]:
    """The tasks, each with its `status` for the day (one read of the rules and the calendar)."""
    tasks = list(tasks)
    found = statuses(tasks, as_of=as_of)
    for t in tasks:
        t.status = found[t.pk]
    return tasks


@dataclass
class OverdueGroup:
    key: str
    label: str
    count: int
    workdays_over: int  # the longest delay in the group


def overdue_tasks(user, *, as_of: date, within: Unit | None = None) -> list[tuple[SupervisedTask, TaskStatus]]:
    """Open tasks past their deadline as of a day, longest overdue first."""
    qs = visible_tasks(user).filter(state=TaskState.OPEN, deadline__lt=as_of)
    if within is not None:
        qs = qs.filter(lead_unit__path__startswith=within.path)
    tasks = list(qs.select_related("lead_unit", "leader").order_by("deadline", "pk"))
    found = statuses(tasks, as_of=as_of)
    return [(t, found[t.pk]) for t in tasks]


def overdue_by(rows: list[tuple[SupervisedTask, TaskStatus]], by: str) -> list[OverdueGroup]:
    """Overdue tasks counted by lead unit or by supervising leader."""
    groups: dict[str, list] = defaultdict(list)
    labels: dict[str, str] = {}
    for task, status in rows:
        if by == "unit":
            key, label = str(task.lead_unit_id), task.lead_unit.name
        else:
            key, label = str(task.leader_id or ""), task.leader.name if task.leader else _("（未指定）")
        groups[key].append(status.workdays_over)
        labels[key] = label
    result = [OverdueGroup(k, labels[k], len(v), max(v)) for k, v in groups.items()]
    return sorted(result, key=lambda g: (-g.count, -g.workdays_over, g.label))


# Scored tours -----------------------------------------------------------------------------------


@dataclass
class ProjectResult:
    project_id: int
    project: str
    unit_id: int
    unit: str
    judges: int
    score: Decimal | None


@dataclass
class UnitResult:
    unit_id: int
    unit: str
    projects: int
    score: Decimal | None
    rank: int | None


def round_results(round: ScoringRound) -> tuple[list[ProjectResult], list[UnitResult]]:
    """Each project's weighted score (extremes dropped if the round says so) and each unit's mean,
    ranked within the round's peer group (all scored units when it has none). One query for scores."""
    weights = {str(i.pk): i.weight for i in round.rubric.items.all()}
    marks: dict[int, dict[str, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    names: dict[int, tuple[str, int, str]] = {}
    rows = Score.objects.filter(round=round).values_list(
        "project_id", "project__name", "project__unit_id", "project__unit__name", "project__unit__path", "judge",
        "item_id", "score",
    )  # fmt: skip
    paths: dict[int, str] = {}
    for project_id, project, unit_id, unit, path, judge, item_id, score in rows:
        marks[project_id][judge][str(item_id)] = score
        names[project_id] = (project, unit_id, unit)
        paths[project_id] = path
    projects = []
    for project_id, by_judge in marks.items():
        project, unit_id, unit = names[project_id]
        score = calc.judged_score(by_judge, weights, drop_extremes=round.drop_extremes)
        projects.append(ProjectResult(project_id, project, unit_id, unit, len(by_judge), score))
    projects.sort(key=lambda p: (-(p.score or 0), p.project))
    # A project counts for the member of the peer group whose tree holds it (a street's project for
    # its district); without a peer group, for its own unit.
    members = list(round.peer_group.members.values_list("pk", "path", "name")) if round.peer_group_id else None
    per_unit: dict[int, list[Decimal]] = defaultdict(list)
    unit_names = {}
    for p in projects:
        if p.score is None:
            continue
        if members is None:
            key, name = p.unit_id, p.unit
        else:
            holders = [(len(path), pk, name) for pk, path, name in members if paths[p.project_id].startswith(path)]
            if not holders:
                continue
            _length, key, name = max(holders)
        per_unit[key].append(p.score)
        unit_names[key] = name
    means = {u: calc.mean(v) for u, v in per_unit.items()}
    ranks = ranking.rank(means)
    units = [UnitResult(u, unit_names[u], len(per_unit[u]), means[u], ranks.get(u)) for u in means]
    units.sort(key=lambda r: (r.rank or 10**6, r.unit))
    return projects, units


# Target responsibility --------------------------------------------------------------------------


@dataclass
class TargetRow:
    target: ResponsibilityTarget
    actual: Decimal | None
    source: str  # where the actual figure comes from, shown beside it
    result: calc.Fulfilment

    @property
    def sentence(self) -> str:
        """ "476辆，超额完成" — the result the way a 目标责任书 review states it."""
        if self.actual is None:
            return _("暂无完成数据")
        return f"{_num(self.actual)}{self.target.measure}，{Verdict(self.result.verdict).label}"


def _num(value: Decimal) -> str:
    return money.plain(value)


def target_rows(user, *, year: int) -> list[TargetRow]:
    """Each visible target of the year with its actual figure and the over/under-fulfilment."""
    targets = list(
        scope.restrict(ResponsibilityTarget.objects.filter(year=year), user).select_related("unit", "indicator")
    )
    rows = []
    for t in targets:
        actual, source = _actual(user, t)
        result = calc.fulfilment(target=t.target_value, actual=actual, lower_is_better=t.lower_is_better)
        rows.append(TargetRow(t, actual, source, result))
    return rows


def _actual(user, t: ResponsibilityTarget) -> tuple[Decimal | None, str]:
    if t.kind == TargetKind.COUNT:
        return t.actual_value, t.actual_note or _("填报")
    if t.kind == TargetKind.INDICATOR:
        # The latest cumulative figure of the year the unit has (the year's own once December is in).
        value = (
            Value.objects.filter(indicator=t.indicator, unit=t.unit, year=t.year, kind="ytd")
            .order_by("-number")
            .first()
        )
        if value is None:
            return None, _("暂无数据")
        figure = value.growth if t.basis == IndicatorBasis.GROWTH else value.level
        if figure is not None and t.basis == IndicatorBasis.LEVEL and t.indicator.unit != t.measure:
            figure = _converted(figure, t.indicator.unit, t.measure)
        label = _("%(y)s年1-%(m)s月") % {"y": value.year, "m": value.number}
        return figure, label
    # Project figures: the unit's projects as rolled up for the latest month with approved reports.
    projects = project_queries.visible_projects(user).filter(scope.subtree_q("unit__path", t.unit.path))
    month = project_queries.latest_reported_month(projects, t.year)
    if month is None:
        return None, _("暂无已审核月报")
    total = project_queries.rollup_total(user, year=t.year, month=month, queryset=projects)
    label = _("%(y)s年1-%(m)s月") % {"y": t.year, "m": month}
    if t.project_metric == ProjectMetric.YTD_INVESTMENT:
        return _converted(Decimal(total.ytd), "元", t.measure), label
    if t.project_metric == ProjectMetric.COMPLETION:
        return total.completion, label
    return Decimal(total.started), label


def _converted(value: Decimal, from_unit: str, to_unit: str) -> Decimal | None:
    try:
        return convert(value, from_unit, to_unit)
    except ValueError:  # a target in a unit of another scale: shown as missing, not guessed
        return None


def deadline_moves(calendar, years) -> list[recompute.Move]:
    """Open tasks given in working days whose deadline the calendar now puts elsewhere (or flags differently).
    A deadline typed in as a date has no working days and never moves."""
    first, last = recompute.span(years)
    tasks = SupervisedTask.objects.filter(
        state=TaskState.OPEN, deadline_workdays__isnull=False, deadline_from__isnull=False,
        deadline_from__lte=last, deadline__gte=first,
    ).select_related("lead_unit")  # fmt: skip
    return recompute.moved(tasks, calendar, start="deadline_from", workdays="deadline_workdays", due="deadline")


def assignee_units(task: SupervisedTask) -> list[Unit]:
    """The units that carry the task: its lead unit and its co-operating units (see notices.events)."""
    return [task.lead_unit, *task.co_units.all()]


def may_supervise(user, task: SupervisedTask) -> bool:
    """Supervisors (督查人员) of the task: they reopen it and may urge (催办) it."""
    return scope.can_change(user, task) and bool(user.can_review())


def reminders(as_of: date):
    """The daily run's reminders on open tasks (notices.sweeps): 蓝色提醒/黄色预警 as 即将到期,
    red as 超期 — to the lead unit, once per colour and deadline within the reminder window."""
    from notices.events import Kind
    from notices.sweeps import Reminder

    tasks = SupervisedTask.objects.filter(state=TaskState.OPEN, is_sample=False).select_related("lead_unit")
    for task in with_status(tasks.order_by("deadline", "pk"), as_of=as_of):
        colour, status = task.status.colour, task.status
        deadline = f"{task.deadline:%Y-%m-%d}"
        if colour == calc.Colour.RED:
            kind, title = Kind.TASK_OVERDUE, _("督办事项已超期：%(t)s") % {"t": task.title}
            body = _("时限 %(d)s，已超期 %(n)s 个工作日。") % {"d": deadline, "n": status.workdays_over}
        elif colour in (calc.Colour.BLUE, calc.Colour.YELLOW):
            kind = Kind.TASK_DUE_SOON
            title = _("%(c)s：%(t)s") % {"c": TaskColour(str(colour)).label, "t": task.title}
            body = _("时限 %(d)s，剩余 %(n)s 个工作日。") % {"d": deadline, "n": status.workdays_left}
        else:
            continue
        key = f"supervision.task:{task.pk}:{colour}:{task.deadline}"
        yield Reminder(kind=kind, obj=task, units=(task.lead_unit,), title=title, body=body,
                       url=task.get_absolute_url(), dedup_key=key)  # fmt: skip
