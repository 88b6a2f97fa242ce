"""Every write to supervision: tasks and their progress, inspections and scores, responsibility
targets, settings, and issuing bulletins."""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import actions as base
from core import bounds, files, images, recompute, scope
from core.calendar import workday_calendar
from core.locking import Conflict, lock
from notices.actions import notify_units_later
from notices.events import Kind
from org.models import PeerGroup, Unit
from projects.models import Project

from . import queries
from .choices import BulletinKind, BulletinState, DocumentKind, TargetKind, TaskState, UpdateKind
from .models import (
    Bulletin,
    BulletinSettings,
    DocumentTemplate,
    EscalationSettings,
    Inspection,
    InspectionPhoto,
    Issuer,
    IssuerYear,
    ResponsibilityTarget,
    Rubric,
    RubricItem,
    Score,
    ScoringRound,
    SupervisedTask,
    TaskUpdate,
)

TASK_FIELDS = ("title", "content", "source", "source_detail", "leader", "project", "is_sample")
TARGET_FIELDS = (
    "title", "kind", "indicator", "basis", "project_metric", "target_value", "measure", "lower_is_better",
    "actual_value", "actual_note", "is_sample",
)  # fmt: skip
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def _ensure_admin(actor) -> None:
    scope.ensure_platform_admin(actor, _("只有平台管理员可以修改督办设置。"))


# Supervised tasks -------------------------------------------------------------------------------


def _deadline(assigned_on: date, deadline: date | None, workdays: int | None) -> tuple[date, bool]:
    """The deadline as given, or N working days after the assignment (flagged on a guessed calendar)."""
    if workdays is not None:
        if not 1 <= workdays <= bounds.MAX_WORKDAYS:
            raise ValidationError(
                {"deadline_workdays": _("时限应在 1 至 %(max)s 个工作日之间。") % {"max": bounds.MAX_WORKDAYS}}
            )
        try:
            day = workday_calendar().add_workdays(assigned_on, workdays)
        except OverflowError as exc:
            raise ValidationError({"deadline_workdays": _("时限超出了日历范围。")}) from exc
        return day.date, day.fallback
    if deadline is None:
        raise ValidationError({"deadline": _("请填写办结时限：日期或工作日数。")})
    return deadline, False


@transaction.atomic
def create_task(
    *,
    actor,
    title: str,
    source: str,
    lead_unit: Unit,
    assigned_on: date,
    deadline: date | None = None,
    deadline_workdays: int | None = None,
    co_units: Iterable[Unit] = (),
    **fields,
) -> SupervisedTask:
    scope.ensure_can_create_under(actor, lead_unit.path)
    base.only(fields, TASK_FIELDS)
    due, fallback = _deadline(assigned_on, deadline, deadline_workdays)
    co = [u for u in co_units if u.pk != lead_unit.pk]
    task = SupervisedTask(
        title=title, source=source, lead_unit=lead_unit, assigned_on=assigned_on, deadline=due,
        deadline_workdays=deadline_workdays, deadline_from=assigned_on if deadline_workdays is not None else None,
        deadline_fallback=fallback, **fields,
    )  # fmt: skip
    base.create(task, m2m={"co_units": co})
    _tell_assignees(task, actor, Kind.TASK_ASSIGNED, _("新督办事项：%(t)s"), task.content)
    return task


def _tell_assignees(task: SupervisedTask, actor, kind: str, title: str, body: str) -> None:
    notify_units_later(units=queries.assignee_units(task), obj=task, kind=kind, title=title % {"t": task.title},
                       body=body, url=task.get_absolute_url(), actor=actor)  # fmt: skip


