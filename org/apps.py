from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import Item, Section


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = _("组织机构")
    home_summaries = "org.queries.home_summaries"
    home_gates = ["org.queries.first_run_url"]
    navigation = Section(
        icon="diagram-3",
        order=10,
        items=[
            Item(_("组织架构"), "org:unit-tree", check="core.scope.works_in_units"),
            Item(_("人员"), "org:person-list", check="core.scope.works_in_units"),
            Item(_("企业"), "org:enterprise-list"),
            Item(_("对标分组"), "org:peergroup-list", check="core.scope.oversees_units"),
            Item(_("用户"), "org:user-list", perm="can_admin"),
        ],
    )

    def ready(self) -> None:
        from . import signals  # noqa: F401 — connects login auditing
