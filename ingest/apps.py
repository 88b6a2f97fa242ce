from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "ingest"
    verbose_name = _("文稿摘录")

    def ready(self) -> None:
        from core import navigation

        navigation.register(
            navigation.Section(
                key="ingest",
                label=_("文稿摘录"),
                icon="file-earmark-text",
                order=60,
                items=[
                    navigation.Item(_("审核队列"), "ingest:queue"),
                    navigation.Item(_("文档"), "ingest:document-list"),
                    navigation.Item(_("导入文稿"), "ingest:upload", perm="can_review"),
                ],
            )
        )
