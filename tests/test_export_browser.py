"""In a real browser: filter the project ledger with 查询 (the table refreshes by htmx), then
导出Excel: the sheet holds exactly the filtered rows."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from org.models import User
from tests.test_browser import browser_page, demo_data  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(page, base_url: str, username: str) -> None:
    """The browser carries the session of `username` (the login form has its own test)."""
    client = Client()
    client.force_login(User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])


def test_the_export_after_an_htmx_filter_holds_the_filtered_rows(demo_data, live_server, browser_page):  # noqa: F811
    page = browser_page
    signed_in(page, live_server.url, "macun_admin")
    page.goto(f"{live_server.url}/projects/")
    page.wait_for_function("() => window.htmx !== undefined")
    total = int(re.search(r"共 (\d+) 条", page.inner_text("#object-table")).group(1))
    page.select_option("#id_category", label="工业")
    with page.expect_response(lambda r: "category=industry" in r.url and r.request.headers.get("hx-request")):
        page.click("form.qz-filter button[type=submit]")
    page.wait_for_function("() => document.querySelector('#qz-export').href.includes('category=industry')")
    shown = int(re.search(r"共 (\d+) 条", page.inner_text("#object-table")).group(1))
    assert 0 < shown < total

    with page.expect_download() as download:
        page.click("#qz-export")
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    headers = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert len(rows) == shown
    assert {r[headers.index("行业类别")] for r in rows} == {"工业"}
