"""Every write to service cases: submitting, each step of the loop, the overdue sweep, case types,
首席服务官 assignments and check-ins, and door-knocking visits.

Each step of the loop checks the transition table (flow) and who may take it, moves the case,
recomputes the current stage's deadline in working days, and writes an audit row and a case event.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import actions as base
from core import audit, bulk, drafts, files, images, recompute, scope
from core.locking import Conflict, lock
from core.models import AuditAction
from notices.actions import notify_units_later
from notices.events import Kind
from org.choices import RoleCode, UnitKind
from org.models import Enterprise, Person, Unit

from . import flow, queries, sla
from .choices import GRID_KINDS, OPEN_STATES, CaseAction, CaseKind, CaseState, Satisfaction
from .models import Case, CaseEvent, CaseType, CheckIn, Household, OfficerAssignment, Visit

MICRODEGREE = Decimal("0.000001")
CASE_TYPE_FIELDS = (
    "name", "kind", "dispatch_days", "sign_days", "handle_days", "reply_days", "warn_within", "escalate_after",
    "max_extensions", "max_extension_days", "satisfaction_options", "basic_counts_satisfied", "is_active",
)  # fmt: skip


def _ensure_admin(actor) -> None:
    scope.ensure_platform_admin(actor, _("只有平台管理员可以修改诉求类型。"))


def _due(table: sla.WorkdayTable, start: date, days: int) -> tuple[date, bool]:
    day = sla.deadline(table, start, days)
    return day.date, day.fallback


def _role_code(user) -> str:
    return user.role.code if getattr(user, "role_id", None) else ""


# Submitting -------------------------------------------------------------------------------------


@transaction.atomic
def submit_case(
    *,
    actor,
    case_type: CaseType,
    title: str,
    content: str,
    enterprise: Enterprise | None = None,
    origin_unit: Unit | None = None,
    resident_name: str = "",
    resident_phone: str = "",
    address: str = "",
    handler_unit: Unit | None = None,
    on: date | None = None,
    is_sample: bool = False,
) -> Case:
    """受理: an enterprise user raises a problem of their own enterprise; a grid worker passes up,
    whistles or asks on behalf of a resident of their grid; a unit records one in its scope.
    A whistle (吹哨) names the department at once and is dispatched in the same step."""
    on = on or queries.today()
    if not case_type.is_active:
        raise ValidationError({"case_type": _("该诉求类型已停用。")})
    kind = case_type.kind
    role = _role_code(actor)
    if kind == CaseKind.ENTERPRISE:
        if enterprise is None:
            raise ValidationError({"enterprise": _("企业诉求须选择企业。")})
        if role == RoleCode.ENTERPRISE:
            if enterprise.pk != actor.enterprise_id:
                raise PermissionDenied(_("企业用户只能为本企业提交诉求。"))
        elif not (scope.can_write(actor) and scope.scope_of(actor).covers_path(enterprise.unit.path)):
            raise PermissionDenied(_("该企业不在您的数据权限范围内。"))
        origin_unit = enterprise.unit
    else:
        if role == RoleCode.ENTERPRISE:
            raise PermissionDenied(_("企业用户只能提交企业诉求。"))
        if role == RoleCode.GRID_WORKER:
            origin_unit = actor.unit
        if origin_unit is None:
            raise ValidationError({"origin_unit": _("请选择来源单位（微网格）。")})
        if origin_unit.kind != UnitKind.GRID and kind in GRID_KINDS and role == RoleCode.GRID_WORKER:
            raise ValidationError({"origin_unit": _("网格员须关联到微网格。")})
        scope.ensure_can_create_under(actor, origin_unit.path)
        if not resident_name.strip() and kind == CaseKind.ERRAND:
            raise ValidationError({"resident_name": _("帮办代办须填写群众姓名。")})
    if not title.strip():
        raise ValidationError({"title": _("请填写标题。")})
    if not content.strip():
        raise ValidationError({"content": _("请填写诉求内容。")})
    table = queries.workday_table(on)
    due_on, fallback = _due(table, on, case_type.dispatch_days)
    case = Case(
        case_type=case_type, kind=kind, title=title.strip(), content=content.strip(), origin_unit=origin_unit,
        enterprise=enterprise if kind == CaseKind.ENTERPRISE else None, resident_name=resident_name.strip(),
        resident_phone=resident_phone.strip(), address=address.strip(), reporter=actor, accepted_on=on,
        due_on=due_on, due_from=on, due_workdays=case_type.dispatch_days, overdue=due_on < queries.today(),
        deadline_fallback=fallback, scope_path=origin_unit.path,
        is_sample=is_sample,
    )  # fmt: skip
    base.create(case, verb=str(CaseAction.ACCEPT.label))
    _event(case, actor, CaseAction.ACCEPT, "", case.state, on=on, unit=origin_unit)
    if handler_unit is not None:
        dispatch(actor=actor, case=case, handler_unit=handler_unit, on=on)
    return case


# The loop ---------------------------------------------------------------------------------------


def _event(case, actor, action, from_state, to_state, *, on, note="", unit=None, days=None,
           draft_key=None) -> CaseEvent:  # fmt: skip
    name = (actor.get_full_name() or actor.get_username()) if getattr(actor, "is_authenticated", False) else ""
    event = CaseEvent(case=case, action=action, from_state=from_state, to_state=to_state, on=on,
                      actor=actor if name else None, actor_name=name, note=note, unit=unit, days=days,
                      draft_key=draft_key)  # fmt: skip
    event.save()
    return event


def _guard(actor, case: Case, action: str) -> None:
    """The case must be visible (404), the move legal from its state (409) and the actor's to make (403).

    Takes the case's row lock and re-reads it first (core.locking): of two simultaneous moves the
    second sees the state the first left and is refused as a conflict.
    """
    if not queries.visible_cases(actor).filter(pk=case.pk).exists():
        raise Http404(_("没有找到该记录，或您无权查看。"))
    lock(case)
    try:
        flow.next_state(case.state, action)
    except flow.IllegalTransition:
        message = _("当前状态为“%(state)s”，不能%(action)s。")
        raise Conflict(message % {"state": case.get_state_display(), "action": CaseAction(action).label}) from None
    if not queries.roles_of(actor, case) & set(flow.ACTORS[action]):
        raise PermissionDenied(_("您不能对该诉求执行“%(action)s”。") % {"action": CaseAction(action).label})


def _step(actor, case: Case, action: str, *, on: date | None, changes: dict | None = None, note: str = "",
          unit: Unit | None = None, days: int | None = None, draft_key: UUID | None = None) -> Case:  # fmt: skip
    """Apply a checked move (see _guard), audit it and log it as an event."""
    to_state = flow.next_state(case.state, action)
    on = on or queries.today()
    from_state = case.state
    changes = {**(changes or {}), "state": to_state}
    if "due_on" in changes:
        changes["overdue"] = changes["due_on"] is not None and changes["due_on"] < queries.today()
    base.update(case, changes=changes, verb=str(CaseAction(action).label))
    _event(case, actor, action, from_state, to_state, on=on, note=note, unit=unit, days=days, draft_key=draft_key)
    return case


def _need(text: str, field: str, message: str) -> str:
    if not (text or "").strip():
        raise ValidationError({field: message})
    return text.strip()


@transaction.atomic
def dispatch(*, actor, case: Case, handler_unit: Unit, note: str = "", on: date | None = None) -> Case:
    """派单: to a department or a town; the signing deadline starts."""
    _guard(actor, case, CaseAction.DISPATCH)
    on = on or queries.today()
    if not handler_unit.is_active:
        raise ValidationError({"handler_unit": _("承办单位已停用。")})
    due, fallback = _due(queries.workday_table(on), on, case.case_type.sign_days)
    changes = {"handler_unit": handler_unit, "handler_path": handler_unit.path, "dispatched_on": on, "sign_due": due,
               "signed_on": None, "due_on": due, "due_from": on, "due_workdays": case.case_type.sign_days,
               "deadline_fallback": case.deadline_fallback or fallback}  # fmt: skip
    _step(actor, case, CaseAction.DISPATCH, on=on, changes=changes, note=note, unit=handler_unit)
    _tell(case, [handler_unit], actor, Kind.CASE_DISPATCHED, _("新派诉求：%(c)s"), note)
    return case


def _tell(case: Case, units, actor, kind: str, title: str, body: str) -> None:
    """The units' users who can see the case hear of the step once it commits (see notices.events)."""
    notify_units_later(units=units, obj=case, kind=kind, title=title % {"c": case}, body=body,
                       url=case.get_absolute_url(), actor=actor, visible=queries.visible_cases)  # fmt: skip


