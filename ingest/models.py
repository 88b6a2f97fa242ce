from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import ScopedModel, TimestampedModel
from org.models import Unit

from .choices import CandidateState, FactType


class Document(TimestampedModel, ScopedModel):
    """A published page or report as it was ingested: the original text, never changed, which
    every candidate's offsets point into."""

    name = models.CharField(_("文件名"), max_length=200)
    title = models.CharField(_("标题"), max_length=300, blank=True)
    sha256 = models.CharField(_("内容摘要"), max_length=64, unique=True)
    text = models.TextField(_("原文"))
    published_on = models.DateField(_("刊发日期"), null=True, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("所述单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("文中数据所属的单位；采用指标数据时记入该单位。"),
    )  # fmt: skip
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_sample = models.BooleanField(_("示例数据"), default=False)

    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("文档")
        verbose_name_plural = _("文档")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title or self.name

    def get_absolute_url(self) -> str:
        return reverse("ingest:document-detail", args=[self.pk])


class Candidate(TimestampedModel, ScopedModel):
    """A fact found in a document, waiting for a reviewer: accepted (it becomes or updates a
    record, keeping the document and offsets as its source), edited then accepted, or rejected."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="candidates")
    type = models.CharField(_("类型"), max_length=16, choices=FactType.choices)
    start = models.PositiveIntegerField(_("起始位置"))
    end = models.PositiveIntegerField(_("结束位置"))
    sentence_start = models.PositiveIntegerField(_("句子起"))
    sentence_end = models.PositiveIntegerField(_("句子止"))
    fields = models.JSONField(_("抽取结果"), default=dict)
    accepted_fields = models.JSONField(_("采用结果"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=CandidateState.choices, default=CandidateState.PENDING)
    # What accepting made or changed: "indicators.value:12" or "projects.project:3".
    result = models.CharField(_("采用记录"), max_length=60, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    scope_path_field = "document__unit__path"

    class Meta:
        verbose_name = _("待审核事实")
        verbose_name_plural = _("待审核事实")
        ordering = ["document", "start", "id"]
        indexes = [models.Index(fields=["state", "type"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()}：{self.text}"

    @property
    def text(self) -> str:
        return self.document.text[self.start : self.end]

    @property
    def sentence(self) -> tuple[str, str, str]:
        """The sentence split around the fact: (before, fact, after), for highlighting."""
        t = self.document.text
        return t[self.sentence_start : self.start], t[self.start : self.end], t[self.end : self.sentence_end]

    def get_absolute_url(self) -> str:
        return reverse("ingest:candidate-detail", args=[self.pk])
