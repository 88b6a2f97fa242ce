"""Script injection: names reach charts only as JSON, no page has an inline script or event handler,
and every response carries a Content-Security-Policy that would stop one that slipped through."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from core import navigation
from core.context import acting_as
from indicators.models import Indicator
from org import actions as org_actions
from org.models import PeerGroup, Person, Unit, User

DISTRICT = "马村区</script><script>alert(1)</script>"
LEADER = "宗家桢</script><script>alert(2)</script>"
LIVE = re.compile(r"</script>\s*<script>alert", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo", stdout=StringIO())


def rename_hostile():
    """The district administrator renames their own district and one of its leaders."""
    macun_admin = User.objects.get(username="macun_admin")
    with acting_as(macun_admin):
        org_actions.update_unit(actor=macun_admin, unit=Unit.objects.get(name="马村区"), name=DISTRICT)
        org_actions.update_person(actor=macun_admin, person=Person.objects.get(name="宗家桢"), name=LEADER)


def chart_pages() -> dict[str, tuple[str, dict]]:
    """The chart pages a platform administrator opens, with the JSON element each carries."""
    group = PeerGroup.objects.get(name="城区组")
    macun = Unit.objects.get(name=DISTRICT)
    indicator = Indicator.objects.filter(is_active=True).first()
    return {
        "dashboard-data": ("/projects/dashboard/", {"by": "unit"}),
        "dashboard-data leader": ("/projects/dashboard/", {"by": "leader"}),
        "promotion-data": ("/promotion/", {"by": "unit"}),
        "promotion-data leader": ("/promotion/", {"by": "leader"}),
        "indicator-data ranking": ("/indicators/ranking/", {"group": group.pk, "indicator": indicator.pk}),
        "indicator-data": ("/indicators/", {"unit": macun.pk}),
    }


def json_elements(html: str) -> dict[str, object]:
    found = re.findall(r'<script id="([\w-]+)" type="application/json">(.*?)</script>', html, re.DOTALL)
    return {key: json.loads(text) for key, text in found}


def test_hostile_names_reach_the_chart_pages_only_as_json(demo, client):
    rename_hostile()
    client.force_login(User.objects.get(username="admin"), backend="django.contrib.auth.backends.ModelBackend")
    names_in_charts = set()
    for key, (url, params) in chart_pages().items():
        response = client.get(url, params)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not LIVE.search(html), f"{url} {params}: a name breaks out of a script"
        assert not INLINE_SCRIPT.search(html), f"{url} {params}: an inline script"
        data = json_elements(html)[key.split()[0]]
        text = json.dumps(data, ensure_ascii=False)
        names_in_charts |= {name for name in (DISTRICT, LEADER) if name in text}
        # In the JSON the markup characters are escaped, so the browser never ends the element early.
        if DISTRICT in text or LEADER in text:
            assert "\\u003C/script\\u003E" in html
    assert names_in_charts == {DISTRICT, LEADER}  # both names did reach the charts, as data


def test_every_page_carries_the_policy_and_no_inline_script(demo, client):
    client.force_login(User.objects.get(username="admin"), backend="django.contrib.auth.backends.ModelBackend")
    urls = [reverse(item.url_name) for section in navigation.sections() for item in section.items]
    urls += ["/", "/api/docs", "/api/org/people", "/no-such-page/", "/org/people/1/edit/", "/projects/1/"]
    for url in urls:
        response = client.get(url)
        policy = response.headers.get("Content-Security-Policy", "")
        script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
        assert script_src.split() == ["script-src", "'self'"], url  # no 'unsafe-inline', no 'unsafe-eval'
        assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
        if response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            assert not INLINE_SCRIPT.search(html), url
            assert not HANDLER.search(html), url
            assert "javascript:" not in html, url
    client.logout()
    for url in ["/login/", "/api/openapi.json", "/static/js/quzhi.js"]:
        assert "script-src 'self'" in client.get(url).headers.get("Content-Security-Policy", ""), url


def test_no_template_holds_an_inline_script_or_event_handler():
    roots = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
    templates = [p for root in roots for p in root.rglob("*.html")]
    assert len(templates) > 50
    for path in templates:
        text = path.read_text()
        assert not INLINE_SCRIPT.search(text), path
        assert not HANDLER.search(text), path
        assert "javascript:" not in text and "|safe }}</script>" not in text, path


def test_pages_are_not_cached_and_static_files_are(demo, client):
    client.force_login(User.objects.get(username="admin"), backend="django.contrib.auth.backends.ModelBackend")
    for url in ["/", "/org/people/", "/cases/", "/api/cases/cases"]:
        assert "no-store" in client.get(url)["Cache-Control"], url
    static = client.get("/static/js/quzhi.js")
    assert static.status_code == 200 and "no-store" not in static.get("Cache-Control", "")
