"""消息设置: events and channels per user, quiet hours (nights, non-working days) and the daily
digest — against a real SMTP server on localhost. The message centre always receives everything."""

from datetime import datetime, time
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from notices import actions, quiet
from notices.events import Kind
from notices.models import Delivery, DeliveryState, Notification

from .conftest import reopen

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def test_it_tells_a_nightly_window_across_midnight():
    assert quiet.in_window(time(23, 0), time(22, 0), time(7, 30))
    assert quiet.in_window(time(6, 0), time(22, 0), time(7, 30))
    assert not quiet.in_window(time(7, 30), time(22, 0), time(7, 30))
    assert quiet.in_window(time(13, 0), time(12, 0), time(14, 0))
    assert not quiet.in_window(time(13, 0), None, None)


def test_it_holds_until_the_window_ends_and_past_rest_days():
    night = {"start": time(22, 0), "end": time(7, 30)}
    assert quiet.release_at(at(2026, 9, 22, 23, 0), **night) == at(2026, 9, 23, 7, 30)
    assert quiet.release_at(at(2026, 9, 23, 6, 0), **night) == at(2026, 9, 23, 7, 30)
    assert quiet.release_at(at(2026, 9, 23, 10, 0), **night) is None
    weekend = {datetime(2026, 11, 14).date(), datetime(2026, 11, 15).date()}
    # Friday night → Saturday and Sunday rest → Monday at the window's end.
    got = quiet.release_at(at(2026, 11, 13, 23, 0), **night, rest_day=weekend.__contains__)
    assert got == at(2026, 11, 16, 7, 30)
    assert quiet.release_at(at(2026, 11, 14, 12, 0), start=None, end=None, rest_day=weekend.__contains__) == at(
        2026, 11, 16, 8, 0
    )


@pytest.fixture
def anyang(world):
    user = world.users["anyang"]
    user.email = "anyang@example.gov.cn"
    user.save()
    return user


def save(user, **kwargs):
    return actions.save_preferences(actor=user, kinds_on=kwargs.pop("kinds_on", Kind.values), **kwargs)


def test_quiet_hours_hold_the_email_until_morning(world, tasks, anyang, smtp, django_capture_on_commit_callbacks):
    save(anyang, quiet_start=time(22, 0), quiet_end=time(7, 30))
    with time_machine.travel(at(2026, 9, 22, 23, 0), tick=False):
        reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
        assert smtp.messages == []
        held = Delivery.objects.get()
        assert (held.state, held.recipient, held.hold_until) == (DeliveryState.HELD, anyang, at(2026, 9, 23, 7, 30))
        assert Notification.objects.filter(recipient=anyang, kind=Kind.TASK_REOPENED).exists()  # in-app at once
        with django_capture_on_commit_callbacks(execute=True):
            assert actions.flush_held() == 0
    with time_machine.travel(at(2026, 9, 23, 7, 31), tick=False), django_capture_on_commit_callbacks(execute=True):
        out = StringIO()
        call_command("notify_sweep", flush_only=True, stdout=out)
    assert "发送暂缓的消息 1 条" in out.getvalue()
    assert [m["to"] for m in smtp.messages] == [["anyang@example.gov.cn"]]
    assert Delivery.objects.get().state == DeliveryState.SENT


def test_non_working_days_wait_for_the_next_working_day(world, tasks, anyang, smtp, django_capture_on_commit_callbacks):
    save(anyang, quiet_rest_days=True)
    with time_machine.travel(at(2026, 11, 14, 10, 0), tick=False):  # a Saturday
        reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
    held = Delivery.objects.get()
    assert (held.state, held.hold_until) == (DeliveryState.HELD, at(2026, 11, 16, 8, 0))
    assert smtp.messages == []


def test_an_event_or_channel_switched_off_sends_no_email_but_the_centre_still_shows_it(
    world,
    tasks,
    anyang,
    smtp,
    django_capture_on_commit_callbacks,
):
    save(anyang, kinds_on=[k for k in Kind.values if k != Kind.TASK_REOPENED])
    reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
    assert smtp.messages == [] and not Delivery.objects.exists()
    assert Notification.objects.filter(recipient=anyang, kind=Kind.TASK_REOPENED).count() == 1
    save(anyang, email=False)
    reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
    assert smtp.messages == [] and not Delivery.objects.exists()
    save(anyang)
    reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
    assert len(smtp.messages) == 1


