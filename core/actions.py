"""Shared steps of domain actions: validate, save, audit — one transaction, one row of history.

These are the building blocks of the apps' actions, not actions themselves: they run inside the
action's transaction and refuse to write outside one (a save that commits on its own, followed by
an audit row that cannot be written, is how a write escapes its history).
"""

import secrets
from collections.abc import Iterable, Sequence
from datetime import timedelta
from functools import cache

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import audit, files, holidays, recompute, scope, text
from .bounds import MAX_YEAR, MIN_YEAR
from .holidays import DayOverride
from .models import AuditAction, HolidayYear, ImportMapping, Job, JobState, WorkdayOverride


def ensure_in_transaction() -> None:
    """Refuse to write outside the action's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("domain writes must run inside the action's transaction (@transaction.atomic)")


def clean_text(obj: models.Model) -> None:
    """Remove control characters from every text field of `obj` (see core.text): the one place
    where what forms, the API and imports hand to the actions is cleaned before it is stored."""
    for attname in _text_attnames(obj.__class__):  # obj.__class__: also for request.user, a lazy object
        value = getattr(obj, attname)
        if isinstance(value, str):
            setattr(obj, attname, text.clean(value))


@cache
def _text_attnames(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields
                 if isinstance(f, models.CharField | models.TextField) and not f.choices)  # fmt: skip


def only(data: dict, allowed: tuple[str, ...]) -> dict:
    """The changes, if every field named is one the action lets its caller change."""
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(_("不能修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    return data


def validate(obj: models.Model) -> None:
    """full_clean(), except that a foreign key set from a fetched object is not looked up again
    (that check costs a query a row on imports); uniqueness and constraints are still checked."""
    loaded = [f.name for f in obj._meta.concrete_fields if f.is_relation and f.is_cached(obj)]
    errors: dict = {}
    for step in (lambda: obj.clean_fields(exclude=loaded), obj.clean):
        try:
            step()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    # As full_clean does: fields that already failed are left out of the uniqueness checks.
    failed = {name for name in errors if name != "__all__"}
    for step in (obj.validate_unique, obj.validate_constraints):
        try:
            step(exclude=failed)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    # clean_fields() lets an empty value through on a blank=True field; None there is not "empty"
    # but a NOT NULL violation on save: refuse it here, naming the field.
    for f in obj._meta.concrete_fields:
        auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        unchecked = f.primary_key or auto or f.name in errors or f.name in loaded
        if f.blank and not f.null and not unchecked and getattr(obj, f.attname) is None:
            errors.setdefault(f.name, []).append(_("不能为空。"))
    if errors:
        raise ValidationError(errors)


def create(obj: models.Model, *, m2m: dict[str, Iterable] | None = None, verb: str = "") -> models.Model:
    """Validate and insert `obj` (plus many-to-many sets), and audit it. Call inside an atomic action."""
    ensure_in_transaction()
    clean_text(obj)
    validate(obj)
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    audit.record(obj=obj, action=AuditAction.CREATE, after=audit.snapshot(obj), verb=verb)
    return obj


def update(obj: models.Model, *, changes: dict, m2m: dict[str, Iterable] | None = None, verb: str = "") -> models.Model:
    """Apply `changes` to `obj`, validate, save and audit before → after. No-op changes write nothing."""
    ensure_in_transaction()
    before = audit.snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    clean_text(obj)
    validate(obj)
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    after = audit.snapshot(obj)
    if after != before:
        audit.record(obj=obj, action=AuditAction.UPDATE, before=before, after=after, verb=verb)
    return obj


def stored(model):
    """The settings row of `model` (its `current()`), inserted and audited first when none is stored."""
    row = model.current()
    return create(row) if row.pk is None else row


def delete(obj: models.Model, *, verb: str = "") -> None:
    """Delete and audit `obj`; refused with a message naming what still refers to it."""
    ensure_in_transaction()
    before = audit.snapshot(obj)
    audit.record(obj=obj, action=AuditAction.DELETE, before=before, verb=verb)
    try:
        obj.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise ValidationError(protected_message(exc)) from exc


def protected_message(exc: ProtectedError | RestrictedError, shown: int = 3) -> str:
    """「仍被以下记录引用，不能删除：项目「…」等 N 条」 — what a user must change first."""
    found = list(getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", None) or ())
    parts = []
    by_model: dict = {}
    for obj in found:
        by_model.setdefault(obj._meta.verbose_name, []).append(obj)
    for name, objs in by_model.items():
        names = "、".join(f"「{o}」" for o in objs[:shown])
        more = _("等 %(count)s 条") % {"count": len(objs)} if len(objs) > shown else ""
        parts.append(f"{capfirst(name)}{names}{more}")
    return _("仍被以下记录引用，不能删除；可改为停用：%(refs)s") % {"refs": "；".join(parts)}


# The holiday calendar (系统 → 节假日调整) -----------------------------------------------------------


def _ensure_calendar_admin(actor) -> None:
    """Platform administrators only; `None` is the command line, run by the operator."""
    if actor is not None:
        scope.ensure_platform_admin(actor, _("只有平台管理员可以调整节假日安排。"))


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": _("年度应在 %(a)s 至 %(b)s 之间。") % {"a": MIN_YEAR, "b": MAX_YEAR}})


@transaction.atomic
def save_holiday_year(*, actor, year: int, overrides: list[DayOverride], notice: str | None = None) -> HolidayYear:
    """Replace a year's holidays and make-up days with `overrides` (the whole notice as entered).

    Each day added, changed or removed writes its own audit row; the year's row is created on first
    use. Publishing is a separate step: entering dates does not make the year known.
    """
    _ensure_calendar_admin(actor)
    _check_year(year)
    for o in overrides:
        if not holidays.belongs_to_notice(year, o.date):
            raise ValidationError(_("%(d)s 不在 %(y)s 年内。") % {"d": o.date, "y": year})
    holiday_year = HolidayYear.objects.select_for_update().filter(year=year).first()
    if holiday_year is not None and holiday_year.published and not overrides:
        raise ValidationError(_("%(y)s 年已发布，不能清空；请先撤销发布。") % {"y": year})
    if holiday_year is None:
        holiday_year = create(HolidayYear(year=year, notice=notice or ""), verb=_("录入节假日安排"))
    elif notice is not None:
        update(holiday_year, changes={"notice": notice}, verb=_("修改节假日安排"))
    existing = {o.date: o for o in WorkdayOverride.of_notice(year).select_for_update()}
    wanted = {o.date: o for o in overrides}
    taken = WorkdayOverride.objects.filter(date__in=[d for d in wanted if d not in existing])
    for row in taken.order_by("date"):
        other = row.notice_year or row.date.year
        raise ValidationError(_("%(d)s 已由 %(o)s 年的节假日安排设定。") % {"d": row.date, "o": other})
    for day, row in existing.items():
        if day not in wanted:
            delete(row, verb=_("删除节假日"))
    for day, o in wanted.items():
        row = existing.get(day)
        if row is None:
            row = WorkdayOverride(date=day, is_workday=o.is_workday, note=o.name[:100], notice_year=year)
            create(row, verb=_("录入节假日"))
        else:
            changes = {"is_workday": o.is_workday, "note": o.name[:100], "notice_year": year}
            update(row, changes=changes, verb=_("修改节假日"))
    return holiday_year


@transaction.atomic
def publish_holiday_year(*, actor, year: int, published: bool = True) -> HolidayYear:
    """Mark the year's notice complete (已发布): its days count as known, no longer 推算. Or withdraw that."""
    _ensure_calendar_admin(actor)
    holiday_year = HolidayYear.objects.select_for_update().filter(year=year).first()
    if holiday_year is None or (published and not WorkdayOverride.of_notice(year).exists()):
        raise ValidationError(_("请先录入 %(y)s 年的节假日安排，再标记为已发布。") % {"y": year})
    if holiday_year.published == published:
        return holiday_year
    user = actor if getattr(actor, "is_authenticated", False) else None
    changes = {"published": published, "published_at": timezone.now() if published else None,
               "published_by": user if published else None}  # fmt: skip
    return update(holiday_year, changes=changes, verb=_("发布节假日安排") if published else _("撤销发布"))


