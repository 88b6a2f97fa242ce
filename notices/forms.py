from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin

from .events import Kind
from .models import Channel


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
