"""In a real browser, each role starts from its home page: the leader reads and writes nothing, an
enterprise submits a problem, a grid worker handles a step of a case. At desktop and phone sizes."""

import re

import pytest

from .browser import log_in
from .test_browser import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
# Words on buttons and links that change something.
WRITES = re.compile(r"保存|报送|新增|修改|删除|导入|提交|审核|退回|通过|更正|派单|签收|上传|记录")


def write_controls(page) -> list[str]:
    controls = page.locator("main form[method=post] button, main a.btn")
    texts = [controls.nth(i).inner_text().strip() for i in range(controls.count())]
    return [t for t in texts if WRITES.search(t)]


def fits(page) -> bool:
    """Nothing pushes the page wider than the screen."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_leader_reads_the_home_and_the_dashboard_with_no_write_button(
    demo_data, live_server, browser_page, viewport
):
    page = browser_page
    page.set_viewport_size(viewport)
    log_in(page, live_server, "macun_leader")
    main = page.locator("main")
    assert "重点项目进度" in main.inner_text() and "序时进度" in main.inner_text()
    assert write_controls(page) == []
    assert fits(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"home-leader-{viewport['width']}.png"), full_page=True)

    page.locator("main").get_by_role("link", name="项目调度").click()
    page.wait_for_url("**/projects/dashboard/**")
    assert write_controls(page) == []
    page.goto(f"{live_server.url}/projects/reports/")
    assert write_controls(page) == []


def test_an_enterprise_submits_a_problem_from_its_home(demo_data, live_server, browser_page):
    page = browser_page
    log_in(page, live_server, "qiye_qianye")
    assert "首席服务官" in page.inner_text("main")
    nav = page.locator("nav.qz-sidebar a.nav-link")
    assert nav.count() < 8  # its own pages, not the government's menu
    page.locator("main").get_by_role("link", name="提交诉求").click()
    page.select_option("#id_case_type", index=1)
    page.fill("#id_title", "新厂房用电增容")
    page.fill("#id_content", "新厂房投产需增容至 2000 千伏安，请协调供电公司。")
    page.locator("main form button[type=submit], main form button:not([type])").last.click()
    page.wait_for_url("**/cases/*/")
    assert "诉求已受理" in page.inner_text("main")
    page.goto(f"{live_server.url}/")
    assert "新厂房用电增容" in page.inner_text("main")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_grid_worker_handles_a_case_step_from_its_home(demo_data, live_server, browser_page, viewport):
    page = browser_page
    page.set_viewport_size(viewport)
    log_in(page, live_server, "grid_liying")
    assert fits(page)
    page.screenshot(path=str(ARTIFACTS / f"home-grid-{viewport['width']}.png"), full_page=True)
    first = page.locator("[data-todo-kind^=case_] li a").first
    title = first.inner_text()
    first.click()
    page.wait_for_url("**/cases/*/")
    assert title in page.inner_text("main")
    form = page.locator("main form[method=post]").first
    for select in form.locator("select").all():
        select.select_option(index=1)
    for field in form.locator("textarea, input[type=text]").all():
        field.fill("已联系群众，现场核实。")
    step = form.locator("button").inner_text()
    form.locator("button").click()
    page.wait_for_load_state()
    assert f"已{step}" in page.inner_text("main")


def submitted_reports(n: int) -> list:
    """`n` reports of 马村区's projects for last month, submitted by the platform administrator
    (the district administrator may not review reports it submitted itself)."""
    from datetime import date

    from core.context import acting_as
    from org.models import User
    from projects import actions, queries
    from projects.todo import last_period

    admin, reviewer = User.objects.get(username="admin"), User.objects.get(username="macun_admin")
    year, month = last_period(date.today())
    found = []
    for project in queries.visible_projects(reviewer).order_by("code"):
        if queries.current_report(project, year, month) is not None:
            continue
        with acting_as(admin):
            report = actions.save_report(
                actor=admin, project=project, year=year, month=month, monthly_investment=10**7, ytd_investment=10**8
            )
            found.append(actions.submit_report(actor=admin, report=report))
        if len(found) == n:
            return found
    raise AssertionError("the demo has too few projects without a report for last month")


def approve_and_return(page, approved: str, returned: str, reason: str) -> None:
    """From the home page's 待审核 group: 通过 the report of one project, 退回 another's with `reason`."""
    group = page.locator("[data-todo-kind=report_review]")
    assert group.count() == 1
    group.get_by_role("link", name="全部").click()
    page.wait_for_url("**/projects/reports/review/")
    page.locator("tr", has_text=approved).get_by_role("button", name="通过").click()
    page.wait_for_url("**/projects/reports/review/")
    assert "已审核通过" in page.inner_text("main")
    row = page.locator("tr", has_text=returned)
    row.locator("input[name=reason]").fill(reason)
    row.get_by_role("button", name="退回").click()
    page.wait_for_url("**/projects/reports/review/")
    assert "已退回" in page.inner_text("main")


def returned_on_home(page, live_server, username: str) -> str:
    """What the home page of `username` lists as returned reports, after signing the reviewer out."""
    page.locator("form[action='/logout/'] button").click()
    log_in(page, live_server, username)
    return page.locator("[data-todo-kind=report_returned]").inner_text()


def test_the_district_admin_approves_one_report_and_returns_one_which_the_filler_then_sees(
    demo_data, live_server, browser_page
):
    first, second = submitted_reports(2)
    page = browser_page
    log_in(page, live_server, "macun_admin")
    approve_and_return(page, first.project.name, second.project.name, "年初至今累计小于上月，请核实")

    returned = returned_on_home(page, live_server, "admin")
    assert second.project.name in returned
    assert "退回原因：年初至今累计小于上月，请核实" in returned
    assert first.project.name not in returned


def test_the_street_fills_its_report_the_district_decides_and_the_street_sees_the_return(
    demo_data, live_server, browser_page
):
    """The issue's journey on the demo's own data: 冯营街道 fills and submits last month's report
    from its home page; 马村区 approves it and returns the one that was waiting, with a reason; the
    street then finds the returned report, and the reason, on its home page."""
    from projects.choices import ReportState
    from projects.models import MonthlyReport

    page = browser_page
    log_in(page, live_server, "fengying")
    page.locator("[data-todo-kind=report_due]").get_by_role("link").first.click()
    page.wait_for_url("**/projects/reports/**")
    inputs = page.locator("input[name$='-monthly_investment']")
    assert inputs.count() >= 1
    name = inputs.first.get_attribute("name")
    pk = name.split("-")[0]
    page.fill(f"input[name='{pk}-monthly_investment']", "300")
    page.fill(f"input[name='{pk}-ytd_investment']", "2600")
    page.fill(f"textarea[name='{pk}-progress']", "主体结构施工")
    page.get_by_role("button", name="保存并报送").click()
    page.wait_for_load_state()
    filled = MonthlyReport.objects.get(project_id=pk, state=ReportState.SUBMITTED)
    waiting = MonthlyReport.objects.filter(state=ReportState.SUBMITTED, submitted_by__username="fengying").exclude(
        pk=filled.pk
    )
    assert filled.ytd_investment == 26_000_000  # 2600 万元, kept in 元
    assert waiting.exists(), "the demo keeps one of fengying's reports waiting for review"
    other = waiting.first()

    page.locator("form[action='/logout/'] button").click()
    log_in(page, live_server, "macun_admin")
    approve_and_return(page, filled.project.name, other.project.name, "形象进度与累计投资不符，请核实")

    returned = returned_on_home(page, live_server, "fengying")
    assert other.project.name in returned
    assert "退回原因：形象进度与累计投资不符，请核实" in returned
    filled.refresh_from_db()
    assert filled.state == ReportState.APPROVED