def _dispatcher_unit(case: Case) -> Unit | None:
    """The unit of whoever last dispatched the case (a returned case goes back to them)."""
    event = (CaseEvent.objects.filter(case=case, action=CaseAction.DISPATCH, actor__isnull=False)
             .select_related("actor__unit").order_by("-id").first())  # fmt: skip
    return event.actor.unit if event is not None else case.origin_unit


@transaction.atomic
def sign(*, actor, case: Case, on: date | None = None) -> Case:
    """签收: the handling deadline starts."""
    _guard(actor, case, CaseAction.SIGN)
    on = on or queries.today()
    due, fallback = _due(queries.workday_table(on), on, case.case_type.handle_days + case.extension_days)
    changes = {
        "signed_on": on,
        "handle_due": due,
        "due_on": due,
        "due_from": on,
        "due_workdays": case.case_type.handle_days + case.extension_days,
        "deadline_fallback": case.deadline_fallback or fallback,
    }
    return _step(actor, case, CaseAction.SIGN, on=on, changes=changes)


@transaction.atomic
def send_back(*, actor, case: Case, reason: str, on: date | None = None) -> Case:
    """退回: not ours to handle; back to the dispatcher with the reason, to dispatch again."""
    _guard(actor, case, CaseAction.RETURN)
    on = on or queries.today()
    reason = _need(reason, "reason", _("退回须说明理由。"))
    due, fallback = _due(queries.workday_table(on), on, case.case_type.dispatch_days)
    unit = case.handler_unit
    changes = {"handler_unit": None, "handler_path": "", "sign_due": None, "signed_on": None, "handle_due": None,
               "due_on": due, "due_from": on, "due_workdays": case.case_type.dispatch_days, "returns": case.returns + 1,
               "extension_requested": None, "extension_reason": "",
               "deadline_fallback": case.deadline_fallback or fallback}  # fmt: skip
    _step(actor, case, CaseAction.RETURN, on=on, changes=changes, note=reason, unit=unit)
    _tell(case, [_dispatcher_unit(case)], actor, Kind.CASE_RETURNED, _("诉求被退回：%(c)s"),
          _("退回理由：%(r)s") % {"r": reason})  # fmt: skip
    return case


