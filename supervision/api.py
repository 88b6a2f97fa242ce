from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from core import scope
from core.api import ERRORS, DeadlineStatusOut, PageNumberPagination, Percent, Router, Workdays, Year, filtered
from indicators.models import Indicator
from org.api import unit_for
from org.models import Person, Unit
from projects.models import Project

from . import actions, queries
from .filtersets import InspectionFilterSet, TaskFilterSet
from .models import Bulletin, Inspection, ResponsibilityTarget, ScoringRound, SupervisedTask

router = Router(tags=["督查督办"])


class TaskOut(DeadlineStatusOut):
    id: int
    title: str
    content: str
    source: str
    source_detail: str
    lead_unit_id: int
    co_unit_ids: list[int]
    leader_id: int | None
    project_id: int | None
    assigned_on: date
    deadline: date
    deadline_workdays: int | None
    deadline_fallback: bool
    progress_pct: int | None
    state: str
    completed_on: date | None
    colour: str
    workdays_left: int
    workdays_over: int
    is_sample: bool

    @staticmethod
    def resolve_co_unit_ids(obj) -> list[int]:
        return [u.pk for u in obj.co_units.all()]


class TaskIn(Schema):
    title: str
    source: str
    lead_unit_id: int
    assigned_on: date
    deadline: date | None = None
    deadline_workdays: Workdays | None = None
    content: str = ""
    source_detail: str = ""
    co_unit_ids: list[int] = []
    leader_id: int | None = None
    project_id: int | None = None


class TaskFilters(Schema):
    q: str | None = None
    state: str | None = None
    source: str | None = None
    unit: int | None = None
    due_before: date | None = None


class ProgressIn(Schema):
    note: str
    progress_pct: Percent | None = None
    on: date | None = None


class CompleteIn(Schema):
    note: str
    on: date | None = None


class ReopenIn(Schema):
    reason: str
    deadline_workdays: Workdays | None = None


class UpdateOut(Schema):
    id: int
    task_id: int
    kind: str
    on: date
    note: str
    progress_pct: int | None


class InspectionOut(Schema):
    id: int
    kind: str
    project_id: int
    round_id: int | None
    visited_on: date
    inspectors: str
    findings: str
    is_sample: bool


class InspectionIn(Schema):
    project_id: int
    visited_on: date
    inspectors: str
    findings: str = ""
    kind: str = "patrol"
    round_id: int | None = None


class ScoresIn(Schema):
    project_id: int
    judge: str
    marks: dict[int, Decimal]


class ProjectResultOut(Schema):
    project_id: int
    project: str
    unit_id: int
    unit: str
    judges: int
    score: Decimal | None


class UnitResultOut(Schema):
    unit_id: int
    unit: str
    projects: int
    score: Decimal | None
    rank: int | None


class RoundResultsOut(Schema):
    id: int
    name: str
    held_on: date
    drop_extremes: bool
    projects: list[ProjectResultOut]
    units: list[UnitResultOut]


class TargetOut(Schema):
    id: int
    unit_id: int
    year: int
    title: str
    kind: str
    indicator_id: int | None
    basis: str
    project_metric: str
    target_value: Decimal
    measure: str
    lower_is_better: bool
    actual: Decimal | None
    ratio_pct: Decimal | None
    verdict: str
    sentence: str


class TargetIn(Schema):
    unit_id: int
    year: Year
    title: str
    kind: str
    target_value: Decimal
    measure: str
    indicator_id: int | None = None
    basis: str = ""
    project_metric: str = ""
    lower_is_better: bool = False


class ProgressValueIn(Schema):
    actual_value: Decimal
    note: str = ""


class BulletinOut(Schema):
    id: int
    number: str
    kind: str
    unit_id: int
    title: str
    period_start: date
    period_end: date
    report_year: int
    report_month: int
    state: str
    issued_on: date | None
    return_reason: str
    content: dict
    download_url: str

    @staticmethod
    def resolve_download_url(obj) -> str:
        return f"/supervision/bulletins/{obj.pk}/download/"


class IssueIn(Schema):
    kind: str
    unit_id: int
    as_of: date


class ReviewIn(Schema):
    passed: bool
    reason: str = Field("", max_length=300)


def _task(request, pk: int) -> SupervisedTask:
    task = scope.get_visible(SupervisedTask.objects.all(), request.user, pk=pk)
    task.status = queries.task_status(task, as_of=timezone.localdate(), rules=queries.escalation_rules())
    return task


