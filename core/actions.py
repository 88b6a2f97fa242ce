"""Shared steps of domain actions: validate, save, audit — one transaction, one row of history.

These are the building blocks of the apps' actions, not actions themselves: they run inside the
action's transaction and refuse to write outside one (a save that commits on its own, followed by
an audit row that cannot be written, is how a write escapes its history).
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction

from . import audit
from .models import AuditAction


def ensure_in_transaction() -> None:
    """Refuse to write outside the action's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("domain writes must run inside the action's transaction (@transaction.atomic)")


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
    if errors:
        raise ValidationError(errors)


def create(obj: models.Model, *, m2m: dict[str, Iterable] | None = None, verb: str = "") -> models.Model:
    """Validate and insert `obj` (plus many-to-many sets), and audit it. Call inside an atomic action."""
    ensure_in_transaction()
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
    validate(obj)
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    after = audit.snapshot(obj)
    if after != before:
        audit.record(obj=obj, action=AuditAction.UPDATE, before=before, after=after, verb=verb)
    return obj


def delete(obj: models.Model, *, verb: str = "") -> None:
    ensure_in_transaction()
    before = audit.snapshot(obj)
    audit.record(obj=obj, action=AuditAction.DELETE, before=before, verb=verb)
    obj.delete()
