"""Messages to users (站内信) and the 催办 that ask for them.

A notification belongs to its recipient alone: it is not a row of the org tree, so it has no data
scope; every query of it filters on the recipient.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceSet

from .events import Kind


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    object_label = models.CharField(_("对象"), max_length=200, blank=True)
    actor_name = models.CharField(_("发送人"), max_length=150, blank=True)
    # The same reminder (a sweep's "due in 3 days" for one task) is not sent twice: see actions.notify.
    dedup_key = models.CharField(max_length=200, blank=True, db_index=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notices_unread")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Urge(models.Model):
    """One 催办: who asked, about which object, when. Counted on the object and limited per day."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    object_label = models.CharField(_("对象"), max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("催办人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(_("催办人"), max_length=150)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    scope_path = models.CharField(max_length=255, blank=True, editable=False)
    recipients = models.PositiveIntegerField(_("接收人数"), default=0)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("催办")
        verbose_name_plural = _("催办")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="notices_urge_object")]

    def __str__(self) -> str:
        return f"{self.actor_name} 催办 {self.object_label}"


class DeliveryState(ChoiceSet):
    QUEUED = "queued", _("待发送"), "warning"
    SENT = "sent", _("已发送"), "success"
    RETRYING = "retrying", _("重试中"), "warning"
    FAILED = "failed", _("发送失败"), "danger"
    HELD = "held", _("暂缓发送"), "warning"
    DIGESTED = "digested", _("已并入汇总"), "secondary"  # sent, inside the digest: nothing pending


class ChannelStatus(ChoiceSet):
    """Whether a channel is set up to send (渠道设置's status line)."""

    ON = "on", _("已启用"), "success"
    OFF = "off", _("未启用"), "secondary"


class Channel(models.TextChoices):
    EMAIL = "email", _("邮件")
    WECOM = "wecom", _("企业微信群机器人")
    DINGTALK = "dingtalk", _("钉钉群机器人")
    FEISHU = "feishu", _("飞书群机器人")
    SMS = "sms", _("短信")


# The channels that reach one person (the group robots post once per event, to a group).
PERSONAL_CHANNELS = (Channel.EMAIL, Channel.SMS)


class Delivery(models.Model):
    """One message going out through a channel: an email to a recipient, or a group robot's post
    for an event. The delivery log administrators read."""

    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    address = models.CharField(_("发送到"), max_length=300)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=DeliveryState.choices, default=DeliveryState.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    error = models.TextField(_("错误"), blank=True)
    # A personal channel's recipient; held messages (quiet hours, the daily digest) wait until hold_until.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices, blank=True)
    hold_until = models.DateTimeField(_("暂缓到"), null=True, blank=True, db_index=True)
    digest = models.BooleanField(_("并入每日汇总"), default=False)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("发送记录")
        verbose_name_plural = _("发送记录")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.title}"


class Preference(models.Model):
    """消息设置: one user's choice of the events and channels that reach them outside the message
    centre (which always receives everything), quiet hours and the daily digest. No row = defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="notice_preference"
    )
    # The events NOT sent through email/SMS (stored as the ones switched off, so a new event is on).
    kinds_off = models.JSONField(_("不通过邮件和短信发送的消息"), default=list, blank=True)
    email = models.BooleanField(_("邮件"), default=True)
    sms = models.BooleanField(_("短信"), default=True)
    phone = models.CharField(_("接收短信的手机号"), max_length=20, blank=True)
    quiet_start = models.TimeField(_("免打扰开始"), null=True, blank=True)
    quiet_end = models.TimeField(_("免打扰结束"), null=True, blank=True)
    quiet_rest_days = models.BooleanField(_("非工作日免打扰"), default=False)
    digest = models.BooleanField(_("每日汇总"), default=False)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("消息设置")
        verbose_name_plural = _("消息设置")

    def __str__(self) -> str:
        return str(self.user)

    def wants(self, kind: str, channel: str) -> bool:
        return kind not in self.kinds_off and bool(getattr(self, channel, False))


class ChannelMode(models.TextChoices):
    DEFAULT = "", _("按环境变量")
    ON = "on", _("启用")
    OFF = "off", _("停用")


class ChannelSettings(models.Model):
    """渠道设置: the channels as a platform administrator configured them in the app (one row).
    A blank value falls back to the environment's (docs/notifications.md), so a deployment that
    configures channels in its environment keeps working; secrets are never shown back in full
    (notices.config.mask), and every change is audited with them masked."""

    email_mode = models.CharField(_("邮件"), max_length=3, choices=ChannelMode.choices, blank=True)
    email_host = models.CharField(_("SMTP 服务器"), max_length=200, blank=True)
    email_port = models.PositiveIntegerField(_("SMTP 端口"), null=True, blank=True)
    email_security = models.CharField(
        _("加密方式"), max_length=4, blank=True,
        choices=[("", _("按环境变量")), ("none", _("不加密")), ("tls", "STARTTLS"), ("ssl", "SSL/TLS")],
    )  # fmt: skip
    email_user = models.CharField(_("SMTP 用户名"), max_length=200, blank=True)
    email_password = models.CharField(_("SMTP 密码"), max_length=500, blank=True)
    from_email = models.CharField(_("发件人"), max_length=200, blank=True)
    sms_mode = models.CharField(_("短信"), max_length=3, choices=ChannelMode.choices, blank=True)
    sms_url = models.CharField(_("短信网关地址"), max_length=1000, blank=True)
    sms_method = models.CharField(
        _("请求方式"), max_length=4, blank=True, choices=[("", _("按环境变量")), ("POST", "POST"), ("GET", "GET")]
    )
    sms_format = models.CharField(
        _("请求体格式"), max_length=4, blank=True,
        choices=[("", _("按环境变量")), ("json", "JSON"), ("form", _("表单"))],
    )  # fmt: skip
    sms_body = models.TextField(_("请求体模板"), blank=True)
    sms_headers = models.TextField(_("请求头（JSON）"), blank=True)
    sms_success = models.CharField(_("成功应答包含"), max_length=200, blank=True)
    wecom_mode = models.CharField(_("企业微信群机器人"), max_length=3, choices=ChannelMode.choices, blank=True)
    wecom_webhook = models.CharField(_("企业微信 Webhook 地址"), max_length=1000, blank=True)
    dingtalk_mode = models.CharField(_("钉钉群机器人"), max_length=3, choices=ChannelMode.choices, blank=True)
    dingtalk_webhook = models.CharField(_("钉钉 Webhook 地址"), max_length=1000, blank=True)
    dingtalk_secret = models.CharField(_("钉钉加签密钥"), max_length=500, blank=True)
    feishu_mode = models.CharField(_("飞书群机器人"), max_length=3, choices=ChannelMode.choices, blank=True)
    feishu_webhook = models.CharField(_("飞书 Webhook 地址"), max_length=1000, blank=True)
    feishu_secret = models.CharField(_("飞书签名密钥"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("渠道设置")
        verbose_name_plural = _("渠道设置")

    def __str__(self) -> str:
        return str(_("渠道设置"))

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("notices:channels")
