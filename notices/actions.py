"""Writing messages, marking them read, and 催办.

Messages are the recipient's own bookkeeping, like a session: writing or reading one is not a change
to the platform's data and is not audited. A 催办 is: it is a supervisor's act on an object, kept
in the audit log of that object and counted on it.
"""

import json
import logging
from collections.abc import Iterable
from datetime import time, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import actions as base
from core import audit, scope
from core.locking import lock
from core.models import AuditAction
from org.models import phone_validator

from . import queries
from . import recipients as who
from .events import Kind
from .models import Channel, ChannelSettings, Delivery, DeliveryState, Notification, Preference, Urge

log = logging.getLogger(__name__)


def _name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return user.get_full_name() or user.get_username()


@transaction.atomic
def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    obj: models.Model | None = None,
    actor=None,
    dedup_key: str = "",
    dedup_window: timedelta | None = None,
) -> list[Notification]:
    """One message to each recipient. With `dedup_key`, a recipient who had a message with the same
    key within `dedup_window` (default: ever) is skipped: the same reminder is not sent twice."""
    people = {u.pk: u for u in recipients}
    if dedup_key and people:
        seen = Notification.objects.filter(dedup_key=dedup_key, recipient_id__in=list(people))
        if dedup_window is not None:
            seen = seen.filter(created_at__gte=timezone.now() - dedup_window)
        for pk in seen.values_list("recipient_id", flat=True):
            people.pop(pk, None)
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False) if obj is not None else None
    rows = [
        Notification(
            recipient_id=pk,
            kind=Kind(kind),
            title=title[:200],
            body=body,
            url=url[:500],
            content_type=ct,
            object_id=str(obj.pk) if obj is not None else "",
            object_label=str(obj)[:200] if obj is not None else "",
            actor_name=_name(actor),
            dedup_key=dedup_key,
        )
        for pk in sorted(people)
    ]
    for row in rows:
        base.clean_text(row)
    rows = Notification.objects.bulk_create(rows)
    if rows:
        _queue_deliveries(rows[0], [people[pk] for pk in sorted(people)])
    return rows


def _queue_deliveries(sample: Notification, people: list) -> None:
    """The message through each configured channel: one post to each group robot, and through the
    personal channels (email, SMS) to each recipient whose 消息设置 want this event there — held
    for quiet hours or the daily digest when they say so. Sent after commit by notices.tasks.deliver;
    held ones by flush_held."""
    from . import config, preferences

    cfg = config.current()
    out = [Delivery(channel=channel, address=_host(url)) for channel, url in cfg.robots()]
    out += preferences.personal_deliveries(kind=sample.kind, people=people, channels=cfg.personal())
    if not out:
        return
    for d in out:
        d.title, d.body, d.url, d.kind = sample.title, sample.body, sample.url, sample.kind
    created = Delivery.objects.bulk_create(out)
    _send_later([d.pk for d in created if d.state == DeliveryState.QUEUED])


def _send_later(ids: list[int]) -> None:
    if not ids:
        return

    def send() -> None:
        from .tasks import deliver

        try:
            deliver.delay(ids)
        except Exception:
            log.exception("deliveries %s could not be started", ids)

    transaction.on_commit(send)


@transaction.atomic
def flush_held(*, now=None) -> int:
    """Send what quiet hours and the daily digest held back, once its time has come: a held message
    goes out as it was; a user's digest messages go out as one summary per channel. Returns how many
    deliveries were started. Run by the daily sweep and every quarter of an hour (notices.tasks)."""
    now = now or timezone.now()
    held = Delivery.objects.select_for_update().filter(state=DeliveryState.HELD, hold_until__lte=now)
    due = list(held.order_by("pk"))
    plain = [d.pk for d in due if not d.digest]
    Delivery.objects.filter(pk__in=plain).update(state=DeliveryState.QUEUED)
    groups: dict[tuple, list[Delivery]] = {}
    for d in due:
        if d.digest:
            groups.setdefault((d.recipient_id, d.channel, d.address), []).append(d)
    summaries = []
    for (recipient_id, channel, address), rows in groups.items():
        lines = [f"{i}. {d.title}" for i, d in enumerate(rows, 1)]
        summaries.append(Delivery(channel=channel, address=address, recipient_id=recipient_id,
                                  title=_("消息汇总：%(n)s 条新消息") % {"n": len(rows)}, body="\n".join(lines),
                                  url=reverse("notices:list")))  # fmt: skip
    Delivery.objects.filter(pk__in=[d.pk for rows in groups.values() for d in rows]).update(
        state=DeliveryState.DIGESTED
    )
    created = Delivery.objects.bulk_create(summaries)
    ids = plain + [d.pk for d in created]
    _send_later(ids)
    return len(ids)