@transaction.atomic
def add_note(*, actor, case: Case, note: str, on: date | None = None, draft_key: UUID | None = None,
             seen_state: str = "") -> Case:  # fmt: skip
    """办理: a note of what has been done so far.

    A note written on a phone without signal comes later with its draft's key and the state the
    phone saw the case in: sent again, it is saved once; if the case has moved on meanwhile, it is
    refused as a conflict (409) and the phone keeps it and shows why.
    """
    # The row lock first: of two sends of one draft, the second waits and then finds the first.
    if draft_key is not None:
        if not queries.visible_cases(actor).filter(pk=case.pk).exists():
            raise Http404(_("没有找到该记录，或您无权查看。"))
        lock(case)
        if (earlier := _drafted(CaseEvent, draft_key, actor, actor_field="actor")) is not None:
            return earlier.case
    _guard(actor, case, CaseAction.NOTE)
    if seen_state and seen_state != case.state:
        message = _("写下这条记录后，诉求已由“%(seen)s”变为“%(now)s”，请核对后再发送。")
        seen = CaseState(seen_state).label if seen_state in CaseState.values else seen_state
        raise drafts.Moved(message % {"seen": seen, "now": case.get_state_display()})
    note = _need(note, "note", _("请填写办理情况。"))
    return _step(actor, case, CaseAction.NOTE, on=on, note=note, draft_key=draft_key)


