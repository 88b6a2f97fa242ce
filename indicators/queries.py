"""Reads of indicators: figures with derived growth, the dashboard with targets and peer ranks,
trends, who has not reported, and the period lock.

Peer ranking compares a unit with the other members of its peer groups. Those members may lie
outside the user's data scope; their figures appear only as ranking results (unit, value, rank),
the way published ranking tables show them — never their provenance, history or entry forms.
Who may read which ranking is decided by `comparable_groups` alone (see docs/indicators.md).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, Func, OuterRef, Q
from django.db.models import Value as SQLValue
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import scope
from core.calendar import workday_calendar
from core.ranking import rank
from org.choices import UnitKind
from org.models import PeerGroup, Unit

from . import calc
from .choices import CompareOn, PeriodKind, Source, TargetKind
from .models import EntrySettings, Indicator, PeriodLock, Target, Value
from .periods import CUMULATIVE, Period

REPORTING_KINDS = (UnitKind.CITY, UnitKind.DISTRICT, UnitKind.ZONE)


# The period lock ------------------------------------------------------------------------------


def deadline(period: Period):
    """Entry closes on the N-th working day after the period's last month (N set by an administrator)."""
    n = EntrySettings.current().deadline_workdays
    month = period.end_month
    year, month = (period.year, month + 1) if month < 12 else (period.year + 1, 1)
    return workday_calendar().nth_workday_of_month(year, month, n)


