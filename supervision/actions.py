"""Every write to supervision: tasks and their progress, inspections and scores, responsibility
targets, settings, and issuing bulletins."""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
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
from .choices import BulletinKind, TargetKind, TaskState, UpdateKind
from .models import (
    Bulletin,
    BulletinSettings,
    EscalationSettings,
    Inspection,
    InspectionPhoto,
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
    current = EscalationSettings.current()
    if current.pk is None:
        current = base.create(current)
    return base.update(current, changes=base.only(changes, ("blue_within", "yellow_within", "behind_pp")))


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
    current = BulletinSettings.current()
    if current.pk is None:
        current = base.create(current)
    allowed = ("issuer", "prefix", "signer", "recipients", "copy_to", "requirements", "schedule_unit", "schedule_user")
    return base.update(current, changes=base.only(changes, allowed))


@transaction.atomic
def issue_bulletin(
    *, actor, kind: str, unit: Unit, as_of: date, issued_on: date | None = None, is_sample: bool = False
) -> Bulletin:
    """Number, build, render and store a bulletin of the data as it stands for the period ending `as_of`.

    The figures are frozen in the bulletin (what was issued stays as issued); the .docx is
    rendered from the same content.
    """
    from . import bulletins  # the builder reads every domain app; imported late to keep this module light

    if not actor.can_write() or not scope.scope_of(actor).covers_path(unit.path):
        raise PermissionDenied(_("您不能为该单位生成通报。"))
    if kind not in BulletinKind.values:
        raise ValidationError({"kind": _("未知的通报类型。")})
    settings = BulletinSettings.current()
    issued_on = issued_on or timezone.localdate()
    period = bulletins.period_for(kind, as_of)
    # Numbers run per prefix and year. Locking the settings row makes two simultaneous issues wait
    # for each other instead of taking the same number (the unique constraint is the backstop).
    if settings.pk is not None:
        BulletinSettings.objects.select_for_update().filter(pk=settings.pk).first()
    last = Bulletin.objects.filter(prefix=settings.prefix, year=issued_on.year).aggregate(n=Max("sequence"))["n"]
    bulletin = Bulletin(
        kind=kind, unit=unit, year=issued_on.year, sequence=(last or 0) + 1, prefix=settings.prefix,
        period_start=period.start, period_end=period.end, report_year=period.report_year,
        report_month=period.report_month, issued_on=issued_on, created_by=actor, is_sample=is_sample, title="",
    )  # fmt: skip
    content = bulletins.build(actor, bulletin, settings)
    bulletin.title = content["title"]
    bulletin.content = content
    data = bulletins.render_docx(bulletin)
    bulletin.document.save(f"{bulletin.year}-{bulletin.sequence:03d}.docx", ContentFile(data), save=False)
    files.remove_on_rollback(bulletin.document)
    return base.create(bulletin, verb=_("生成通报"))
