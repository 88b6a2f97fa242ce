from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    # No section of the left navigation: every page reaches the message centre through the bell in
    # its header, and the centre links platform administrators to the delivery log.
    name = "notices"
    verbose_name = _("消息")
