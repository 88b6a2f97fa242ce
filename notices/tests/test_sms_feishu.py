"""The SMS gateway (URL, method, body template and headers from settings) and the 飞书 group robot
(its post message, and its 签名校验), against an HTTP server on localhost started by the test."""

import base64
import hashlib
import hmac
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from notices import actions, channels
from notices.models import Delivery, DeliveryState

from .conftest import reopen


@pytest.fixture
def sms(world, robot, settings):
    settings.QUZHI_SMS_URL = f"{robot.url}/sms/send"
    settings.QUZHI_SMS_HEADERS = '{"X-Api-Key": "k-123"}'
    actions.save_preferences(actor=world.users["anyang"], kinds_on=["task_reopened"], phone="13800138000")
    return robot


def test_it_posts_the_json_body_template_with_headers(world, tasks, sms, django_capture_on_commit_callbacks):
    reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
    [post] = sms.received
    assert post["path"] == "/sms/send" and post["headers"]["X-Api-Key"] == "k-123"
    body = json.loads(post["body"])
    assert body["mobile"] == "13800138000"
    assert body["content"].startswith("督办事项被重新打开：农庄道路硬化\n") and "资料不全" in body["content"]
    delivery = Delivery.objects.get()
    assert (delivery.channel, delivery.address, delivery.state) == ("sms", "13800138000", DeliveryState.SENT)


def test_it_sends_a_form_body_or_a_get_as_the_gateway_wants(
    world, tasks, sms, settings, django_capture_on_commit_callbacks
):
    settings.QUZHI_SMS_FORMAT = "form"
    settings.QUZHI_SMS_BODY = "user=quzhi&to={phone}&msg={text}"
    reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
    form = parse_qs(sms.received[0]["body"].decode())
    assert form["to"] == ["13800138000"] and form["msg"][0].startswith("督办事项被重新打开")
    assert sms.received[0]["headers"]["Content-Type"].startswith("application/x-www-form-urlencoded")
    settings.QUZHI_SMS_METHOD, settings.QUZHI_SMS_URL = "GET", "http://gw.example/send?m={phone}&t={text}"
    request = channels.sms_request("13800138000", "你好 & 再见")
    assert request.get_method() == "GET" and request.data is None
    assert parse_qs(urlsplit(request.full_url).query) == {"m": ["13800138000"], "t": ["你好 & 再见"]}


def test_a_gateway_answer_without_the_success_mark_fails(
    world, tasks, sms, settings, django_capture_on_commit_callbacks
):
    settings.QUZHI_SMS_SUCCESS = '"result":"0"'
    settings.QUZHI_DELIVERY_RETRIES = 0
    reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.FAILED and "errcode" in delivery.error


def test_the_feishu_robot_gets_a_signed_post_message_that_verifies(
    world,
    tasks,
    robot,
    settings,
    django_capture_on_commit_callbacks,
):
    secret = "feishu-secret"
    settings.QUZHI_FEISHU_WEBHOOK = f"{robot.url}/open-apis/bot/v2/hook/abc"
    settings.QUZHI_FEISHU_SECRET = secret
    reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
    [post] = robot.received
    assert post["path"] == "/open-apis/bot/v2/hook/abc"
    body = json.loads(post["body"])
    assert set(body) == {"timestamp", "sign", "msg_type", "content"} and body["msg_type"] == "post"
    expected = hmac.new(f"{body['timestamp']}\n{secret}".encode(), b"", hashlib.sha256).digest()
    assert body["sign"] == base64.b64encode(expected).decode()
    post_ = body["content"]["post"]["zh_cn"]
    assert post_["title"] == "督办事项被重新打开：农庄道路硬化"
    assert {
        "tag": "a",
        "text": "查看详情",
        "href": f"https://quzhi.example.gov.cn{tasks['anyang'].get_absolute_url()}",
    } in [part for line in post_["content"] for part in line]
    delivery = Delivery.objects.get()
    assert (delivery.channel, delivery.state, delivery.address) == (
        "feishu",
        DeliveryState.SENT,
        urlsplit(robot.url).netloc,
    )


def test_a_feishu_refusal_counts_as_failure(reopen_answered):
    reopen_answered(
        "QUZHI_FEISHU_WEBHOOK", "/open-apis/bot/v2/hook/abc", answer=b'{"code":19021,"msg":"sign match fail"}'
    )
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.FAILED and "sign match fail" in delivery.error


def test_an_unsigned_feishu_message_has_no_signature():
    body = channels.feishu_body("标题", "第一行\n第二行", "")
    assert body == {"msg_type": "post", "content": {"post": {"zh_cn": {"title": "标题", "content": [
        [{"tag": "text", "text": "第一行"}], [{"tag": "text", "text": "第二行"}]]}}}}  # fmt: skip
