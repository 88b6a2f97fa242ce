"""Key-project figures: 完成率, 序时进度, ± 序时进度, 开工率. Pure: no Django.

Percent values are Decimals where 65.22 means 65.22 %; differences of two percents are
percentage points (个百分点). Nothing is rounded here; round for display only.
"""

from decimal import Decimal
from enum import IntEnum


class Cycle(IntEnum):
    """Reporting cycles, by periods per year."""

    MONTH = 12
    XUN = 36  # 旬: ten-day periods
    WEEK = 52


def completion_rate(*, ytd: int | Decimal, plan: int | Decimal | None) -> Decimal | None:
    """完成率 = YTD ÷ annual plan × 100. Never capped: 162.7 % is a real figure. None without a plan."""
    if not plan:
        return None
    return Decimal(ytd) * 100 / Decimal(plan)


def schedule_benchmark(*, periods_elapsed: int, cycle: Cycle = Cycle.MONTH) -> Decimal:
    """序时进度 = N ÷ periods per year × 100 (six months → 50 %)."""
    if not 0 <= periods_elapsed <= int(cycle):
        raise ValueError(f"periods_elapsed must be within 0..{int(cycle)}")
    return Decimal(periods_elapsed) * 100 / int(cycle)


def schedule_gap(*, completion_pct: Decimal, benchmark_pct: Decimal) -> Decimal:
    """超/落后序时进度 in percentage points: completion − benchmark (positive: ahead)."""
    return completion_pct - benchmark_pct


def start_rate(*, started: int, planned: int) -> Decimal | None:
    """开工率 = projects started ÷ projects planned to start this year × 100."""
    if not planned:
        return None
    return Decimal(started) * 100 / planned
