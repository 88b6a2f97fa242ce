from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("重点项目")

    def ready(self) -> None:
        from core import navigation
        from core.home import register_summary

        from .queries import home_summaries

        navigation.register(
            navigation.Section(
                key="projects",
                label=_("重点项目"),
                icon="building-gear",
                order=20,
                items=[
                    navigation.Item(_("项目调度"), "projects:dashboard"),
                    navigation.Item(_("项目台账"), "projects:project-list"),
                    navigation.Item(_("月度报告"), "projects:report-entry"),
                    navigation.Item(_("待审核"), "projects:review-list", perm="can_review"),
                    navigation.Item(_("未报送"), "projects:missing-reports"),
                    navigation.Item(_("预警设置"), "projects:settings", perm="can_admin"),
                ],
            )
        )
        register_summary(home_summaries)
