import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import bounds
from .forms import style_fields
from .models import AuditAction, AuditEntry


class YesNoFilter(django_filters.BooleanFilter):
    """全部 / 是 / 否 — a yes-no filter whose empty choice reads "all", not "unknown"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.Select(choices=[("", _("全部")), ("true", _("是")), ("false", _("否"))]))
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A year between MIN_YEAR and MAX_YEAR; any other number is a form error, not a query."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("年度"))
        kwargs.setdefault("min_value", bounds.MIN_YEAR)
        kwargs.setdefault("max_value", bounds.MAX_YEAR)
        super().__init__(*args, **kwargs)


class MonthFilter(django_filters.NumberFilter):
    """A month number 1–12 (or, with max_value=4, a quarter)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("月份"))
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 12)
        super().__init__(*args, **kwargs)


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with a free-text `q` over `search_fields`."""

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(label=_("关键词"), method="search")

    @property
    def form(self):
        if not hasattr(self, "_form"):
            super().form  # noqa: B018 — builds self._form
            style_fields(self._form, small=True)
        return self._form

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        cond = Q()
        for field in self.search_fields:
            cond |= Q(**{f"{field}__icontains": value})
        return queryset.filter(cond)


class AuditEntryFilterSet(SearchFilterSet):
    search_fields = ("object_repr", "actor_name", "request_id", "verb")
    action = django_filters.ChoiceFilter(label=_("操作"), choices=AuditAction.choices)
    content_type = django_filters.ModelChoiceFilter(
        label=_("对象类型"),
        queryset=ContentType.objects.filter(app_label__in=["org", "core"]).order_by("app_label", "model"),
    )
    since = django_filters.DateFilter(label=_("起始日期"), field_name="at", lookup_expr="date__gte")
    until = django_filters.DateFilter(label=_("截止日期"), field_name="at", lookup_expr="date__lte")

    class Meta:
        model = AuditEntry
        fields = ["q", "action", "content_type", "since", "until"]
