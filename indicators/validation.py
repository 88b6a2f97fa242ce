"""Validation rules run on entry and import: sums, cumulative figures, plausible growth."""

from dataclasses import dataclass
from decimal import Decimal

from org.models import Unit

from . import calc
from .choices import RuleKind
from .models import ValidationRule, Value
from .periods import Period


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    indicator_id: int
    message: str


def _stored_levels(unit: Unit, periods_: list[Period], indicator_ids) -> dict[tuple, Decimal | None]:
    rows = Value.objects.filter(
        unit=unit,
        indicator_id__in=indicator_ids,
        year__in={p.year for p in periods_},
        number__in={p.number for p in periods_},
    )
    wanted = {(p.year, p.kind, p.number) for p in periods_}
    return {(v.indicator_id, v.year, v.kind, v.number): v.level for v in rows if (v.year, v.kind, v.number) in wanted}


def check(
    *,
    unit: Unit,
    period: Period,
    proposed: dict[int, tuple[Decimal | None, Decimal | None]],
    rules: list[ValidationRule] | None = None,
) -> list[Finding]:
    """Findings for the figures `proposed` ({indicator id: (level, growth)}) on top of stored ones."""
    if rules is None:
        rules = list(
            ValidationRule.objects.filter(is_active=True).select_related("indicator").prefetch_related("parts")
        )
    touched = set(proposed)
    relevant = [r for r in rules if r.indicator_id in touched or {p.pk for p in r.parts.all()} & touched]
    if not relevant:
        return []
    ids = {r.indicator_id for r in relevant} | {p.pk for r in relevant for p in r.parts.all()}
    previous = period.previous_cumulative()
    stored = _stored_levels(unit, [period] + ([previous] if previous else []), ids)

    def level(indicator_id: int) -> Decimal | None:
        if indicator_id in proposed:
            return proposed[indicator_id][0]
        return stored.get((indicator_id, period.year, period.kind, period.number))

    findings = []
    for r in relevant:
        name = r.indicator.name
        if r.kind == RuleKind.SUM:
            parts = [level(p.pk) for p in r.parts.all()]
            off = calc.sum_mismatch(level(r.indicator_id), parts, r.tolerance_pct)
            if off is not None:
                names = "+".join(p.name for p in r.parts.all())
                findings.append(
                    Finding(
                        r.name,
                        r.severity,
                        r.indicator_id,
                        f"{names} 与{name}相差 {off:.2f}%，超过允许的 {r.tolerance_pct}%",
                    )
                )
        elif r.kind == RuleKind.CUMULATIVE and previous is not None and r.indicator_id in proposed:
            before = stored.get((r.indicator_id, previous.year, previous.kind, previous.number))
            if calc.cumulative_drop(level(r.indicator_id), before):
                findings.append(
                    Finding(
                        r.name,
                        r.severity,
                        r.indicator_id,
                        f"{name}累计值 {calc.num(level(r.indicator_id))} 低于{previous.label()}的 {calc.num(before)}",
                    )
                )
        elif r.kind == RuleKind.RANGE and r.indicator_id in proposed:
            rate = proposed[r.indicator_id][1]
            if calc.outside(rate, r.low, r.high):
                findings.append(
                    Finding(
                        r.name,
                        r.severity,
                        r.indicator_id,
                        f"{name}增速 {calc.num(rate)}% 超出合理范围（{calc.num(r.low)}% 至 {calc.num(r.high)}%）",
                    )
                )
    return findings
