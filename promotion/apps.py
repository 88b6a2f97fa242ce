from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import Item, Section


class PromotionConfig(AppConfig):
    name = "promotion"
    verbose_name = _("招商与上争")
    todo = "promotion.todo.groups"
    home_summaries = "promotion.queries.home_summaries"
    reminders = "promotion.reminders.reminders"  # bids whose call for applications closes soon or has closed
    navigation = Section(
        icon="briefcase",
        order=25,
        check="core.scope.oversees_units",
        items=[
            Item(_("招商看板"), "promotion:funnel"),
            Item(_("招商项目"), "promotion:lead-list"),
            Item(_("招商活动"), "promotion:activity-list"),
            Item(_("上争事项"), "promotion:bid-list"),
            Item(_("上争汇总"), "promotion:bid-summary"),
            Item(_("产业链"), "promotion:chains", check="core.scope.is_platform_admin"),
        ],
    )
