"""Shared steps of domain actions: validate, save, audit — one transaction, one row of history."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ProtectedError, RestrictedError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import audit, text
from .models import AuditAction


def clean_text(obj: models.Model) -> None:
    """Remove control characters from every text field of `obj` (see core.text): the one place
    where what forms, the API and imports hand to the actions is cleaned before it is stored."""
    for f in obj._meta.concrete_fields:
        if isinstance(f, models.CharField | models.TextField) and not f.choices:
            value = getattr(obj, f.attname)
            if isinstance(value, str):
                setattr(obj, f.attname, text.clean(value))


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
    clean_text(obj)
    validate(obj)
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
    clean_text(obj)
    validate(obj)
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    after = audit.snapshot(obj)
    if after != before:
        audit.record(obj=obj, action=AuditAction.UPDATE, before=before, after=after, verb=verb)
    return obj


def delete(obj: models.Model, *, verb: str = "") -> None:
    """Delete and audit `obj`; refused with a message naming what still refers to it."""
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
