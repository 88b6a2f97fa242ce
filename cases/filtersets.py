import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import SearchFilterSet, YesNoFilter
from org.filtersets import UnitSubtreeFilter

from .choices import OPEN_STATES, CaseKind, CaseState, HouseholdCategory
from .models import Case, CaseType, Household


class CaseFilterSet(SearchFilterSet):
    search_fields = ("title", "content", "enterprise__name", "address")
    kind = django_filters.ChoiceFilter(label=_("渠道"), choices=CaseKind.choices)
    state = django_filters.ChoiceFilter(label=_("状态"), choices=CaseState.choices)
    open = YesNoFilter(label=_("未办结"), method="filter_open")
    case_type = django_filters.ModelChoiceFilter(label=_("诉求类型"), queryset=CaseType.objects.all())
    unit = UnitSubtreeFilter(path_field="scope_path", label=_("来源单位（含下级）"))
    handler = UnitSubtreeFilter(path_field="handler_path", label=_("承办单位（含下级）"))
    since = django_filters.DateFilter(label=_("受理起"), field_name="accepted_on", lookup_expr="gte")
    until = django_filters.DateFilter(label=_("受理止"), field_name="accepted_on", lookup_expr="lte")

    class Meta:
        model = Case
        fields = ["q", "kind", "state", "open", "case_type", "unit", "handler", "since", "until"]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(state__in=OPEN_STATES) if value else queryset.exclude(state__in=OPEN_STATES)


class HouseholdFilterSet(SearchFilterSet):
    search_fields = ("address",)
    category = django_filters.ChoiceFilter(label=_("类别"), choices=HouseholdCategory.choices)
    unit = UnitSubtreeFilter(path_field="grid__path")
    is_active = YesNoFilter(label=_("在册"))

    class Meta:
        model = Household
        fields = ["q", "category", "unit", "is_active"]
