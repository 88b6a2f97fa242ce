"""Checking rows of a bulk ledger write against the model's rules, without writing anything.

The Excel import's dry run and the bulk action (`actions.import_ledger`, which checks again under
lock) decide each row here: create, update or unchanged, and which fields change.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from django.core import validators as core_validators
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.importing import RowError, RowsRefused
from core.lookups import Among

from .models import AnnualPlan, Programme, Project

# The ledger fields an import row may set; foreign keys among them arrive as objects.
LEDGER_FIELDS = (
    "name", "level", "category", "nature", "owner", "location", "unit", "content", "planned_start",
    "planned_finish", "total_investment", "leader", "responsible_unit", "responsible_person", "contact_name",
    "contact_phone",
)  # fmt: skip
_LEDGER_FOREIGN_KEYS = ("unit", "leader", "parent", "responsible_unit")


@dataclass
class LedgerRow:
    """One project of a bulk ledger write, matched by its code: created if new, else updated.

    `number` is the row the user sees (messages name it). `plan_ledger` fills the outcome:
    `action` ("create", "update", "unchanged"), the project, the fields that change, the plan row.
    """

    number: int
    code: str
    values: dict
    programmes: list[Programme] | None = None  # None: leave the project's programmes as they are
    plan: tuple[int, int, bool] | None = None  # (year, planned investment in 元, planned to start)
    action: str = ""
    project: Project | None = None
    changes: dict = field(default_factory=dict)
    plan_row: AnnualPlan | None = None
    candidate: Project | None = None  # a new project, validated, not saved yet
    sheet: str | None = None  # the worksheet the row is on (messages name it)
    co_units: list | None = None  # 配合单位; None: leave them as they are


# Rows a bulk ledger write refused; `problems` name the row and the field of each.
LedgerInvalid = RowsRefused


def field_label(name: str) -> str:
    """A field's name as the user reads it (the project's fields, then the annual plan's)."""
    for model in (Project, AnnualPlan):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    return name


