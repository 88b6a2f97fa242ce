import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from core.importing import ImportColumn, TableFileError, read_table

COLUMNS = [
    ImportColumn("code", ("项目代码", "代码"), required=True),
    ImportColumn("name", ("项目名称",), required=True, max_length=20),
    ImportColumn("total", ("总投资",), kind="money", required=True, unit="亿元"),
    ImportColumn("plan", ("年度计划投资",), kind="money", unit="万元"),
    ImportColumn("start", ("计划开工",), kind="date"),
    ImportColumn("level", ("项目级别",), kind="choice", choices={"省重点": "province", "区重点": "district"}),
    ImportColumn("key", ("是否重点",), kind="bool"),
]


def book(rows, merge=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_it_reads_a_good_file_with_units_aliases_and_full_width_headers():
    data = book(
        [
            ["重点项目台账（2026年）"],
            ["代码", "项目名称", "总投资（亿元）", "年度计划投资(万元)", "计划开工", "项目级别", "备注"],
            ["MC-001", "生物医药产业园", 103, "1,500.5", date(2026, 3, 1), "省重点", "x"],
            [None, None, None, None, None, None],
            ["MC-002", "研究院", "8", 1.1, "2026年5月6日", "district", None],
        ]
    )
    result = read_table(data, COLUMNS)
    assert result.ok, result.errors
    assert [r.number for r in result.rows] == [3, 5]
    first, second = (r.values for r in result.rows)
    assert first == {"code": "MC-001", "name": "生物医药产业园", "total": 10_300_000_000, "plan": 15_005_000,
                     "start": date(2026, 3, 1), "level": "province"}  # fmt: skip
    assert second["total"] == 800_000_000 and second["plan"] == 11_000 and second["level"] == "district"
    assert second["start"] == date(2026, 5, 6)
    assert result.notes == ["以下列未识别，已忽略：备注"]


def test_a_header_without_a_unit_uses_the_columns_unit():
    result = read_table(book([["项目代码", "项目名称", "总投资"], ["A", "B", "2.5"]]), COLUMNS)
    assert result.rows[0].values["total"] == 250_000_000


def test_each_bad_cell_is_named_by_row_and_column():
    data = book(
        [
            ["项目代码", "项目名称", "总投资(亿元)", "计划开工", "项目级别", "是否重点"],
            ["A", "名称", "十亿", "2026-02-30", "国重点", "也许"],
            [None, "这是一个超过二十个字的非常非常长的项目名称啊啊", "0.000000001", None, None, None],
        ]
    )
    messages = [str(e) for e in read_table(data, COLUMNS).errors]
    assert messages == [
        "第2行「总投资(亿元)」：“十亿”不是数字",
        "第2行「计划开工」：“2026-02-30”不是有效日期",
        "第2行「项目级别」：“国重点”不是可选值（省重点、区重点）",
        "第2行「是否重点」：“也许”应为“是”或“否”",
        "第3行「项目代码」：必填",
        "第3行「项目名称」：超过 20 个字",
        "第3行「总投资(亿元)」：“0.000000001”精度超过1元",
    ]


def test_missing_and_duplicate_columns_are_reported():
    result = read_table(book([["项目代码", "总投资", "代码"], ["A", 1, "B"]]), COLUMNS)
    assert [str(e) for e in result.errors] == ["第1行「代码」：与「项目代码」重复", "第1行：缺少必填列：项目名称"]
    result = read_table(book([["something", "else"], ["A", 1]]), COLUMNS)
    assert str(result.errors[0]) == "在前10行中没有找到表头，请使用导入模板。"


def test_an_unsupported_unit_is_refused():
    result = read_table(book([["项目代码", "项目名称", "总投资(万美元)"], ["A", "B", 5300]]), COLUMNS)
    assert "金额单位“万美元”不支持" in str(result.errors[0])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "密码保护"),
        (b"code,name\nA,B\n", "不是有效的 Excel"),
        (b"PK\x03\x04 broken zip", "不是有效的 Excel"),
    ],
)
def test_broken_files_get_a_clear_message(data, message):
    with pytest.raises(TableFileError, match=message):
        read_table(data, COLUMNS)


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(TableFileError, match="损坏"):
        read_table(buffer.getvalue(), COLUMNS)


def test_merged_header_cells_are_refused():
    data = book([["项目代码", "项目名称", "总投资"], ["A", "B", 1]], merge="B1:C1")
    with pytest.raises(TableFileError, match="合并单元格（B1:C1）"):
        read_table(data, COLUMNS)


def test_formulas_without_cached_values_are_named():
    # openpyxl writes formulas without results, exactly like a program that never opened Excel.
    result = read_table(book([["项目代码", "项目名称", "总投资"], ["A", "B", "=1+2"]]), COLUMNS)
    assert [str(e) for e in result.errors] == [
        "第2行「总投资」：是公式且没有计算结果，请在 Excel 中打开并保存，或粘贴为数值"
    ]


def test_size_and_row_limits():
    data = book([["项目代码", "项目名称", "总投资"], *[[f"A{i}", "B", 1] for i in range(6)]])
    with pytest.raises(TableFileError, match="超过 5 行"):
        read_table(data, COLUMNS, max_rows=5)
    with pytest.raises(TableFileError, match="超过上限"):
        read_table(data, COLUMNS, max_bytes=100)


def test_an_empty_table_says_so():
    result = read_table(book([["项目代码", "项目名称", "总投资"]]), COLUMNS)
    assert str(result.errors[0]) == "表格没有数据行。"


def test_decimals_keep_their_written_digits():
    cols = [ImportColumn("rate", ("增速",), kind="decimal", required=True)]
    result = read_table(book([["增速"], [9.9], ["12.5%"], ["１５"]]), cols)
    assert [r.values["rate"] for r in result.rows] == [Decimal("9.9"), Decimal("12.5"), Decimal("15")]
