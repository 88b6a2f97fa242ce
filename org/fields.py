from django import forms
from django.db.models import Subquery
from django.db.models.functions import Length, Substr

from .models import Unit


def parent_names(units) -> dict[str, str]:
    """{path: name} of the parents of a queryset of units, in one query."""
    parents = units.order_by().annotate(parent_path=Substr("path", 1, Length("path") - Unit.steplen))
    return dict(Unit.objects.filter(path__in=Subquery(parents.values("parent_path"))).values_list("path", "name"))


def qualified_name(unit: Unit, parents: dict[str, str]) -> str:
    """The unit named with its parent, as people tell namesakes apart: 马村区 + 住建局 → 马村区住建局."""
    parent = parents.get(unit.path[: -Unit.steplen]) if unit.depth > 1 else None
    if parent and not unit.name.startswith(parent):
        return parent + unit.name
    return unit.name


class _UnitIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        self.field.parents = parent_names(self.queryset)
        yield from super().__iter__()


class UnitLabelMixin:
    """Options in tree order, indented under their parent and named with it (「马村区住建局」), so two
    departments of the same name in different districts are never two identical entries."""

    iterator = _UnitIterator
    parents: dict[str, str] | None = None

    def label_from_instance(self, obj: Unit) -> str:
        if self.parents is None:
            self.parents = parent_names(Unit.objects.filter(pk=obj.pk))
        return "\u3000" * (obj.depth - 1) + qualified_name(obj, self.parents)


class UnitChoiceField(UnitLabelMixin, forms.ModelChoiceField):
    """A unit picker (one unit)."""


class UnitMultipleChoiceField(UnitLabelMixin, forms.ModelMultipleChoiceField):
    """A picker of several units (配合单位)."""
