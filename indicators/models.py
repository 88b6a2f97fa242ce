"""Economic indicators: the catalogue, reported values with provenance, targets, validation rules
and the lock of a period's data entry. Levels are exact decimals in the indicator's own unit
(亿元, 万美元, 元, 人 …); rates are percentages (9.9 means 9.9 %)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import ScopedModel, TimestampedModel
from core.scope import EVERY, READ_REPORT, Link
from org.models import Unit

from . import periods
from .choices import CompareOn, Frequency, PeriodKind, RuleKind, Severity, Source, TargetKind

LEVEL = {"max_digits": 20, "decimal_places": 4}
RATE = {"max_digits": 9, "decimal_places": 3}


class Indicator(TimestampedModel):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    aliases = models.JSONField(_("别名"), default=list, blank=True, help_text=_("报表和文章中的其他写法"))
    unit = models.CharField(_("计量单位"), max_length=20, help_text=_("如 亿元、万美元、元、人、%"))
    frequency = models.CharField(_("频率"), max_length=16, choices=Frequency.choices)
    cumulative = models.BooleanField(_("年内累计"), default=True)
    joint_jan_feb = models.BooleanField(_("1-2月合并发布"), default=False)
    no_january = models.BooleanField(_("1月不发布"), default=False)
    growth_basis = models.CharField(_("增速口径"), max_length=100, blank=True)
    rate_as_reported = models.BooleanField(
        _("增速以发布为准"), default=True, help_text=_("发布的增速不能由总量推算（可比价、同口径）")
    )
    compare_on = models.CharField(_("排名依据"), max_length=8, choices=CompareOn.choices, default=CompareOn.GROWTH)
    decimals = models.PositiveSmallIntegerField(_("小数位"), default=1)
    source_department = models.CharField(_("数据来源部门"), max_length=100, blank=True)
    description = models.TextField(_("说明"), blank=True)
    order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标目录")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("indicators:indicator-detail", args=[self.pk])

    def clean(self) -> None:
        if not isinstance(self.aliases, list) or not all(isinstance(a, str) for a in self.aliases):
            raise ValidationError({"aliases": _("别名应为文字列表。")})

    def is_due(self, period: periods.Period) -> bool:
        return periods.is_due(
            frequency=self.frequency, period=period, joint_jan_feb=self.joint_jan_feb, no_january=self.no_january
        )


class Value(TimestampedModel, ScopedModel):
    """One figure of an indicator for a unit and a period, as reported.

    The growth rate is stored as published. Derived figures (a growth computed from two levels, a
    single month from two cumulative ones) are computed on reading, marked as 推算, and never
    stored over a reported one (queries.Figures).
    """

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="values")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("期别"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.CUMULATIVE)
    number = models.PositiveSmallIntegerField(_("月/季"), default=12)
    level = models.DecimalField(_("总量"), null=True, blank=True, **LEVEL)
    growth = models.DecimalField(_("增速（%）"), null=True, blank=True, **RATE)
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices, default=Source.ENTRY)
    source_label = models.CharField(
        _("来源说明"), max_length=255, blank=True, help_text=_("文件名和行号、文章标题或推算方法")
    )
    source_row = models.PositiveIntegerField(_("行号"), null=True, blank=True)
    source_start = models.PositiveIntegerField(_("起始位置"), null=True, blank=True)
    source_end = models.PositiveIntegerField(_("结束位置"), null=True, blank=True)
    # Where the source can be read: for a figure taken from an article, the sentence in the
    # ingested document (a page of the ingest app; this app only stores the link).
    source_url = models.CharField(_("来源链接"), max_length=200, blank=True)
    is_sample = models.BooleanField(_("示例数据"), default=False)

    scope_path_field = "unit__path"
    # Keys of audit rows that are not fields (core.audit_display).
    audit_labels = {"warnings": _("校验提示")}
    # docs/permissions.md: a unit's own figures, and those of the units it reports for (代报).
    scope_links = [
        Link("unit__path", EVERY, label="单位（含下级）"),
        Link("unit__reported_by__path", READ_REPORT, label="代报单位", many=True),
    ]

    class Meta:
        verbose_name = _("指标值")
        verbose_name_plural = _("指标值")
        ordering = ["indicator__order", "unit__path", "-year", "kind", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "year", "kind", "number"], name="indicators_value_once"
            ),
            models.CheckConstraint(
                condition=models.Q(level__isnull=False) | models.Q(growth__isnull=False),
                name="indicators_value_has_figure",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "year", "kind", "number"])]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.period.label()} {self.indicator.name}"

    @property
    def period(self) -> periods.Period:
        return periods.Period(self.year, self.kind, self.number)

    def get_absolute_url(self) -> str:
        return reverse("indicators:value-detail", args=[self.pk])

    def clean(self) -> None:
        if self.level is None and self.growth is None:
            raise ValidationError(_("总量和增速至少填写一项。"))
        try:
            periods.Period(self.year or 0, self.kind, self.number or 0)
        except ValueError as exc:
            raise ValidationError({"number": _("报告期不正确。")}) from exc


class Target(TimestampedModel, ScopedModel):
    """An annual target of a unit: a growth rate ("增长9%左右") or a level."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="targets")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("目标类型"), max_length=8, choices=TargetKind.choices, default=TargetKind.GROWTH)
    value = models.DecimalField(_("目标值"), **LEVEL)
    approximate = models.BooleanField(_("左右"), default=False, help_text=_("目标写作“增长9%左右”"))
    text = models.CharField(_("原文"), max_length=200, blank=True)
    is_sample = models.BooleanField(_("示例数据"), default=False)

    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        ordering = ["-year", "indicator__order"]
        constraints = [models.UniqueConstraint(fields=["indicator", "unit", "year"], name="indicators_target_once")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year}年 {self.indicator.name} {self.describe()}"

    def describe(self) -> str:
        about = "左右" if self.approximate else ""
        if self.kind == TargetKind.GROWTH:
            return f"增长{self.value.normalize():f}%{about}"
        return f"{self.value.normalize():f}{self.indicator.unit}{about}"


