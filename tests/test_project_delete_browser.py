"""In a real browser, on a phone and on a desktop: a district administrator deletes a project
entered by mistake from its page, after saying yes to the question; one with reports has no button."""

import pytest

from core.context import acting_as
from org.testing import PASSWORD
from projects import actions
from projects.models import Project
from projects.testing import YI

from .browser import log_in
from .test_browser import (
    ARTIFACTS,
    browser_page,  # noqa: F401 (the fixture)
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1366, "height": 768}],
                         ids=["phone", "desktop"])  # fmt: skip
def test_a_project_entered_by_mistake_is_deleted_from_its_page(world, live_server, browser_page, viewport):  # noqa: F811
    admin = world.users["admin"]
    with acting_as(admin):
        mistake = actions.create_project(actor=admin, unit=world.units["fengying"], code="MC-2026-099",
                                         name="录错的项目", level="district", category="industry", nature="new",
                                         total_investment=2 * YI)  # fmt: skip
        actions.set_annual_plan(actor=admin, project=mistake, year=2026, planned_investment=YI)
        kept = actions.create_project(actor=admin, unit=world.units["fengying"], code="MC-2026-098",
                                      name="已报送的项目", level="district", category="industry", nature="new",
                                      total_investment=2 * YI)  # fmt: skip
        actions.save_report(actor=admin, project=kept, year=2026, month=3, ytd_investment=10**7)
    page = browser_page
    page.set_viewport_size(viewport)
    questions = []
    log_in(page, live_server, "macun_admin", PASSWORD)

    page.goto(f"{live_server.url}{kept.get_absolute_url()}")
    assert page.locator("#project-delete").count() == 0

    page.goto(f"{live_server.url}{mistake.get_absolute_url()}")
    button = page.locator("#project-delete")
    assert button.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    button.click()  # "no": nothing happens
    assert page.url.endswith(mistake.get_absolute_url())
    assert Project.objects.filter(pk=mistake.pk).exists()

    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    button.click()
    page.wait_for_url(f"{live_server.url}/projects/")
    assert "已删除“录错的项目" in page.inner_text(".qz-content")
    assert "确定删除项目“录错的项目”" in questions[0] and len(questions) == 2
    assert not Project.objects.filter(pk=mistake.pk).exists()
    assert Project.objects.filter(pk=kept.pk).exists()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"project-deleted-{viewport['width']}.png"), full_page=True)