def _refs(request, data: dict) -> dict:
    """Resolve ids in a body: units and projects must be in the caller's scope."""
    if data.get("leader_id"):
        data["leader"] = Person.objects.filter(pk=data["leader_id"]).first()
    if data.get("project_id"):
        data["project"] = scope.get_visible(Project.objects.all(), request.user, pk=data["project_id"])
    data.pop("leader_id", None)
    data.pop("project_id", None)
    return data


class TaskPagination(PageNumberPagination):
    """Pages of tasks with each one's colour, computed for the page's rows only (colours depend
    on today and the calendar, so they are not stored)."""

    def paginate_queryset(self, queryset, *args, **kwargs):
        result = super().paginate_queryset(queryset, *args, **kwargs)
        result["items"] = queries.with_status(result["items"], as_of=timezone.localdate())
        return result


@router.get("/supervision/tasks", response=list[TaskOut], summary="督办事项")
@paginate(TaskPagination, page_size=100)
def list_tasks(request, filters: Query[TaskFilters]):
    return filtered(request, SupervisedTask.objects.prefetch_related("co_units"), TaskFilterSet, filters)


@router.get("/supervision/tasks/{task_id}", response={200: TaskOut, **ERRORS}, summary="督办事项详情")
def get_task(request, task_id: int):
    return _task(request, task_id)


@router.post("/supervision/tasks", response={201: TaskOut, **ERRORS}, summary="新增督办事项")
def create_task(request, payload: TaskIn):
    data = _refs(request, payload.dict())
    lead = unit_for(request, data.pop("lead_unit_id"))
    co = list(Unit.objects.filter(pk__in=data.pop("co_unit_ids")))
    task = actions.create_task(actor=request.user, lead_unit=lead, co_units=co, **data)
    return Status(201, _task(request, task.pk))


@router.post("/supervision/tasks/{task_id}/progress", response={201: UpdateOut, **ERRORS}, summary="报送进展")
def add_progress(request, task_id: int, payload: ProgressIn):
    return Status(201, actions.add_progress(actor=request.user, task=_task(request, task_id), **payload.dict()))


@router.post("/supervision/tasks/{task_id}/complete", response={201: UpdateOut, **ERRORS}, summary="办结")
def complete_task(request, task_id: int, payload: CompleteIn):
    return Status(201, actions.complete_task(actor=request.user, task=_task(request, task_id), **payload.dict()))


@router.post("/supervision/tasks/{task_id}/reopen", response={201: UpdateOut, **ERRORS}, summary="重新打开")
def reopen_task(request, task_id: int, payload: ReopenIn):
    return Status(201, actions.reopen_task(actor=request.user, task=_task(request, task_id), **payload.dict()))


class InspectionFilters(Schema):
    q: str | None = None
    kind: str | None = None
    unit: int | None = None
    since: date | None = None


@router.get("/supervision/inspections", response=list[InspectionOut], summary="巡查观摩")
@paginate(PageNumberPagination, page_size=100)
def list_inspections(request, filters: Query[InspectionFilters]):
    return filtered(request, Inspection.objects.all(), InspectionFilterSet, filters)


@router.post("/supervision/inspections", response={201: InspectionOut, **ERRORS}, summary="记录巡查观摩")
def record_inspection(request, payload: InspectionIn):
    data = _refs(request, payload.dict())
    round_id = data.pop("round_id")
    found = scope.get_visible(ScoringRound.objects.all(), request.user, pk=round_id) if round_id else None
    return Status(201, actions.record_inspection(actor=request.user, round=found, **data))


@router.get("/supervision/rounds/{round_id}", response={200: RoundResultsOut, **ERRORS}, summary="观摩评比结果")
def round_results(request, round_id: int):
    found = scope.get_visible(ScoringRound.objects.select_related("rubric", "peer_group"), request.user, pk=round_id)
    projects, units = queries.round_results(found)
    return {"id": found.pk, "name": found.name, "held_on": found.held_on, "drop_extremes": found.drop_extremes,
            "projects": projects, "units": units}  # fmt: skip


@router.post("/supervision/rounds/{round_id}/scores", response={200: RoundResultsOut, **ERRORS}, summary="录入评分")
def record_scores(request, round_id: int, payload: ScoresIn):
    found = scope.get_visible(ScoringRound.objects.select_related("rubric"), request.user, pk=round_id)
    project = scope.get_visible(Project.objects.all(), request.user, pk=payload.project_id)
    actions.record_scores(actor=request.user, round=found, project=project, judge=payload.judge, marks=payload.marks)
    return round_results(request, round_id)