def plan_ledger(rows: Sequence[LedgerRow], *, existing: dict[str, Project], plans: dict) -> list[RowError]:
    """Decide each row against the projects found by code (`existing`, with `load_links` done) and their
    plans (`plans`: (project id, year) → AnnualPlan), with the model's own rules. Writes nothing.

    Returns the problems found, each naming the row and the field (by its field name).
    """
    problems: list[RowError] = []
    language = get_language()  # the checks' messages are cached per language
    for row in rows:
        before = len(problems)
        unknown = set(row.values) - set(LEDGER_FIELDS)
        if unknown:
            problems.append(
                RowError(row.number, None, _("不能修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))}, row.sheet)
            )
            continue
        project = existing.get(row.code)
        candidate = _candidate(row.code, row.values, project.pk if project is not None else None)
        for name, messages in _check_project(candidate, row.values, language).items():
            problems.append(RowError(row.number, name, "；".join(messages), row.sheet))
        if row.plan is not None:
            # A plan's rules depend on its three values alone: each distinct plan is checked once.
            for name, messages in _check_plan(row.plan, language).items():
                problems.append(RowError(row.number, name, "；".join(messages), row.sheet))
        if len(problems) > before:
            continue
        row.project = project
        row.plan_row = plans.get((project.pk, row.plan[0])) if project is not None and row.plan else None
        if project is None:
            row.action, row.changes, row.candidate = "create", dict(row.values), candidate
            continue
        row.changes = {k: v for k, v in row.values.items() if not _same(project, k, v)}
        programmes_same = row.programmes is None or sorted(project.programme_ids) == sorted(
            g.pk for g in row.programmes
        )
        co_units_same = row.co_units is None or sorted(project.co_unit_ids) == sorted(u.pk for u in row.co_units)
        plan_same = row.plan is None or (
            row.plan_row is not None
            and (row.plan_row.planned_investment, row.plan_row.planned_to_start) == row.plan[1:]
        )
        same = not row.changes and programmes_same and co_units_same and plan_same
        row.action = "unchanged" if same else "update"
    return problems


def load_links(projects) -> None:
    """Set each project's `programme_ids` and `co_unit_ids` (its 工程/专项 and 配合单位): two queries
    for all of them, reading ids only — a prefetch builds a model per link and costs more than the check."""
    by_pk = {p.pk: p for p in projects}
    for p in by_pk.values():
        p.programme_ids, p.co_unit_ids = [], []
    if not by_pk:
        return
    for through, target, attr in ((Project.programmes.through, "programme_id", "programme_ids"),
                                  (Project.co_units.through, "unit_id", "co_unit_ids")):  # fmt: skip
        links = through.objects.filter(Among(F("project_id"), list(by_pk))).values_list("project_id", target)
        for project_id, other in links:
            getattr(by_pk[project_id], attr).append(other)


def _same(project: Project, name: str, value) -> bool:
    if name in _LEDGER_FOREIGN_KEYS:  # compared by id: reading the related row would cost a query
        return getattr(project, f"{name}_id") == (value.pk if value is not None else None)
    return getattr(project, name) == value


# Checking a row fast, by the model's own rules -------------------------------------------------
#
# `Model.full_clean` per row builds a model instance through keyword arguments, cleans every field
# and looks at the constraints: most of a dry run's time on a large ledger. The checks below are the
# same rules: each field's checks are taken from the field once (its type, choices, blank, null and
# validators); a value of the field's own type that passes them is accepted directly, any other
# value goes through the field's own `clean` (which also gives Django's message); the fields a row
# does not set are checked once at their defaults; then the model's `clean()` runs on the
# row's instance. Foreign keys arrive as fetched objects and are not looked up again.

_SKIPPED = ("code", *_LEDGER_FOREIGN_KEYS)  # code: matched, not validated here (unique by the action)


def _fast_check(f: models.Field) -> Callable[[object], bool] | None:
    """A test that accepts only values `f.clean` would accept unchanged; None: always use `f.clean`."""
    validators = list(f.validators)
    if isinstance(f, (models.CharField, models.TextField)) and not isinstance(f, models.EmailField):
        if any(
            not isinstance(v, (core_validators.MaxLengthValidator, core_validators.ProhibitNullCharactersValidator))
            for v in validators
        ):
            return None
        limit = f.max_length
        allowed = {str(value) for value, _label in f.flatchoices} if f.choices else None

        def text(value) -> bool:
            if type(value) is not str or "\x00" in value:
                return False
            if allowed is not None:
                return value in allowed
            if not value:
                return f.blank
            return limit is None or len(value) <= limit

        return text
    if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField) and not validators:
        return lambda value: type(value) is datetime.date
    if isinstance(f, models.IntegerField) and not f.choices:
        low, high = None, None  # the tightest bounds of the field's Min/MaxValueValidators
        for v in validators:
            if callable(v.limit_value):
                return None
            if type(v) is core_validators.MinValueValidator:
                low = v.limit_value if low is None else max(low, v.limit_value)
            elif type(v) is core_validators.MaxValueValidator:
                high = v.limit_value if high is None else min(high, v.limit_value)
            else:
                return None

        def number(value) -> bool:
            return type(value) is int and (low is None or value >= low) and (high is None or value <= high)

        return number
    return None


@cache
def _project_checks() -> tuple[dict, list, list, dict]:
    """Per field: (field, fast test). The fields no row sets: their defaults' problems, found once."""
    checks = {}
    for f in Project._meta.concrete_fields:
        if f.name in _SKIPPED or f.primary_key:
            continue
        checks[f.name] = (f, _fast_check(f))
    fields = Project._meta.concrete_fields
    statics = [(f.attname, f.get_default()) for f in fields if not _computed_default(f)]
    computed = [f for f in fields if _computed_default(f)]
    related = {name: Project._meta.get_field(name) for name in _LEDGER_FOREIGN_KEYS}
    return checks, statics, computed, related


def _computed_default(f: models.Field) -> bool:
    """A default computed afresh for each instance (a callable, as `uuid4` or `date.today`)."""
    return f.has_default() and callable(f.default)


def _candidate(code: str, values: dict, pk: int | None) -> Project:
    """The row's project, unsaved: as `Project(code=code, **values)` builds it, without the keyword
    machinery (defaults first, then the row's values; foreign keys through their descriptors)."""
    if pre_init.has_listeners(Project) or post_init.has_listeners(Project):
        candidate = Project(code=code, **values)
        candidate.pk = pk
        return candidate
    _checks, statics, computed, related = _project_checks()
    candidate = Project.__new__(Project)
    candidate._state = ModelState()
    attrs = candidate.__dict__
    attrs.update(statics)
    for f in computed:
        attrs[f.attname] = f.get_default()
    attrs["code"] = code
    for name, value in values.items():
        f = related.get(name)
        if f is None:
            attrs[name] = value
        elif value is None or isinstance(value, f.related_model):  # as the descriptor sets it
            attrs[f.attname] = None if value is None else value.pk
            candidate._state.fields_cache[name] = value
        else:
            setattr(candidate, name, value)  # the descriptor's own message
    attrs[Project._meta.pk.attname] = pk
    return candidate


def _check_project(candidate: Project, values: dict, language: str | None) -> dict[str, list[str]]:
    """The problems `candidate.full_clean(exclude=code and the foreign keys, validate_unique=False)` finds."""
    checks = _project_checks()[0]
    attrs, given = candidate.__dict__, frozenset(values)
    unset = _unset_problems(given, language)
    errors: dict[str, list[str]] = {name: list(found) for name, found in unset.items()} if unset else {}
    for name in _row_fields(given):
        f, fast = checks[name]
        raw = attrs[f.attname]
        if fast is not None and fast(raw):
            continue
        if f.blank and raw in f.empty_values:
            continue
        try:
            attrs[f.attname] = f.clean(raw, candidate)
        except ValidationError as exc:
            errors[name] = list(exc.messages)
    if len(errors) > 1:  # in the order of the model's fields, as full_clean gives them
        order = list(checks)
        errors = dict(sorted(errors.items(), key=lambda item: order.index(item[0])))
    try:  # as full_clean: the model's own rules run even when a field failed
        candidate.clean()
    except ValidationError as exc:
        for name, messages in ValidationError(exc.update_error_dict({})).message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if Project._meta.constraints:
        try:
            candidate.validate_constraints(exclude={*_SKIPPED, *errors})
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    return errors


@lru_cache(maxsize=256)
def _row_fields(given: frozenset) -> tuple[str, ...]:
    """The fields checked on each row: those it sets, and those whose default is computed per row."""
    checks = _project_checks()[0]
    return tuple(n for n, (f, _fast) in checks.items() if n in given or _computed_default(f))


@lru_cache(maxsize=256)
def _unset_problems(given: frozenset, language: str | None) -> dict[str, tuple[str, ...]]:
    """The problems of the fields a row leaves at their (fixed) defaults: the same for every such row."""
    problems = {}
    for name, (f, _fast) in _project_checks()[0].items():
        if name in given or _computed_default(f):
            continue
        default = f.get_default()
        if f.blank and default in f.empty_values:
            continue
        try:
            f.clean(default, None)
        except ValidationError as exc:
            problems[name] = tuple(exc.messages)
    return problems


@lru_cache(maxsize=1024)
def _check_plan(plan: tuple, language: str | None) -> dict[str, list[str]]:
    """A plan row's problems (the same for every row with these three values)."""
    year, amount, to_start = plan
    try:
        AnnualPlan(year=year, planned_investment=amount, planned_to_start=to_start).full_clean(
            exclude=["project"], validate_unique=False
        )
    except ValidationError as exc:
        return exc.message_dict
    return {}