def test_the_daily_digest_sends_one_summary(world, tasks, anyang, smtp, settings, django_capture_on_commit_callbacks):
    settings.QUZHI_DIGEST_TIME = "08:00"
    save(anyang, digest=True)
    with time_machine.travel(at(2026, 9, 22, 10, 0), tick=False):
        reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
        reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
    assert smtp.messages == []
    assert set(Delivery.objects.values_list("state", "hold_until")) == {(DeliveryState.HELD, at(2026, 9, 23, 8, 0))}
    with time_machine.travel(at(2026, 9, 23, 8, 5), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert actions.flush_held() == 1
    assert len(smtp.messages) == 1
    summary = Delivery.objects.get(state=DeliveryState.SENT)
    assert summary.title == "消息汇总：2 条新消息" and summary.body.count("督办事项被重新打开") == 2
    assert Delivery.objects.filter(state=DeliveryState.DIGESTED).count() == 2


def test_the_settings_page_is_reached_from_the_centre_and_saves(world, anyang, client_for, settings):
    settings.QUZHI_NOTIFY_EMAIL = True
    client = client_for(anyang)
    url = reverse("notices:preferences")
    assert url in client.get(reverse("notices:list")).content.decode()
    page = client.get(url).content.decode()
    assert "消息设置" in page and "免打扰开始" in page and "督办事项超期" in page and 'name="email"' in page
    assert 'name="sms"' not in page  # no SMS gateway configured
    answer = client.post(url, {"kinds": [Kind.TASK_OVERDUE], "email": "on", "quiet_start": "22:00",
                               "quiet_end": "07:30", "digest": ""})  # fmt: skip
    assert answer.status_code == 302
    pref = anyang.notice_preference
    assert pref.wants(Kind.TASK_OVERDUE, "email") and not pref.wants(Kind.TASK_REOPENED, "email")
    assert (pref.quiet_start, pref.quiet_end, pref.digest) == (time(22, 0), time(7, 30), False)
    bad = client.post(url, {"kinds": [Kind.TASK_OVERDUE], "quiet_start": "22:00"})
    assert bad.status_code == 200 and "免打扰时段须同时填写开始和结束时间" in bad.content.decode()


def test_each_user_sees_and_changes_only_their_own(world, anyang, client_for):
    save(anyang, digest=True)
    other = world.users["macun_admin"]
    page = client_for(other).get(reverse("notices:preferences")).content.decode()
    assert "checked" not in page.split('name="digest"')[1].split(">")[0]
    client_for(other).post(reverse("notices:preferences"), {"digest": "on"})
    anyang.refresh_from_db()
    assert anyang.notice_preference.digest and other.notice_preference.digest


@pytest.mark.django_db(transaction=True)
def test_it_holds_through_the_page_with_real_transactions(client, smtp):
    """消息设置 saved through the page, then a message sent in a real transaction: the email waits
    for the end of quiet hours and goes out when held messages are flushed."""
    from org.testing import build_world

    world = build_world()
    user = world.users["anyang"]
    user.email = "anyang@example.gov.cn"
    user.save()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    answer = client.post(reverse("notices:preferences"), {"kinds": Kind.values, "email": "on",
                                                         "quiet_start": "22:00", "quiet_end": "07:30"})  # fmt: skip
    assert answer.status_code == 302
    with time_machine.travel(at(2026, 9, 22, 23, 0), tick=False):
        actions.notify(recipients=[user], kind=Kind.URGED, title="请尽快办理", url="/notices/")
    held = Delivery.objects.get()
    assert held.state == DeliveryState.HELD and smtp.messages == []
    with time_machine.travel(at(2026, 9, 23, 7, 45), tick=False):
        assert actions.flush_held() == 1
    assert [m["to"] for m in smtp.messages] == [["anyang@example.gov.cn"]]
    assert Delivery.objects.get().state == DeliveryState.SENT


def test_the_settings_page_reads_in_english(world, anyang, client_for, settings):
    settings.QUZHI_NOTIFY_EMAIL = True
    client = client_for(anyang)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("notices:preferences")).content.decode()
    assert "Message settings" in page and "Do not disturb from" in page and "Daily summary" in page
    assert "免打扰" not in page


def test_a_digest_due_on_a_non_working_day_waits_for_the_next_working_day(
    world,
    tasks,
    anyang,
    smtp,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.QUZHI_DIGEST_TIME = "08:30"
    save(anyang, digest=True, quiet_rest_days=True)
    with time_machine.travel(at(2026, 11, 13, 18, 0), tick=False):  # Friday evening
        reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
    assert Delivery.objects.get().hold_until == at(2026, 11, 16, 8, 30)  # Monday, not Saturday
