from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import ScopedModel, TimestampedModel
from core.scope import READ_ONLY, READ_REPORT, Grant, Link, LinkKind
from org.models import Enterprise, Person, Unit, phone_validator

from .choices import CaseAction, CaseKind, CaseState, Colour, HouseholdCategory, OfficerRole, Satisfaction


def _limit(label, default, maximum=60):
    return models.PositiveSmallIntegerField(label, default=default, validators=[MaxValueValidator(maximum)])


class CaseType(TimestampedModel):
    """A kind of request with its time limits, set locally (e.g. 咨询 3, 求助 5, 投诉 13 working days)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    kind = models.CharField(_("渠道"), max_length=16, choices=CaseKind.choices)
    dispatch_days = _limit(_("派单时限（工作日）"), 1)
    sign_days = _limit(_("签收时限（工作日）"), 1)
    handle_days = _limit(_("办理时限（工作日）"), 5)
    reply_days = _limit(_("回访评价时限（工作日）"), 2)
    warn_within = _limit(_("剩余工作日不超过时预警"), 1)
    escalate_after = models.PositiveSmallIntegerField(
        _("超期多少个工作日上报上级"), default=2, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    max_extensions = _limit(_("最多延期次数"), 1, 10)
    max_extension_days = _limit(_("延期合计不超过（工作日）"), 10)
    satisfaction_options = models.JSONField(_("满意度选项"), default=list, blank=True)
    basic_counts_satisfied = models.BooleanField(_("基本满意计入满意"), default=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("诉求类型")
        verbose_name_plural = _("诉求类型")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def options(self) -> list[tuple[str, str]]:
        chosen = self.satisfaction_options or list(Satisfaction.values)
        return [(v, label) for v, label in Satisfaction.choices if v in chosen]

    def clean(self) -> None:
        unknown = set(self.satisfaction_options or []) - set(Satisfaction.values)
        if unknown:
            raise ValidationError({"satisfaction_options": _("未知的满意度选项。")})
        if self.max_extensions == 0 and self.max_extension_days:
            raise ValidationError({"max_extension_days": _("不允许延期时，延期天数应为 0。")})


MANAGE = frozenset({Grant.READ, Grant.CHANGE})


class Case(TimestampedModel):
    """One request: an enterprise's problem, or what a grid worker passes up, whistles for or handles.

    The deadline of the stage the case is in is stored (`due_on`) with an `overdue` flag, so the
    nightly sweep is one set-based UPDATE and lists filter on columns, not on a per-row computation.
    `scope_path` is the originating unit's path (the grid, the enterprise's unit); `handler_path`
    the path of the unit it was dispatched to. Both are copied so scope filters are one LIKE each.
    """

    case_type = models.ForeignKey(CaseType, verbose_name=_("诉求类型"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("渠道"), max_length=16, choices=CaseKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("诉求内容"))
    origin_unit = models.ForeignKey(Unit, verbose_name=_("来源单位"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    resident_name = models.CharField(_("群众姓名"), max_length=50, blank=True)
    resident_phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[phone_validator])
    address = models.CharField(_("地址"), max_length=200, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    handler_unit = models.ForeignKey(
        Unit, verbose_name=_("承办单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("状态"), max_length=16, choices=CaseState.choices, default=CaseState.ACCEPTED)
    accepted_on = models.DateField(_("受理日期"))
    dispatched_on = models.DateField(_("派单日期"), null=True, blank=True)
    sign_due = models.DateField(_("签收时限"), null=True, blank=True)
    signed_on = models.DateField(_("签收日期"), null=True, blank=True)
    handle_due = models.DateField(_("办理时限"), null=True, blank=True)
    replied_on = models.DateField(_("反馈日期"), null=True, blank=True)
    reply = models.TextField(_("办理结果"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    # The current stage's deadline; `overdue` is recomputed from it by the sweep.
    due_on = models.DateField(_("当前环节时限"), null=True, blank=True)
    # The day the current stage's working days count from and how many (extensions included), so
    # `due_on` can be computed again when the holiday calendar changes.
    due_from = models.DateField(_("当前环节起算日"), null=True, blank=True)
    due_workdays = models.PositiveSmallIntegerField(_("当前环节时限（工作日）"), null=True, blank=True)
    overdue = models.BooleanField(_("已超期"), default=False)
    deadline_fallback = models.BooleanField(_("时限按周一至周五推算"), default=False)
    escalated_to = models.ForeignKey(
        Unit, verbose_name=_("已上报至"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    extensions = models.PositiveSmallIntegerField(_("已延期次数"), default=0)
    extension_days = models.PositiveSmallIntegerField(_("已延期工作日"), default=0)
    extension_requested = models.PositiveSmallIntegerField(_("申请延期工作日"), null=True, blank=True)
    extension_reason = models.CharField(_("延期理由"), max_length=300, blank=True)
    returns = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    reworks = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    satisfaction = models.CharField(_("满意度"), max_length=16, choices=Satisfaction.choices, blank=True)
    scope_path = models.CharField(_("来源单位路径"), max_length=255, db_index=True, editable=False)
    handler_path = models.CharField(_("承办单位路径"), max_length=255, blank=True, db_index=True, editable=False)
    is_sample = models.BooleanField(_("示例数据"), default=False)

    scope_path_field = "scope_path"
    scope_enterprise_field = "enterprise_id"
    # docs/permissions.md: the originating unit manages the case (dispatch, follow-up, close), the
    # unit it was dispatched to handles it, the enterprise and its 首席服务官 follow it.
    scope_links = [
        Link("scope_path", MANAGE, label="来源单位（含下级）"),
        Link("handler_path", READ_REPORT, label="承办单位（含下级）"),
        Link("enterprise_id", READ_ONLY, LinkKind.ENTERPRISE, label="企业"),
        Link("enterprise__officers__person_id", READ_ONLY, LinkKind.PERSON, label="首席服务官", many=True),
    ]

    class Meta:
        verbose_name = _("服务诉求")
        verbose_name_plural = _("服务诉求")
        ordering = ["-accepted_on", "-id"]
        indexes = [
            models.Index(fields=["state", "due_on"], name="cases_open_due"),
            models.Index(fields=["overdue", "state"], name="cases_overdue"),
            # The inbox: what waits on a unit's desk, soonest first; extension requests awaiting approval.
            models.Index(fields=["handler_path", "state", "due_on"], name="cases_handler_state_due"),
            # Sections of several states (待回访和办结) read in deadline order and stop at the page.
            models.Index(fields=["due_on", "id"], name="cases_due_order"),
            models.Index(
                fields=["due_on"], condition=models.Q(extension_requested__isnull=False), name="cases_extension_asked"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        return f"{self.accepted_on:%Y}{self.pk or 0:06d}"

    def get_absolute_url(self) -> str:
        return reverse("cases:case-detail", args=[self.pk])

    @property
    def colour(self) -> str:
        """The colour the stored columns give (the sweep keeps `overdue` current)."""
        if self.state == CaseState.CLOSED:
            return Colour.DONE
        return Colour.RED if self.overdue else getattr(self, "_colour", Colour.NORMAL)

    def clean(self) -> None:
        if self.kind == CaseKind.ENTERPRISE and not self.enterprise_id:
            raise ValidationError({"enterprise": _("企业诉求须选择企业。")})
        if self.kind != CaseKind.ENTERPRISE and self.enterprise_id:
            raise ValidationError({"enterprise": _("只有企业诉求关联企业。")})
        if self.case_type_id and self.kind and self.case_type.kind != self.kind:
            raise ValidationError({"case_type": _("诉求类型与渠道不符。")})


class CaseEvent(models.Model):
    """One step of a case's loop: who did what, from which state to which, and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("环节"), max_length=20, choices=CaseAction.choices)
    from_state = models.CharField(_("原状态"), max_length=16, choices=CaseState.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=16, choices=CaseState.choices)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    on = models.DateField(_("日期"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("相关单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True)
    days = models.PositiveSmallIntegerField(_("工作日"), null=True, blank=True)
    # A step written on a phone carries the key of its draft: sent twice (a lost answer, a replay
    # when the signal returns), it is saved once and the second send answers with the first.
    draft_key = models.UUIDField(_("草稿标识"), null=True, blank=True, unique=True, editable=False)

    scope_path_field = "case__scope_path"

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["id"]  # the order the steps were taken in

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_action_display()}"


class OfficerAssignment(TimestampedModel, ScopedModel):
    """A 首席服务官 (a leader) or a service officer paired with an enterprise they look after."""

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="officers"
    )
    role = models.CharField(_("角色"), max_length=16, choices=OfficerRole.choices, default=OfficerRole.LEADER)
    since = models.DateField(_("起始日期"))
    is_active = models.BooleanField(_("在岗"), default=True)

    scope_path_field = "enterprise__unit__path"
    scope_enterprise_field = "enterprise_id"

    class Meta:
        verbose_name = _("首席服务官")
        verbose_name_plural = _("首席服务官")
        ordering = ["enterprise__name", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["person", "enterprise"], name="cases_officer_once")]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.enterprise}"


