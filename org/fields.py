from django import forms

from .models import Unit


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picker that shows the tree by indenting each unit under its parent."""

    def label_from_instance(self, obj: Unit) -> str:
        return "\u3000" * (obj.depth - 1) + obj.name
