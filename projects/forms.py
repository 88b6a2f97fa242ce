from django import forms
from django.utils.translation import gettext_lazy as _

from core import money, scope
from core.forms import ActionModelForm, StyledFormMixin, WorkdaysField, style_fields
from core.money import from_unit, to_unit
from org.fields import UnitChoiceField
from org.forms import scoped_units
from org.models import Person, Unit

from .geo import LATITUDE, LONGITUDE
from .models import Project, WarningSettings


class MoneyField(forms.DecimalField):
    """Typed in 万元 or 亿元 as users write money; cleaned to integer 元."""

    def __init__(self, *args, unit: str = "万元", **kwargs):
        self.unit = unit
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 6)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return money.plain(to_unit(value, self.unit, places=4))
        return value

    def clean(self, value):
        amount = super().clean(value)
        if amount is None:
            return None
        try:
            return from_unit(amount, self.unit)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class ProjectForm(ActionModelForm):
    total_investment = MoneyField(label=_("总投资（亿元）"), unit="亿元")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        owners = scoped_units(user)
        if self.instance.unit_id:  # a 责任单位 editing the ledger keeps the owner it may not choose
            owners = (owners | Unit.objects.filter(pk=self.instance.unit_id)).distinct().order_by("path")
        self.fields["unit"] = UnitChoiceField(queryset=owners, label=_("所属单位"))
        # Any active unit may be made responsible or asked to cooperate, as for problems.
        active = Unit.objects.filter(is_active=True).order_by("path")
        self.fields["responsible_unit"] = UnitChoiceField(queryset=active, label=_("责任单位"), required=False)
        self.fields["co_units"].queryset = active
        self.fields["leader"].queryset = scope.restrict(Person.objects.filter(is_active=True), user)
        self.fields["parent"].queryset = scope.restrict(Project.objects.all(), user)
        for name in ("planned_start", "planned_finish", "actual_start", "actual_finish"):
            self.fields[name].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        for name, (low, high) in (("longitude", LONGITUDE), ("latitude", LATITUDE)):
            self.fields[name].widget.attrs.update(min=low, max=high, step="0.000001")
            hint = _("可在下方地图上点选，或直接填写（%(a)s–%(b)s 度）。")
            self.fields[name].help_text = hint % {"a": low, "b": high}
        style_fields(self)

    def clean(self):
        data = super().clean()
        if (data.get("longitude") is None) != (data.get("latitude") is None):
            self.add_error("latitude", _("经度和纬度应同时填写或同时留空。"))
        return data

    class Meta:
        model = Project
        fields = [
            "code", "name", "parent", "level", "programmes", "category", "nature", "owner", "location",
            "longitude", "latitude", "unit", "content", "planned_start", "planned_finish", "actual_start",
            "actual_finish", "total_investment", "leader", "responsible_unit", "co_units", "responsible_person",
            "contact_name", "contact_phone",
        ]  # fmt: skip
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "programmes": forms.SelectMultiple(attrs={"size": 4}),
            "co_units": forms.SelectMultiple(attrs={"size": 4}),
        }


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("月份"), min_value=1, max_value=12)


class PlanForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    planned_investment = MoneyField(label=_("年度计划投资（万元）"), unit="万元")
    planned_to_start = forms.BooleanField(label=_("计划当年开工"), required=False)


class ProblemForm(forms.Form):
    description = forms.CharField(label=_("存在问题"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible_unit = UnitChoiceField(queryset=None, label=_("责任单位"), required=False)
    deadline = forms.DateField(label=_("解决时限"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Any active unit may be asked to solve a problem, not only those in the user's scope.
        self.fields["responsible_unit"].queryset = Unit.objects.filter(is_active=True).order_by("path")
        style_fields(self)


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("解决情况"), widget=forms.Textarea(attrs={"rows": 2}))


class WarningSettingsForm(ActionModelForm):
    report_deadline_workdays = WorkdaysField(label=_("月报截止：次月第几个工作日"), max_value=23)

    class Meta:
        model = WarningSettings
        fields = [
            "schedule_yellow_pp", "schedule_red_pp", "start_red_months", "report_yellow_months",
            "report_red_months", "report_deadline_workdays",
        ]  # fmt: skip


class ScaleBandsForm(StyledFormMixin, forms.Form):
    bands = forms.CharField(
        label=_("规模档次"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行一档：下限（亿元）和名称，以空格分隔，例如“5 5亿元至10亿元”。第一档下限为 0。"),
    )

    def clean_bands(self) -> list[tuple[int, str]]:
        result = []
        for number, line in enumerate(self.cleaned_data["bands"].splitlines(), start=1):
            if not line.strip():
                continue
            bound, _sep, label = line.strip().partition(" ")
            try:
                result.append((from_unit(bound, "亿元"), label.strip() or bound))
            except ValueError as exc:
                raise forms.ValidationError(_("第%(n)s行：%(e)s") % {"n": number, "e": exc}) from exc
        return result


class DistrictMapForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    file = forms.FileField(
        label=_("GeoJSON 文件"), help_text=_("各区域为带名称（properties.name）的多边形，最大 5 MB。")
    )

    def clean_file(self):
        from .actions import MAX_MAP_BYTES

        file = self.cleaned_data["file"]
        if file.size > MAX_MAP_BYTES:
            raise forms.ValidationError(_("文件过大：最大 %(n)s MB。") % {"n": MAX_MAP_BYTES // 2**20})
        return file