def is_locked(period: Period, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    if today <= deadline(period).date:
        return False
    lock = PeriodLock.objects.filter(year=period.year, kind=period.kind, number=period.number).first()
    return not (lock and lock.reopened_until and today <= lock.reopened_until)


# Figures --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """The reported row behind a figure, for provenance links (lighter than a model instance)."""

    pk: int
    source: str
    is_sample: bool

    def get_source_display(self) -> str:
        return str(Source(self.source).label)

    def get_absolute_url(self) -> str:
        return reverse("indicators:value-detail", args=[self.pk])


@dataclass
class Figure:
    level: Decimal | None = None
    growth: Decimal | None = None
    growth_derived: bool = False  # computed from two levels, shown as 推算
    value: Ref | None = None  # the reported row, for provenance

    @property
    def empty(self) -> bool:
        return self.level is None and self.growth is None


class Figures:
    """Values of some indicators, units and periods loaded in one query, read as Figures.

    Rows are read as tuples: a dashboard over 200 peers reads thousands, and building model
    instances for them cost more than the query."""

    def __init__(self, indicators, units, periods_: list[Period]):
        self.rows: dict[tuple, tuple] = {}
        years = {p.year for p in periods_}
        keys = {(p.kind, p.number) for p in periods_}
        qs = Value.objects.filter(
            indicator__in=indicators, unit__in=units, year__in=years, number__in={n for _k, n in keys}
        ).order_by()  # no default ordering: it would join the indicator and unit tables
        fields = ("indicator_id", "unit_id", "year", "kind", "number", "level", "growth", "pk", "source", "is_sample")
        for ind, unit, year, kind, number, level, growth, pk, source, sample in qs.values_list(*fields):
            if (kind, number) in keys:
                self.rows[(ind, unit, year, kind, number)] = (level, growth, pk, source, sample)

    def get(self, indicator: Indicator, unit_id: int, period: Period) -> Figure:
        row = self.rows.get((indicator.pk, unit_id, period.year, period.kind, period.number))
        if row is None:
            return Figure()
        level, growth, pk, source, sample = row
        fig = Figure(level, growth, False, Ref(pk, source, sample))
        if fig.growth is None and not indicator.rate_as_reported and fig.level is not None:
            last = self.rows.get((indicator.pk, unit_id, period.year - 1, period.kind, period.number))
            derived = calc.growth(fig.level, last[0] if last else None)
            if derived is not None:
                fig.growth, fig.growth_derived = derived, True
        return fig

    def has(self, indicator: Indicator, unit_id: int, period: Period) -> bool:
        return (indicator.pk, unit_id, period.year, period.kind, period.number) in self.rows

    def reported(self, indicators, unit_id: int, period: Period) -> dict[int, Decimal | None]:
        """The figures a unit is ranked by, as reported (never derived): {indicator id: metric}."""
        result = {}
        for ind in indicators:
            row = self.rows.get((ind.pk, unit_id, period.year, period.kind, period.number))
            if row is not None:
                result[ind.pk] = row[0] if ind.compare_on == CompareOn.VALUE else row[1]
        return result

    def metric(self, indicator: Indicator, unit_id: int, period: Period) -> Decimal | None:
        fig = self.get(indicator, unit_id, period)
        return fig.level if indicator.compare_on == CompareOn.VALUE else fig.growth


# The dashboard --------------------------------------------------------------------------------


@dataclass
class PeerRank:
    group: PeerGroup
    rank: int | None
    size: int


@dataclass
class DashboardRow:
    indicator: Indicator
    figure: Figure
    last_year: Figure
    target: Target | None
    achievement: calc.Achievement | None
    colour: str
    reference: Figure | None  # the unit above (全市) for the gap in percentage points
    reference_gap: Decimal | None
    ranks: list[PeerRank] = field(default_factory=list)
    change_pp: Decimal | None = None  # shares: change against last year in percentage points


def may_compare(user) -> bool:
    """Rankings are for those who answer for a unit and what lies below it, and for the platform.

    An enterprise user (scope: one enterprise) and a grid worker (scope: one grid, not below)
    compare with no one.
    """
    s = scope.scope_of(user)
    return s.everything or bool(s.path and s.below and s.enterprise_id is None)


def comparable_groups(user):
    """The peer groups whose rankings `user` may read — the one rule for page, export, API and dashboard.

    The platform (a scope of everything) sees every group; a unit's user sees the groups with a
    member inside their scope: the district sees the districts' group it belongs to, a street the
    streets' group; everyone else sees none.
    """
    if not may_compare(user):
        return PeerGroup.objects.none()
    if scope.scope_of(user).everything:
        return PeerGroup.objects.all()
    members = scope.restrict(Unit.objects.all(), user)
    return PeerGroup.objects.filter(pk__in=PeerGroup.objects.filter(members__in=members).values("pk"))


def comparable_group(user, pk) -> PeerGroup:
    """A peer group `user` may read the ranking of: 403 for those who compare with no one, else 404."""
    if not may_compare(user):
        raise PermissionDenied(_("您的角色不能查看对标排名。"))
    try:
        return comparable_groups(user).get(pk=pk)
    except (PeerGroup.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("没有找到该对标分组，或您无权查看。")) from exc


def unit_groups(user, unit: Unit) -> list[PeerGroup]:
    """The peer groups of `unit` whose rankings `user` may read: `comparable_groups(user)` with
    `unit` among the members. When `unit` lies in the user's subtree, every group of it has a
    member in scope (the unit itself), so the groups are read without the scope's subqueries."""
    if not may_compare(user):
        return []
    s = scope.scope_of(user)
    if s.everything or s.covers_path(unit.path):
        return list(PeerGroup.objects.filter(members=unit))
    return list(comparable_groups(user).filter(members=unit))


def visible_unit(user, pk) -> Unit:
    return scope.get_visible(Unit.objects.all(), user, pk=pk)


def default_unit(user) -> Unit | None:
    """The user's own unit when it reports indicators, else the first reporting unit in scope."""
    units = reporting_units(user)
    return units.filter(pk=getattr(user, "unit_id", None)).first() or units.first()


def has_reporting_unit(user) -> bool:
    """Is there a unit whose indicators `user` may read or enter? The dashboard and entry need one."""
    return reporting_units(user).exists()


def reporting_units(user):
    """The units whose indicators `user` reads: those of a reporting kind in scope, and those a unit
    of theirs reports for (代报: the 统计局 enters the towns' figures)."""
    reported = Unit.reports_for.through.objects.filter(to_unit_id=OuterRef("pk"))
    units = Unit.objects.filter(Q(kind__in=REPORTING_KINDS) | Exists(reported), is_active=True)
    return scope.restrict(units, user).order_by("path")


def indicators_for(period: Period, with_values_for: Unit | None = None) -> list[Indicator]:
    """Active indicators due in the period, plus any that has a figure for the unit then."""
    active = list(Indicator.objects.filter(is_active=True))
    not_due = [i.pk for i in active if not i.is_due(period)]
    having = set()
    if with_values_for is not None and not_due:
        # Only an indicator not due can be added by a figure: when every one is due (a month of
        # monthly indicators), no query; else the (indicator, unit, period) key is read by index.
        having = set(
            Value.objects.filter(
                indicator__in=not_due, unit=with_values_for, year=period.year, kind=period.kind, number=period.number
            )
            .order_by()  # no default ordering: it would join the indicator and unit tables
            .values_list("indicator_id", flat=True)
        )
    return [i for i in active if i.is_due(period) or i.pk in having]


def dashboard(user, unit: Unit, period: Period) -> list[DashboardRow]:
    """One row per indicator: value, growth, target and gap, 全市 gap, rank in each peer group."""
    # Five queries: the catalogue, the groups, the figures, the ranks, the targets. The figures of
    # every active indicator are read with the unit's and the unit above's (by path, in the same
    # query), which also tells which indicators not due this period have a figure to show.
    active = list(Indicator.objects.filter(is_active=True))
    has_parent = unit.depth > 1
    family = Unit.objects.filter(path__in=[unit.path, unit.path[: -Unit.steplen]]) if has_parent else [unit.pk]
    figures = Figures(active, family, [period, period.same_last_year()])
    indicators = [i for i in active if i.is_due(period) or figures.has(i, unit.pk, period)]
    parent_id = next((key[1] for key in figures.rows if key[1] != unit.pk), None)
    groups = unit_groups(user, unit)
    ranks = peer_ranks(unit, groups, indicators, period, own=figures.reported(indicators, unit.pk, period))
    targets = Target.objects.filter(unit=unit, year=period.year, indicator__in=indicators).order_by()
    targets = {t.indicator_id: t for t in targets}
    elapsed = Decimal(period.end_month) / 12 * 100
    rows = []
    for ind in indicators:
        fig = figures.get(ind, unit.pk, period)
        last = figures.get(ind, unit.pk, period.same_last_year())
        target = targets.get(ind.pk)
        ach, colour = None, calc.Colour.NONE
        if target is not None:
            target.indicator = ind  # the page shows target.describe(), which reads the indicator's unit
            ach = calc.achievement(kind=target.kind, target=target.value, growth_rate=fig.growth, level=fig.level)
            if target.kind == TargetKind.GROWTH:
                colour = calc.colour(ach.gap)
            elif ach.ratio is not None:
                colour = calc.colour(ach.ratio - elapsed, red_below_pp=Decimal(-10))
        reference = figures.get(ind, parent_id, period) if has_parent else None
        ref_gap = None
        if reference is not None and (ind.compare_on == CompareOn.GROWTH or ind.unit == "%"):
            ref_gap = calc.gap_pp(figures.metric(ind, unit.pk, period), figures.metric(ind, parent_id, period))
        peer = [PeerRank(g, *ranks.get((g.pk, ind.pk), (None, 0))) for g in groups]
        change = calc.gap_pp(fig.level, last.level) if ind.unit == "%" else None
        rows.append(DashboardRow(ind, fig, last, target, ach, colour, reference, ref_gap, peer, change))
    return rows


class PerIndicator(Func):
    """`CASE indicator_id WHEN 1 THEN a WHEN 2 THEN b … END`: one value per indicator as a single
    expression — NULL for an indicator not listed — compiled without a Q object per indicator."""

    def __init__(self, values: dict[int, Decimal], output_field):
        key = Value._meta.get_field("indicator").target_field
        pairs = [x for pk, v in values.items() for x in (SQLValue(pk, key), SQLValue(v, output_field))]
        super().__init__(F("indicator_id"), *pairs, output_field=output_field)

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, p = compiler.compile(expression)
            parts.append(sql)
            params.extend(p)
        whens = " ".join(f"WHEN {k} THEN {v}" for k, v in zip(parts[1::2], parts[2::2], strict=True))
        return f"CASE {parts[0]} {whens} END", params


def peer_ranks(
    unit: Unit, groups: list[PeerGroup], indicators, period: Period, own: dict[int, Decimal | None] | None = None
) -> dict[tuple, tuple[int, int]]:
    """{(group id, indicator id): (rank, ranked units)} of `unit` among each group's members.

    Standard competition ranking (core.ranking.rank, RANK() in SQL): the rank is one more than the
    number of members whose figure is higher, so one aggregate over the members' figures answers
    it — a count per group and indicator of the figures and of those above the unit's own — with
    no sort and no window (a group of 200 units × 30 indicators is 6,000 rows). Ranks use reported
    figures: growth rates, or the values of indicators ranked by value (shares). A unit without
    its own figure is not ranked. `own`: the unit's reported figures by indicator id, when the
    caller has read them already (the dashboard has); else they are read here.
    """
    if not groups:
        return {}
    by_value = {i.pk for i in indicators if i.compare_on == CompareOn.VALUE}
    if own is None:
        rows = Value.objects.filter(
            unit=unit, year=period.year, kind=period.kind, number=period.number, indicator__in=indicators
        ).order_by()
        own = {i: (level if i in by_value else growth) for i, level, growth in
               rows.values_list("indicator_id", "level", "growth")}  # fmt: skip
    own = {i: m for i, m in own.items() if m is not None}
    if not own:
        return {}
    # Members with a figure to rank by (an empty `__in` drops its half), and those above the unit:
    # each row's figure against the unit's own of the same indicator, picked by a simple CASE.
    levels = {i: m for i, m in own.items() if i in by_value}
    rates = {i: m for i, m in own.items() if i not in by_value}
    ranked = Q(indicator_id__in=list(levels), level__isnull=False) | Q(
        indicator_id__in=list(rates), growth__isnull=False
    )
    above = Q()
    if levels:
        above |= Q(level__gt=PerIndicator(levels, output_field=Value._meta.get_field("level")))
    if rates:
        above |= Q(growth__gt=PerIndicator(rates, output_field=Value._meta.get_field("growth")))
    # Each group's members by a subquery on the membership table (not a join through the units):
    # the rows of every group once, each counted for the groups it is a member of.
    members = PeerGroup.members.through.objects
    in_group = {g.pk: Q(unit_id__in=members.filter(peergroup_id=g.pk).values("unit_id")) for g in groups}
    if len(groups) == 1:  # the filter below already keeps only that group's members
        in_group = {pk: Q() for pk in in_group}
    counts = {}
    for pk, member in in_group.items():
        counts[f"mine{pk}"] = Count("pk", filter=member & Q(unit_id=unit.pk))
        counts[f"above{pk}"] = Count("pk", filter=member & above)
        counts[f"size{pk}"] = Count("pk", filter=member)
    rows = (
        Value.objects.filter(ranked, indicator__in=list(own), year=period.year, kind=period.kind,
                             number=period.number,
                             unit_id__in=members.filter(peergroup_id__in=list(in_group)).values("unit_id"))
        .order_by()
        .values("indicator_id")
        .annotate(**counts)
    )  # fmt: skip
    # A group the unit is not a member of ranks it nowhere.
    return {
        (pk, row["indicator_id"]): (row[f"above{pk}"] + 1, row[f"size{pk}"])
        for row in rows
        for pk in in_group
        if row[f"mine{pk}"]
    }


def structure_ratio(unit: Unit, period: Period) -> tuple[Decimal, ...] | None:
    """三次产业比 from the three sectors' value added (current prices) of the period."""
    codes = ["va_primary", "va_secondary", "va_tertiary"]
    levels = dict(
        Value.objects.filter(
            unit=unit, year=period.year, kind=period.kind, number=period.number, indicator__code__in=codes
        ).values_list("indicator__code", "level")
    )
    return calc.structure([levels.get(c) for c in codes])


# Ranking tables and trends --------------------------------------------------------------------


@dataclass
class RankRow:
    unit: Unit
    metric: Decimal | None
    rank: int | None
    is_sample: bool


def ranking(indicator: Indicator, group: PeerGroup, period: Period) -> list[RankRow]:
    members = list(group.members.all())
    figures = Figures([indicator], {m.pk for m in members}, [period, period.same_last_year()])
    metrics = {m.pk: figures.metric(indicator, m.pk, period) for m in members}
    ranked = rank(metrics)
    rows = []
    for m in members:
        fig = figures.get(indicator, m.pk, period)
        rows.append(RankRow(m, metrics[m.pk], ranked.get(m.pk), bool(fig.value and fig.value.is_sample)))
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.unit.path))


