from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import ScopedModel, TimestampedModel
from core.scope import EVERY, READ_ONLY, READ_REPORT, WORK, Link, LinkKind
from org.models import Person, Unit

from .choices import (
    ConstructionNature,
    FundingKind,
    ProblemStatus,
    ProjectCategory,
    ProjectLevel,
    ReportState,
    Stage,
    WarningColour,
)
from .geo import LATITUDE, LONGITUDE

MONEY_HELP = _("单位：元")


class Programme(models.Model):
    """A programme a project is on (市"三十工程", 省"双百"工程, "3510" …): a label, many per project."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("工程/专项")
        verbose_name_plural = _("工程/专项")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Project(TimestampedModel, ScopedModel):
    """A key project (重点项目) as the ledger (项目台账) carries it. Money in 元."""

    code = models.CharField(_("项目代码"), max_length=40, unique=True)
    name = models.CharField(_("项目名称"), max_length=200)
    parent = models.ForeignKey(
        "self", verbose_name=_("所属项目"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    level = models.CharField(_("项目级别"), max_length=16, choices=ProjectLevel.choices)
    programmes = models.ManyToManyField(Programme, verbose_name=_("工程/专项"), blank=True, related_name="projects")
    category = models.CharField(_("行业类别"), max_length=16, choices=ProjectCategory.choices)
    nature = models.CharField(_("建设性质"), max_length=16, choices=ConstructionNature.choices)
    owner = models.CharField(_("建设单位"), max_length=200, blank=True)
    location = models.CharField(_("建设地点"), max_length=200, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="projects")
    content = models.TextField(_("建设规模及主要内容"), blank=True)
    planned_start = models.DateField(_("计划开工"), null=True, blank=True)
    planned_finish = models.DateField(_("计划竣工"), null=True, blank=True)
    actual_start = models.DateField(_("实际开工"), null=True, blank=True)
    actual_finish = models.DateField(_("实际竣工"), null=True, blank=True)
    total_investment = models.BigIntegerField(_("总投资"), validators=[MinValueValidator(0)], help_text=MONEY_HELP)
    leader = models.ForeignKey(
        Person, verbose_name=_("分包领导"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    co_units = models.ManyToManyField(
        Unit, verbose_name=_("配合单位"), blank=True, related_name="cooperating_projects",
        help_text=_("协办的单位；责任单位为主办。"),
    )  # fmt: skip
    responsible_person = models.CharField(_("责任人"), max_length=50, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    # The latest stage event's stage, kept by the action that records events (for fast filters).
    stage = models.CharField(_("当前阶段"), max_length=16, choices=Stage.choices, default=Stage.PLANNING)
    # Where the project is built, for 项目一张图: entered by clicking the map or typed (WGS-84 degrees).
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal(str(LONGITUDE[0]))), MaxValueValidator(Decimal(str(LONGITUDE[1])))],
        help_text=_("东经，度（73–136）"),
    )  # fmt: skip
    latitude = models.DecimalField(
        _("纬度"), max_digits=8, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal(str(LATITUDE[0]))), MaxValueValidator(Decimal(str(LATITUDE[1])))],
        help_text=_("北纬，度（3–54）"),
    )  # fmt: skip
    is_sample = models.BooleanField(_("示例数据"), default=False)

    scope_path_field = "unit__path"
    # Who sees and works on a project, and what each link grants (docs/permissions.md). Its plans,
    # stages, funding, problems, photos and reports inherit these through `scope_parent`.
    scope_links = [
        Link("unit__path", EVERY, label="所属单位（含下级）"),
        Link("responsible_unit__path", WORK, label="责任单位（主办）"),
        Link("co_units__path", READ_REPORT, label="配合单位（协办）", many=True),
        Link("leader_id", READ_ONLY, LinkKind.PERSON, label="分包领导"),
    ]

    class Meta:
        verbose_name = _("重点项目")
        verbose_name_plural = _("重点项目")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "category"]), models.Index(fields=["stage"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:project-detail", args=[self.pk])

    def clean(self) -> None:
        if self.planned_start and self.planned_finish and self.planned_finish < self.planned_start:
            raise ValidationError({"planned_finish": _("计划竣工日期早于计划开工日期。")})
        if self.actual_start and self.actual_finish and self.actual_finish < self.actual_start:
            raise ValidationError({"actual_finish": _("实际竣工日期早于实际开工日期。")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("项目不能是自己的子项目。")})
        if (self.longitude is None) != (self.latitude is None):
            raise ValidationError({"latitude": _("经度和纬度应同时填写或同时留空。")})


class FundingSource(ScopedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding")
    kind = models.CharField(_("资金来源"), max_length=20, choices=FundingKind.choices)
    amount = models.BigIntegerField(_("金额"), validators=[MinValueValidator(0)], help_text=MONEY_HELP)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    scope_path_field = "project__unit__path"
    scope_parent = "project"

    class Meta:
        verbose_name = _("资金来源")
        verbose_name_plural = _("资金来源")

    def __str__(self) -> str:
        return f"{self.project} · {self.get_kind_display()}"


class AnnualPlan(ScopedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    planned_investment = models.BigIntegerField(_("年度计划投资"), validators=[MinValueValidator(0)])
    planned_to_start = models.BooleanField(_("计划当年开工"), default=False)
    is_sample = models.BooleanField(_("示例数据"), default=False)

    scope_path_field = "project__unit__path"
    scope_parent = "project"

    class Meta:
        verbose_name = _("年度计划")
        verbose_name_plural = _("年度计划")
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="projects_plan_one_per_year")]
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.project} · {self.year}"


class StageEvent(ScopedModel):
    """One dated step of 谋划 → 签约 → 开工 → 在建 → 竣工 → 投产; the project's stage is the latest."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_events")
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices)
    date = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    scope_path_field = "project__unit__path"
    scope_parent = "project"

    class Meta:
        verbose_name = _("阶段记录")
        verbose_name_plural = _("阶段记录")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["stage", "date"], name="projects_stage_date")]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_stage_display()} · {self.date}"