class ValidationRule(TimestampedModel):
    """A check run when figures are entered or imported; warns or blocks as configured."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=RuleKind.choices)
    severity = models.CharField(_("处理方式"), max_length=8, choices=Severity.choices, default=Severity.WARN)
    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="+")
    parts = models.ManyToManyField(Indicator, verbose_name=_("分项指标"), blank=True, related_name="+")
    tolerance_pct = models.DecimalField(_("允许误差（%）"), max_digits=6, decimal_places=2, default=1)
    low = models.DecimalField(_("增速下限（%）"), null=True, blank=True, **RATE)
    high = models.DecimalField(_("增速上限（%）"), null=True, blank=True, **RATE)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("校验规则")
        verbose_name_plural = _("校验规则")
        ordering = ["indicator__order", "name"]

    def __str__(self) -> str:
        return self.name


class PeriodLock(TimestampedModel):
    """Entry for a period closes after its deadline; an administrator can reopen it until a date."""

    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("期别"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.CUMULATIVE)
    number = models.PositiveSmallIntegerField(_("月/季"))
    reopened_until = models.DateField(_("重新开放至"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("开放人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("报告期锁定")
        verbose_name_plural = _("报告期锁定")
        constraints = [models.UniqueConstraint(fields=["year", "kind", "number"], name="indicators_lock_once")]

    def __str__(self) -> str:
        return periods.Period(self.year, self.kind, self.number).label()


class EntrySettings(models.Model):
    """The deadline of a period's entry: the N-th working day after the period ends."""

    deadline_workdays = models.PositiveSmallIntegerField(_("报送截止（期末后第N个工作日）"), default=5)

    class Meta:
        verbose_name = _("填报设置")
        verbose_name_plural = _("填报设置")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "EntrySettings":
        return cls.objects.first() or cls()