@transaction.atomic
def import_holiday_file(*, actor, data, publish: bool = False, notice: str | None = None) -> HolidayYear:
    """A year from a holiday-cn JSON document (already decoded); published at once if asked."""
    try:
        year, overrides = holidays.parse_holiday_cn(data)
    except holidays.NoticeError as exc:
        raise ValidationError(exc.translated(_)) from None
    holiday_year = save_holiday_year(actor=actor, year=year, overrides=overrides, notice=notice)
    if publish:
        holiday_year = publish_holiday_year(actor=actor, year=year)
    return holiday_year


def notice_years(year: int) -> list[int]:
    """The calendar years a year's notice touches: its own, and a neighbour it reaches into."""
    return sorted({year} | {d.year for d in WorkdayOverride.of_notice(year).values_list("date", flat=True)})


@transaction.atomic
def recompute_deadlines(*, actor, years: Iterable[int]) -> dict[str, list[recompute.Move]]:
    """Move every open deadline kept in working days that the calendar of `years` now puts elsewhere.

    Each object moved writes an audit row (before → after) through its app's actions; deadlines
    typed in as dates are not touched. Returns what moved, by source.
    """
    from .calendar import workday_calendar

    _ensure_calendar_admin(actor)
    found = recompute.preview(workday_calendar(), years)
    for source in recompute.sources():
        if found.get(source.key):
            source.apply(found[source.key])
    return found


