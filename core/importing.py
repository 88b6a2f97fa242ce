"""Reading .xlsx tables with Chinese headers: header matching, units, exact values, precise errors.

Domain-free: it returns clean values and a list of errors naming the row and the column; each
app's import turns the values into calls of its own actions. Broken files raise TableFileError
with a message for the user, never a traceback.
"""

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cached_property

from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook

from . import errorbook, layout
from .money import UNITS, convert
from .text import clean

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and old .xls files

# A .xlsx is a zip: its members may unpack to far more than the upload. These caps are checked on
# the zip's directory and the sheet's cell references before anything is unpacked in full.
MAX_UNPACKED_BYTES = 300 * 1024 * 1024  # all members together
MAX_RATIO = 200  # unpacked : packed, per member (real sheets stay well under 50)
RATIO_FROM_BYTES = 1024 * 1024  # the ratio is not judged on members smaller than this
MAX_COLUMNS = 300
HEADER_ROWS = 10  # the header is looked for in the first rows
MAX_DIGITS = 18  # no number typed in a sheet has more integer digits (money in 元 fits a 64-bit column)


class TableFileError(Exception):
    """The file cannot be read as a table at all."""


@dataclass(frozen=True)
class ImportColumn:
    field: str
    headers: tuple[str, ...]  # accepted names; the first is the one templates and exports write
    kind: str = "text"  # text, int, decimal, money, quantity, date, bool, choice
    required: bool = False
    choices: dict[str, str] | None = None  # label → value (the value itself is accepted too)
    unit: str = "元"  # money, quantity: the unit templates use; a unit in the file's header wins
    max_length: int | None = None
    min_value: int | None = None  # int: the accepted range (e.g. a year)
    max_value: int | None = None
    patterns: tuple[str, ...] = ()  # more names, as regular expressions (「1-5月完成投资」)

    @cached_property
    def normalised_choices(self) -> dict[str, str]:
        return {normalise(k): v for k, v in (self.choices or {}).items()}

    @property
    def header(self) -> str:
        return f"{self.headers[0]}（{self.unit}）" if self.kind in ("money", "quantity") else self.headers[0]


@dataclass
class RowError:
    row: int | None
    column: str | None
    message: str
    sheet: str | None = None  # the worksheet, when the file was read by its layout

    def __str__(self) -> str:
        where = "".join([f"第{self.row}行" if self.row else "", f"「{self.column}」" if self.column else ""])
        return f"{where}：{self.message}" if where else self.message


class RowsRefused(ValidationError):
    """Rows a bulk action refused, nothing written; `problems` name the row and the field of each."""

    def __init__(self, problems: list[RowError]):
        self.problems = problems
        super().__init__([str(p) for p in problems])


class ImportFailed(Exception):
    """An import's commit refused: `preview` carries the errors, each naming its row and column."""

    def __init__(self, preview):
        self.preview = preview
        super().__init__(f"{len(preview.errors)} errors")


@dataclass
class ParsedRow:
    number: int  # the row number the user sees in Excel
    values: dict
    sheet: str | None = None
    context: dict = field(default_factory=dict)  # year and month read from the header or the title


@dataclass
class ImportResult:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list = field(default_factory=list)  # layout.Skipped: lines that are not rows, and why
    checks: list = field(default_factory=list)  # layout.Check: totals checked against their rows
    layout: object = None  # layout.Layout, when read by layout
    names: dict = field(default_factory=dict)  # field → the column's name in the file
    unmapped: list[str] = field(default_factory=list)  # the file's columns that go to no field
    columns: dict = field(default_factory=dict)  # each column name of the file → its field ("" for none)

    @property
    def sheets(self) -> list[str]:
        return [t.sheet for t in self.layout.tables] if self.layout is not None else []

    @property
    def ok(self) -> bool:
        return not self.errors


