"""Key-project figures: 完成率, 序时进度, ± 序时进度, 开工率. Pure: no Django.

Percent values are Decimals where 65.22 means 65.22 %; differences of two percents are
percentage points (个百分点). Nothing is rounded here; round for display only.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import IntEnum, StrEnum

from core.money import format_amount


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


class Colour(StrEnum):
    """A project's warning; shown as projects.choices.WarningColour."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


@dataclass(frozen=True)
class WarningRules:
    """One published rule set; the thresholds are editable (projects.models.WarningSettings).

    schedule: yellow when behind 序时进度 by at least `schedule_yellow_pp` and at most
    `schedule_red_pp` percentage points, red when behind by more;
    start: yellow when not started by the end of the planned start month, red when still not
    started `start_red_months` months after it;
    reporting: yellow when no report `report_yellow_months` after the actual start, red after
    `report_red_months`.
    """

    schedule_yellow_pp: Decimal = Decimal(10)
    schedule_red_pp: Decimal = Decimal(30)
    start_red_months: int = 3
    report_yellow_months: int = 1
    report_red_months: int = 2


@dataclass(frozen=True)
class ProjectWarning:
    colour: Colour
    reasons: tuple[str, ...] = ()


def end_of_month_after(start: date, months: int) -> date:
    """The last day of the month `months` after `start`'s month."""
    index = start.year * 12 + start.month - 1 + months + 1
    first_of_next = date(index // 12, index % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def warning(
    *,
    rules: WarningRules,
    as_of: date,
    completion_pct: Decimal | None,
    benchmark_pct: Decimal | None,
    planned_start: date | None,
    actual_start: date | None,
    last_report: date | None,
    finished: bool = False,
) -> ProjectWarning:
    """The worst colour of the three rules, with a reason for each rule that is not green.

    Each reason states the fact (how far behind, how long late), not the threshold it crossed.
    `finished`: the project is 竣工 or 投产; the reporting rule no longer applies to it.
    """
    found: list[tuple[Colour, str]] = []
    if completion_pct is not None and benchmark_pct is not None:
        behind = benchmark_pct - completion_pct
        if behind > rules.schedule_red_pp:
            found.append((Colour.RED, f"落后序时进度 {behind:.2f} 个百分点"))
        elif behind >= rules.schedule_yellow_pp:
            found.append((Colour.YELLOW, f"落后序时进度 {behind:.2f} 个百分点"))
    if planned_start is not None and actual_start is None:
        late = _late(end_of_month_after(planned_start, 0), as_of)
        if as_of > end_of_month_after(planned_start, rules.start_red_months):
            found.append((Colour.RED, f"计划 {planned_start:%Y年%m月} 开工，已逾期 {late}仍未开工"))
        elif as_of > end_of_month_after(planned_start, 0):
            found.append((Colour.YELLOW, f"计划 {planned_start:%Y年%m月} 开工，已逾期 {late}尚未开工"))
    if actual_start is not None and last_report is None and not finished:
        since, day = _late(actual_start, as_of), f"{actual_start.year}年{actual_start.month}月{actual_start.day}日"
        if as_of > end_of_month_after(actual_start, rules.report_red_months):
            found.append((Colour.RED, f"{day}开工，已过 {since}仍未报送进度"))
        elif as_of > end_of_month_after(actual_start, rules.report_yellow_months):
            found.append((Colour.YELLOW, f"{day}开工，已过 {since}未报送进度"))
    if not found:
        return ProjectWarning(Colour.GREEN)
    worst = Colour.RED if any(c == Colour.RED for c, _ in found) else Colour.YELLOW
    return ProjectWarning(worst, tuple(text for _, text in found))


def whole_months(start: date, end: date) -> int:
    """Whole months from `start` to `end` (31 March → 30 November is 8; → 29 November is 7)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    # A month counts once `end` reaches `start`'s day, or the last day of a shorter month.
    if end.day < start.day and end != end_of_month_after(end, 0):
        months -= 1
    return max(months, 0)


def _late(since: date, as_of: date) -> str:
    """How long after `since`: "8 个月", or "12 天" when less than a month."""
    months = whole_months(since, as_of)
    return f"{months} 个月" if months else f"{(as_of - since).days} 天"


@dataclass(frozen=True)
class ReportFigures:
    month: int
    monthly: int | None
    ytd: int | None
    since_start: int | None


@dataclass(frozen=True)
class Flag:
    month: int
    code: str
    message: str


def consistency_flags(reports: list[ReportFigures], *, total_investment: int, tolerance: int = 0) -> list[Flag]:
    """Disagreements a reviewer must see; nothing is corrected. Amounts in 元.

    ytd_below_monthly: the month's YTD lower than its own monthly amount;
    ytd_mismatch: the monthly amounts to a month add up to more than `tolerance` away from that
    month's reported YTD (when every month up to it reported an amount);
    ytd_below_reported: some earlier months did not report an amount, and those that did already
    add up to more than `tolerance` above the reported YTD;
    ytd_decreased: YTD lower than the previous reported month's; above_total: cumulative since
    start above the total investment; since_start_below_ytd: cumulative since start below YTD.
    """
    flags: list[Flag] = []
    running, complete, previous = 0, True, None
    reported_months: list[int] = []
    by_month = {r.month: r for r in reports}

    def flag(month: int, code: str, message: str) -> None:
        flags.append(Flag(month, code, f"{month}月：{message}"))

    for month in range(1, max(by_month, default=0) + 1):
        r = by_month.get(month)
        if r is None or r.monthly is None:
            complete = False
        else:
            running += r.monthly
            reported_months.append(month)
        if r is None:
            continue
        if r.ytd is not None:
            if r.monthly is not None and r.monthly - r.ytd > tolerance:
                flag(month, "ytd_below_monthly",
                     f"年初至今累计 {_wan(r.ytd)}，低于本月完成 {_wan(r.monthly)}")  # fmt: skip
            elif complete and abs(running - r.ytd) > tolerance:
                summed, reported = _wan(running), _wan(r.ytd)
                flag(
                    month,
                    "ytd_mismatch",
                    f"1-{month}月逐月合计 {summed}，与报送的年初至今累计 {reported} 不一致",
                )
            elif not complete and running - r.ytd > tolerance:
                months = "、".join(str(m) for m in reported_months)
                flag(month, "ytd_below_reported",
                     f"已报送的{months}月逐月合计 {_wan(running)}，高于报送的年初至今累计 {_wan(r.ytd)}"
                     f"（其余月份未报送）")  # fmt: skip
            if previous is not None and r.ytd < previous[1]:
                flag(month, "ytd_decreased",
                     f"年初至今累计 {_wan(r.ytd)}，低于{previous[0]}月的 {_wan(previous[1])}")  # fmt: skip
            previous = (month, r.ytd)
        if r.since_start is not None:
            if r.since_start > total_investment:
                flag(month, "above_total",
                     f"开工至今累计 {_wan(r.since_start)}，超过总投资 {_wan(total_investment)}")  # fmt: skip
            if r.ytd is not None and r.since_start < r.ytd:
                flag(month, "since_start_below_ytd",
                     f"开工至今累计 {_wan(r.since_start)}，低于年初至今累计 {_wan(r.ytd)}")  # fmt: skip
    return flags


def _wan(yuan: int) -> str:
    return format_amount(yuan, "万元")
