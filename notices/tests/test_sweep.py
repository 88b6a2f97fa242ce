"""`quzhi notify_sweep`: reminders of tasks close to or past their deadline, to the lead unit, not twice."""

from datetime import date, timedelta
from io import StringIO

import time_machine
from django.core.management import call_command

from notices.events import Kind
from notices.models import Notification


def sweep(day: date) -> str:
    out = StringIO()
    call_command("notify_sweep", as_of=day.isoformat(), stdout=out)
    return out.getvalue()


def test_it_reminds_the_lead_unit_of_an_overdue_task_once_a_window(world, tasks, settings):
    settings.QUZHI_REMINDER_WINDOW_DAYS = 7
    with time_machine.travel(date(2026, 9, 21)):
        assert "发送提醒 1 条" in sweep(date(2026, 9, 21))
        got = Notification.objects.get()
        assert (got.kind, got.recipient, got.target) == (Kind.TASK_OVERDUE, world.users["anyang"], tasks["anyang"])
        assert "2026-09-15" in got.body
        assert "发送提醒 0 条" in sweep(date(2026, 9, 22))
    with time_machine.travel(date(2026, 9, 21) + timedelta(days=8)):
        sweep(date(2026, 9, 29))
    overdue = Notification.objects.filter(kind=Kind.TASK_OVERDUE, recipient=world.users["anyang"])
    assert overdue.count() == 2


def test_it_warns_before_the_deadline(world, tasks):
    # 冯营街道's task: five working days from 2026-09-28, across National Day (due 2026-10-10).
    sweep(date(2026, 10, 9))
    soon = Notification.objects.filter(kind=Kind.TASK_DUE_SOON)
    assert {n.recipient.username for n in soon} == {"fengying", "readonly"}
    assert all(n.target == tasks["fengying"] for n in soon)
    assert not Notification.objects.exclude(kind=Kind.TASK_DUE_SOON).exclude(recipient__unit=world.units["anyang"])


def test_celery_beat_runs_the_same_sweep(world, tasks):
    from notices.tasks import sweep_reminders

    with time_machine.travel(date(2026, 9, 21)):
        assert sweep_reminders() == 1
        assert sweep_reminders() == 0
