"""The loop through the actions: deadlines, audit and events, who may act, extensions, the sweep."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from cases import actions, sweeping
from cases.models import Case, CaseEvent
from core.context import acting_as
from core.models import AuditEntry, HolidayYear, WorkdayOverride


def _submit(world, types, on=date(2026, 2, 12), **extra):
    user = world.users["enterprise"]
    with acting_as(user):
        return actions.submit_case(actor=user, case_type=types["enterprise"], title="用电增容", content="需增容",
                                   enterprise=world.enterprises["fengying"], on=on, **extra)  # fmt: skip


def test_a_case_runs_the_whole_loop_across_spring_festival(world, types):
    case = _submit(world, types)
    assert (case.state, case.origin_unit, case.due_on) == ("accepted", world.units["fengying"], date(2026, 2, 13))
    admin, fgw_user = world.users["macun_admin"], world.users["fengying"]
    with time_machine.travel(date(2026, 2, 13)):
        actions.dispatch(actor=admin, case=case, handler_unit=world.units["fengying"])
    assert (case.sign_due, case.due_on) == (date(2026, 2, 14), date(2026, 2, 14))  # the make-up Saturday
    with time_machine.travel(date(2026, 2, 14)):
        actions.sign(actor=fgw_user, case=case)
    assert case.handle_due == date(2026, 2, 28)  # 5 working days: 24, 25, 26, 27 and the make-up 28th
    with time_machine.travel(date(2026, 2, 26)):
        actions.add_note(actor=fgw_user, case=case, note="已对接供电公司")
        actions.reply(actor=fgw_user, case=case, result="已增容")
    assert case.due_on == date(2026, 2, 28)  # 2 working days to follow up: 27 and 28
    with time_machine.travel(date(2026, 2, 27)):
        actions.rate(actor=world.users["enterprise"], case=case, satisfaction="satisfied")
        actions.close(actor=admin, case=case)
    case.refresh_from_db()
    assert (case.state, case.closed_on, case.due_on, case.satisfaction) == ("closed", date(2026, 2, 27), None,
                                                                           "satisfied")  # fmt: skip
    steps = list(CaseEvent.objects.filter(case=case).values_list("action", "from_state", "to_state"))
    assert steps == [
        ("accept", "", "accepted"), ("dispatch", "accepted", "dispatched"), ("sign", "dispatched", "handling"),
        ("note", "handling", "handling"), ("reply", "handling", "replied"), ("rate", "replied", "rated"),
        ("close", "rated", "closed"),
    ]  # fmt: skip
    audited = AuditEntry.objects.filter(object_id=str(case.pk), content_type__model="case")
    assert set(audited.values_list("verb", flat=True)) >= {"受理", "派单", "签收", "反馈", "回访评价", "办结"}
    assert audited.get(verb="签收").after["state"] == "handling"


def test_illegal_and_unauthorised_steps_are_refused_and_write_nothing(world, types):
    case = _submit(world, types)
    before = (CaseEvent.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError, match="不能签收"):
        actions.sign(actor=world.users["fengying"], case=case)
    with pytest.raises(PermissionDenied):  # the enterprise cannot dispatch its own case
        actions.dispatch(actor=world.users["enterprise"], case=case, handler_unit=world.units["fgw"])
    with pytest.raises(Http404):  # another street does not even see it
        actions.dispatch(actor=world.users["anyang"], case=case, handler_unit=world.units["fgw"])
    assert (CaseEvent.objects.count(), AuditEntry.objects.count()) == before
    actions.dispatch(actor=world.users["macun_admin"], case=case, handler_unit=world.units["fgw"])
    with pytest.raises(PermissionDenied):  # only the unit it was dispatched to signs for it
        actions.sign(actor=world.users["fengying"], case=case)


def test_enterprise_users_raise_problems_for_their_own_enterprise_only(world, types):
    user = world.users["enterprise"]
    with pytest.raises(PermissionDenied):
        actions.submit_case(actor=user, case_type=types["enterprise"], title="x", content="y",
                            enterprise=world.enterprises["anyang"])  # fmt: skip
    with pytest.raises(PermissionDenied):
        actions.submit_case(actor=user, case_type=types["errand"], title="x", content="y",
                            origin_unit=world.units["grid"], resident_name="张三")  # fmt: skip
    assert not Case.objects.exists()


def test_send_back_rework_and_extensions(world, types):
    case = _submit(world, types, on=date(2026, 9, 28))
    admin, fgw = world.users["macun_admin"], world.users["macun_admin"]
    actions.dispatch(actor=admin, case=case, handler_unit=world.units["anyang"], on=date(2026, 9, 28))
    with pytest.raises(ValidationError):
        actions.send_back(actor=world.users["anyang"], case=case, reason=" ")
    actions.send_back(actor=world.users["anyang"], case=case, reason="不属本街道职责", on=date(2026, 9, 29))
    assert (case.state, case.handler_unit, case.returns) == ("accepted", None, 1)
    actions.dispatch(actor=admin, case=case, handler_unit=world.units["fgw"], on=date(2026, 9, 29))
    actions.sign(actor=fgw, case=case, on=date(2026, 9, 30))
    assert case.handle_due == date(2026, 10, 13)  # 8, 9, 10 (the make-up Saturday), 12, 13
    actions.request_extension(actor=fgw, case=case, days=4, reason="需协调供电公司", on=date(2026, 10, 9))
    with pytest.raises(ValidationError, match="待审批"):
        actions.request_extension(actor=fgw, case=case, days=1, reason="再延", on=date(2026, 10, 9))
    actions.decide_extension(actor=admin, case=case, approve=True, on=date(2026, 10, 9))
    assert (case.handle_due, case.extensions, case.extension_days) == (date(2026, 10, 19), 1, 4)
    with pytest.raises(ValidationError, match="最多延期 1 次"):
        actions.request_extension(actor=fgw, case=case, days=1, reason="再延", on=date(2026, 10, 12))
    actions.reply(actor=fgw, case=case, result="已协调", on=date(2026, 10, 15))
    actions.rework(actor=admin, case=case, reason="企业反映未解决", on=date(2026, 10, 16))
    assert (case.state, case.reworks, case.handle_due) == ("handling", 1, date(2026, 10, 23))


def test_extension_days_are_capped_by_the_case_type(world, types):
    case = _submit(world, types, on=date(2026, 3, 2))
    admin = world.users["macun_admin"]
    actions.dispatch(actor=admin, case=case, handler_unit=world.units["fgw"], on=date(2026, 3, 2))
    actions.sign(actor=admin, case=case, on=date(2026, 3, 3))
    with pytest.raises(ValidationError, match="不能超过 10 个工作日"):
        actions.request_extension(actor=admin, case=case, days=11, reason="太久")


def test_a_deadline_on_an_unknown_year_is_flagged_on_the_case(world, types):
    case = _submit(world, types, on=date(2026, 12, 30))
    assert (case.due_on, case.deadline_fallback) == (date(2026, 12, 31), False)
    actions.dispatch(actor=world.users["macun_admin"], case=case, handler_unit=world.units["fgw"],
                     on=date(2026, 12, 31))  # fmt: skip
    case.refresh_from_db()
    assert (case.sign_due, case.deadline_fallback) == (date(2027, 1, 1), True)


def test_overrides_entered_for_a_coming_year_are_used(world, types):
    WorkdayOverride.objects.create(date=date(2027, 1, 1), is_workday=False, note="元旦")
    case = _submit(world, types, on=date(2026, 12, 30))
    actions.dispatch(actor=world.users["macun_admin"], case=case, handler_unit=world.units["fgw"],
                     on=date(2026, 12, 31))  # fmt: skip
    # The date entered is used; the year stays 推算 until its notice is marked published.
    assert (case.sign_due, case.deadline_fallback) == (date(2027, 1, 4), True)
    HolidayYear.objects.create(year=2027, published=True)
    later = _submit(world, types, on=date(2026, 12, 31))
    assert (later.due_on, later.deadline_fallback) == (date(2027, 1, 4), False)


def test_the_sweep_flags_overdue_cases_and_escalates_to_the_unit_above(world, types):
    case = _submit(world, types, on=date(2026, 9, 28))
    actions.dispatch(actor=world.users["macun_admin"], case=case, handler_unit=world.units["fgw"],
                     on=date(2026, 9, 28))  # fmt: skip
    Case.objects.filter(pk=case.pk).update(overdue=False)
    assert case.due_on == date(2026, 9, 29)
    assert sweeping.sweep(as_of=date(2026, 9, 29)) == (0, 0)
    assert sweeping.sweep(as_of=date(2026, 9, 30)) == (1, 0)  # overdue by one working day
    case.refresh_from_db()
    assert case.overdue and case.escalated_to is None
    assert sweeping.sweep(as_of=date(2026, 10, 8)) == (0, 1)  # two working days: to the district
    case.refresh_from_db()
    assert case.escalated_to == world.units["macun"]
    event = case.events.get(action="escalate")
    assert event.days == 2 and "马村区" in event.note
    assert sweeping.sweep(as_of=date(2026, 10, 9)) == (0, 0)  # once
    actions.sign(actor=world.users["macun_admin"], case=case, on=date(2026, 10, 9))
    assert actions.refresh_overdue(as_of=date(2026, 10, 9)) == 1  # a fresh deadline clears the flag
    case.refresh_from_db()
    assert not case.overdue


def test_a_whistle_is_dispatched_at_once_and_visits_raise_cases(world, types):
    grid = world.users["grid"]
    case = actions.submit_case(actor=grid, case_type=types["whistle"], title="楼道堆物", content="消防通道堵塞",
                               handler_unit=world.units["fgw"], on=date(2026, 3, 2))  # fmt: skip
    assert (case.state, case.origin_unit, case.handler_unit) == ("dispatched", world.units["grid"], world.units["fgw"])
    household = actions.create_household(actor=grid, grid=world.units["grid"], name="李桂英", phone="13800001234",
                                         address="和谐社区3号楼", category="alone")  # fmt: skip
    visit = actions.record_visit(actor=grid, household=household, note="独居，行动不便", case_type=types["errand"],
                                 problem="代购药品", visited_on=date(2026, 3, 3))  # fmt: skip
    assert visit.case.resident_name == "李桂英" and visit.case.kind == "errand"
    with pytest.raises(PermissionDenied):
        actions.create_household(actor=world.users["other_grid"], grid=world.units["grid"], name="王五",
                                 address="x", category="alone")  # fmt: skip
