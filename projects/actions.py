"""Every write to key projects: the ledger, plans, stages, problems and the monthly-report workflow."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core import actions as base
from core import audit, bulk, files, images, progress, scope
from core.importing import RowError, RowsRefused
from core.locking import Conflict, lock
from core.lookups import Among
from core.models import AuditAction
from notices.actions import notify_units_later
from notices.events import Kind
from org.models import Unit

from . import calc, geo, queries
from .choices import ProblemStatus, ReportState, Stage
from .ledger import LedgerInvalid, LedgerRow, field_label, load_links, plan_ledger
from .models import (
    AnnualPlan,
    DistrictMap,
    FundingSource,
    LinkedUnit,
    MonthlyReport,
    Photo,
    Problem,
    Programme,
    Project,
    ScaleBand,
    StageEvent,
    UnitFigures,
    WarningSettings,
    WarningState,
)

PROJECT_FIELDS = (
    "code", "name", "parent", "level", "category", "nature", "owner", "location", "unit", "content",
    "planned_start", "planned_finish", "actual_start", "actual_finish", "total_investment", "leader",
    "responsible_unit", "responsible_person", "contact_name", "contact_phone", "longitude", "latitude", "is_sample",
)  # fmt: skip
MAX_MAP_BYTES = 5 * 2**20  # an uploaded boundary file; a city's districts take a few hundred KB
REPORT_FIGURES = (
    "monthly_investment",
    "ytd_investment",
    "since_start_investment",
    "progress",
    "problems",
    "next_steps",
)


# The ledger -----------------------------------------------------------------------------------


@transaction.atomic
def create_project(*, actor, unit: Unit, code: str, name: str, programmes=(), co_units=(), **fields) -> Project:
    scope.ensure_can_create_under(actor, unit.path)
    base.only(fields, PROJECT_FIELDS)
    project = Project(unit=unit, code=code, name=name, **fields)
    base.create(project, m2m={"programmes": programmes, "co_units": co_units})
    refresh_warnings(projects=[project.pk])
    return project


@transaction.atomic
def update_project(*, actor, project: Project, programmes=None, co_units=None, **changes) -> Project:
    scope.ensure_can_change(actor, project)
    if "unit" in changes and changes["unit"] != project.unit:
        scope.ensure_can_create_under(actor, changes["unit"].path)
    m2m = {k: v for k, v in (("programmes", programmes), ("co_units", co_units)) if v is not None} or None
    base.update(project, changes=base.only(changes, PROJECT_FIELDS), m2m=m2m)
    refresh_warnings(projects=[project.pk])
    return project


@transaction.atomic
def delete_project(*, actor, project: Project) -> None:
    """Delete a project entered by mistake, with its plans, funding and stage steps, each with its
    audit row (the project's keeps its programmes and co-units).

    Refused while anything else names it (queries.deletion_refusal: its monthly reports, photos,
    problems, sub-projects, …: its history); its unit's stored figures are recomputed in the same
    transaction.
    """
    scope.ensure_can_change(actor, project)
    lock(project)
    refusal = queries.deletion_refusal(project)
    if refusal:
        raise Conflict(refusal)  # the request is fine, the project's history keeps it
    unit_id = project.unit_id
    for child in (*project.plans.all(), *project.funding.all(), *project.stage_events.all()):
        base.delete(child)
    base.delete(project)
    refresh_warnings(projects=[], units=[unit_id])


@transaction.atomic
def ensure_programme(*, actor, name: str) -> Programme:
    """The programme (工程/专项) of that name, created (and audited) if there is none yet."""
    scope.ensure_platform_admin(actor, _("只有平台管理员可以新增工程/专项。"))
    found = Programme.objects.filter(name=name).first()
    return found if found is not None else base.create(Programme(name=name))


@transaction.atomic
def set_annual_plan(
    *,
    actor,
    project: Project,
    year: int,
    planned_investment: int,
    planned_to_start: bool = False,
    is_sample: bool = False,
) -> AnnualPlan:
    scope.ensure_can_change(actor, project)
    plan = AnnualPlan.objects.filter(project=project, year=year).first()
    values = {"planned_investment": planned_investment, "planned_to_start": planned_to_start, "is_sample": is_sample}
    if plan is None:
        plan = base.create(AnnualPlan(project=project, year=year, **values))
    else:
        plan = base.update(plan, changes=values)
    refresh_warnings(projects=[project.pk])
    return plan


@transaction.atomic
def set_funding(*, actor, project: Project, rows: list[dict]) -> list[FundingSource]:
    """Replace the project's 资金来源 rows (kind, amount, note); the audit row keeps the old list."""
    scope.ensure_can_change(actor, project)
    before = [audit.snapshot(f) for f in project.funding.all()]
    project.funding.all().delete()
    created = []
    for row in rows:
        item = FundingSource(project=project, **row)
        item.full_clean()
        item.save()
        created.append(item)
    total = sum(f.amount for f in created)
    if total > project.total_investment:
        raise ValidationError(_("资金来源合计 %(sum)s 元超过总投资 %(total)s 元。") % {
            "sum": total, "total": project.total_investment})  # fmt: skip
    audit.record(
        obj=project, action=AuditAction.UPDATE, verb=_("资金来源"),
        before={"funding": before}, after={"funding": [audit.snapshot(f) for f in created]},
    )  # fmt: skip
    return created


@transaction.atomic
def record_stage(*, actor, project: Project, stage: str, on: date, note: str = "") -> StageEvent:
    """Add a dated stage step. Stages move forward only; 开工 and 竣工 set the actual dates."""
    scope.ensure_can_report(actor, project)
    lock(project)
    last = project.stage_events.order_by("-date", "-id").first()
    if last is not None:
        if Stage.order(stage) <= Stage.order(last.stage):
            raise Conflict({"stage": _("阶段只能向前推进：当前为“%(now)s”。") % {"now": last.get_stage_display()}})
        if on < last.date:
            raise ValidationError({"date": _("日期早于上一阶段（%(d)s）。") % {"d": last.date}})
    event = base.create(StageEvent(project=project, stage=stage, date=on, note=note))
    changes = {"stage": stage}
    if stage == Stage.STARTED and project.actual_start is None:
        changes["actual_start"] = on
    if stage == Stage.COMPLETED and project.actual_finish is None:
        changes["actual_finish"] = on
    base.update(project, changes=changes, verb=_("阶段：%(s)s") % {"s": Stage(stage).label})
    refresh_warnings(projects=[project.pk])
    return event


@transaction.atomic
def add_problem(*, actor, project: Project, description: str, responsible_unit=None, deadline=None) -> Problem:
    scope.ensure_can_report(actor, project)
    return base.create(
        Problem(project=project, description=description, responsible_unit=responsible_unit, deadline=deadline)
    )


@transaction.atomic
def resolve_problem(*, actor, problem: Problem, resolution: str, on: date | None = None) -> Problem:
    scope.ensure_can_report(actor, problem.project)
    lock(problem)
    if problem.status == ProblemStatus.RESOLVED:
        raise Conflict(_("该问题已标记为解决。"))
    if not resolution.strip():
        raise ValidationError({"resolution": _("请填写解决情况。")})
    return base.update(
        problem,
        changes={"status": ProblemStatus.RESOLVED, "resolution": resolution, "resolved_on": on or timezone.localdate()},
    )


# The ledger in bulk (Excel import) -----------------------------------------------------------

# The stages of a ledger import's commit (projects.imports.commit, then `import_ledger`) and the
# part of a background job's progress bar each takes, in percent: the share of the time each took
# for 20,000 new rows with their plans, averaged over SQLite and PostgreSQL (`python -m bench
# job_progress`; core.progress).
LEDGER_STAGES = {
    progress.READ: (0, 13),
    progress.CHECK: (13, 18),
    progress.RECHECK: (18, 25),
    progress.WRITE_PROJECTS: (25, 44),
    progress.WRITE_PLANS: (44, 54),
    progress.WRITE_AUDIT: (54, 73),
    progress.WARNINGS: (73, 99),
}


@transaction.atomic
def import_ledger(*, actor, rows: Sequence[LedgerRow]) -> list[LedgerRow]:
    """Create or update many projects and their annual plans at once: all rows or none.

    Projects are matched by code and locked for the rest of the transaction; each row is checked
    with the model's rules and the actor's data scope, and any bad row raises `LedgerInvalid`
    naming every bad row and field before anything is written. Then inserts and updates go in
    batches, with one audit row (before → after) per project and per annual plan created or
    changed — the history the single-row actions leave. Returns the rows with their outcome.
    """
    if not scope.can_write(actor):
        raise PermissionDenied(_("您没有新增或修改项目的权限。"))
    progress.stage(progress.RECHECK, span=LEDGER_STAGES[progress.RECHECK])
    codes = [r.code for r in rows]
    # One lock query for the projects (and one for their plans); the codes go as one parameter.
    existing = {
        p.code: p
        for p in Project.objects.select_for_update(no_key=True, of=("self",))
        .filter(Among(F("code"), codes))
        .select_related("unit")
    }
    ids = [p.pk for p in existing.values()]
    load_links(existing.values())
    plans = {
        (a.project_id, a.year): a
        for a in AnnualPlan.objects.select_for_update(no_key=True).filter(Among(F("project_id"), ids))
    }
    allowed = scope.scope_of(actor)
    changeable = set(scope.restrict(Project.objects.filter(Among(F("id"), ids)), actor,
                                    scope.Grant.CHANGE).values_list("pk", flat=True))  # fmt: skip
    problems = []
    for row in rows:
        project, unit = existing.get(row.code), row.values.get("unit")
        moved = unit is not None and (project is None or unit != project.unit)
        if project is not None and project.pk not in changeable:
            problems.append(RowError(row.number, "code", _("该项目代码已被您数据权限范围外的项目使用"), row.sheet))
        elif moved and not allowed.covers_path(unit.path):
            problems.append(
                RowError(row.number, "unit", _("“%(u)s”不是您数据权限范围内的单位") % {"u": unit}, row.sheet)
            )
        elif project is None and unit is None:
            problems.append(RowError(row.number, "unit", _("新项目须填写所属单位"), row.sheet))
    problems += plan_ledger(rows, existing=existing, plans=plans)
    if problems:
        raise LedgerInvalid(
            [RowError(p.row, field_label(p.column) if p.column else None, p.message, p.sheet) for p in problems]
        )
    changed = [r for r in rows if r.action != "unchanged"]
    _write_ledger(actor, changed)
    progress.stage(progress.WARNINGS, total=len(changed), span=LEDGER_STAGES[progress.WARNINGS])
    refresh_warnings(projects=[r.project.pk for r in changed])
    return list(rows)


def _write_ledger(actor, rows: list[LedgerRow]) -> None:
    through = Project.programmes.through
    co_through = Project.co_units.through
    co_links = []
    entries = []
    now = timezone.now()

    creates = [r for r in rows if r.action == "create"]
    created = [r.candidate for r in creates]
    updates = sum(1 for r in rows if r.action == "update")
    progress.stage(progress.WRITE_PROJECTS, total=len(created) + updates, span=LEDGER_STAGES[progress.WRITE_PROJECTS])
    for project in created:
        base.clean_text(project)
    for chunk in progress.chunks(created):  # all at once outside a background job
        bulk.insert(chunk)
    links = []
    for project, r in zip(created, creates, strict=True):
        r.project = project
        ids = [g.pk for g in r.programmes or ()]
        co_ids = [u.pk for u in r.co_units or ()]
        links += [through(project_id=project.pk, programme_id=i) for i in ids]
        co_links += [co_through(project_id=project.pk, unit_id=i) for i in co_ids]
        entries.append(audit.entry(actor=actor, obj=project, action=AuditAction.CREATE,
                                   after=audit.snapshot(project, {"programmes": ids, "co_units": co_ids})))  # fmt: skip

    updated, fields = [], {"updated_at"}
    relink: dict[int, list[int]] = {}
    co_relink: dict[int, list[int]] = {}
    for r in rows:
        if r.action != "update":
            continue
        project, before_ids = r.project, list(r.project.programme_ids)
        ids = before_ids if r.programmes is None else [g.pk for g in r.programmes]
        co_before = list(project.co_unit_ids)  # read by load_links
        co_units = co_before if r.co_units is None else [u.pk for u in r.co_units]
        before = audit.snapshot(project, {"programmes": before_ids, "co_units": co_before})
        for name, value in r.changes.items():
            setattr(project, name, value)
        base.clean_text(project)
        project.updated_at = now
        fields.update(r.changes)
        if sorted(ids) != sorted(before_ids):
            relink[project.pk] = ids
        if sorted(co_units) != sorted(co_before):
            co_relink[project.pk] = co_units
        after = audit.snapshot(project, {"programmes": ids, "co_units": co_units})
        if after != before:
            entries.append(audit.entry(actor=actor, obj=project, action=AuditAction.UPDATE, before=before, after=after))
        updated.append(project)
    for chunk in progress.chunks(updated):
        Project.objects.bulk_update(chunk, sorted(fields), batch_size=500)
    through.objects.filter(project_id__in=relink).delete()
    links += [through(project_id=k, programme_id=i) for k, ids in relink.items() for i in ids]
    bulk.insert(links)
    co_through.objects.filter(project_id__in=co_relink).delete()
    co_links += [co_through(project_id=k, unit_id=i) for k, ids in co_relink.items() for i in ids]
    bulk.insert(co_links)

    new_plans, changed_plans = [], []
    planned = sum(1 for r in rows if r.plan)
    progress.stage(progress.WRITE_PLANS, total=planned, span=LEDGER_STAGES[progress.WRITE_PLANS])
    for r in rows:
        if not r.plan:
            continue
        year, amount, to_start = r.plan
        plan = r.plan_row
        if plan is None:
            new_plans.append(
                AnnualPlan(project=r.project, year=year, planned_investment=amount, planned_to_start=to_start)
            )
            continue
        before = audit.snapshot(plan)
        plan.planned_investment, plan.planned_to_start = amount, to_start
        after = audit.snapshot(plan)
        if after != before:
            changed_plans.append(plan)
            entries.append(audit.entry(actor=actor, obj=plan, action=AuditAction.UPDATE, before=before, after=after))
    for chunk in progress.chunks(new_plans):
        bulk.insert(chunk)
    for chunk in progress.chunks(changed_plans):
        AnnualPlan.objects.bulk_update(chunk, ["planned_investment", "planned_to_start"], 500)
    progress.advance(planned - len(new_plans) - len(changed_plans))  # unchanged plans
    entries += [audit.entry(actor=actor, obj=a, action=AuditAction.CREATE, after=audit.snapshot(a)) for a in new_plans]
    progress.stage(progress.WRITE_AUDIT, total=len(entries), span=LEDGER_STAGES[progress.WRITE_AUDIT])
    for chunk in progress.chunks(entries):  # each chunk chained after the one before
        audit.record_many(chunk)


# Monthly reports ------------------------------------------------------------------------------


@transaction.atomic
def save_report(*, actor, project: Project, year: int, month: int, **figures) -> MonthlyReport:
    """Create or edit the month's report while it is a draft or returned."""
    scope.ensure_can_report(actor, project)
    base.only(figures, (*REPORT_FIGURES, "is_sample"))
    # The project's row lock serialises the month's first save (two drafts of one month) and edits.
    lock(project)
    report = queries.current_report(project, year, month)
    if report is None:
        return base.create(MonthlyReport(project=project, year=year, month=month, **figures))
    if report.is_locked:
        raise Conflict(_("%(r)s %(state)s，不能修改；如需更正请发起更正。") % {
            "r": report, "state": report.get_state_display()})  # fmt: skip
    return base.update(report, changes=figures)


@dataclass(frozen=True)
class ReportRow:
    """One month's report of a bulk write; `number` is the row the user sees."""

    number: int
    project: Project
    year: int
    month: int
    figures: dict


@transaction.atomic
def import_reports(*, actor, rows: Sequence[ReportRow], submit: bool = False) -> list[MonthlyReport]:
    """Save each row as its month's draft (and submit it if asked): all rows or none.

    Every row goes through `save_report` (and `submit_report`), which lock, check and audit it.
    A refused row — a locked report, a project out of scope — is named with its message, the
    other rows are still checked, and then `RowsRefused` undoes everything.
    """
    problems, saved = [], []
    progress.stage(progress.WRITE, total=len(rows), span=progress.IMPORT_STAGES[progress.WRITE])
    for row in rows:
        try:
            report = save_report(actor=actor, project=row.project, year=row.year, month=row.month, **row.figures)
            saved.append(submit_report(actor=actor, report=report) if submit else report)
        except (ValidationError, PermissionDenied, Http404) as exc:
            problems.append(RowError(row.number, None, "；".join(getattr(exc, "messages", [str(exc)]))))
        progress.advance()  # in a background import's commit (core.progress)
    if problems:
        raise RowsRefused(problems)
    return saved


def _ensure_state(report: MonthlyReport, allowed_from: tuple[str, ...], verb: str) -> None:
    """Called on the locked, re-read report (see core.locking)."""
    if report.state not in allowed_from:
        raise Conflict(
            _("%(r)s 当前为“%(state)s”，不能%(verb)s。")
            % {"r": report, "state": report.get_state_display(), "verb": verb}
        )


def _transition(report: MonthlyReport, allowed_from: tuple[str, ...], to: str, verb: str, **changes) -> MonthlyReport:
    _ensure_state(report, allowed_from, verb)
    return base.update(report, changes={"state": to, **changes}, verb=verb)


@transaction.atomic
def submit_report(*, actor, report: MonthlyReport) -> MonthlyReport:
    scope.ensure_can_report(actor, report.project)
    lock(report)
    if report.ytd_investment is None:
        raise ValidationError({"ytd_investment": _("报送前请填写年初至报告期累计完成投资。")})
    report = _transition(
        report, (ReportState.DRAFT, ReportState.RETURNED), ReportState.SUBMITTED, _("报送"),
        submitted_at=timezone.now(), submitted_by=actor, return_reason="",
    )  # fmt: skip
    # A submitted report counts for the reporting rule (是否报送) before it is reviewed.
    refresh_warnings(projects=[report.project_id])
    return report


def _ensure_reviewer(actor, report: MonthlyReport) -> None:
    refusal = queries.review_refusal(actor, report)
    if refusal:
        raise PermissionDenied(refusal)


@transaction.atomic
def approve_report(*, actor, report: MonthlyReport) -> MonthlyReport:
    lock(report)
    _ensure_reviewer(actor, report)
    _ensure_state(report, (ReportState.SUBMITTED,), _("审核通过"))
    # The version it corrects is superseded first: a month has at most one approved report
    # (a database constraint), which lets the roll-ups join it directly.
    older = MonthlyReport.objects.filter(
        project=report.project,
        year=report.year,
        month=report.month,
        state=ReportState.APPROVED,
        version__lt=report.version,
    )
    for old in older:
        base.update(old, changes={"state": ReportState.SUPERSEDED}, verb=_("被第%(v)s版更正") % {"v": report.version})
    report = _transition(
        report,
        (ReportState.SUBMITTED,),
        ReportState.APPROVED,
        _("审核通过"),
        reviewed_at=timezone.now(),
        reviewed_by=actor,
    )
    _tell_reporting_unit(report, actor, Kind.REPORT_APPROVED, _("月报审核通过：%(r)s"), "")
    refresh_warnings(projects=[report.project_id])
    return report


def _tell_reporting_unit(report: MonthlyReport, actor, kind: str, title: str, body: str) -> None:
    """The reporting unit's users hear of the review once it commits (see notices.events)."""
    notify_units_later(units=[report.project.unit], obj=report, kind=kind, title=title % {"r": report}, body=body,
                       url=report.get_absolute_url(), actor=actor)  # fmt: skip


@transaction.atomic
def approve_reports(*, actor, reports: list[MonthlyReport]) -> list[MonthlyReport]:
    """批量通过: approve each report as `approve_report` does (one audit row each), all or none.

    The first report that cannot be approved undoes the others; the message names it and why.
    """
    if not reports:
        raise ValidationError(_("请先勾选要通过的报告。"))
    done = []
    for report in reports:
        try:
            done.append(approve_report(actor=actor, report=report))
        except (ValidationError, PermissionDenied) as exc:
            reason = "；".join(getattr(exc, "messages", None) or [str(exc)])
            raise ValidationError(
                _("“%(r)s”未能通过：%(reason)s本次勾选的 %(n)s 份报告均未通过。")
                % {"r": report, "reason": reason, "n": len(reports)}
            ) from exc
    return done


@transaction.atomic
def return_report(*, actor, report: MonthlyReport, reason: str) -> MonthlyReport:
    lock(report)
    _ensure_reviewer(actor, report)
    if not reason.strip():
        raise ValidationError({"return_reason": _("退回须说明原因。")})
    report = _transition(
        report, (ReportState.SUBMITTED,), ReportState.RETURNED, _("退回"),
        return_reason=reason, reviewed_at=timezone.now(), reviewed_by=actor,
    )  # fmt: skip
    _tell_reporting_unit(
        report, actor, Kind.REPORT_RETURNED, _("月报被退回：%(r)s"), _("退回原因：%(reason)s") % {"reason": reason}
    )
    refresh_warnings(projects=[report.project_id])
    return report


@transaction.atomic
def start_correction(*, actor, report: MonthlyReport) -> MonthlyReport:
    """Open a new draft version of an approved report; the approved one stays until the new one is."""
    scope.ensure_can_report(actor, report.project)
    # The project's lock, as save_report takes it: one new version of the month at a time.
    lock(report.project)
    lock(report)
    if report.state != ReportState.APPROVED:
        raise Conflict(_("只有已审核的报告可以更正。"))
    newest = MonthlyReport.objects.filter(project=report.project, year=report.year, month=report.month).aggregate(
        v=Max("version")
    )["v"]
    if newest != report.version:
        raise Conflict(_("该月已有更正中的版本。"))
    copy = {f: getattr(report, f) for f in REPORT_FIGURES}
    return base.create(
        MonthlyReport(
            project=report.project, year=report.year, month=report.month, version=report.version + 1,
            is_sample=report.is_sample, **copy,
        ),
        verb=_("发起更正"),
    )  # fmt: skip


# Photos -----------------------------------------------------------------------------------------


@transaction.atomic
def add_photo(*, actor, project: Project, upload, caption: str = "", taken_on: date | None = None) -> Photo:
    """Store an image (JPEG, PNG or WebP, at most 10 MB) with a thumbnail."""
    scope.ensure_can_report(actor, project)
    checked = images.check(upload)
    photo = Photo(project=project, caption=caption, taken_on=taken_on)
    # The files are written before the row, so the row never points to a file that is not there;
    # they are deleted again if the transaction does not commit.
    photo.image.save(checked.name, upload, save=False)
    photo.thumbnail.save(checked.thumbnail_name, checked.thumbnail, save=False)
    files.remove_on_rollback(photo.image, photo.thumbnail)
    return base.create(photo)


# Settings (platform or district administrators) -------------------------------------------------


def _ensure_settings_admin(actor) -> None:
    scope.ensure_platform_admin(actor, _("只有平台管理员可以修改预警规则和规模档次。"))


@transaction.atomic
def update_warning_settings(*, actor, **changes) -> WarningSettings:
    _ensure_settings_admin(actor)
    settings = base.stored(WarningSettings)
    if changes.get("schedule_red_pp", settings.schedule_red_pp) < changes.get(
        "schedule_yellow_pp", settings.schedule_yellow_pp
    ):
        raise ValidationError({"schedule_red_pp": _("红灯阈值不能小于黄灯阈值。")})
    base.update(settings, changes=changes)
    refresh_warnings()  # new thresholds: every project is judged again, in batches
    return settings


@transaction.atomic
def set_scale_bands(*, actor, bands: list[tuple[int, str]]) -> list[ScaleBand]:
    """Replace the scale bands: (lower bound in 元, label); the first must start at 0."""
    _ensure_settings_admin(actor)
    bounds = [b for b, _label in bands]
    if not bands or min(bounds) != 0 or len(set(bounds)) != len(bounds):
        raise ValidationError(_("规模档次须从 0 开始，下限不能重复。"))
    before = list(ScaleBand.objects.values("lower_bound", "label"))
    ScaleBand.objects.all().delete()
    created = [ScaleBand.objects.create(lower_bound=b, label=label) for b, label in sorted(bands)]
    audit.record(
        obj=created[0], action=AuditAction.UPDATE, verb=_("规模档次"),
        before={"bands": before}, after={"bands": [{"lower_bound": c.lower_bound, "label": c.label} for c in created]},
    )  # fmt: skip
    return created


# 项目一张图 -------------------------------------------------------------------------------------


@transaction.atomic
def upload_district_map(*, actor, name: str, data: bytes) -> DistrictMap:
    """Keep an uploaded boundary file (GeoJSON) for 项目一张图; the newest one is drawn.

    The file is checked (named polygons within China's extent, bounded in size); the audit row
    records the areas it holds, not the coordinates."""
    scope.ensure_platform_admin(actor, _("只有平台管理员可以上传区域边界。"))
    if len(data) > MAX_MAP_BYTES:
        raise ValidationError(_("文件过大：最大 %(n)s MB。") % {"n": MAX_MAP_BYTES // 2**20})
    try:
        collection = geo.validate(data)
    except geo.BoundaryError as exc:
        raise ValidationError(str(exc)) from exc
    found = DistrictMap(name=name.strip()[:100] or _("区域边界"), geojson=collection, uploaded_by=actor)
    found.full_clean(exclude=["uploaded_by"])
    found.save()
    audit.record(obj=found, action=AuditAction.CREATE, after={"name": found.name, "areas": geo.names(collection)},
                 verb=_("上传区域边界"))  # fmt: skip
    return found


# Stored warnings -------------------------------------------------------------------------------

WARNING_BATCH = 2000


@transaction.atomic
def refresh_warnings(*, projects=None, units=(), today: date | None = None) -> int:
    """Judge projects again for the current period and store their colour, reasons and 完成率, then
    the figures of their units.

    `projects`: ids (or a queryset of ids) to judge; all projects when None. `units`: ids of units
    whose figures are to be recomputed as well (the unit of a project just deleted). Runs in the
    caller's transaction, so a change and what it implies commit (or roll back) together. Projects
    are read and written in batches of WARNING_BATCH (one read, one upsert each); only rows that
    changed are written. Then the UnitFigures of every unit a judged project belongs to, or
    belonged to at its last judgement (a project moved), are recomputed in one pass; judging all
    projects rebuilds every unit's figures for the period. Derived data: no audit row (the change
    that caused it has one). Returns how many stored warnings changed.
    """
    year, month = queries.current_period(today)
    as_of = queries.period_end(year, month)
    if projects is None:
        ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(projects))
    rules = queries.warning_rules()
    changed = 0
    touched = set(units)
    for start in range(0, len(ids), WARNING_BATCH):
        batch = ids[start : start + WARNING_BATCH]
        # The batch's ids go as one parameter (core.lookups.Among), not a placeholder each.
        found = queries.judged(Project.objects.filter(Among(F("id"), batch)), year=year, month=month, rules=rules,
                               ordered=False)  # fmt: skip
        stored = {
            pk: (colour, tuple(reasons), on, unit_id, rate)
            for pk, colour, reasons, on, unit_id, rate in WarningState.objects.filter(
                Among(F("project_id"), batch)
            ).values_list("project_id", "colour", "reasons", "as_of", "unit_id", "rate")
        }
        rows = []
        for j in found:
            before = stored.get(j.pk)
            touched.add(j.unit_id)
            if before is not None and before[3] is not None:
                touched.add(before[3])  # the unit it was in: it may have moved
            if before != (j.warning.colour.value, j.warning.reasons, as_of, j.unit_id, j.rate):
                w = j.warning
                rows.append(bulk.new(WarningState, {
                    "project_id": j.pk, "colour": w.colour.value, "reasons": list(w.reasons), "as_of": as_of,
                    "unit_id": j.unit_id, "rate": j.rate,
                }))  # fmt: skip
        # A project judged for the first time (e.g. created by an import) gets its row by a plain
        # bulk insert (COPY on PostgreSQL); a stored colour that changed, by an upsert.
        bulk.insert([r for r in rows if r.project_id not in stored])
        again = [r for r in rows if r.project_id in stored]
        if again:
            WarningState.objects.bulk_create(
                again,
                update_conflicts=True,
                unique_fields=["project"],
                update_fields=["colour", "reasons", "as_of", "unit", "rate"],
            )
        changed += len(rows)
        progress.advance(len(batch))  # in a background import's commit (core.progress)
    if projects is None:
        _store_unit_figures(year=year, month=month)
    elif touched and queries.figures_are_current(year, month):
        # Only the nightly run (or a threshold edit) starts a period's figures: until then the
        # pages read the live queries, and an action has nothing to keep current.
        _store_unit_figures(year=year, month=month, units=touched)
    return changed


def _store_unit_figures(*, year: int, month: int, units=None) -> None:
    """Recompute the UnitFigures (and LinkedUnit rows) of `units` (ids) for the period, or of every
    unit, dropping any other period's, when None. Called by refresh_warnings after it has stored
    the colours and 完成率 these figures count: one grouped query over the units' projects, one over
    their approved reports of the year, then delete and insert.

    The units' rows are locked first (in id order): two actions on projects of one unit take
    turns, so the second computes from what the first committed and deletes the rows it wrote,
    instead of missing its change or inserting the same (year, month, unit) twice."""
    locked = Unit.objects.select_for_update(no_key=True).order_by("pk")
    if units is not None:
        units = sorted(u for u in set(units) if u is not None)
        locked = locked.filter(Among(F("id"), units))
    list(locked.values_list("pk", flat=True))
    if units is None:
        owned = Project.objects.all()
        UnitFigures.objects.all().delete()
        LinkedUnit.objects.all().delete()
    else:
        owned = Project.objects.filter(Among(F("unit_id"), units))
        UnitFigures.objects.filter(Among(F("unit_id"), units)).delete()
        LinkedUnit.objects.filter(Among(F("unit_id"), units)).delete()
    per_unit = (
        queries.with_figures(owned, year=year, month=month, reported=False)
        .order_by()
        .values("unit_id")
        .annotate(
            n=Count("pk"),
            total=Sum("total_investment"),
            plan_sum=Sum("plan"),
            to_start=Count("pk", filter=Q(planned_to_start__isnull=False)),
            started_n=Count("pk", filter=Q(planned_to_start__isnull=False, actual_start__year=year)),
            red=Count("pk", filter=Q(warning_state__colour=calc.Colour.RED.value)),
            yellow=Count("pk", filter=Q(warning_state__colour=calc.Colour.YELLOW.value)),
        )
    )
    approved = MonthlyReport.objects.filter(
        project__in=owned.values("pk"), year=year, month__lte=month, state=ReportState.APPROVED
    )
    reported = approved.order_by().values("project__unit_id", "month").annotate(ytd=Sum("ytd_investment"))
    ytd = {(r["project__unit_id"], r["month"]): r["ytd"] or 0 for r in reported}
    rows = []
    for r in per_unit:
        figures = {
            "projects": r["n"], "total_investment": r["total"] or 0, "plan": r["plan_sum"] or 0,
            "planned_to_start": r["to_start"], "started": r["started_n"], "red": r["red"], "yellow": r["yellow"],
        }  # fmt: skip
        u = r["unit_id"]
        rows += [
            UnitFigures(unit_id=u, year=year, month=m, ytd=ytd.get((u, m), 0), **figures) for m in range(1, month + 1)
        ]
    UnitFigures.objects.bulk_create(rows, batch_size=2000)
    co_units = Project.co_units.through.objects.filter(project__in=owned.values("pk"))
    pairs = set(
        owned.filter(responsible_unit__isnull=False).exclude(responsible_unit_id=F("unit_id"))
        .order_by().values_list("unit_id", "responsible_unit_id").distinct()
    ) | set(
        co_units.exclude(unit_id=F("project__unit_id")).order_by().values_list("project__unit_id", "unit_id").distinct()
    )  # fmt: skip
    LinkedUnit.objects.bulk_create([LinkedUnit(unit_id=u, linked_id=v) for u, v in sorted(pairs)], batch_size=2000)
