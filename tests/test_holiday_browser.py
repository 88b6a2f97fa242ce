"""In a real browser: a platform administrator enters the 2027 Spring Festival and publishes the year."""

import pytest

from core.models import AuditEntry, HolidayYear, WorkdayOverride
from org.testing import PASSWORD

from .browser import log_in
from .test_browser import browser_page  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_enters_a_holiday_range_and_publishes_the_year(world, live_server, browser_page):  # noqa: F811
    page = browser_page
    log_in(page, live_server, "admin", PASSWORD)

    page.click("nav.qz-sidebar >> text=节假日调整")
    page.wait_for_url("**/system/holidays/")
    page.fill("#open-year", "2027")
    page.get_by_role("button", name="录入或查看").click()
    page.wait_for_url("**/system/holidays/2027/")
    assert page.inner_text("#year-state") == "推算"

    assert page.input_value("#id_name_1") == "春节"  # the notice's holidays, named in order
    page.fill("#id_start_1", "2027-02-06")
    page.fill("#id_end_1", "2027-02-13")
    page.fill("#id_makeup", "2027-02-20 春节")
    page.click("#save-notice")
    page.wait_for_url("**/system/holidays/2027/recompute/")
    assert "已保存 2027 年的节假日安排" in page.inner_text(".qz-content")
    page.get_by_role("link", name="返回").click()
    page.wait_for_url("**/system/holidays/2027/")
    assert page.get_attribute('td[data-date="2027-02-10"]', "data-status") == "holiday"
    assert page.get_attribute('td[data-date="2027-02-20"]', "data-status") == "makeup"

    page.click("#publish")
    page.wait_for_url("**/system/holidays/2027/recompute/")
    page.goto(f"{live_server.url}/system/holidays/2027/")
    assert page.inner_text("#year-state") == "已发布"

    assert WorkdayOverride.objects.filter(date__year=2027, is_workday=False).count() == 8
    assert HolidayYear.objects.get(year=2027).published
    assert AuditEntry.objects.filter(content_type__model="holidayyear", verb="发布节假日安排").exists()
