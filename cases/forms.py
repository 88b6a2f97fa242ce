from django import forms
from django.utils.translation import gettext_lazy as _

from core import scope
from core.drafts import DraftFields
from core.forms import ActionModelForm, StyledFormMixin, style_fields
from org.choices import UnitKind
from org.fields import UnitChoiceField
from org.forms import reachable_units
from org.models import Enterprise, Person, Unit

from . import queries
from .choices import CaseState, OfficerRole, Satisfaction
from .models import CaseType, Household

DATE = {"type": "date"}


def _date_widget():
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


def _handler_units(user):
    # The dispatcher's own units and, from a street, the district's departments; never a micro-grid.
    return reachable_units(user).exclude(kind=UnitKind.GRID)


class CaseForm(StyledFormMixin, forms.Form):
    case_type = forms.ModelChoiceField(label=_("诉求类型"), queryset=CaseType.objects.none())
    title = forms.CharField(label=_("标题"), max_length=200)
    content = forms.CharField(label=_("诉求内容"), widget=forms.Textarea(attrs={"rows": 4}))
    enterprise = forms.ModelChoiceField(label=_("企业"), queryset=Enterprise.objects.none(), required=False)
    origin_unit = UnitChoiceField(label=_("来源微网格"), queryset=Unit.objects.none(), required=False)
    resident_name = forms.CharField(label=_("群众姓名"), max_length=50, required=False)
    resident_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    handler_unit = UnitChoiceField(
        label=_("吹哨部门（直接派单）"), queryset=Unit.objects.none(), required=False,
        help_text=_("吹哨时选择需要报到的部门，提交即派单；其他诉求由受理单位派单。"),
    )  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [k for k, _label in queries.kinds_for(user)]
        self.fields["case_type"].queryset = CaseType.objects.filter(is_active=True, kind__in=kinds)
        if queries.is_enterprise_user(user):
            self.fields["enterprise"].queryset = Enterprise.objects.filter(pk=user.enterprise_id)
            self.fields["enterprise"].initial = user.enterprise_id
            for name in ("origin_unit", "resident_name", "resident_phone", "address", "handler_unit"):
                del self.fields[name]
        else:
            self.fields["enterprise"].queryset = scope.restrict(Enterprise.objects.all(), user)
            self.fields["origin_unit"].queryset = scope.restrict(Unit.objects.filter(kind=UnitKind.GRID), user)
            self.fields["handler_unit"].queryset = _handler_units(user)
        style_fields(self)


class DispatchForm(StyledFormMixin, forms.Form):
    handler_unit = UnitChoiceField(label=_("承办单位"), queryset=Unit.objects.none())
    note = forms.CharField(label=_("派单意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler_unit"].queryset = _handler_units(user)


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DraftNoteForm(StyledFormMixin, DraftFields):
    """办理记录 from a phone: kept there with no signal, sent later with the state the case was in."""

    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    seen_state = forms.ChoiceField(choices=[("", ""), *CaseState.choices], required=False,
                                   widget=forms.HiddenInput)  # fmt: skip


class ExtensionForm(StyledFormMixin, forms.Form):
    days = forms.IntegerField(label=_("延期工作日"), min_value=1, max_value=60)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(StyledFormMixin, forms.Form):
    approve = forms.TypedChoiceField(label=_("审批意见"), choices=[("1", _("同意")), ("0", _("不同意"))],
                                     coerce=lambda v: v == "1")  # fmt: skip
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReplyForm(StyledFormMixin, forms.Form):
    result = forms.CharField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 3}))


class RateForm(StyledFormMixin, forms.Form):
    satisfaction = forms.ChoiceField(label=_("满意度"), choices=Satisfaction.choices)
    note = forms.CharField(label=_("回访情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["satisfaction"].choices = case.case_type.options()


class CaseTypeForm(ActionModelForm):
    satisfaction_options = forms.MultipleChoiceField(
        label=_("满意度选项"), choices=Satisfaction.choices, widget=forms.CheckboxSelectMultiple, required=True
    )

    class Meta:
        model = CaseType
        fields = ["name", "kind", "dispatch_days", "sign_days", "handle_days", "reply_days", "warn_within",
                  "escalate_after", "max_extensions", "max_extension_days", "satisfaction_options",
                  "basic_counts_satisfied", "is_active"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["satisfaction_options"].widget.attrs["class"] = ""
        if not self.instance.pk:
            self.initial.setdefault("satisfaction_options", list(Satisfaction.values))


class AssignmentForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("人员"), queryset=Person.objects.none())
    enterprise = forms.ModelChoiceField(label=_("企业"), queryset=Enterprise.objects.none())
    role = forms.ChoiceField(label=_("角色"), choices=OfficerRole.choices)
    since = forms.DateField(label=_("起始日期"), widget=_date_widget())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Leaders of the district serve enterprises of its towns: the units above the scope count too.
        self.fields["person"].queryset = queries.officer_candidates(user).select_related("unit").order_by("name")
        self.fields["enterprise"].queryset = scope.restrict(Enterprise.objects.all(), user)


class CheckInForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("本周服务情况"), required=False, max_length=300)


class HouseholdForm(ActionModelForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"] = UnitChoiceField(
            label=_("微网格"), queryset=scope.restrict(Unit.objects.filter(kind=UnitKind.GRID), user)
        )
        style_fields(self)

    class Meta:
        model = Household
        fields = ["grid", "name", "phone", "address", "category", "note"]


class VisitForm(StyledFormMixin, DraftFields):
    visited_on = forms.DateField(label=_("走访日期"), required=False, widget=_date_widget())
    note = forms.CharField(label=_("走访情况"), widget=forms.Textarea(attrs={"rows": 3}))
    case_type = forms.ModelChoiceField(
        label=_("发现问题转为诉求"),
        required=False,
        queryset=CaseType.objects.filter(is_active=True, kind__in=["errand", "whistle", "voice"]),
    )
    problem = forms.CharField(label=_("问题标题"), max_length=200, required=False)
    # The phone's camera; field.js resizes the picture before it is sent.
    photo = forms.ImageField(
        label=_("现场照片"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment", "data-resize": "1600"}),
    )  # fmt: skip
    # Filled by field.js when the user lets the phone tell where it is.
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, min_value=-90, max_value=90, required=False,
                                  widget=forms.HiddenInput)  # fmt: skip
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, min_value=-180, max_value=180, required=False,
                                   widget=forms.HiddenInput)  # fmt: skip
    accuracy = forms.IntegerField(min_value=0, max_value=100_000, required=False, widget=forms.HiddenInput)
