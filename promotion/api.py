from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Query, Schema, Status
from ninja.pagination import paginate

from core import scope
from core.api import ERRORS, Day, PageNumberPagination, Router, Year, filtered
from org.api import unit_for
from org.models import Person
from projects.models import Project

from . import actions, queries
from .filtersets import ActivityFilterSet, BidFilterSet, LeadFilterSet
from .models import Activity, IndustryChain, Lead, SupportBid

router = Router(tags=["招商与上争"])


class LeadOut(Schema):
    id: int
    name: str
    investor: str
    investor_origin: str
    is_fortune500: bool
    is_industry_leader: bool
    is_listed: bool
    content: str
    chain: str
    intended_investment: int
    signed_investment: int | None
    unit_id: int
    leader_id: int | None
    stage: str
    stage_date: date
    drop_reason: str
    project_id: int | None
    is_sample: bool

    @staticmethod
    def resolve_chain(obj) -> str:
        return obj.chain.name


class LeadIn(Schema):
    name: str
    investor: str
    chain: str
    intended_investment: int
    unit_id: int
    on: date
    investor_origin: str = ""
    is_fortune500: bool = False
    is_industry_leader: bool = False
    is_listed: bool = False
    content: str = ""
    leader_id: int | None = None


class LeadPatch(Schema):
    name: str | None = None
    investor: str | None = None
    investor_origin: str | None = None
    is_fortune500: bool | None = None
    is_industry_leader: bool | None = None
    is_listed: bool | None = None
    content: str | None = None
    chain: str | None = None
    intended_investment: int | None = None


class LeadFilters(Schema):
    q: str | None = None
    stage: str | None = None
    chain: int | None = None
    unit: int | None = None
    leader: int | None = None
    open: bool | None = None
    major: bool | None = None


class StageIn(Schema):
    stage: str
    date: date
    note: str = ""
    reason: str = ""
    signed_investment: int | None = None
    activity_id: int | None = None


class LandIn(Schema):
    date: date
    project_id: int | None = None
    code: str | None = None
    level: str | None = None
    category: str | None = None
    nature: str | None = None


class LandOut(Schema):
    lead: LeadOut
    project_id: int
    project_code: str


class ActivityOut(Schema):
    id: int
    kind: str
    title: str
    date: date
    place: str
    unit_id: int
    leader_id: int | None
    participants: str
    summary: str
    lead_ids: list[int]
    is_sample: bool

    @staticmethod
    def resolve_lead_ids(obj) -> list[int]:
        return [x.pk for x in obj.leads.all()]


class ActivityIn(Schema):
    kind: str
    title: str
    date: date
    unit_id: int
    place: str = ""
    participants: str = ""
    summary: str = ""
    lead_ids: list[int] = []


class ActivityFilters(Schema):
    q: str | None = None
    kind: str | None = None
    unit: int | None = None
    since: date | None = None
    until: date | None = None


class BidOut(Schema):
    id: int
    title: str
    kind: str
    fund_type: str
    grant_level: str
    unit_id: int
    state: str
    package_investment: int | None
    amount_requested: int | None
    amount_granted: int | None
    prepared_on: date
    due_on: date | None
    submitted_on: date | None
    decided_on: date | None
    decision_note: str
    project_ids: list[int]
    is_sample: bool

    @staticmethod
    def resolve_project_ids(obj) -> list[int]:
        return [p.pk for p in obj.projects.all()]


class BidIn(Schema):
    title: str
    kind: str
    unit_id: int
    prepared_on: date
    due_on: date | None = None
    fund_type: str = ""
    grant_level: str = "province"
    content: str = ""
    package_investment: int | None = None
    amount_requested: int | None = None
    project_ids: list[int] = []


class BidPatch(Schema):
    title: str | None = None
    due_on: date | None = None
    content: str | None = None
    package_investment: int | None = None
    amount_requested: int | None = None
    project_ids: list[int] | None = None


class BidFilters(Schema):
    q: str | None = None
    kind: str | None = None
    fund_type: str | None = None
    state: str | None = None
    unit: int | None = None
    year: Year | None = None


class SubmitIn(Schema):
    date: date
    amount_requested: int | None = None


class DecideIn(Schema):
    approved: bool
    date: date
    amount_granted: int | None = None
    note: str = ""


class StepOut(Schema):
    stage: str
    label: str
    count: int
    amount: int


class ConversionOut(Schema):
    stage: str
    reached: int
    of_previous_pct: Decimal | None
    of_cohort_pct: Decimal | None


class FunnelOut(Schema):
    start: date
    end: date
    major_only: bool
    sentence: str
    steps: list[StepOut]
    dropped: int
    current: list[StepOut]
    cohort: int
    conversion: list[ConversionOut]
    mean_days: dict[str, Decimal | None]


