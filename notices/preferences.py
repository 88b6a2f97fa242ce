"""Who gets a message through the personal channels (email, SMS), and when: each recipient's
消息设置 (notices.models.Preference) — events, channels, quiet hours, the daily digest. The
message centre is not asked: it always receives everything."""

from datetime import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from . import quiet
from .models import Channel, Delivery, DeliveryState, Preference

DEFAULTS = Preference()  # a user who never saved 消息设置: every event, every channel, no quiet hours


def configured_channels() -> list[str]:
    """The personal channels an administrator has set up (an intranet may have none)."""
    from . import config

    return config.current().personal()


def digest_time() -> time:
    hour, _, minute = str(getattr(settings, "QUZHI_DIGEST_TIME", "08:00")).partition(":")
    return time(int(hour), int(minute or 0))


def personal_deliveries(*, kind: str, people: list, channels: list[str] | None = None) -> list[Delivery]:
    """Unsaved deliveries of one message to `people` through email and SMS, as their preferences
    say: queued to go now, or held until quiet hours end or the digest is due."""
    channels = configured_channels() if channels is None else channels
    if not channels or not people:
        return []
    prefs = {p.user_id: p for p in Preference.objects.filter(user_id__in=[u.pk for u in people])}
    phones = {}
    if Channel.SMS in channels:
        rows = get_user_model().objects.filter(pk__in=[u.pk for u in people]).values_list("pk", "person__phone")
        phones = {pk: phone or "" for pk, phone in rows}
    now = timezone.localtime()
    calendar = None
    out = []
    for user in people:
        pref = prefs.get(user.pk, DEFAULTS)
        rest_day = None
        if pref.quiet_rest_days:
            if calendar is None:
                from core.calendar import workday_calendar

                calendar = workday_calendar()
            rest_day = lambda day, cal=calendar: not cal.is_workday(day)  # noqa: E731
        if pref.digest:  # the next digest time, on a working day when non-working days are quiet
            at = quiet.next_at(now, digest_time())
            hold = quiet.release_at(at, start=None, end=None, rest_day=rest_day, morning=digest_time()) or at
        else:
            hold = quiet.release_at(now, start=pref.quiet_start, end=pref.quiet_end, rest_day=rest_day)
        for channel in channels:
            if not pref.wants(kind, channel):
                continue
            sms_to = pref.phone or phones.get(user.pk, "")
            address = getattr(user, "email", "") if channel == Channel.EMAIL else sms_to
            if not address:
                continue
            state = DeliveryState.HELD if hold else DeliveryState.QUEUED
            out.append(Delivery(channel=channel, address=address, recipient_id=user.pk, digest=pref.digest,
                                hold_until=hold, state=state))  # fmt: skip
    return out
