from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from core import scope
from core.api import ERRORS, Month, PageNumberPagination, Router, Year, filtered
from org.api import unit_for
from org.models import Unit

from . import actions, queries
from .filtersets import ProjectFilterSet
from .geo import LATITUDE, LONGITUDE
from .models import MonthlyReport, Problem, Project

router = Router(tags=["重点项目"])


# WGS-84 degrees within China's extent (projects.geo), six decimals at most, as on the form.
Longitude = Annotated[Decimal, Field(ge=LONGITUDE[0], le=LONGITUDE[1], max_digits=9, decimal_places=6)]
Latitude = Annotated[Decimal, Field(ge=LATITUDE[0], le=LATITUDE[1], max_digits=8, decimal_places=6)]


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    level: str
    category: str
    nature: str
    stage: str
    unit_id: int
    total_investment: int
    planned_start: date | None
    actual_start: date | None
    actual_finish: date | None
    leader_id: int | None
    responsible_unit_id: int | None
    co_unit_ids: list[int]
    programmes: list[str]
    longitude: Decimal | None
    latitude: Decimal | None
    is_sample: bool
    warning: str
    warning_reasons: list[str]
    warning_as_of: date | None

    @staticmethod
    def resolve_warning(obj) -> str:
        return queries.stored_warning(obj).colour.value

    @staticmethod
    def resolve_warning_reasons(obj) -> list[str]:
        return list(queries.stored_warning(obj).reasons)

    @staticmethod
    def resolve_warning_as_of(obj) -> date | None:
        state = getattr(obj, "warning_state", None)  # a missing one-to-one raises an AttributeError
        return state.as_of if state else None

    @staticmethod
    def resolve_programmes(obj) -> list[str]:
        return [p.name for p in obj.programmes.all()]

    @staticmethod
    def resolve_co_unit_ids(obj) -> list[int]:
        return sorted(u.pk for u in obj.co_units.all())


class ProjectIn(Schema):
    code: str
    name: str
    unit_id: int
    level: str
    category: str
    nature: str
    total_investment: int
    owner: str = ""
    location: str = ""
    content: str = ""
    planned_start: date | None = None
    planned_finish: date | None = None
    responsible_unit_id: int | None = None
    co_unit_ids: list[int] = []
    longitude: Longitude | None = None
    latitude: Latitude | None = None


class ProjectPatch(Schema):
    name: str | None = None
    level: str | None = None
    category: str | None = None
    nature: str | None = None
    total_investment: int | None = None
    owner: str | None = None
    location: str | None = None
    content: str | None = None
    planned_start: date | None = None
    planned_finish: date | None = None
    responsible_unit_id: int | None = None
    co_unit_ids: list[int] | None = None
    longitude: Longitude | None = None
    latitude: Latitude | None = None


class ProjectFilters(Schema):
    q: str | None = None
    level: str | None = None
    category: str | None = None
    stage: str | None = None
    unit: int | None = None
    leader: int | None = None
    programme: int | None = None
    colour: Literal["green", "yellow", "red"] | None = None


class ReportOut(Schema):
    id: int
    project_id: int
    year: int
    month: int
    version: int
    state: str
    monthly_investment: int | None
    ytd_investment: int | None
    since_start_investment: int | None
    progress: str
    problems: str
    next_steps: str
    return_reason: str
    is_sample: bool


class ReportIn(Schema):
    project_id: int
    year: Year
    month: Month
    monthly_investment: int | None = None
    ytd_investment: int | None = None
    since_start_investment: int | None = None
    progress: str = ""
    problems: str = ""
    next_steps: str = ""


class ReturnIn(Schema):
    reason: str


class ProblemOut(Schema):
    id: int
    project_id: int
    description: str
    responsible_unit_id: int | None
    deadline: date | None
    status: str
    resolution: str


class ProblemIn(Schema):
    description: str
    responsible_unit_id: int | None = None
    deadline: date | None = None


