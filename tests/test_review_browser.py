"""In a real browser: a reviewer approves a report from its own page and several from the queue."""

import pytest

from core.context import acting_as
from org.testing import PASSWORD
from projects import actions
from projects.choices import ReportState
from projects.models import MonthlyReport
from projects.testing import build_projects

from .browser import log_in
from .test_browser import browser_page  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_approves_on_the_report_page_and_in_a_batch(world, live_server, browser_page):  # noqa: F811
    projects = build_projects(world)
    reports = []
    for month in (5, 6):
        for key in ("fengying", "anyang"):
            user = world.users[key]
            with acting_as(user):
                r = actions.save_report(actor=user, project=projects[key], year=2026, month=month,
                                        ytd_investment=month * 10_000_000, problems="用地指标待批")  # fmt: skip
                reports.append(actions.submit_report(actor=user, report=r))
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, "macun_admin", PASSWORD)

    # On the report's own page: 通过 without going back to the queue first.
    page.goto(f"{live_server.url}{reports[0].get_absolute_url()}")
    assert "用地指标待批" in page.inner_text(".qz-report-figures")
    page.locator("#review-actions").get_by_role("button", name="通过").click()
    page.wait_for_url("**/projects/reports/review/")
    assert "已审核通过" in page.inner_text(".qz-content")

    # The rest in one go: tick all, 批量通过.
    page.check("input[data-check-all=report]")
    assert page.locator("input[name=report]:checked").count() == 3
    page.get_by_role("button", name="批量通过").click()
    page.wait_for_url("**/projects/reports/review/")
    assert "已批量审核通过 3 份报告" in page.inner_text(".qz-content")
    assert "没有待审核的报告" in page.inner_text(".qz-content")
    assert set(MonthlyReport.objects.values_list("state", flat=True)) == {ReportState.APPROVED}
