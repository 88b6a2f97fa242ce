from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import ScopedModel, TimestampedModel
from core.scope import EVERY, READ_ONLY, Link, LinkKind
from org.models import Person, Unit
from projects.models import Project

from .choices import ActivityKind, BidKind, BidState, FundType, GrantLevel, LeadStage

MONEY_HELP = _("单位：元")


class IndustryChain(models.Model):
    """An industry chain leads are grouped by (医药, 铝精深加工及装备制造, 绿色建材 …); editable."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("产业链")
        verbose_name_plural = _("产业链")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Lead(TimestampedModel, ScopedModel):
    """An investment-attraction lead (招商项目线索), from the first talks to a landed key project."""

    name = models.CharField(_("项目名称"), max_length=200)
    investor = models.CharField(_("投资方"), max_length=200)
    investor_origin = models.CharField(_("客商来源地"), max_length=50, blank=True, help_text=_("如：广东深圳"))
    is_fortune500 = models.BooleanField(_("500强企业"), default=False)
    is_industry_leader = models.BooleanField(_("行业龙头"), default=False)
    is_listed = models.BooleanField(_("上市公司"), default=False)
    content = models.TextField(_("项目内容"), blank=True)
    chain = models.ForeignKey(IndustryChain, verbose_name=_("产业链"), on_delete=models.PROTECT, related_name="leads")
    intended_investment = models.BigIntegerField(_("意向投资"), validators=[MinValueValidator(0)], help_text=MONEY_HELP)
    signed_investment = models.BigIntegerField(
        _("签约总投资"), null=True, blank=True, validators=[MinValueValidator(0)], help_text=MONEY_HELP
    )
    unit = models.ForeignKey(Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="leads")
    leader = models.ForeignKey(
        Person, verbose_name=_("牵头领导"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_name = models.CharField(_("客商联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    # The latest stage event's stage and date, kept by the actions that record events.
    stage = models.CharField(_("当前阶段"), max_length=16, choices=LeadStage.choices, default=LeadStage.TALKS)
    stage_date = models.DateField(_("阶段日期"))
    drop_reason = models.CharField(_("终止原因"), max_length=200, blank=True)
    project = models.OneToOneField(
        Project, verbose_name=_("落地项目"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="attraction_lead",
    )  # fmt: skip
    is_sample = models.BooleanField(_("示例数据"), default=False)

    scope_path_field = "unit__path"
    # docs/permissions.md: the responsible unit works the lead; its leader follows it.
    scope_links = [
        Link("unit__path", EVERY, label="责任单位（含下级）"),
        Link("leader_id", READ_ONLY, LinkKind.PERSON, label="牵头领导"),
    ]

    class Meta:
        verbose_name = _("招商项目")
        verbose_name_plural = _("招商项目")
        ordering = ["-stage_date", "-id"]
        indexes = [models.Index(fields=["stage"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("promotion:lead-detail", args=[self.pk])

    @property
    def investor_tags(self) -> list[str]:
        flags = ((self.is_fortune500, _("500强")), (self.is_industry_leader, _("龙头")), (self.is_listed, _("上市")))
        return [str(label) for on, label in flags if on]


class Activity(TimestampedModel, ScopedModel):
    """A promotion activity (招商活动): a trip, a visit received, an event, a signing ceremony."""

    kind = models.CharField(_("类型"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("活动名称"), max_length=200)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    leader = models.ForeignKey(
        Person, verbose_name=_("带队领导"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    participants = models.CharField(_("参加人员"), max_length=200, blank=True)
    summary = models.TextField(_("活动情况"), blank=True)
    leads = models.ManyToManyField(Lead, verbose_name=_("对接项目"), blank=True, related_name="activities")
    is_sample = models.BooleanField(_("示例数据"), default=False)

    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("招商活动")
        verbose_name_plural = _("招商活动")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("promotion:activity-detail", args=[self.pk])


class LeadStageEvent(ScopedModel):
    """One dated step of a lead; the lead's stage is the latest. A signing may name its ceremony."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="stage_events")
    stage = models.CharField(_("阶段"), max_length=16, choices=LeadStage.choices)
    date = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    activity = models.ForeignKey(
        Activity, verbose_name=_("签约活动"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="stage_events",
    )  # fmt: skip

    scope_path_field = "lead__unit__path"
    scope_parent = "lead"

    class Meta:
        verbose_name = _("阶段记录")
        verbose_name_plural = _("阶段记录")
        ordering = ["date", "id"]
        constraints = [models.UniqueConstraint(fields=["lead", "stage"], name="promotion_stage_once")]
        indexes = [models.Index(fields=["stage", "date"])]

    def __str__(self) -> str:
        return f"{self.lead} · {self.get_stage_display()} · {self.date}"


class SupportBid(TimestampedModel, ScopedModel):
    """An application to the province or the state (上争): a policy, funds, a project listing, a
    platform or an honour — 谋划包装 → 申报 → 获批/未获批, with the amounts asked and granted."""

    title = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=16, choices=BidKind.choices)
    fund_type = models.CharField(_("资金类型"), max_length=20, choices=FundType.choices, blank=True)
    grant_level = models.CharField(
        _("争取层级"), max_length=16, choices=GrantLevel.choices, default=GrantLevel.PROVINCE
    )
    unit = models.ForeignKey(Unit, verbose_name=_("申报单位"), on_delete=models.PROTECT, related_name="+")
    leader = models.ForeignKey(
        Person, verbose_name=_("分包领导"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.TextField(_("主要内容"), blank=True)
    package_investment = models.BigIntegerField(
        _("包装项目总投资"), null=True, blank=True, validators=[MinValueValidator(0)], help_text=MONEY_HELP
    )
    amount_requested = models.BigIntegerField(
        _("申请金额"), null=True, blank=True, validators=[MinValueValidator(0)], help_text=MONEY_HELP
    )
    amount_granted = models.BigIntegerField(
        _("获批金额"), null=True, blank=True, validators=[MinValueValidator(0)], help_text=MONEY_HELP
    )
    state = models.CharField(_("状态"), max_length=16, choices=BidState.choices, default=BidState.PREPARED)
    prepared_on = models.DateField(_("谋划日期"))
    # The deadline of the call for applications, when it has one: the daily run reminds the unit.
    due_on = models.DateField(_("申报截止日期"), null=True, blank=True)
    submitted_on = models.DateField(_("申报日期"), null=True, blank=True)
    decided_on = models.DateField(_("批复日期"), null=True, blank=True)
    decision_note = models.CharField(_("批复说明"), max_length=200, blank=True)
    projects = models.ManyToManyField(Project, verbose_name=_("支持项目"), blank=True, related_name="support_bids")
    is_sample = models.BooleanField(_("示例数据"), default=False)

    scope_path_field = "unit__path"
    scope_links = [
        Link("unit__path", EVERY, label="申报单位（含下级）"),
        Link("leader_id", READ_ONLY, LinkKind.PERSON, label="分包领导"),
    ]

    class Meta:
        verbose_name = _("上争事项")
        verbose_name_plural = _("上争事项")
        ordering = ["-prepared_on", "-id"]
        indexes = [models.Index(fields=["kind", "state"]), models.Index(fields=["prepared_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("promotion:bid-detail", args=[self.pk])

    def clean(self) -> None:
        if self.fund_type and self.kind != BidKind.FUND:
            raise ValidationError({"fund_type": _("只有“资金”类事项填写资金类型。")})
        if self.kind == BidKind.FUND and not self.fund_type:
            raise ValidationError({"fund_type": _("请选择资金类型。")})
        if self.amount_granted and self.state != BidState.APPROVED:
            raise ValidationError({"amount_granted": _("获批后才能填写获批金额。")})
        for field, earlier in (("submitted_on", "prepared_on"), ("decided_on", "submitted_on")):
            later_date, earlier_date = getattr(self, field), getattr(self, earlier)
            if later_date and earlier_date and later_date < earlier_date:
                raise ValidationError({field: _("日期早于上一环节（%(d)s）。") % {"d": earlier_date}})
