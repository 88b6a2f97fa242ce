"""Every write to indicators: the catalogue, values, targets, rules and the period lock."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import actions as base
from core import audit, progress, scope
from core.importing import RowError, RowsRefused
from core.models import AuditAction
from org.models import Unit

from . import validation
from .choices import Severity, Source
from .models import Indicator, PeriodLock, Target, ValidationRule, Value
from .periods import Period
from .queries import is_locked

INDICATOR_FIELDS = (
    "code",
    "name",
    "aliases",
    "unit",
    "frequency",
    "cumulative",
    "joint_jan_feb",
    "no_january",
    "growth_basis",
    "rate_as_reported",
    "compare_on",
    "decimals",
    "source_department",
    "description",
    "order",
    "is_active",
)


def _ensure_admin(actor) -> None:
    scope.ensure_platform_admin(actor, _("只有平台管理员可以修改指标目录、校验规则和报告期锁定。"))


# The catalogue --------------------------------------------------------------------------------


@transaction.atomic
def create_indicator(*, actor, code: str, name: str, unit: str, frequency: str, **fields) -> Indicator:
    _ensure_admin(actor)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise ValidationError(_("不能修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    return base.create(Indicator(code=code, name=name, unit=unit, frequency=frequency, **fields))


@transaction.atomic
def update_indicator(*, actor, indicator: Indicator, **changes) -> Indicator:
    _ensure_admin(actor)
    unknown = set(changes) - set(INDICATOR_FIELDS)
    if unknown:
        raise ValidationError(_("不能修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    return base.update(indicator, changes=changes)


# Values ---------------------------------------------------------------------------------------


@transaction.atomic
def record_value(
    *,
    actor,
    indicator: Indicator,
    unit: Unit,
    period: Period,
    level: Decimal | None,
    growth: Decimal | None,
    source: str = Source.ENTRY,
    source_label: str = "",
    source_row: int | None = None,
    source_start: int | None = None,
    source_end: int | None = None,
    source_url: str = "",
    is_sample: bool = False,
    check_rules: bool = True,
    respect_lock: bool = True,
    acknowledged: tuple[str, ...] = (),
) -> tuple[Value | None, list[validation.Finding]]:
    """Store the reported figure of `indicator` for `unit` and `period`; a correction updates the row
    and the audit log keeps the earlier figures. Both empty removes the figure.

    Entry and imports respect the period lock; figures taken from published articles do not
    (they are history, not entry), nor does loading demo data (`respect_lock=False`). Rules that
    block raise ValidationError; warnings are returned. The warnings a figure is saved with — those
    the user `acknowledged` (entry checks the rules before calling, then asks), or those found here —
    are audited with the figure.
    """
    if not scope.can_report(actor, unit):  # its own units, or those it reports for (代报)
        raise PermissionDenied(_("所选单位不在您的数据权限范围内。"))
    if respect_lock and source in (Source.ENTRY, Source.IMPORT) and is_locked(period):
        raise ValidationError(_("%(p)s 已过报送截止时间并锁定，请联系管理员开放。") % {"p": period.label()})
    findings = (
        validation.check(unit=unit, period=period, proposed={indicator.pk: (level, growth)}) if check_rules else []
    )
    blocking = [f for f in findings if f.severity == Severity.BLOCK]
    if blocking:
        raise ValidationError([f.message for f in blocking])
    existing = Value.objects.filter(
        indicator=indicator, unit=unit, year=period.year, kind=period.kind, number=period.number
    ).first()
    provenance = {
        "source": source,
        "source_label": source_label,
        "source_row": source_row,
        "source_start": source_start,
        "source_end": source_end,
        "source_url": source_url,
    }
    if level is None and growth is None:
        if existing is not None:
            base.delete(existing, verb=_("清除"))
        return None, findings
    if existing is None:
        value = Value(
            indicator=indicator,
            unit=unit,
            year=period.year,
            kind=period.kind,
            number=period.number,
            level=level,
            growth=growth,
            is_sample=is_sample,
            **provenance,
        )
        saved = base.create(value)
    elif existing.level == level and existing.growth == growth:
        return existing, findings
    else:
        saved = base.update(
            existing, changes={"level": level, "growth": growth, "is_sample": is_sample, **provenance}, verb=_("更正")
        )
    warnings = list(acknowledged) or [f.message for f in findings]
    if warnings:
        figure = audit.snapshot(saved)
        audit.record(
            obj=saved,
            action=AuditAction.OTHER,
            verb=_("确认校验提示") if acknowledged else _("校验提示"),
            after={"level": figure["level"], "growth": figure["growth"], "warnings": warnings},
        )
    return saved, findings


@dataclass(frozen=True)
class ValueRow:
    """One unit's figures of a bulk write: indicator → (level, growth); `number` is the row the user sees."""

    number: int
    unit: Unit
    figures: dict


