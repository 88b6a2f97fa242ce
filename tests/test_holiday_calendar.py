"""系统 → 节假日调整 across the apps: open deadlines recomputed when a year's calendar is entered,
the pages (platform administrators only) and the command line's summary."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from cases import actions as case_actions
from cases.models import Case
from cases.testing import build_cases_world
from core import actions, holidays, recompute
from core.audit import history_for
from core.calendar import workday_calendar
from core.context import acting_as
from core.models import AuditEntry, HolidayYear, WorkdayOverride
from supervision import actions as task_actions
from supervision import queries as task_queries
from supervision.choices import TaskState

# A fictitious notice for 2031: the Spring Festival Saturday 1 – Friday 7 February, Saturday 8 worked.
SPRING_2031 = holidays.overrides_of(
    2031, [holidays.Holiday("春节", date(2031, 2, 1), date(2031, 2, 7))], [(date(2031, 2, 8), "春节")]
)


@pytest.fixture
def deadlines(world):
    """Tasks and cases with deadlines in 2031, computed Monday–Friday while 2031 has no calendar."""
    types = build_cases_world(world)
    admin, unit = world.users["admin"], world.units["fengying"]
    with acting_as(admin):
        in_days = task_actions.create_task(actor=admin, title="按工作日交办", source="other", lead_unit=unit,
                                           assigned_on=date(2031, 1, 30), deadline_workdays=5)  # fmt: skip
        typed = task_actions.create_task(actor=admin, title="按日期交办", source="other", lead_unit=unit,
                                         assigned_on=date(2031, 1, 30), deadline=date(2031, 2, 6))  # fmt: skip
        done = task_actions.create_task(actor=admin, title="已办结", source="other", lead_unit=unit,
                                        assigned_on=date(2031, 1, 30), deadline_workdays=5)  # fmt: skip
    task_actions.SupervisedTask.objects.filter(pk=done.pk).update(state=TaskState.DONE)

    def submit(on):
        user = world.users["enterprise"]
        with acting_as(user):
            return case_actions.submit_case(
                actor=user, case_type=types["enterprise"], title="用电增容", content="需增容",
                enterprise=world.enterprises["fengying"], on=on,
            )  # fmt: skip

    waiting = submit(date(2031, 1, 31))
    handling = submit(date(2031, 1, 29))
    case_actions.dispatch(actor=world.users["macun_admin"], case=handling, handler_unit=unit, on=date(2031, 1, 29))
    case_actions.sign(actor=world.users["fengying"], case=handling, on=date(2031, 1, 30))
    return {"in_days": in_days, "typed": typed, "done": done, "waiting": waiting, "handling": handling}


def test_entering_a_years_calendar_moves_the_open_deadlines_kept_in_working_days(world, deadlines):
    task, typed, done = deadlines["in_days"], deadlines["typed"], deadlines["done"]
    waiting, handling = deadlines["waiting"], deadlines["handling"]
    # Monday–Friday, flagged: 30 Jan + 5 → 6 Feb; 31 Jan + 1 → 3 Feb; signed 30 Jan + 5 → 6 Feb.
    assert (task.deadline, task.deadline_fallback) == (date(2031, 2, 6), True)
    assert (waiting.due_on, waiting.deadline_fallback) == (date(2031, 2, 3), True)
    assert (handling.due_on, handling.handle_due) == (date(2031, 2, 6), date(2031, 2, 6))

    admin = world.users["admin"]
    with acting_as(admin):
        actions.save_holiday_year(actor=admin, year=2031, overrides=SPRING_2031)
        actions.publish_holiday_year(actor=admin, year=2031)
    found = recompute.preview(workday_calendar(), [2031])
    summary = {s.label: s for s in recompute.summarise(found)}
    assert (summary["督办事项"].moved, summary["督办事项"].shifts) == (1, [(6, 1)])
    assert (summary["服务诉求"].moved, summary["服务诉求"].shifts) == (2, [(5, 1), (6, 1)])
    task.refresh_from_db()
    assert task.deadline == date(2031, 2, 6)  # the preview writes nothing

    with acting_as(admin):
        actions.recompute_deadlines(actor=admin, years=[2031])
    for obj in deadlines.values():
        obj.refresh_from_db()
    # 31 Jan, the make-up Saturday 8 Feb, then 10, 11, 12 Feb.
    assert (task.deadline, task.deadline_fallback) == (date(2031, 2, 12), False)
    assert (waiting.due_on, waiting.deadline_fallback) == (date(2031, 2, 8), False)
    assert (handling.due_on, handling.handle_due, handling.deadline_fallback) == (
        date(2031, 2, 12), date(2031, 2, 12), False)  # fmt: skip
    # Typed in as a date, or no longer open: not moved.
    assert typed.deadline == date(2031, 2, 6) and done.deadline == date(2031, 2, 6)
    entry = history_for(task).get(verb="节假日调整重算")
    assert entry.before["deadline"] == "2031-02-06" and entry.after["deadline"] == "2031-02-12"
    assert entry.actor_id == admin.pk
    assert history_for(waiting).get(verb="节假日调整重算").after["due_on"] == "2031-02-08"
    assert not history_for(typed).filter(verb="节假日调整重算").exists()
    # Nothing left to move: running it again changes nothing.
    assert all(not moves for moves in recompute.preview(workday_calendar(), [2031]).values())


def test_a_later_stage_and_an_extension_keep_counting_from_the_stage_start(world, deadlines):
    handling = deadlines["handling"]
    assert (handling.due_from, handling.due_workdays) == (date(2031, 1, 30), 5)
    user = world.users["fengying"]
    case_actions.request_extension(actor=user, case=handling, days=2, reason="需协调", on=date(2031, 2, 3))
    case_actions.decide_extension(actor=world.users["macun_admin"], case=handling, approve=True, on=date(2031, 2, 3))
    handling.refresh_from_db()
    assert (handling.due_from, handling.due_workdays, handling.due_on) == (date(2031, 1, 30), 7, date(2031, 2, 10))
    admin = world.users["admin"]
    with acting_as(admin):
        actions.save_holiday_year(actor=admin, year=2031, overrides=SPRING_2031)
        actions.recompute_deadlines(actor=admin, years=[2031])
    handling.refresh_from_db()
    # Not yet published: the dates entered count, the deadline stays flagged.
    assert (handling.due_on, handling.handle_due, handling.deadline_fallback) == (
        date(2031, 2, 14), date(2031, 2, 14), True)  # fmt: skip


def test_a_deadline_before_the_changed_year_is_left_alone(world):
    admin = world.users["admin"]
    with acting_as(admin):
        task = task_actions.create_task(actor=admin, title="年内办结", source="other", lead_unit=world.units["anyang"],
                                        assigned_on=date(2030, 12, 1), deadline_workdays=5)  # fmt: skip
        actions.save_holiday_year(actor=admin, year=2031, overrides=SPRING_2031)
        assert task_queries.deadline_moves(workday_calendar(), [2031]) == []
        actions.recompute_deadlines(actor=admin, years=[2031])
    task.refresh_from_db()
    assert task.deadline == date(2030, 12, 6) and not history_for(task).filter(verb="节假日调整重算").exists()


# Pages ------------------------------------------------------------------------------------------


def notice_form(**extra):
    data = {"notice": "国务院办公厅关于2027年部分节假日安排的通知", "name_0": "元旦", "start_0": "2027-01-01",
            "end_0": "2027-01-03", "name_1": "春节", "start_1": "2027-02-06", "end_1": "2027-02-13",
            "makeup": "2027-02-20 春节"}  # fmt: skip
    return {**data, **extra}


def test_only_platform_admins_see_and_open_the_page(world, client_for, client):
    assert client.get("/system/holidays/").status_code == 302  # to the login page
    district = client_for(world.users["macun_admin"])
    assert "节假日调整" not in district.get("/").content.decode()
    for url in ["/system/holidays/", "/system/holidays/2027/", "/system/holidays/2027/recompute/"]:
        assert district.get(url).status_code == 403
    assert district.post("/system/holidays/2027/", notice_form()).status_code == 403
    assert district.post("/system/holidays/2027/publish/").status_code == 403
    assert not WorkdayOverride.objects.exists() and not HolidayYear.objects.exists()
    admin = client_for(world.users["admin"])
    assert "/system/holidays/" in admin.get("/").content.decode()
    page = admin.get("/system/holidays/").content.decode()
    assert 'data-year="2027"' in page and "推算" in page


def test_an_admin_enters_a_notice_sees_the_calendar_and_publishes(world, client_for):
    client = client_for(world.users["admin"])
    response = client.post("/system/holidays/2027/", notice_form())
    assert response.status_code == 302 and response.url == "/system/holidays/2027/recompute/"
    assert WorkdayOverride.objects.filter(date__year=2027, is_workday=False).count() == 11
    page = client.get("/system/holidays/2027/").content.decode()
    assert 'data-date="2027-02-08" data-status="holiday" title="2027-02-08 法定节假日 春节"' in page
    assert 'data-date="2027-02-20" data-status="makeup"' in page
    assert 'data-date="2027-02-21" data-status="rest"' in page
    assert 'data-date="2027-03-01" data-status="workday"' in page
    assert '<span class="badge text-bg-warning" id="year-state">推算</span>' in page
    assert client.post("/system/holidays/2027/publish/", {"published": "1"}).status_code == 302
    assert HolidayYear.objects.get(year=2027).published
    page = client.get("/system/holidays/2027/").content.decode()
    assert 'id="year-state">已发布</span>' in page


def test_a_bad_notice_names_the_row_and_writes_nothing(world, client_for):
    client = client_for(world.users["admin"])
    response = client.post("/system/holidays/2027/", notice_form(end_1="2027-02-01"))
    assert response.status_code == 422 and "结束日期 2027-02-01 早于开始日期 2027-02-06" in response.content.decode()
    response = client.post("/system/holidays/2027/", notice_form(start_2="2027-05-01"))
    assert response.status_code == 422 and "第 3 行" in response.content.decode()
    response = client.post("/system/holidays/2027/", notice_form(makeup="2027-02-31"))
    assert response.status_code == 422 and "不是日期" in response.content.decode()
    assert not WorkdayOverride.objects.exists() and not AuditEntry.objects.filter(content_type__model="holidayyear")


def test_an_admin_imports_a_file_previews_and_confirms_the_recompute(world, client_for, deadlines):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.users["admin"])
    days = [{"name": o.name, "date": o.date.isoformat(), "isOffDay": not o.is_workday} for o in SPRING_2031]
    upload = SimpleUploadedFile("2031.json", json.dumps({"year": 2031, "days": days}).encode())
    response = client.post("/system/holidays/import/", {"file": upload, "publish": "on"})
    assert response.status_code == 302 and response.url == "/system/holidays/2031/recompute/"
    page = client.get(response.url).content.decode()
    assert "+6 天：1 项" in page and "+5 天：1 项" in page and "确认重算 3 项时限" in page
    deadlines["in_days"].refresh_from_db()
    assert deadlines["in_days"].deadline == date(2031, 2, 6)  # not before confirmation
    response = client.post("/system/holidays/2031/recompute/")
    assert response.status_code == 302
    deadlines["in_days"].refresh_from_db()
    assert deadlines["in_days"].deadline == date(2031, 2, 12)
    history = client.get(deadlines["in_days"].get_absolute_url()).content.decode()
    assert "节假日调整重算" in history
    assert "没有需要调整的时限" in client.get("/system/holidays/2031/recompute/").content.decode()


def test_a_bad_file_is_refused_with_its_fault(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.users["admin"])
    bad = {"year": 2031, "days": [{"name": "春节", "date": "2031-02-30", "isOffDay": True}]}
    upload = SimpleUploadedFile("2031.json", json.dumps(bad).encode())
    response = client.post("/system/holidays/import/", {"file": upload}, follow=True)
    assert "days 第 1 项" in response.content.decode()
    assert not WorkdayOverride.objects.exists()


def test_the_import_command_prints_the_summary_and_applies_on_request(world, deadlines, tmp_path):
    path = tmp_path / "2031.json"
    days = [{"name": o.name, "date": o.date.isoformat(), "isOffDay": not o.is_workday} for o in SPRING_2031]
    path.write_text(json.dumps({"year": 2031, "days": days}), encoding="utf-8")
    out = io.StringIO()
    call_command("holidays", "import", str(path), "--publish", stdout=out)
    text = out.getvalue()
    assert "督办事项：改变日期 1 项（+6 天 1 项），仅推算标记变化 0 项" in text
    assert "服务诉求：改变日期 2 项（+5 天 1 项；+6 天 1 项）" in text
    assert "加 --apply" in text
    assert Case.objects.get(pk=deadlines["waiting"].pk).due_on == date(2031, 2, 3)
    out = io.StringIO()
    call_command("holidays", "import", str(path), "--apply", stdout=out)
    assert "已重算 3 项时限" in out.getvalue()
    assert Case.objects.get(pk=deadlines["waiting"].pk).due_on == date(2031, 2, 8)


def test_the_year_page_and_its_messages_in_english(world, client_for):
    client = client_for(world.users["admin"])
    client.cookies["django_language"] = "en"
    client.post("/system/holidays/2027/", notice_form())
    page = client.get("/system/holidays/2027/").content.decode()
    assert 'title="2027-02-08 Public holiday 春节"' in page and ">Mark published<" in page
    response = client.post("/system/holidays/2027/", notice_form(end_1="2027-02-01"))
    assert "春节: the last day 2027-02-01 is before the first day 2027-02-06." in response.content.decode()


def test_the_migrations_fill_in_the_start_and_limit_of_open_deadlines(world, deadlines):
    from importlib import import_module

    from django.apps import apps

    task, handling, waiting = deadlines["in_days"], deadlines["handling"], deadlines["waiting"]
    # An extension: the stage's limit is the handling days and the days granted.
    case_actions.request_extension(actor=world.users["fengying"], case=handling, days=2, reason="需协调",
                                   on=date(2031, 2, 3))  # fmt: skip
    case_actions.decide_extension(actor=world.users["macun_admin"], case=handling, approve=True, on=date(2031, 2, 3))
    # A rated case: its follow-up deadline began with the reply, not with the rating.
    rated = Case.objects.get(pk=handling.pk)
    rated.pk = None
    rated.save()
    case_actions.reply(actor=world.users["fengying"], case=rated, result="已增容", on=date(2031, 2, 4))
    case_actions.rate(actor=world.users["enterprise"], case=rated, satisfaction="satisfied", on=date(2031, 2, 5))
    rated.refresh_from_db()
    assert (rated.state, rated.due_from, rated.due_workdays) == ("rated", date(2031, 2, 4), 2)
    task_actions.SupervisedTask.objects.update(deadline_from=None)
    Case.objects.update(due_from=None, due_workdays=None)
    import_module("supervision.migrations.0002_deadline_from").backfill(apps, None)
    import_module("cases.migrations.0002_due_from_workdays").backfill(apps, None)
    for obj in (task, handling, waiting, rated, deadlines["typed"], deadlines["done"]):
        obj.refresh_from_db()
    assert task.deadline_from == date(2031, 1, 30)
    assert deadlines["typed"].deadline_from is None and deadlines["done"].deadline_from is None
    assert (waiting.due_from, waiting.due_workdays) == (date(2031, 1, 31), 1)
    assert (handling.due_from, handling.due_workdays) == (date(2031, 1, 30), 7)
    assert (rated.due_from, rated.due_workdays) == (date(2031, 2, 4), 2)
