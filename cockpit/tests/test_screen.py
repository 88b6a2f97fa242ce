"""The 驾驶舱: scoped to the user, the same figures as the pages it links to, a bounded number of queries."""

import re

import pytest

from projects.testing import build_projects
from projects.tests.test_pages import PERIOD, approve


@pytest.fixture
def projects(world):
    return build_projects(world)


def figure(page: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}"[^>]*>([^<]*)<', page)
    assert found, name
    return found.group(1).strip()


def stat(page: str, label: str) -> str:
    """A figure of the projects dashboard's cards, by its label."""
    found = re.search(rf"{re.escape(label)}</div><div class=\"qz-stat[^\"]*\"[^>]*>([^<]*)<", page)
    assert found, label
    return found.group(1).strip()


def test_it_shows_the_dashboard_figures(world, projects, client_for):
    approve(world, projects["fengying"], 12602 * 10**6)
    client = client_for(world.users["macun_admin"])
    screen = client.get("/cockpit/", PERIOD).content.decode()
    board = client.get("/projects/dashboard/", PERIOD).content.decode()
    assert figure(screen, "count") == stat(board, "项目数") == "2"
    for name, label in [("total_investment", "总投资（亿元）"), ("plan", "年度计划（亿元）"),
                        ("ytd", "累计完成（亿元）"), ("completion", "完成率")]:  # fmt: skip
        assert figure(screen, name) == stat(board, label)
    assert figure(screen, "completion") == "65.22%"
    assert "冯营街道" in screen and "安阳城街道" in screen  # the bars' units, each a link to its ledger


def test_it_counts_cases_and_tasks_as_their_lists(world, projects, client_for):
    client = client_for(world.users["macun_admin"])
    screen = client.get("/cockpit/", PERIOD).content.decode()
    overdue = client.get("/supervision/overdue/").context["total"]
    assert int(figure(screen, "overdue")) == overdue
    for colour in ("red", "yellow", "normal", "done"):
        listed = client.get("/cases/", {"colour": colour}).context["paginator"].count
        assert int(figure(screen, f"cases_{colour}")) == listed


def test_it_is_scoped_to_the_user(world, projects, client_for):
    street = client_for(world.users["fengying"]).get("/cockpit/", PERIOD).content.decode()
    assert figure(street, "count") == "1" and "茁成生态农庄二期" not in street
    assert client_for(world.users["grid"]).get("/cockpit/").status_code == 403
    assert client_for(world.users["enterprise"]).get("/cockpit/").status_code == 403


def test_it_is_in_the_navigation_of_those_who_see_the_dashboard(world, client_for):
    assert 'href="/cockpit/"' in client_for(world.users["macun_admin"]).get("/").content.decode()
    assert 'href="/cockpit/"' not in client_for(world.users["grid"]).get("/").content.decode()


def test_its_queries_are_bounded(world, projects, client_for, django_assert_max_num_queries):
    approve(world, projects["fengying"], 12602 * 10**6)
    client = client_for(world.users["macun_admin"])
    client.get("/cockpit/", PERIOD)
    with django_assert_max_num_queries(36):
        assert client.get("/cockpit/", PERIOD).status_code == 200


@pytest.mark.parametrize("username", ["admin", "leader", "readonly", "fengying"])
def test_it_opens_for_each_role_that_oversees_units(world, projects, client_for, username):
    page = client_for(world.users[username]).get("/cockpit/", PERIOD)
    assert page.status_code == 200 and 'id="cockpit-data"' in page.content.decode()
