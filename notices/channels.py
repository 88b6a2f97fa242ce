"""Sending one delivery through its channel: email over SMTP (Django's mail backend), an SMS
gateway over HTTP, and the group robots of 企业微信, 钉钉 and 飞书 by webhook in their documented
message formats. No database writes here: notices.tasks records each attempt through the actions."""

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import get_connection, send_mail

from . import config
from .config import Config

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


def feishu_body(title: str, body: str, url: str, secret: str = "", timestamp: int | None = None) -> dict:
    """飞书自定义机器人: a rich-text message (msg_type post, content.post.zh_cn with title and
    paragraphs of text and a link). With 签名校验, `timestamp` (seconds) and `sign` go in the body."""
    link = absolute(url)
    lines = [[{"tag": "text", "text": line}] for line in body.splitlines() if line.strip()]
    if link:
        lines.append([{"tag": "a", "text": "查看详情", "href": link}])
    payload = {"msg_type": "post", "content": {"post": {"zh_cn": {"title": title, "content": lines}}}}
    if secret:
        stamp = str(timestamp if timestamp is not None else int(time.time()))
        payload = {"timestamp": stamp, "sign": feishu_sign(stamp, secret), **payload}
    return payload


def feishu_sign(timestamp: str, secret: str) -> str:
    """飞书 签名校验: base64(HMAC-SHA256 keyed with "{timestamp}\n{secret}", of an empty message)."""
    digest = hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def sms_request(phone: str, text: str, cfg: Config | None = None) -> urllib.request.Request:
    """The SMS gateway's request, as 渠道设置 or the environment describe it (every province's
    gateway differs): the URL and the body template may hold {phone} and {text}, escaped for where
    they stand (the URL's query, a JSON body, or a form body); the headers are a JSON object."""
    cfg = cfg or config.current()
    fmt, method = cfg.sms_format, cfg.sms_method

    def fill(template: str, escape) -> str:
        return template.replace("{phone}", escape(phone)).replace("{text}", escape(text))

    url = fill(cfg.sms_url, urllib.parse.quote)
    headers = {}
    data = None
    template = cfg.sms_body
    if method != "GET" and template:
        if fmt == "form":
            data = fill(template, urllib.parse.quote_plus).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
        else:
            data = fill(template, lambda v: json.dumps(v, ensure_ascii=False)[1:-1]).encode()
            headers["Content-Type"] = "application/json; charset=utf-8"
    headers.update(cfg.sms_headers)
    return urllib.request.Request(url, data=data, headers=headers, method=method)


def send_sms(phone: str, text: str, cfg: Config | None = None) -> None:
    """A 2xx answer is success; with 成功应答包含 set, the answer must also contain it."""
    cfg = cfg or config.current()
    try:
        with urllib.request.urlopen(sms_request(phone, text, cfg), timeout=TIMEOUT_SECONDS) as response:
            answer = response.read().decode(errors="replace")
    except OSError as exc:
        raise DeliveryError(str(exc)) from exc
    expected = cfg.sms_success
    if expected and expected not in answer:
        raise DeliveryError(answer[:500])


def post_json(url: str, payload: dict) -> None:
    """POST the payload; the robots answer {"errcode": 0, …} (飞书 {"code": 0, …}) when they accept it."""
    data = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            answer = response.read()
    except OSError as exc:  # refused, timed out, HTTP error status
        raise DeliveryError(str(exc)) from exc
    try:
        parsed = json.loads(answer or b"{}")
        errcode = parsed.get("errcode", 0) or parsed.get("code", 0)
    except (ValueError, AttributeError):
        errcode = 0
    if errcode:
        raise DeliveryError(answer.decode(errors="replace")[:500])


def send(delivery) -> None:
    """Send one delivery through its channel as configured now (渠道设置, else the environment);
    raise DeliveryError (or the mail backend's error) when it did not go out."""
    cfg = config.current()
    if delivery.channel == "email":
        connection = get_connection(fail_silently=False, host=cfg.email_host, port=cfg.email_port,
                                    username=cfg.email_user, password=cfg.email_password,
                                    use_tls=cfg.email_use_tls, use_ssl=cfg.email_use_ssl)  # fmt: skip
        sent = send_mail(delivery.title, text_of("", delivery.body, delivery.url).lstrip("\n"),
                         cfg.from_email, [delivery.address], fail_silently=False, connection=connection)  # fmt: skip
        if not sent:
            raise DeliveryError("not accepted")
    elif delivery.channel == "wecom":
        post_json(_needed(cfg.wecom_webhook), wecom_body(delivery.title, delivery.body, delivery.url))
    elif delivery.channel == "dingtalk":
        url = _needed(cfg.dingtalk_webhook)
        if cfg.dingtalk_secret:
            url = dingtalk_signed_url(url, cfg.dingtalk_secret)
        post_json(url, dingtalk_body(delivery.title, delivery.body, delivery.url))
    elif delivery.channel == "feishu":
        post_json(_needed(cfg.feishu_webhook),
                  feishu_body(delivery.title, delivery.body, delivery.url, cfg.feishu_secret))  # fmt: skip
    elif delivery.channel == "sms":
        if not cfg.sms_url:
            raise DeliveryError("the SMS gateway is not configured")
        send_sms(delivery.address, text_of(delivery.title, delivery.body, delivery.url), cfg)
    else:
        raise DeliveryError(f"unknown channel {delivery.channel}")


def _needed(webhook: str) -> str:
    if not webhook:
        raise DeliveryError("the channel is switched off or has no webhook")
    return webhook
