from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("基础")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from . import audit_db, navigation, scope

        connection_created.connect(audit_db.register_purge_flag, dispatch_uid="core.audit_purge_flag")
        post_migrate.connect(audit_db.reinstall_after_migrate, sender=self, dispatch_uid="core.audit_triggers")
        from .home import register_summary
        from .queries import audit_summary

        navigation.register(
            navigation.Section(
                key="system",
                label=_("系统"),
                icon="gear",
                order=90,
                items=[
                    navigation.Item(_("变更记录"), "core:audit-list", perm="can_view_audit"),
                    navigation.Item(_("节假日调整"), "core:holiday-list", perm=scope.is_platform_admin),
                ],
            )
        )
        register_summary(audit_summary)
