"""In a real browser: log in as a demo user, walk the org tree, save a screenshot."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from .browser import chromium, log_in

ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", Path(__file__).resolve().parents[1] / "test-artifacts"))

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_page():
    with chromium() as browser:
        yield browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")


@pytest.fixture
def demo_data():
    call_command("demo", stdout=io.StringIO())


def test_a_demo_user_logs_in_and_walks_the_tree(demo_data, live_server, browser_page):
    page = browser_page
    log_in(page, live_server, "macun_admin")
    assert "待办" in page.inner_text(".qz-content")  # the home page is the user's work

    page.click("nav.qz-sidebar >> text=组织架构")
    tree = page.locator("#org-tree")
    tree.get_by_text("冯营街道").wait_for()
    assert tree.locator("li[data-unit]").first.inner_text().startswith("马村区")
    # Opening a node loads its children with htmx.
    page.locator("li[data-unit] summary", has_text="冯营街道").click()
    tree.get_by_text("和谐社区").wait_for()
    assert "示范区" not in tree.inner_text() and "焦作市" not in tree.inner_text()  # outside the scope

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "org-tree.png"), full_page=True)
    assert (ARTIFACTS / "org-tree.png").stat().st_size > 10_000

    page.get_by_role("link", name="和谐社区").click()
    page.wait_for_url("**/org/units/*/")
    assert "和谐社区" in page.inner_text("h1")
    assert "冯营街道" in page.inner_text(".breadcrumb")


def test_a_superuser_on_a_new_site_sets_up_the_top_unit(live_server, browser_page):
    """After `createsuperuser` on an empty database: the first page asks for the top unit."""
    from org.models import Role, Unit, User
    from org.roles import ensure_roles

    ensure_roles(Role)  # a transactional test flushes the seeded roles
    User.objects.create_superuser("root", password="Quzhi-first-run-2027")
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "Quzhi-first-run-2027")
    page.click("button[type=submit]")
    page.wait_for_url("**/org/first-run/")
    assert "设置顶级单位" in page.inner_text("h1")

    page.fill("#id_name", "焦作市")
    page.fill("#id_code", "410804")  # a district's code: refused, with the reason
    page.click("#first-run button[type=submit]")
    assert "地市级六位代码" in page.inner_text("#first-run")
    page.fill("#id_code", "410800")
    page.click("#first-run button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "已设置顶级单位“焦作市”" in page.inner_text(".qz-content")
    assert "焦作市" in page.inner_text(".qz-user")

    page.click("nav.qz-sidebar >> text=组织架构")
    page.locator("#org-tree").get_by_text("焦作市").wait_for()
    root = User.objects.get(username="root")
    assert root.unit == Unit.objects.get(code="410800")


def test_hostile_names_do_not_run_and_the_charts_still_draw(demo_data, live_server, browser_page):
    """A district renamed to end a script, a leader likewise: on every chart page of the platform
    administrator no dialog opens, every chart draws, and the browser reports no blocked script."""
    from indicators.models import Indicator
    from org.models import PeerGroup, Unit
    from projects.models import Project
    from tests.test_security import DISTRICT, LEADER, rename_hostile

    rename_hostile()
    page = browser_page
    dialogs, violations = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda error: violations.append(str(error)))
    log_in(page, live_server, "admin")

    group = PeerGroup.objects.get(name="城区组").pk
    macun = Unit.objects.get(name=DISTRICT).pk
    indicator = Indicator.objects.filter(is_active=True).first().pk
    project = Project.objects.filter(leader__name=LEADER).first().pk
    charts = {
        "/projects/dashboard/?by=unit": ["#rollup-chart", "#trend-chart"],
        "/projects/dashboard/?by=leader": ["#rollup-chart", "#trend-chart"],
        "/promotion/?by=unit": ["#funnel-chart", "#group-chart"],
        "/promotion/?by=leader": ["#funnel-chart", "#group-chart"],
        f"/indicators/ranking/?group={group}&indicator={indicator}": ["#peer-chart"],
        f"/indicators/?unit={macun}": ["#year-chart", "#month-chart"],
        f"/projects/{project}/": ["#plan-chart"],
    }
    for url, selectors in charts.items():
        page.goto(f"{live_server.url}{url}")
        for selector in selectors:
            page.locator(f"{selector} svg").first.wait_for(state="attached", timeout=10_000)
    assert LEADER in page.inner_text("body")  # the names show as text
    page.goto(f"{live_server.url}/indicators/?unit={macun}")
    assert DISTRICT in page.inner_text("h1")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "hostile-names.png"), full_page=True)

    # Behaviour moved out of the markup still works: a select submits its form when changed.
    page.goto(f"{live_server.url}/projects/dashboard/?by=unit")
    with page.expect_navigation():
        page.select_option("select[name=by]", "leader")
    assert "by=leader" in page.url
    page.locator("#rollup-chart svg").first.wait_for(state="attached")

    # The API documentation renders from our own copy of Swagger UI under the same policy.
    # (Until the old paths go, their deprecated aliases make the schema half as long again.)
    page.goto(f"{live_server.url}/api/docs")
    page.locator(".swagger-ui .info .title").wait_for(timeout=30_000)
    page.locator(".opblock").first.wait_for()
    assert dialogs == [] and violations == []

    # A slip the policy catches: markup with an event handler put into a page does not run.
    page.goto(f"{live_server.url}/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=\"/x.png\" onerror=\"alert(3)\">')")
    page.wait_for_timeout(500)
    assert dialogs == [] and any("inline event handler" in v for v in violations)
