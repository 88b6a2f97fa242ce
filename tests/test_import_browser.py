"""In a real browser: a street imports its monthly report in its own layout through the column mapping."""

import pytest

from core.models import ImportMapping
from org.testing import PASSWORD
from projects.models import MonthlyReport
from projects.testing import build_projects
from projects.tests.test_report_mapping import office_report

from .browser import log_in
from .test_browser import browser_page  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_street_maps_its_report_columns_saves_them_and_imports(world, live_server, browser_page, tmp_path):  # noqa: F811
    projects = build_projects(world)
    path = tmp_path / "冯营5月.xlsx"
    path.write_bytes(office_report(5, [("生物医药产业园", 800, 6200.5, "主体封顶")]).getvalue())
    page = browser_page
    log_in(page, live_server, "fengying", PASSWORD)

    page.goto(f"{live_server.url}/projects/reports/")
    page.get_by_role("link", name="本单位格式的表（列对应）").click()
    page.wait_for_url("**/projects/reports/import/")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="检查").click()
    mapping = page.locator("#import-mapping")
    mapping.wait_for()
    assert "目前进展" in page.inner_text("#import-unmapped")
    suggested = page.locator("select[aria-label='投资完成情况/1-5月完成投资'] option:checked")
    assert suggested.inner_text() == "年初至报告期累计"
    page.select_option("select[aria-label='目前进展']", label="形象进度")
    page.fill("input[name=save_as]", "冯营月报")
    page.get_by_role("button", name="按此对应重新检查").click()
    page.locator("#confirm-import").wait_for()
    assert "已保存列对应方案“冯营月报”" in page.inner_text(".qz-content")
    assert "检查通过：1 份月度报告" in page.inner_text("#import-preview")
    page.click("#confirm-import")
    page.wait_for_url("**/projects/reports/")
    assert "已导入 1 份月度报告" in page.inner_text(".qz-content")

    report = MonthlyReport.objects.get(project=projects["fengying"])
    assert (report.month, report.ytd_investment, report.progress) == (5, 62_005_000, "主体封顶")
    assert ImportMapping.objects.get(kind="reports").columns["目前进展"] == "progress"
