import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from core.models import ScopedModel, TimestampedModel
from core.scope import EVERY, READ_REPORT, DataScope, Link, Scope

from . import codes
from .choices import ALLOWED_PARENTS, CODE_LEVELS, DataScopeChoice, Industry, RoleCode, UnitKind

phone_validator = RegexValidator(r"^[0-9+\-() ]{5,20}$", _("电话号码只能包含数字、空格和 + - ( )。"))


class Unit(MP_Node, TimestampedModel, ScopedModel):
    """A node of the administrative tree 市 → 区 → 乡镇/街道 → 村/社区 → 微网格, or a department.

    Stored as a materialised path (django-treebeard MP_Node): a subtree is one indexed
    `path LIKE 'prefix%'` on SQLite and PostgreSQL alike; see docs/decisions/0002.
    """

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("类型"), max_length=16, choices=UnitKind.choices)
    code = models.CharField(
        _("区划代码"),
        max_length=12,
        blank=True,
        help_text=_("GB/T 2260 六位代码（县级及以上）或12位统计用区划代码（乡镇、村级）。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    # The units whose figures this unit enters (代报): the 统计局 reports for the district and its towns.
    reports_for = models.ManyToManyField(
        "self", verbose_name=_("代报单位"), symmetrical=False, blank=True, related_name="reported_by",
        help_text=_("本单位代为填报指标的单位，如统计局代报各乡镇。"),
    )  # fmt: skip

    node_order_by = None
    steplen = 4
    scope_path_field = "path"
    scope_links = [
        Link("path", EVERY, label="单位（含下级）"),
        Link("reported_by__path", READ_REPORT, label="代报单位", many=True),
    ]

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~models.Q(code=""), name="org_unit_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:unit-detail", args=[self.pk])

    @classmethod
    def paths_above(cls, path: str, *, own: bool = True) -> list[str]:
        """The paths of the units above `path`, the top first, and with `own` its own path last."""
        end = len(path) + 1 if own else len(path)
        return [path[:n] for n in range(cls.steplen, end, cls.steplen)]

    def parent_unit(self):
        if self.depth <= 1:
            return None
        return Unit.objects.get(path=self.path[: -self.steplen])

    def clean(self) -> None:
        parent = self.parent_unit() if self.path else getattr(self, "_new_parent", None)
        parent_kind = parent.kind if parent else None
        allowed = ALLOWED_PARENTS.get(self.kind, set())
        if parent_kind not in allowed:
            parent_label = UnitKind(parent_kind).label if parent_kind else _("根")
            message = _("%(kind)s 不能直接设在 %(parent)s 之下。")
            raise ValidationError({"kind": message % {"kind": UnitKind(self.kind).label, "parent": parent_label}})
        if self.code:
            self.clean_code(parent)

    def clean_code(self, parent) -> None:
        try:
            level = codes.division_level(self.code)
        except codes.CodeError as exc:
            raise ValidationError({"code": str(exc)}) from exc
        if level not in CODE_LEVELS.get(self.kind, set()):
            raise ValidationError(
                {"code": _("%(kind)s 不使用这一级的区划代码。") % {"kind": UnitKind(self.kind).label}}
            )
        ancestor = self.coded_ancestor(parent)
        if ancestor is not None and not self.code.startswith(codes.division_parent_prefix(ancestor.code)):
            prefix = codes.division_parent_prefix(ancestor.code)
            message = _("区划代码应以上级单位“%(name)s”的代码 %(prefix)s 开头。")
            raise ValidationError({"code": message % {"name": ancestor.name, "prefix": prefix}})

    @staticmethod
    def coded_ancestor(parent):
        node = parent
        while node is not None and not node.code:
            node = node.parent_unit()
        return node


class PeerGroup(TimestampedModel):
    """A group of units ranked against each other ("城区组", "县（市）区"). A unit may be in several."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    description = models.TextField(_("说明"), blank=True)
    members = models.ManyToManyField(Unit, verbose_name=_("成员单位"), related_name="peer_groups", blank=True)

    class Meta:
        verbose_name = _("对标分组")
        verbose_name_plural = _("对标分组")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:peergroup-detail", args=[self.pk])


class Person(TimestampedModel, ScopedModel):
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职务"), max_length=100, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="people")
    phone = models.CharField(_("电话"), max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField(_("邮箱"), blank=True)
    note = models.TextField(_("备注"), blank=True)
    is_active = models.BooleanField(_("在职"), default=True)

    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["unit__path", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）" if self.title else self.name

    def get_absolute_url(self) -> str:
        return reverse("org:person-detail", args=[self.pk])


class Post(TimestampedModel, ScopedModel):
    """A further post a person holds in another unit (兼职): their account's scope covers it too."""

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="posts")
    unit = models.ForeignKey(Unit, verbose_name=_("兼职单位"), on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(_("兼任职务"), max_length=100, blank=True)
    is_active = models.BooleanField(_("在任"), default=True)

    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("兼职")
        verbose_name_plural = _("兼职")
        ordering = ["person__name", "unit__path", "id"]
        constraints = [models.UniqueConstraint(fields=["person", "unit"], name="org_post_once")]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.unit.name}{self.title}"