class GroupOut(Schema):
    key: str
    label: str
    rank: int | None
    talks: int
    intended: int
    signed: int
    signed_investment: int
    landed: int


class BidRowOut(Schema):
    key: str
    label: str
    rank: int | None
    count: int
    submitted: int
    approved: int
    rejected: int
    package_investment: int
    requested: int
    granted: int


def _lead(request, pk: int) -> Lead:
    return scope.get_visible(Lead.objects.select_related("unit", "chain"), request.user, pk=pk)


def _bid(request, pk: int) -> SupportBid:
    return scope.get_visible(SupportBid.objects.select_related("unit"), request.user, pk=pk)


def _chain(name: str) -> IndustryChain:
    chain = IndustryChain.objects.filter(name=name, is_active=True).first()
    if chain is None:
        raise ValidationError({"chain": [f"产业链“{name}”不存在或已停用。"]})
    return chain


def _person(request, pk: int | None) -> Person | None:
    if pk is None:
        return None
    try:
        return scope.get_visible(Person.objects.all(), request.user, pk=pk)
    except Http404 as exc:
        raise ValidationError({"leader_id": [f"人员 {pk} 不存在或不在您的数据权限范围内。"]}) from exc


def _visible(request, model, ids: list[int], field: str) -> list:
    found = list(scope.restrict(model.objects.filter(pk__in=ids), request.user))
    if len(found) != len(set(ids)):
        raise ValidationError({field: ["所选记录不存在或不在您的数据权限范围内。"]})
    return found


# Leads -----------------------------------------------------------------------------------------


@router.get("/promotion/leads", response=list[LeadOut], summary="招商项目")
@paginate(PageNumberPagination, page_size=100)
def list_leads(request, filters: Query[LeadFilters]):
    return filtered(request, Lead.objects.select_related("chain"), LeadFilterSet, filters)


@router.get("/promotion/leads/{lead_id}", response={200: LeadOut, **ERRORS}, summary="招商项目详情")
def get_lead(request, lead_id: int):
    return _lead(request, lead_id)


@router.post("/promotion/leads", response={201: LeadOut, **ERRORS}, summary="新增招商项目")
def create_lead(request, payload: LeadIn):
    data = payload.dict()
    unit = unit_for(request, data.pop("unit_id"))
    data["chain"] = _chain(data["chain"])
    data["leader"] = _person(request, data.pop("leader_id"))
    return Status(201, actions.create_lead(actor=request.user, unit=unit, **data))


@router.patch("/promotion/leads/{lead_id}", response={200: LeadOut, **ERRORS}, summary="修改招商项目")
def update_lead(request, lead_id: int, payload: LeadPatch):
    data = payload.dict(exclude_unset=True)
    if "chain" in data:
        data["chain"] = _chain(data["chain"])
    return actions.update_lead(actor=request.user, lead=_lead(request, lead_id), **data)


@router.post("/promotion/leads/{lead_id}/stage", response={200: LeadOut, **ERRORS}, summary="推进阶段或终止")
def advance_lead(request, lead_id: int, payload: StageIn):
    data = payload.dict()
    activity_id = data.pop("activity_id")
    activity = _visible(request, Activity, [activity_id], "activity_id")[0] if activity_id else None
    on = data.pop("date")
    return actions.advance_lead(actor=request.user, lead=_lead(request, lead_id), on=on, activity=activity, **data)


@router.post("/promotion/leads/{lead_id}/land", response={201: LandOut, **ERRORS}, summary="转为重点项目")
def land_lead(request, lead_id: int, payload: LandIn):
    lead = _lead(request, lead_id)
    data = payload.dict()
    on, project_id = data.pop("date"), data.pop("project_id")
    if project_id is not None:
        project = _visible(request, Project, [project_id], "project_id")[0]
        project = actions.land_lead(actor=request.user, lead=lead, on=on, project=project)
    else:
        missing = [k for k in ("code", "level", "category", "nature") if not data.get(k)]
        if missing:
            raise ValidationError({k: ["新建重点项目须填写此项。"] for k in missing})
        project = actions.land_lead(actor=request.user, lead=lead, on=on, **data)
    lead.refresh_from_db()
    return Status(201, {"lead": lead, "project_id": project.pk, "project_code": project.code})


# Activities ------------------------------------------------------------------------------------


@router.get("/promotion/activities", response=list[ActivityOut], summary="招商活动")
@paginate(PageNumberPagination, page_size=100)
def list_activities(request, filters: Query[ActivityFilters]):
    return filtered(request, Activity.objects.prefetch_related("leads"), ActivityFilterSet, filters)


