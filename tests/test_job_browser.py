"""In a real browser: a large export becomes a job; its page shows the progress, then the download."""

import pytest

from core import actions, jobs
from core.context import acting_as
from core.models import Job
from org.testing import PASSWORD
from projects.testing import build_projects

from .browser import log_in
from .test_browser import browser_page  # noqa: F401 (the fixture)

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
