import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import SearchFilterSet
from org.filtersets import LeaderFilter, UnitSubtreeFilter

from .choices import ProjectCategory, ProjectLevel, Stage
from .models import Programme, Project


class ProjectFilterSet(SearchFilterSet):
    search_fields = ("code", "name", "owner", "location")
    level = django_filters.ChoiceFilter(label=_("项目级别"), choices=ProjectLevel.choices)
    category = django_filters.ChoiceFilter(label=_("行业类别"), choices=ProjectCategory.choices)
    stage = django_filters.ChoiceFilter(label=_("当前阶段"), choices=Stage.choices)
    unit = UnitSubtreeFilter()
    leader = LeaderFilter(label=_("分包领导"))
    programme = django_filters.ModelChoiceFilter(
        label=_("工程/专项"), field_name="programmes", queryset=Programme.objects.filter(is_active=True)
    )

    class Meta:
        model = Project
        fields = ["q", "level", "category", "stage", "unit", "leader", "programme"]
