"""Every write to investment attraction and 上争: leads and their stages, landing as a key project,
activities, bids and the industry-chain list. Each is one transaction with its audit rows."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import actions as base
from core import scope
from core.locking import Conflict, lock
from org.models import Unit
from projects import actions as project_actions
from projects.choices import Stage as ProjectStage
from projects.models import Project

from . import calc
from .choices import BidKind, BidState, LeadStage
from .models import Activity, IndustryChain, Lead, LeadStageEvent, SupportBid

LEAD_FIELDS = (
    "name", "investor", "investor_origin", "is_fortune500", "is_industry_leader", "is_listed", "content", "chain",
    "intended_investment", "unit", "leader", "contact_name", "contact_phone", "is_sample",
)  # fmt: skip
ACTIVITY_FIELDS = ("kind", "title", "date", "place", "unit", "leader", "participants", "summary", "is_sample")
BID_FIELDS = (
    "title", "kind", "fund_type", "grant_level", "unit", "leader", "content", "package_investment",
    "amount_requested", "prepared_on", "due_on", "is_sample",
)  # fmt: skip


def _ensure_visible_leads(actor, leads) -> list[Lead]:
    leads = list(leads)
    visible = set(scope.restrict(Lead.objects.filter(pk__in=[x.pk for x in leads]), actor).values_list("pk", flat=True))
    if any(x.pk not in visible for x in leads):
        raise ValidationError({"leads": _("所选招商项目不在您的数据权限范围内。")})
    return leads


# Industry chains (an editable list) --------------------------------------------------------------


def _ensure_admin(actor) -> None:
    # The chains are one list for every unit: a district administrator may not change them.
    scope.ensure_platform_admin(actor, _("只有平台管理员可以维护产业链。"))


@transaction.atomic
def create_chain(*, actor, name: str, order: int = 0) -> IndustryChain:
    _ensure_admin(actor)
    return base.create(IndustryChain(name=name.strip(), order=order))


@transaction.atomic
def update_chain(*, actor, chain: IndustryChain, **changes) -> IndustryChain:
    _ensure_admin(actor)
    return base.update(chain, changes=base.only(changes, ("name", "order", "is_active")))


# Leads ---------------------------------------------------------------------------------------------


@transaction.atomic
def create_lead(*, actor, unit: Unit, name: str, chain: IndustryChain, on: date, note: str = "", **fields) -> Lead:
    """A new lead in 对接洽谈 since `on` (the first talks)."""
    scope.ensure_can_create_under(actor, unit.path)
    base.only(fields, LEAD_FIELDS)
    lead = base.create(Lead(unit=unit, name=name, chain=chain, stage=LeadStage.TALKS, stage_date=on, **fields))
    base.create(LeadStageEvent(lead=lead, stage=LeadStage.TALKS, date=on, note=note))
    return lead


@transaction.atomic
def update_lead(*, actor, lead: Lead, **changes) -> Lead:
    scope.ensure_can_change_to(actor, lead, changes)
    return base.update(lead, changes=base.only(changes, LEAD_FIELDS))


def _check_step(lead: Lead, stage: str, on: date) -> None:
    """Called on the locked, re-read lead (core.locking): a move someone else made first is a conflict."""
    if not calc.can_move(lead.stage, stage):
        raise Conflict(
            {"stage": _("“%(now)s”的项目不能转为“%(to)s”。") % {
                "now": lead.get_stage_display(), "to": LeadStage(stage).label if stage in LeadStage.values else stage}}
        )  # fmt: skip
    if on < lead.stage_date:
        raise ValidationError({"date": _("日期早于上一阶段（%(d)s）。") % {"d": lead.stage_date}})


def _record(lead: Lead, stage: str, on: date, note: str = "", activity: Activity | None = None, **changes) -> Lead:
    base.create(LeadStageEvent(lead=lead, stage=stage, date=on, note=note, activity=activity))
    verb = _("阶段：%(s)s") % {"s": LeadStage(stage).label}
    return base.update(lead, changes={"stage": stage, "stage_date": on, **changes}, verb=verb)


@transaction.atomic
def advance_lead(
    *,
    actor,
    lead: Lead,
    stage: str,
    on: date,
    note: str = "",
    reason: str = "",
    signed_investment: int | None = None,
    activity: Activity | None = None,
) -> Lead:
    """Move a lead one step: 对接洽谈 → 意向 → 签约, or drop it (with a reason). 落地 is `land_lead`."""
    scope.ensure_can_change(actor, lead)
    lock(lead)
    if stage == LeadStage.LANDED:
        raise ValidationError({"stage": _("落地须转为重点项目：请使用“转为重点项目”。")})
    _check_step(lead, stage, on)
    changes: dict = {}
    if stage == LeadStage.SIGNED:
        if signed_investment is None or signed_investment <= 0:
            raise ValidationError({"signed_investment": _("签约须填写签约总投资。")})
        changes["signed_investment"] = signed_investment
    elif signed_investment is not None:
        raise ValidationError({"signed_investment": _("只有签约时填写签约总投资。")})
    if stage == LeadStage.DROPPED:
        if not reason.strip():
            raise ValidationError({"reason": _("终止须说明原因。")})
        changes["drop_reason"] = reason.strip()[:200]
    if activity is not None:
        if stage != LeadStage.SIGNED:
            raise ValidationError({"activity": _("只有签约可以关联签约活动。")})
        if not scope.restrict(Activity.objects.filter(pk=activity.pk), actor).exists():
            raise ValidationError({"activity": _("所选活动不在您的数据权限范围内。")})
        activity.leads.add(lead)
    return _record(lead, stage, on, note, activity, **changes)


@transaction.atomic
def land_lead(*, actor, lead: Lead, on: date, project: Project | None = None, **project_fields) -> Project:
    """A signed deal becomes a key project: a new one (created by the key-project action, with its
    签约 step dated as the deal's) or one already in the ledger. The lead then points at it, and
    the project reaches its lead through `attraction_lead`."""
    scope.ensure_can_change(actor, lead)
    lock(lead)
    _check_step(lead, LeadStage.LANDED, on)
    signed = lead.stage_events.get(stage=LeadStage.SIGNED)
    if project is None:
        fields = {
            "name": lead.name, "owner": lead.investor, "content": lead.content, "leader": lead.leader,
            "total_investment": lead.signed_investment, "unit": lead.unit, **project_fields,
        }  # fmt: skip
        project = project_actions.create_project(actor=actor, **fields)
        project_actions.record_stage(
            actor=actor, project=project, stage=ProjectStage.SIGNED, on=signed.date,
            note=_("招商签约：%(i)s") % {"i": lead.investor},
        )  # fmt: skip
    else:
        if project_fields:
            raise ValidationError(_("关联已有项目时不能同时填写新项目的字段。"))
        scope.ensure_can_change(actor, project)
        if Lead.objects.filter(project=project).exclude(pk=lead.pk).exists():
            raise ValidationError({"project": _("该重点项目已关联其他招商项目。")})
    _record(lead, LeadStage.LANDED, on, _("转为重点项目 %(c)s") % {"c": project.code}, project=project)
    return project


# Activities ------------------------------------------------------------------------------------


@transaction.atomic
def create_activity(*, actor, unit: Unit, leads=(), **fields) -> Activity:
    scope.ensure_can_create_under(actor, unit.path)
    base.only(fields, ACTIVITY_FIELDS)
    return base.create(Activity(unit=unit, **fields), m2m={"leads": _ensure_visible_leads(actor, leads)})


@transaction.atomic
def update_activity(*, actor, activity: Activity, leads=None, **changes) -> Activity:
    scope.ensure_can_change_to(actor, activity, changes)
    m2m = {"leads": _ensure_visible_leads(actor, leads)} if leads is not None else None
    return base.update(activity, changes=base.only(changes, ACTIVITY_FIELDS), m2m=m2m)


# Bids (上争) ------------------------------------------------------------------------------------


def _visible_projects(actor, projects) -> list[Project]:
    projects = list(projects)
    ids = {p.pk for p in projects}
    if len(scope.restrict(Project.objects.filter(pk__in=ids), actor)) != len(ids):
        raise ValidationError({"projects": _("所选项目不在您的数据权限范围内。")})
    return projects


@transaction.atomic
def create_bid(*, actor, unit: Unit, projects=(), **fields) -> SupportBid:
    scope.ensure_can_create_under(actor, unit.path)
    base.only(fields, BID_FIELDS)
    if fields.get("kind") != BidKind.FUND:
        fields.setdefault("fund_type", "")
    return base.create(SupportBid(unit=unit, **fields), m2m={"projects": _visible_projects(actor, projects)})


@transaction.atomic
def update_bid(*, actor, bid: SupportBid, projects=None, **changes) -> SupportBid:
    scope.ensure_can_change_to(actor, bid, changes)
    m2m = {"projects": _visible_projects(actor, projects)} if projects is not None else None
    return base.update(bid, changes=base.only(changes, BID_FIELDS), m2m=m2m)


def _bid_step(bid: SupportBid, to: str, on: date, after: date | None) -> None:
    """Checked before the bid is touched, so a refused step leaves the caller's object as it was."""
    if after and on < after:
        field = "submitted_on" if to == BidState.SUBMITTED else "decided_on"
        raise ValidationError({field: _("日期早于上一环节（%(d)s）。") % {"d": after}})
    if not calc.can_move_bid(bid.state, to):
        raise Conflict(
            {
                "state": _("“%(now)s”的事项不能转为“%(to)s”。")
                % {"now": bid.get_state_display(), "to": BidState(to).label}
            }
        )


@transaction.atomic
def submit_bid(*, actor, bid: SupportBid, on: date, amount_requested: int | None = None) -> SupportBid:
    scope.ensure_can_change(actor, bid)
    lock(bid)
    _bid_step(bid, BidState.SUBMITTED, on, bid.prepared_on)
    changes = {"state": BidState.SUBMITTED, "submitted_on": on}
    if amount_requested is not None:
        changes["amount_requested"] = amount_requested
    return base.update(bid, changes=changes, verb=_("申报"))


@transaction.atomic
def decide_bid(
    *, actor, bid: SupportBid, approved: bool, on: date, amount_granted: int | None = None, note: str = ""
) -> SupportBid:
    """Record the province's or the state's answer. Funds approved must state the amount granted."""
    scope.ensure_can_change(actor, bid)
    lock(bid)
    to = BidState.APPROVED if approved else BidState.REJECTED
    _bid_step(bid, to, on, bid.submitted_on)
    if approved and bid.kind == BidKind.FUND and amount_granted is None:
        raise ValidationError({"amount_granted": _("资金类事项获批须填写获批金额。")})
    if not approved and amount_granted:
        raise ValidationError({"amount_granted": _("未获批的事项不能填写获批金额。")})
    changes = {"state": to, "decided_on": on, "decision_note": note[:200]}
    if approved:
        changes["amount_granted"] = amount_granted
    return base.update(bid, changes=changes, verb=BidState(to).label)
