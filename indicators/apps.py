from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import Item, Section


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("经济运行")
    reminders = "indicators.reminders.reminders"  # targets whose figures are due soon or late
    navigation = Section(
        icon="graph-up-arrow",
        order=30,
        check="core.scope.oversees_units",
        items=[
            Item(_("指标看板"), "indicators:dashboard", check="indicators.queries.has_reporting_unit"),
            Item(_("对标排名"), "indicators:ranking", check="indicators.queries.may_compare"),
            Item(_("数据填报"), "indicators:entry", check="indicators.queries.has_reporting_unit"),
            Item(_("未报送"), "indicators:missing", check="indicators.queries.has_reporting_unit"),
            Item(_("指标值"), "indicators:value-list"),
            Item(_("目标"), "indicators:target-list"),
            Item(_("指标目录"), "indicators:indicator-list"),
            Item(_("校验规则"), "indicators:rule-list", perm="can_admin"),
        ],
    )