@transaction.atomic
def update_task(
    *,
    actor,
    task: SupervisedTask,
    deadline: date | None = None,
    deadline_workdays: int | None = None,
    co_units: Iterable[Unit] | None = None,
    **changes,
) -> SupervisedTask:
    """Edit what the task says; its deadline too (given as a date or as working days)."""
    scope.ensure_can_change(actor, task)
    base.only(changes, (*TASK_FIELDS, "lead_unit", "assigned_on"))
    if "lead_unit" in changes and changes["lead_unit"] != task.lead_unit:
        scope.ensure_can_create_under(actor, changes["lead_unit"].path)
    assigned_on = changes.get("assigned_on", task.assigned_on)
    if deadline is not None or deadline_workdays is not None:
        due, fallback = _deadline(assigned_on, deadline, deadline_workdays)
        changes.update(deadline=due, deadline_workdays=deadline_workdays, deadline_fallback=fallback,
                       deadline_from=assigned_on if deadline_workdays is not None else None)  # fmt: skip
    m2m = None if co_units is None else {"co_units": [u for u in co_units if u.pk != task.lead_unit_id]}
    lead_before = task.lead_unit_id
    base.update(task, changes=changes, m2m=m2m)
    if task.lead_unit_id != lead_before:
        title = _("新督办事项：%(t)s") % {"t": task.title}
        notify_units_later(units=[task.lead_unit], obj=task, kind=Kind.TASK_ASSIGNED, url=task.get_absolute_url(),
                           title=title, body=task.content, actor=actor)  # fmt: skip
    return task


def _check_attachment(attachment) -> None:
    if attachment is not None and attachment.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"attachment": _("附件不能超过 20 MB。")})


def _add_update(*, actor, task, kind, note, on, progress_pct=None, attachment=None, draft_key=None) -> TaskUpdate:
    _check_attachment(attachment)
    update = TaskUpdate(task=task, kind=kind, on=on or timezone.localdate(), note=note, progress_pct=progress_pct,
                        created_by=actor, draft_key=draft_key)  # fmt: skip
    if attachment is not None:
        update.attachment.save(attachment.name, attachment, save=False)
        files.remove_on_rollback(update.attachment)
    return base.create(update)


@transaction.atomic
def add_progress(
    *,
    actor,
    task: SupervisedTask,
    note: str,
    progress_pct: int | None = None,
    on: date | None = None,
    attachment=None,
    draft_key: UUID | None = None,
) -> TaskUpdate:
    """The lead unit reports progress; the task's progress follows the latest report.

    From a phone, with the draft's key (core.drafts): sent twice, it is saved once and the second
    send answers with the first; another user's key is refused.
    """
    scope.ensure_can_report(actor, task)
    lock(task)
    if draft_key is not None and (earlier := TaskUpdate.objects.filter(draft_key=draft_key).first()) is not None:
        if earlier.created_by_id != actor.pk:
            raise PermissionDenied(_("草稿标识已被使用。"))
        return earlier
    if task.state != TaskState.OPEN:
        raise Conflict(_("事项已办结；如需继续办理，请先重新打开。"))
    if not note.strip():
        raise ValidationError({"note": _("请填写进展情况。")})
    update = _add_update(actor=actor, task=task, kind=UpdateKind.PROGRESS, note=note, on=on,
                         progress_pct=progress_pct, attachment=attachment, draft_key=draft_key)  # fmt: skip
    if progress_pct is not None:
        base.update(task, changes={"progress_pct": progress_pct}, verb=_("更新进度"))
    return update


@transaction.atomic
def complete_task(*, actor, task: SupervisedTask, note: str, on: date | None = None, attachment=None) -> TaskUpdate:
    """Close the task with the evidence of what was done (a note, and a file when there is one)."""
    scope.ensure_can_change(actor, task)
    lock(task)
    if task.state != TaskState.OPEN:
        raise Conflict(_("事项已办结。"))
    if not note.strip():
        raise ValidationError({"note": _("办结须说明办理结果。")})
    on = on or timezone.localdate()
    update = _add_update(actor=actor, task=task, kind=UpdateKind.COMPLETED, note=note, on=on, progress_pct=100,
                         attachment=attachment)  # fmt: skip
    base.update(
        task, changes={"state": TaskState.DONE, "completed_on": on, "completion_note": note, "progress_pct": 100},
        verb=_("办结"),
    )  # fmt: skip
    return update


