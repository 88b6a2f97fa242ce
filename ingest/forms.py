from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin
from org.fields import UnitChoiceField
from org.forms import scoped_units
from projects.choices import ConstructionNature, ProjectCategory, ProjectLevel

from .choices import FactType


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(StyledFormMixin, forms.Form):
    files = MultipleFileField(label=_("文稿（UTF-8 文本）"))
    unit = UnitChoiceField(queryset=None, label=_("所述单位"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user)


class IndicatorFactForm(StyledFormMixin, forms.Form):
    """A reviewer's correction of an indicator fact before accepting it."""

    name = forms.CharField(label=_("指标"))
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100)
    through_month = forms.IntegerField(label=_("截止月份"), min_value=1, max_value=12, help_text=_("全年为12"))
    value = forms.DecimalField(label=_("总量（元、美元或原单位）"), required=False, max_digits=24, decimal_places=4)
    currency = forms.ChoiceField(
        label=_("币种"), required=False, choices=[("", "—"), ("CNY", _("人民币")), ("USD", _("美元"))]
    )
    growth_pct = forms.DecimalField(label=_("增长（%）"), required=False, max_digits=8, decimal_places=3)
    rank = forms.IntegerField(label=_("排名"), required=False, min_value=1)
    target = forms.BooleanField(label=_("目标（而非完成数）"), required=False)


class ProjectFactForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("项目名称"), max_length=200)
    investment = forms.IntegerField(label=_("总投资（元）"), required=False, min_value=0)


class NewProjectForm(StyledFormMixin, forms.Form):
    """What a new ledger project needs beyond the name and investment the text gives."""

    code = forms.CharField(label=_("项目代码"), max_length=40)
    unit = UnitChoiceField(queryset=None, label=_("所属单位"))
    level = forms.ChoiceField(label=_("项目级别"), choices=ProjectLevel.choices, initial="district")
    category = forms.ChoiceField(label=_("行业类别"), choices=ProjectCategory.choices)
    nature = forms.ChoiceField(label=_("建设性质"), choices=ConstructionNature.choices, initial="new")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user)


# The form that checks a reviewer's correction of each type of fact; other types are taken as found.
FACT_FORMS = {FactType.INDICATOR: IndicatorFactForm, FactType.PROJECT: ProjectFactForm}


def plain_data(data: dict) -> dict:
    """Form data as JSON values: decimals as numbers, blanks as None."""
    out = {}
    for key, value in data.items():
        if value == "":
            value = None
        elif isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        out[key] = value
    return out
