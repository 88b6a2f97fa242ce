from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("基础")

    def ready(self) -> None:
        from . import navigation, scope
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