class ResolveIn(Schema):
    resolution: str


class RollupOut(Schema):
    key: str
    label: str
    count: int
    total_investment: int
    plan: int
    ytd: int
    completion_pct: Decimal | None
    schedule_pct: Decimal
    schedule_gap_pp: Decimal | None
    planned_to_start: int
    started: int
    start_rate_pct: Decimal | None


PROJECTS = Project.objects.select_related("warning_state").prefetch_related("programmes", "co_units")


def _project(request, pk: int) -> Project:
    return scope.get_visible(PROJECTS, request.user, pk=pk)


def _units(field: str, ids: list[int]) -> list[Unit]:
    """The units a project names as 责任单位 or 配合单位: any active unit, as the project form offers."""
    found = {u.pk: u for u in Unit.objects.filter(pk__in=ids, is_active=True)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise ValidationError({field: [f"单位 {'、'.join(missing)} 不存在或已停用。"]})
    return [found[i] for i in dict.fromkeys(ids)]


def _links(data: dict) -> dict:
    """Turn `responsible_unit_id` and `co_unit_ids` of a body into the action's units."""
    if "responsible_unit_id" in data:
        unit_id = data.pop("responsible_unit_id")
        data["responsible_unit"] = _units("responsible_unit_id", [unit_id])[0] if unit_id else None
    if "co_unit_ids" in data:
        ids = data.pop("co_unit_ids")
        data["co_units"] = None if ids is None else _units("co_unit_ids", ids)
    return data


def _report(request, pk: int) -> MonthlyReport:
    return scope.get_visible(MonthlyReport.objects.select_related("project"), request.user, pk=pk)


@router.get("/projects/projects", alias="/projects", response=list[ProjectOut], summary="项目列表")
@paginate(PageNumberPagination, page_size=100)
def list_projects(request, filters: Query[ProjectFilters]):
    qs = filtered(request, PROJECTS, ProjectFilterSet, filters)  # the filterset has no colour: stored, below
    return queries.with_colour(qs, filters.colour) if filters.colour else qs


@router.get(
    "/projects/projects/{project_id}",
    alias="/projects/{project_id}",
    response={200: ProjectOut, **ERRORS},
    summary="项目详情",
)
def get_project(request, project_id: int):
    return _project(request, project_id)


@router.post("/projects/projects", alias="/projects", response={201: ProjectOut, **ERRORS}, summary="新增项目")
def create_project(request, payload: ProjectIn):
    data = _links(payload.dict())
    unit = unit_for(request, data.pop("unit_id"))
    project = actions.create_project(actor=request.user, unit=unit, **data)
    return Status(201, PROJECTS.get(pk=project.pk))


@router.patch(
    "/projects/projects/{project_id}",
    alias="/projects/{project_id}",
    response={200: ProjectOut, **ERRORS},
    summary="修改项目",
)
def update_project(request, project_id: int, payload: ProjectPatch):
    project = _project(request, project_id)
    actions.update_project(actor=request.user, project=project, **_links(payload.dict(exclude_unset=True)))
    return PROJECTS.get(pk=project.pk)


@router.delete(
    "/projects/projects/{project_id}",
    alias="/projects/{project_id}",
    response={204: None, **ERRORS},
    summary="删除项目（尚无报告等记录时）",
)
def delete_project(request, project_id: int):
    actions.delete_project(actor=request.user, project=_project(request, project_id))
    return Status(204, None)


@router.get("/projects/reports", alias="/reports", response=list[ReportOut], summary="月度报告")
@paginate(PageNumberPagination, page_size=100)
def list_reports(request, year: Year | None = None, month: Month | None = None, state: str | None = None):
    qs = scope.restrict(MonthlyReport.objects.order_by("project_id", "year", "month", "version"), request.user)
    for field, value in (("year", year), ("month", month), ("state", state)):
        if value is not None:
            qs = qs.filter(**{field: value})
    return qs


@router.post("/projects/reports", alias="/reports", response={200: ReportOut, **ERRORS}, summary="填写月度报告（草稿）")
def save_report(request, payload: ReportIn):
    data = payload.dict()
    project = _project(request, data.pop("project_id"))
    return actions.save_report(actor=request.user, project=project, **data)


@router.post(
    "/projects/reports/{report_id}/submit",
    alias="/reports/{report_id}/submit",
    response={200: ReportOut, **ERRORS},
    summary="报送",
)
def submit_report(request, report_id: int):
    return actions.submit_report(actor=request.user, report=_report(request, report_id))


@router.post(
    "/projects/reports/{report_id}/approve",
    alias="/reports/{report_id}/approve",
    response={200: ReportOut, **ERRORS},
    summary="审核通过",
)
def approve_report(request, report_id: int):
    return actions.approve_report(actor=request.user, report=_report(request, report_id))


@router.post(
    "/projects/reports/{report_id}/return",
    alias="/reports/{report_id}/return",
    response={200: ReportOut, **ERRORS},
    summary="退回",
)
def return_report(request, report_id: int, payload: ReturnIn):
    return actions.return_report(actor=request.user, report=_report(request, report_id), reason=payload.reason)


@router.post(
    "/projects/reports/{report_id}/correct",
    alias="/reports/{report_id}/correct",
    response={201: ReportOut, **ERRORS},
    summary="发起更正",
)
def correct_report(request, report_id: int):
    return Status(201, actions.start_correction(actor=request.user, report=_report(request, report_id)))


@router.get(
    "/projects/projects/{project_id}/problems",
    alias="/projects/{project_id}/problems",
    response={200: list[ProblemOut], **ERRORS},
    summary="存在问题",
)
def list_problems(request, project_id: int):
    return _project(request, project_id).problems.all()


@router.post(
    "/projects/projects/{project_id}/problems",
    alias="/projects/{project_id}/problems",
    response={201: ProblemOut, **ERRORS},
    summary="新增问题",
)
def add_problem(request, project_id: int, payload: ProblemIn):
    data = payload.dict()
    unit_id = data.pop("responsible_unit_id")
    unit = unit_for(request, unit_id) if unit_id else None
    problem = actions.add_problem(
        actor=request.user, project=_project(request, project_id), responsible_unit=unit, **data
    )
    return Status(201, problem)


@router.post(
    "/projects/problems/{problem_id}/resolve",
    alias="/problems/{problem_id}/resolve",
    response={200: ProblemOut, **ERRORS},
    summary="问题解决",
)
def resolve_problem(request, problem_id: int, payload: ResolveIn):
    problem = scope.get_visible(Problem.objects.select_related("project"), request.user, pk=problem_id)
    return actions.resolve_problem(actor=request.user, problem=problem, resolution=payload.resolution)


@router.get("/projects/rollups", alias="/rollups", response={200: list[RollupOut], **ERRORS}, summary="汇总")
def rollups(request, year: Year, month: Month, by: str = "level"):
    """Count, investment, plan, YTD, 完成率 and ± 序时进度 by level, category, unit, leader, programme or scale.

    The last row is the total (each project counted once).
    """
    if by not in queries.DIMENSIONS:
        raise Http404(f"unknown dimension {by}")
    rows = queries.rollup(request.user, year=year, month=month, by=by)
    rows.append(queries.rollup_total(request.user, year=year, month=month))
    return [
        {
            "key": r.key,
            "label": r.label,
            "count": r.count,
            "total_investment": r.total_investment,
            "plan": r.plan,
            "ytd": r.ytd,
            "completion_pct": r.completion,
            "schedule_pct": r.benchmark,
            "schedule_gap_pp": r.gap,
            "planned_to_start": r.planned_to_start,
            "started": r.started,
            "start_rate_pct": r.start_rate,
        }
        for r in rows
    ]
