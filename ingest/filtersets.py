import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import SearchFilterSet

from .choices import CandidateState, FactType
from .models import Candidate, Document


class CandidateFilterSet(SearchFilterSet):
    search_fields = ("document__name", "document__title")
    type = django_filters.ChoiceFilter(label=_("类型"), choices=FactType.choices)
    state = django_filters.ChoiceFilter(label=_("状态"), choices=CandidateState.choices)
    document = django_filters.ModelChoiceFilter(label=_("文档"), queryset=Document.objects.all())

    class Meta:
        model = Candidate
        fields = ["q", "type", "state", "document"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Documents offered are the ones the queue itself may show.
        self.filters["document"].queryset = Document.objects.filter(pk__in=self.queryset.values("document")).order_by(
            "-created_at"
        )


class DocumentFilterSet(SearchFilterSet):
    search_fields = ("name", "title")

    class Meta:
        model = Document
        fields = ["q"]
