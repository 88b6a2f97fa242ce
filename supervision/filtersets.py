import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import SearchFilterSet
from org.filtersets import UnitSubtreeFilter

from .choices import InspectionKind, TaskSource, TaskState
from .models import Inspection, SupervisedTask


class TaskFilterSet(SearchFilterSet):
    search_fields = ("title", "content", "source_detail")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=TaskState.choices)
    source = django_filters.ChoiceFilter(label=_("来源"), choices=TaskSource.choices)
    unit = UnitSubtreeFilter(path_field="lead_unit__path", label=_("牵头单位（含下级）"))
    due_before = django_filters.DateFilter(label=_("时限早于"), field_name="deadline", lookup_expr="lte")

    class Meta:
        model = SupervisedTask
        fields = ["q", "state", "source", "unit", "due_before"]


class InspectionFilterSet(SearchFilterSet):
    search_fields = ("project__name", "inspectors", "findings")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=InspectionKind.choices)
    unit = UnitSubtreeFilter(path_field="project__unit__path")
    since = django_filters.DateFilter(label=_("起始日期"), field_name="visited_on", lookup_expr="gte")

    class Meta:
        model = Inspection
        fields = ["q", "kind", "unit", "since"]