@transaction.atomic
def import_values(*, actor, period: Period, rows: Sequence[ValueRow], label: str = "") -> int:
    """Record every figure of `rows` for `period` as imported (source 导入, the file's name, the row):
    all or none. Each figure goes through `record_value`, which checks the scope and the period
    lock and audits it; the blocking rules were checked on the whole table beforehand. A refused
    figure is named by row and indicator, the others are still checked, then `RowsRefused` undoes
    everything. Returns the number of figures recorded."""
    problems, count = [], 0
    progress.stage(progress.WRITE, total=len(rows), span=progress.IMPORT_STAGES[progress.WRITE])
    for row in rows:
        for indicator, (level, growth) in row.figures.items():
            try:
                record_value(
                    actor=actor, indicator=indicator, unit=row.unit, period=period, level=level, growth=growth,
                    source=Source.IMPORT, source_label=label, source_row=row.number, check_rules=False,
                )  # fmt: skip
                count += 1
            except (ValidationError, PermissionDenied) as exc:
                messages = getattr(exc, "messages", [str(exc)])
                problems.append(RowError(row.number, indicator.name, "；".join(messages)))
        progress.advance()  # in a background import's commit (core.progress)
    if problems:
        raise RowsRefused(problems)
    return count


# Targets --------------------------------------------------------------------------------------


@transaction.atomic
def set_target(
    *,
    actor,
    indicator: Indicator,
    unit: Unit,
    year: int,
    kind: str,
    value: Decimal,
    approximate: bool = False,
    text: str = "",
    is_sample: bool = False,
) -> Target:
    scope.ensure_can_create_under(actor, unit.path)
    target = Target.objects.filter(indicator=indicator, unit=unit, year=year).first()
    values = {"kind": kind, "value": value, "approximate": approximate, "text": text, "is_sample": is_sample}
    if target is None:
        return base.create(Target(indicator=indicator, unit=unit, year=year, **values))
    return base.update(target, changes=values)


@transaction.atomic
def delete_target(*, actor, target: Target) -> None:
    scope.ensure_can_change(actor, target)
    base.delete(target)


# Rules and the lock ---------------------------------------------------------------------------


@transaction.atomic
def save_rule(*, actor, rule: ValidationRule | None = None, parts=(), **fields) -> ValidationRule:
    _ensure_admin(actor)
    if rule is None:
        return base.create(ValidationRule(**fields), m2m={"parts": parts})
    return base.update(rule, changes=fields, m2m={"parts": parts})


@transaction.atomic
def reopen_period(*, actor, period: Period, until: date, reason: str) -> PeriodLock:
    """Lift the lock of a period until a date (inclusive). Audited with the reason."""
    _ensure_admin(actor)
    if until < timezone.localdate():
        raise ValidationError({"until": _("开放截止日期不能早于今天。")})
    if not reason.strip():
        raise ValidationError({"reason": _("请填写开放原因。")})
    lock = PeriodLock.objects.filter(year=period.year, kind=period.kind, number=period.number).first()
    changes = {"reopened_until": until, "reopened_by": actor, "reason": reason.strip()}
    if lock is None:
        return base.create(
            PeriodLock(year=period.year, kind=period.kind, number=period.number, **changes), verb=_("开放填报")
        )
    return base.update(lock, changes=changes, verb=_("开放填报"))


@transaction.atomic
def close_period(*, actor, period: Period) -> None:
    """End an early reopening: the period is locked again if its deadline has passed."""
    _ensure_admin(actor)
    lock = PeriodLock.objects.filter(year=period.year, kind=period.kind, number=period.number).first()
    if lock is not None and lock.reopened_until is not None:
        base.update(lock, changes={"reopened_until": None, "reason": ""}, verb=_("关闭填报"))
