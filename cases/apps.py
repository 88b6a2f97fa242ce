from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("惠企服务与微网格")

    def ready(self) -> None:
        from core import navigation, recompute
        from core.home import register_summary

        from .queries import home_summaries

        navigation.register(
            navigation.Section(
                key="cases",
                label=_("惠企服务与微网格"),
                icon="chat-square-text",
                order=45,
                items=[
                    navigation.Item(_("我的待办"), "cases:inbox"),
                    navigation.Item(_("服务诉求"), "cases:case-list"),
                    navigation.Item(_("提交诉求"), "cases:case-create"),
                    navigation.Item(_("办理绩效"), "cases:metrics"),
                    navigation.Item(_("首席服务官"), "cases:officer-list"),
                    navigation.Item(_("敲门行动"), "cases:household-list"),
                    navigation.Item(_("诉求类型"), "cases:type-list", perm="can_admin"),
                ],
            )
        )
        register_summary(home_summaries)

        from . import actions, queries

        recompute.register(
            recompute.Source("cases", _("服务诉求"), queries.deadline_moves, actions.apply_deadline_moves)
        )