@transaction.atomic
def reopen_task(
    *, actor, task: SupervisedTask, reason: str, deadline: date | None = None, deadline_workdays: int | None = None
) -> TaskUpdate:
    """A supervisor sends a closed task back (not done as reported), optionally with a new deadline."""
    scope.ensure_can_change(actor, task)
    if not queries.may_supervise(actor, task):
        raise PermissionDenied(_("只有督查人员可以重新打开事项。"))
    lock(task)
    if task.state != TaskState.DONE:
        raise Conflict(_("只有已办结的事项可以重新打开。"))
    if not reason.strip():
        raise ValidationError({"reason": _("重新打开须说明原因。")})
    today = timezone.localdate()
    changes: dict = {"state": TaskState.OPEN, "completed_on": None}
    if deadline is not None or deadline_workdays is not None:
        due, fallback = _deadline(today, deadline, deadline_workdays)
        changes.update(deadline=due, deadline_workdays=deadline_workdays, deadline_fallback=fallback,
                       deadline_from=today if deadline_workdays is not None else None)  # fmt: skip
    update = _add_update(actor=actor, task=task, kind=UpdateKind.REOPENED, note=reason, on=today)
    base.update(task, changes=changes, verb=_("重新打开"))
    _tell_assignees(task, actor, Kind.TASK_REOPENED, _("督办事项被重新打开：%(t)s"), _("原因：%(r)s") % {"r": reason})
    return update


@transaction.atomic
def apply_deadline_moves(moves: list[recompute.Move]) -> None:
    """Write recomputed deadlines (core.actions.recompute_deadlines checks who may), each audited."""
    for m in moves:
        base.update(m.obj, changes={"deadline": m.after, "deadline_fallback": m.fallback_after},
                    verb=_("节假日调整重算"))  # fmt: skip


@transaction.atomic
def update_escalation_settings(*, actor, **changes) -> EscalationSettings:
    _ensure_admin(actor)
    fields = ("blue_within", "yellow_within", "behind_pp")
    return base.update(base.stored(EscalationSettings), changes=base.only(changes, fields))


# Inspections and scoring ------------------------------------------------------------------------


@transaction.atomic
def record_inspection(
    *, actor, project: Project, visited_on: date, inspectors: str, findings: str = "", kind: str = "patrol",
    round: ScoringRound | None = None, is_sample: bool = False,
) -> Inspection:  # fmt: skip
    scope.ensure_can_change(actor, project)
    inspection = Inspection(project=project, kind=kind, visited_on=visited_on, inspectors=inspectors,
                            findings=findings, round=round, is_sample=is_sample)  # fmt: skip
    return base.create(inspection)


@transaction.atomic
def add_inspection_photo(*, actor, inspection: Inspection, upload, caption: str = "") -> InspectionPhoto:
    scope.ensure_can_change(actor, inspection)
    checked = images.check(upload)
    photo = InspectionPhoto(inspection=inspection, caption=caption)
    photo.image.save(checked.name, upload, save=False)
    photo.thumbnail.save(checked.thumbnail_name, checked.thumbnail, save=False)
    files.remove_on_rollback(photo.image, photo.thumbnail)
    return base.create(photo)


@transaction.atomic
def save_rubric(
    *, actor, name: str, items: list[tuple[str, Decimal, Decimal]], description: str = "", rubric: Rubric | None = None
) -> Rubric:
    """Create or replace a rubric's items: (name, weight, max score) in order."""
    _ensure_admin(actor)
    if not items:
        raise ValidationError({"items": _("评分细则至少需要一个评分项。")})
    names = [n for n, _w, _m in items]
    if len(set(names)) != len(names):
        raise ValidationError({"items": _("评分项名称重复。")})
    if rubric is None:
        rubric = base.create(Rubric(name=name, description=description))
    else:
        if rubric.rounds.filter(scores__isnull=False).exists():
            raise ValidationError(_("该评分细则已有评分，不能再修改评分项；请新建一份。"))
        base.update(rubric, changes={"name": name, "description": description})
        for old in rubric.items.all():
            base.delete(old)
    for order, (item_name, weight, max_score) in enumerate(items, start=1):
        base.create(RubricItem(rubric=rubric, name=item_name, weight=weight, max_score=max_score, order=order))
    return rubric


