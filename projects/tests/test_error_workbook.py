"""The sender's workbook back with a 「错误说明」 column and the bad cells highlighted."""

import io

from openpyxl import load_workbook

from core.importing import error_workbook
from projects import imports
from projects.tests.test_ledger_layouts import ROWS, county_ledger

BAD = ["FY-9", "坏项目", "国重点", "新建", "很多", 1, "明年", None, "", ""]


def test_the_returned_workbook_has_an_error_column_and_red_cells(world):
    data = county_ledger(ROWS[0], BAD, total=0)
    preview = imports.dry_run(world.users["macun_admin"], data)
    assert not preview.ok
    ws = load_workbook(io.BytesIO(error_workbook(data, preview.result)))["冯营街道"]
    # The sender's file, untouched: title, header, merges, rows, notes.
    assert ws["A1"].value == "2026年冯营街道重点项目台账" and ws["G3"].value == "2026年计划"
    assert "G3:H3" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["C6"].value == "健康元研究院" and ws["A10"].value == "注：金额单位为万元。"
    # The added column after the last one (K), over the two header rows.
    assert ws["L3"].value == "错误说明" and "L3:L4" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["L6"].value is None
    message = ws["L7"].value
    assert "「项目级别」" in message and "「总投资」" in message and "「2026年计划/计划开工时间」" in message
    red = {c.coordinate for row in ws.iter_rows(min_row=6, max_row=7, max_col=11) for c in row
           if c.fill.fgColor.rgb.endswith("FFC7CE")}  # fmt: skip
    assert red == {"D7", "F7", "H7"}


def test_errors_of_the_whole_sheet_go_in_the_column_header(world):
    data = county_ledger(ROWS[0], unit_line="单位：万元", title="Sheet1")
    preview = imports.dry_run(world.users["macun_admin"], data)
    ws = load_workbook(io.BytesIO(error_workbook(data, preview.result))).active
    assert ws["L3"].value == "错误说明（整表：缺少必填列：所属单位）"


def test_the_import_page_offers_the_annotated_file(world, client_for):
    client = client_for(world.users["macun_admin"])
    upload = io.BytesIO(county_ledger(BAD, total=0))
    upload.name = "冯营街道台账.xlsx"
    page = client.post("/projects/import/", {"file": upload})
    assert page.status_code == 400
    token = page.context["token"]
    assert f'name="errors" value="{token}"' in page.content.decode()
    response = client.get("/projects/import/", {"errors": token, "name": upload.name})
    assert response.status_code == 200
    assert "%E9%94%99%E8%AF%AF%E8%AF%B4%E6%98%8E.xlsx" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["L3"].value == "错误说明" and ws["L6"].value
