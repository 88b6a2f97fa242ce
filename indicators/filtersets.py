import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import MonthFilter, SearchFilterSet, YearFilter
from org.filtersets import UnitSubtreeFilter

from .choices import PeriodKind, Source, TargetKind
from .models import Indicator, Target, Value


class IndicatorFilterSet(SearchFilterSet):
    """What figures and targets are both filtered by: the indicator, the unit (and below), the year."""

    indicator = django_filters.ModelChoiceFilter(label=_("指标"), queryset=Indicator.objects.all())
    unit = UnitSubtreeFilter()
    year = YearFilter()


class ValueFilterSet(IndicatorFilterSet):
    search_fields = ("indicator__name", "unit__name", "source_label")
    kind = django_filters.ChoiceFilter(label=_("期别"), choices=PeriodKind.choices)
    number = MonthFilter(label=_("月/季"))
    source = django_filters.ChoiceFilter(label=_("来源"), choices=Source.choices)

    class Meta:
        model = Value
        fields = ["q", "indicator", "unit", "year", "kind", "number", "source"]


class TargetFilterSet(IndicatorFilterSet):
    search_fields = ("indicator__name", "unit__name", "text")
    kind = django_filters.ChoiceFilter(label=_("目标类型"), choices=TargetKind.choices)

    class Meta:
        model = Target
        fields = ["q", "indicator", "unit", "year", "kind"]