@router.post("/promotion/activities", response={201: ActivityOut, **ERRORS}, summary="新增招商活动")
def create_activity(request, payload: ActivityIn):
    data = payload.dict()
    unit = unit_for(request, data.pop("unit_id"))
    leads = _visible(request, Lead, data.pop("lead_ids"), "lead_ids")
    return Status(201, actions.create_activity(actor=request.user, unit=unit, leads=leads, **data))


# Bids ------------------------------------------------------------------------------------------


@router.get("/promotion/bids", response=list[BidOut], summary="上争事项")
@paginate(PageNumberPagination, page_size=100)
def list_bids(request, filters: Query[BidFilters]):
    return filtered(request, SupportBid.objects.prefetch_related("projects"), BidFilterSet, filters)


@router.get("/promotion/bids/{bid_id}", response={200: BidOut, **ERRORS}, summary="上争事项详情")
def get_bid(request, bid_id: int):
    return _bid(request, bid_id)


@router.post("/promotion/bids", response={201: BidOut, **ERRORS}, summary="新增上争事项")
def create_bid(request, payload: BidIn):
    data = payload.dict()
    unit = unit_for(request, data.pop("unit_id"))
    projects = _visible(request, Project, data.pop("project_ids"), "project_ids")
    return Status(201, actions.create_bid(actor=request.user, unit=unit, projects=projects, **data))


@router.patch("/promotion/bids/{bid_id}", response={200: BidOut, **ERRORS}, summary="修改上争事项")
def update_bid(request, bid_id: int, payload: BidPatch):
    bid = _bid(request, bid_id)
    data = payload.dict(exclude_unset=True)
    projects = None
    if data.get("project_ids") is not None:
        projects = _visible(request, Project, data.pop("project_ids"), "project_ids")
    data.pop("project_ids", None)
    return actions.update_bid(actor=request.user, bid=bid, projects=projects, **data)


@router.post("/promotion/bids/{bid_id}/submit", response={200: BidOut, **ERRORS}, summary="申报")
def submit_bid(request, bid_id: int, payload: SubmitIn):
    return actions.submit_bid(
        actor=request.user, bid=_bid(request, bid_id), on=payload.date, amount_requested=payload.amount_requested
    )


@router.post("/promotion/bids/{bid_id}/decide", response={200: BidOut, **ERRORS}, summary="批复结果")
def decide_bid(request, bid_id: int, payload: DecideIn):
    return actions.decide_bid(
        actor=request.user, bid=_bid(request, bid_id), approved=payload.approved, on=payload.date,
        amount_granted=payload.amount_granted, note=payload.note,
    )  # fmt: skip


# Roll-ups --------------------------------------------------------------------------------------


@router.get("/promotion/funnel", response={200: FunnelOut, **ERRORS}, summary="招商漏斗")
def funnel(request, start: Day, end: Day, major: bool = False):
    """Steps taken in the period, where leads stand now, the cohort's conversion and mean days between stages."""
    f = queries.funnel(request.user, start=start, end=end, major_only=major)
    step = lambda r: {"stage": r.stage, "label": r.label, "count": r.count, "amount": r.amount}  # noqa: E731
    return {
        "start": start, "end": end, "major_only": major, "sentence": f.sentence, "steps": [step(r) for r in f.steps],
        "dropped": f.dropped, "current": [step(r) for r in f.current], "cohort": f.cohort,
        "conversion": [{"stage": str(s), "reached": n, "of_previous_pct": p, "of_cohort_pct": c}
                       for s, n, p, c in f.conversion],
        "mean_days": f.mean_days,
    }  # fmt: skip


@router.get("/promotion/funnel/groups", response={200: list[GroupOut], **ERRORS}, summary="招商分组汇总")
def funnel_groups(request, start: Day, end: Day, by: str = "chain", major: bool = False):
    """By chain, unit or leader, ranked by signed total investment."""
    if by not in queries.DIMENSIONS:
        raise Http404(f"unknown dimension {by}")
    return queries.breakdown(request.user, start=start, end=end, by=by, major_only=major)


@router.get("/promotion/bid-rollup", response={200: list[BidRowOut], **ERRORS}, summary="上争汇总")
def bid_rollup(request, start: Day, end: Day, by: str = "kind"):
    """Bids prepared in the period by kind, fund type or unit (units ranked by amount granted); last row the total."""
    if by not in ("kind", "fund_type", "unit"):
        raise Http404(f"unknown dimension {by}")
    rows = queries.bid_rollup(request.user, start=start, end=end, by=by)
    kinds = ["fund"] if by == "fund_type" else None
    return [*rows, queries.bid_total(request.user, start=start, end=end, kinds=kinds)]


@router.get("/promotion/chains", response=list[str], summary="产业链")
def chains(request):
    return list(IndustryChain.objects.filter(is_active=True).values_list("name", flat=True))
