import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import SearchFilterSet, YearFilter, YesNoFilter
from org.filtersets import LeaderFilter, UnitSubtreeFilter

from . import calc
from .choices import ActivityKind, BidKind, BidState, FundType, LeadStage
from .models import Activity, IndustryChain, Lead, SupportBid


class LeadFilterSet(SearchFilterSet):
    search_fields = ("name", "investor", "investor_origin", "content")
    stage = django_filters.ChoiceFilter(label=_("当前阶段"), choices=LeadStage.choices)
    chain = django_filters.ModelChoiceFilter(label=_("产业链"), queryset=IndustryChain.objects.all())
    unit = UnitSubtreeFilter(label=_("责任单位（含下级）"))
    leader = LeaderFilter(label=_("牵头领导"))
    open = YesNoFilter(label=_("在谈"), method="filter_open")
    major = YesNoFilter(label=_("亿元项目"), method="filter_major")

    class Meta:
        model = Lead
        fields = ["q", "stage", "chain", "unit", "leader", "open", "major"]

    def filter_open(self, queryset, name, value):
        active = [LeadStage.TALKS, LeadStage.INTENT, LeadStage.SIGNED]
        if value is None:
            return queryset
        return queryset.filter(stage__in=active) if value else queryset.exclude(stage__in=active)

    def filter_major(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(intended_investment__gte=calc.YI)
            if value
            else queryset.filter(intended_investment__lt=calc.YI)
        )


class ActivityFilterSet(SearchFilterSet):
    search_fields = ("title", "place", "participants", "summary")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=ActivityKind.choices)
    unit = UnitSubtreeFilter(label=_("组织单位（含下级）"))
    since = django_filters.DateFilter(label=_("起始日期"), field_name="date", lookup_expr="gte")
    until = django_filters.DateFilter(label=_("截止日期"), field_name="date", lookup_expr="lte")

    class Meta:
        model = Activity
        fields = ["q", "kind", "unit", "since", "until"]


class BidFilterSet(SearchFilterSet):
    search_fields = ("title", "content", "decision_note")
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=BidKind.choices)
    fund_type = django_filters.ChoiceFilter(label=_("资金类型"), choices=FundType.choices)
    state = django_filters.ChoiceFilter(label=_("状态"), choices=BidState.choices)
    unit = UnitSubtreeFilter(label=_("申报单位（含下级）"))
    year = YearFilter(field_name="prepared_on", lookup_expr="year")

    class Meta:
        model = SupportBid
        fields = ["q", "kind", "fund_type", "state", "unit", "year"]
