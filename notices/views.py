from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from core import scope
from core.views import ActionFormView

from . import actions, config, preferences, urging
from .events import Kind
from .forms import ChannelSettingsForm, PreferenceForm, TestMessageForm
from .models import Channel, ChannelStatus, Delivery, DeliveryState, Notification, Preference


class NotificationListView(LoginRequiredMixin, ListView):
    """The user's own messages, newest first; ?unread=1 shows only the unread ones."""

    template_name = "notices/list.html"
    paginate_by = 30
    title = gettext_lazy("消息中心")

    def get_queryset(self):
        qs = Notification.objects.filter(recipient=self.request.user)
        if self.request.GET.get("unread"):
            qs = qs.filter(read_at__isnull=True)
        return qs.order_by("-created_at", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.title
        ctx["unread_only"] = bool(self.request.GET.get("unread"))
        ctx["sees_deliveries"] = scope.is_platform_admin(self.request.user)
        return ctx


class ReadView(LoginRequiredMixin, View):
    """Mark one message read and open its object (or go back to the list)."""

    def post(self, request, pk):
        notification = actions.mark_read(actor=request.user, notification_id=pk)
        url = notification.url
        if request.POST.get("open") and url and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
            return redirect(url)  # a path of this site only (allowed_hosts=None refuses any host)
        return redirect("notices:list")


class ReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        n = actions.mark_all_read(actor=request.user)
        messages.success(request, _("已将 %(n)s 条消息标记为已读。") % {"n": n})
        return redirect("notices:list")


class UrgeView(LoginRequiredMixin, View):
    """催办 on an object of a registered kind (see notices.urging); back to where the button was."""

    def post(self, request, app_label, model, pk):
        try:
            ct = ContentType.objects.get_by_natural_key(app_label, model)
        except ContentType.DoesNotExist:
            raise Http404 from None
        target = urging.target_for(f"{app_label}.{model}")
        queryset = target.visible(request.user) if target.visible else scope.restrict(
            ct.model_class()._default_manager.all(), request.user
        )  # fmt: skip
        obj = queryset.filter(pk=pk).first()
        if obj is None:
            raise Http404(_("没有找到该记录，或您无权查看。"))
        try:
            row = actions.urge(actor=request.user, obj=obj, note=request.POST.get("note", ""))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已催办，%(n)s 位承办人员将收到提醒。") % {"n": row.recipients})
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = obj.get_absolute_url()
        return redirect(back)


class DeliveryListView(LoginRequiredMixin, ListView):
    """发送记录: what went out through email, SMS and the group robots, with each failure's error.
    Platform administrators only (they configure the channels)."""

    template_name = "notices/deliveries.html"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            scope.ensure_platform_admin(request.user, _("只有平台管理员可以查看发送记录。"))
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        qs = Delivery.objects.order_by("-created_at", "-id")
        state = self.request.GET.get("state", "")
        return qs.filter(state=state) if state in DeliveryState.values else qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("发送记录")
        ctx["states"] = DeliveryState.choices
        ctx["state"] = self.request.GET.get("state", "")
        return ctx


class PreferenceView(ActionFormView):
    """消息设置: the signed-in user's own choice of events, channels, quiet hours and digest."""

    template_name = "notices/preferences.html"
    form_class = PreferenceForm
    title = gettext_lazy("消息设置")

    def check_permission(self) -> None:
        pass  # every user sets their own, and nobody else's

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "channels": preferences.configured_channels()}

    def get_initial(self):
        pref = Preference.objects.filter(user=self.request.user).first() or preferences.DEFAULTS
        return {
            "kinds": [k for k in Kind.values if k not in pref.kinds_off],
            "email": pref.email,
            "sms": pref.sms,
            "phone": pref.phone,
            "quiet_start": pref.quiet_start,
            "quiet_end": pref.quiet_end,
            "quiet_rest_days": pref.quiet_rest_days,
            "digest": pref.digest,
        }

    def perform(self, form):
        data = form.cleaned_data
        return actions.save_preferences(
            actor=self.request.user,
            kinds_on=data["kinds"],
            email=data.get("email", True),
            sms=data.get("sms", True),
            phone=data.get("phone", ""),
            quiet_start=data["quiet_start"],
            quiet_end=data["quiet_end"],
            quiet_rest_days=data["quiet_rest_days"],
            digest=data["digest"],
        )

    def get_success_url(self, result=None):
        return reverse("notices:preferences")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["channels"] = preferences.configured_channels()
        return ctx


class ChannelSettingsView(ActionFormView):
    """渠道设置: a platform administrator turns each channel on or off and configures it; blank
    values fall back to the environment. With 发送测试消息 and a link to 发送记录."""

    template_name = "notices/channels.html"
    form_class = ChannelSettingsForm
    title = gettext_lazy("渠道设置")
    success_message = gettext_lazy("渠道设置已保存。")

    def check_permission(self) -> None:
        scope.ensure_platform_admin(self.request.user, _("只有平台管理员可以设置消息渠道。"))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": config.stored()}

    def perform(self, form):
        values, clear = form.values()
        return actions.save_channel_settings(actor=self.request.user, values=values, clear=clear)

    def get_success_url(self, result=None):
        return reverse("notices:channels")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        cfg = config.current()
        states = {value: ChannelStatus.ON if cfg.is_on(value) else ChannelStatus.OFF for value in Channel.values}
        ctx["status"] = [(states[value], f"{label}：{states[value].label}") for value, label in Channel.choices]
        ctx["test_form"] = kwargs.get("test_form") or TestMessageForm()
        ctx["tests"] = list(Delivery.objects.filter(title=actions.TEST_TITLE).order_by("-created_at", "-id")[:5])
        return ctx


class TestMessageView(LoginRequiredMixin, View):
    """发送测试消息 from 渠道设置: one attempt, its result shown back on the page."""

    def post(self, request):
        scope.ensure_platform_admin(request.user, _("只有平台管理员可以发送测试消息。"))
        form = TestMessageForm(request.POST)
        if form.is_valid():
            try:
                actions.send_test_message(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, _("测试消息已发出，结果见下方“最近的测试消息”。"))
        else:
            messages.error(request, _("请选择渠道。"))
        return redirect("notices:channels")
