"""Comparisons of economic indicators: ranks, gaps, shares, structure ratios, derived figures.

No Django here. Rates are percentages as Decimals (9.9 means 9.9 %); a difference of two rates
is in percentage points (个百分点), never in %. Functions return None when a figure cannot be
computed instead of guessing.

Ranks are competition ranks ("1224"), computed by core.ranking.rank.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core import money

HUNDRED = Decimal(100)


def _minus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def gap_pp(rate: Decimal | None, reference: Decimal | None) -> Decimal | None:
    """`rate` minus `reference`, both in %: the difference in percentage points."""
    return _minus(rate, reference)


def growth(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """Growth in % from two levels on the same basis (the change as a share of the base); None when
    the base is missing or zero."""
    return share(_minus(current, previous), previous)


def single_period(cumulative: Decimal | None, previous_cumulative: Decimal | None) -> Decimal | None:
    """A single month (or quarter) from two cumulative figures of the same year: 1–N minus 1–(N−1)."""
    return _minus(cumulative, previous_cumulative)


def share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """`part` as a % of `whole`."""
    if part is None or whole is None or whole == 0:
        return None
    return part / whole * HUNDRED


def structure(parts: Sequence[Decimal | None], places: int = 1) -> tuple[Decimal, ...] | None:
    """Shares in % of each part in their sum, rounded to `places` (三次产业比 from three value-added
    figures). The rounded shares may not add up to exactly 100, as published ratios often do not."""
    if any(p is None for p in parts):
        return None
    total = sum(parts)
    if total == 0:
        return None
    quantum = Decimal(1).scaleb(-places)
    return tuple((p / total * HUNDRED).quantize(quantum, ROUND_HALF_UP) for p in parts)


def ratio_text(shares: Sequence[Decimal]) -> str:
    """ "4.9∶45.9∶49.1" — with the ratio colon (U+2236) that published reports use."""
    return "∶".join(format(s, "f") for s in shares)


@dataclass(frozen=True)
class Achievement:
    """A value against its annual target."""

    kind: str  # "growth" or "level"
    gap: Decimal | None  # growth: percentage points above (+) or below (−); level: value − target
    ratio: Decimal | None  # level: value ÷ target in %; growth: None
    met: bool | None


def achievement(
    *, kind: str, target: Decimal, growth_rate: Decimal | None = None, level: Decimal | None = None
) -> Achievement:
    """Growth targets ("增长9%左右") compare rates in percentage points; level targets compare values."""
    if kind == "growth":
        gap = gap_pp(growth_rate, target)
        return Achievement(kind, gap, None, None if gap is None else gap >= 0)
    if kind == "level":
        if level is None:
            return Achievement(kind, None, None, None)
        ratio = share(level, target)
        return Achievement(kind, level - target, ratio, level >= target)
    raise ValueError(f"unknown target kind {kind!r}")


class Colour:
    GREEN, YELLOW, RED, NONE = "green", "yellow", "red", ""


def colour(gap: Decimal | None, *, yellow_below_pp: Decimal = Decimal(0), red_below_pp: Decimal = Decimal(-2)) -> str:
    """Against a growth target: green at or above it, yellow up to `red_below_pp` below, red further."""
    if gap is None:
        return Colour.NONE
    if gap >= yellow_below_pp:
        return Colour.GREEN
    if gap >= red_below_pp:
        return Colour.YELLOW
    return Colour.RED


def num(value: Decimal | None) -> str:
    """A decimal as written: no trailing zeros, no exponent ("30.0000" → "30")."""
    return "—" if value is None else money.plain(value)


def pct_text(rate: Decimal | None, places: int = 1) -> str:
    """A rate as reports write it: "9.9%"."""
    if rate is None:
        return "—"
    return f"{rate.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)}%"


def pp_text(points: Decimal | None, places: int = 1) -> str:
    """A difference of rates: "+15.7个百分点", "−2.0个百分点" (never "%"; core.money.pp_text)."""
    return money.pp_text(points, places)


def gap_sentence(points: Decimal | None, reference: str, places: int = 1) -> str:
    """As reports write it: "高于全市平均水平15.7个百分点", "低于全市2.0个百分点", "与全市持平"."""
    if points is None:
        return ""
    value = points.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    if value > 0:
        return f"高于{reference}{value}个百分点"
    if value < 0:
        return f"低于{reference}{-value}个百分点"
    return f"与{reference}持平"


# Validation rules ---------------------------------------------------------------------------


def sum_mismatch(total: Decimal | None, parts: Sequence[Decimal | None], tolerance_pct: Decimal) -> Decimal | None:
    """How far (in % of the total) the parts' sum is from the total, when beyond the tolerance."""
    if total is None or total == 0 or any(p is None for p in parts):
        return None
    off = abs(sum(parts) - total) / abs(total) * HUNDRED
    return off if off > tolerance_pct else None


def cumulative_drop(value: Decimal | None, previous: Decimal | None) -> bool:
    """A cumulative (1–N月) level below the previous period's of the same year."""
    return value is not None and previous is not None and value < previous


def outside(value: Decimal | None, low: Decimal | None, high: Decimal | None) -> bool:
    return value is not None and ((low is not None and value < low) or (high is not None and value > high))
