"""The channels' configuration in effect: what a platform administrator saved under 渠道设置
(notices.models.ChannelSettings), each blank value falling back to the environment (settings).
Read by the channels when they send and by the code that decides which channels a message takes."""

import json
from dataclasses import dataclass

from django.conf import settings

from .models import Channel, ChannelMode, ChannelSettings

# The values that are never shown back in full: passwords, signing secrets, and the addresses and
# headers that carry an access token or key.
SECRETS = ("email_password", "sms_url", "sms_headers", "wecom_webhook", "dingtalk_webhook", "dingtalk_secret",
           "feishu_webhook", "feishu_secret")  # fmt: skip

# Each value stored in the app, and the setting (environment variable) it falls back to.
FALLBACK = {
    "email_host": "EMAIL_HOST",
    "email_port": "EMAIL_PORT",
    "email_user": "EMAIL_HOST_USER",
    "email_password": "EMAIL_HOST_PASSWORD",
    "from_email": "DEFAULT_FROM_EMAIL",
    "sms_url": "QUZHI_SMS_URL",
    "sms_method": "QUZHI_SMS_METHOD",
    "sms_format": "QUZHI_SMS_FORMAT",
    "sms_body": "QUZHI_SMS_BODY",
    "sms_headers": "QUZHI_SMS_HEADERS",
    "sms_success": "QUZHI_SMS_SUCCESS",
    "wecom_webhook": "QUZHI_WECOM_WEBHOOK",
    "dingtalk_webhook": "QUZHI_DINGTALK_WEBHOOK",
    "dingtalk_secret": "QUZHI_DINGTALK_SECRET",
    "feishu_webhook": "QUZHI_FEISHU_WEBHOOK",
    "feishu_secret": "QUZHI_FEISHU_SECRET",
}


def mask(value) -> str:
    """A secret as it may be shown: whether it is set, and its last four characters at most."""
    value = str(value or "")
    if not value:
        return ""
    return "••••" + (value[-4:] if len(value) >= 12 else "")


@dataclass(frozen=True)
class Config:
    email_on: bool
    email_host: str
    email_port: int
    email_user: str
    email_password: str
    email_use_tls: bool
    email_use_ssl: bool
    from_email: str
    sms_on: bool
    sms_url: str
    sms_method: str
    sms_format: str
    sms_body: str
    sms_headers: dict
    sms_success: str
    wecom_webhook: str  # "" when the channel is off
    dingtalk_webhook: str
    dingtalk_secret: str
    feishu_webhook: str
    feishu_secret: str

    def personal(self) -> list[str]:
        """The personal channels that are on (an intranet may have none)."""
        return [c for c, on in ((Channel.EMAIL, self.email_on), (Channel.SMS, self.sms_on)) if on]

    def robots(self) -> list[tuple[str, str]]:
        """The group robots that are on, with their webhooks."""
        pairs = ((Channel.WECOM, self.wecom_webhook), (Channel.DINGTALK, self.dingtalk_webhook),
                 (Channel.FEISHU, self.feishu_webhook))  # fmt: skip
        return [(c, url) for c, url in pairs if url]

    def is_on(self, channel: str) -> bool:
        return channel in self.personal() or channel in dict(self.robots())


def stored() -> ChannelSettings:
    """The saved row, or an unsaved blank one (every value from the environment)."""
    return ChannelSettings.objects.filter(pk=1).first() or ChannelSettings(pk=1)


def effective(row: ChannelSettings, name: str):
    value = getattr(row, name)
    if value in ("", None):
        return getattr(settings, FALLBACK[name], "")
    return value


def current(row: ChannelSettings | None = None) -> Config:
    row = row if row is not None else stored()

    def get(name):
        return effective(row, name)

    def on(mode: str, configured: bool, default: bool) -> bool:
        if mode == ChannelMode.OFF:
            return False
        return configured and (mode == ChannelMode.ON or default)

    security = row.email_security
    if security:
        tls, ssl = security == "tls", security == "ssl"
    else:
        tls, ssl = bool(getattr(settings, "EMAIL_USE_TLS", False)), bool(getattr(settings, "EMAIL_USE_SSL", False))
    headers = get("sms_headers") or "{}"
    try:
        headers = json.loads(headers) if isinstance(headers, str) else dict(headers)
    except ValueError:
        headers = {}
    webhooks = {}
    for name in ("wecom", "dingtalk", "feishu"):
        url = get(f"{name}_webhook")
        webhooks[name] = url if on(getattr(row, f"{name}_mode"), bool(url), True) else ""
    return Config(
        email_on=on(row.email_mode, bool(get("email_host")), bool(getattr(settings, "QUZHI_NOTIFY_EMAIL", False))),
        email_host=get("email_host"),
        email_port=int(get("email_port") or 25),
        email_user=get("email_user"),
        email_password=get("email_password"),
        email_use_tls=tls,
        email_use_ssl=ssl,
        from_email=get("from_email"),
        sms_on=on(row.sms_mode, bool(get("sms_url")), True),
        sms_url=get("sms_url"),
        sms_method=(get("sms_method") or "POST").upper(),
        sms_format=get("sms_format") or "json",
        sms_body=get("sms_body"),
        sms_headers=headers,
        sms_success=get("sms_success"),
        wecom_webhook=webhooks["wecom"],
        dingtalk_webhook=webhooks["dingtalk"],
        dingtalk_secret=get("dingtalk_secret"),
        feishu_webhook=webhooks["feishu"],
        feishu_secret=get("feishu_secret"),
    )
