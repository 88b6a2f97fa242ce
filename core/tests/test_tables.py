"""One column list per table: the page's headers and the export's headers come from the same Table,
every list is drawn by the one generic template, and the export link carries the filter."""

import io
import re
from datetime import date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook

from core.tables import Col, Table
from core.views import ScopedListView

ROOT = Path(__file__).resolve().parents[2]


def _list_urls(resolver=None, prefix=""):
    """(url, view class) of every ScopedListView the site routes to."""
    found = []
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            found += _list_urls(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            cls = getattr(p.callback, "view_class", None)
            if cls is not None and issubclass(cls, ScopedListView) and not p.pattern.converters:
                found.append(("/" + prefix + str(p.pattern), cls))
    return found


LISTS = _list_urls()


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


class _Headers(HTMLParser):
    """The text of each <th> inside the list's table region."""

    def __init__(self):
        super().__init__()
        self.headers, self._th, self._depth = [], None, 0

    def handle_starttag(self, tag, attrs):
        if tag == "div" and ("id", "object-table") in attrs:
            self._depth = 1
        elif tag == "div" and self._depth:
            self._depth += 1
        elif tag == "th" and self._depth:
            self._th = []

    def handle_endtag(self, tag):
        if tag == "div" and self._depth:
            self._depth -= 1
        elif tag == "th" and self._th is not None:
            self.headers.append(re.sub(r"\s*[▲▼]$", "", "".join(self._th).strip()))
            self._th = None

    def handle_data(self, data):
        if self._th is not None:
            self._th.append(data)


def page_headers(html: str) -> list[str]:
    parser = _Headers()
    parser.feed(html)
    return parser.headers


def test_every_list_of_every_app_is_found():
    apps = {cls.__module__.split(".")[0] for _url, cls in LISTS}
    assert apps == {"core", "org", "projects", "indicators", "supervision", "cases", "promotion", "ingest"}
    assert len(LISTS) == 16


@pytest.mark.parametrize("url,view", LISTS, ids=[url for url, _v in LISTS])
def test_it_draws_the_page_and_the_export_headers_from_one_column_list(world, client_for, url, view):
    client = client_for(world.users["admin"])
    response = client.get(url)
    assert response.status_code == 200
    table = response.context["table"]
    assert isinstance(table, Table)
    assert page_headers(response.content.decode()) == table.html_headers()
    assert response.context["table_template"] == view.table_template == "core/_table.html"
    if not view.exportable:
        assert "qz-export" not in response.content.decode()
        return
    sheet = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content)).active
    assert [c.value for c in next(sheet.iter_rows(max_row=1))] == table.sheet_headers()
    # The columns both show are the same columns: one list, in one order.
    shared = [c for c in table.columns if c.html and c.export]
    assert shared, "a table whose page and export share no column"
    html_order = [c.name for c in table.html_columns if c.export]
    sheet_order = [c.name for c in table.sheet_cols if c.html]
    assert html_order == sheet_order


def test_no_list_keeps_a_second_column_list():
    assert all(not hasattr(cls, "export_columns") for cls in _subclasses(ScopedListView))
    second = re.compile(r"def export_columns|export_columns\s*=")
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("*/views.py")
        if second.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    # …nor a table template of its own beside the generic one.
    assert sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("*/templates/*/_*_table.html")) == []


def test_a_column_shows_money_labels_and_dates_and_exports_numbers():
    row = SimpleNamespace(
        total=1_260_200_000_000,
        day=date(2026, 3, 1),
        at=datetime(2026, 3, 1, 9, 30),
        flag=True,
        nothing=None,
        is_sample=True,
        get_absolute_url=lambda: "/x/",
        inner=SimpleNamespace(name="冯营街道", get_absolute_url=lambda: "/unit/"),
    )
    yi, wan = Col("total", "总投资（亿元）", money="亿元"), Col("total", "计划（万元）", money="万元")
    assert yi.cell(row) == "12,602.00" and yi.sheet_value(row) == Decimal("12602.00")
    assert wan.cell(row) == "126,020,000.00" and wan.sheet_value(row) == Decimal("126020000.00")
    day = Col("day", "日期")
    assert day.cell(row) == "2026-03-01" and day.sheet_value(row) == date(2026, 3, 1)
    assert Col("at", "时间").cell(row) == "2026-03-01 09:30"
    assert Col("flag", "在职").cell(row) == "是" and Col("flag", "在职").sheet_value(row) == "是"
    assert Col("nothing", "空", default="—").cell(row) == "—" and Col("nothing", "空").sheet_value(row) is None
    assert Col("inner", "单位", accessor="inner.name", link="inner").cell(row) == '<a href="/unit/">冯营街道</a>'
    sample = Col("day", "日期", link=True, sample=True).cell(row)
    assert sample == '<a href="/x/">2026-03-01</a> <span class="badge text-bg-light">示例数据</span>'
    assert Col("name", "<b>", text=lambda r: "<script>").cell(row) == "&lt;script&gt;"


def test_a_choice_column_exports_its_label_and_draws_its_badge(world):
    from org.models import Unit

    unit = world.units["fengying"]
    col = Col("kind", "类型", badge=True)
    assert col.sheet_value(unit) == unit.get_kind_display() != unit.kind
    assert unit.get_kind_display() in col.cell(unit) and 'class="badge text-bg-' in col.cell(unit)
    assert Unit.objects.filter(pk=unit.pk).exists()


def test_sorting_follows_the_sortable_columns_only(world):
    from org.models import Person

    table = Table([Col("name", "姓名", sort="name"), Col("title", "职务")])
    qs = Person.objects.all()
    assert table.order(qs, "-name").query.order_by == ("-name", "pk")
    assert table.order(qs, "title") is qs and table.order(qs, "nope") is qs


def test_a_choice_column_shows_its_label_not_its_code(world):
    unit = world.units["fengying"]
    assert Col("kind", "类型").cell(unit) == unit.get_kind_display() != unit.kind


def test_on_a_phone_the_column_list_decides_each_rows_card():
    """Each cell carries its column's label for the card's line; the title column heads the card
    (the one marked, else the first linking to the row's page, else the first), and a column marked
    card="hide" is left off the card but stays in the table and the sheet."""
    from django.template.loader import render_to_string

    row = SimpleNamespace(code="P-1", name="健康元产业园", stage="在建", get_absolute_url=lambda: "/p/1/")
    table = Table([Col("code", "编号"), Col("name", "项目名称", link=True), Col("stage", "阶段", card="hide")])
    assert table.card_title == "name"
    assert Table([Col("code", "编号"), Col("name", "名称", card="title")]).card_title == "name"
    assert Table([Col("code", "编号"), Col("name", "名称")]).card_title == "code"
    html = render_to_string("core/_table.html", {"table": table, "object_list": [row]})
    assert 'class="table table-sm table-hover align-middle qz-cards"' in html
    assert '<td data-label="编号">P-1</td>' in html
    assert '<td class="qz-card-title"><a href="/p/1/">健康元产业园</a></td>' in html
    assert '<td class="qz-card-hide" data-label="阶段">在建</td>' in html
    assert "阶段" in table.sheet_headers()
    with pytest.raises(AssertionError):
        Col("x", "X", card="footer")
