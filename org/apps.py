from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = _("组织机构")

    def ready(self) -> None:
        from core import navigation
        from core.home import register_gate, register_summary

        from . import signals  # noqa: F401 — connects login auditing
        from .queries import first_run_url, home_summaries

        navigation.register(
            navigation.Section(
                key="org",
                label=_("组织机构"),
                icon="diagram-3",
                order=10,
                items=[
                    navigation.Item(_("组织架构"), "org:unit-tree"),
                    navigation.Item(_("人员"), "org:person-list"),
                    navigation.Item(_("企业"), "org:enterprise-list"),
                    navigation.Item(_("对标分组"), "org:peergroup-list"),
                    navigation.Item(_("用户"), "org:user-list", perm="can_admin"),
                ],
            )
        )
        register_summary(home_summaries)
        register_gate(first_run_url)