@transaction.atomic
def create_round(
    *, actor, name: str, organiser: Unit, held_on: date, rubric: Rubric, peer_group: PeerGroup | None = None,
    drop_extremes: bool = True, is_sample: bool = False,
) -> ScoringRound:  # fmt: skip
    scope.ensure_can_create_under(actor, organiser.path)
    found = ScoringRound(name=name, organiser=organiser, held_on=held_on, rubric=rubric, peer_group=peer_group,
                         drop_extremes=drop_extremes, is_sample=is_sample)  # fmt: skip
    return base.create(found)


@transaction.atomic
def record_scores(
    *, actor, round: ScoringRound, project: Project, judge: str, marks: Mapping[int, Decimal | str]
) -> list[Score]:
    """One judge's marks for one project, {rubric item id: score}; marking again replaces them."""
    scope.ensure_can_change(actor, round)
    judge = judge.strip()
    if not judge:
        raise ValidationError({"judge": _("请填写评委。")})
    items = {i.pk: i for i in round.rubric.items.all()}
    unknown = set(marks) - set(items)
    if unknown:
        raise ValidationError({"marks": _("评分项不属于本次评比的评分细则。")})
    existing = {s.item_id: s for s in Score.objects.filter(round=round, project=project, judge=judge)}
    saved = []
    for item_id, raw in marks.items():
        try:
            value = Decimal(str(raw))
        except InvalidOperation as exc:
            raise ValidationError({"marks": _("“%(i)s”的得分不是数字。") % {"i": items[item_id].name}}) from exc
        score = existing.get(item_id)
        if score is None:
            score = Score(round=round, project=project, judge=judge, item=items[item_id], score=value)
            saved.append(base.create(score))
        else:
            saved.append(base.update(score, changes={"score": value}))
    return saved


# Target responsibility --------------------------------------------------------------------------


@transaction.atomic
def create_target(
    *, actor, unit: Unit, year: int, title: str, kind: str, target_value: Decimal, measure: str, **fields
) -> ResponsibilityTarget:
    scope.ensure_can_create_under(actor, unit.path)
    base.only(fields, TARGET_FIELDS)
    target = ResponsibilityTarget(unit=unit, year=year, title=title, kind=kind, target_value=target_value,
                                  measure=measure, **fields)  # fmt: skip
    return base.create(target)


@transaction.atomic
def update_target(*, actor, target: ResponsibilityTarget, **changes) -> ResponsibilityTarget:
    scope.ensure_can_change(actor, target)
    return base.update(target, changes=base.only(changes, TARGET_FIELDS))


@transaction.atomic
def report_target_progress(
    *, actor, target: ResponsibilityTarget, actual_value: Decimal, note: str = ""
) -> ResponsibilityTarget:
    """A counted task's result so far; indicator and project targets read theirs from those apps."""
    scope.ensure_can_change(actor, target)
    if target.kind != TargetKind.COUNT:
        raise ValidationError(_("经济指标和项目指标类目标的完成值取自相应数据，不能手工填报。"))
    return base.update(target, changes={"actual_value": actual_value, "actual_note": note}, verb=_("填报完成情况"))


# Bulletins --------------------------------------------------------------------------------------


@transaction.atomic
def update_bulletin_settings(*, actor, **changes) -> BulletinSettings:
    _ensure_admin(actor)
    fields = ("requirements", "schedule_unit", "schedule_user")
    return base.update(base.stored(BulletinSettings), changes=base.only(changes, fields))


ISSUER_FIELDS = ("name", "mark", "prefix", "recipients", "copy_to", "printed_by")


@transaction.atomic
def save_issuer(*, actor, unit: Unit, signers: Iterable | None = None, **changes) -> Issuer:
    """Create or change `unit`'s issuer settings (发文机关). The unit's administrators only."""
    if not queries.can_admin_issuer(actor, unit):
        raise PermissionDenied(_("只有本单位的管理员可以修改发文设置。"))
    changes = base.only(changes, ISSUER_FIELDS)
    signers = list(signers) if signers is not None else None
    for person in signers or ():
        if not scope.scope_of(actor).covers_path(person.unit.path if person.unit_id else None):
            raise ValidationError({"signers": _("签发人“%(p)s”不在本单位范围内。") % {"p": person}})
    m2m = {"signers": signers} if signers is not None else None
    found = Issuer.objects.filter(unit=unit).first()
    if found is None:
        return base.create(Issuer(unit=unit, **changes), m2m=m2m, verb=_("设置发文机关"))
    lock(found)
    return base.update(found, changes=changes, m2m=m2m, verb=_("修改发文设置"))


