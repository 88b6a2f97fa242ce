import io
import time
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from core.importing import ImportColumn, TableFileError, read_table
from core.testing import xlsx

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
    return xlsx(*rows, merges=[merge] if merge else [])


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


# Hostile files: refused from the zip's directory and the sheet's cell references, before unpacking.


def _never_opened(monkeypatch):
    from core import importing

    def fail(*args, **kwargs):
        raise AssertionError("the workbook must not be opened")

    monkeypatch.setattr(importing.CalamineWorkbook, "from_filelike", fail)


def _with_big_cell(data: bytes, size: int) -> bytes:
    """The workbook with one inline-string cell of `size` letters added to its sheet (Excel would cap a
    cell at 32,767 characters; a hand-made file need not)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                cell = b'<row r="3"><c r="A3" t="inlineStr"><is><t>' + b"x" * size + b"</t></is></c></row>"
                content = content.replace(b"</sheetData>", cell + b"</sheetData>")
            dst.writestr(info.filename, content)
    return out.getvalue()


def test_a_zip_bomb_is_refused_at_once_by_its_compression_ratio(monkeypatch):
    # 20 MB of one letter in one cell packs into a few tens of kB: the ratio gives it away.
    data = _with_big_cell(book([["项目代码", "项目名称", "总投资"], ["A", "B", 1]]), 20_000_000)
    assert len(data) < 200_000
    _never_opened(monkeypatch)
    started = time.monotonic()
    with pytest.raises(TableFileError, match="压缩比异常"):
        read_table(data, COLUMNS)
    assert time.monotonic() - started < 1


def test_the_total_unpacked_size_is_capped(monkeypatch):
    from core import importing

    data = book([["项目代码", "项目名称", "总投资"], ["A", "B", 1]])
    monkeypatch.setattr(importing, "MAX_UNPACKED_BYTES", 2000)
    _never_opened(monkeypatch)
    with pytest.raises(TableFileError, match=r"解压后 \d+ MB，超过上限"):
        read_table(data, COLUMNS)


def test_a_member_that_declares_a_huge_size_is_refused_unread(monkeypatch):
    data = bytearray(book([["项目代码", "项目名称", "总投资"], ["A", "B", 1]]))
    # Rewrite the uncompressed size (offset 24) in every central directory entry to 4 GB.
    at = data.find(b"PK\x01\x02")
    while at != -1:
        data[at + 24 : at + 28] = (0xFFFF_FFF0).to_bytes(4, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    _never_opened(monkeypatch)
    with pytest.raises(TableFileError, match="解压后"):
        read_table(bytes(data), COLUMNS)


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [(1_048_576, 1, "表格有 1048576 行，超过上限 100000 行"), (2, 16_384, "表格有 16384 列，超过上限 300 列")],
)
def test_a_sheet_reaching_too_far_is_refused_before_it_is_laid_out(monkeypatch, row, column, message):
    wb = Workbook()
    ws = wb.active
    ws.append(["项目代码", "项目名称", "总投资"])
    ws.cell(row=row, column=column, value="x")
    buffer = io.BytesIO()
    wb.save(buffer)
    _never_opened(monkeypatch)
    with pytest.raises(TableFileError, match=message):
        read_table(buffer.getvalue(), COLUMNS)


@pytest.mark.parametrize("value", ["Infinity", "-inf", "NaN", "sNaN", "1E999999", "99999999999999999999"])
def test_numbers_that_are_not_finite_or_too_large_are_row_errors(value):
    columns = [*COLUMNS, ImportColumn("count", ("数量",), kind="int"), ImportColumn("rate", ("比率",), kind="decimal")]
    result = read_table(
        book([["项目代码", "项目名称", "总投资", "数量", "比率"], ["A", "B", value, value, value]]), columns
    )
    assert not result.rows[0].values.keys() & {"total", "count", "rate"}
    assert [e.column for e in result.errors] == ["总投资", "数量", "比率"]
    assert all(e.row == 2 and value in e.message for e in result.errors)


def test_an_amount_beyond_a_64_bit_column_is_a_row_error():
    result = read_table(book([["项目代码", "项目名称", "总投资（亿元）"], ["A", "B", "99999999999999"]]), COLUMNS)
    assert [str(e) for e in result.errors] == ["第2行「总投资（亿元）」：“99999999999999”金额过大"]


def test_an_int_column_keeps_to_its_range():
    columns = [*COLUMNS, ImportColumn("year", ("计划年度",), kind="int", min_value=2000, max_value=2100)]
    rows = [
        ["项目代码", "项目名称", "总投资", "计划年度"],
        ["A", "B", 1, 2200],
        ["C", "D", 1, 99999],
        ["E", "F", 1, 2026],
    ]
    result = read_table(book(rows), columns)
    assert [str(e) for e in result.errors] == [
        "第2行「计划年度」：“2200”不能大于 2100",
        "第3行「计划年度」：“99999”不能大于 2100",
    ]
    assert result.rows[2].values["year"] == 2026
