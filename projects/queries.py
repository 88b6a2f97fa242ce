"""Reads and roll-ups of key projects.

A roll-up for (year, month) counts every visible project with: total investment, the year's
annual plan, and the year-to-date figure of its current approved report for that month. The
reported YTD is the authority; monthly amounts are not re-added here.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import scope
from core.calendar import workday_calendar
from core.home import Summary
from notices.models import Urge
from org.models import Unit
from org.queries import branch_labels, by_branch, top_unit

from . import calc, geo
from .choices import ProjectCategory, ProjectLevel, ReportState, Stage
from .models import (
    AnnualPlan,
    DistrictMap,
    LinkedUnit,
    MonthlyReport,
    Project,
    ScaleBand,
    StageEvent,
    UnitFigures,
    WarningSettings,
    WarningState,
)


def visible_projects(user):
    return scope.restrict(Project.objects.all(), user)


# What is deleted with a project, each with its audit row (projects.actions.delete_project); any
# other row that names the project is its history, and keeps the project.
DELETED_WITH_PROJECT = ("plans", "funding", "stage_events", "warning_state")


def deletion_refusal(project: Project) -> str | None:
    """Why `project` cannot be deleted, naming what refers to it (its monthly reports, photos,
    problems, sub-projects, a supervised task, a lead, a 催办, …), or None when it can: one query."""
    checks = []  # (label, whether such rows exist): every relation checked, even two of one label
    for rel in Project._meta.related_objects:
        name = rel.get_accessor_name()
        if name not in DELETED_WITH_PROJECT:
            rows = rel.related_model._base_manager.filter(**{rel.field.name: OuterRef("pk")})
            checks.append((_("子项目") if name == "children" else rel.related_model._meta.verbose_name, Exists(rows)))
    # A 催办 about it (notices): it was chased for its reports, and the messages link to it.
    urged = Urge.objects.filter(content_type=ContentType.objects.get_for_model(Project),
                                object_id=Cast(OuterRef("pk"), CharField()))  # fmt: skip
    checks.append((Urge._meta.verbose_name, Exists(urged)))
    row = Project.objects.filter(pk=project.pk).values_list(*(exists for _label, exists in checks)).first()
    if row is None:
        return None
    names = list(dict.fromkeys(str(label) for (label, _exists), present in zip(checks, row, strict=True) if present))
    if names:
        return _("该项目已有%(what)s，不能删除。") % {"what": _("、").join(names)}
    return None


def reportable_projects(user):
    """The projects `user` fills the monthly report for: owned below their units, or theirs as
    责任单位 or 配合单位 (docs/permissions.md)."""
    if not scope.can_write(user):
        return Project.objects.none()
    return scope.restrict(Project.objects.all(), user, scope.Grant.REPORT)


def home_summaries(user) -> list[Summary]:
    return [Summary(_("重点项目"), visible_projects(user).count(), reverse("projects:project-list"), "building-gear")]


def with_figures(queryset, *, year: int, month: int, reported: bool = True):
    """Annotate each project with `plan` (the year's plan) and `ytd` (approved YTD for the month).

    Both are plain LEFT JOINs: a project has one plan a year and, by a database constraint, at
    most one approved report a month, so the join never repeats a project. PostgreSQL runs a
    correlated subquery per project several times slower than the join.
    """
    # The reporting rule asks only whether a report exists by the period: EXISTS stops at the first.
    reported_reports = MonthlyReport.objects.filter(
        Q(year__lt=year) | Q(year=year, month__lte=month), project=OuterRef("pk")
    ).exclude(state__in=[ReportState.DRAFT, ReportState.RETURNED])
    qs = queryset.annotate(
        year_plan=FilteredRelation("plans", condition=Q(plans__year=year)),
        approved=FilteredRelation(
            "reports",
            condition=Q(reports__year=year, reports__month=month, reports__state=ReportState.APPROVED),
        ),
    ).annotate(
        plan=Coalesce(F("year_plan__planned_investment"), Value(0)),
        ytd=Coalesce(F("approved__ytd_investment"), Value(0)),
        planned_to_start=Case(When(year_plan__planned_to_start=True, then=Value(1)), output_field=IntegerField()),
    )
    # `reported=False` when only the figures are read: the EXISTS runs once a row otherwise.
    return qs.annotate(reported_by_period=Exists(reported_reports)) if reported else qs


def warning_rules() -> calc.WarningRules:
    s = WarningSettings.current()
    return calc.WarningRules(
        schedule_yellow_pp=s.schedule_yellow_pp,
        schedule_red_pp=s.schedule_red_pp,
        start_red_months=s.start_red_months,
        report_yellow_months=s.report_yellow_months,
        report_red_months=s.report_red_months,
    )


FINISHED_STAGES = frozenset({Stage.COMPLETED, Stage.OPERATING})


def warning_for(project, *, rules: calc.WarningRules, month: int, as_of: date) -> calc.ProjectWarning:
    """The colour of one project annotated by `with_figures` (plan, ytd, reported_by_period)."""
    completion = calc.completion_rate(ytd=project.ytd, plan=project.plan)
    last_report = as_of if project.reported_by_period else None  # the rule needs only whether one exists
    return calc.warning(
        rules=rules,
        as_of=as_of,
        completion_pct=completion,
        benchmark_pct=calc.schedule_benchmark(periods_elapsed=month) if completion is not None else None,
        planned_start=project.planned_start,
        actual_start=project.actual_start,
        last_report=last_report,
        finished=project.stage in FINISHED_STAGES or project.actual_finish is not None,
    )


def period_end(year: int, month: int) -> date:
    """The day a period's figures are judged at: its last day."""
    return calc.end_of_month_after(date(year, month, 1), 0)


def colours(user, *, year: int, month: int, queryset=None, rules=None) -> dict[int, calc.ProjectWarning]:
    """Every visible project's warning for the period, computed from one query."""
    qs = queryset if queryset is not None else visible_projects(user)
    return {j.pk: j.warning for j in judged(qs, year=year, month=month, rules=rules)}


@dataclass(frozen=True)
class Judged:
    """One project judged for a period: its warning, its unit and its 完成率 as stored."""

    pk: int
    unit_id: int
    warning: calc.ProjectWarning
    rate: Decimal | None


RATE_PLACES = Decimal("0.0001")  # WarningState.rate's decimal places


def stored_rate(*, ytd: int, plan: int) -> Decimal | None:
    """完成率 as WarningState keeps it: rounded to its four decimal places (None without a plan)."""
    rate = calc.completion_rate(ytd=ytd, plan=plan)
    if rate is None:
        return None
    with localcontext() as ctx:
        ctx.prec = 40  # a YTD of many times the plan still rounds, never raises
        return rate.quantize(RATE_PLACES)


def judged(queryset, *, year: int, month: int, rules=None, ordered: bool = True) -> list[Judged]:
    """The projects of `queryset` judged for the period, in code order (in no order when not
    `ordered`: the refresh stores them by key and need not sort a batch): one query."""
    rules, as_of = rules or warning_rules(), period_end(year, month)
    rows = (
        with_figures(queryset, year=year, month=month)
        .select_related(None)
        .prefetch_related(None)
        .order_by(*(("code",) if ordered else ()))
        .values_list(
            "pk",
            "unit_id",
            "planned_start",
            "actual_start",
            "actual_finish",
            "stage",
            "plan",
            "ytd",
            "reported_by_period",
            named=True,
        )
    )
    found = []
    for p in rows:
        warning = warning_for(p, rules=rules, month=month, as_of=as_of)
        found.append(Judged(p.pk, p.unit_id, warning, stored_rate(ytd=p.ytd, plan=p.plan)))
    return found


@dataclass
class RollupRow:
    key: str
    label: str
    count: int
    total_investment: int
    plan: int
    ytd: int
    planned_to_start: int
    started: int
    benchmark: Decimal

    @property
    def completion(self) -> Decimal | None:
        return calc.completion_rate(ytd=self.ytd, plan=self.plan)

    @property
    def gap(self) -> Decimal | None:
        c = self.completion
        return None if c is None else calc.schedule_gap(completion_pct=c, benchmark_pct=self.benchmark)

    @property
    def start_rate(self) -> Decimal | None:
        return calc.start_rate(started=self.started, planned=self.planned_to_start)


DIMENSIONS = {
    "level": _("项目级别"),
    "category": _("行业类别"),
    "unit": _("所属单位"),
    "leader": _("分包领导"),
    "programme": _("工程/专项"),
    "scale": _("投资规模"),
}


def _scale_case():
    bands = list(ScaleBand.objects.order_by("-lower_bound"))
    return Case(
        *[When(total_investment__gte=b.lower_bound, then=Value(b.label)) for b in bands],
        default=Value(_("未分档")),
        output_field=CharField(),
    )


def rollup(user, *, year: int, month: int, by: str, within: Unit | None = None, queryset=None) -> list[RollupRow]:
    """One row per group of `by`, plus nothing else: the caller adds a total with `rollup_total`."""
    qs = with_figures(queryset if queryset is not None else visible_projects(user), year=year, month=month)
    labels: dict[str, str] = {}
    if by == "level":
        key = "level"
        labels = dict(ProjectLevel.choices)
    elif by == "category":
        key = "category"
        labels = dict(ProjectCategory.choices)
    elif by == "leader":
        key = "leader__name"
    elif by == "programme":
        key = "programmes__name"
    elif by == "scale":
        qs = qs.annotate(scale=_scale_case())
        key = "scale"
    elif by == "unit":
        # Roll up the tree: group by the ancestor one level below `within` (or the scope's top).
        top = within or top_unit(user)
        qs = by_branch(qs, "unit__path", top)
        key = "branch"
        if top is not None:
            qs = qs.filter(scope.subtree_q("unit__path", top.path))
    else:
        raise ValueError(f"unknown roll-up dimension {by!r}")
    # Only the programme join can repeat a project (a project on two programmes counts in both);
    # every other join is one row a project, so no DISTINCT (a sort of every row) is needed.
    distinct = by == "programme"
    rows = (
        qs.values(key)
        .annotate(
            n=Count("pk", distinct=distinct),
            total=Sum("total_investment"),
            plan_sum=Sum("plan"),
            ytd_sum=Sum("ytd"),
            to_start=Count("pk", filter=Q(planned_to_start__isnull=False), distinct=distinct),
            started_n=Count("pk", filter=Q(planned_to_start__isnull=False, actual_start__year=year), distinct=distinct),
        )
        .order_by(key)
    )
    if by == "unit":
        rows = list(rows)
        labels = branch_labels([r[key] for r in rows], top)
    benchmark = calc.schedule_benchmark(periods_elapsed=month, cycle=calc.Cycle.MONTH)
    result = []
    for r in rows:
        value = r[key]
        label = labels.get(value, value) if value is not None else _("（未填）")
        result.append(_rollup_row(r, key=str(value), label=str(label), benchmark=benchmark))
    return result


def _rollup_row(r: dict, *, key: str, label, benchmark) -> RollupRow:
    """A row of the roll-up from the figures aggregated for it (n, total, plan_sum, ytd_sum, …)."""
    return RollupRow(
        key=key,
        label=label,
        count=r["n"] or 0,
        total_investment=r["total"] or 0,
        plan=r["plan_sum"] or 0,
        ytd=r["ytd_sum"] or 0,
        planned_to_start=r["to_start"] or 0,
        started=r["started_n"] or 0,
        benchmark=benchmark,
    )


def rollup_total(user, *, year: int, month: int, queryset=None) -> RollupRow:
    """The same figures over all the projects, each counted once (a project on two programmes too)."""
    qs = with_figures(queryset if queryset is not None else visible_projects(user), year=year, month=month)
    r = qs.aggregate(
        n=Count("pk"),
        total=Sum("total_investment"),
        plan_sum=Sum("plan"),
        ytd_sum=Sum("ytd"),
        to_start=Count("pk", filter=Q(planned_to_start__isnull=False)),
        started_n=Count("pk", filter=Q(planned_to_start__isnull=False, actual_start__year=year)),
    )
    benchmark = calc.schedule_benchmark(periods_elapsed=month, cycle=calc.Cycle.MONTH)
    return _rollup_row(r, key="", label=_("合计"), benchmark=benchmark)


def monthly_trend(user, *, year: int, through: int) -> list[tuple[int, Decimal | None]]:
    """完成率 of the whole visible portfolio at the end of each month 1..through (two queries)."""
    projects = visible_projects(user)
    plan = AnnualPlan.objects.filter(project__in=projects, year=year).aggregate(s=Sum("planned_investment"))["s"]
    latest = (
        MonthlyReport.objects.filter(project__in=projects, year=year, month__lte=through, state=ReportState.APPROVED)
        .order_by()  # no default ordering: it would join every report's project
        .values("month")
        .annotate(ytd=Sum("ytd_investment"))
    )
    by_month = {r["month"]: r["ytd"] for r in latest}
    return [(m, calc.completion_rate(ytd=by_month.get(m) or 0, plan=plan)) for m in range(1, through + 1)]


def latest_reported_month(projects, year: int) -> int | None:
    """The last month of `year` with an approved report among `projects` (None before any)."""
    found = MonthlyReport.objects.filter(project__in=projects, year=year, state=ReportState.APPROVED)
    return found.aggregate(m=Max("month"))["m"]


def laggards(user, *, year: int, month: int, limit: int = 10):
    """The projects furthest behind 序时进度 (lowest 完成率 with a plan), worst first."""
    qs = with_figures(visible_projects(user).select_related("unit", "leader"), year=year, month=month, reported=False)
    # The ratio is computed in the database only to order rows; the figures shown are exact Decimals.
    qs = qs.filter(plan__gt=0).annotate(rate=ExpressionWrapper(F("ytd") * 1.0 / F("plan"), output_field=FloatField()))
    benchmark = calc.schedule_benchmark(periods_elapsed=month)
    result = []
    # Ties (many projects at 0 %) go by id, as the stored 完成率's index orders them.
    for p in qs.order_by("rate", "pk")[:limit]:
        p.completion = calc.completion_rate(ytd=p.ytd, plan=p.plan)
        p.gap = calc.schedule_gap(completion_pct=p.completion, benchmark_pct=benchmark)
        if p.gap < 0:
            result.append(p)
    return result


def unreported_projects(user, *, year: int, month: int):
    """Visible projects under construction with no submitted or approved report for the month."""
    done = MonthlyReport.objects.filter(
        year=year, month=month, state__in=[ReportState.SUBMITTED, ReportState.APPROVED]
    ).values("project_id")
    return (
        visible_projects(user)
        .filter(actual_start__lte=date(year, month, 28), actual_finish__isnull=True)
        .exclude(pk__in=done)
        .order_by("unit__path", "code")
    )


# 催办 of monthly reports (notices.urging): the object urged is the project, "report its month".


def may_urge_reports(user, project: Project) -> bool:
    """A supervisor of reports may urge a project's unit to report: the reviewing role and the
    project in their review scope (the rule that lets them approve or return its reports)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.can_review()
        and scope.scope_of(user).holds(project, scope.Grant.REVIEW)
    )


def report_outstanding(project: Project) -> bool:
    """Is a report of the project to be made: under construction (reports are due every month), or
    a returned report not yet submitted again."""
    if project.actual_start is not None and project.actual_finish is None:
        return True
    done = MonthlyReport.objects.filter(
        project_id=project.pk, year=OuterRef("year"), month=OuterRef("month"),
        state__in=[ReportState.SUBMITTED, ReportState.APPROVED],
    )  # fmt: skip
    return (
        MonthlyReport.objects.filter(project_id=project.pk, state=ReportState.RETURNED).exclude(Exists(done)).exists()
    )


def report_deadline(year: int, month: int):
    """The month's report is due on the N-th working day of the next month (N set by an administrator)."""
    n = WarningSettings.current().report_deadline_workdays
    next_year, next_month = (year, month + 1) if month < 12 else (year + 1, 1)
    return workday_calendar().nth_workday_of_month(next_year, next_month, n)


# Stored warnings ---------------------------------------------------------------------------------
#
# Each project's colour for the current period is a row of WarningState (see refresh_warnings in
# actions.py). Pages asked for the current period read it with indexed queries; a past period is
# judged on request with `colours()` over the visible projects (a rarer, slower question).


def current_period(today: date | None = None) -> tuple[int, int]:
    """The period being reported and judged: the month before today (reports come after month end)."""
    today = today or timezone.localdate()
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def is_stored_period(year: int, month: int) -> bool:
    """Are the stored colours those of (year, month)?"""
    return (year, month) == current_period()


def stored_warning(project) -> calc.ProjectWarning:
    """The stored warning of one project (green when it was never judged)."""
    try:
        state = project.warning_state
    except WarningState.DoesNotExist:
        return calc.ProjectWarning(calc.Colour.GREEN)
    return calc.ProjectWarning(calc.Colour(state.colour), tuple(state.reasons))


def with_colour(queryset, colour: str):
    """The projects of `queryset` whose stored colour is `colour` (an index on colour)."""
    return queryset.filter(warning_state__colour=colour)


def stored_colour_counts(queryset) -> dict[str, int]:
    """How many projects of `queryset` are green, yellow, red: one grouped query."""
    counts = {c.value: 0 for c in calc.Colour}
    rows = queryset.order_by().values("warning_state__colour").annotate(n=Count("pk"))
    for r in rows:
        counts[r["warning_state__colour"] or calc.Colour.GREEN.value] += r["n"]
    return counts


def stored_warned(queryset, limit: int | None = None) -> list[Project]:
    """The first `limit` red then yellow projects of `queryset` in code order, with their reasons."""
    related = queryset.select_related("unit", "leader", "responsible_unit", "warning_state").prefetch_related(None)
    if limit is not None:
        # One colour at a time, each in code order: the code's index gives the first few and stops,
        # where ranking the colours first would sort every red and yellow project.
        found = list(with_colour(related, calc.Colour.RED).order_by("code")[:limit])
        # Read even when the red fill the list: the page costs the same queries whatever the data.
        yellow = list(with_colour(related, calc.Colour.YELLOW).order_by("code")[:limit])
        found = (found + yellow)[:limit]
        for p in found:
            p.warning = stored_warning(p)
        return found
    rank = Case(When(warning_state__colour=calc.Colour.RED, then=Value(0)), default=Value(1),
                output_field=IntegerField())  # fmt: skip
    qs = (
        related.filter(warning_state__colour__in=[calc.Colour.RED, calc.Colour.YELLOW])
        .annotate(rank=rank)
        .order_by("rank", "code")
    )
    found = list(qs)
    for p in found:
        p.warning = stored_warning(p)
    return found


def warning_summary(user, *, year: int, month: int, queryset=None, limit: int | None = None):
    """(colour counts, the first `limit` red and yellow projects) of the visible projects.

    The stored colours for the current period; a past period is judged here, in one query.
    """
    projects = queryset if queryset is not None else visible_projects(user)
    if is_stored_period(year, month):
        return stored_colour_counts(projects), stored_warned(projects, limit)
    found = colours(user, year=year, month=month, queryset=projects)
    return colour_counts(found), warned_projects(found, limit)


def colour_counts(found: dict[int, calc.ProjectWarning]) -> dict[str, int]:
    counts = {c.value: 0 for c in calc.Colour}
    for w in found.values():
        counts[w.colour.value] += 1
    return counts


def warned_projects(found: dict[int, calc.ProjectWarning], limit: int | None = None) -> list[Project]:
    """The first `limit` red and yellow projects of `colours()` (in code order) with their unit,
    leader and reasons, red first. The dashboard shows a few and links to the full list."""
    red = [pk for pk, w in found.items() if w.colour == calc.Colour.RED]
    yellow = [pk for pk, w in found.items() if w.colour == calc.Colour.YELLOW]
    chosen = (red + yellow)[:limit]
    found_projects = Project.objects.filter(pk__in=chosen).select_related("unit", "leader", "responsible_unit")
    projects = {p.pk: p for p in found_projects}
    for p in projects.values():
        p.warning = found[p.pk]
    return [projects[pk] for pk in chosen]


def flags_for(reports) -> dict[int, list[calc.Flag]]:
    """Consistency flags for each report (by id), from its project's other reports that year.

    The figures of each month are those of its newest version that is not superseded — what the
    reviewer would approve. One query for the whole list.
    """
    reports = list(reports)
    if not reports:
        return {}
    keys = {(r.project_id, r.year) for r in reports}
    rows = (
        MonthlyReport.objects.filter(project_id__in={k[0] for k in keys}, year__in={k[1] for k in keys})
        .exclude(state=ReportState.SUPERSEDED)
        .order_by("project_id", "year", "month", "version")
        .values_list("project_id", "year", "month", "monthly_investment", "ytd_investment", "since_start_investment")
    )
    series: dict[tuple[int, int], dict[int, calc.ReportFigures]] = {}
    for project_id, year, month, monthly, ytd, since in rows:
        series.setdefault((project_id, year), {})[month] = calc.ReportFigures(month, monthly, ytd, since)
    result = {}
    for r in reports:
        figures = [f for f in series.get((r.project_id, r.year), {}).values() if f.month <= r.month]
        found = calc.consistency_flags(figures, total_investment=r.project.total_investment)
        result[r.pk] = [f for f in found if f.month == r.month]
    return result


def signed_started_completed_in(user, year: int):
    """当年签约当年开工当年竣工: projects whose 签约, 开工 and 竣工 steps all fall in `year`."""
    # From the few projects completed that year (an index on stage and date), not from every project.
    completed = StageEvent.objects.filter(stage=Stage.COMPLETED, date__year=year).values("project_id")
    qs = visible_projects(user).select_related("unit").filter(pk__in=completed)
    for stage in (Stage.SIGNED, Stage.STARTED):
        qs = qs.filter(Exists(StageEvent.objects.filter(project=OuterRef("pk"), stage=stage, date__year=year)))
    return qs.order_by("code")


def current_report(project, year: int, month: int):
    """The newest version of the project's report for that month (any state but superseded)."""
    return (
        MonthlyReport.objects.filter(project=project, year=year, month=month)
        .exclude(state=ReportState.SUPERSEDED)
        .order_by("-version")
        .first()
    )


# Review ----------------------------------------------------------------------------------------


def review_refusal(actor, report: MonthlyReport) -> str:
    """Why `actor` may not approve or return `report` ("" when they may): pages show the buttons
    only when this is empty, and the actions refuse with it."""
    if not actor.can_review():
        return _("您没有审核报告的权限。")
    if not scope.scope_of(actor).holds(report.project, scope.Grant.REVIEW):
        return _("该项目不在您的数据权限范围内。")
    if report.submitted_by_id == actor.pk:
        return _("不能审核自己报送的报告。")
    return ""


def may_review(actor, report: MonthlyReport) -> bool:
    """The report awaits review and `actor` may decide it (the check the actions make)."""
    return report.state == ReportState.SUBMITTED and not review_refusal(actor, report)


# 项目一张图 -------------------------------------------------------------------------------------


@dataclass
class Boundary:
    collection: dict  # plain GeoJSON FeatureCollection
    source: str  # where it came from, in words
    focus: str = ""  # the name of the user's district among the features, if it is one


def packaged_boundary(city: str) -> dict | None:
    """The districts of `city` (焦作市) from the front-end map package installed by npm, or None.

    The package holds one ECharts map script per city, named by province and city."""
    from django.conf import settings

    folder = settings.MAP_PACKAGE_DIR
    found = sorted(folder.glob(f"*/{city}.js")) if folder.is_dir() else []
    if not found:
        return None
    return geo.read_echarts_script(found[0].read_text(encoding="utf-8"))


_PACKAGED: dict[str, dict | None] = {}


def district_boundary(user) -> Boundary | None:
    """The boundary map for 项目一张图: the newest uploaded file, else the package's map of the top
    unit's city; focused on the user's district when it is one of the map's areas."""
    uploaded = DistrictMap.objects.order_by("-uploaded_at", "-pk").first()
    top = Unit.objects.filter(depth=1).order_by("path").first()
    if uploaded is not None:
        boundary = Boundary(uploaded.geojson, _("管理员上传：%(n)s") % {"n": uploaded.name})
    else:
        if top is None:
            return None
        if top.name not in _PACKAGED:
            _PACKAGED[top.name] = packaged_boundary(top.name)
        if _PACKAGED[top.name] is None:
            return None
        boundary = Boundary(_PACKAGED[top.name], _("前端地图包：%(n)s各区县") % {"n": top.name})
    s = scope.scope_of(user)
    if s.path:
        ancestors = Unit.objects.filter(path__in=Unit.paths_above(s.path))
        names = set(geo.names(boundary.collection))
        boundary.focus = next((u.name for u in ancestors.order_by("-depth") if u.name in names), "")
    return boundary


def area_for(unit: Unit, collection: dict) -> dict | None:
    """The map area a unit lies in: its own, or that of its nearest ancestor on the map."""
    for u in Unit.objects.filter(path__in=Unit.paths_above(unit.path)).order_by("-depth"):
        found = geo.feature(collection, u.name)
        if found is not None:
            return found
    return None


# Stored figures ----------------------------------------------------------------------------------
#
# For the current period, the dashboard adds up the UnitFigures of the units a user owns instead of
# reading every project (see refresh_warnings in actions.py and docs/decisions/0012). That is exact
# only when the user sees precisely the projects owned under the units of their scope: a 责任单位,
# 配合单位 or 分包领导 link from a project owned elsewhere falls back to the live queries above.


def figures_period() -> tuple[int, int] | None:
    """The period the stored UnitFigures are of; None when there are none (not built yet).

    The table holds one period: the nightly run drops the others, an action writes only into it.
    """
    last = UnitFigures.objects.order_by("-year", "-month").values_list("year", "month").first()
    return tuple(last) if last is not None else None


def figures_are_current(year: int, month: int) -> bool:
    """Are the stored figures those of (year, month)? One indexed query."""
    return figures_period() == (year, month)


@dataclass(frozen=True)
class StoredScope:
    """The units whose stored figures are a user's: `units` a queryset of their ids, or None for
    every unit; `top` the unit the roll-up by unit starts from."""

    units: object
    top: Unit | None


def stored_scope(user, *, year: int, month: int) -> StoredScope | None:
    """The units whose stored figures make up exactly what `user` sees for (year, month), or None
    when the live queries must answer: a past period, figures not built for the period, a scope
    that is not whole units, or projects the user sees through a per-project link."""
    if not is_stored_period(year, month):
        return None
    s = scope.scope_of(user)
    if s.enterprise_id is not None or not (s.everything or (s.paths and s.below)):
        return None
    if not figures_are_current(year, month):
        return None
    if s.everything:
        return StoredScope(None, top_unit(user))
    owned = Q()
    for path in s.paths:
        owned |= scope.subtree_q("path", path)
    units = Unit.objects.filter(owned).values("pk")
    # A project owned outside these units but linked to one of them (责任单位, 配合单位) is visible.
    if LinkedUnit.objects.filter(linked__in=units).exclude(unit__in=units).exists():
        return None
    if s.person_ids and Project.objects.filter(leader_id__in=s.person_ids).exclude(unit__in=units).exists():
        return None
    return StoredScope(units, top_unit(user))


def _figures(stored: StoredScope, *, year: int, month: int):
    rows = UnitFigures.objects.filter(year=year, month=month)
    return rows if stored.units is None else rows.filter(unit__in=stored.units)


_FIGURE_SUMS = {
    "n": Sum("projects"),
    "total": Sum("total_investment"),
    "plan_sum": Sum("plan"),
    "ytd_sum": Sum("ytd"),
    "to_start": Sum("planned_to_start"),
    "started_n": Sum("started"),
}


def stored_rollup_by_unit(stored: StoredScope, *, year: int, month: int) -> list[RollupRow]:
    """`rollup(by="unit")` from the stored figures: the units' rows summed by branch of `top`."""
    top = stored.top
    rows = _figures(stored, year=year, month=month)
    if top is not None:
        rows = rows.filter(unit__in=Unit.objects.filter(scope.subtree_q("path", top.path)).values("pk"))
    rows = list(by_branch(rows, "unit__path", top).values("branch").annotate(**_FIGURE_SUMS).order_by("branch"))
    labels = branch_labels([r["branch"] for r in rows], top)
    benchmark = calc.schedule_benchmark(periods_elapsed=month, cycle=calc.Cycle.MONTH)
    return [
        _rollup_row(r, key=r["branch"], label=str(labels.get(r["branch"], r["branch"])), benchmark=benchmark)
        for r in rows
    ]


def stored_total(stored: StoredScope, *, year: int, month: int) -> RollupRow:
    """`rollup_total` from the stored figures."""
    r = _figures(stored, year=year, month=month).aggregate(**_FIGURE_SUMS)
    benchmark = calc.schedule_benchmark(periods_elapsed=month, cycle=calc.Cycle.MONTH)
    return _rollup_row(r, key="", label=_("合计"), benchmark=benchmark)


def stored_trend(stored: StoredScope, *, year: int, through: int) -> list[tuple[int, Decimal | None]]:
    """`monthly_trend` from the stored figures: each month's approved YTD over the year's plan."""
    rows = UnitFigures.objects.filter(year=year, month__lte=through)
    if stored.units is not None:
        rows = rows.filter(unit__in=stored.units)
    by_month = {r["month"]: r for r in rows.order_by().values("month").annotate(ytd=Sum("ytd"), plan=Sum("plan"))}
    plan = by_month[through]["plan"] if through in by_month else None
    return [
        (m, calc.completion_rate(ytd=by_month[m]["ytd"] if m in by_month else 0, plan=plan))
        for m in range(1, through + 1)
    ]


def stored_counts(stored: StoredScope, *, year: int, month: int) -> dict[str, int]:
    """`stored_colour_counts` of the visible projects from the stored figures."""
    r = _figures(stored, year=year, month=month).aggregate(n=Sum("projects"), red=Sum("red"), yellow=Sum("yellow"))
    red, yellow = r["red"] or 0, r["yellow"] or 0
    return {
        calc.Colour.GREEN.value: (r["n"] or 0) - red - yellow,
        calc.Colour.YELLOW.value: yellow,
        calc.Colour.RED.value: red,
    }


def stored_laggards(stored: StoredScope, *, year: int, month: int, limit: int = 10):
    """`laggards` from the stored 完成率: the index on it gives the lowest first, then the few
    projects found are read with their exact figures."""
    states = WarningState.objects.filter(rate__isnull=False)
    if stored.units is not None:
        states = states.filter(unit__in=stored.units)
    ids = list(states.order_by("rate", "project_id").values_list("project_id", flat=True)[:limit])
    found = with_figures(Project.objects.filter(pk__in=ids).select_related("unit", "leader"), year=year, month=month,
                         reported=False)  # fmt: skip
    by_id = {p.pk: p for p in found}
    benchmark = calc.schedule_benchmark(periods_elapsed=month)
    result = []
    for pk in ids:
        p = by_id[pk]
        p.completion = calc.completion_rate(ytd=p.ytd, plan=p.plan)
        if p.completion is None:
            continue
        p.gap = calc.schedule_gap(completion_pct=p.completion, benchmark_pct=benchmark)
        if p.gap < 0:
            result.append(p)
    return result
