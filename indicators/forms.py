import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ActionModelForm, StyledFormMixin, YearField
from org.fields import UnitChoiceField

from .actions import INDICATOR_FIELDS
from .models import Indicator, Target, ValidationRule


class AliasesField(forms.CharField):
    """Aliases typed as one line separated by 、 or commas; cleaned to a list."""

    def prepare_value(self, value):
        return "、".join(value) if isinstance(value, list) else value

    def clean(self, value):
        text = super().clean(value) or ""
        return [a.strip() for a in re.split(r"[、,，;；\n]", text) if a.strip()]


class IndicatorForm(ActionModelForm):
    aliases = AliasesField(label=_("别名"), required=False, help_text=_("用顿号分隔"))

    class Meta:
        model = Indicator
        fields = list(INDICATOR_FIELDS)


class TargetForm(ActionModelForm):
    unit = UnitChoiceField(label=_("单位"), queryset=None)
    year = YearField()

    class Meta:
        model = Target
        fields = ["indicator", "unit", "year", "kind", "value", "approximate", "text"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["indicator"].queryset = Indicator.objects.filter(is_active=True)


class RuleForm(ActionModelForm):
    class Meta:
        model = ValidationRule
        fields = ["name", "kind", "severity", "indicator", "parts", "tolerance_pct", "low", "high", "is_active"]


class ReopenForm(StyledFormMixin, forms.Form):
    until = forms.DateField(label=_("开放至"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("原因"), max_length=200)


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("文件"))
