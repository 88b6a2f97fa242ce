from decimal import Decimal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Query, Schema
from ninja.pagination import paginate

from core import scope
from core.api import ERRORS, Month, PageNumberPagination, Router, Year, filtered
from org.api import unit_for

from . import actions, queries
from .filtersets import TargetFilterSet, ValueFilterSet
from .models import Indicator, Target, Value
from .periods import Period

router = Router(tags=["经济运行"])


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    aliases: list[str]
    unit: str
    frequency: str
    cumulative: bool
    joint_jan_feb: bool
    no_january: bool
    growth_basis: str
    rate_as_reported: bool
    compare_on: str
    decimals: int
    source_department: str
    description: str
    is_active: bool


class ValueOut(Schema):
    id: int
    indicator_id: int
    unit_id: int
    year: int
    kind: str
    number: int
    period: str
    level: Decimal | None
    growth: Decimal | None
    source: str
    source_label: str
    source_row: int | None
    source_start: int | None
    source_end: int | None
    is_sample: bool

    @staticmethod
    def resolve_period(obj) -> str:
        return obj.period.label()


# Figures are filtered as targets are (indicator, unit and below, year, kind), and by month and source.
class TargetFilters(Schema):
    q: str | None = None
    indicator: int | None = None
    unit: int | None = None
    year: Year | None = None
    kind: str | None = None


class ValueFilters(TargetFilters):
    number: Month | None = None
    source: str | None = None


class ValueIn(Schema):
    indicator_id: int
    unit_id: int
    period: str  # "2024-ytd-7": year, kind (ytd, month, quarter), number
    level: Decimal | None = None
    growth: Decimal | None = None


class RecordOut(Schema):
    value: ValueOut | None
    warnings: list[str]


class TargetOut(Schema):
    id: int
    indicator_id: int
    unit_id: int
    year: int
    kind: str
    value: Decimal
    approximate: bool
    text: str
    is_sample: bool


class TargetIn(Schema):
    indicator_id: int
    unit_id: int
    year: Year
    kind: str = "growth"
    value: Decimal
    approximate: bool = False
    text: str = ""


class RankOut(Schema):
    unit_id: int
    unit: str
    value: Decimal | None
    rank: int | None
    is_sample: bool


def _period(key: str) -> Period:
    try:
        return Period.parse(key)
    except ValueError as exc:
        raise ValidationError({"period": [str(exc)]}) from exc


@router.get("/indicators/indicators", alias="/indicators", response=list[IndicatorOut], summary="指标目录")
def list_indicators(request):
    return list(Indicator.objects.all())


@router.get(
    "/indicators/values",
    alias="/indicator-values",
    response={200: list[ValueOut], **ERRORS},
    summary="指标值（按数据权限）",
)
@paginate(PageNumberPagination, page_size=100)
def list_values(request, filters: Query[ValueFilters]):
    return filtered(request, Value.objects.select_related("unit"), ValueFilterSet, filters)


@router.post(
    "/indicators/values", alias="/indicator-values", response={200: RecordOut, **ERRORS}, summary="填报或更正指标值"
)
def record_value(request, data: ValueIn):
    indicator = get_object_or_404(Indicator, pk=data.indicator_id)
    unit = unit_for(request, data.unit_id)
    value, findings = actions.record_value(
        actor=request.user,
        indicator=indicator,
        unit=unit,
        period=_period(data.period),
        level=data.level,
        growth=data.growth,
    )
    return {"value": value, "warnings": [f.message for f in findings]}


@router.get(
    "/indicators/values/{value_id}",
    alias="/indicator-values/{value_id}",
    response={200: ValueOut, **ERRORS},
    summary="一个指标值",
)
def get_value(request, value_id: int):
    return scope.get_visible(Value.objects.all(), request.user, pk=value_id)


@router.get(
    "/indicators/targets", alias="/indicator-targets", response={200: list[TargetOut], **ERRORS}, summary="目标"
)
@paginate(PageNumberPagination, page_size=100)
def list_targets(request, filters: Query[TargetFilters]):
    return filtered(request, Target.objects.all(), TargetFilterSet, filters)


@router.post("/indicators/targets", alias="/indicator-targets", response={200: TargetOut, **ERRORS}, summary="设定目标")
def set_target(request, data: TargetIn):
    indicator = get_object_or_404(Indicator, pk=data.indicator_id)
    unit = unit_for(request, data.unit_id)
    fields = data.dict(exclude={"indicator_id", "unit_id"})
    return actions.set_target(actor=request.user, indicator=indicator, unit=unit, **fields)


@router.get(
    "/indicators/rankings", alias="/indicator-rankings", response={200: list[RankOut], **ERRORS}, summary="对标排名"
)
def ranking(request, indicator: int, group: int, period: str):
    """Growth (or value, for shares) of each member of a peer group, ranked 1, 2, 2, 4.

    Only for the groups the user may compare in (see docs/indicators.md): 403 for enterprise users
    and grid workers, 404 for a group outside the user's reach.
    """
    peer_group = queries.comparable_group(request.user, group)
    rows = queries.ranking(get_object_or_404(Indicator, pk=indicator), peer_group, _period(period))
    return [
        {"unit_id": r.unit.pk, "unit": r.unit.name, "value": r.metric, "rank": r.rank, "is_sample": r.is_sample}
        for r in rows
    ]
