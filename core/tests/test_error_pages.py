"""With DEBUG off a user meets the site's own error pages, in Chinese, with a way back."""

import pytest
from django.test import Client, override_settings
from django.urls import path

from core import views


def broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken)]
handler500 = "core.views.server_error"


@pytest.mark.django_db
def test_it_answers_an_unknown_page_with_the_friendly_404(world, client_for, settings):
    settings.DEBUG = False
    response = client_for(world.users["fengying"]).get("/no/such/page/", HTTP_REFERER="http://testserver/projects/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "未找到" in page and "返回首页" in page and 'href="http://testserver/projects/"' in page
    assert "qz-sidebar" in page  # the site's own layout, with its navigation
    assert "Traceback" not in page and "Page not found" not in page and "Using the URLconf" not in page


@pytest.mark.django_db
def test_it_answers_a_denied_action_with_the_friendly_403(world, client_for):
    response = client_for(world.users["fengying"]).get("/org/users/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "没有权限" in page and "您没有管理用户的权限。" in page and "返回首页" in page


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_it_answers_a_crash_with_a_500_page_that_needs_no_database(django_assert_num_queries):
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/broken/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "系统出错" in page and "返回首页" in page and "boom" not in page


def test_it_keeps_a_way_back_only_to_our_own_pages(rf):
    assert views._back(rf.get("/", HTTP_REFERER="https://evil.example/")) == ""
    assert views._back(rf.get("/", HTTP_REFERER="http://testserver/cases/")) == "http://testserver/cases/"
