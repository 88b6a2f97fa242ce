"""One filterset per list, used by the pages and the API alike."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core import scope
from core.filtersets import SearchFilterSet, YesNoFilter

from .choices import Industry, UnitKind
from .fields import UnitChoiceField
from .models import Enterprise, Person, Unit, User


def units_in_scope(request):
    if request is None:
        return Unit.objects.none()
    return scope.restrict(Unit.objects.order_by("path"), request.user)


class UnitSubtreeFilter(django_filters.ModelChoiceFilter):
    """`?unit=<id>`: rows whose unit is that unit or below it; only units in the user's scope."""

    field_class = UnitChoiceField

    def __init__(self, *args, path_field: str = "unit__path", **kwargs):
        self.path_field = path_field
        kwargs.setdefault("label", _("所属单位（含下级）"))
        kwargs.setdefault("queryset", units_in_scope)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.path_field}__startswith": value.path})


class LeaderFilter(django_filters.ModelChoiceFilter):
    """`?leader=<id>`: rows led by that person; offered are the people leading a row the user can see."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Person.objects.none())
        super().__init__(*args, **kwargs)

    def get_queryset(self, request):
        visible = self.parent.queryset.exclude(**{self.field_name: None}).values(self.field_name)
        return Person.objects.filter(pk__in=visible).order_by("name")


class UnitFilterSet(SearchFilterSet):
    search_fields = ("name", "short_name", "code")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=UnitKind.choices)
    within = UnitSubtreeFilter(path_field="path", label=_("上级单位（含下级）"))
    is_active = YesNoFilter(label=_("启用"))

    class Meta:
        model = Unit
        fields = ["q", "kind", "within", "is_active"]


class PersonFilterSet(SearchFilterSet):
    search_fields = ("name", "title", "unit__name")
    unit = UnitSubtreeFilter()
    is_active = YesNoFilter(label=_("在职"))

    class Meta:
        model = Person
        fields = ["q", "unit", "is_active"]


class EnterpriseFilterSet(SearchFilterSet):
    search_fields = ("name", "short_name", "credit_code", "industry_detail")
    unit = UnitSubtreeFilter()
    industry = django_filters.ChoiceFilter(label=_("行业门类"), choices=Industry.choices)
    is_key = YesNoFilter(label=_("重点企业"))

    class Meta:
        model = Enterprise
        fields = ["q", "unit", "industry", "is_key"]


class UserFilterSet(SearchFilterSet):
    search_fields = ("username", "first_name", "unit__name")
    unit = UnitSubtreeFilter()
    is_active = YesNoFilter(label=_("启用"))

    class Meta:
        model = User
        fields = ["q", "unit", "role", "is_active"]