class Checked:
    """Base of an app's checked import (a dataclass holding `result`): its errors, and ok when none."""

    result: ImportResult

    @property
    def errors(self) -> list[RowError]:
        return self.result.errors

    @property
    def ok(self) -> bool:
        return not self.result.errors


_FULL_WIDTH = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "})
_UNIT_IN_HEADER = re.compile(r"^(?P<name>.*?)[(（]\s*(?P<unit>%|[^()（）%]{0,3}[元人%]|万美元|亿美元)\s*[)）]$")


def normalise(text) -> str:
    """Header text as compared: half-width, no spaces or line breaks."""
    return re.sub(r"\s+", "", str(text or "").translate(_FULL_WIDTH))


def split_unit(header: str) -> tuple[str, str | None]:
    m = _UNIT_IN_HEADER.match(normalise(header).replace("(", "(").replace(")", ")"))
    if m:
        return m.group("name"), m.group("unit")
    return normalise(header), None


def _open(source) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        return bytes(source), "file"
    if isinstance(source, str):
        with open(source, "rb") as f:
            return f.read(), source
    data = source.read()
    return data, getattr(source, "name", "file")


def _check_container(data: bytes, max_bytes: int, *, xls: bool = False) -> None:
    if len(data) > max_bytes:
        raise TableFileError(f"文件大小 {len(data) / 1024 / 1024:.1f} MB，超过上限 {max_bytes // 1024 // 1024} MB。")
    if data.startswith(OLE_SIGNATURE):
        if xls:
            return  # an old .xls (its reader refuses an encrypted .xlsx, which has the same signature)
        raise TableFileError("文件受密码保护或为旧版 .xls 格式，请取消密码并另存为 .xlsx 后再导入。")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TableFileError("文件不是有效的 Excel (.xlsx) 文件。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise TableFileError("文件已损坏或不是有效的 Excel (.xlsx) 文件。") from exc
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise TableFileError(
            f"文件解压后 {unpacked / 1024 / 1024:.0f} MB，"
            f"超过上限 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，请分批导入。"
        )
    for m in members:
        if m.file_size > RATIO_FROM_BYTES and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise TableFileError("文件压缩比异常（可能是压缩炸弹），已拒绝。请另存为普通 .xlsx 后再导入。")


def _check_dimensions(xml: bytes, max_rows: int) -> None:
    """Refuse a sheet whose cells reach further than an import may read, before it is laid out in memory
    (a reader builds the whole rectangle from A1 to the last cell)."""
    declared = re.search(rb'<dimension\b[^>]*\bref="[A-Z]{0,3}\d*:?([A-Z]{0,3})(\d+)"', xml[:4096])
    cells = re.findall(rb'<c\b[^>]*?\br="([A-Z]{1,3})(\d+)"', xml)
    numbers = [int(n) for n in re.findall(rb'<row\b[^>]*?\br="(\d+)"', xml)]
    numbers += [int(n) for n in {n for _letters, n in cells}]
    letters = {x for x, _n in cells}
    if declared:
        numbers.append(int(declared.group(2)))
        letters.add(declared.group(1) or b"A")
    last_row = max(numbers, default=0)
    # Each distinct column once: converting the letters of every cell would cost more than reading it.
    last_column = max((_column_letter_to_index(x.decode()) for x in letters), default=0)
    if last_row > max_rows + HEADER_ROWS:
        raise TableFileError(f"表格有 {last_row} 行，超过上限 {max_rows} 行，请分批导入。")
    if last_column > MAX_COLUMNS:
        raise TableFileError(f"表格有 {last_column} 列，超过上限 {MAX_COLUMNS} 列，请删除多余的列。")


def _sheet_xml(data: bytes, index: int) -> bytes:
    """The raw XML of the index-th worksheet (for its size, merged cells and formulas, cheap to scan)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = sorted(
                (n for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
                key=lambda n: int(re.search(r"(\d+)", n.rsplit("/", 1)[1]).group(1)),
            )
            return z.read(names[index]) if index < len(names) else b""
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise TableFileError("文件已损坏或不是有效的 Excel (.xlsx) 文件。") from exc


def _column_letter_to_index(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def read_table(
    source,
    columns: list[ImportColumn],
    *,
    max_rows: int = 100_000,
    max_bytes: int = 50 * 1024 * 1024,
) -> ImportResult:
    """Read the first sheet: find the header row, match columns by name, parse every cell."""
    data, _name = _open(source)
    _check_container(data, max_bytes)
    raw_xml = _sheet_xml(data, 0)
    _check_dimensions(raw_xml, max_rows)
    xml = raw_xml.decode("utf-8", "replace")
    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
            # From A1 whatever is empty, so row and column numbers are the ones Excel shows.
            table = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error kinds for damaged files
        raise TableFileError("文件已损坏或不是有效的 Excel (.xlsx) 文件。") from exc
    rows = iter(table)
    result = ImportResult()
    header_number, mapping = _find_header(rows, columns, result)
    if header_number:
        # A merged header hides column names (Excel keeps only the first): say so first.
        _check_merged_header(xml, header_number)
    if mapping is None:
        return result
    formula_cells = _formulas_without_values(xml)
    count = 0
    parse = parse_cell
    for number, values in enumerate(rows, start=header_number + 1):
        if all(v is None or v == "" or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        count += 1
        if count > max_rows:
            raise TableFileError(f"数据超过 {max_rows} 行，请分批导入。")
        parsed = {}
        for index, (col, unit, header) in mapping.items():
            raw = values[index] if index < len(values) else None
            if (raw is None or raw == "") and (number, index + 1) in formula_cells:
                result.errors.append(
                    RowError(number, header, "是公式且没有计算结果，请在 Excel 中打开并保存，或粘贴为数值")
                )
                continue
            try:
                parsed[col.field] = parse(raw, col, unit)
            except ValueError as exc:
                result.errors.append(RowError(number, header, str(exc)))
        result.rows.append(ParsedRow(number, parsed))
    if count == 0:
        result.errors.append(RowError(None, None, "表格没有数据行。"))
    return result


# Tables as offices lay them out ------------------------------------------------------------------

_YEAR = re.compile(r"(20\d{2})年")
_MONTHS = re.compile(r"1\s*[-－~～—至到]\s*(\d{1,2})\s*月")
_ONE_MONTH = re.compile(r"(\d{1,2})\s*月(?:份)?")
_PERIOD_PREFIX = re.compile(r"^(?:20\d{2}年度?|1[-－~～—至到]\d{1,2}月|\d{1,2}月份?|本年|当年|年度)")
DEFAULT_SHEET = re.compile(r"^(?:sheet|工作表|表)\s*\d*$", re.IGNORECASE)


@dataclass(frozen=True)
class Assigned:
    """A column of the file and the field it goes to."""

    column: ImportColumn
    unit: str | None  # named in the header («总投资（亿元）»)


def suggest(name: str, columns: list[ImportColumn]) -> Assigned | None:
    """The field a column of this name goes to, from the names and patterns each field accepts.

    A header of several rows is tried whole, then by its last row, then with a year or a period
    in front left out («2026年计划/计划投资» → 计划投资, «1-5月完成投资» by pattern).
    """
    by_name = _by_name(tuple(columns))
    unit = None
    candidates = []
    for part in [name, *reversed(name.split("/"))]:
        bare, part_unit = split_unit(part)
        unit = unit or part_unit
        candidates += [bare, _PERIOD_PREFIX.sub("", bare)]
    candidates.append(split_unit(name.replace("/", ""))[0])
    for candidate in candidates:
        col = by_name.get(candidate)
        if col is not None:
            return Assigned(col, unit)
    for col in columns:
        for pattern in col.patterns:
            if any(re.fullmatch(pattern, c) for c in candidates):
                return Assigned(col, unit)
    return None


_BY_NAME: dict = {}


def _by_name(columns: tuple) -> dict[str, ImportColumn]:
    key = tuple(id(c) for c in columns)
    if key not in _BY_NAME:
        found = {}
        for col in columns:
            for h in (*col.headers, col.field):
                found.setdefault(normalise(h), col)
        _BY_NAME.clear()
        _BY_NAME[key] = found
    return _BY_NAME[key]


def read_sheets(source, *, max_rows: int = 100_000, max_bytes: int = 50 * 1024 * 1024):
    """The workbook's sheets (.xlsx or .xls), after the checks of size, zip bombs and dimensions."""
    data, _name = _open(source)
    _check_container(data, max_bytes, xls=True)
    if not data.startswith(OLE_SIGNATURE):
        for xml in _all_sheet_xml(data):
            _check_dimensions(xml, max_rows)
    try:
        sheets = layout.read_sheets(data)
    except layout.LayoutError as exc:
        if data.startswith(OLE_SIGNATURE):
            raise TableFileError("文件受密码保护或已损坏，请取消密码后另存为 .xlsx 再导入。") from exc
        raise TableFileError("文件已损坏或不是有效的 Excel (.xlsx) 文件。") from exc
    if sum(len(s.cells) for s in sheets) > max_rows + HEADER_ROWS * max(len(sheets), 1):
        raise TableFileError(f"数据超过 {max_rows} 行，请分批导入。")
    return data, sheets


def _all_sheet_xml(data: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for n in z.namelist():
                if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n):
                    yield z.read(n)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise TableFileError("文件已损坏或不是有效的 Excel (.xlsx) 文件。") from exc


_REPEATING = frozenset({"choice", "bool", "date"})
_UNSEEN = object()


def read_laid_out(
    source,
    columns: list[ImportColumn],
    *,
    mapping: dict[str, str] | None = None,
    constants: dict[str, object] | None = None,
    sheet_fields: tuple[str, ...] = (),
    section_fields: tuple[str, ...] = (),
    filled_by_field: str | None = None,
    max_rows: int = 100_000,
    max_bytes: int = 50 * 1024 * 1024,
) -> ImportResult:
    """Read every sheet as offices lay it out (see core.layout) and parse its rows into fields.

    `mapping` (the file's column name → field name, "" to leave a column out) overrides the names
    suggested from each field's headers and patterns. A field the file has no column for takes, in
    this order, the value in `constants`, the sheet's name (`sheet_fields`: when the workbook's
    sheets are named, e.g. one per town), the label of the section a row is under (`section_fields`,
    the first whose choices accept it) and the 「填报单位」 line (`filled_by_field`).
    Errors name the sheet, the row and the file's own column name.
    """
    _data, sheets = read_sheets(source, max_rows=max_rows, max_bytes=max_bytes)
    found = layout.read_layout(sheets)
    result = ImportResult(skipped=found.skipped, checks=found.checks, layout=found)
    if not found.tables:
        result.errors.append(RowError(None, None, "没有找到表头：表格的前15行中应有一行列名。"))
        return result
    mapping = mapping or {}
    constants = {k: v for k, v in (constants or {}).items() if v not in (None, "")}
    by_field = {c.field: c for c in columns}
    count = 0
    for table in found.tables:
        sheet = table.sheet
        assigned: dict[str, Assigned] = {}
        seen: dict[str, str] = {}
        unmapped: list[str] = []
        for c in table.columns:
            if c.name in mapping:
                target = by_field.get(mapping[c.name])
                a = Assigned(target, split_unit(c.name.rsplit("/", 1)[-1])[1]) if target else None
            else:
                a = suggest(c.name, columns)
            if a is None:
                unmapped.append(c.name)
                continue
            if a.column.field in seen:
                result.errors.append(RowError(table.header_rows[0], c.name, f"与「{seen[a.column.field]}」重复", sheet))
                continue
            if a.column.kind == "money" and a.unit not in (None, *UNITS):
                result.errors.append(
                    RowError(table.header_rows[0], c.name, f"金额单位“{a.unit}”不支持，请使用元、万元或亿元", sheet)
                )
                continue
            seen[a.column.field] = c.name
            result.names.setdefault(a.column.field, c.name)
            assigned[c.name] = a
        if not assigned and len(found.tables) > 1:  # an instructions sheet beside the data
            result.skipped.append(layout.Skipped(sheet, None, "没有可识别的列，整张工作表未导入"))
            continue
        for c in table.columns:
            result.columns.setdefault(c.name, assigned[c.name].column.field if c.name in assigned else "")
        for name in unmapped:
            if name not in result.unmapped and name not in layout.SERIAL_NAMES:
                result.unmapped.append(name)
        context = _context(table, assigned)
        fills: dict[str, object] = {}
        for f, raw in constants.items():
            if f not in seen and f in by_field:
                fills[f] = raw
        if not DEFAULT_SHEET.match(sheet):
            for f in sheet_fields:
                if f in seen or f in fills or f not in by_field:
                    continue
                col = by_field[f]
                if col.kind == "choice":
                    if _accepts(col, layout.section_label(normalise(sheet))):
                        fills[f] = layout.section_label(normalise(sheet))
                        break
                elif len(found.tables) > 1 or not table.filled_by:
                    fills[f] = sheet
                    break
        if filled_by_field and filled_by_field not in seen and filled_by_field not in fills and table.filled_by:
            fills[filled_by_field] = table.filled_by
        sections = [by_field[f] for f in section_fields if f in by_field and f not in seen and f not in fills]
        parsed_fills = {}
        for f, raw in fills.items():
            col = by_field[f]
            try:
                parsed_fills[f] = parse_cell(raw, col, None)
            except ValueError as exc:
                result.errors.append(RowError(None, col.headers[0], str(exc), sheet))
        sectioned = {r.section for r in table.rows if r.section}
        section_fill = None
        for col in sections:
            if sectioned and all(_accepts(col, s) for s in sectioned):
                section_fill = col
                break
        missing = [
            c.headers[0]
            for c in columns
            if c.required and c.field not in seen and c.field not in fills
            and (section_fill is None or c.field != section_fill.field)
        ]  # fmt: skip
        if missing:
            result.errors.append(RowError(table.header_rows[0], None, f"缺少必填列：{'、'.join(missing)}", sheet))
            continue
        # Columns of few distinct values (a choice, a date, yes/no) parse each value once.
        plan = [(name, a.column, a.unit or (table.unit if a.column.kind == "money" else None),
                 {} if a.column.kind in _REPEATING else None) for name, a in assigned.items()]  # fmt: skip
        parse = parse_cell
        for row in table.rows:
            count += 1
            if count > max_rows:
                raise TableFileError(f"数据超过 {max_rows} 行，请分批导入。")
            values = dict(parsed_fills)
            cells = row.values
            for name, col, unit, seen_values in plan:
                raw = cells.get(name)
                try:
                    if seen_values is not None and type(raw) is str:
                        value = seen_values.get(raw, _UNSEEN)
                        if value is _UNSEEN:
                            value = seen_values[raw] = parse(raw, col, unit)
                    else:
                        value = parse(raw, col, unit)
                    values[col.field] = value
                except ValueError as exc:
                    result.errors.append(RowError(row.number, name, str(exc), sheet))
            if section_fill is not None and row.section:
                values[section_fill.field] = parse(row.section, section_fill, None)
            elif section_fill is not None and section_fill.required:
                result.errors.append(RowError(row.number, section_fill.headers[0], "必填（不在任何分组下）", sheet))
            result.rows.append(ParsedRow(row.number, values, sheet, context))
    if count == 0 and not result.errors:
        result.errors.append(RowError(None, None, "表格没有数据行。"))
    if result.unmapped:
        result.notes.append(f"以下列未对应任何字段，已忽略：{'、'.join(result.unmapped)}")
    return result


def error_workbook(source, result: ImportResult) -> bytes:
    """The uploaded workbook with a 「错误说明」 column and the bad cells highlighted (core.errorbook)."""
    data, _name = _open(source)
    try:
        sheets = layout.read_sheets(data)
    except layout.LayoutError as exc:
        raise TableFileError("文件已损坏或不是有效的 Excel (.xlsx) 文件。") from exc
    return errorbook.annotate(data, sheets, result.layout or layout.read_layout(sheets), result.errors)


def _accepts(col: ImportColumn, text: str) -> bool:
    try:
        parse_cell(text, col, None)
    except ValueError:
        return False
    return True


def _context(table, assigned: dict[str, Assigned]) -> dict:
    """The year and the month a table is of, from its columns' names, else its title."""
    context = {}
    for text in [*assigned, table.title]:
        if "year" not in context and (m := _YEAR.search(text)):
            context["year"] = int(m.group(1))
        if "month" not in context and (m := _MONTHS.search(text)):
            context["month"] = int(m.group(1))
    if "month" not in context and (m := _ONE_MONTH.search(table.title)):
        context["month"] = int(m.group(1))
    return context


def _find_header(rows, columns: list[ImportColumn], result: ImportResult):
    by_name = {}
    for col in columns:
        for h in col.headers:
            by_name[normalise(h)] = col
    required = [c for c in columns if c.required]
    for number, values in enumerate(rows, start=1):
        if number > 10:
            break
        if values is None:
            continue
        found: dict[int, tuple[ImportColumn, str | None, str]] = {}
        seen: dict[str, str] = {}
        for index, cell in enumerate(values):
            if cell is None or cell == "":
                continue
            name, unit = split_unit(cell)
            col = by_name.get(name) or by_name.get(normalise(cell))
            if col is None:
                continue
            if col.field in seen:
                result.errors.append(RowError(number, str(cell), f"与「{seen[col.field]}」重复"))
                continue
            seen[col.field] = str(cell)
            found[index] = (col, unit, str(cell).strip())
        if len(found) >= max(1, (len(required) + 1) // 2):
            missing = [c.headers[0] for c in required if c.field not in seen]
            if missing:
                result.errors.append(RowError(number, None, f"缺少必填列：{'、'.join(missing)}"))
            unknown = [str(v) for i, v in enumerate(values) if v not in (None, "") and i not in found]
            if unknown:
                result.notes.append(f"以下列未识别，已忽略：{'、'.join(unknown)}")
            for col, unit, header in found.values():
                if col.kind == "money" and unit not in (None, *UNITS):
                    result.errors.append(RowError(number, header, f"金额单位“{unit}”不支持，请使用元、万元或亿元"))
            if result.errors:
                return number, None
            return number, found
    result.errors.append(RowError(None, None, "在前10行中没有找到表头，请使用导入模板。"))
    return 0, None


def _check_merged_header(xml: str, header_number: int) -> None:
    for ref in re.findall(r'<mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"', xml):
        start, end = ref.split(":")
        first, last = int(re.sub(r"[A-Z]", "", start)), int(re.sub(r"[A-Z]", "", end))
        if first <= header_number <= last:
            raise TableFileError(f"表头含有合并单元格（{ref}），请拆分后再导入。")


def _formulas_without_values(xml: str) -> set[tuple[int, int]]:
    """(row, column) of formula cells with no cached value: written by a program, never calculated."""
    cells = set()
    if "</f>" not in xml and "<f " not in xml and "<f/>" not in xml:
        return cells  # no formulas at all: skip the scan of every cell
    for ref, body in re.findall(r'<c\s+r="([A-Z]+\d+)"[^>]*>(.*?)</c>', xml):
        if "<f" in body and not re.search(r"<v>[^<]+</v>", body):
            cells.add((int(re.sub(r"[A-Z]", "", ref)), _column_letter_to_index(ref)))
    return cells


def _decimal(raw) -> Decimal:
    """An exact, finite number of sensible size: not Infinity, NaN or 1E999999."""
    if isinstance(raw, bool):
        raise ValueError(f"“{raw}”不是数字")
    if isinstance(raw, int | Decimal):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))  # 1.1 stays 1.1, not its binary expansion
    else:
        text = normalise(raw).replace(",", "")
        text = re.sub(r"(元|万元|亿元|%)$", "", text)
        try:
            value = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(f"“{raw}”不是数字") from exc
    if not value.is_finite():
        raise ValueError(f"“{raw}”不是数字")
    if value and value.adjusted() >= MAX_DIGITS:
        raise ValueError(f"“{raw}”数值过大")
    if value and value.adjusted() < -MAX_DIGITS:
        return Decimal(0)  # beyond any precision a column keeps
    return value


