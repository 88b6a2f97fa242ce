from django import forms
from django.utils.translation import gettext_lazy as _

from core import scope
from core.forms import DateRangeForm, StyledFormMixin, style_fields
from org.fields import UnitChoiceField
from org.forms import UnitRowForm, scoped_units
from org.models import Person
from projects.choices import ConstructionNature, ProjectCategory, ProjectLevel
from projects.forms import MoneyField
from projects.models import Project

from .choices import LeadStage
from .models import Activity, IndustryChain, Lead, SupportBid

DATE = {"type": "date"}


def _date_widget():
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


class LeadForm(UnitRowForm):
    unit_label = _("责任单位")
    intended_investment = MoneyField(label=_("意向投资（亿元）"), unit="亿元")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["leader"].queryset = scope.restrict(Person.objects.filter(is_active=True), user)
        self.fields["chain"].queryset = IndustryChain.objects.filter(is_active=True)
        if self.instance.pk is None:
            self.fields["on"] = forms.DateField(label=_("首次对接日期"), widget=_date_widget())
        style_fields(self)  # the fields replaced or added above

    class Meta:
        model = Lead
        fields = [
            "name", "investor", "investor_origin", "is_fortune500", "is_industry_leader", "is_listed", "chain",
            "content", "intended_investment", "unit", "leader", "contact_name", "contact_phone",
        ]  # fmt: skip
        widgets = {"content": forms.Textarea(attrs={"rows": 3})}


class StageForm(StyledFormMixin, forms.Form):
    stage = forms.ChoiceField(
        label=_("转为"), choices=[(s, label) for s, label in LeadStage.choices if s != LeadStage.LANDED]
    )
    date = forms.DateField(label=_("日期"), widget=_date_widget())
    signed_investment = MoneyField(label=_("签约总投资（亿元）"), unit="亿元", required=False)
    activity = forms.ModelChoiceField(label=_("签约活动"), queryset=Activity.objects.none(), required=False)
    reason = forms.CharField(label=_("终止原因"), max_length=200, required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = scope.restrict(Activity.objects.all(), user)


class LandForm(StyledFormMixin, forms.Form):
    """Either an existing ledger project, or a new one with what the ledger requires, prefilled from
    the deal (name, 所属单位, signed investment); the planned start is asked for."""

    NEW_PROJECT = ("code", "name", "unit", "total_investment", "planned_start")

    date = forms.DateField(label=_("落地日期"), widget=_date_widget())
    project = forms.ModelChoiceField(
        label=_("关联已有重点项目"), queryset=Project.objects.none(), required=False,
        help_text=_("不选则新建重点项目。"),
    )  # fmt: skip
    code = forms.CharField(label=_("项目代码"), max_length=40, required=False)
    name = forms.CharField(label=_("项目名称"), max_length=200, required=False)
    unit = UnitChoiceField(label=_("所属单位"), queryset=None, required=False)
    total_investment = MoneyField(label=_("总投资（亿元）"), unit="亿元", required=False)
    planned_start = forms.DateField(label=_("计划开工"), required=False, widget=_date_widget())
    planned_finish = forms.DateField(label=_("计划竣工"), required=False, widget=_date_widget())
    level = forms.ChoiceField(label=_("项目级别"), choices=ProjectLevel.choices, initial=ProjectLevel.DISTRICT)
    category = forms.ChoiceField(label=_("行业类别"), choices=ProjectCategory.choices)
    nature = forms.ChoiceField(label=_("建设性质"), choices=ConstructionNature.choices)

    def __init__(self, *args, user, lead: Lead | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = scope.restrict(Project.objects.filter(attraction_lead=None), user)
        self.fields["unit"].queryset = scoped_units(user)
        if lead is not None:
            for name, value in (("name", lead.name), ("unit", lead.unit_id),
                                ("total_investment", lead.signed_investment)):  # fmt: skip
                self.initial.setdefault(name, value)

    def clean(self):
        data = super().clean()
        if not data.get("project"):
            for name in self.NEW_PROJECT:
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, _("新建重点项目须填写%(f)s。") % {"f": self.fields[name].label})
        return data


class ActivityForm(UnitRowForm):
    unit_label = _("组织单位")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["leader"].queryset = scope.restrict(Person.objects.filter(is_active=True), user)
        self.fields["leads"].queryset = scope.restrict(Lead.objects.all(), user)

    class Meta:
        model = Activity
        fields = ["kind", "title", "date", "place", "unit", "leader", "participants", "summary", "leads"]
        widgets = {
            "date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "leads": forms.SelectMultiple(attrs={"size": 6}),
        }


class BidForm(UnitRowForm):
    unit_label = _("申报单位")
    package_investment = MoneyField(label=_("包装项目总投资（万元）"), unit="万元", required=False)
    amount_requested = MoneyField(label=_("申请金额（万元）"), unit="万元", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["leader"].queryset = scope.restrict(Person.objects.filter(is_active=True), user)
        self.fields["projects"].queryset = scope.restrict(Project.objects.all(), user)

    class Meta:
        model = SupportBid
        fields = [
            "title", "kind", "fund_type", "grant_level", "unit", "leader", "content", "package_investment",
            "amount_requested", "prepared_on", "due_on", "projects",
        ]  # fmt: skip
        widgets = {
            "prepared_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "due_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "content": forms.Textarea(attrs={"rows": 3}),
            "projects": forms.SelectMultiple(attrs={"size": 6}),
        }


class SubmitBidForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("申报日期"), widget=_date_widget())
    amount_requested = MoneyField(label=_("申请金额（万元）"), unit="万元", required=False)


class DecideBidForm(StyledFormMixin, forms.Form):
    approved = forms.TypedChoiceField(
        label=_("结果"), choices=[("1", _("获批")), ("0", _("未获批"))], coerce=lambda v: v == "1"
    )
    date = forms.DateField(label=_("批复日期"), widget=_date_widget())
    amount_granted = MoneyField(label=_("获批金额（万元）"), unit="万元", required=False)
    note = forms.CharField(label=_("批复说明"), max_length=200, required=False)


class ChainForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("名称"), max_length=50)
    order = forms.IntegerField(label=_("排序"), min_value=0, initial=0)


class PeriodForm(StyledFormMixin, DateRangeForm):
    """A period within the platform's years, start ≤ end (checked by DateRangeForm)."""

    start = forms.DateField(label=_("起始日期"), widget=_date_widget())
    end = forms.DateField(label=_("截止日期"), widget=_date_widget())
    major = forms.BooleanField(label=_("只计亿元项目"), required=False)