def _issuer_of(unit: Unit) -> Issuer:
    """The unit's own issuer; a unit without one is told what to fill in (never given another's)."""
    found = Issuer.objects.filter(unit=unit).first()
    missing = queries.issuer_missing(found)
    if missing:
        raise ValidationError(
            _("“%(u)s”尚未完成发文设置，请本单位管理员在“发文设置”中填写：%(f)s。")
            % {"u": unit.name, "f": "、".join(str(m) for m in missing)}
        )
    return found


@transaction.atomic
def draft_bulletin(
    *, actor, kind: str, unit: Unit, as_of: date, is_sample: bool = False, title: str = "", recipients: str = ""
) -> Bulletin:
    """A draft bulletin of the data as it stands for the period ending `as_of`, under `unit`'s own
    issuer. The figures are frozen now; the title, 主送 and the office's paragraphs stay editable
    until it is sent for review. It has no number until 签发."""
    from . import bulletins  # the builder reads every domain app; imported late to keep this module light

    if not actor.can_write() or not scope.scope_of(actor).covers_path(unit.path):
        raise PermissionDenied(_("您不能为该单位起草通报。"))
    if kind not in BulletinKind.values:
        raise ValidationError({"kind": _("未知的通报类型。")})
    issuer = _issuer_of(unit)
    period = bulletins.period_for(kind, as_of)
    bulletin = Bulletin(
        kind=kind, unit=unit, issuer=issuer, state=BulletinState.DRAFT, prefix=issuer.prefix,
        period_start=period.start, period_end=period.end, report_year=period.report_year,
        report_month=period.report_month, created_by=actor, is_sample=is_sample, title="",
        recipients=recipients or issuer.recipients,
    )  # fmt: skip
    content = bulletins.build(actor, bulletin, BulletinSettings.current())
    bulletin.title = title or content["title"]
    bulletin.content = content
    return base.create(bulletin, verb=_("起草通报"))


def _step(actor, bulletin: Bulletin, allowed, state: str, message: str) -> Bulletin:
    lock(bulletin)
    if bulletin.state != state:
        raise Conflict(_("该通报已是“%(s)s”状态，请刷新后再试。") % {"s": bulletin.get_state_display()})
    if not allowed(actor, bulletin):
        raise PermissionDenied(message)
    return bulletin


@transaction.atomic
def edit_bulletin(*, actor, bulletin: Bulletin, **changes) -> Bulletin:
    """Change a draft's title, 主送机关 or the office's own paragraphs."""
    _step(actor, bulletin, queries.may_edit_bulletin, BulletinState.DRAFT, _("您不能修改该通报。"))
    changes = base.only(changes, ("title", "recipients", "remarks"))
    if "title" in changes and not str(changes["title"]).strip():
        raise ValidationError({"title": _("标题不能为空。")})
    return base.update(bulletin, changes=changes, verb=_("修改通报草稿"))


@transaction.atomic
def submit_bulletin(*, actor, bulletin: Bulletin) -> Bulletin:
    """送审: the draft goes to the reviewers."""
    _step(actor, bulletin, queries.may_edit_bulletin, BulletinState.DRAFT, _("您不能报送该通报。"))
    return base.update(bulletin, changes={"state": BulletinState.SUBMITTED, "return_reason": ""}, verb=_("送审"))


@transaction.atomic
def review_bulletin(*, actor, bulletin: Bulletin, passed: bool, reason: str = "") -> Bulletin:
    """审核: pass it on for 签发, or return it to 草稿 with the reason."""
    _step(actor, bulletin, queries.may_review_bulletin, BulletinState.SUBMITTED, _("您不能审核该通报。"))
    if passed:
        changes = {"state": BulletinState.REVIEWED, "reviewed_by": actor, "return_reason": ""}
        return base.update(bulletin, changes=changes, verb=_("审核通过"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("退回须写明原因。")})
    changes = {"state": BulletinState.DRAFT, "return_reason": reason[:300], "reviewed_by": actor}
    return base.update(bulletin, changes=changes, verb=_("退回"))


