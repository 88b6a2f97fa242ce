from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("经济运行")

    def ready(self) -> None:
        from core import navigation

        from .queries import may_compare

        navigation.register(
            navigation.Section(
                key="indicators",
                label=_("经济运行"),
                icon="graph-up-arrow",
                order=30,
                items=[
                    navigation.Item(_("指标看板"), "indicators:dashboard"),
                    navigation.Item(_("对标排名"), "indicators:ranking", check=may_compare),
                    navigation.Item(_("数据填报"), "indicators:entry"),
                    navigation.Item(_("未报送"), "indicators:missing"),
                    navigation.Item(_("指标值"), "indicators:value-list"),
                    navigation.Item(_("目标"), "indicators:target-list"),
                    navigation.Item(_("指标目录"), "indicators:indicator-list"),
                    navigation.Item(_("校验规则"), "indicators:rule-list", perm="can_admin"),
                ],
            )
        )
