"""Sending one delivery through its channel: email over SMTP (Django's mail backend), and the group
robots of 企业微信 and 钉钉 by webhook in their documented message formats. No database writes here:
notices.tasks records each attempt through the actions."""

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import send_mail

TIMEOUT_SECONDS = 10


class DeliveryError(Exception):
    pass


def absolute(url: str) -> str:
    base = getattr(settings, "QUZHI_SITE_URL", "").rstrip("/")
    return f"{base}{url}" if url.startswith("/") and base else url


def text_of(title: str, body: str, url: str) -> str:
    parts = [title]
    if body:
        parts.append(body)
    if url:
        parts.append(absolute(url))
    return "\n".join(parts)


def wecom_body(title: str, body: str, url: str) -> dict:
    """企业微信群机器人: a markdown message (msgtype markdown, markdown.content)."""
    link = absolute(url)
    content = f"**{title}**" + (f"\n{body}" if body else "") + (f"\n[查看详情]({link})" if link else "")
    return {"msgtype": "markdown", "markdown": {"content": content}}


def dingtalk_body(title: str, body: str, url: str) -> dict:
    """钉钉自定义机器人: a markdown message (msgtype markdown, markdown.title and markdown.text)."""
    link = absolute(url)
    text = f"#### {title}" + (f"\n\n{body}" if body else "") + (f"\n\n[查看详情]({link})" if link else "")
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


def dingtalk_signed_url(webhook: str, secret: str, timestamp_ms: int | None = None) -> str:
    """钉钉 加签: sign = urlencode(base64(HMAC-SHA256(secret, "{timestamp}\\n{secret}"))), added to the URL
    with the timestamp in milliseconds."""
    timestamp = str(timestamp_ms if timestamp_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest).decode())
    joiner = "&" if "?" in webhook else "?"
    return f"{webhook}{joiner}timestamp={timestamp}&sign={sign}"


def post_json(url: str, payload: dict) -> None:
    """POST the payload; both robots answer {"errcode": 0, …} when they accept it."""
    data = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            answer = response.read()
    except OSError as exc:  # refused, timed out, HTTP error status
        raise DeliveryError(str(exc)) from exc
    try:
        errcode = json.loads(answer or b"{}").get("errcode", 0)
    except (ValueError, AttributeError):
        errcode = 0
    if errcode:
        raise DeliveryError(answer.decode(errors="replace")[:500])


def send(delivery) -> None:
    """Send one delivery; raise DeliveryError (or the mail backend's error) when it did not go out."""
    if delivery.channel == "email":
        sent = send_mail(delivery.title, text_of("", delivery.body, delivery.url).lstrip("\n"),
                         settings.DEFAULT_FROM_EMAIL, [delivery.address], fail_silently=False)  # fmt: skip
        if not sent:
            raise DeliveryError("not accepted")
    elif delivery.channel == "wecom":
        post_json(settings.QUZHI_WECOM_WEBHOOK, wecom_body(delivery.title, delivery.body, delivery.url))
    elif delivery.channel == "dingtalk":
        url = settings.QUZHI_DINGTALK_WEBHOOK
        if settings.QUZHI_DINGTALK_SECRET:
            url = dingtalk_signed_url(url, settings.QUZHI_DINGTALK_SECRET)
        post_json(url, dingtalk_body(delivery.title, delivery.body, delivery.url))
    else:
        raise DeliveryError(f"unknown channel {delivery.channel}")
