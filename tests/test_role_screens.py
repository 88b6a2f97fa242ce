"""Every demo login sees only what it can use: no navigation entry, link or button on its pages
answers 403 or 404, and the roles that may not write are offered no form that writes."""

import json
import re
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import html

from org.models import User

# Links that leave the page for something other than a page: files, exports, the API's docs.
SKIP = re.compile(r"^/(static|media|api|i18n|jsi18n|logout)/|[?&]export=|/download/|/file/|/photo/")


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo", stdout=StringIO())


def _login(client, username):
    client.logout()
    client.force_login(User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend")


def _links(page: bytes, base: str, *, where: str = "//main") -> list[str]:
    tree = html.fromstring(page)
    found = []
    for href in tree.xpath(f"{where}//a/@href"):
        url = urljoin(base, href)
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not SKIP.search(path):
            found.append(path)
    return found


def _writing_forms(page: bytes) -> list[str]:
    """The actions of the POST forms a user can send, beside the ones every page has (language, logout)."""
    tree = html.fromstring(page)
    actions = []
    for form in tree.xpath("//main//form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        if not form.xpath(".//button | .//input[@type='submit']"):
            continue  # a form without a button (a table shown read-only) sends nothing
        action = form.get("action") or ""
        if action.startswith(("/i18n/", "/logout/")):
            continue
        actions.append(action or "(this page)")
    return actions


FOUND_ON: dict[str, str] = {}  # link → the page it was found on, to name the page in a failure


def walk(client, username: str, *, depth_pages: int = 6) -> dict[str, int]:
    """Open the user's navigation, then every link on a sample of the pages it leads to."""
    _login(client, username)
    home = client.get("/")
    assert home.status_code == 200, username
    seen: dict[str, int] = {}
    nav = _links(home.content, "/", where="//nav[contains(@class,'qz-sidebar')]")
    queue = list(dict.fromkeys(["/", *nav]))
    opened = 0
    shapes: dict[str, int] = {}
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        is_page = response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")
        # Follow the links of the navigation pages and of the first detail page of each list.
        if is_page and (url in nav or url == "/" or opened < depth_pages * len(nav)):
            for link in _links(response.content, url):
                shape = re.sub(r"\d+", "N", link.split("?")[0])
                if link not in seen and link not in queue and shapes.get(shape, 0) < 2:
                    shapes[shape] = shapes.get(shape, 0) + 1
                    queue.append(link)
                    FOUND_ON[link] = url
            opened += 1
    return seen


DEMO_LOGINS = [
    "admin",
    "macun_admin",
    "macun_fgw",
    "fengying",
    "macun_leader",
    "grid_liying",
    "qiye_qianye",
    "readonly",
]
# Roles that may not write: on the pages they open, no form that writes — beside the 签发 of a
# bulletin, which belongs to the issuer's 签发人 whatever their role (a leader signs; docs/supervision.md).
READERS = ["macun_leader", "readonly"]
SIGN_OFF = re.compile(r"^/supervision/bulletins/\d+/step/sign/$")


def test_it_shows_no_link_that_answers_403_or_404_for_any_demo_login(demo, client):
    client.raise_request_exception = False  # a crash is one more broken link, listed with the others
    broken, writing = {}, {}
    for username in DEMO_LOGINS:
        seen = walk(client, username)
        bad = {f"{url} (on {FOUND_ON.get(url, 'nav')})": code for url, code in seen.items() if code in (403, 404, 500)}
        if bad:
            broken[username] = bad
        if username in READERS:
            for url in [u for u, code in seen.items() if code == 200][:60]:
                response = client.get(url)
                if response.get("Content-Type", "").startswith("text/html"):
                    forms = [f for f in _writing_forms(response.content) if not SIGN_OFF.match(f)]
                    if forms:
                        writing.setdefault(username, {})[url] = forms
    assert broken == {}, json.dumps(broken, ensure_ascii=False, indent=1)
    assert writing == {}


def test_it_shows_each_role_only_its_own_navigation(demo, client):
    def entries(username):
        _login(client, username)
        return set(_links(client.get("/").content, "/", where="//nav[contains(@class,'qz-sidebar')]"))

    admin, district = entries("admin"), entries("macun_admin")
    enterprise, grid, leader = entries("qiye_qianye"), entries("grid_liying"), entries("macun_leader")
    assert reverse("projects:settings") in admin and reverse("projects:settings") not in district
    assert reverse("cases:case-create") in enterprise and not any(u.startswith("/projects/") for u in enterprise)
    assert len(enterprise) < 8 and len(grid) < 12
    assert reverse("cases:inbox") in grid and not any(u.startswith(("/projects/", "/indicators/")) for u in grid)
    assert reverse("cases:case-create") not in leader and reverse("projects:dashboard") in leader
