"""The 待办 home page: what waits on each role, its cost, the API's answer, the activity page."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import actions as case_actions
from cases.testing import build_cases_world
from core.context import acting_as
from projects import actions as project_actions
from projects.testing import build_projects
from projects.todo import last_period
from supervision import actions as task_actions

ROLES = ["admin", "macun_admin", "fengying", "leader", "grid", "readonly", "enterprise"]


@pytest.fixture
def setup(world):
    types = build_cases_world(world)
    projects = build_projects(world)
    return {"types": types, "projects": projects}


def add_work(world, setup, n: int, start: int = 0) -> None:
    """`n` more of everything the home pages list: returned and submitted reports, tasks, cases."""
    year, _month = last_period(date.today())
    project = setup["projects"]["fengying"]
    fengying, admin = world.users["fengying"], world.users["macun_admin"]
    for i in range(start, start + n):
        with acting_as(fengying):
            report = project_actions.save_report(
                actor=fengying, project=project, year=year - 1, month=i + 1, monthly_investment=10**6,
                ytd_investment=(i + 1) * 10**6,
            )  # fmt: skip
            project_actions.submit_report(actor=fengying, report=report)
        if i % 2:
            with acting_as(admin):
                project_actions.return_report(actor=admin, report=report, reason=f"第{i}项数据有误")
        with acting_as(world.users["admin"]):
            task_actions.create_task(
                actor=world.users["admin"], title=f"督办事项{i}", source="meeting", lead_unit=world.units["fengying"],
                assigned_on=date.today(), deadline_workdays=5,
            )  # fmt: skip
        with acting_as(world.users["enterprise"]):
            case_actions.submit_case(
                actor=world.users["enterprise"], case_type=setup["types"]["enterprise"], title=f"用电报装{i}",
                content="请协调", enterprise=world.enterprises["fengying"],
            )  # fmt: skip


def home_queries(client_for, user) -> int:
    client = client_for(user)
    client.get("/")  # sessions, caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_it_costs_the_same_queries_for_each_role_whatever_the_rows(world, setup, client_for):
    add_work(world, setup, 2)
    before = {u: home_queries(client_for, world.users[u]) for u in ROLES}
    add_work(world, setup, 4, start=2)
    after = {u: home_queries(client_for, world.users[u]) for u in ROLES}
    assert after == before
    # the inbox sections read their ids first and the escalated section its units' ids (#23);
    # the bulletins waiting on the user's step add one (#21)
    assert max(after.values()) <= 48


def test_it_shows_a_returned_report_with_its_reason_to_the_unit_that_fills_it(world, setup, client_for):
    add_work(world, setup, 2)
    page = client_for(world.users["fengying"]).get("/").content.decode()
    assert 'data-todo-kind="report_returned"' in page
    assert "退回原因：第1项数据有误" in page


def test_it_shows_reviewers_the_submitted_reports_and_not_their_own(world, setup, client_for):
    add_work(world, setup, 2)
    page = client_for(world.users["macun_admin"]).get("/").content.decode()
    assert 'data-todo-kind="report_review"' in page
    assert 'data-todo-kind="report_review"' not in client_for(world.users["fengying"]).get("/").content.decode()


def test_it_gives_a_leader_the_state_of_their_projects_and_no_todo_to_fill(world, setup, client_for):
    add_work(world, setup, 2)
    page = client_for(world.users["leader"]).get("/").content.decode()
    assert "重点项目进度" in page and "序时进度" in page
    assert 'data-todo-kind="report_due"' not in page and 'data-todo-kind="task_open"' not in page


def test_it_gives_an_enterprise_its_own_cases_and_its_officer(world, setup, client_for):
    add_work(world, setup, 1)
    page = client_for(world.users["enterprise"]).get("/").content.decode()
    assert "用电报装0" in page and "王主任" in page
    other = client_for(world.users["other_enterprise"]).get("/").content.decode()
    assert "用电报装0" not in other and "赵专员" in other


def test_it_answers_the_todo_api_for_the_caller(world, setup, client_for):
    add_work(world, setup, 2)
    body = client_for(world.users["fengying"]).get("/api/todo").json()
    kinds = {i["kind"] for i in body["items"]}
    assert "report_returned" in kinds and "task_open" in kinds
    assert body["count"] >= len(body["items"]) > 0
    task = next(i for i in body["items"] if i["kind"] == "task_open")
    assert set(task) >= {"kind", "title", "url", "due", "colour"}
    assert task["due"] and task["days_left"] is not None
    assert client_for(world.users["readonly"]).get("/api/todo").json() == {"items": [], "count": 0}


def test_it_moves_the_activity_feed_to_its_own_page(world, setup, client_for):
    client = client_for(world.users["macun_admin"])
    assert "最近动态" in client.get("/activity/").content.decode()
    assert "今日变更" not in client.get("/").content.decode()


def test_the_apps_declare_their_figures_gates_and_reminders_as_data():
    from core.declared import declared

    assert [f.__module__ for f in declared("home_summaries")] == [
        "core.queries",
        "org.queries",
        "projects.queries",
        "promotion.queries",
        "supervision.queries",
        "cases.queries",
    ]
    assert [f.__name__ for f in declared("home_gates")] == ["first_run_url"]
    assert [f.__module__ for f in declared("reminders")] == [
        "projects.reminders",
        "indicators.reminders",
        "promotion.reminders",
        "supervision.queries",
        "cases.reminders",
        "ingest.reminders",
    ]
