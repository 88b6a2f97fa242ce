"""A month's reports in a street's own layout, through the import page's column mapping step."""

import io

from openpyxl import Workbook

from core.models import ImportMapping
from projects.models import MonthlyReport, Project


def office_report(month: int, rows: list[tuple[str, float, float, str]], total: float | None = None) -> io.BytesIO:
    """As a street sends it: a title, a 填报单位/单位 line, a two-row merged header, a 合计 row, a signature."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append([f"冯营街道重点项目2026年1-{month}月投资完成情况表"])
    ws.merge_cells("A1:F1")
    ws.append(["填报单位：冯营街道", None, None, None, "单位：万元"])
    ws.append(["序号", "项目名称", "投资完成情况", None, "目前进展", "备注"])
    ws.append([None, None, f"{month}月完成", f"1-{month}月完成投资", None, None])
    for ref in ("A3:A4", "B3:B4", "C3:D3", "E3:E4", "F3:F4"):
        ws.merge_cells(ref)
    for n, (name, monthly, ytd, progress) in enumerate(rows, start=1):
        ws.append([n, name, monthly, ytd, progress, "按计划推进"])
    sums = total if total is not None else sum(r[2] for r in rows)
    ws.append(["合计", None, sum(r[1] for r in rows), sums, None, None])
    ws.append(["填表人：王五", None, None, "审核人：赵六"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = f"冯营{month}月.xlsx"
    return buffer


def test_a_street_report_is_mapped_once_saved_and_reused(world, projects, client_for):
    user = world.users["fengying"]
    client = client_for(user)
    may = office_report(5, [("生物医药产业园", 800, 6200.5, "主体封顶")])
    page = client.post("/projects/reports/import/", {"file": may})
    assert page.status_code == 200, [str(e) for e in page.context["preview"].errors]
    columns = dict(page.context["mapping_columns"])
    assert columns["投资完成情况/1-5月完成投资"] == "ytd_investment"  # suggested: 1-5月 is May's year to date
    assert columns["投资完成情况/5月完成"] == "monthly_investment"
    assert columns["目前进展"] == ""  # no synonym: the user maps it
    assert "目前进展" in page.context["mapping_unmapped"] and "备注" in page.context["mapping_unmapped"]
    assert ("unit", "所属单位", "冯营街道") in page.context["mapping_constants"]  # offered: the sending unit
    checks = page.context["preview"].result.checks
    assert checks and all(c.ok for c in checks)  # the 合计 row agrees with its rows
    row = page.context["preview"].rows[0]
    assert (row.project, row.year, row.month) == (projects["fengying"], 2026, 5)

    mapping = {**columns, "目前进展": "progress"}
    form = {"token": page.context["token"], "recheck": "1", "name": may.name, "save_as": "冯营月报",
            "map-name": list(mapping), "map-field": list(mapping.values())}  # fmt: skip
    page = client.post("/projects/reports/import/", form)
    assert page.status_code == 200 and page.context["preview"].rows[0].figures["progress"] == "主体封顶"
    saved = ImportMapping.objects.get(kind="reports")
    assert (saved.name, saved.unit_path, saved.columns["目前进展"]) == ("冯营月报", world.units["fengying"].path,
                                                                       "progress")  # fmt: skip
    confirm = {"token": page.context["token"], "map-name": list(mapping), "map-field": list(mapping.values())}
    assert client.post("/projects/reports/import/", confirm).status_code == 302
    report = MonthlyReport.objects.get(project=projects["fengying"], month=5)
    assert (report.ytd_investment, report.monthly_investment, report.progress, report.state) == (
        62_005_000, 8_000_000, "主体封顶", "draft")  # fmt: skip

    # Next month the saved mapping is offered and applied by its name: 1-6月 is June's.
    assert client.get("/projects/reports/import/").context["saved_mappings"] == ["冯营月报"]
    june = office_report(6, [("生物医药产业园", 900, 7100.5, "装饰装修")])
    page = client.post("/projects/reports/import/", {"file": june, "saved_mapping": "冯营月报", "submit": "1"})
    assert page.status_code == 200, [str(e) for e in page.context["preview"].errors]
    assert "目前进展" not in page.context["mapping_unmapped"]
    row = page.context["preview"].rows[0]
    assert (row.month, row.figures["progress"], row.figures["ytd_investment"]) == (6, "装饰装修", 71_005_000)
    confirm = {"token": page.context["token"], "saved_mapping": "冯营月报", "submit": "1"}
    assert client.post("/projects/reports/import/", confirm).status_code == 302
    assert MonthlyReport.objects.get(project=projects["fengying"], month=6).state == "submitted"


def test_a_total_that_disagrees_is_reported_and_a_locked_month_refused(world, projects, client_for):
    client = client_for(world.users["fengying"])
    page = client.post("/projects/reports/import/",
                       {"file": office_report(5, [("生物医药产业园", 800, 6200, "主体封顶")], total=9999)})  # fmt: skip
    assert any(not c.ok and "9,999" in c.what for c in page.context["preview"].result.checks)
    # Another unit's project by name: not in the street's unit, so not matched (nor reported on).
    page = client.post("/projects/reports/import/", {"file": office_report(5, [("茁成生态农庄二期", 1, 2, "")])})
    assert page.status_code == 400
    assert "冯营街道没有同名项目" in str(page.context["preview"].errors[0])
    assert not MonthlyReport.objects.exists() and Project.objects.count() == 2
