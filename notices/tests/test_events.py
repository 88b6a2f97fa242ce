"""Each event reaches exactly the users its table names, once the action commits, and nobody else."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases import actions as case_actions
from cases import sweeping
from core import scope
from core.context import acting_as
from notices.events import EVENTS, Kind
from notices.models import Notification
from projects import actions as project_actions
from supervision import actions as task_actions
from supervision.models import SupervisedTask

WAN = 10_000


def told(kind) -> dict[str, str]:
    return {n.recipient.username: n for n in Notification.objects.filter(kind=kind).select_related("recipient")}


@pytest.fixture
def submitted(world, projects):
    user = world.users["fengying"]
    with acting_as(user):
        report = project_actions.save_report(actor=user, project=projects["fengying"], year=2026, month=6,
                                             monthly_investment=2000 * WAN, ytd_investment=12602 * WAN)  # fmt: skip
        project_actions.submit_report(actor=user, report=report)
    return report


def test_it_tells_the_reporting_unit_that_its_report_was_returned_with_the_reason(
    world, submitted, django_capture_on_commit_callbacks
):
    reviewer = world.users["macun_admin"]
    with acting_as(reviewer), django_capture_on_commit_callbacks(execute=True):
        project_actions.return_report(actor=reviewer, report=submitted, reason="累计数与上月不符")
    got = told(Kind.REPORT_RETURNED)
    # 冯营街道's staff (the writer and the read-only user); not the enterprise account, not the
    # community below, not 安阳城, not the reviewer, not the district.
    assert set(got) == {"fengying", "readonly"}
    message = got["fengying"]
    assert "累计数与上月不符" in message.body and message.url == submitted.get_absolute_url()
    assert message.actor_name == reviewer.get_full_name() and message.target == submitted


def test_it_tells_the_reporting_unit_of_an_approval(world, submitted, django_capture_on_commit_callbacks):
    reviewer = world.users["macun_admin"]
    with acting_as(reviewer), django_capture_on_commit_callbacks(execute=True):
        project_actions.approve_report(actor=reviewer, report=submitted)
    assert set(told(Kind.REPORT_APPROVED)) == {"fengying", "readonly"}


def test_nothing_is_sent_when_the_action_fails(world, submitted, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        project_actions.return_report(actor=world.users["macun_admin"], report=submitted, reason=" ")
    assert callbacks == [] and not Notification.objects.exists()


def test_it_tells_the_lead_unit_of_a_new_task_and_of_a_reopening(world, projects, django_capture_on_commit_callbacks):
    admin = world.users["admin"]
    with acting_as(admin), django_capture_on_commit_callbacks(execute=True):
        task = task_actions.create_task(actor=admin, title="园区道路验收", source="meeting",
                                        lead_unit=world.units["anyang"], assigned_on=date(2026, 9, 1),
                                        deadline=date(2026, 9, 30), content="本月底前完成")  # fmt: skip
    got = told(Kind.TASK_ASSIGNED)
    assert set(got) == {"anyang"} and got["anyang"].body == "本月底前完成"
    with acting_as(world.users["anyang"]):
        task_actions.complete_task(actor=world.users["anyang"], task=task, note="已验收")
    with acting_as(admin), django_capture_on_commit_callbacks(execute=True):
        task_actions.reopen_task(actor=admin, task=task, reason="资料不全")
    assert set(told(Kind.TASK_REOPENED)) == {"anyang"}
    assert "资料不全" in told(Kind.TASK_REOPENED)["anyang"].body


def test_a_co_operating_unit_is_told_exactly_when_its_scope_shows_it_the_task(
    world, projects, django_capture_on_commit_callbacks
):
    admin = world.users["admin"]
    with acting_as(admin), django_capture_on_commit_callbacks(execute=True):
        task = task_actions.create_task(actor=admin, title="联合执法", source="meeting",
                                        co_units=[world.units["anyang"]], lead_unit=world.units["fengying"],
                                        assigned_on=date(2026, 9, 1),
                                        deadline=date(2026, 9, 30))  # fmt: skip
    sees = scope.restrict(SupervisedTask.objects.filter(pk=task.pk), world.users["anyang"]).exists()
    assert set(told(Kind.TASK_ASSIGNED)) == {"fengying", "readonly"} | ({"anyang"} if sees else set())


def test_a_new_lead_unit_is_told(world, tasks, django_capture_on_commit_callbacks):
    admin = world.users["admin"]
    with acting_as(admin), django_capture_on_commit_callbacks(execute=True):
        task_actions.update_task(actor=admin, task=tasks["fengying"], title="改名")  # no new lead: nobody
        assert not Notification.objects.exists()
        task_actions.update_task(actor=admin, task=tasks["fengying"], lead_unit=world.units["anyang"])
    assert set(told(Kind.TASK_ASSIGNED)) == {"anyang"}


def test_cases_tell_the_handler_the_dispatcher_and_the_unit_above(world, types, django_capture_on_commit_callbacks):
    user, admin = world.users["enterprise"], world.users["macun_admin"]
    with acting_as(user):
        case = case_actions.submit_case(actor=user, case_type=types["enterprise"], title="用电增容", content="需增容",
                                        enterprise=world.enterprises["fengying"], on=date(2026, 3, 2))  # fmt: skip
    with time_machine.travel(date(2026, 3, 2)):
        with django_capture_on_commit_callbacks(execute=True):
            case_actions.dispatch(actor=admin, case=case, handler_unit=world.units["fgw"])
        # 发改委's user; not the enterprise that raised it, not 冯营街道.
        assert set(told(Kind.CASE_DISPATCHED)) == {"officer"}
        with django_capture_on_commit_callbacks(execute=True):
            case_actions.send_back(actor=world.users["officer"], case=case, reason="不属于本单位职责")
        # Back to the dispatcher's unit, 马村区: its administrator (who dispatched it) and its leader.
        assert set(told(Kind.CASE_RETURNED)) == {"macun_admin", "leader"}
        assert "不属于本单位职责" in told(Kind.CASE_RETURNED)["macun_admin"].body
        case_actions.dispatch(actor=admin, case=case, handler_unit=world.units["fengying"])
    with time_machine.travel(date(2026, 3, 30)), django_capture_on_commit_callbacks(execute=True):
        escalated = sweeping.escalate(as_of=date(2026, 3, 30))
    assert escalated == 1
    case.refresh_from_db()
    assert case.escalated_to == world.units["macun"]
    assert set(told(Kind.CASE_ESCALATED)) == {"macun_admin", "leader"}


def test_every_kind_is_in_the_one_table_and_in_the_docs():
    from pathlib import Path

    assert [e.kind for e in EVENTS] == list(Kind)
    doc = (Path(__file__).resolve().parents[2] / "docs" / "notifications.md").read_text(encoding="utf-8")
    for event in EVENTS:
        assert str(event.kind.label) in doc, event.kind