@transaction.atomic
def save_preferences(
    *,
    actor,
    kinds_on: Iterable[str],
    email: bool = True,
    sms: bool = True,
    phone: str = "",
    quiet_start: time | None = None,
    quiet_end: time | None = None,
    quiet_rest_days: bool = False,
    digest: bool = False,
) -> Preference:
    """消息设置 of the actor themself. Like the messages, a user's own delivery preferences are their
    bookkeeping, not the platform's data: not audited (docs/notifications.md)."""
    if (quiet_start is None) != (quiet_end is None):
        raise ValidationError({"quiet_end": _("免打扰时段须同时填写开始和结束时间。")})
    if quiet_start is not None and quiet_start == quiet_end:
        raise ValidationError({"quiet_end": _("免打扰的开始和结束时间不能相同。")})
    phone = phone.strip()
    if phone:
        try:
            phone_validator(phone)
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from exc
    on = set(kinds_on)
    unknown = on - set(Kind.values)
    if unknown:
        raise ValidationError({"kinds": _("没有这种消息。")})
    pref, _created = Preference.objects.select_for_update().get_or_create(user=actor)
    pref.kinds_off = sorted(set(Kind.values) - on)
    pref.email, pref.sms, pref.phone = email, sms, phone
    pref.quiet_start, pref.quiet_end, pref.quiet_rest_days = quiet_start, quiet_end, quiet_rest_days
    pref.digest = digest
    pref.full_clean()
    pref.save()
    return pref


def _host(url: str) -> str:
    """Where a webhook posts, without its access token (the log is read by administrators)."""
    return urlsplit(url).netloc


