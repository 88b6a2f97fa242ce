from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import ScopedModel, TimestampedModel
from core.scope import EVERY, READ_ONLY, READ_REPORT, Link, LinkKind
from indicators.models import Indicator
from org.models import PeerGroup, Person, Unit
from projects.models import Project

from .choices import (
    BulletinKind,
    BulletinState,
    DocumentKind,
    IndicatorBasis,
    InspectionKind,
    ProjectMetric,
    TargetKind,
    TaskSource,
    TaskState,
    UpdateKind,
)


def attachment_path(instance, filename: str) -> str:
    return f"supervision/{instance.task_id}/{filename}"


def inspection_photo_path(instance, filename: str) -> str:
    return f"inspections/{instance.inspection_id}/{filename}"


def bulletin_path(instance, filename: str) -> str:
    return f"bulletins/{instance.year or 'draft'}/{filename}"


# Supervised tasks (督办事项) ---------------------------------------------------------------------


class SupervisedTask(TimestampedModel, ScopedModel):
    """A matter a meeting or a leader ordered done by a deadline, led by one unit."""

    title = models.CharField(_("督办事项"), max_length=200)
    content = models.TextField(_("具体内容"), blank=True)
    source = models.CharField(_("来源"), max_length=16, choices=TaskSource.choices)
    source_detail = models.CharField(_("来源说明"), max_length=200, blank=True, help_text=_("如：区政府第12次常务会议"))
    lead_unit = models.ForeignKey(Unit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+")
    co_units = models.ManyToManyField(Unit, verbose_name=_("配合单位"), blank=True, related_name="+")
    leader = models.ForeignKey(
        Person, verbose_name=_("督办领导"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("相关项目"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    assigned_on = models.DateField(_("交办日期"))
    deadline = models.DateField(_("办结时限"))
    # Set when the time limit was given as N working days; the deadline is then computed from it.
    deadline_workdays = models.PositiveSmallIntegerField(_("时限（工作日）"), null=True, blank=True)
    # The day those working days count from (the assignment, or a reopening): kept so the deadline
    # can be computed again when the holiday calendar changes.
    deadline_from = models.DateField(_("时限起算日"), null=True, blank=True)
    deadline_fallback = models.BooleanField(_("时限按周一至周五推算"), default=False)
    progress_pct = models.PositiveSmallIntegerField(
        _("进度（%）"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    state = models.CharField(_("状态"), max_length=16, choices=TaskState.choices, default=TaskState.OPEN)
    completed_on = models.DateField(_("办结日期"), null=True, blank=True)
    completion_note = models.TextField(_("办结情况"), blank=True)
    is_sample = models.BooleanField(_("示例数据"), default=False)

    scope_path_field = "lead_unit__path"
    # docs/permissions.md: the lead unit does the task, 配合单位 report progress, the leader follows it.
    scope_links = [
        Link("lead_unit__path", EVERY, label="牵头单位（含下级）"),
        Link("co_units__path", READ_REPORT, label="配合单位", many=True),
        Link("leader_id", READ_ONLY, LinkKind.PERSON, label="督办领导"),
    ]

    class Meta:
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["state", "deadline"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision:task-detail", args=[self.pk])

    def clean(self) -> None:
        if self.assigned_on and self.deadline and self.deadline < self.assigned_on:
            raise ValidationError({"deadline": _("办结时限早于交办日期。")})


class TaskUpdate(TimestampedModel, ScopedModel):
    """A progress note, the completion with its evidence, or a reopening."""

    task = models.ForeignKey(SupervisedTask, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(_("类型"), max_length=16, choices=UpdateKind.choices, default=UpdateKind.PROGRESS)
    on = models.DateField(_("日期"))
    note = models.TextField(_("情况"))
    progress_pct = models.PositiveSmallIntegerField(
        _("进度（%）"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    attachment = models.FileField(_("附件"), upload_to=attachment_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A progress note written on a phone carries its draft's key: sent twice, it is saved once.
    draft_key = models.UUIDField(_("草稿标识"), null=True, blank=True, unique=True, editable=False)

    scope_path_field = "task__lead_unit__path"
    scope_parent = "task"

    class Meta:
        verbose_name = _("办理进展")
        verbose_name_plural = _("办理进展")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.task} · {self.on}"


class EscalationSettings(models.Model):
    """When a task turns blue, yellow or red (one row), editable by an administrator."""

    blue_within = models.PositiveSmallIntegerField(_("剩余工作日不超过（蓝色提醒）"), default=3)
    yellow_within = models.PositiveSmallIntegerField(_("剩余工作日不超过（黄色预警）"), default=1)
    behind_pp = models.DecimalField(
        _("进度落后用时超过（个百分点，黄色预警）"), max_digits=5, decimal_places=2, default=20
    )

    class Meta:
        verbose_name = _("督办预警规则")
        verbose_name_plural = _("督办预警规则")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "EscalationSettings":
        return cls.objects.order_by("pk").first() or cls()

    def clean(self) -> None:
        if self.yellow_within > self.blue_within:
            raise ValidationError({"yellow_within": _("黄色预警的天数不能多于蓝色提醒。")})


# Inspections and scored tours (巡查、观摩评比) ------------------------------------------------------


class Rubric(TimestampedModel):
    """A scoring sheet, e.g. "四比四看": items with weights."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("评分细则")
        verbose_name_plural = _("评分细则")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RubricItem(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(_("评分项"), max_length=100)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    max_score = models.DecimalField(_("满分"), max_digits=6, decimal_places=2, default=100)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")
        ordering = ["rubric", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["rubric", "name"], name="supervision_rubric_item_once")]

    def __str__(self) -> str:
        return self.name


class ScoringRound(TimestampedModel, ScopedModel):
    """One 观摩评比 round: judges score projects on a rubric; units are ranked in a peer group."""

    name = models.CharField(_("名称"), max_length=200)
    organiser = models.ForeignKey(Unit, verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("观摩日期"))
    rubric = models.ForeignKey(Rubric, verbose_name=_("评分细则"), on_delete=models.PROTECT, related_name="rounds")
    peer_group = models.ForeignKey(
        PeerGroup, verbose_name=_("排名分组"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    drop_extremes = models.BooleanField(_("去掉一个最高分和一个最低分"), default=True)
    is_sample = models.BooleanField(_("示例数据"), default=False)

    scope_path_field = "organiser__path"

    class Meta:
        verbose_name = _("观摩评比")
        verbose_name_plural = _("观摩评比")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("supervision:round-detail", args=[self.pk])


class Score(ScopedModel):
    """One judge's mark for one item of one project in a round."""

    round = models.ForeignKey(ScoringRound, on_delete=models.CASCADE, related_name="scores")
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="+")
    judge = models.CharField(_("评委"), max_length=50)
    item = models.ForeignKey(RubricItem, verbose_name=_("评分项"), on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])

    scope_path_field = "round__organiser__path"

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [
            models.UniqueConstraint(fields=["round", "project", "judge", "item"], name="supervision_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.judge} · {self.project} · {self.item}"

    def clean(self) -> None:
        if self.item_id and self.score is not None and self.score > self.item.max_score:
            raise ValidationError({"score": _("得分不能超过该项满分 %(m)s。") % {"m": self.item.max_score}})


class Inspection(TimestampedModel, ScopedModel):
    """A visit to a project (巡查), or a stop of a scored tour (观摩)."""

    kind = models.CharField(_("类型"), max_length=16, choices=InspectionKind.choices, default=InspectionKind.PATROL)
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="inspections")
    round = models.ForeignKey(
        ScoringRound, verbose_name=_("观摩评比"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="inspections",
    )  # fmt: skip
    visited_on = models.DateField(_("日期"))
    inspectors = models.CharField(_("参加人员"), max_length=300)
    findings = models.TextField(_("发现问题及意见"), blank=True)
    is_sample = models.BooleanField(_("示例数据"), default=False)

    scope_path_field = "project__unit__path"

    class Meta:
        verbose_name = _("巡查观摩")
        verbose_name_plural = _("巡查观摩")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.project} · {self.visited_on}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:inspection-detail", args=[self.pk])


class InspectionPhoto(TimestampedModel, ScopedModel):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=inspection_photo_path)
    thumbnail = models.ImageField(_("缩略图"), upload_to=inspection_photo_path, blank=True)
    caption = models.CharField(_("说明"), max_length=200, blank=True)

    scope_path_field = "inspection__project__unit__path"

    class Meta:
        verbose_name = _("巡查照片")
        verbose_name_plural = _("巡查照片")

    def __str__(self) -> str:
        return self.caption or self.image.name


# Target responsibility (目标责任书) ---------------------------------------------------------------


class ResponsibilityTarget(TimestampedModel, ScopedModel):
    """One annual target a unit signed for: an indicator, a project figure, or a counted task."""

    unit = models.ForeignKey(Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("目标任务"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=TargetKind.choices)
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField(_("考核口径"), max_length=16, choices=IndicatorBasis.choices, blank=True)
    project_metric = models.CharField(_("项目指标"), max_length=16, choices=ProjectMetric.choices, blank=True)
    target_value = models.DecimalField(_("目标值"), max_digits=18, decimal_places=4)
    measure = models.CharField(_("计量单位"), max_length=20, help_text=_("如：辆、%、亿元、个"))
    lower_is_better = models.BooleanField(_("越低越好"), default=False)
    # Counted tasks are reported here; indicator and project targets read their figures live.
    actual_value = models.DecimalField(_("完成值"), max_digits=18, decimal_places=4, null=True, blank=True)
    actual_note = models.CharField(_("完成情况说明"), max_length=300, blank=True)
    is_sample = models.BooleanField(_("示例数据"), default=False)

    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("目标责任")
        verbose_name_plural = _("目标责任")
        ordering = ["year", "unit__path", "id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}：{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:target-list") + f"?year={self.year}"

    def clean(self) -> None:
        if self.kind == TargetKind.INDICATOR and not (self.indicator_id and self.basis):
            raise ValidationError({"indicator": _("经济指标类目标须选择指标和考核口径。")})
        if self.kind == TargetKind.PROJECT and not self.project_metric:
            raise ValidationError({"project_metric": _("项目指标类目标须选择项目指标。")})


# Bulletins (通报) -------------------------------------------------------------------------------


class BulletinSettings(models.Model):
    """What every bulletin shares (one row), editable by a platform administrator: the 下步要求 and
    the schedule. Masthead, numbers and signers belong to each unit's Issuer."""

    requirements = models.TextField(_("下步要求"), blank=True, help_text=_("每段一行，原样印在通报的最后一部分。"))
    # The weekly bulletin issued on schedule (Celery beat, or the issue_bulletin command from cron):
    # for which unit, and in whose name (whose data scope it reads).
    schedule_unit = models.ForeignKey(
        Unit, verbose_name=_("定时通报范围"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    schedule_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("定时通报生成人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("通报设置")
        verbose_name_plural = _("通报设置")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "BulletinSettings":
        return cls.objects.order_by("pk").first() or cls()


class DocumentTemplate(TimestampedModel):
    """The wording of a kind of document, edited by a platform administrator. Without a row, the
    default in supervision.documents applies; "恢复默认" deletes the row."""

    kind = models.CharField(_("文种"), max_length=32, choices=DocumentKind.choices, unique=True)
    title = models.CharField(_("标题模板"), max_length=200)
    body = models.TextField(
        _("正文模板"),
        help_text=_("每段一行；以“# ”“## ”“### ”“#### ”开头的行是一、（一）1.（1）各级标题；"
                    "单独一行的 [[名称]] 插入表格；{{ 名称 }} 插入数据。"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("公文模板")
        verbose_name_plural = _("公文模板")

    def __str__(self) -> str:
        return self.get_kind_display()


class Issuer(TimestampedModel, ScopedModel):
    """A unit that issues documents (发文机关) and how its documents are headed, numbered and signed.

    Each unit keeps its own: a bulletin of 马村区 is issued under 马村区's masthead and numbers,
    never under the city's. Kept by the unit's administrators.
    """

    unit = models.OneToOneField(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="issuer")
    name = models.CharField(
        _("发文机关全称"), max_length=100, help_text=_("落款署名用，如“马村区重点项目建设指挥部办公室”。")
    )
    mark = models.CharField(
        _("发文机关标志"), max_length=60, help_text=_("版头红色大字，如“马村区重点项目建设指挥部办公室”，印在一行内。")
    )
    prefix = models.CharField(_("发文字号代字"), max_length=20, help_text=_("如“马项办”，字号为 马项办〔2026〕1号。"))
    recipients = models.CharField(_("默认主送机关"), max_length=200, help_text=_("如“各街道办事处，区直各有关单位”。"))
    copy_to = models.CharField(_("抄送"), max_length=300, blank=True, help_text=_("以顿号或逗号分隔，印在版记中。"))
    printed_by = models.CharField(_("印发机关"), max_length=100, help_text=_("版记中的印发机关，通常为办公室。"))
    signers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("签发人"), blank=True, related_name="+",
        help_text=_("可以签发本单位公文的人员。"),
    )  # fmt: skip

    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("发文机关")
        verbose_name_plural = _("发文机关")
        ordering = ["unit__path"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("supervision:issuer", args=[self.unit_id])


class IssuerYear(models.Model):
    """The last number an issuer gave in a year. 签发 locks this row, so two documents signed at
    the same moment get consecutive numbers and no number is skipped or given twice."""

    issuer = models.ForeignKey(Issuer, verbose_name=_("发文机关"), on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用至"), default=0)

    class Meta:
        verbose_name = _("发文编号")
        verbose_name_plural = _("发文编号")
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="supervision_issueryear_once")]

    def __str__(self) -> str:
        return f"{self.issuer.prefix}〔{self.year}〕{self.last}"


class Bulletin(TimestampedModel, ScopedModel):
    """A bulletin from its draft to its issue: the figures frozen when drafted (the page), the
    office's own paragraphs, the number given at 签发, and its .docx and PDF kept at 印发."""

    state = models.CharField(_("状态"), max_length=16, choices=BulletinState.choices, default=BulletinState.DRAFT)
    issuer = models.ForeignKey(
        Issuer, verbose_name=_("发文机关"), null=True, blank=True, on_delete=models.PROTECT, related_name="bulletins"
    )
    recipients = models.CharField(_("主送机关"), max_length=200, blank=True)
    remarks = models.TextField(
        _("补充内容"), blank=True, help_text=_("办公室自拟的段落，每段一行，印在生成内容之后、下步要求之前。")
    )
    return_reason = models.CharField(_("退回原因"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签发人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    printed_on = models.DateField(_("印发日期"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=bulletin_path, blank=True)

    kind = models.CharField(_("类型"), max_length=16, choices=BulletinKind.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("范围"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    prefix = models.CharField(_("发文字号代字"), max_length=20, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    period_start = models.DateField(_("统计起"))
    period_end = models.DateField(_("统计止"))
    report_year = models.PositiveSmallIntegerField(_("项目数据年度"))
    report_month = models.PositiveSmallIntegerField(_("项目数据月份"))
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    content = models.JSONField(_("内容"), default=dict)
    document = models.FileField(_("公文"), upload_to=bulletin_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("生成人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_sample = models.BooleanField(_("示例数据"), default=False)

    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "sequence"], name="supervision_bulletin_issuer_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        """发文字号: the prefix, the year in 〔〕 and the sequence, e.g. "马项办〔2026〕3号"; "" before 签发."""
        if self.sequence is None:
            return ""
        return f"{self.prefix}〔{self.year}〕{self.sequence}号"

    def get_absolute_url(self) -> str:
        return reverse("supervision:bulletin-detail", args=[self.pk])
