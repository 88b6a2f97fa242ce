"""In a real browser: a large export becomes a job; its page shows the progress, then the download.
A large import's commit shows its stages while it runs, on a phone and on a desktop."""

import threading

import pytest

from core import actions, jobs, progress
from core.context import acting_as
from core.models import Job
from org.testing import PASSWORD
from projects.actions import LEDGER_STAGES
from projects.models import Project
from projects.testing import build_projects
from projects.tests.test_import_progress import ledger

from .browser import log_in
from .test_browser import (
    ARTIFACTS,
    browser_page,  # noqa: F401 (the fixture)
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_large_export_shows_its_progress_then_downloads(world, live_server, browser_page, settings):  # noqa: F811
    settings.EXPORT_IN_BACKGROUND_ROWS = 1
    build_projects(world)
    page = browser_page
    log_in(page, live_server, "macun_admin", PASSWORD)

    page.goto(f"{live_server.url}/projects/")
    page.click("#qz-export")
    page.wait_for_url("**/system/jobs/*/")
    page.locator("#job-download").wait_for()
    assert "已导出 2 行" in page.inner_text("#job-status")
    with page.expect_download() as info:
        page.click("#job-download")
    assert info.value.suggested_filename.endswith(".xlsx")

    # A job still queued: the page polls until it is done, then offers the file.
    user = world.users["macun_admin"]
    with acting_as(user):
        job = actions.start_job(actor=user, kind="export", title="导出：项目台账",
                                params={"path": "/projects/", "query": {}})  # fmt: skip
    page.goto(f"{live_server.url}/system/jobs/{job.pk}/")
    assert page.get_attribute("#job-status", "data-state") == "pending"
    assert page.locator("#job-download").count() == 0
    jobs.run(job.pk)
    page.locator("#job-download").wait_for(timeout=10_000)
    assert page.get_attribute("#job-status", "data-state") == "done"
    assert Job.objects.get(pk=job.pk).result


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1366, "height": 768}],
                         ids=["phone", "desktop"])  # fmt: skip
def test_a_large_import_shows_its_stages_while_it_commits(world, live_server, browser_page, settings,  # noqa: F811
                                                          monkeypatch, tmp_path, viewport):  # fmt: skip
    settings.IMPORT_IN_BACKGROUND_BYTES, settings.QUZHI_JOBS_INLINE, settings.CELERY_BROKER_URL = 1, False, ""
    entered, release = threading.Event(), threading.Event()
    begin = progress._Reporter.begin

    def paused(self, name, total, span):  # the commit waits, inside its transaction, as a large one would
        begin(self, name, total, span)
        if name == progress.WRITE_PROJECTS:
            entered.set()
            assert release.wait(30)

    monkeypatch.setattr(progress._Reporter, "begin", paused)
    path = tmp_path / "台账.xlsx"
    path.write_bytes(ledger(3))
    page = browser_page
    page.set_viewport_size(viewport)
    log_in(page, live_server, "macun_admin", PASSWORD)
    page.goto(f"{live_server.url}/projects/import/")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="检查", exact=True).click()
    page.get_by_role("button", name="确认导入", exact=True).click()
    page.wait_for_url("**/system/jobs/*/")
    try:
        assert entered.wait(15)
        page.locator("#job-status[data-stage='写入项目']").wait_for(timeout=10_000)  # the poll brought it
        assert "进行中 · 写入项目（0 / 3）" in page.inner_text("#job-stage")
        start = LEDGER_STAGES[progress.WRITE_PROJECTS][0]
        assert page.get_attribute("#job-status [role=progressbar]", "aria-valuenow") == str(start)
        assert page.locator("#job-status").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"job-import-{viewport['width']}.png"), full_page=True)
    finally:
        release.set()
    page.locator("#job-status[data-state='done']").wait_for(timeout=15_000)
    assert "导入完成：新增 3 个" in page.inner_text("#job-status")
    assert page.locator("#job-status[data-stage]").count() == 0
    assert Project.objects.filter(code__startswith="PG-").count() == 3