class CheckIn(TimestampedModel):
    """An officer's weekly online check-in (签到), counted per ISO week (its Monday)."""

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+")
    week = models.DateField(_("周（周一）"))
    on = models.DateField(_("签到日期"))
    note = models.CharField(_("服务情况"), max_length=300, blank=True)
    scope_path = models.CharField(max_length=255, db_index=True, editable=False)

    scope_path_field = "scope_path"

    class Meta:
        verbose_name = _("服务官签到")
        verbose_name_plural = _("服务官签到")
        ordering = ["-week", "person__name"]
        constraints = [models.UniqueConstraint(fields=["person", "week"], name="cases_checkin_once_a_week")]

    def __str__(self) -> str:
        return f"{self.person.name} {self.week}"


class Household(TimestampedModel, ScopedModel):
    """A vulnerable household a grid worker visits (敲门行动): an elder living alone, a family in need."""

    grid = models.ForeignKey(Unit, verbose_name=_("微网格"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[phone_validator])
    address = models.CharField(_("地址"), max_length=200)
    category = models.CharField(_("类别"), max_length=16, choices=HouseholdCategory.choices)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    is_active = models.BooleanField(_("在册"), default=True)
    is_sample = models.BooleanField(_("示例数据"), default=False)

    scope_path_field = "grid__path"

    class Meta:
        verbose_name = _("重点关爱户")
        verbose_name_plural = _("重点关爱户")
        ordering = ["grid__path", "name", "id"]

    def __str__(self) -> str:
        return f"{self.grid.name} · {self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse("cases:household-detail", args=[self.pk])


def visit_photo_path(instance, filename: str) -> str:
    return f"visits/{instance.household_id}/{filename}"


class Visit(TimestampedModel, ScopedModel):
    """One door-knocking visit; a problem found may become a case.

    Written on a phone, it may carry a photo (resized on the phone), the time the phone recorded it
    (it may be sent later, when the signal returns) and, if the user allowed it, where it was.
    """

    household = models.ForeignKey(Household, verbose_name=_("关爱户"), on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("走访日期"))
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("走访人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("走访情况"))
    case = models.ForeignKey(
        Case, verbose_name=_("转办诉求"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    photo = models.ImageField(_("现场照片"), upload_to=visit_photo_path, blank=True)
    thumbnail = models.ImageField(_("缩略图"), upload_to=visit_photo_path, blank=True)
    recorded_at = models.DateTimeField(_("记录时间"), null=True, blank=True)
    latitude = models.DecimalField(
        _("纬度"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )  # fmt: skip
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )  # fmt: skip
    accuracy = models.PositiveIntegerField(_("定位精度（米）"), null=True, blank=True)
    draft_key = models.UUIDField(_("草稿标识"), null=True, blank=True, unique=True, editable=False)

    scope_path_field = "household__grid__path"

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.household_id} {self.visited_on}"