def _drafted(model, key: UUID, actor, *, actor_field: str):
    """The row a draft with `key` already made, or None. The key is the sender's own: another
    user's key is refused rather than answered with their row."""
    earlier = model.objects.filter(draft_key=key).first()
    if earlier is not None and getattr(earlier, f"{actor_field}_id") != actor.pk:
        raise PermissionDenied(_("草稿标识已被使用。"))
    return earlier


@transaction.atomic
def request_extension(*, actor, case: Case, days: int, reason: str, on: date | None = None) -> Case:
    """延期: within the case type's number of extensions and total days; the dispatcher decides."""
    _guard(actor, case, CaseAction.EXTEND)
    reason = _need(reason, "reason", _("申请延期须说明理由。"))
    ct = case.case_type
    if case.extension_requested is not None:
        raise Conflict(_("已有待审批的延期申请。"))
    if days is None or days < 1:
        raise ValidationError({"days": _("延期天数须为正整数。")})
    if case.extensions >= ct.max_extensions:
        raise ValidationError({"days": _("该类诉求最多延期 %(n)s 次。") % {"n": ct.max_extensions}})
    if case.extension_days + days > ct.max_extension_days:
        message = _("延期合计不能超过 %(n)s 个工作日（已延期 %(used)s 个）。")
        raise ValidationError({"days": message % {"n": ct.max_extension_days, "used": case.extension_days}})
    changes = {"extension_requested": days, "extension_reason": reason}
    return _step(actor, case, CaseAction.EXTEND, on=on, changes=changes, note=reason, days=days)


@transaction.atomic
def decide_extension(*, actor, case: Case, approve: bool, note: str = "", on: date | None = None) -> Case:
    _guard(actor, case, CaseAction.APPROVE_EXTENSION if approve else CaseAction.REJECT_EXTENSION)
    if case.extension_requested is None:
        raise Conflict(_("没有待审批的延期申请。"))
    days = case.extension_requested
    changes: dict = {"extension_requested": None, "extension_reason": ""}
    if approve:
        table = queries.workday_table(on or queries.today())
        due, fallback = _due(table, case.handle_due, days)
        # N working days after the N-th: the stage's limit grows by `days` from the same start.
        changes.update(handle_due=due, extensions=case.extensions + 1, extension_days=case.extension_days + days,
                       deadline_fallback=case.deadline_fallback or fallback)  # fmt: skip
        if case.state == CaseState.HANDLING:  # after the reply, the current deadline is the follow-up's
            grown = None if case.due_workdays is None else case.due_workdays + days
            changes.update(due_on=due, due_workdays=grown)
    action = CaseAction.APPROVE_EXTENSION if approve else CaseAction.REJECT_EXTENSION
    if not approve:
        note = _need(note, "note", _("不同意延期须说明理由。"))
    return _step(actor, case, action, on=on, changes=changes, note=note, days=days)


@transaction.atomic
def reply(*, actor, case: Case, result: str, on: date | None = None) -> Case:
    """反馈: the handler reports what was done; the follow-up (回访/评价) deadline starts."""
    _guard(actor, case, CaseAction.REPLY)
    on = on or queries.today()
    result = _need(result, "result", _("请填写办理结果。"))
    due, fallback = _due(queries.workday_table(on), on, case.case_type.reply_days)
    # A pending 延期 request stays pending: the dispatcher still decides it.
    changes = {"replied_on": on, "reply": result, "due_on": due, "due_from": on,
               "due_workdays": case.case_type.reply_days,
               "deadline_fallback": case.deadline_fallback or fallback}  # fmt: skip
    return _step(actor, case, CaseAction.REPLY, on=on, changes=changes, note=result)


@transaction.atomic
def rate(*, actor, case: Case, satisfaction: str, note: str = "", on: date | None = None) -> Case:
    """回访/评价: the enterprise, or the dispatcher after calling the resident, rates the result."""
    _guard(actor, case, CaseAction.RATE)
    allowed = [v for v, _label in case.case_type.options()]
    if satisfaction not in allowed:
        raise ValidationError({"satisfaction": _("请选择满意度：%(o)s。") % {"o": "、".join(
            str(Satisfaction(v).label) for v in allowed)}})  # fmt: skip
    return _step(actor, case, CaseAction.RATE, on=on, changes={"satisfaction": satisfaction}, note=note)


