"""Every page in the navigation opens for the platform administrator on the demo data, in both
languages — a smoke test that catches a broken template or query on any page."""

import json
from io import StringIO

import pytest
from django.contrib.staticfiles import finders
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


def test_every_navigation_page_opens_with_the_static_files_of_production(demo, client, settings, tmp_path):
    """Production names static files by their content's hash, from collectstatic's manifest, and
    refuses a name the manifest lacks; the tests' own storage would not notice such a name."""
    names = {}
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            name = "/".join(filter(None, [getattr(storage, "prefix", None), path.replace("\\", "/")]))
            names[name] = name
    root = tmp_path / "static"  # the demo's uploads are in tmp_path (MEDIA_ROOT)
    root.mkdir()
    (root / "staticfiles.json").write_text(json.dumps({"paths": names, "version": "1.1"}))
    settings.STATIC_ROOT, settings.DEBUG = root, False
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}  # fmt: skip
    client.force_login(User.objects.get(username="admin"), backend="django.contrib.auth.backends.ModelBackend")
    urls = [reverse(item.url_name) for section in navigation.sections() for item in section.items]
    urls += ["/sw.js", "/manifest.webmanifest", "/api/docs"]
    broken = {url: client.get(url).status_code for url in urls}
    client.logout()
    broken["/login/"] = client.get("/login/").status_code
    assert {url: code for url, code in broken.items() if code != 200} == {}
