from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin, style_fields

from .events import Kind
from .models import Channel, ChannelSettings


class PreferenceForm(StyledFormMixin, forms.Form):
    """消息设置. Shows only the personal channels an administrator has configured."""

    kinds = forms.MultipleChoiceField(
        label=_("通过邮件、短信发送的消息"), choices=Kind.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("消息中心总是收到全部消息。"),
    )  # fmt: skip
    email = forms.BooleanField(label=_("邮件"), required=False)
    sms = forms.BooleanField(label=_("短信"), required=False)
    phone = forms.CharField(
        label=_("接收短信的手机号"), max_length=20, required=False, help_text=_("不填则用人员信息中的电话。")
    )
    quiet_start = forms.TimeField(
        label=_("免打扰开始"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    quiet_end = forms.TimeField(
        label=_("免打扰结束"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("此时段内的邮件和短信暂缓，到结束时间再发送，如 22:00 至 07:30。"),
    )  # fmt: skip
    quiet_rest_days = forms.BooleanField(
        label=_("非工作日免打扰"), required=False,
        help_text=_("按工作日历，节假日和周末的邮件和短信到下一个工作日再发送。"),
    )  # fmt: skip
    digest = forms.BooleanField(
        label=_("每日汇总"), required=False, help_text=_("不逐条发送邮件和短信，每天汇总成一条发送。")
    )

    def __init__(self, *args, channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        if Channel.EMAIL not in channels:
            del self.fields["email"]
        if Channel.SMS not in channels:
            del self.fields["sms"]
            del self.fields["phone"]


class ChannelSettingsForm(StyledFormMixin, forms.ModelForm):
    """渠道设置. Secrets are never filled in: blank keeps the stored value, 清除 removes it; the
    help under each says whether one is stored (masked) and what the environment gives."""

    class Meta:
        model = ChannelSettings
        fields = [
            "email_mode", "email_host", "email_port", "email_security", "email_user", "email_password", "from_email",
            "sms_mode", "sms_url", "sms_method", "sms_format", "sms_body", "sms_headers", "sms_success",
            "wecom_mode", "wecom_webhook", "dingtalk_mode", "dingtalk_webhook", "dingtalk_secret",
            "feishu_mode", "feishu_webhook", "feishu_secret",
        ]  # fmt: skip
        widgets = {
            "sms_body": forms.Textarea(attrs={"rows": 2}),
            "sms_headers": forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.conf import settings

        from . import config

        row = self.instance
        for name, field in list(self.fields.items()):
            env = getattr(settings, config.FALLBACK.get(name, ""), "") if name in config.FALLBACK else ""
            if name in config.SECRETS:
                stored = getattr(row, name)
                field.widget = forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"})
                field.required = False
                note = _("已设置（%(m)s），留空不修改。") % {"m": config.mask(stored)} if stored else _("未设置。")
                if env:
                    note += " " + _("环境变量已配置（%(m)s）。") % {"m": config.mask(env)}
                field.help_text = note
                self.fields[f"clear_{name}"] = forms.BooleanField(
                    label=_("清除%(f)s") % {"f": field.label}, required=False
                )
            elif env not in ("", None) and name in config.FALLBACK:
                field.help_text = _("留空则用环境变量：%(v)s") % {"v": env}
        order = []
        for name in self.Meta.model._meta.fields:
            if name.name in self.fields:
                order.append(name.name)
                if f"clear_{name.name}" in self.fields:
                    order.append(f"clear_{name.name}")
        self.order_fields(order)
        style_fields(self)  # again: the secrets' widgets and the 清除 boxes are new

    def _post_clean(self):
        pass  # the action checks and saves; the form does not touch the instance

    def values(self) -> tuple[dict, list[str]]:
        """(the values to save, the secrets to clear)."""
        data = self.cleaned_data
        clear = [name[len("clear_") :] for name, on in data.items() if name.startswith("clear_") and on]
        values = {name: value for name, value in data.items() if not name.startswith("clear_")}
        return values, clear


class TestMessageForm(StyledFormMixin, forms.Form):
    channel = forms.ChoiceField(label=_("渠道"), choices=Channel.choices)
    address = forms.CharField(
        label=_("接收地址"), max_length=300, required=False,
        help_text=_("邮件填邮箱，短信填手机号；不填则发给您自己。群机器人发到其群。"),
    )  # fmt: skip
