"""Channels against real peers on localhost: an SMTP server, and an HTTP server standing in for the
企业微信 and 钉钉 robots. A failing receiver is retried, ends `failed`, and the action stays committed."""

import base64
import hashlib
import hmac
import json
from email import message_from_bytes
from email.header import decode_header, make_header
from urllib.parse import parse_qs, unquote_plus, urlsplit

import pytest

from core.context import acting_as
from notices import channels
from notices.events import Kind
from notices.models import Delivery, DeliveryState, Notification
from supervision.models import SupervisedTask

from .peers import HTTPReceiver, SMTPServer, running


@pytest.fixture
def smtp(settings):
    server = running(SMTPServer())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.server_address[1]
    settings.QUZHI_NOTIFY_EMAIL = True
    settings.QUZHI_SITE_URL = "https://quzhi.example.gov.cn"
    settings.QUZHI_DELIVERY_BACKOFF_SECONDS = 0
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def robot(settings):
    server = running(HTTPReceiver())
    settings.QUZHI_DELIVERY_BACKOFF_SECONDS = 0
    settings.QUZHI_SITE_URL = "https://quzhi.example.gov.cn"
    yield server
    server.shutdown()
    server.server_close()


def reopen(world, task, capture):
    from supervision import actions as task_actions

    with acting_as(world.users["anyang"]):
        task_actions.complete_task(actor=world.users["anyang"], task=task, note="已完成")
    with acting_as(world.users["admin"]), capture(execute=True):
        task_actions.reopen_task(actor=world.users["admin"], task=task, reason="资料不全")


def test_an_email_reaches_the_smtp_server_with_subject_recipient_and_link(
    world, tasks, smtp, django_capture_on_commit_callbacks
):
    user = world.users["anyang"]
    user.email = "anyang@example.gov.cn"
    user.save()
    reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
    assert len(smtp.messages) == 1
    sent = smtp.messages[0]
    assert sent["to"] == ["anyang@example.gov.cn"]
    mail = message_from_bytes(sent["data"])
    assert str(make_header(decode_header(mail["Subject"]))) == "督办事项被重新打开：农庄道路硬化"
    text = mail.get_payload(decode=True).decode(mail.get_content_charset())
    assert f"https://quzhi.example.gov.cn{tasks['anyang'].get_absolute_url()}" in text and "资料不全" in text
    delivery = Delivery.objects.get()
    assert (delivery.channel, delivery.state, delivery.attempts) == ("email", DeliveryState.SENT, 1)


def test_the_wecom_robot_gets_its_markdown_message(world, tasks, robot, settings, django_capture_on_commit_callbacks):
    settings.QUZHI_WECOM_WEBHOOK = f"{robot.url}/cgi-bin/webhook/send?key=test-key"
    reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
    [post] = robot.received
    assert post["path"] == "/cgi-bin/webhook/send?key=test-key"
    body = json.loads(post["body"])
    assert body["msgtype"] == "markdown" and set(body) == {"msgtype", "markdown"}
    content = body["markdown"]["content"]
    assert content.startswith("**督办事项被重新打开：农庄道路硬化**") and "资料不全" in content
    assert f"(https://quzhi.example.gov.cn{tasks['anyang'].get_absolute_url()})" in content
    assert Delivery.objects.get().address == urlsplit(robot.url).netloc  # the token is not logged


def test_the_dingtalk_robot_gets_a_signed_url_that_verifies(
    world, tasks, robot, settings, django_capture_on_commit_callbacks
):
    secret = "SEC0123456789abcdef"
    settings.QUZHI_DINGTALK_WEBHOOK = f"{robot.url}/robot/send?access_token=abc"
    settings.QUZHI_DINGTALK_SECRET = secret
    reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
    [post] = robot.received
    query = parse_qs(urlsplit(post["path"]).query)
    assert query["access_token"] == ["abc"]
    timestamp, sign = query["timestamp"][0], query["sign"][0]
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert sign == expected  # parse_qs has already undone the URL encoding
    body = json.loads(post["body"])
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["title"] == "督办事项被重新打开：农庄道路硬化"
    assert body["markdown"]["text"].startswith("#### 督办事项被重新打开：农庄道路硬化")


def test_the_signature_matches_dingtalks_documented_example():
    url = channels.dingtalk_signed_url("https://oapi.dingtalk.com/robot/send?access_token=x", "secret", 1577808000000)
    sign = unquote_plus(parse_qs(urlsplit(url).query, keep_blank_values=True)["sign"][0])
    digest = hmac.new(b"secret", b"1577808000000\nsecret", hashlib.sha256).digest()
    assert sign == base64.b64encode(digest).decode() and "timestamp=1577808000000" in url


def test_a_failing_receiver_is_retried_then_failed_and_the_action_stays(
    world, tasks, settings, django_capture_on_commit_callbacks
):
    failing = running(HTTPReceiver(status=500, answer=b"down"))
    try:
        settings.QUZHI_WECOM_WEBHOOK = f"{failing.url}/send?key=k"
        settings.QUZHI_DELIVERY_RETRIES, settings.QUZHI_DELIVERY_BACKOFF_SECONDS = 2, 0
        reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
    finally:
        failing.shutdown()
        failing.server_close()
    assert len(failing.received) == 3  # the first try and two retries
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, 3) and "500" in delivery.error
    assert SupervisedTask.objects.get(pk=tasks["anyang"].pk).state == "open"  # the reopening stands
    assert Notification.objects.filter(kind=Kind.TASK_REOPENED).exists()


def test_a_robot_refusal_in_its_answer_counts_as_failure(world, tasks, settings, django_capture_on_commit_callbacks):
    refusing = running(HTTPReceiver(answer=b'{"errcode":310000,"errmsg":"sign not match"}'))
    try:
        settings.QUZHI_DINGTALK_WEBHOOK = f"{refusing.url}/robot/send?access_token=abc"
        settings.QUZHI_DELIVERY_RETRIES, settings.QUZHI_DELIVERY_BACKOFF_SECONDS = 0, 0
        reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
    finally:
        refusing.shutdown()
        refusing.server_close()
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.FAILED and "sign not match" in delivery.error


def test_the_delivery_log_is_for_platform_administrators(
    world, tasks, settings, client_for, django_capture_on_commit_callbacks
):
    failing = running(HTTPReceiver(status=500, answer=b"down"))
    try:
        settings.QUZHI_WECOM_WEBHOOK = f"{failing.url}/send?key=k"
        settings.QUZHI_DELIVERY_RETRIES, settings.QUZHI_DELIVERY_BACKOFF_SECONDS = 0, 0
        reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
    finally:
        failing.shutdown()
        failing.server_close()
    from django.urls import reverse

    url = reverse("notices:delivery-list")
    assert url in client_for(world.users["admin"]).get(reverse("notices:list")).content.decode()
    assert url not in client_for(world.users["macun_admin"]).get(reverse("notices:list")).content.decode()
    page = client_for(world.users["admin"]).get(url, {"state": "failed"}).content.decode()
    assert "发送失败" in page and "督办事项被重新打开" in page and "HTTP Error 500" in page
    assert client_for(world.users["macun_admin"]).get(url).status_code == 403
