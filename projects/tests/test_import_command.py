"""`quzhi import_ledger`: the dry run and the commit from the command line, and its JSON."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from projects.models import Project
from projects.tests.test_ledger_layouts import ROWS, county_ledger


def run(*args) -> tuple[int, dict | str]:
    out = io.StringIO()
    try:
        call_command("import_ledger", *args, stdout=out, stderr=io.StringIO())
        code = 0
    except SystemExit as exc:
        code = exc.code
    text = out.getvalue()
    return code, json.loads(text) if "--json" in args else text


def test_the_json_has_the_documented_shape(world, tmp_path):
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(county_ledger(*ROWS, total=1))
    code, data = run(str(path), "--as", "macun_admin", "--json")
    assert code == 0
    assert list(data) == ["rows", "create", "update", "unchanged", "skipped", "checks", "errors"]
    assert (data["rows"], data["create"], data["update"], data["unchanged"]) == (2, 2, 0, 0)
    assert {"sheet": "冯营街道", "row": 5, "why": "分组行「一、工业项目（2个）」"} in data["skipped"]
    assert {"sheet": "冯营街道", "row": 8, "what": "合计「总投资」为 1，各行之和为 24,000", "ok": False} in data[
        "checks"
    ]
    assert data["errors"] == []
    assert not Project.objects.exists()  # a dry run writes nothing


def test_errors_name_the_sheet_row_and_column_and_the_exit_code_says_so(world, tmp_path):
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(county_ledger(["FY-9", "坏项目", "国重点", "新建", "很多", 1, None, None, "", ""], total=0))
    code, data = run(str(path), "--as", "macun_admin", "--json", "--commit")
    assert code == 1
    columns = {(e["sheet"], e["row"], e["column"]) for e in data["errors"]}
    assert columns == {("冯营街道", 6, "项目级别"), ("冯营街道", 6, "总投资")}
    assert not Project.objects.exists()


def test_set_fills_a_field_the_file_lacks_and_commit_writes(world, tmp_path):
    wb = Workbook()
    for row in (["项目代码", "项目名称", "项目级别", "行业类别", "建设性质", "总投资（万元）"],
                ["S-1", "甲", "区重点", "工业", "新建", 100]):  # fmt: skip
        wb.active.append(row)
    path = tmp_path / "ledger.xlsx"
    wb.save(path)
    code, data = run(str(path), "--as", "macun_admin", "--json")
    assert code == 1 and data["errors"][0]["message"] == "缺少必填列：所属单位"
    code, data = run(str(path), "--as", "macun_admin", "--set", "所属单位=冯营街道", "--json", "--commit")
    assert code == 0 and data["create"] == 1
    assert Project.objects.get(code="S-1").unit == world.units["fengying"]
    code, text = run(str(path), "--as", "macun_admin", "--set", "unit=冯营街道")
    assert code == 0 and "不变 1" in text


def test_it_refuses_an_unknown_user_or_field(world, tmp_path):
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(county_ledger(*ROWS))
    with pytest.raises(CommandError, match="没有启用的用户"):
        run(str(path), "--as", "nobody")
    with pytest.raises(CommandError, match="没有字段“颜色”"):
        run(str(path), "--as", "macun_admin", "--set", "颜色=红")
