"""Audit values as users read them, from the model's own field metadata.

The log keeps raw values (codes, ids, 元, UTC); the change lists show choice labels, the names of
related rows, money in 万元/亿元 (a BigIntegerField holds 元 in this project), local time, 是/否, and
leave out internal fields (ids, materialised paths, hashes, fields not editable by users).

A model may add `audit_labels = {"key": _("label")}` for keys an action writes that are not fields.
Names of related rows are read in one query per related model for a whole page of entries
(`AppendOnlyQuerySet` links the entries fetched together; the first one displayed reads for all).
"""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from . import money

# Names of internal fields: tree bookkeeping and materialised paths, secrets and hashes.
INTERNAL_NAMES = {"id", "path", "depth", "numchild", "password", "key_hash", "row_hash", "prev_hash"}
MISSING = object()


def is_internal(field) -> bool:
    name = field.name
    if name in INTERNAL_NAMES or name.endswith("_path") or name.endswith("_hash"):
        return True
    if getattr(field, "primary_key", False):
        return True
    return getattr(field, "concrete", False) and not field.editable


def is_money(field) -> bool:
    return isinstance(field, models.BigIntegerField) and not field.choices


def _fields(model) -> dict[str, models.Field]:
    """Concrete fields by attname and by name, many-to-many and reverse relations by name."""
    found = {}
    for f in model._meta.get_fields():
        found[f.name] = f
        if getattr(f, "attname", None):
            found[f.attname] = f
    return found


def _label(model, key: str, field) -> str:
    labels = getattr(model, "audit_labels", {})
    if key in labels:
        return str(labels[key])
    if field is not None and hasattr(field, "verbose_name"):
        return str(field.verbose_name)
    if field is not None and getattr(field, "related_model", None) is not None:
        return str(field.related_model._meta.verbose_name)
    return str(model._meta.verbose_name)


class Names:
    """Names of related rows, read in bulk: {(model, pk): str}."""

    def __init__(self):
        self.wanted: dict[type, set] = {}
        self.found: dict[tuple[type, str], str] = {}

    def want(self, model, pk) -> None:
        if pk is not None and pk != "":
            self.wanted.setdefault(model, set()).add(pk)

    def read(self) -> None:
        for model, pks in self.wanted.items():
            for obj in model._default_manager.filter(pk__in=pks):
                self.found[(model, str(obj.pk))] = str(obj)
        self.wanted = {}

    def name(self, model, pk) -> str:
        return self.found.get((model, str(pk)), _("（已删除）"))


def _walk(model, key: str, value, visit) -> None:
    """Call visit(field, value) for every field value under `key` (nested lists of rows too)."""
    field = _fields(model).get(key)
    if isinstance(value, list) and (field is None or not field.many_to_many):
        nested = field.related_model if field is not None and field.related_model is not None else model
        for item in value:
            if isinstance(item, dict):
                for k, v in item.items():
                    _walk(nested, k, v, visit)
        return
    if field is not None:
        visit(field, value)


def _collect(entry, names: Names) -> None:
    model = _model_of(entry)
    if model is None:
        return

    def visit(field, value):
        if field.is_relation and field.related_model is not None and not is_internal(field):
            for pk in value if isinstance(value, list) else [value]:
                if not isinstance(pk, dict):
                    names.want(field.related_model, pk)

    for data in (entry.before or {}, entry.after or {}):
        if isinstance(data, dict):
            for key, value in data.items():
                _walk(model, key, value, visit)


def _model_of(entry):
    ct = ContentType.objects.get_for_id(entry.content_type_id)
    return ct.model_class()


def readable(model, field, value, names: Names):
    """One stored value as a user reads it; None stays None (shown as ∅)."""
    if value is None or value == "":
        return None
    if field is None:
        return _plain(model, value, names)
    if field.many_to_many:
        return "、".join(names.name(field.related_model, pk) for pk in value) or None
    if field.is_relation and field.related_model is not None:
        if isinstance(value, list):
            return _plain(field.related_model, value, names)
        return names.name(field.related_model, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("是") if value else _("否")
    if is_money(field):
        return money.format_amount(value)
    if isinstance(field, models.DateTimeField):
        return _local(value)
    if isinstance(field, models.DecimalField):
        try:
            return money.plain(Decimal(str(value)))
        except InvalidOperation:
            return str(value)
    return _plain(model, value, names)


def _local(value) -> str:
    moment = value if isinstance(value, datetime) else parse_datetime(str(value))
    if moment is None:
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d %H:%M")


def _plain(model, value, names: Names) -> str:
    """A value that is not one field's: lists joined, rows (dicts) read against `model`'s fields."""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        return "；".join(str(_plain(model, v, names)) for v in value)
    if isinstance(value, dict):
        fields = _fields(model)
        parts = []
        for key, v in value.items():
            field = fields.get(key)
            if field is not None and is_internal(field):
                continue
            if field is not None and field.is_relation and field.related_model is model:
                continue  # the row's own parent: the entry is about it already
            shown = readable(model, field, v, names)
            if shown in (None, ""):
                continue
            parts.append(f"{_label(model, key, field)}：{shown}" if field is None or not field.choices else str(shown))
        return "，".join(parts)
    if isinstance(value, Decimal):
        return money.plain(value)
    return str(value)


def prepare(entries) -> None:
    """Read the related names every entry in `entries` needs, in one query per related model."""
    entries = list(entries)
    names = Names()
    for e in entries:
        _collect(e, names)
    names.read()
    for e in entries:
        e._names = names


def changes(entry) -> list[tuple[str, object, object]]:
    """(label, before, after) for every changed field users may read; a new object lists what it was given."""
    if getattr(entry, "_names", None) is None:
        prepare(getattr(entry, "_batch", None) or [entry])
    names = entry._names
    model = _model_of(entry)
    fields = _fields(model) if model is not None else {}
    result = []
    for key, old, new in entry.changes():
        field = fields.get(key)
        if field is not None and is_internal(field):
            continue
        if key in ("id", "updated_at"):
            continue
        if entry.action == "create" and new in (None, "", [], False):
            continue
        if model is None:
            result.append((key, old, new))
            continue
        if field is None and not isinstance(new if new is not None else old, list | dict):
            label = _label(model, key, None)
        else:
            label = _label(model, key, field)
        if field is not None and field.is_relation and not field.concrete and not field.many_to_many:
            # A reverse relation written as a list of rows (资金来源): each row read against its model.
            old_text, new_text = _plain(field.related_model, old, names), _plain(field.related_model, new, names)
        else:
            old_text, new_text = readable(model, field, old, names), readable(model, field, new, names)
        result.append((label, old_text or None, new_text or None))
    return result
