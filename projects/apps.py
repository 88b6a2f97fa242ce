from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import Item, Section


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("重点项目")
    todo = "projects.todo.groups"
    home_panels = ["projects.todo.leader_panel"]
    home_summaries = "projects.queries.home_summaries"
    reminders = "projects.reminders.reminders"  # monthly reports due soon or overdue
    navigation = Section(
        icon="building-gear",
        order=20,
        check="core.scope.oversees_units",
        items=[
            Item(_("项目调度"), "projects:dashboard"),
            Item(_("项目台账"), "projects:project-list"),
            Item(_("项目一张图"), "projects:map"),
            Item(_("月度报告"), "projects:report-entry", bottom=2, icon="journal-text"),
            Item(_("待审核"), "projects:review-list", perm="can_review"),
            Item(_("未报送"), "projects:missing-reports"),
            Item(_("预警设置"), "projects:settings", check="core.scope.is_platform_admin"),
            Item(_("区域边界"), "projects:map-boundary", check="core.scope.is_platform_admin"),
        ],
    )

    def ready(self) -> None:
        from notices import urging

        from . import queries
        from .models import Project

        # 催办 a project's monthly report (missing, or returned and not yet submitted again): the
        # reviewers of reports urge the project's unit, as the 未报送 page and the report page show.
        urging.register(
            urging.Urgeable(
                model=Project,
                may=queries.may_urge_reports,
                units=lambda project: [project.unit],
                is_closed=lambda project: not queries.report_outstanding(project),
                ask=_("请尽快报送月报。"),
            )
        )