def _target_out(row: queries.TargetRow) -> dict:
    t = row.target
    return {
        "id": t.pk, "unit_id": t.unit_id, "year": t.year, "title": t.title, "kind": t.kind,
        "indicator_id": t.indicator_id, "basis": t.basis, "project_metric": t.project_metric,
        "target_value": t.target_value, "measure": t.measure, "lower_is_better": t.lower_is_better,
        "actual": row.actual, "ratio_pct": row.result.ratio_pct, "verdict": row.result.verdict,
        "sentence": row.sentence,
    }  # fmt: skip


@router.get("/supervision/targets", response=list[TargetOut], summary="目标责任及完成情况")
def list_targets(request, year: Year):
    return [_target_out(r) for r in queries.target_rows(request.user, year=year)]


@router.post("/supervision/targets", response={201: TargetOut, **ERRORS}, summary="新增目标责任")
def create_target(request, payload: TargetIn):
    data = payload.dict()
    unit = unit_for(request, data.pop("unit_id"))
    indicator_id = data.pop("indicator_id")
    if indicator_id is not None:
        data["indicator"] = Indicator.objects.filter(pk=indicator_id).first()
        if data["indicator"] is None:
            raise ValidationError({"indicator_id": [f"指标 {indicator_id} 不存在。"]})
    target = actions.create_target(actor=request.user, unit=unit, **data)
    return Status(201, _target_row(request, target))


@router.post("/supervision/targets/{target_id}/progress", response={200: TargetOut, **ERRORS}, summary="填报完成值")
def report_target(request, target_id: int, payload: ProgressValueIn):
    target = scope.get_visible(ResponsibilityTarget.objects.all(), request.user, pk=target_id)
    actions.report_target_progress(actor=request.user, target=target, actual_value=payload.actual_value,
                                   note=payload.note)  # fmt: skip
    return _target_row(request, target)


def _target_row(request, target: ResponsibilityTarget) -> dict:
    for row in queries.target_rows(request.user, year=target.year):
        if row.target.pk == target.pk:
            return _target_out(row)
    raise Http404


@router.get("/supervision/bulletins", response=list[BulletinOut], summary="通报")
@paginate(PageNumberPagination, page_size=50)
def list_bulletins(request):
    return queries.visible_bulletins(request.user)


def _bulletin(request, pk: int) -> Bulletin:
    try:
        return queries.visible_bulletins(request.user).select_related("issuer").get(pk=pk)
    except Bulletin.DoesNotExist as exc:
        raise Http404(_("没有找到该记录，或您无权查看。")) from exc


@router.get("/supervision/bulletins/{bulletin_id}", response={200: BulletinOut, **ERRORS}, summary="通报详情")
def get_bulletin(request, bulletin_id: int):
    return _bulletin(request, bulletin_id)


@router.post("/supervision/bulletins", response={201: BulletinOut, **ERRORS}, summary="起草通报")
def draft_bulletin(request, payload: IssueIn):
    unit = unit_for(request, payload.unit_id)
    bulletin = actions.draft_bulletin(actor=request.user, kind=payload.kind, unit=unit, as_of=payload.as_of)
    return Status(201, bulletin)


# The workflow: the same actions and checks as the bulletin's page. A bulletin the caller cannot see
# answers 404; a step that is not theirs 403; a step the bulletin's state does not allow 409.


@router.post("/supervision/bulletins/{bulletin_id}/submit", response={200: BulletinOut, **ERRORS}, summary="送审")
def submit_bulletin(request, bulletin_id: int):
    return actions.submit_bulletin(actor=request.user, bulletin=_bulletin(request, bulletin_id))


@router.post("/supervision/bulletins/{bulletin_id}/review", response={200: BulletinOut, **ERRORS}, summary="审核")
def review_bulletin(request, bulletin_id: int, payload: ReviewIn):
    bulletin = _bulletin(request, bulletin_id)
    return actions.review_bulletin(actor=request.user, bulletin=bulletin, passed=payload.passed, reason=payload.reason)


@router.post("/supervision/bulletins/{bulletin_id}/sign", response={200: BulletinOut, **ERRORS}, summary="签发")
def sign_bulletin(request, bulletin_id: int):
    return actions.sign_bulletin(actor=request.user, bulletin=_bulletin(request, bulletin_id))


@router.post("/supervision/bulletins/{bulletin_id}/issue", response={200: BulletinOut, **ERRORS}, summary="印发")
def issue_bulletin(request, bulletin_id: int):
    return actions.print_bulletin(actor=request.user, bulletin=_bulletin(request, bulletin_id))
