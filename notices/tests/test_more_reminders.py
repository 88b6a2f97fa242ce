"""The daily run's reminders of monthly reports (to units with unreported projects) and of cases
near or past their limit (to the handling unit): exactly the right people, not twice."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from cases import actions as case_actions
from core.context import acting_as
from notices.events import Kind
from notices.models import Notification
from projects import actions as project_actions
from projects.models import Project

WAN = 10_000


def sweep(day: date) -> None:
    with time_machine.travel(day):
        call_command("notify_sweep", as_of=day.isoformat(), stdout=StringIO())


def told(kind) -> dict[str, Notification]:
    return {n.recipient.username: n for n in Notification.objects.filter(kind=kind).select_related("recipient")}


@pytest.fixture
def started(projects):
    Project.objects.filter(pk__in=[p.pk for p in projects.values()]).update(actual_start=date(2026, 1, 5))
    return projects


def test_it_reminds_units_of_unreported_projects_before_and_after_the_deadline(world, started):
    # October's report is due on the 5th working day of November 2026: Friday 6 November.
    sweep(date(2026, 11, 2))
    assert not told(Kind.REPORT_DUE_SOON)
    sweep(date(2026, 11, 4))
    soon = told(Kind.REPORT_DUE_SOON)
    assert soon["fengying"].target == world.units["fengying"] and soon["anyang"].target == world.units["anyang"]
    assert "生物医药产业园" in soon["fengying"].body and "茁成生态农庄二期" not in soon["fengying"].body
    assert "2026-11-06" in soon["anyang"].body and "month=10" in soon["anyang"].url
    assert all(n.recipient.unit in (world.units["fengying"], world.units["anyang"]) for n in soon.values())
    count = Notification.objects.filter(kind=Kind.REPORT_DUE_SOON).count()
    sweep(date(2026, 11, 5))
    assert Notification.objects.filter(kind=Kind.REPORT_DUE_SOON).count() == count  # not twice
    user = world.users["fengying"]
    with acting_as(user):
        report = project_actions.save_report(actor=user, project=started["fengying"], year=2026, month=10,
                                             monthly_investment=100 * WAN, ytd_investment=1000 * WAN)  # fmt: skip
        project_actions.submit_report(actor=user, report=report)
    sweep(date(2026, 11, 9))
    late = told(Kind.REPORT_OVERDUE)
    assert "anyang" in late and not any(n.recipient.unit == world.units["fengying"] for n in late.values())
    assert "已逾期" in late["anyang"].title


def test_it_reminds_the_handling_unit_of_a_case_near_and_past_its_limit(world, types):
    user, admin = world.users["enterprise"], world.users["macun_admin"]
    with acting_as(user):
        case = case_actions.submit_case(actor=user, case_type=types["enterprise"], title="用电增容", content="需增容",
                                        enterprise=world.enterprises["fengying"], on=date(2026, 3, 2))  # fmt: skip
    with time_machine.travel(date(2026, 3, 2)), acting_as(admin):
        case_actions.dispatch(actor=admin, case=case, handler_unit=world.units["fgw"])
    case.refresh_from_db()
    sweep(case.due_on)
    assert set(told(Kind.CASE_DUE_SOON)) == {"officer"}  # 发改委's user only
    assert told(Kind.CASE_DUE_SOON)["officer"].target == case
    sweep(date(2026, 3, 9))
    assert set(told(Kind.CASE_OVERDUE)) == {"officer"}
    assert "已超期" in told(Kind.CASE_OVERDUE)["officer"].body
    sweep(date(2026, 3, 10))
    assert Notification.objects.filter(kind=Kind.CASE_OVERDUE).count() == 1
