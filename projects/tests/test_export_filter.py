"""导出Excel exports the rows the 查询 filter shows: the export honours the filter, and the table
refreshed by htmx brings an export link carrying the filter just applied."""

import io
import re
from html import unescape

from openpyxl import load_workbook


def _sheet_names(response) -> list[str]:
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    return [r[1] for r in rows[1:]]


def test_it_exports_only_the_rows_the_filter_shows(world, projects, client_for):
    client = client_for(world.users["macun_admin"])
    assert sorted(_sheet_names(client.get("/projects/", {"export": "xlsx"}))) == ["生物医药产业园", "茁成生态农庄二期"]
    industry = client.get("/projects/", {"category": "industry", "export": "xlsx"})
    assert _sheet_names(industry) == ["生物医药产业园"]
    assert _sheet_names(client.get("/projects/", {"q": "农庄", "export": "xlsx"})) == ["茁成生态农庄二期"]


def test_the_refreshed_table_brings_the_export_link_with_the_filter(world, projects, client_for):
    client = client_for(world.users["macun_admin"])
    page = client.get("/projects/").content.decode()
    assert page.count('id="qz-export"') == 1
    partial = client.get(
        "/projects/", {"category": "industry", "page": 1}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="object-table"
    ).content.decode()
    assert "<html" not in partial and "生物医药产业园" in partial and "茁成生态农庄二期" not in partial
    link = re.search(r'<a id="qz-export"[^>]*href="([^"]+)"[^>]*hx-swap-oob="true"', partial)
    assert link, partial[-600:]
    href = unescape(link.group(1))
    assert "category=industry" in href and "export=xlsx" in href and "page=" not in href
    assert _sheet_names(client.get("/projects/" + href)) == ["生物医药产业园"]