class Enterprise(TimestampedModel, ScopedModel):
    name = models.CharField(_("企业名称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    unit = models.ForeignKey(Unit, verbose_name=_("属地单位"), on_delete=models.PROTECT, related_name="enterprises")
    industry = models.CharField(_("行业门类"), max_length=1, choices=Industry.choices, blank=True)
    industry_detail = models.CharField(_("主营/产业链"), max_length=100, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[phone_validator])
    is_key = models.BooleanField(_("重点企业"), default=False)

    scope_path_field = "unit__path"
    scope_enterprise_field = "pk"

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:enterprise-detail", args=[self.pk])

    def clean(self) -> None:
        if self.credit_code:
            try:
                self.credit_code = codes.validate_credit_code(self.credit_code)
            except codes.CodeError as exc:
                raise ValidationError({"credit_code": str(exc)}) from exc


class Role(models.Model):
    """A role and what it grants. Seeded with the seven standard roles; flags are editable."""

    code = models.CharField(_("代码"), max_length=32, unique=True, choices=RoleCode.choices)
    name = models.CharField(_("名称"), max_length=50)
    data_scope = models.CharField(_("数据权限"), max_length=16, choices=DataScopeChoice.choices)
    can_write = models.BooleanField(_("可新增修改"), default=False)
    can_admin = models.BooleanField(_("可管理用户"), default=False)
    can_view_audit = models.BooleanField(_("可查看变更记录"), default=False)
    can_review = models.BooleanField(_("可审核报送"), default=False)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser, ScopedModel):
    """An account: a person's login, tied to a unit (its data scope is the unit's subtree or the unit)."""

    person = models.OneToOneField(
        Person, verbose_name=_("人员"), null=True, blank=True, on_delete=models.SET_NULL, related_name="account"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("所属单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.ForeignKey(Role, verbose_name=_("角色"), null=True, blank=True, on_delete=models.PROTECT)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )

    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        return (self.first_name or "").strip()

    def get_absolute_url(self) -> str:
        return reverse("org:user-detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.role_id and self.role.code == RoleCode.ENTERPRISE and not self.enterprise_id:
            raise ValidationError({"enterprise": _("企业用户须关联一家企业。")})
        if self.role_id and self.role.data_scope != DataScope.ALL and not self.unit_id:
            raise ValidationError({"unit": _("该角色须指定所属单位。")})

    def data_scope(self) -> Scope:
        if not hasattr(self, "_scope_cache"):
            self._scope_cache = self._compute_scope()
        return self._scope_cache

    def _compute_scope(self) -> Scope:
        if self.is_superuser:
            return Scope(everything=True)
        if self.role_id is None or not self.is_active:
            return Scope()
        if self.role.code == RoleCode.ENTERPRISE:
            return Scope(enterprise_id=self.enterprise_id or -1)
        if self.role.data_scope == DataScope.ALL:
            return Scope(everything=True)
        people = (self.person_id,) if self.person_id else ()
        extra = ()
        if self.person_id:
            # 兼职: the units of the person's other posts count as the account's own.
            extra = tuple(
                Post.objects.filter(person_id=self.person_id, is_active=True, unit__is_active=True)
                .order_by("unit__path")
                .values_list("unit__path", flat=True)
            )
        if self.unit_id is None and not extra:
            return Scope(person_ids=people, user_id=self.pk)
        return Scope(
            path=self.unit.path if self.unit_id else None,
            below=self.role.data_scope == DataScope.SUBTREE,
            extra_paths=extra,
            person_ids=people,
            user_id=self.pk,
        )

    def can_write(self) -> bool:
        return self.is_superuser or bool(self.role_id and self.role.can_write)

    def can_admin(self) -> bool:
        return self.is_superuser or bool(self.role_id and self.role.can_admin)

    def can_view_audit(self) -> bool:
        return self.is_superuser or bool(self.role_id and self.role.can_view_audit)

    def can_review(self) -> bool:
        """May approve or return reports submitted by units in the user's scope."""
        return self.is_superuser or bool(self.role_id and self.role.can_review)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the key is shown once, at creation."""

    PREFIX = "qz_"

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=100)
    key_prefix = models.CharField(_("前缀"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def scope_path(self) -> str:
        return self.user.scope_path

    @classmethod
    def generate_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    def is_valid(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