@transaction.atomic
def record_attempt(*, delivery_id: int, error: str, final: bool) -> Delivery:
    """One attempt at sending a delivery: sent, or failed (for good when `final`, else to be retried)."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
    delivery.attempts += 1
    if not error:
        delivery.state, delivery.sent_at, delivery.error = DeliveryState.SENT, timezone.now(), ""
    else:
        delivery.state = DeliveryState.FAILED if final else DeliveryState.RETRYING
        delivery.error = error[:2000]
    delivery.save(update_fields=["attempts", "state", "sent_at", "error"])
    return delivery


@transaction.atomic
def notify_units_later(
    *, units: Iterable, obj: models.Model, kind: str, title: str, body: str = "", url: str = "", actor=None,
    visible: who.Visible | None = None,
) -> None:  # fmt: skip
    """After the calling action commits: a message to the users of `units` who may see `obj`
    (not to the actor). A failure is logged and never undoes the action."""
    units = [u for u in units if u is not None]

    def send() -> None:
        try:
            people = who.unit_users(units=units, obj=obj, visible=visible, exclude=actor)
            notify(recipients=people, kind=kind, title=title, body=body, url=url, obj=obj, actor=actor)
        except Exception:
            log.exception("notification %s about %r could not be written", kind, obj)

    transaction.on_commit(send)


# How long the same reminder of the daily run is not sent again (settings.QUZHI_REMINDER_WINDOW_DAYS).
REMINDER_WINDOW_DAYS = 7


@transaction.atomic
def send_reminders(*, reminders: Iterable, window: timedelta | None = None) -> int:
    """The daily run's reminders (notices.sweeps), each to the named units' users who may see its
    object; one already sent with the same key within `window` is not sent again. Returns how many
    messages were written."""
    if window is None:
        window = timedelta(days=int(getattr(settings, "QUZHI_REMINDER_WINDOW_DAYS", REMINDER_WINDOW_DAYS)))
    sent = 0
    for r in reminders:
        people = who.unit_users(units=r.units, obj=r.obj, visible=r.visible)
        sent += len(notify(recipients=people, kind=r.kind, title=r.title, body=r.body, url=r.url, obj=r.obj,
                           dedup_key=r.dedup_key, dedup_window=window))  # fmt: skip
    return sent


def _own(actor, notification_id: int) -> Notification:
    """The actor's own message, locked; anyone else's does not exist for them."""
    found = Notification.objects.select_for_update().filter(pk=notification_id, recipient_id=actor.pk).first()
    if found is None:
        raise Http404(_("没有找到该消息。"))
    return found


@transaction.atomic
def mark_read(*, actor, notification_id: int) -> Notification:
    notification = _own(actor, notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(read_at=timezone.now())


# 催办 --------------------------------------------------------------------------------------------


@transaction.atomic
def urge(*, actor, obj: models.Model, note: str = "") -> Urge:
    """催办: a reminder to whoever handles `obj`, naming who asked; audited on the object, and at most
    settings.QUZHI_URGE_LIMIT_PER_DAY times per object a day. The app of `obj` says in
    notices.urging who may urge it and who handles it."""
    from . import urging

    target = urging.target_for(obj)
    if not target.may(actor, obj):
        raise PermissionDenied(_("您没有催办该事项的权限。"))
    if target.is_closed(obj):
        raise ValidationError(_("该事项当前不在承办中，无需催办。"))
    lock(obj)  # two 催办 at once cannot both pass the day's limit
    limit = queries.urge_limit()
    if queries.urges_today(obj) >= limit:
        raise ValidationError(_("该事项今天已催办 %(n)s 次，达到每日上限。") % {"n": limit})
    row = Urge(content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), object_id=str(obj.pk),
               object_label=str(obj)[:200], actor=actor, actor_name=_name(actor), note=note.strip()[:500],
               scope_path=getattr(obj, "scope_path", "") or "")  # fmt: skip
    people = who.unit_users(units=target.units(obj), obj=obj, visible=target.visible, exclude=actor)
    row.recipients = len(people)
    base.create(row, verb=_("催办"))
    audit.record(obj=obj, action=AuditAction.OTHER, verb=_("催办"), after={"note": row.note, "recipients": len(people)})
    title = _("%(who)s 催办：%(obj)s") % {"who": row.actor_name, "obj": row.object_label}
    body = row.note or str(target.ask or _("请尽快办理。"))
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""

    def send() -> None:
        try:
            notify(recipients=people, kind=Kind.URGED, title=title, body=body, url=url, obj=obj, actor=actor)
        except Exception:
            log.exception("催办 message about %r could not be written", obj)

    transaction.on_commit(send)
    return row


# 渠道设置 ----------------------------------------------------------------------------------------

TEST_TITLE = "区治平台测试消息"


@transaction.atomic
def save_channel_settings(*, actor, values: dict, clear: Iterable[str] = ()) -> ChannelSettings:
    """渠道设置, by a platform administrator: the given values replace the stored ones; a secret left
    blank keeps the stored one unless it is named in `clear`. Audited, secrets masked."""
    from . import config

    scope.ensure_platform_admin(actor, _("只有平台管理员可以设置消息渠道。"))
    row, _created = ChannelSettings.objects.select_for_update().get_or_create(pk=1)
    fields = [f.name for f in ChannelSettings._meta.concrete_fields if f.name not in ("id", "updated_at")]
    unknown = set(values) - set(fields)
    if unknown:
        raise ValidationError(_("没有这些设置：%(f)s") % {"f": "、".join(sorted(unknown))})
    before = {name: getattr(row, name) for name in fields}
    for name, value in values.items():
        if name in config.SECRETS and value in ("", None):
            continue  # a secret is not shown back: blank keeps it
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    for name in clear:
        if name in config.SECRETS:
            setattr(row, name, "")
    if row.sms_headers.strip():
        try:
            headers = json.loads(row.sms_headers)
        except ValueError:
            headers = None
        if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
            raise ValidationError({"sms_headers": _('请求头应为 JSON 对象，如 {"X-Api-Key": "…"}。')})
    for name in ("sms_url", "wecom_webhook", "dingtalk_webhook", "feishu_webhook"):
        url = getattr(row, name)
        if url and urlsplit(url).scheme not in ("http", "https"):
            raise ValidationError({name: _("请填写以 http:// 或 https:// 开头的地址。")})
    cfg = config.current(row)
    for channel, label, needs in (
        ("email", _("邮件"), cfg.email_host),
        ("sms", _("短信"), cfg.sms_url),
        ("wecom", _("企业微信群机器人"), config.effective(row, "wecom_webhook")),
        ("dingtalk", _("钉钉群机器人"), config.effective(row, "dingtalk_webhook")),
        ("feishu", _("飞书群机器人"), config.effective(row, "feishu_webhook")),
    ):
        if getattr(row, f"{channel}_mode") == "on" and not needs:
            raise ValidationError({f"{channel}_mode": _("启用%(c)s须填写其地址。") % {"c": label}})
    after = {name: getattr(row, name) for name in fields}
    changed = [name for name in fields if before[name] != after[name]]
    if not changed:
        return row
    row.full_clean()
    row.save()

    def shown(values: dict) -> dict:
        return {n: config.mask(values[n]) if n in config.SECRETS else values[n] for n in changed}

    audit.record(obj=row, action=AuditAction.UPDATE, before=shown(before), after=shown(after), verb=_("修改渠道设置"))
    return row


@transaction.atomic
def send_test_message(*, actor, channel: str, address: str = "") -> Delivery:
    """发送测试消息 through one channel as now configured: to `address` for email and SMS (the
    administrator's own address or mobile by default), to the group for a robot. Written to the
    delivery log and sent once after commit; audited on 渠道设置."""
    from . import config

    scope.ensure_platform_admin(actor, _("只有平台管理员可以发送测试消息。"))
    if channel not in Channel.values:
        raise ValidationError({"channel": _("没有这个渠道。")})
    cfg = config.current()
    if not cfg.is_on(channel):
        raise ValidationError({"channel": _("该渠道未启用或未配置。")})
    address = address.strip()
    if channel == Channel.EMAIL:
        address = address or actor.email
        if not address or "@" not in address:
            raise ValidationError({"address": _("请填写接收测试邮件的地址。")})
    elif channel == Channel.SMS:
        address = address or getattr(getattr(actor, "person", None), "phone", "") or ""
        try:
            phone_validator(address)
        except ValidationError as exc:
            raise ValidationError({"address": _("请填写接收测试短信的手机号。")}) from exc
    else:
        address = _host(dict(cfg.robots())[channel])
    delivery = Delivery(channel=channel, address=address[:300], title=TEST_TITLE, recipient=actor,
                        body=_("这是 %(who)s 发送的测试消息，收到即说明该渠道可用。") % {"who": _name(actor)},
                        url=reverse("notices:list"))  # fmt: skip
    delivery.save()
    row, _created = ChannelSettings.objects.get_or_create(pk=1)
    shown = config.mask(address) if channel in (Channel.WECOM, Channel.DINGTALK, Channel.FEISHU) else address
    audit.record(
        obj=row, action=AuditAction.OTHER, verb=_("发送测试消息"), after={"channel": channel, "address": shown}
    )

    def send() -> None:
        from .tasks import deliver_once

        try:
            deliver_once.delay(delivery.pk)
        except Exception:
            log.exception("test delivery %s could not be started", delivery.pk)

    transaction.on_commit(send)
    return delivery
