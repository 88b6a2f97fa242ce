from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core import scope
from core.drafts import DraftFields
from core.forms import ActionModelForm, StyledFormMixin, WorkdaysField, YearField, style_fields
from org.fields import UnitChoiceField, UnitMultipleChoiceField
from org.forms import UnitRowForm, reachable_units, scoped_units
from org.models import Person, Unit
from projects.models import Project

from .choices import BulletinKind
from .models import Bulletin, BulletinSettings, EscalationSettings, Issuer, ResponsibilityTarget, SupervisedTask

DATE = {"type": "date"}


def _date_widget():
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


class TaskForm(ActionModelForm):
    deadline = forms.DateField(label=_("办结时限（日期）"), required=False, widget=_date_widget())
    deadline_workdays = WorkdaysField(
        label=_("或：时限（工作日）"), required=False,
        help_text=_("填写后按工作日（含调休）从交办日期起算，覆盖上面的日期。"),
    )  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = scoped_units(user)
        self.fields["lead_unit"] = UnitChoiceField(queryset=units, label=_("牵头单位"))
        # Co-operating units: the assigner's own and, from a street, the district's departments.
        self.fields["co_units"] = UnitMultipleChoiceField(
            queryset=reachable_units(user), label=_("配合单位"), required=False,
            widget=forms.SelectMultiple(attrs={"size": 5}),
        )  # fmt: skip
        self.fields["leader"].queryset = Person.objects.filter(is_active=True).order_by("name")
        self.fields["project"].queryset = scope.restrict(Project.objects.all(), user).order_by("code")
        self.fields["assigned_on"].widget = _date_widget()
        if self.instance.pk:
            self.initial.setdefault("deadline", self.instance.deadline)
            self.initial.setdefault("co_units", list(self.instance.co_units.values_list("pk", flat=True)))
        style_fields(self)

    class Meta:
        model = SupervisedTask
        fields = ["title", "content", "source", "source_detail", "lead_unit", "leader", "project", "assigned_on"]
        widgets = {"content": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if not data.get("deadline") and not data.get("deadline_workdays"):
            self.add_error("deadline", _("请填写办结时限：日期或工作日数。"))
        return data


class ProgressForm(StyledFormMixin, DraftFields):
    """A progress note; from a phone it may be kept there with no signal and sent later (core.drafts)."""

    note = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 3}))
    progress_pct = forms.IntegerField(label=_("进度（%）"), required=False, min_value=0, max_value=100)
    on = forms.DateField(label=_("日期"), required=False, widget=_date_widget())
    attachment = forms.FileField(label=_("附件"), required=False)


class CompleteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label=_("办结日期"), required=False, widget=_date_widget())
    attachment = forms.FileField(label=_("佐证材料"), required=False)


class ReopenForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("重新打开原因"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline_workdays = WorkdaysField(label=_("新时限（工作日）"), required=False)


class InspectionForm(StyledFormMixin, forms.Form):
    project = forms.ModelChoiceField(label=_("项目"), queryset=Project.objects.none())
    kind = forms.ChoiceField(label=_("类型"), choices=[("patrol", _("巡查")), ("tour", _("观摩"))])
    visited_on = forms.DateField(label=_("日期"), widget=_date_widget())
    inspectors = forms.CharField(label=_("参加人员"), max_length=300)
    findings = forms.CharField(label=_("发现问题及意见"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = scope.restrict(Project.objects.all(), user).order_by("code")


class PhotoForm(StyledFormMixin, forms.Form):
    image = forms.ImageField(label=_("照片"))
    caption = forms.CharField(label=_("说明"), required=False, max_length=200)


class TargetForm(UnitRowForm):
    unit_label = _("责任单位")
    year = YearField()

    class Meta:
        model = ResponsibilityTarget
        fields = [
            "unit", "year", "title", "kind", "indicator", "basis", "project_metric", "target_value", "measure",
            "lower_is_better",
        ]  # fmt: skip


class TargetProgressForm(StyledFormMixin, forms.Form):
    actual_value = forms.DecimalField(label=_("完成值"), max_digits=18, decimal_places=4)
    note = forms.CharField(label=_("说明"), required=False, max_length=300)


class EscalationSettingsForm(ActionModelForm):
    class Meta:
        model = EscalationSettings
        fields = ["blue_within", "yellow_within", "behind_pp"]


class BulletinSettingsForm(ActionModelForm):
    class Meta:
        model = BulletinSettings
        fields = [
            "requirements",
            "schedule_unit",
            "schedule_user",
        ]
        widgets = {"requirements": forms.Textarea(attrs={"rows": 4})}


class IssueForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=BulletinKind.choices)
    unit = UnitChoiceField(
        queryset=Unit.objects.none(), label=_("发文单位"), help_text=_("通报以本单位的发文机关名义起草。")
    )
    as_of = forms.DateField(label=_("统计截至"), widget=_date_widget())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user)


class IssuerForm(ActionModelForm):
    """A unit's 发文设置; 签发人 are chosen among the accounts of the unit and the units under it."""

    class Meta:
        model = Issuer
        fields = ["name", "mark", "prefix", "recipients", "copy_to", "printed_by", "signers"]
        widgets = {"signers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        User = get_user_model()
        self.fields["signers"].queryset = User.objects.filter(
            is_active=True, unit__path__startswith=unit.path
        ).order_by("unit__path", "username")
        for name in ("name", "mark", "prefix", "recipients", "printed_by"):
            self.fields[name].required = True


class BulletinDraftForm(ActionModelForm):
    class Meta:
        model = Bulletin
        fields = ["title", "recipients", "remarks"]
        widgets = {"remarks": forms.Textarea(attrs={"rows": 5})}
