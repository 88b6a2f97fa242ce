from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core import scope
from core.forms import ActionModelForm, StyledFormMixin, style_fields

from .choices import UnitKind
from .fields import UnitChoiceField, UnitMultipleChoiceField
from .models import Enterprise, PeerGroup, Person, Unit, User


def scoped_units(user):
    """The units a user may file rows under: their own units and those below (not units merely reported for)."""
    return scope.restrict(Unit.objects.filter(is_active=True), user, scope.Grant.CHANGE).order_by("path")


class UnitRowForm(ActionModelForm):
    """The form of a row filed under a unit: `unit` offers the units the signed-in user (`user=`) may
    file under, labelled `unit_label`."""

    unit_label = _("所属单位")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(queryset=scoped_units(user), label=self.unit_label)
        style_fields(self)


def reachable_units(user):
    """The units a user may send work to (派单, 配合单位): those in their scope and, when the scope lies
    below a district, that district's departments (a street 吹哨, the district's departments 报到)."""
    s = scope.scope_of(user)
    if s.everything or not s.path:
        return scoped_units(user)
    above = Unit.objects.filter(path__in=Unit.paths_above(s.path, own=False))
    district = above.filter(kind__in=[UnitKind.DISTRICT, UnitKind.ZONE]).order_by("-depth").first()
    if district is None:
        return scoped_units(user)
    departments = Unit.objects.filter(
        path__startswith=district.path, depth=district.depth + 1, kind=UnitKind.DEPARTMENT, is_active=True
    )
    return (scoped_units(user) | departments).order_by("path")


class TopUnitForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("单位名称"), max_length=100, help_text=_("如 焦作市"))
    code = forms.CharField(
        label=_("区划代码"),
        max_length=6,
        help_text=_("GB/T 2260 地市级六位代码，如 410800。区县、乡镇街道、部门在此之后于组织架构中逐级添加。"),
    )


class UnitForm(ActionModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "code", "is_active"]


class PersonForm(UnitRowForm):
    class Meta:
        model = Person
        fields = ["name", "title", "unit", "phone", "email", "note", "is_active"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class EnterpriseForm(UnitRowForm):
    unit_label = _("属地单位")

    class Meta:
        model = Enterprise
        fields = [
            "name", "short_name", "credit_code", "unit", "industry", "industry_detail",
            "address", "contact_name", "contact_phone", "is_key",
        ]  # fmt: skip


class PostForm(StyledFormMixin, forms.Form):
    """A further post (兼职) of one person: a unit within the administrator's scope, and the title held there."""

    def __init__(self, *args, user, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(
            queryset=scoped_units(user).exclude(pk=person.unit_id), label=_("兼职单位")
        )
        self.fields["title"] = forms.CharField(label=_("兼任职务"), max_length=100, required=False)
        style_fields(self)


class ReportsForForm(StyledFormMixin, forms.Form):
    """The units a unit enters indicators for (代报), offered within the administrator's scope."""

    def __init__(self, *args, user, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"] = UnitMultipleChoiceField(
            queryset=scoped_units(user).exclude(pk=unit.pk),
            label=_("代报单位"),
            required=False,
            help_text=_("本单位代为填报指标的单位；不选则不代报。"),
            widget=forms.SelectMultiple(attrs={"size": 12}),
        )
        style_fields(self)


class PeerGroupForm(ActionModelForm):
    class Meta:
        model = PeerGroup
        fields = ["name", "description", "members"]
        widgets = {"members": forms.SelectMultiple(attrs={"size": 12})}


class UserForm(ActionModelForm):
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(queryset=scoped_units(user), label=_("所属单位"), required=False)
        from .queries import grantable_roles

        self.fields["role"].queryset = grantable_roles(user)
        self.fields["role"].required = True
        self.fields["person"].queryset = scope.restrict(Person.objects.select_related("unit"), user)
        self.fields["enterprise"].queryset = scope.restrict(Enterprise.objects.all(), user)
        if self.instance.pk:
            del self.fields["password"]
        else:
            self.fields["password"].required = True
        style_fields(self)

    class Meta:
        model = User
        fields = ["username", "first_name", "email", "unit", "role", "person", "enterprise", "is_active"]
        labels = {"first_name": _("姓名")}


class TokenForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    expires_at = forms.DateTimeField(label=_("过期时间"), required=False, help_text=_("留空表示不过期。"))


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码不正确。连续多次错误将锁定账号 15 分钟。"),
        "inactive": _("该账号已停用。"),
    }
