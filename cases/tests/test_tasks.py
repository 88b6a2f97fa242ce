"""The nightly sweep as Celery beat runs it (inline in tests: CELERY_TASK_ALWAYS_EAGER)."""

from datetime import date

import time_machine
from django.conf import settings

from cases.models import Case
from cases.tasks import sweep_cases
from cases.testing import dispatched_complaint


def test_the_nightly_task_flags_overdue_cases_and_is_scheduled(world, types):
    with time_machine.travel(date(2026, 9, 1)):
        case = dispatched_complaint(world, types, title="井盖缺失", content="路口井盖缺失", on=date(2026, 9, 1))
    with time_machine.travel(date(2026, 10, 20)):
        changed, _escalated = sweep_cases.delay().get()
    assert changed == 1 and Case.objects.get(pk=case.pk).overdue  # not signed for within a working day
    assert settings.CELERY_BEAT_SCHEDULE["case-sweep"]["task"] == "cases.tasks.sweep_cases"
