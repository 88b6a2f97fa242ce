from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("督查督办")

    def ready(self) -> None:
        from core import navigation, recompute
        from core.home import register_summary

        from .queries import home_summaries

        navigation.register(
            navigation.Section(
                key="supervision",
                label=_("督查督办"),
                icon="flag",
                order=40,
                items=[
                    navigation.Item(_("督办事项"), "supervision:task-list"),
                    navigation.Item(_("逾期事项"), "supervision:overdue"),
                    navigation.Item(_("巡查观摩"), "supervision:inspection-list"),
                    navigation.Item(_("观摩评比"), "supervision:round-list"),
                    navigation.Item(_("目标责任"), "supervision:target-list"),
                    navigation.Item(_("通报"), "supervision:bulletin-list"),
                    navigation.Item(_("督办设置"), "supervision:settings", perm="can_admin"),
                ],
            )
        )
        register_summary(home_summaries)

        from . import actions, queries

        recompute.register(
            recompute.Source("supervision", _("督办事项"), queries.deadline_moves, actions.apply_deadline_moves)
        )
