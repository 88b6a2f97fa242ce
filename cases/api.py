"""The service-case API: the same actions, data scope and masking as the pages."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from core import scope
from core.api import ERRORS, Day, DeadlineStatusOut, PageNumberPagination, Router, filtered
from org.api import unit_for
from org.models import Enterprise, Unit

from . import actions, queries
from .filtersets import CaseFilterSet
from .masking import mask_name, mask_phone
from .models import Case, CaseType, Household, OfficerAssignment

router = Router(tags=["惠企服务与微网格"])


class CaseOut(DeadlineStatusOut):
    id: int
    number: str
    kind: str
    case_type_id: int
    title: str
    content: str
    origin_unit_id: int
    enterprise_id: int | None
    resident_name: str
    resident_phone: str
    handler_unit_id: int | None
    state: str
    accepted_on: date
    dispatched_on: date | None
    sign_due: date | None
    signed_on: date | None
    handle_due: date | None
    replied_on: date | None
    closed_on: date | None
    due_on: date | None
    deadline_fallback: bool
    colour: str
    workdays_left: int
    workdays_over: int
    escalated_to_id: int | None
    extensions: int
    extension_requested: int | None
    returns: int
    reworks: int
    satisfaction: str
    is_sample: bool

    @staticmethod
    def resolve_resident_name(obj) -> str:
        return obj.resident_name if getattr(obj, "full", False) else mask_name(obj.resident_name)

    @staticmethod
    def resolve_resident_phone(obj) -> str:
        return obj.resident_phone if getattr(obj, "full", False) else mask_phone(obj.resident_phone)


class CaseIn(Schema):
    case_type_id: int
    title: str
    content: str
    enterprise_id: int | None = None
    origin_unit_id: int | None = None
    resident_name: str = ""
    resident_phone: str = ""
    address: str = ""
    handler_unit_id: int | None = None


class CaseFilters(Schema):
    q: str | None = None
    kind: str | None = None
    state: str | None = None
    open: bool | None = None
    case_type: int | None = None
    unit: int | None = None
    handler: int | None = None
    since: date | None = None
    until: date | None = None


class StepIn(Schema):
    handler_unit_id: int | None = None
    note: str = ""
    reason: str = ""
    result: str = ""
    days: int | None = None
    approve: bool | None = None
    satisfaction: str = ""


class EventOut(Schema):
    id: int
    action: str
    from_state: str
    to_state: str
    on: date
    actor_name: str
    unit_id: int | None
    note: str
    days: int | None


class CaseTypeOut(Schema):
    id: int
    name: str
    kind: str
    dispatch_days: int
    sign_days: int
    handle_days: int
    reply_days: int
    warn_within: int
    escalate_after: int
    max_extensions: int
    max_extension_days: int
    satisfaction_options: list[str]
    basic_counts_satisfied: bool
    is_active: bool


class CaseTypeIn(Schema):
    name: str | None = None
    kind: str | None = None
    dispatch_days: int | None = None
    sign_days: int | None = None
    handle_days: int | None = None
    reply_days: int | None = None
    warn_within: int | None = None
    escalate_after: int | None = None
    max_extensions: int | None = None
    max_extension_days: int | None = None
    satisfaction_options: list[str] | None = None
    basic_counts_satisfied: bool | None = None
    is_active: bool | None = None


class MetricsOut(Schema):
    unit_id: int | None
    unit: str
    rank: int | None
    cases: int
    sign_rate: Decimal | None
    close_rate: Decimal | None
    return_rate: Decimal | None
    rework_rate: Decimal | None
    satisfaction_rate: Decimal | None
    average_days: Decimal | None


class InboxOut(Schema):
    key: str
    label: str
    cases: list[CaseOut]


class AssignmentOut(Schema):
    id: int
    person_id: int
    person: str
    enterprise_id: int
    role: str
    since: date
    is_active: bool

    @staticmethod
    def resolve_person(obj) -> str:
        return obj.person.name


class AssignmentIn(Schema):
    person_id: int
    enterprise_id: int
    role: str = "leader"
    since: date


class CheckInIn(Schema):
    note: str = ""


class CheckInOut(Schema):
    id: int
    person_id: int
    week: date
    on: date


class RateOut(Schema):
    unit_id: int
    unit: str
    officers: int
    checked_in: int
    rate: Decimal | None
    rank: int | None


class HouseholdOut(Schema):
    id: int
    grid_id: int
    name: str
    phone: str
    category: str
    is_active: bool

    @staticmethod
    def resolve_name(obj) -> str:
        return mask_name(obj.name)

    @staticmethod
    def resolve_phone(obj) -> str:
        return mask_phone(obj.phone)


class HouseholdIn(Schema):
    grid_id: int
    name: str
    address: str
    category: str
    phone: str = ""
    note: str = ""


class VisitIn(Schema):
    note: str
    visited_on: date | None = None
    case_type_id: int | None = None
    problem: str = ""
    # From a phone (docs/phones.md): when it recorded the visit, where it was, and the draft's key
    # (a second POST with the same key saves nothing and answers with the first visit).
    recorded_at: datetime | None = None
    latitude: Annotated[Decimal, Field(ge=-90, le=90, max_digits=9, decimal_places=6)] | None = None
    longitude: Annotated[Decimal, Field(ge=-180, le=180, max_digits=9, decimal_places=6)] | None = None
    accuracy: Annotated[int, Field(ge=0, le=100_000)] | None = None
    draft_key: UUID | None = None


class VisitOut(Schema):
    id: int
    household_id: int
    visited_on: date
    note: str
    case_id: int | None
    recorded_at: datetime | None
    latitude: Decimal | None
    longitude: Decimal | None


def _case(request, pk: int) -> Case:
    try:
        case = queries.visible_cases(request.user).select_related("case_type").get(pk=pk)
    except Case.DoesNotExist as exc:
        raise Http404("没有找到该记录，或您无权查看。") from exc
    return _out(request, case)


def _out(request, case: Case) -> Case:
    case.status = queries.status_of(case)
    case.full = queries.sees_resident(request.user, case)
    return case


class CasePagination(PageNumberPagination):
    """Each page's rows with today's colour; names and phones masked as in lists."""

    def paginate_queryset(self, queryset, *args, **kwargs):
        result = super().paginate_queryset(queryset, *args, **kwargs)
        result["items"] = queries.attach_status(result["items"])
        return result


def _case_type(pk: int | None) -> CaseType:
    found = CaseType.objects.filter(pk=pk).first() if pk else None
    if found is None:
        raise ValidationError({"case_type_id": [f"诉求类型 {pk} 不存在。"]})
    return found


@router.get("/cases/cases", alias="/cases", response=list[CaseOut], summary="服务诉求")
@paginate(CasePagination, page_size=100)
def list_cases(request, filters: Query[CaseFilters]):
    return filtered(request, Case.objects.select_related("case_type"), CaseFilterSet, filters)


@router.get("/cases/inbox", response=list[InboxOut], summary="我的待办")
def inbox(request):
    return [{"key": s.key, "label": s.label, "cases": s.cases} for s in queries.inbox(request.user)]


@router.get("/cases/metrics", response=list[MetricsOut], summary="办理绩效（按承办单位排名，末行为合计）")
def metrics(request, start: Day, end: Day, kind: str = ""):
    rows, total = queries.metrics_by_unit(request.user, start=start, end=end, kind=kind)

    def out(unit, rank, m):
        return {"unit_id": unit.pk if unit else None, "unit": unit.name if unit else "合计", "rank": rank,
                "cases": m.cases, "sign_rate": m.sign_rate, "close_rate": m.close_rate, "return_rate": m.return_rate,
                "rework_rate": m.rework_rate, "satisfaction_rate": m.satisfaction_rate,
                "average_days": m.average_days}  # fmt: skip

    return [out(r.unit, r.rank, r.metrics) for r in rows] + [out(None, None, total)]


@router.get("/cases/cases/{case_id}", alias="/cases/{case_id}", response={200: CaseOut, **ERRORS}, summary="诉求详情")
def get_case(request, case_id: int):
    return _case(request, case_id)


@router.get(
    "/cases/cases/{case_id}/events",
    alias="/cases/{case_id}/events",
    response={200: list[EventOut], **ERRORS},
    summary="办理过程",
)
def case_events(request, case_id: int):
    return list(_case(request, case_id).events.all())


@router.post("/cases/cases", alias="/cases", response={201: CaseOut, **ERRORS}, summary="提交诉求")
def submit_case(request, payload: CaseIn):
    data = payload.dict()
    case_type = _case_type(data.pop("case_type_id"))
    enterprise_id = data.pop("enterprise_id")
    if enterprise_id is not None:
        data["enterprise"] = Enterprise.objects.filter(pk=enterprise_id).select_related("unit").first()
        if data["enterprise"] is None:
            raise ValidationError({"enterprise_id": [f"企业 {enterprise_id} 不存在。"]})
    origin_id = data.pop("origin_unit_id")
    if origin_id is not None:
        data["origin_unit"] = unit_for(request, origin_id)
    handler_id = data.pop("handler_unit_id")
    if handler_id is not None:
        data["handler_unit"] = _any_unit(handler_id, "handler_unit_id")
    case = actions.submit_case(actor=request.user, case_type=case_type, **data)
    return Status(201, _case(request, case.pk))


def _any_unit(pk: int, field: str) -> Unit:
    unit = Unit.objects.filter(pk=pk, is_active=True).first()
    if unit is None:
        raise ValidationError({field: [f"单位 {pk} 不存在或已停用。"]})
    return unit


STEPS = ("dispatch", "sign", "return", "note", "extend", "decide", "reply", "rate", "rework", "close")


@router.post(
    "/cases/cases/{case_id}/{step}",
    alias="/cases/{case_id}/{step}",
    response={200: CaseOut, **ERRORS},
    summary="办理环节",
)
def case_step(request, case_id: int, step: str, payload: StepIn):
    """dispatch {handler_unit_id, note}; sign; return {reason}; note {note}; extend {days, reason};
    decide {approve, note}; reply {result}; rate {satisfaction, note}; rework {reason}; close {note}."""
    if step not in STEPS:
        raise Http404("没有这个办理环节。")
    case = _case(request, case_id)
    user, p = request.user, payload
    if step == "dispatch":
        if p.handler_unit_id is None:
            raise ValidationError({"handler_unit_id": ["请选择承办单位。"]})
        actions.dispatch(actor=user, case=case, handler_unit=_any_unit(p.handler_unit_id, "handler_unit_id"),
                         note=p.note)  # fmt: skip
    elif step == "sign":
        actions.sign(actor=user, case=case)
    elif step == "return":
        actions.send_back(actor=user, case=case, reason=p.reason)
    elif step == "note":
        actions.add_note(actor=user, case=case, note=p.note)
    elif step == "extend":
        actions.request_extension(actor=user, case=case, days=p.days, reason=p.reason)
    elif step == "decide":
        if p.approve is None:
            raise ValidationError({"approve": ["请选择同意或不同意。"]})
        actions.decide_extension(actor=user, case=case, approve=p.approve, note=p.note)
    elif step == "reply":
        actions.reply(actor=user, case=case, result=p.result)
    elif step == "rate":
        actions.rate(actor=user, case=case, satisfaction=p.satisfaction, note=p.note)
    elif step == "rework":
        actions.rework(actor=user, case=case, reason=p.reason)
    else:
        actions.close(actor=user, case=case, note=p.note)
    return _case(request, case_id)


@router.get("/cases/types", alias="/case-types", response=list[CaseTypeOut], summary="诉求类型")
def list_case_types(request):
    return list(CaseType.objects.all())


@router.post(
    "/cases/types", alias="/case-types", response={201: CaseTypeOut, **ERRORS}, summary="新增诉求类型（平台管理员）"
)
def create_case_type(request, payload: CaseTypeIn):
    return Status(201, actions.create_case_type(actor=request.user, **payload.dict(exclude_none=True)))


@router.patch(
    "/cases/types/{type_id}",
    alias="/case-types/{type_id}",
    response={200: CaseTypeOut, **ERRORS},
    summary="修改诉求类型（平台管理员）",
)
def update_case_type(request, type_id: int, payload: CaseTypeIn):
    found = CaseType.objects.filter(pk=type_id).first()
    if found is None:
        raise Http404("没有找到该记录。")
    return actions.update_case_type(actor=request.user, case_type=found, **payload.dict(exclude_none=True))


@router.get("/cases/officers", alias="/cases-officers", response=list[AssignmentOut], summary="首席服务官")
@paginate(PageNumberPagination, page_size=100)
def list_officers(request):
    return scope.restrict(OfficerAssignment.objects.select_related("person"), request.user)


@router.post(
    "/cases/officers", alias="/cases-officers", response={201: AssignmentOut, **ERRORS}, summary="任命首席服务官"
)
def assign_officer(request, payload: AssignmentIn):
    person = queries.officer_candidates(request.user).filter(pk=payload.person_id).first()
    if person is None:
        raise ValidationError({"person_id": [f"人员 {payload.person_id} 不存在。"]})
    enterprise = scope.get_visible(Enterprise.objects.select_related("unit"), request.user, pk=payload.enterprise_id)
    found = actions.assign_officer(actor=request.user, person=person, enterprise=enterprise, role=payload.role,
                                   since=payload.since)  # fmt: skip
    return Status(201, found)


@router.post("/cases/checkins", alias="/cases-checkins", response={201: CheckInOut, **ERRORS}, summary="服务官本周签到")
def check_in(request, payload: CheckInIn):
    return Status(201, actions.check_in(actor=request.user, note=payload.note))


@router.get("/cases/checkin-rates", alias="/cases-checkin-rates", response=list[RateOut], summary="线上签到率排名")
def checkin_rates(request, week: Day):
    return [{"unit_id": r.unit.pk, "unit": r.unit.name, "officers": r.officers, "checked_in": r.checked_in,
             "rate": r.rate, "rank": r.rank} for r in queries.checkin_rates(request.user, week=week)]  # fmt: skip


@router.get(
    "/cases/households", alias="/cases-households", response=list[HouseholdOut], summary="重点关爱户（姓名电话脱敏）"
)
@paginate(PageNumberPagination, page_size=100)
def list_households(request):
    return queries.visible_households(request.user)


@router.post(
    "/cases/households", alias="/cases-households", response={201: HouseholdOut, **ERRORS}, summary="新增重点关爱户"
)
def create_household(request, payload: HouseholdIn):
    data = payload.dict()
    grid = unit_for(request, data.pop("grid_id"))
    return Status(201, actions.create_household(actor=request.user, grid=grid, **data))


@router.post(
    "/cases/households/{household_id}/visits",
    alias="/cases-households/{household_id}/visits",
    response={201: VisitOut, **ERRORS},
    summary="记录走访",
)
def record_visit(request, household_id: int, payload: VisitIn):
    household = scope.get_visible(Household.objects.select_related("grid"), request.user, pk=household_id)
    data = payload.dict()
    type_id = data.pop("case_type_id")
    case_type = _case_type(type_id) if type_id else None
    return Status(201, actions.record_visit(actor=request.user, household=household, case_type=case_type, **data))