class Problem(TimestampedModel, ScopedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="problems")
    description = models.TextField(_("存在问题"))
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deadline = models.DateField(_("解决时限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=ProblemStatus.choices, default=ProblemStatus.OPEN)
    resolution = models.TextField(_("解决情况"), blank=True)
    resolved_on = models.DateField(_("解决日期"), null=True, blank=True)

    scope_path_field = "project__unit__path"
    scope_parent = "project"

    class Meta:
        verbose_name = _("存在问题")
        verbose_name_plural = _("存在问题")
        ordering = ["status", "deadline", "id"]

    def __str__(self) -> str:
        return self.description[:40]

    def get_absolute_url(self) -> str:
        return self.project.get_absolute_url() + "#problems"


def photo_path(instance, filename: str) -> str:
    return f"projects/{instance.project_id}/{filename}"


class Photo(TimestampedModel, ScopedModel):
    """A photo of 形象进度 (physical progress). Images only; a thumbnail is made on upload."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=photo_path)
    thumbnail = models.ImageField(_("缩略图"), upload_to=photo_path, blank=True)
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    taken_on = models.DateField(_("拍摄日期"), null=True, blank=True)

    scope_path_field = "project__unit__path"
    scope_parent = "project"

    class Meta:
        verbose_name = _("形象进度照片")
        verbose_name_plural = _("形象进度照片")
        ordering = ["-taken_on", "-id"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class MonthlyReport(TimestampedModel, ScopedModel):
    """One project's progress for one month. Approved reports are locked; a correction is a new
    version, and the approved one it replaces is kept, marked superseded."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    state = models.CharField(_("状态"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT)
    monthly_investment = models.BigIntegerField(_("本月完成投资"), null=True, blank=True)
    ytd_investment = models.BigIntegerField(_("年初至报告期累计"), null=True, blank=True)
    since_start_investment = models.BigIntegerField(_("开工至今累计"), null=True, blank=True)
    progress = models.TextField(_("形象进度"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    next_steps = models.TextField(_("下步计划"), blank=True)
    return_reason = models.TextField(_("退回原因"), blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    is_sample = models.BooleanField(_("示例数据"), default=False)

    scope_path_field = "project__unit__path"
    # The project's links, and the people who submitted or reviewed it keep seeing it.
    scope_links = [
        *(link.through("project") for link in Project.scope_links),
        Link("submitted_by_id", READ_ONLY, LinkKind.USER, label="报送人"),
        Link("reviewed_by_id", READ_ONLY, LinkKind.USER, label="审核人"),
    ]

    class Meta:
        verbose_name = _("月度报告")
        verbose_name_plural = _("月度报告")
        ordering = ["project", "year", "month", "version"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month", "version"], name="projects_report_version"),
            models.UniqueConstraint(
                fields=["project", "year", "month"],
                condition=models.Q(state="approved"),
                name="projects_report_one_approved",
            ),
        ]
        indexes = [models.Index(fields=["year", "month", "state"])]

    def __str__(self) -> str:
        suffix = f"（第{self.version}版）" if self.version > 1 else ""
        return f"{self.project} {self.year}年{self.month}月{suffix}"

    @property
    def is_locked(self) -> bool:
        return self.state in (ReportState.SUBMITTED, ReportState.APPROVED, ReportState.SUPERSEDED)

    def get_absolute_url(self) -> str:
        return reverse("projects:report-detail", args=[self.pk])


class WarningSettings(models.Model):
    """Red/yellow/green thresholds (one row), editable by an administrator."""

    schedule_yellow_pp = models.DecimalField(
        _("落后序时进度（黄）个百分点"), max_digits=5, decimal_places=2, default=10
    )
    schedule_red_pp = models.DecimalField(_("落后序时进度（红）个百分点"), max_digits=5, decimal_places=2, default=30)
    start_red_months = models.PositiveSmallIntegerField(_("逾期未开工（红）月数"), default=3)
    report_yellow_months = models.PositiveSmallIntegerField(_("开工后未报告（黄）月数"), default=1)
    report_red_months = models.PositiveSmallIntegerField(_("开工后未报告（红）月数"), default=2)
    report_deadline_workdays = models.PositiveSmallIntegerField(_("月报截止：次月第几个工作日"), default=5)

    class Meta:
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")

    def __str__(self) -> str:
        return str(_("预警规则"))

    @classmethod
    def current(cls) -> "WarningSettings":
        """The row a migration seeds; an unsaved default if it was removed."""
        return cls.objects.order_by("pk").first() or cls()


class ScaleBand(models.Model):
    """Investment scale bands for roll-ups (<1亿, 1–5亿, 5–10亿, ≥10亿 by default); editable."""

    lower_bound = models.BigIntegerField(_("下限（元，含）"), unique=True)
    label = models.CharField(_("名称"), max_length=30)

    class Meta:
        verbose_name = _("投资规模档次")
        verbose_name_plural = _("投资规模档次")
        ordering = ["lower_bound"]

    def __str__(self) -> str:
        return self.label


class DistrictMap(models.Model):
    """A district boundary file an administrator uploaded for 项目一张图 (the newest is used),
    instead of the boundaries of the front-end map package. Plain GeoJSON, checked on upload."""

    name = models.CharField(_("名称"), max_length=100)
    geojson = models.JSONField(_("GeoJSON"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("区域边界")
        verbose_name_plural = _("区域边界")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class WarningState(models.Model):
    """A project's stored warning for the current reporting period (projects.calc.warning).

    Kept by projects.actions.refresh_warnings: the actions that change a colour's inputs call it
    inside their own transaction, and the nightly `quzhi refresh_warnings` judges every project
    again as time passes (a new month, a start date overrun). Pages, the bulletin and the API
    read it instead of computing every project's colour on each request.
    """

    project = models.OneToOneField(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, primary_key=True, related_name="warning_state"
    )
    colour = models.CharField(_("预警"), max_length=8, choices=WarningColour.choices, default=WarningColour.GREEN)
    reasons = models.JSONField(_("预警原因"), default=list, blank=True)
    # The last day of the reporting period the colour was judged at (e.g. 2026-10-31 for October).
    as_of = models.DateField(_("判定日期"))
    # The project's unit when it was judged: a project that moves to another unit is seen to leave
    # the old one (whose UnitFigures are then recomputed too); the laggards filter on it.
    unit = models.ForeignKey(
        Unit, verbose_name=_("所属单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # 完成率 for the period (approved YTD ÷ the year's plan × 100); None without a plan. Ordered
    # by the dashboard's 落后序时进度 list through `projects_warning_rate`.
    rate = models.DecimalField(_("完成率"), max_digits=24, decimal_places=4, null=True, blank=True)

    class Meta:
        verbose_name = _("项目预警")
        verbose_name_plural = _("项目预警")
        indexes = [
            models.Index(fields=["colour", "project"], name="projects_warning_colour"),
            models.Index(fields=["rate", "project"], name="projects_warning_rate"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.get_colour_display()}"


class UnitFigures(models.Model):
    """One unit's figures for the current reporting period, summed over the projects it owns
    (not those below it): what the dashboard adds up per branch instead of reading every project.

    A period (year, M) has one row per unit and month 1..M: `ytd` is the approved YTD of that
    month (the monthly trend); the other figures are the period's and the same on every row of
    the unit. Kept by projects.actions.refresh_warnings in the transaction of the change: the
    nightly run rebuilds every unit's rows (and drops other periods'), an action recomputes the
    units of the projects it judged. Derived data: no audit row.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    projects = models.PositiveIntegerField(_("项目数"), default=0)
    total_investment = models.BigIntegerField(_("总投资"), default=0)
    plan = models.BigIntegerField(_("年度计划投资"), default=0)
    ytd = models.BigIntegerField(_("年初至报告期累计"), default=0)
    planned_to_start = models.PositiveIntegerField(_("计划当年开工"), default=0)
    started = models.PositiveIntegerField(_("当年已开工"), default=0)
    red = models.PositiveIntegerField(_("红灯"), default=0)
    yellow = models.PositiveIntegerField(_("黄灯"), default=0)

    class Meta:
        verbose_name = _("单位汇总")
        verbose_name_plural = _("单位汇总")
        constraints = [
            models.UniqueConstraint(fields=["year", "month", "unit"], name="projects_unit_figures_one"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} · {self.year}-{self.month}"


class LinkedUnit(models.Model):
    """A unit that is 责任单位 or 配合单位 of a project owned by another unit (`unit`), kept with
    UnitFigures: the dashboard reads the stored figures only for a user no such link reaches
    from outside the units they own."""

    unit = models.ForeignKey(Unit, verbose_name=_("所属单位"), on_delete=models.CASCADE, related_name="+")
    linked = models.ForeignKey(Unit, verbose_name=_("关联单位"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("项目关联单位")
        verbose_name_plural = _("项目关联单位")
        constraints = [models.UniqueConstraint(fields=["linked", "unit"], name="projects_linked_unit_one")]

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.linked_id}"
