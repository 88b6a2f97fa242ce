from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .navigation import Item, Section


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("基础")
    home_summaries = "core.queries.audit_summary"
    navigation = Section(
        key="system",
        label=_("系统"),
        icon="gear",
        order=90,
        items=[
            Item(_("最近动态"), "activity", check="core.scope.works_in_units"),
            Item(_("变更记录"), "core:audit-list", perm="can_view_audit"),
            Item(_("节假日调整"), "core:holiday-list", check="core.scope.is_platform_admin"),
        ],
    )

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from . import audit_db

        connection_created.connect(audit_db.register_purge_flag, dispatch_uid="core.audit_purge_flag")
        post_migrate.connect(audit_db.reinstall_after_migrate, sender=self, dispatch_uid="core.audit_triggers")
