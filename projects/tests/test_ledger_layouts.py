"""The ledger and the monthly reports from workbooks laid out as county offices keep them."""

import io

from openpyxl import Workbook

from core.context import acting_as
from core.testing import xlsx
from projects import imports
from projects.models import AnnualPlan, MonthlyReport, Project


def save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


HEADER_1 = ["序号", "项目代码", "项目名称", "项目级别", "建设性质", "总投资", "2026年计划", None, "1-5月完成投资",
            "形象进度", "责任单位"]  # fmt: skip
HEADER_2 = [None, None, None, None, None, None, "计划投资", "计划开工时间", None, None, None]


def county_ledger(*rows, total=None, unit_line="填报单位：冯营街道　　　　单位：万元", title="冯营街道") -> bytes:
    """A town's ledger: title, unit line, two-row merged header, a section, rows, a total, notes."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(["2026年冯营街道重点项目台账"])
    ws.append([unit_line])
    ws.append(HEADER_1)
    ws.append(HEADER_2)
    ws.append([f"一、工业项目（{len(rows)}个）"])
    for i, row in enumerate(rows, start=1):
        ws.append([i, *row])
    ws.append(["合计", None, None, None, None, total if total is not None else sum(float(str(r[4]).replace(",", ""))
                                                                                  for r in rows)])  # fmt: skip
    ws.append([])
    ws.append(["注：金额单位为万元。"])
    ws.append(["填表人：张三", None, None, None, "审核人：李四"])
    for ref in ["A1:K1", "A2:K2", "G3:H3", "A5:K5", *[f"{c}3:{c}4" for c in "ABCDEFIJK"]]:
        ws.merge_cells(ref)
    return save(wb)


ROWS = [
    ["FY-001", "健康元研究院", "区重点", "新建", "16,000", 6000, "2026年3月", 1200, "主体施工", "冯营街道"],
    ["FY-002", "云台产业园", "市重点", "续建", 8000, "4,000", "2026.4", 800, "前期", "冯营街道"],
]


def test_it_imports_a_town_ledger_as_it_is_published(world):
    user = world.users["macun_admin"]
    preview = imports.dry_run(user, county_ledger(*ROWS))
    assert preview.ok, [str(e) for e in preview.errors]
    assert [(p.number, p.action) for p in preview.plans] == [(6, "create"), (7, "create")]
    assert [c.ok for c in preview.result.checks] == [True, True]
    assert {s.why for s in preview.result.skipped} >= {"合计行", "表格下方的说明或签名"}
    assert "1-5月完成投资" in preview.result.unmapped  # a report's figure, not the ledger's
    assert "责任单位" not in preview.result.unmapped  # the ledger carries 责任单位
    with acting_as(user):
        imports.commit(user, county_ledger(*ROWS))
    first = Project.objects.get(code="FY-001")
    # 行业类别 from the section row, 所属单位 from the sheet, the plan's year from the header.
    assert (first.category, first.unit, first.level, first.nature) == ("industry", world.units["fengying"], "district",
                                                                       "new")  # fmt: skip
    assert first.total_investment == 16_000 * 10_000
    assert str(first.planned_start) == "2026-03-01"
    assert AnnualPlan.objects.get(project=first, year=2026).planned_investment == 6000 * 10_000


def test_a_total_that_does_not_match_is_reported_and_still_imports(world):
    user = world.users["macun_admin"]
    preview = imports.dry_run(user, county_ledger(*ROWS, total=25000))
    assert preview.ok
    [bad] = [c for c in preview.result.checks if not c.ok]
    assert bad.row == 8 and bad.what == "合计「总投资」为 25,000，各行之和为 24,000"


def test_a_row_for_another_units_project_is_refused_and_named(world):
    other = Project.objects.create(
        code="AY-001", name="安阳城项目", level="district", category="industry", nature="new",
        unit=world.units["anyang"], total_investment=10**8,
    )  # fmt: skip
    user = world.users["fengying"]
    rows = [ROWS[0], ["AY-001", "安阳城项目", "区重点", "新建", 100, 10, None, None, "", ""]]
    preview = imports.dry_run(user, county_ledger(*rows))
    [error] = preview.errors
    assert (error.sheet, error.row, error.column) == ("冯营街道", 7, "项目代码")
    assert "数据权限范围外" in error.message
    try:
        imports.commit(user, county_ledger(*rows))
        raise AssertionError("the commit should be refused")
    except imports.ImportFailed:
        pass
    # All or nothing: the good row was not written either.
    assert list(Project.objects.values_list("code", flat=True)) == [other.code]


def test_a_monthly_report_laid_out_by_an_office(world, projects):
    """«1-5月完成投资» is the year-to-date of May; the year comes from the title."""
    user = world.users["macun_admin"]
    project = Project.objects.get(code="MC-2026-001")
    data = xlsx(
        ["2026年1-5月重点项目进展情况表"],
        ["单位：万元"],
        ["序号", "项目代码", "项目名称", "1-5月完成投资", "形象进度"],
        [1, project.code, project.name, "1,200", "主体施工"],
        ["合计", None, None, 1200],
        ["填表人：张三"],
    )
    result = imports.import_reports(user, data)
    assert result.ok, [str(e) for e in result.errors]
    report = MonthlyReport.objects.get(project=project, year=2026, month=5)
    assert report.ytd_investment == 1200 * 10_000 and report.progress == "主体施工"


def test_the_template_has_lists_formats_a_frozen_header_and_instructions(world, client_for):
    from openpyxl import load_workbook

    content = client_for(world.users["macun_admin"]).get("/projects/import/template/").content
    wb = load_workbook(io.BytesIO(content))
    ws = wb["项目台账"]
    assert ws.freeze_panes == "C2"
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in ws.data_validations.dataValidation}
    assert set(lists) >= {"C2", "E2", "F2", "G2"}  # 项目级别, 行业类别, 建设性质, 所属单位
    options = wb["选项"]
    assert options.sheet_state == "hidden"
    column = lists["G2"].split("$")[1]
    assert "马村区/冯营街道" in [c.value for c in options[column] if c.value] or "冯营街道" in [
        c.value for c in options[column] if c.value
    ]
    assert ws["M2"].number_format == "#,##0.00" and ws["K3"].number_format == "yyyy-mm-dd"
    assert wb["填写说明"]["A2"].value == "项目代码"
    # The template, filled in as it comes, imports back (the instructions sheet is passed over).
    preview = imports.dry_run(world.users["macun_admin"], content)
    assert preview.ok, [str(e) for e in preview.errors]
    assert ("填写说明", None, "没有可识别的列，整张工作表未导入") in [
        (s.sheet, s.row, s.why) for s in preview.result.skipped
    ]


def test_a_monthly_report_without_codes_matches_projects_by_name_within_the_unit(world, projects):
    """No 项目代码 column: each row's project is found by its name among the 填报单位's projects."""
    user = world.users["macun_admin"]
    project = Project.objects.get(code="MC-2026-001")
    wb = Workbook()
    ws = wb.active
    for row in (
        ["2026年1-5月重点项目进展情况表"],
        ["填报单位：冯营街道　　单位：万元"],
        ["序号", "项目名称", "1-5月完成投资", "形象进度"],
        [1, "生物医药产业园项目", "1,200", "主体施工"],
    ):
        ws.append(row)
    result = imports.import_reports(user, save(wb))
    assert result.ok, [str(e) for e in result.errors]
    report = MonthlyReport.objects.get(project=project, year=2026, month=5)
    assert report.ytd_investment == 1200 * 10_000

    ws.append([2, "生物医药产业园二期", 10, "前期"])  # no such project: refused, naming the close one
    ws.append([3, None, 10, "前期"])
    result = imports.import_reports(user, save(wb))
    messages = sorted(str(e) for e in result.errors)
    assert len(messages) == 2
    assert messages[0].startswith("第5行「项目名称」") and "「生物医药产业园」" in messages[0]
    assert messages[1] == "第6行「项目代码」：必填（或填写项目名称和所属单位）"
    assert MonthlyReport.objects.filter(project=project, year=2026, month=5).count() == 1


def test_a_report_row_without_code_is_not_matched_outside_the_users_scope(world, projects):
    other = Project.objects.get(code="MC-2026-002")  # in 安阳城街道
    data = xlsx(
        ["所属单位", "项目名称", "年度", "月份", "年初至报告期累计"], [str(other.unit), other.name, 2026, 5, 100]
    )
    result = imports.import_reports(world.users["fengying"], data)  # a user of 冯营街道
    assert not result.ok
    assert not MonthlyReport.objects.filter(project=other).exists()
    result = imports.import_reports(world.users["anyang"], data)  # the street's own user
    assert result.ok, [str(e) for e in result.errors]
    assert MonthlyReport.objects.get(project=other, year=2026, month=5).ytd_investment == 100 * 10_000