@transaction.atomic
def save_import_mapping(*, actor, kind: str, name: str, columns: dict, constants: dict) -> ImportMapping:
    """Save (or replace) the actor's unit's column mapping of that name for an import."""
    if not scope.can_write(actor) or getattr(actor, "unit", None) is None:
        raise PermissionDenied(_("您没有保存列对应方案的权限。"))
    name = text.clean(name).strip()
    if not name:
        raise ValidationError({"name": _("请填写方案名称。")})
    columns = {str(k): str(v) for k, v in columns.items()}
    constants = {str(k): str(v) for k, v in constants.items() if str(v).strip()}
    found = ImportMapping.objects.select_for_update().filter(kind=kind, unit_path=actor.unit.path, name=name).first()
    if found is not None:
        return update(found, changes={"columns": columns, "constants": constants})
    return create(ImportMapping(kind=kind, name=name, unit_path=actor.unit.path, unit_name=str(actor.unit),
                                columns=columns, constants=constants))  # fmt: skip


# Background jobs (core.jobs runs them) --------------------------------------------------------


@transaction.atomic
def start_job(*, actor, kind: str, title: str, params: dict, total: int = 0) -> Job:
    """Record a job for `actor` (audited); core.jobs.enqueue runs it once this commits."""
    return create(Job(kind=kind, title=title[:200], owner=actor, params=params, total=total))


@transaction.atomic
def job_progress(*, job: Job, progress: int, total: int | None = None) -> None:
    """Note how far a running job is. Bookkeeping the page polls, not a change anyone makes: not audited."""
    changes = {"state": JobState.RUNNING, "progress": max(0, progress), "updated_at": timezone.now()}
    if total is not None:
        changes["total"] = max(0, total)
    Job.objects.filter(pk=job.pk).update(**changes)
    for name, value in changes.items():
        setattr(job, name, value)


@transaction.atomic
def finish_job(*, job: Job, message: str = "", content: bytes | File | None = None, filename: str = "",
               failed: bool = False) -> Job:  # fmt: skip
    """End a job: its file (kept only if this commits), its message, done or failed (audited).

    `content` is the file's bytes or an open file (a large export, copied to storage in chunks).
    """
    job = Job.objects.select_for_update().get(pk=job.pk)
    if content is not None:
        stored = content if isinstance(content, File) else ContentFile(content)
        job.result.save(f"{secrets.token_urlsafe(12)}.xlsx", stored, save=False)
        files.remove_on_rollback(job.result)
    changes = {"state": JobState.FAILED if failed else JobState.DONE, "message": message[:20000],
               "result_name": filename[:200], "finished_at": timezone.now()}  # fmt: skip
    if not failed:
        changes["progress"] = job.total
    return update(job, changes=changes, verb=_("后台任务结束"))


@transaction.atomic
def fail_stale_jobs(*, minutes: int, pending_too: bool, alive: Sequence[int] = ()) -> int:
    """Mark failed the jobs still running with no progress noted for `minutes`: their process was
    restarted or killed while running them, and nothing will finish them. Jobs still pending too
    when `pending_too` (no Celery: a pending job's thread died with its process). Not the jobs in
    `alive` (progress noted outside their row: an import's commit, see core.progress). Audited."""
    cutoff = timezone.now() - timedelta(minutes=max(1, minutes))
    states = [JobState.RUNNING, JobState.PENDING] if pending_too else [JobState.RUNNING]
    stale = Job.objects.select_for_update().filter(state__in=states, updated_at__lt=cutoff).exclude(pk__in=alive)
    message = _("任务中断（服务在运行它时重启或停止），未完成，未写入任何数据。请重新发起。")
    count = 0
    for job in stale:
        update(job, changes={"state": JobState.FAILED, "message": message, "finished_at": timezone.now()},
               verb=_("后台任务中断"))  # fmt: skip
        count += 1
    return count
