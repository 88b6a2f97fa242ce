"""Tables as offices lay them out: each feature of the layout reader on a workbook made here."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from core import layout
from core.importing import ImportColumn, parse_cell, read_laid_out

COLUMNS = [
    ImportColumn("code", ("项目代码",), required=True),
    ImportColumn("name", ("项目名称",), required=True),
    ImportColumn("category", ("行业类别",), kind="choice", choices={"工业": "industry", "服务业": "services"}),
    ImportColumn("unit", ("所属单位",)),
    ImportColumn("total", ("总投资",), kind="money", unit="万元"),
    ImportColumn("plan", ("计划投资",), kind="money", unit="万元"),
    ImportColumn("start", ("计划开工",), kind="date"),
]


def save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def book(rows, merges=(), title="台账") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    return save(wb)


def laid_out(data: bytes) -> layout.Layout:
    return layout.read_layout(layout.read_sheets(data))


def test_it_reads_a_two_row_merged_header_as_one_name_per_column():
    data = book(
        [
            ["序号", "项目名称", "2026年计划", None, "形象进度"],
            [None, None, "计划投资", "计划开工时间", None],
            [1, "甲", 100, "2026-03-01", "在建"],
        ],
        merges=["A1:A2", "B1:B2", "C1:D1", "E1:E2"],
    )
    table = laid_out(data).tables[0]
    assert [c.name for c in table.columns] == [
        "序号",
        "项目名称",
        "2026年计划/计划投资",
        "2026年计划/计划开工时间",
        "形象进度",
    ]
    assert table.header_rows == (1, 2)
    values = {"项目名称": "甲", "2026年计划/计划投资": 100, "2026年计划/计划开工时间": "2026-03-01", "形象进度": "在建"}
    assert table.rows[0].values == values
    assert table.rows[0].number == 3


def test_it_reads_a_three_row_merged_header():
    data = book(
        [
            ["序号", "项目名称", "2026年", None, None],
            [None, None, "计划", None, "完成"],
            [None, None, "投资", "开工", "投资"],
            [1, "甲", 100, "2026-03-01", 20],
        ],
        merges=["A1:A3", "B1:B3", "C1:E1", "C2:D2", "E2:E2"],
    )
    table = laid_out(data).tables[0]
    assert [c.name for c in table.columns][2:] == ["2026年/计划/投资", "2026年/计划/开工", "2026年/完成/投资"]
    assert table.header_rows == (1, 3) and table.rows[0].number == 4


def test_it_takes_the_title_and_the_unit_line_above_the_header():
    data = book(
        [
            ["2026年马村区重点项目台账"],
            ["填报单位：冯营街道　　　　单位：亿元"],
            ["项目代码", "项目名称", "总投资", "计划投资"],
            ["A-1", "甲", "1.5", 0.25],
        ],
        merges=["A1:D1"],
    )
    table = laid_out(data).tables[0]
    assert (table.title, table.unit, table.filled_by) == ("2026年马村区重点项目台账", "亿元", "冯营街道")
    result = read_laid_out(data, COLUMNS)
    assert result.ok, result.errors
    # The unit line applies to the money columns: 1.5 亿元, 0.25 亿元.
    assert result.rows[0].values["total"] == 150_000_000 and result.rows[0].values["plan"] == 25_000_000
    assert result.rows[0].context == {"year": 2026}


def test_a_unit_in_the_header_wins_over_the_unit_line():
    data = book([["单位：亿元"], ["项目代码", "项目名称", "总投资（万元）", "计划投资"], ["A-1", "甲", 5, 1]])
    values = read_laid_out(data, COLUMNS).rows[0].values
    assert values["total"] == 50_000 and values["plan"] == 100_000_000


def test_section_rows_carry_their_label_to_the_rows_under_them():
    data = book(
        [
            ["序号", "项目代码", "项目名称", "总投资"],
            ["一、工业项目（2个）"],
            [1, "A-1", "甲", 10],
            [2, "A-2", "乙", 20],
            ["二", "服务业项目（1个）"],
            [1, "A-3", "丙", 30],
        ],
        merges=["A2:D2"],
    )
    found = laid_out(data)
    assert [(r.values["项目名称"], r.section) for r in found.rows] == [("甲", "工业"), ("乙", "工业"), ("丙", "服务业")]
    assert [c.ok for c in found.checks] == [True, True]
    assert "分组「工业」的项目个数：表中 2 个，实有 2 个" in [c.what for c in found.checks]
    assert [s.row for s in found.skipped] == [2, 5]
    result = read_laid_out(data, COLUMNS, section_fields=("category",))
    assert [r.values["category"] for r in result.rows] == ["industry", "industry", "services"]


def test_a_section_count_that_does_not_match_is_reported():
    data = book([["项目代码", "项目名称", "总投资"], ["一、工业项目（3个）"], ["A-1", "甲", 10]])
    [check] = laid_out(data).checks
    assert not check.ok and check.row == 2 and "表中 3 个，实有 1 个" in check.what


def test_a_total_row_that_matches_its_rows_passes_its_check():
    data = book(
        [
            ["序号", "项目代码", "项目名称", "总投资", "计划投资"],
            [1, "A-1", "甲", "1,000.5", 10],
            [2, "A-2", "乙", 2000, 20.25],
            ["合计", None, None, 3000.5, "30.25"],
        ]
    )
    found = laid_out(data)
    assert len(found.rows) == 2
    assert [(c.row, c.ok) for c in found.checks] == [(4, True), (4, True)]
    assert found.skipped[0].row == 4 and found.skipped[0].why == "合计行"


def test_a_total_row_that_does_not_match_is_reported():
    data = book(
        [
            ["项目代码", "项目名称", "总投资"],
            ["一、工业项目"],
            ["A-1", "甲", 100],
            ["A-2", "乙", 200],
            ["小计", None, 300],
            ["二、服务业项目"],
            ["A-3", "丙", 50],
            ["A-4", "小计划建设项目", "—"],
            ["小  计", None, 40],
            ["合计（4个）", None, 390],
        ]
    )
    checks = laid_out(data).checks
    assert [(c.row, c.ok) for c in checks] == [(5, True), (9, False), (10, True), (10, False)]
    assert checks[1].what == "小计「总投资」为 40，各行之和为 50"
    assert checks[3].what == "合计「总投资」为 390，各行之和为 350"
    result = read_laid_out(data, COLUMNS)
    assert result.ok and len(result.rows) == 4 and result.checks == checks


def test_notes_and_signature_lines_below_the_table_are_skipped():
    data = book(
        [
            ["项目代码", "项目名称", "总投资"],
            ["A-1", "甲", 100],
            [],
            ["注：1. 本表金额单位为万元。"],
            ["2. 项目按行业排列。"],
            ["填表人：张三", None, "审核人：李四"],
            ["（盖章）"],
        ]
    )
    found = laid_out(data)
    assert [r.values["项目名称"] for r in found.rows] == ["甲"]
    assert [(s.row, s.why) for s in found.skipped] == [(n, "表格下方的说明或签名") for n in (4, 5, 6, 7)]


def test_numbers_written_as_text_are_read_exactly():
    data = book(
        [
            ["项目代码", "项目名称", "总投资", "计划投资"],
            ["A-1", "甲", "16,000", "1，200.5"],
            ["A-2", "乙", " 3 000 ", "—"],
        ]
    )
    result = read_laid_out(data, COLUMNS)
    assert result.ok, result.errors
    assert [r.values["total"] for r in result.rows] == [160_000_000, 30_000_000]
    assert [r.values["plan"] for r in result.rows] == [12_005_000, None]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026年3月", date(2026, 3, 1)),
        ("2026.4", date(2026, 4, 1)),
        (2026.4, date(2026, 4, 1)),
        ("2025-10", date(2025, 10, 1)),
        ("2026/12", date(2026, 12, 1)),
        ("2026年3月15日", date(2026, 3, 15)),
        ("—", None),
        ("", None),
        (None, None),
    ],
)
def test_the_date_forms_offices_write(raw, expected):
    assert parse_cell(raw, COLUMNS[-1], None) == expected


def test_dates_in_a_file_are_read_in_every_form():
    data = book(
        [
            ["项目代码", "项目名称", "计划开工"],
            ["A", "甲", "2026年3月"],
            ["B", "乙", "2026.4"],
            ["C", "丙", "2025-10"],
            ["D", "丁", "—"],
            ["E", "戊", None],
            ["F", "己", "明年"],
        ]
    )
    result = read_laid_out(data, COLUMNS)
    starts = [r.values.get("start") for r in result.rows]
    assert starts[:5] == [date(2026, 3, 1), date(2026, 4, 1), date(2025, 10, 1), None, None]
    [error] = result.errors
    assert (error.row, error.column, error.sheet) == (7, "计划开工", "台账") and "明年" in error.message


def test_several_sheets_are_read_and_the_sheet_name_fills_a_field():
    wb = Workbook()
    first = wb.active
    first.title = "冯营街道"
    for row in (["冯营街道重点项目"], ["项目代码", "项目名称", "总投资"], ["A-1", "甲", 10]):
        first.append(row)
    second = wb.create_sheet("安阳城街道")
    for row in (["项目代码", "项目名称", "总投资"], ["B-1", "乙", 20], ["B-2", "丙", 30]):
        second.append(row)
    wb.create_sheet("填表说明").append(["请按要求填写。"])
    hidden = wb.create_sheet("旧表")
    hidden.append(["项目代码", "项目名称", "总投资"])
    hidden.sheet_state = "hidden"
    result = read_laid_out(save(wb), COLUMNS, sheet_fields=("category", "unit"))
    assert result.ok, result.errors
    assert [(r.sheet, r.number, r.values["unit"]) for r in result.rows] == [
        ("冯营街道", 3, "冯营街道"),
        ("安阳城街道", 2, "安阳城街道"),
        ("安阳城街道", 3, "安阳城街道"),
    ]
    assert [(s.sheet, s.why) for s in result.skipped] == [("填表说明", "没有找到表头，整张工作表未导入")]


def test_a_sheet_named_for_a_category_fills_the_category():
    wb = Workbook()
    wb.active.title = "工业项目"
    for row in (["项目代码", "项目名称", "总投资"], ["A-1", "甲", 10]):
        wb.active.append(row)
    result = read_laid_out(save(wb), COLUMNS, sheet_fields=("category", "unit"))
    assert result.rows[0].values["category"] == "industry" and "unit" not in result.rows[0].values


def test_a_column_numbers_row_under_the_header_is_skipped():
    data = book([["序号", "项目代码", "项目名称", "总投资"], ["甲", 1, 2, 3], [1, "A-1", "甲", 10]])
    found = laid_out(data)
    assert [r.number for r in found.rows] == [3] and found.skipped[0].why == "栏次行"


def test_a_sum_of_floats_from_a_formula_passes():
    assert layout.number(0.1 + 0.2) == Decimal("0.30000000000000004")
    data = book([["项目代码", "项目名称", "总投资"], ["A", "甲", 0.1], ["B", "乙", 0.2], ["合计", None, 0.1 + 0.2]])
    assert [c.ok for c in laid_out(data).checks] == [True]


XLS = __import__("pathlib").Path(__file__).parent / "fixtures" / "county_ledger.xls"


def test_an_old_xls_workbook_is_read_with_its_merged_header():
    """The .xls was written by an Excel 97 writer (see fixtures/README.md): a title, a unit line,
    a two-row merged header, a section, a total."""
    found = laid_out(XLS.read_bytes())
    table = found.tables[0]
    assert table.sheet == "冯营街道" and table.unit == "万元"
    assert "2026年计划/计划投资" in [c.name for c in table.columns]
    assert [(r.values["项目名称"], r.section) for r in table.rows] == [("健康元研究院", "工业"), ("云台产业园", "工业")]
    assert [c.ok for c in found.checks] == [True, True, True]
    result = read_laid_out(XLS.read_bytes(), COLUMNS, sheet_fields=("unit",))
    assert result.ok, result.errors
    assert [r.values["plan"] for r in result.rows] == [60_000_000, 40_000_000]