@transaction.atomic
def rework(*, actor, case: Case, reason: str, on: date | None = None) -> Case:
    """重办: the reply is not accepted; back to the handler with a fresh handling limit."""
    _guard(actor, case, CaseAction.REWORK)
    on = on or queries.today()
    reason = _need(reason, "reason", _("重办须说明理由。"))
    due, fallback = _due(queries.workday_table(on), on, case.case_type.handle_days)
    changes = {"handle_due": due, "due_on": due, "due_from": on, "due_workdays": case.case_type.handle_days,
               "reworks": case.reworks + 1, "satisfaction": "",
               "deadline_fallback": case.deadline_fallback or fallback}  # fmt: skip
    return _step(actor, case, CaseAction.REWORK, on=on, changes=changes, note=reason, unit=case.handler_unit)


@transaction.atomic
def close(*, actor, case: Case, note: str = "", on: date | None = None) -> Case:
    """办结, once any pending 延期 request is decided."""
    _guard(actor, case, CaseAction.CLOSE)
    if case.extension_requested is not None:
        raise Conflict(_("尚有待审批的延期申请，请先审批后再办结。"))
    on = on or queries.today()
    changes = {"closed_on": on, "due_on": None, "due_from": None, "due_workdays": None}
    return _step(actor, case, CaseAction.CLOSE, on=on, changes=changes, note=note)


# The sweep --------------------------------------------------------------------------------------


@transaction.atomic
def apply_deadline_moves(moves: list[recompute.Move]) -> None:
    """Write recomputed stage deadlines (core.actions.recompute_deadlines checks who may), each audited."""
    today = queries.today()
    for m in moves:
        case = m.obj
        changes = {"due_on": m.after, "overdue": m.after < today, "deadline_fallback": m.fallback_after}
        if case.sign_due == m.before and case.state == CaseState.DISPATCHED:
            changes["sign_due"] = m.after
        if case.handle_due == m.before and case.state == CaseState.HANDLING:
            changes["handle_due"] = m.after
        base.update(case, changes=changes, verb=_("节假日调整重算"))


@transaction.atomic
def refresh_overdue(as_of: date | None = None) -> int:
    """Recompute `overdue` of every case in one set-based UPDATE; how many rows changed.

    A row is written only when its flag changes (open, with a deadline before `as_of`), so a
    nightly run writes the cases whose deadline passed since the last one, and a second run
    nothing. Derived from the stored deadline and the date, so it is not audited row by row (the
    transitions that set the deadline are).
    """
    as_of = as_of or queries.today()
    late = ExpressionWrapper(
        Q(state__in=OPEN_STATES, due_on__isnull=False, due_on__lt=as_of), output_field=BooleanField()
    )
    return Case.objects.exclude(overdue=late).update(overdue=late)


# How many cases one escalation batch takes: each batch is its own transaction (cases.sweeping).
ESCALATION_BATCH = 5000
# A unit told of more escalated cases than this in one batch gets one message naming how many,
# instead of one per case (a backlog must not bury it in messages).
ESCALATION_MESSAGES_PER_UNIT = 10


