"""Supervised tasks: deadlines in working days, colours across National Day, progress, completion,
reopening, audit."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from core.audit import history_for
from core.context import acting_as
from core.models import WorkdayOverride
from supervision import actions, queries
from supervision.calc import Colour
from supervision.choices import TaskState


def status(task, day):
    return queries.task_status(task, as_of=day, rules=queries.escalation_rules())


def fengying_task(world, actor, *, title="x", **dates):
    """A task (source 其他) that `actor` sets 冯营街道, with the dates or working days given."""
    with acting_as(actor):
        return actions.create_task(actor=actor, title=title, source="other", lead_unit=world.units["fengying"], **dates)


def test_a_limit_in_working_days_skips_national_day_and_lands_on_the_make_up_saturday(tasks):
    task = tasks["fengying"]
    # 2026-09-28 (Mon) + 5 working days: 29, 30 Sep, then 8, 9 Oct and the make-up Saturday 10 Oct.
    assert task.deadline == date(2026, 10, 10) and task.deadline_workdays == 5 and not task.deadline_fallback


def test_colours_escalate_on_working_days_across_the_holiday(tasks):
    task = tasks["fengying"]
    assert status(task, date(2026, 9, 28)).colour == Colour.NONE  # 5 working days left
    on_30th = status(task, date(2026, 9, 30))
    assert on_30th.colour == Colour.BLUE and on_30th.workdays_left == 3  # ten calendar days, three working
    assert status(task, date(2026, 10, 5)).workdays_left == 3  # the holiday week does not count down
    assert status(task, date(2026, 10, 9)).colour == Colour.YELLOW
    assert status(task, date(2026, 10, 10)).colour == Colour.YELLOW  # due today, a working Saturday
    sunday = status(task, date(2026, 10, 11))
    assert sunday.colour == Colour.RED and sunday.workdays_over == 0  # late, though no working day has passed
    assert status(task, date(2026, 10, 13)).workdays_over == 2


def test_a_year_without_a_calendar_is_flagged_not_fatal(world, projects):
    admin = world.users["admin"]
    task = fengying_task(world, admin, title="远期事项", assigned_on=date(2099, 3, 2), deadline_workdays=3)
    assert task.deadline == date(2099, 3, 5) and task.deadline_fallback
    assert status(task, date(2099, 3, 3)).fallback


def test_an_override_moves_a_deadline(world, projects):
    WorkdayOverride.objects.create(date=date(2026, 9, 29), is_workday=False, note="临时调整")
    admin = world.users["admin"]
    task = fengying_task(world, admin, title="调整后", assigned_on=date(2026, 9, 28), deadline_workdays=5)
    assert task.deadline == date(2026, 10, 12)


def test_progress_complete_and_reopen_keep_history(world, tasks):
    task, unit_user, reviewer = tasks["fengying"], world.users["fengying"], world.users["macun_admin"]
    with acting_as(unit_user):
        actions.add_progress(actor=unit_user, task=task, note="已上报市局", progress_pct=60)
    task.refresh_from_db()
    assert task.progress_pct == 60
    with pytest.raises(ValidationError, match="办理结果"):
        actions.complete_task(actor=unit_user, task=task, note=" ")
    with acting_as(unit_user):
        actions.complete_task(actor=unit_user, task=task, note="已获批复", on=date(2026, 10, 9))
    task.refresh_from_db()
    assert task.state == TaskState.DONE and task.completed_on == date(2026, 10, 9) and task.progress_pct == 100
    with pytest.raises(PermissionDenied):
        actions.reopen_task(actor=unit_user, task=task, reason="材料不全")  # the unit cannot reopen its own
    with pytest.raises(ValidationError, match="原因"):
        actions.reopen_task(actor=reviewer, task=task, reason="")
    with acting_as(reviewer), time_machine.travel(date(2026, 10, 12)):
        actions.reopen_task(actor=reviewer, task=task, reason="批复文件未上传", deadline_workdays=2)
    task.refresh_from_db()
    assert task.state == TaskState.OPEN and task.completed_on is None and task.deadline == date(2026, 10, 14)
    assert [u.kind for u in task.updates.order_by("id")] == ["progress", "completed", "reopened"]
    verbs = [e.verb for e in history_for(task)]
    assert "办结" in verbs and "重新打开" in verbs


def test_a_closed_task_takes_no_progress(world, tasks):
    admin = world.users["admin"]
    with acting_as(admin):
        actions.complete_task(actor=admin, task=tasks["anyang"], note="已完成")
    with pytest.raises(ValidationError, match="重新打开"):
        actions.add_progress(actor=admin, task=tasks["anyang"], note="补充")


def test_a_deadline_before_the_assignment_is_refused(world, projects):
    admin = world.users["admin"]
    with pytest.raises(ValidationError, match="早于"):
        fengying_task(world, admin, assigned_on=date(2026, 5, 8), deadline=date(2026, 5, 1))


def test_a_unit_cannot_assign_or_touch_another_units_task(world, tasks):
    anyang_user = world.users["anyang"]
    with pytest.raises(PermissionDenied):
        fengying_task(world, anyang_user, assigned_on=date(2026, 5, 8), deadline=date(2026, 5, 20))
    with pytest.raises(Exception) as exc:
        actions.add_progress(actor=anyang_user, task=tasks["fengying"], note="越权")
    assert exc.type.__name__ in ("Http404", "PermissionDenied")


def test_overdue_lists_count_by_unit_and_by_leader(world, tasks):
    rows = queries.overdue_tasks(world.users["admin"], as_of=date(2026, 10, 13))
    assert [t.title for t, _s in rows] == ["农庄道路硬化", "产业园二期用地报批"]
    by_unit = {g.label: (g.count, g.workdays_over) for g in queries.overdue_by(rows, "unit")}
    # 农庄道路硬化: due 15 Sep; to 13 Oct that is 16, 17, 18, 21–24 (7 after Mid-Autumn's 25th) …
    assert by_unit["冯营街道"] == (1, 2)
    assert by_unit["安阳城街道"][0] == 1 and by_unit["安阳城街道"][1] > 10
    assert {g.label for g in queries.overdue_by(rows, "leader")} == {"张三", "李四"}
    mine = queries.overdue_tasks(world.users["fengying"], as_of=date(2026, 10, 13))
    assert [t.title for t, _s in mine] == ["产业园二期用地报批"]