def trend_by_year(indicator: Indicator, unit: Unit, period: Period, years: int = 10) -> list[tuple[int, Figure]]:
    periods_ = [Period(y, period.kind, period.number) for y in range(period.year - years + 1, period.year + 1)]
    figures = Figures([indicator], {unit.pk}, [*periods_, Period(periods_[0].year - 1, period.kind, period.number)])
    return [(p.year, figures.get(indicator, unit.pk, p)) for p in periods_]


def trend_by_month(indicator: Indicator, unit: Unit, year: int) -> list[tuple[int, Figure]]:
    periods_ = [Period(y, CUMULATIVE, m) for y in (year - 1, year) for m in range(1, 13)]
    figures = Figures([indicator], {unit.pk}, periods_)
    return [(m, figures.get(indicator, unit.pk, Period(year, CUMULATIVE, m))) for m in range(1, 13)]


# Who has not reported -------------------------------------------------------------------------


@dataclass
class Missing:
    unit: Unit
    indicators: list[Indicator]


def missing(user, period: Period) -> list[Missing]:
    units = list(reporting_units(user).exclude(kind=UnitKind.CITY))
    due = [i for i in Indicator.objects.filter(is_active=True) if i.is_due(period)]
    have = defaultdict(set)
    for unit_id, ind_id in Value.objects.filter(
        unit__in=units, year=period.year, kind=period.kind, number=period.number
    ).values_list("unit_id", "indicator_id"):
        have[unit_id].add(ind_id)
    result = []
    for u in units:
        lacking = [i for i in due if i.pk not in have[u.pk]]
        if lacking:
            result.append(Missing(u, lacking))
    return result


def periods_with_values(limit: int = 24, unit=None) -> list[Period]:
    """The newest cumulative periods that have figures (of `unit` when given), newest first."""
    values = Value.objects.filter(kind=PeriodKind.CUMULATIVE)
    if unit is not None:
        values = values.filter(unit=unit)
    rows = values.values_list("year", "kind", "number").distinct().order_by("-year", "-number")[:limit]
    return [Period(*r) for r in rows]
