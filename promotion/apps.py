from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionConfig(AppConfig):
    name = "promotion"
    verbose_name = _("招商与上争")

    def ready(self) -> None:
        from core import navigation
        from core.home import register_summary

        from .queries import home_summaries

        navigation.register(
            navigation.Section(
                key="promotion",
                label=_("招商与上争"),
                icon="briefcase",
                order=25,
                items=[
                    navigation.Item(_("招商看板"), "promotion:funnel"),
                    navigation.Item(_("招商项目"), "promotion:lead-list"),
                    navigation.Item(_("招商活动"), "promotion:activity-list"),
                    navigation.Item(_("上争事项"), "promotion:bid-list"),
                    navigation.Item(_("上争汇总"), "promotion:bid-summary"),
                    navigation.Item(_("产业链"), "promotion:chains", perm="can_admin"),
                ],
            )
        )
        register_summary(home_summaries)