@transaction.atomic
def escalate_batch(*, ids: list[int], as_of: date, actor=None) -> int:
    """超期上报 of the cases among `ids` still to escalate on `as_of` (cases.queries.to_escalate):
    each goes to the unit above the one that holds it (its handling unit, else its originating
    unit; a root unit keeps it). Set-based: the rows are locked and re-checked in one query, moved
    with one UPDATE per unit escalated to, and given their case events and audit rows in bulk.
    A case escalated already, or closed meanwhile, is skipped, so a batch may run twice. Returns
    how many cases were escalated."""
    found = list(
        queries.to_escalate(as_of)
        .filter(pk__in=ids)
        .select_for_update(of=("self",))
        .only("pk", "title", "accepted_on", "state", "due_on", "overdue", "handler_unit_id", "handler_path",
              "scope_path", "case_type_id")
        .order_by("pk")
    )  # fmt: skip
    if not found:
        return 0
    holders = {c.pk: c.handler_path if c.handler_unit_id else c.scope_path for c in found}
    targets_of = {pk: sla.escalation_unit_path(path, Unit.steplen) or path for pk, path in holders.items()}
    units = {u.path: u for u in Unit.objects.filter(path__in=set(targets_of.values()))}
    table = queries.workday_table(as_of)
    verb = str(CaseAction.ESCALATE.label)
    name = (actor.get_full_name() or actor.get_username()) if getattr(actor, "is_authenticated", False) else ""
    by_target: dict[int, list[Case]] = {}
    events, entries = [], []
    for case in found:
        target = units[targets_of[case.pk]]
        by_target.setdefault(target.pk, []).append(case)
        over = table.between(case.due_on, as_of)
        note = _("超期 %(n)s 个工作日，上报%(unit)s。") % {"n": over, "unit": target.name}
        events.append(CaseEvent(case_id=case.pk, action=CaseAction.ESCALATE, from_state=case.state,
                                to_state=case.state, on=as_of, actor_id=actor.pk if name else None,
                                actor_name=name, note=note, unit_id=target.pk, days=over))  # fmt: skip
        entries.append(audit.entry(obj=case, action=AuditAction.UPDATE, verb=verb, actor=actor,
                                   before={"escalated_to": None, "overdue": case.overdue},
                                   after={"escalated_to": target.pk, "overdue": True}))  # fmt: skip
        case.escalation_note = note
    now = timezone.now()
    for target_pk, cases in by_target.items():
        Case.objects.filter(pk__in=[c.pk for c in cases]).update(
            escalated_to_id=target_pk, overdue=True, updated_at=now
        )
    bulk.insert(events)  # one multi-row INSERT per thousand, as the audit rows
    audit.record_many(entries)
    by_pk = {u.pk: u for u in units.values()}
    for target_pk, cases in by_target.items():
        target = by_pk[target_pk]
        if len(cases) <= ESCALATION_MESSAGES_PER_UNIT:
            for case in cases:
                _tell(case, [target], actor, Kind.CASE_ESCALATED, _("诉求超期上报：%(c)s"), case.escalation_note)
        else:
            case_ids = [c.pk for c in cases]
            notify_units_later(
                units=[target], obj=target, kind=Kind.CASE_ESCALATED, actor=actor,
                title=_("%(n)s 件诉求超期上报%(unit)s") % {"n": len(cases), "unit": target.name},
                body=_("超期达到上报标准，请督促承办单位办理。"), url=reverse("cases:case-list"),
                visible=lambda user, ids=case_ids, unit=target: (
                    Unit.objects.filter(pk=unit.pk) if queries.visible_cases(user).filter(pk__in=ids).exists()
                    else Unit.objects.none()
                ),
            )  # fmt: skip
    return len(found)


# Case types -------------------------------------------------------------------------------------


@transaction.atomic
def create_case_type(*, actor, **fields) -> CaseType:
    _ensure_admin(actor)
    return base.create(CaseType(**base.only(fields, CASE_TYPE_FIELDS)))


@transaction.atomic
def update_case_type(*, actor, case_type: CaseType, **changes) -> CaseType:
    _ensure_admin(actor)
    return base.update(case_type, changes=base.only(changes, CASE_TYPE_FIELDS))


# Enterprise service: 首席服务官 and check-ins ---------------------------------------------------------


@transaction.atomic
def assign_officer(*, actor, person: Person, enterprise: Enterprise, role: str, since: date) -> OfficerAssignment:
    scope.ensure_can_create_under(actor, enterprise.unit.path)
    if not queries.officer_candidates(actor).filter(pk=person.pk).exists():
        raise ValidationError({"person": _("所选人员不在您的数据权限范围内。")})
    existing = OfficerAssignment.objects.filter(person=person, enterprise=enterprise).first()
    if existing is not None:
        return base.update(existing, changes={"role": role, "is_active": True}, verb=_("重新任命"))
    return base.create(OfficerAssignment(person=person, enterprise=enterprise, role=role, since=since))


@transaction.atomic
def end_assignment(*, actor, assignment: OfficerAssignment) -> OfficerAssignment:
    scope.ensure_can_change(actor, assignment)
    return base.update(assignment, changes={"is_active": False}, verb=_("免去"))


