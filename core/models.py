from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import ChoiceSet


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class ScopedModel(models.Model):
    """A model whose rows hang on the org tree.

    A subclass names the lookup of its materialised path in `scope_path_field` ("unit__path",
    "project__unit__path"); core.scope filters querysets with it, and `scope_path` follows the same
    lookup on one object. An unset optional link (a document without a unit) gives "".
    That path is the row's owner; a model tied to further units and people (责任单位, 配合单位, a
    leader) lists all its links in `scope_links`, or follows its parent's with `scope_parent`
    (see core.scope and docs/permissions.md).
    """

    scope_path_field: str

    class Meta:
        abstract = True

    @property
    def scope_path(self) -> str:
        value = self
        for name in self.scope_path_field.split("__"):
            value = getattr(value, name)
            if value is None:
                return ""
        return value


class AuditAction(ChoiceSet):
    CREATE = "create", _("新增"), "success"
    UPDATE = "update", _("修改"), "primary"
    DELETE = "delete", _("删除"), "danger"
    LOGIN = "login", _("登录")
    EXPORT = "export", _("导出"), "info"
    OTHER = "other", _("其他")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")

    def _fetch_all(self):
        super()._fetch_all()
        # Entries fetched together are displayed together: the first one shown reads the names of
        # related rows for all of them (core.audit_display), one query per related model.
        rows = self._result_cache
        if rows and isinstance(rows[0], AuditEntry) and not hasattr(rows[0], "_batch"):
            for row in rows:
                row._batch = rows


class AuditEntry(models.Model):
    """One write: who, when, which object, the object's fields before and after.

    Written by core.audit.record inside the writing transaction, so a rolled-back write
    leaves no entry. Never updated or deleted: the database refuses it (core.audit_db), and each
    row carries a hash chained to the previous row's, which `manage.py audit verify` checks.
    """

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=16, choices=AuditAction.choices)
    verb = models.CharField(_("说明"), max_length=100, blank=True)
    # Indexed by the (content_type, object_id, at) index below, which also serves a filter on the type.
    content_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT, db_index=False)
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=200)
    before = models.JSONField(_("修改前"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("修改后"), null=True, blank=True, encoder=DjangoJSONEncoder)
    # Materialised path of the org unit the object belongs to, so the log follows data scope
    # without knowing any domain model. It and the request id are matched by ranges and equality
    # (core.scope.subtree_q), so one plain index each: every index is work on each of the rows a
    # bulk import appends, and PostgreSQL's extra pattern index for LIKE served no query.
    scope_path = models.CharField(_("所属单位路径"), max_length=255, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    client_ip = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)
    # The hash chain (core.audit_chain): the previous row's hash, and this row's over it and its content.
    prev_hash = models.CharField(_("上一条校验值"), max_length=64, blank=True, editable=False)
    row_hash = models.CharField(_("校验值"), max_length=64, blank=True, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    scope_path_field = "scope_path"

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"]),
            models.Index(fields=["scope_path"], name="core_audit_scope_path"),
            models.Index(fields=["request_id"], name="core_audit_request_id"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        # Rows are appended by core.audit, which chains their hashes; a plain save would not.
        raise PermissionError("The audit log is append-only; write it through core.audit.")

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs."""
        before, after = self.before or {}, self.after or {}
        # In the model's field order: PostgreSQL's jsonb does not keep the order keys were written in.
        order = {name: i for i, name in enumerate(self._field_names())}
        keys = sorted({*before.keys(), *after.keys()}, key=lambda k: (order.get(k, len(order)), k))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]

    def _field_names(self) -> list[str]:
        model = self.content_type.model_class()
        if model is None:
            return []
        return [f.attname for f in model._meta.concrete_fields] + [f.name for f in model._meta.many_to_many]

    def labelled_changes(self) -> list[tuple[str, object, object]]:
        """As `changes`, as users read them (core.audit_display): labels, names, 万元/亿元, local time;
        internal fields left out; a new object lists only what it was given."""
        from .audit_display import changes

        return changes(self)


class HolidayYear(TimestampedModel):
    """A year's State Council holiday notice as the administrator entered it.

    The year counts as known (deadlines in it no longer flagged 推算) only once `published`:
    the administrator marks the notice complete after entering every holiday and make-up day.
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    notice = models.CharField(
        _("通知"), max_length=200, blank=True, help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知")
    )
    published = models.BooleanField(_("已发布"), default=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"


class AuditChainHead(models.Model):
    """The one row holding the newest audit row's hash. Writers lock it (SELECT … FOR UPDATE) for
    the rest of their transaction, so rows are chained one writer at a time, in id order."""

    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("变更记录校验链")
        verbose_name_plural = _("变更记录校验链")

    def __str__(self) -> str:
        return self.last_hash


class WorkdayOverride(models.Model):
    """A day the State Council notice makes a holiday or a make-up workday, for years the
    pinned holiday package does not know yet (and for corrections)."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("上班"), help_text=_("勾选：调休上班日；不勾选：放假日。"))
    note = models.CharField(_("节日名称"), max_length=100, blank=True)
    # The notice that set the day: a notice may reach into the neighbouring year (the 2023 notice
    # gave 2022-12-31 off for 元旦). Empty on rows entered before notices were kept: the date's year.
    notice_year = models.PositiveSmallIntegerField(_("所属通知年度"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.note}{'上班' if self.is_workday else '放假'}"

    @classmethod
    def of_notice(cls, year: int) -> models.QuerySet:
        """The days a year's notice set, including those it set in the neighbouring year."""
        return cls.objects.filter(models.Q(notice_year=year) | models.Q(notice_year__isnull=True, date__year=year))


class ImportMapping(ScopedModel, TimestampedModel):
    """How a sending unit's workbook maps to an import's fields, saved by name and offered again.

    `columns`: the file's column name → field name ("" for a column left out); `constants`: field
    name → the value a field the file lacks takes (所属单位 = the sending unit).
    """

    scope_path_field = "unit_path"

    kind = models.CharField(_("导入"), max_length=20)
    name = models.CharField(_("方案名称"), max_length=60)
    unit_path = models.CharField(_("所属单位路径"), max_length=255, db_index=True)
    unit_name = models.CharField(_("所属单位"), max_length=100, blank=True)
    columns = models.JSONField(_("列对应"), default=dict, blank=True)
    constants = models.JSONField(_("固定值"), default=dict, blank=True)

    class Meta:
        verbose_name = _("导入列对应方案")
        verbose_name_plural = _("导入列对应方案")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "unit_path", "name"], name="import_mapping_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class JobState(ChoiceSet):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class Job(TimestampedModel):
    """Work run in the background for one user: a large Excel export or an import's commit.

    Run inline when no Celery broker is configured, else by a worker (core.tasks). Its owner alone
    sees it and downloads its file; `progress` is done of `total` rows.
    """

    kind = models.CharField(_("类型"), max_length=20)  # export, import
    title = models.CharField(_("名称"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.CASCADE,
                              related_name="jobs")  # fmt: skip
    state = models.CharField(_("状态"), max_length=10, choices=JobState.choices, default=JobState.PENDING)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    progress = models.PositiveIntegerField(_("已完成行数"), default=0)
    message = models.TextField(_("结果说明"), blank=True)
    result = models.FileField(_("结果文件"), upload_to="jobs/", blank=True)
    result_name = models.CharField(_("文件名"), max_length=200, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        return min(99, self.progress * 100 // self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)
