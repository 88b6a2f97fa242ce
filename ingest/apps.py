from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import Item, Section


class IngestConfig(AppConfig):
    name = "ingest"
    verbose_name = _("文稿摘录")
    todo = "ingest.todo.groups"
    reminders = "ingest.reminders.reminders"  # facts waiting for review, daily
    navigation = Section(
        icon="file-earmark-text",
        order=60,
        check="core.scope.oversees_units",
        items=[
            Item(_("审核队列"), "ingest:queue"),
            Item(_("文档"), "ingest:document-list"),
            Item(_("导入文稿"), "ingest:upload", perm="can_review"),
        ],
    )
