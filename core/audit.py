"""Writing the audit log. Every action calls `record` inside its own transaction."""

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from . import context
from .models import AuditAction, AuditEntry

# Fields never copied into the log: secrets, and the row's own modification stamp (the entry
# has its time; keeping it would make every save look like a change).
SKIPPED_FIELDS = {"password", "key_hash", "updated_at"}


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "name") and hasattr(value, "url"):  # file fields
        return value.name or None
    return value


def snapshot(obj: models.Model) -> dict:
    """The object's concrete fields and many-to-many ids as JSON-ready values."""
    data = {}
    for f in obj._meta.concrete_fields:
        if f.name in SKIPPED_FIELDS:
            continue
        data[f.attname] = _plain(getattr(obj, f.attname))
    if obj.pk is not None:
        for f in obj._meta.many_to_many:
            data[f.name] = sorted(getattr(obj, f.name).values_list("pk", flat=True))
    return data


def scope_path_of(obj: models.Model) -> str:
    return getattr(obj, "scope_path", "") or ""


def record(
    *,
    obj: models.Model,
    action: str,
    before: dict | None = None,
    after: dict | None = None,
    verb: str = "",
    actor=None,
) -> AuditEntry:
    """Append an audit row for `obj`. Must run inside the writing transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the writing transaction")
    ctx = context.current()
    actor = actor if actor is not None else ctx.user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=(actor.get_full_name() or actor.get_username()) if actor else "",
        action=action,
        verb=verb,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
        scope_path=scope_path_of(obj),
        request_id=ctx.request_id,
        client_ip=ctx.client_ip,
    )


def record_export(*, model: type[models.Model], rows: int, query: str, actor, scope_path: str = "") -> AuditEntry:
    """Note that `actor` exported `rows` rows of `model` with the given filters."""
    ctx = context.current()
    with transaction.atomic():
        return AuditEntry.objects.create(
            actor=actor,
            actor_name=actor.get_full_name() or actor.get_username(),
            action=AuditAction.EXPORT,
            verb=f"{rows}",
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            object_id="",
            object_repr=f"{model._meta.verbose_name_plural}（{query or '全部'}）"[:200],
            scope_path=scope_path,
            request_id=ctx.request_id,
            client_ip=ctx.client_ip,
        )


def history_for(obj: models.Model):
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor", "content_type")


__all__ = ["AuditAction", "history_for", "record", "snapshot"]
