"""Shared steps of domain actions: validate, save, audit — one transaction, one row of history."""

from collections.abc import Iterable

from django.db import models

from . import audit
from .models import AuditAction


def create(obj: models.Model, *, m2m: dict[str, Iterable] | None = None, verb: str = "") -> models.Model:
    """Validate and insert `obj` (plus many-to-many sets), and audit it. Call inside an atomic action."""
    obj.full_clean()
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    audit.record(obj=obj, action=AuditAction.CREATE, after=audit.snapshot(obj), verb=verb)
    return obj


def update(obj: models.Model, *, changes: dict, m2m: dict[str, Iterable] | None = None, verb: str = "") -> models.Model:
    """Apply `changes` to `obj`, validate, save and audit before → after. No-op changes write nothing."""
    before = audit.snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    after = audit.snapshot(obj)
    if after != before:
        audit.record(obj=obj, action=AuditAction.UPDATE, before=before, after=after, verb=verb)
    return obj


def delete(obj: models.Model, *, verb: str = "") -> None:
    before = audit.snapshot(obj)
    audit.record(obj=obj, action=AuditAction.DELETE, before=before, verb=verb)
    obj.delete()
