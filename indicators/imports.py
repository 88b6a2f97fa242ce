"""Excel: a table of units × indicators for one period — a level and a growth column per indicator.

Columns are matched by the indicator's name or any alias ("规上工业增加值（亿元）", "社零增速（%）"),
levels converted from the unit in the header. A dry run checks every cell, the data scope, the
period lock and the validation rules; the commit hands the rows to one action
(`actions.import_values`), which writes all of them or none.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied

from core import bulk, progress
from core.importing import (
    Checked,
    ImportColumn,
    ImportFailed,
    ImportResult,
    RowError,
    RowsRefused,
    read_laid_out,
    read_table,
)
from core.tabular import Column
from org.lookup import UnitLookup

from . import actions, validation
from .choices import Severity
from .models import Indicator
from .periods import Period
from .queries import Figures, is_locked

GROWTH_SUFFIXES = ("增速", "增长", "同比增长", "增幅")


def columns(indicators: list[Indicator]) -> list[ImportColumn]:
    result = [ImportColumn("unit", ("单位", "地区", "县区"), required=True)]
    for ind in indicators:
        names = (ind.name, *ind.aliases)
        result.append(ImportColumn(f"level:{ind.pk}", names, kind="quantity", unit=ind.unit))
        # «生产总值增速», and under a header merged over two rows «生产总值（亿元）/增速»
        growth_names = tuple(f"{n}{s}" for s in GROWTH_SUFFIXES for n in names) + tuple(
            f"{n}{u}/{s}" for s in GROWTH_SUFFIXES for n in names for u in ("", f"({ind.unit})")
        )
        result.append(ImportColumn(f"growth:{ind.pk}", growth_names, kind="decimal"))
    return result


def read_values(source, cols: list[ImportColumn], *, mapping=None, constants=None) -> ImportResult:
    """The table as offices lay it out (core.layout): a title, a unit line, headers merged over two
    rows («生产总值（亿元）/增速»), notes below. A table too narrow for its header to be told from
    a title (a unit and one column) is read as a plain table, its header in the first rows."""
    result = read_laid_out(source, cols, mapping=mapping, constants=constants)
    if result.layout is not None and not result.layout.tables:
        return read_table(source, cols)
    return result


def header(col: ImportColumn) -> str:
    return f"{col.headers[0]}（%）" if col.field.startswith("growth:") else col.header


@dataclass
class RowPlan:
    number: int
    unit: object
    figures: dict = field(default_factory=dict)  # indicator → (level, growth)


@dataclass
class ValueImport(Checked):
    result: ImportResult
    period: Period
    plans: list[RowPlan] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(p.figures) for p in self.plans)


def import_columns() -> list[ImportColumn]:
    """The fields a column of the file may go to: 单位, and a level and a growth per active indicator."""
    return columns(list(Indicator.objects.filter(is_active=True)))


@bulk.gc_paused()
def dry_run(user, source, period: Period, *, mapping=None, constants=None) -> ValueImport:
    """Read and check every cell (scope, period lock, validation rules); nothing is written.

    `mapping` (the file's column → field) and `constants` (field → value, e.g. 单位 for a file of
    one unit) come from the import page's column mapping step.
    """
    indicators = {i.pk: i for i in Indicator.objects.filter(is_active=True)}
    cols = columns(list(indicators.values()))
    names = {c.field: header(c) for c in cols} | result_names(mapping)
    result = read_values(source, cols, mapping=mapping, constants=constants)
    progress.stage(progress.CHECK, total=len(result.rows), span=progress.IMPORT_STAGES[progress.CHECK])
    out = ValueImport(result, period)
    if is_locked(period):
        result.errors.append(RowError(None, None, f"{period.label()} 已过报送截止时间并锁定，请联系管理员开放。"))
        return out
    units = UnitLookup(user)
    seen: dict[int, int] = {}
    for row in result.rows:
        progress.advance()
        v = row.values
        try:
            unit = units.find(v.get("unit") or "")
        except ValueError as exc:
            result.errors.append(RowError(row.number, "单位", str(exc)))
            continue
        if unit.pk in seen:
            result.errors.append(RowError(row.number, "单位", f"与第{seen[unit.pk]}行是同一单位"))
            continue
        seen[unit.pk] = row.number
        plan = RowPlan(row.number, unit)
        for pk, ind in indicators.items():
            level, growth = v.get(f"level:{pk}"), v.get(f"growth:{pk}")
            if level is not None or growth is not None:
                plan.figures[ind] = (level, growth)
        proposed = {ind.pk: fig for ind, fig in plan.figures.items()}
        for f in validation.check(unit=unit, period=period, proposed=proposed):
            where = names.get(f"level:{f.indicator_id}")
            (result.errors if f.severity == Severity.BLOCK else out.warnings).append(
                RowError(row.number, where, f.message)
            )
        out.plans.append(plan)
    return out


def result_names(mapping) -> dict:
    """Field → the file's own column name, for the messages of a mapped file."""
    return {field: name for name, field in (mapping or {}).items() if field}


@bulk.gc_paused()
def commit(user, source, period: Period, *, label: str = "", mapping=None, constants=None) -> ValueImport:
    progress.stage(progress.READ, span=progress.IMPORT_STAGES[progress.READ])  # in a background job
    preview = dry_run(user, source, period, mapping=mapping, constants=constants)
    if not preview.ok:
        raise ImportFailed(preview)
    rows = [actions.ValueRow(plan.number, plan.unit, plan.figures) for plan in preview.plans]
    try:
        actions.import_values(actor=user, period=period, rows=rows, label=label)
    except RowsRefused as exc:
        preview.result.errors.extend(exc.problems)
        raise ImportFailed(preview) from exc
    except PermissionDenied as exc:
        preview.result.errors.append(RowError(None, None, str(exc)))
        raise ImportFailed(preview) from exc
    return preview


def export_columns(indicators: list[Indicator], figures: Figures, period: Period) -> list[Column]:
    """The import's columns, filled for the period: export → import changes nothing.
    Only reported figures are written; derived growth rates are not data to re-import."""
    result = [Column("单位", lambda u: u.name, 16)]
    for ind in indicators:
        result.append(
            Column(f"{ind.name}（{ind.unit}）", lambda u, i=ind: _plain(figures.get(i, u.pk, period).level), 14)
        )
        result.append(Column(f"{ind.name}增速（%）", lambda u, i=ind: _reported_growth(figures, i, u, period), 12))
    return result


def _reported_growth(figures: Figures, indicator, unit, period):
    fig = figures.get(indicator, unit.pk, period)
    return None if fig.growth_derived else _plain(fig.growth)


def _plain(value: Decimal | None):
    return None if value is None else value.normalize()
