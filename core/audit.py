"""Writing the audit log. Every action calls `record` inside its own transaction.

Rows are appended with their hash chain (core.audit_chain): the writer locks the chain head for
the rest of its transaction, so concurrent writers chain one after the other.
"""

from decimal import Decimal
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from . import audit_chain, bulk, context
from .models import AuditAction, AuditChainHead, AuditEntry

# Fields never copied into the log: secrets, and the row's own modification stamp (the entry
# has its time; keeping it would make every save look like a change).
SKIPPED_FIELDS = {"password", "key_hash", "updated_at"}


_last_iso: tuple = (None, None)  # (a date or time, its isoformat): a bulk write's rows share one stamp


def _plain(value):
    global _last_iso
    if isinstance(value, Decimal):
        # Without trailing zeros: a value read back from a DecimalField ("60.3000") and the same
        # value as typed ("60.3") must compare equal, or every save would look like a change.
        return format(value.normalize(), "f")
    if hasattr(value, "isoformat"):
        last = _last_iso  # one read: another thread may replace it meanwhile
        if value is not last[0]:
            last = _last_iso = (value, value.isoformat())
        return last[1]
    if isinstance(value, FieldFile):  # an empty one has no url: asking for it raises
        return value.name or None
    return value


def snapshot(obj: models.Model, m2m: dict[str, list] | None = None) -> dict:
    """The object's concrete fields and many-to-many ids as JSON-ready values.

    Bulk writers pass the many-to-many ids they already know in `m2m` (saves a query per row).
    """
    data = {}
    model = obj.__class__  # request.user is a lazy object: its __class__ is the model, its type is not
    attrs = obj.__dict__ if type(obj) is model else {}
    for attname in _logged_attnames(model):
        value = attrs[attname] if attname in attrs else getattr(obj, attname)  # a deferred field loads
        data[attname] = value if type(value) in _AS_IS else _plain(value)
    if obj.pk is not None:
        for f in obj._meta.many_to_many:
            if m2m is not None and f.name in m2m:
                data[f.name] = sorted(m2m[f.name])
            else:
                data[f.name] = sorted(getattr(obj, f.name).values_list("pk", flat=True))
    return data


_AS_IS = frozenset({str, int, bool, type(None)})  # JSON-ready as they are


@cache
def _logged_attnames(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields if f.name not in SKIPPED_FIELDS)


@cache
def _content_types():
    """The content-type manager bound to its database: asking the routers on every row of a bulk
    write cost more than the lookup (it shares the manager's cache, cleared with it)."""
    return ContentType.objects.db_manager(router.db_for_read(ContentType))


def scope_path_of(obj: models.Model) -> str:
    return getattr(obj, "scope_path", "") or ""


def entry(
    *,
    obj: models.Model,
    action: str,
    before: dict | None = None,
    after: dict | None = None,
    verb: str = "",
    actor=None,
) -> AuditEntry:
    """An unsaved audit row for `obj`; `record` saves one, `record_many` saves a batch."""
    ctx = context.current()
    actor = actor if actor is not None else ctx.user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    # Ids rather than objects: bulk imports build thousands of these, and setting a relation
    # through its descriptor costs more than the rest of the row.
    return bulk.new(AuditEntry, {
        "actor_id": actor.pk if actor else None,
        "actor_name": (actor.get_full_name() or actor.get_username()) if actor else "",
        "action": action,
        "verb": verb,
        "content_type_id": _content_types().get_for_model(obj, for_concrete_model=False).pk,
        "object_id": str(obj.pk),
        "object_repr": str(obj)[:200],
        "before": before,
        "after": after,
        "scope_path": scope_path_of(obj),
        "request_id": ctx.request_id,
        "client_ip": ctx.client_ip,
    })  # fmt: skip


def _ensure_in_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit rows must be written inside the writing transaction")


def _lock_head() -> AuditChainHead:
    """The chain head, locked until the transaction ends (created if a flush removed it)."""
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        last = AuditEntry.objects.order_by("-id").values_list("row_hash", flat=True).first()
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(pk=1, last_hash=last or audit_chain.GENESIS)], ignore_conflicts=True
        )
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


_CLIENT_IP = AuditEntry._meta.get_field("client_ip")
_TEXT = ("actor_name", "action", "verb", "object_id", "object_repr", "scope_path", "request_id")


def _append(rows: list[AuditEntry]) -> None:
    """Chain and insert `rows` (one pass, one multi-row INSERT per batch) inside the writing transaction."""
    _ensure_in_transaction()
    if not rows:
        return
    head = _lock_head()
    now = timezone.now()
    for row in rows:
        if row.at is None:
            row.at = now
        # As the database will store them, so that the hash of the row read back is the same
        # (a verb may be a lazy translation; the address is normalised as the field does).
        for name in _TEXT:
            setattr(row, name, str(getattr(row, name)))
        row.client_ip = _CLIENT_IP.get_prep_value(row.client_ip) or None
    # before/after encoded once, for the hash and for the database (as the text it stores).
    before, after = zip(*audit_chain.chained(rows, head.last_hash), strict=True)
    # Rows are chained by their order; the database numbers them in that order (the head's lock
    # keeps other writers out until this transaction ends). Their ids are not read back.
    bulk.insert(rows, keys=len(rows) == 1, prepared={"before": before, "after": after})
    AuditChainHead.objects.filter(pk=1).update(last_hash=rows[-1].row_hash)


def record(**fields) -> AuditEntry:
    """Append an audit row for `obj`, given as `entry` takes it (`obj`, `action`, and optionally
    `before`, `after`, `verb`, `actor`). Must run inside the writing transaction."""
    _ensure_in_transaction()
    row = entry(**fields)
    _append([row])
    return row


def record_many(rows: list[AuditEntry]) -> None:
    """Append audit rows built by `entry` in batches (bulk imports). Inside the writing transaction."""
    _append(rows)


def record_export(*, model: type[models.Model], rows: int, query: str, actor, scope_path: str = "") -> AuditEntry:
    """Note that `actor` exported `rows` rows of `model` with the given filters."""
    ctx = context.current()
    row = AuditEntry(
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
    with transaction.atomic():
        _append([row])
    return row


def history_for(obj: models.Model):
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor", "content_type")


__all__ = ["AuditAction", "entry", "history_for", "record", "record_many", "snapshot"]
