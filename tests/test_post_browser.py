"""In a real browser: a district administrator gives a person a further post (兼职) from the person
page, and the account behind the person then works in that unit too."""

import pytest

from core import scope
from org.models import Post, Unit, User

from .browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_district_administrator_adds_a_post_from_the_person_page(demo_data, live_server, browser_page):
    page = browser_page
    person = User.objects.get(username="fengying").person
    tjj = Unit.objects.get(name="统计局", path__startswith=Unit.objects.get(name="马村区").path)
    log_in(page, live_server, "macun_admin")
    page.goto(f"{live_server.url}{person.get_absolute_url()}")
    page.locator("#posts").get_by_role("link", name="新增兼职").click()
    page.wait_for_url("**/posts/add/")
    page.select_option("#id_unit", value=str(tjj.pk))
    page.fill("#id_title", "兼任统计联络员")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{person.get_absolute_url()}")
    posts = page.locator("#posts").inner_text()
    assert "统计局" in posts and "兼任统计联络员" in posts
    assert Post.objects.get(person=person, unit=tjj).is_active
    assert scope.scope_of(User.objects.get(username="fengying")).covers_path(tjj.path)
