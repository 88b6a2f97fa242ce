"""Checking rows of a bulk ledger write against the model's rules, without writing anything.

The Excel import's dry run and the bulk action (`actions.import_ledger`, which checks again under
lock) decide each row here: create, update or unchanged, and which fields change.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext as _

from core.importing import RowError, RowsRefused

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
    """Decide each row against the projects found by code (`existing`, programmes and co_units prefetched) and their
    plans (`plans`: (project id, year) → AnnualPlan), with the model's own rules. Writes nothing.

    Returns the problems found, each naming the row and the field (by its field name).
    """
    problems: list[RowError] = []
    plan_problems: dict[tuple, dict] = {}
    for row in rows:
        before = len(problems)
        unknown = set(row.values) - set(LEDGER_FIELDS)
        if unknown:
            problems.append(
                RowError(row.number, None, _("不能修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))}, row.sheet)
            )
            continue
        project = existing.get(row.code)
        candidate = Project(code=row.code, **row.values)
        if project is not None:
            candidate.pk = project.pk
        try:
            # Foreign keys arrive as fetched objects; validating them again would query once per row.
            candidate.full_clean(exclude=["code", *_LEDGER_FOREIGN_KEYS], validate_unique=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                problems.append(RowError(row.number, name, "；".join(messages), row.sheet))
        if row.plan is not None:
            # A plan's rules depend on its three values alone: each distinct plan is checked once.
            if row.plan not in plan_problems:
                year, amount, to_start = row.plan
                try:
                    AnnualPlan(year=year, planned_investment=amount, planned_to_start=to_start).full_clean(
                        exclude=["project"], validate_unique=False
                    )
                    plan_problems[row.plan] = {}
                except ValidationError as exc:
                    plan_problems[row.plan] = exc.message_dict
            for name, messages in plan_problems[row.plan].items():
                problems.append(RowError(row.number, name, "；".join(messages), row.sheet))
        if len(problems) > before:
            continue
        row.project = project
        row.plan_row = plans.get((project.pk, row.plan[0])) if project is not None and row.plan else None
        if project is None:
            row.action, row.changes, row.candidate = "create", dict(row.values), candidate
            continue
        row.changes = {k: v for k, v in row.values.items() if not _same(project, k, v)}
        programmes_same = row.programmes is None or sorted(g.pk for g in project.programmes.all()) == sorted(
            g.pk for g in row.programmes
        )
        co_units_same = row.co_units is None or sorted(u.pk for u in project.co_units.all()) == sorted(
            u.pk for u in row.co_units
        )
        plan_same = row.plan is None or (
            row.plan_row is not None
            and (row.plan_row.planned_investment, row.plan_row.planned_to_start) == row.plan[1:]
        )
        same = not row.changes and programmes_same and co_units_same and plan_same
        row.action = "unchanged" if same else "update"
    return problems


def _same(project: Project, name: str, value) -> bool:
    if name in _LEDGER_FOREIGN_KEYS:  # compared by id: reading the related row would cost a query
        return getattr(project, f"{name}_id") == (value.pk if value is not None else None)
    return getattr(project, name) == value
