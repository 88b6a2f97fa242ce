"""Every page in the navigation opens for the platform administrator on the demo data, in both
languages — a smoke test that catches a broken template or query on any page."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from core import navigation
from org.models import User


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo", stdout=StringIO())


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_navigation_page_opens(demo, client, language):
    client.force_login(User.objects.get(username="admin"), backend="django.contrib.auth.backends.ModelBackend")
    client.cookies["django_language"] = language
    urls = [reverse(item.url_name) for section in navigation.sections() for item in section.items]
    assert len(urls) > 20
    broken = {url: client.get(url).status_code for url in urls}
    assert {url: code for url, code in broken.items() if code != 200} == {}
