"""渠道设置: a platform administrator configures the channels in the app, over the environment's
defaults; secrets are never shown back in full, every change is audited, and 发送测试消息 reaches a
real peer on localhost (or records why it failed)."""

import base64
import hashlib
import hmac
import json
from email import message_from_bytes
from email.header import decode_header, make_header
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from core.audit import history_for
from notices import actions, config
from notices.models import ChannelSettings, Delivery, DeliveryState

from .peers import HTTPReceiver, SMTPServer, running
from .test_channels import reopen

PAGE = reverse("notices:channels")
TEST = reverse("notices:channel-test")
SECRET = "SECabcdef0123456789"


@pytest.fixture
def robot(settings):
    server = running(HTTPReceiver())
    settings.QUZHI_DELIVERY_BACKOFF_SECONDS = 0
    settings.QUZHI_WECOM_WEBHOOK = settings.QUZHI_DINGTALK_WEBHOOK = settings.QUZHI_FEISHU_WEBHOOK = ""
    yield server
    server.shutdown()
    server.server_close()


def test_only_platform_administrators_see_and_change_the_channels(world, client_for):
    district = client_for(world.users["macun_admin"])
    assert district.get(PAGE).status_code == 403
    assert district.post(PAGE, {"wecom_mode": "off"}).status_code == 403
    assert district.post(TEST, {"channel": "email"}).status_code == 403
    assert not ChannelSettings.objects.exists()
    assert PAGE not in district.get(reverse("notices:list")).content.decode()
    admin = client_for(world.users["admin"])
    assert PAGE in admin.get(reverse("notices:list")).content.decode()
    page = admin.get(PAGE).content.decode()
    assert reverse("notices:delivery-list") in page and "发送测试消息" in page


def test_the_app_configured_dingtalk_robot_is_signed_with_the_stored_secret(
    world, tasks, robot, client_for, django_capture_on_commit_callbacks
):
    admin = client_for(world.users["admin"])
    webhook = f"{robot.url}/robot/send?access_token=tok-9f8e7d6c5b4a"
    response = admin.post(PAGE, {"dingtalk_mode": "on", "dingtalk_webhook": webhook, "dingtalk_secret": SECRET})
    assert response.status_code == 302
    page = admin.get(PAGE).content.decode()
    assert SECRET not in page and "tok-9f8e7d6c5b4a" not in page  # never shown back in full
    assert config.mask(SECRET) in page and "钉钉群机器人：已启用" in page
    reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
    [post] = robot.received
    query = parse_qs(urlsplit(post["path"]).query)
    assert query["access_token"] == ["tok-9f8e7d6c5b4a"]
    digest = hmac.new(SECRET.encode(), f"{query['timestamp'][0]}\n{SECRET}".encode(), hashlib.sha256).digest()
    assert query["sign"][0] == base64.b64encode(digest).decode()
    assert json.loads(post["body"])["msgtype"] == "markdown"
    # Audited, with the secrets masked.
    row = ChannelSettings.objects.get()
    [entry] = [e for e in history_for(row) if e.verb == "修改渠道设置"]
    logged = json.dumps([entry.before, entry.after], ensure_ascii=False)
    assert SECRET not in logged and "tok-9f8e7d6c5b4a" not in logged and "dingtalk_secret" in logged


def test_blank_keeps_a_secret_clear_removes_it_and_off_overrides_the_environment(
    world, tasks, robot, client_for, settings, django_capture_on_commit_callbacks
):
    admin = client_for(world.users["admin"])
    admin.post(PAGE, {"dingtalk_webhook": f"{robot.url}/a?access_token=x", "dingtalk_secret": SECRET})
    admin.post(PAGE, {"dingtalk_webhook": "", "dingtalk_secret": ""})  # blank: keep both
    row = ChannelSettings.objects.get()
    assert row.dingtalk_secret == SECRET and row.dingtalk_webhook.endswith("access_token=x")
    admin.post(PAGE, {"clear_dingtalk_secret": "on"})
    assert ChannelSettings.objects.get().dingtalk_secret == ""
    # The environment's robot is the default; switched off in the app, it posts nothing.
    settings.QUZHI_WECOM_WEBHOOK = f"{robot.url}/wecom?key=k"
    admin.post(PAGE, {"wecom_mode": "off"})
    assert not config.current().is_on("wecom")
    admin.post(PAGE, {"wecom_mode": ""})
    assert config.current().wecom_webhook == settings.QUZHI_WECOM_WEBHOOK
    admin.post(PAGE, {"dingtalk_mode": "off", "wecom_mode": "off"})
    reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
    assert robot.received == [] and not Delivery.objects.exists()


def test_bad_values_are_refused_with_the_field_named(world, client_for):
    admin = client_for(world.users["admin"])
    page = admin.post(PAGE, {"sms_headers": "not json"}).content.decode()
    assert "请求头应为 JSON 对象" in page
    page = admin.post(PAGE, {"wecom_webhook": "ftp://x"}).content.decode()
    assert "http://" in page
    page = admin.post(PAGE, {"feishu_mode": "on"}).content.decode()
    assert "须填写其地址" in page
    assert not ChannelSettings.objects.exists()


def test_the_test_message_reaches_smtp_or_records_why_not(
    world, client_for, settings, django_capture_on_commit_callbacks
):
    server = running(SMTPServer())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.QUZHI_NOTIFY_EMAIL = False
    admin = client_for(world.users["admin"])
    try:
        admin.post(PAGE, {"email_mode": "on", "email_host": "127.0.0.1", "email_port": server.server_address[1],
                          "email_security": "none", "from_email": "quzhi@example.gov.cn"})  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            response = admin.post(TEST, {"channel": "email", "address": "ops@example.gov.cn"})
        assert response.status_code == 302
    finally:
        server.shutdown()
        server.server_close()
    [message] = server.messages
    assert message["to"] == ["ops@example.gov.cn"] and message["from"] == "quzhi@example.gov.cn"
    subject = str(make_header(decode_header(message_from_bytes(message["data"])["Subject"])))
    assert subject == actions.TEST_TITLE
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.SENT and delivery.attempts == 1
    page = admin.get(PAGE).content.decode()
    assert "最近的测试消息" in page and "已发送" in page
    assert "发送测试消息" in [e.verb for e in history_for(ChannelSettings.objects.get())]
    # A robot that is down: one attempt, 发送失败 with the error, shown on the page.
    down = running(HTTPReceiver(status=500, answer=b"down"))
    try:
        admin.post(PAGE, {"wecom_mode": "on", "wecom_webhook": f"{down.url}/send?key=k"})
        with django_capture_on_commit_callbacks(execute=True):
            admin.post(TEST, {"channel": "wecom"})
    finally:
        down.shutdown()
        down.server_close()
    failed = Delivery.objects.get(channel="wecom")
    assert failed.state == DeliveryState.FAILED and "500" in failed.error and failed.attempts == 1
    assert "发送失败" in admin.get(PAGE).content.decode()
    # A channel that is off cannot be tested.
    response = admin.post(TEST, {"channel": "sms"}, follow=True)
    assert "该渠道未启用或未配置" in response.content.decode()