NONE_MARKS = frozenset({"—", "——", "-", "--", "－", "/", "／", "无", "…"})


def parse_cell(raw, col: ImportColumn, unit: str | None):
    if raw is None or (isinstance(raw, str) and (not raw.strip() or raw.strip() in NONE_MARKS)):
        if col.required:
            raise ValueError("必填")
        return None if col.kind != "text" else ""
    if col.kind == "text":
        text = clean(str(raw)).strip() if not isinstance(raw, float) else format(Decimal(repr(raw)).normalize(), "f")
        if col.max_length and len(text) > col.max_length:
            raise ValueError(f"超过 {col.max_length} 个字")
        return text
    if col.kind == "int":
        value = _decimal(raw)
        if value != value.to_integral_value():
            raise ValueError(f"“{raw}”不是整数")
        shown = format(value.normalize(), "f")
        if col.min_value is not None and value < col.min_value:
            raise ValueError(f"“{shown}”不能小于 {col.min_value}")
        if col.max_value is not None and value > col.max_value:
            raise ValueError(f"“{shown}”不能大于 {col.max_value}")
        return int(value)
    if col.kind == "decimal":
        return _decimal(raw)
    if col.kind == "money":
        amount = _decimal(raw) * UNITS[unit or col.unit]
        if amount != amount.to_integral_value():
            raise ValueError(f"“{raw}”精度超过1元")
        if amount < 0:
            raise ValueError("金额不能为负")
        if amount.adjusted() >= MAX_DIGITS:
            raise ValueError(f"“{raw}”金额过大")
        return int(amount)
    if col.kind == "quantity":  # an exact decimal in the column's unit, converted from the header's
        try:
            return convert(_decimal(raw), unit or col.unit, col.unit)
        except ValueError as exc:
            raise ValueError(str(exc)) from exc
    if col.kind == "date":
        return _date(raw)
    if col.kind == "bool":
        text = normalise(raw).lower()
        if text in {"是", "y", "yes", "true", "1", "√"}:
            return True
        if text in {"否", "n", "no", "false", "0", ""}:
            return False
        raise ValueError(f"“{raw}”应为“是”或“否”")
    if col.kind == "choice":
        if type(raw) is str and raw in col.normalised_choices:  # already as compared (normalise keeps it)
            return col.normalised_choices[raw]
        text = normalise(raw)
        if text in col.normalised_choices:
            return col.normalised_choices[text]
        if text in col.normalised_choices.values():
            return text
        raise ValueError(f"“{raw}”不是可选值（{'、'.join(col.choices or {})}）")
    raise ValueError(f"unknown kind {col.kind}")


def _date(raw) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = repr(raw) if isinstance(raw, float) else normalise(raw)
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text) or re.fullmatch(
        r"(\d{4})[-/.年](\d{1,2})月?()",
        text,  # a month: 2026年3月, 2026.4, 2025-10 → its first day
    )
    if not m:
        raise ValueError(f"“{raw}”不是日期（写作 2026-03-01、2026年3月1日或 2026年3月）")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError as exc:
        raise ValueError(f"“{raw}”不是有效日期") from exc


def template_rows(columns: Iterable[ImportColumn]) -> list[str]:
    return [c.header for c in columns]
