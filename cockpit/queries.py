"""The 驾驶舱's figures, each read through the query of the page it links to, so that they are equal.

Projects: projects.queries (the 项目调度 dashboard); overdue 督办: supervision.queries.overdue_tasks (the
overdue list); service cases: cases.queries.colour_q (the case list's colour filter) and
metrics_by_unit (办理绩效); indicators: indicators.queries.dashboard (指标看板).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count

from cases import queries as case_queries
from cases.choices import Colour as CaseColour
from indicators import queries as indicator_queries
from indicators.periods import Period
from org.models import Unit
from projects import calc as project_calc
from projects import queries as project_queries
from supervision import queries as task_queries

WARNED_SHOWN = 8
OVERDUE_SHOWN = 6


@dataclass
class Indicators:
    unit: Unit
    period: Period
    rows: list


@dataclass
class Screen:
    year: int
    month: int
    total: project_queries.RollupRow
    by_unit: list[project_queries.RollupRow]
    colour_counts: dict[str, int]
    warned: list
    overdue_total: int
    overdue: list
    case_counts: dict[str, int]
    case_total: object  # cases.calc.Metrics of the year so far
    case_start: date
    case_end: date
    indicators: Indicators | None = None
    unit_pks: dict[str, int] = field(default_factory=dict)  # roll-up key (unit path) → unit id, for links


def case_colour_counts(user, *, as_of: date) -> dict[str, int]:
    """Open and closed cases by time-limit colour, in one query, with the case list's own filters."""
    table = case_queries.workday_table(as_of)
    found = case_queries.visible_cases(user).aggregate(
        **{c.value: Count("pk", filter=case_queries.colour_q(c.value, as_of, table)) for c in CaseColour}
    )
    return {c.value: found[c.value] for c in CaseColour}


def screen(user, *, year: int, month: int, today: date, indicator_unit=None, indicator_period=None) -> Screen:
    by_unit = project_queries.rollup(user, year=year, month=month, by="unit")
    found = project_queries.colours(user, year=year, month=month)
    overdue = task_queries.overdue_tasks(user, as_of=today)
    case_start = date(today.year, 1, 1)
    _rows, case_total = case_queries.metrics_by_unit(user, start=case_start, end=today)
    indicators = None
    if indicator_unit is not None and indicator_period is not None:
        rows = [r for r in indicator_queries.dashboard(user, indicator_unit, indicator_period) if not r.figure.empty]
        indicators = Indicators(indicator_unit, indicator_period, rows)
    paths = [r.key for r in by_unit]
    return Screen(
        year=year, month=month, total=project_queries.rollup_total(user, year=year, month=month), by_unit=by_unit,
        colour_counts=project_queries.colour_counts(found),
        warned=project_queries.warned_projects(found, limit=WARNED_SHOWN),
        overdue_total=len(overdue), overdue=overdue[:OVERDUE_SHOWN],
        case_counts=case_colour_counts(user, as_of=today), case_total=case_total,
        case_start=case_start, case_end=today, indicators=indicators,
        unit_pks=dict(Unit.objects.filter(path__in=paths).values_list("path", "pk")),
    )  # fmt: skip


def bar_colour(completion, benchmark, rules: project_calc.WarningRules) -> str:
    """A unit's bar against the 序时进度 line, with the thresholds of the projects' warnings: behind by
    more than the red threshold red, by at least the yellow one yellow, else green."""
    if completion is None:
        return "none"
    behind = benchmark - completion
    if behind > rules.schedule_red_pp:
        return "red"
    return "yellow" if behind >= rules.schedule_yellow_pp else "green"