@transaction.atomic
def sign_bulletin(*, actor, bulletin: Bulletin, on: date | None = None) -> Bulletin:
    """签发: the signer approves it and it takes the issuer's next number of the year.

    The number comes from the issuer's counter of the year, whose row is locked for the rest of
    the transaction: two bulletins signed at the same moment get consecutive numbers, and a
    rolled-back 签发 gives its number back, so none is skipped or used twice.
    """
    _step(actor, bulletin, queries.may_sign_bulletin, BulletinState.REVIEWED, _("您不是该单位的签发人。"))
    on = on or timezone.localdate()
    issuer = bulletin.issuer
    # The issuer's row lock serialises the creation of a new year's counter; the counter's own
    # lock is what each 签发 waits on.
    Issuer.objects.select_for_update().filter(pk=issuer.pk).first()
    counter = IssuerYear.objects.select_for_update().filter(issuer=issuer, year=on.year).first()
    if counter is None:
        counter = base.create(IssuerYear(issuer=issuer, year=on.year, last=0))
    sequence = counter.last + 1
    base.update(counter, changes={"last": sequence}, verb=_("发文编号"))
    content = dict(bulletin.content)
    # The letterhead as signed: changing the issuer's settings later does not rewrite it.
    content["letterhead"] = {
        "name": issuer.name, "mark": issuer.mark, "recipients": bulletin.recipients, "copy_to": issuer.copy_to,
        "printed_by": issuer.printed_by, "signer": str(actor),
    }  # fmt: skip
    changes = {
        "state": BulletinState.SIGNED, "year": on.year, "sequence": sequence, "prefix": issuer.prefix,
        "issued_on": on, "signed_by": actor, "signed_at": timezone.now(), "content": content,
    }  # fmt: skip
    return base.update(bulletin, changes=changes, verb=_("签发"))


@transaction.atomic
def print_bulletin(*, actor, bulletin: Bulletin, on: date | None = None) -> Bulletin:
    """印发: the signed bulletin is frozen and its .docx and PDF are kept as files."""
    from . import bulletins

    _step(actor, bulletin, queries.may_print_bulletin, BulletinState.SIGNED, _("您不能印发该通报。"))
    bulletin.printed_on = on or timezone.localdate()
    data, pdf = bulletins.render_files(bulletin)
    stem = f"{bulletin.year}-{bulletin.prefix}-{bulletin.sequence:03d}"
    bulletin.document.save(f"{stem}.docx", ContentFile(data), save=False)
    if pdf is not None:
        bulletin.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    files.remove_on_rollback(bulletin.document, bulletin.pdf)
    changes = {"state": BulletinState.ISSUED, "printed_on": bulletin.printed_on}
    return base.update(bulletin, changes=changes, verb=_("印发"))


# Document templates (公文模板) ---------------------------------------------------------------------


@transaction.atomic
def save_document_template(*, actor, kind: str, title: str, body: str) -> DocumentTemplate:
    """The wording of a kind of document (platform administrators); refused when it does not compile."""
    from . import documents

    scope.ensure_platform_admin(actor, _("只有平台管理员可以修改公文模板。"))
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("未知的文种。")})
    documents.check(title, body)
    found = DocumentTemplate.objects.filter(kind=kind).first()
    if found is None:
        return base.create(DocumentTemplate(kind=kind, title=title, body=body), verb=_("修改公文模板"))
    lock(found)
    return base.update(found, changes={"title": title, "body": body}, verb=_("修改公文模板"))


@transaction.atomic
def reset_document_template(*, actor, kind: str) -> None:
    """Back to the default wording of `kind`."""
    scope.ensure_platform_admin(actor, _("只有平台管理员可以修改公文模板。"))
    found = DocumentTemplate.objects.filter(kind=kind).first()
    if found is not None:
        base.delete(found, verb=_("恢复默认公文模板"))
