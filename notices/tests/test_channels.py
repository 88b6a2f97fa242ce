"""Channels against real peers on localhost: an SMTP server, and an HTTP server standing in for the
企业微信 and 钉钉 robots. A failing receiver is retried, ends `failed`, and the action stays committed."""

import base64
import hashlib
import hmac
import json
from email import message_from_bytes
from email.header import decode_header, make_header
from urllib.parse import parse_qs, unquote_plus, urlsplit

from notices import channels
from notices.events import Kind
from notices.models import Delivery, DeliveryState, Notification
from supervision.models import SupervisedTask

from .conftest import reopen


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


def test_a_failing_receiver_is_retried_then_failed_and_the_action_stays(tasks, reopen_answered):
    failing = reopen_answered("QUZHI_WECOM_WEBHOOK", "/send?key=k", retries=2, status=500, answer=b"down")
    assert len(failing.received) == 3  # the first try and two retries
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, 3) and "500" in delivery.error
    assert SupervisedTask.objects.get(pk=tasks["anyang"].pk).state == "open"  # the reopening stands
    assert Notification.objects.filter(kind=Kind.TASK_REOPENED).exists()


def test_a_robot_refusal_in_its_answer_counts_as_failure(reopen_answered):
    reopen_answered(
        "QUZHI_DINGTALK_WEBHOOK", "/robot/send?access_token=abc", answer=b'{"errcode":310000,"errmsg":"sign not match"}'
    )
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.FAILED and "sign not match" in delivery.error


def test_the_delivery_log_is_for_platform_administrators(world, client_for, reopen_answered):
    reopen_answered("QUZHI_WECOM_WEBHOOK", "/send?key=k", status=500, answer=b"down")
    from django.urls import reverse

    url = reverse("notices:delivery-list")
    assert url in client_for(world.users["admin"]).get(reverse("notices:list")).content.decode()
    assert url not in client_for(world.users["macun_admin"]).get(reverse("notices:list")).content.decode()
    page = client_for(world.users["admin"]).get(url, {"state": "failed"}).content.decode()
    assert "发送失败" in page and "督办事项被重新打开" in page and "HTTP Error 500" in page
    assert client_for(world.users["macun_admin"]).get(url).status_code == 403
