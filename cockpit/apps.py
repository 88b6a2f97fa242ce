from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import Item, Section


class CockpitConfig(AppConfig):
    """The 驾驶舱 of the 调度会: the figures of projects, supervision, cases and indicators on one screen."""

    name = "cockpit"
    verbose_name = _("驾驶舱")
    navigation = Section(
        key="cockpit",
        label=_("调度会"),
        icon="display",
        order=15,
        check="core.scope.oversees_units",
        items=[Item(_("驾驶舱"), "cockpit:screen")],
    )