@transaction.atomic
def check_in(*, actor, note: str = "", on: date | None = None, person: Person | None = None) -> CheckIn:
    """An officer's check-in for the week; once a week (a second one in the same week is refused).

    A check-in is a write: a read-only account (领导, 只读) is refused even when its person serves.
    """
    if not scope.can_write(actor):
        raise PermissionDenied(_("您的账号只能查看，不能签到。"))
    on = on or queries.today()
    person = person or actor.person
    if person is None:
        raise ValidationError(_("您的账号未关联人员，不能签到。"))
    if person.pk != actor.person_id:
        scope.ensure_can_change(actor, person)
    if not OfficerAssignment.objects.filter(person=person, is_active=True).exists():
        raise ValidationError(_("%(name)s 不是在岗的首席服务官或服务专员。") % {"name": person.name})
    week = queries.week_of(on)
    if CheckIn.objects.filter(person=person, week=week).exists():
        raise ValidationError(_("本周已签到。"))
    return base.create(CheckIn(person=person, week=week, on=on, note=note.strip(), scope_path=person.unit.path))


# Micro-grid: vulnerable households and visits -----------------------------------------------------


@transaction.atomic
def create_household(*, actor, grid: Unit, name: str, address: str, category: str, phone: str = "", note: str = "",
                     is_sample: bool = False) -> Household:  # fmt: skip
    if grid.kind != UnitKind.GRID:
        raise ValidationError({"grid": _("请选择微网格。")})
    scope.ensure_can_create_under(actor, grid.path)
    household = Household(grid=grid, name=name.strip(), address=address.strip(), category=category,
                          phone=phone.strip(), note=note, is_sample=is_sample)  # fmt: skip
    return base.create(household)


@transaction.atomic
def record_visit(*, actor, household: Household, note: str, visited_on: date | None = None,
                 case_type: CaseType | None = None, problem: str = "", photo=None,
                 recorded_at: datetime | None = None, latitude: Decimal | None = None,
                 longitude: Decimal | None = None, accuracy: int | None = None,
                 draft_key: UUID | None = None) -> Visit:  # fmt: skip
    """敲门行动: a visit; a problem found is raised as a case (帮办代办 or 吹哨) in the same step.

    From a phone: a photo (checked as any uploaded image, with a thumbnail), the time the phone
    recorded the visit, where it was if the user allowed it, and the draft's key: a visit sent twice
    is saved once, and the second send answers with the first.
    """
    scope.ensure_can_change(actor, household)
    if draft_key is not None:
        lock(household)  # of two sends of one draft, the second waits and then finds the first
        if (earlier := _drafted(Visit, draft_key, actor, actor_field="visitor")) is not None:
            return earlier
    note = _need(note, "note", _("请填写走访情况。"))
    visited_on = visited_on or queries.today()
    if (latitude is None) != (longitude is None):
        raise ValidationError({"latitude": _("位置须同时有纬度和经度。")})
    if latitude is not None:  # to the field's six places (about 0.1 m)
        latitude, longitude = (Decimal(str(v)).quantize(MICRODEGREE) for v in (latitude, longitude))
    if recorded_at is not None and recorded_at > timezone.now() + timedelta(minutes=10):
        raise ValidationError({"recorded_at": _("记录时间不能晚于现在。")})
    visit = Visit(household=household, visited_on=visited_on, visitor=actor, note=note, recorded_at=recorded_at,
                  latitude=latitude, longitude=longitude, accuracy=accuracy if latitude is not None else None,
                  draft_key=draft_key)  # fmt: skip
    if photo is not None:
        checked = images.check(photo, field="photo")
        # The files are written before the row and removed again if the transaction does not commit.
        visit.photo.save(checked.name, photo, save=False)
        visit.thumbnail.save(checked.thumbnail_name, checked.thumbnail, save=False)
        files.remove_on_rollback(visit.photo, visit.thumbnail)
    case = None
    if case_type is not None:
        case = submit_case(actor=actor, case_type=case_type, title=_need(problem, "problem", _("请填写发现的问题。")),
                           content=note, origin_unit=household.grid, resident_name=household.name,
                           resident_phone=household.phone, address=household.address, on=visited_on,
                           is_sample=household.is_sample)  # fmt: skip
    visit.case = case
    return base.create(visit)
