from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import Item, Section


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("督查督办")
    todo = ["supervision.todo.groups", "supervision.todo.bulletin_groups"]
    home_panels = ["supervision.todo.leader_panel"]
    home_summaries = "supervision.queries.home_summaries"
    reminders = "supervision.queries.reminders"
    navigation = Section(
        icon="flag",
        order=40,
        check="core.scope.oversees_units",
        items=[
            Item(_("督办事项"), "supervision:task-list"),
            Item(_("逾期事项"), "supervision:overdue"),
            Item(_("巡查观摩"), "supervision:inspection-list"),
            Item(_("观摩评比"), "supervision:round-list"),
            Item(_("目标责任"), "supervision:target-list"),
            Item(_("通报"), "supervision:bulletin-list"),
            Item(_("督办设置"), "supervision:settings", check="core.scope.is_platform_admin"),
        ],
    )

    def ready(self) -> None:
        from core import recompute

        from . import actions, queries

        recompute.register(
            recompute.Source("supervision", _("督办事项"), queries.deadline_moves, actions.apply_deadline_moves)
        )
        from notices import urging

        from .choices import TaskState
        from .models import SupervisedTask

        urging.register(
            urging.Urgeable(
                model=SupervisedTask,
                may=queries.may_supervise,
                units=queries.assignee_units,
                is_closed=lambda task: task.state != TaskState.OPEN,
            )
        )
