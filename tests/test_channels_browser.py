"""In a real browser: a platform administrator configures the 企业微信 robot and the 钉钉 secret under
渠道设置, sees the secret masked, sends a test message that reaches a robot on localhost, and opens
the delivery log from the page."""

import json

import pytest

from notices.models import ChannelSettings, Delivery, DeliveryState
from notices.tests.peers import HTTPReceiver, running
from org.testing import PASSWORD, build_world

from .browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "SECbrowser0123456789"


def test_an_administrator_configures_a_robot_and_sends_a_test_message(live_server, browser_page, settings):
    settings.QUZHI_WECOM_WEBHOOK = settings.QUZHI_DINGTALK_WEBHOOK = settings.QUZHI_FEISHU_WEBHOOK = ""
    build_world()
    robot = running(HTTPReceiver())
    page = browser_page
    try:
        log_in(page, live_server, "admin", PASSWORD)
        page.goto(f"{live_server.url}/notices/")
        page.get_by_role("link", name="渠道设置").click()
        page.wait_for_url("**/notices/channels/")
        assert "企业微信群机器人：未启用" in page.inner_text("#channel-status")
        page.select_option("#id_wecom_mode", value="on")
        page.fill("#id_wecom_webhook", f"{robot.url}/cgi-bin/webhook/send?key=browser-key-123456")
        page.fill("#id_dingtalk_secret", SECRET)
        page.locator("#channel-form button[type=submit]").click()
        page.wait_for_url("**/notices/channels/")
        assert "渠道设置已保存" in page.inner_text("body")
        assert "企业微信群机器人：已启用" in page.inner_text("#channel-status")
        assert page.input_value("#id_dingtalk_secret") == "" and page.input_value("#id_wecom_webhook") == ""
        html = page.content()
        assert SECRET not in html and "browser-key-123456" not in html and "••••" in html
        row = ChannelSettings.objects.get()
        assert row.dingtalk_secret == SECRET and row.wecom_mode == "on"

        page.select_option("#id_channel", value="wecom")
        page.locator("#test-form button[type=submit]").click()
        page.wait_for_url("**/notices/channels/")
        assert "已发送" in page.inner_text("#test-results")
        [post] = robot.received
        assert json.loads(post["body"])["msgtype"] == "markdown"
        assert Delivery.objects.get().state == DeliveryState.SENT

        page.get_by_role("link", name="发送记录").click()
        page.wait_for_url("**/notices/deliveries/")
        assert "区治平台测试消息" in page.inner_text("main")
    finally:
        robot.shutdown()
        robot.server_close()
