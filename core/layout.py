"""Tables as offices lay them out: title rows, unit lines, merged headers, sections, totals, notes.

Pure: no Django. `read_sheets` turns a workbook (.xlsx or old .xls) into its sheets' cells and
merged ranges; `read_layout` finds in each sheet the table and returns its rows as {column name:
value} with where each came from (sheet, row, column), the sums checked (合计, 小计, a section's
count) and the lines skipped with the reason. Values stay as the file holds them; turning them
into fields is the importer's (core.importing).

What is recognised, in each sheet:
- title rows above the header (the first becomes the sheet's title) and a unit line
  (「单位：万元」, 「金额单位：亿元」, 「填报单位：冯营街道」);
- a header of one to three rows with merged cells, read as one name per column, the rows joined
  by "/" («2026年计划/计划投资»);
- a 序号 column (kept for the checks, not a value) and a row of column numbers (栏次) under it;
- section rows (「一、工业项目（4个）」, 「（二）续建项目」): their label goes with the rows under
  them; a count in the label and any sums on the row are checked;
- 合计/总计/小计 rows: not rows of the table; each number on them is checked against the rows
  they total;
- notes, 填表人, signature lines and anything after them.
"""

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from python_calamine import CalamineWorkbook

HEADER_SEARCH_ROWS = 15  # the header is looked for in the first rows
MAX_HEADER_ROWS = 3
TOLERANCE = Decimal("0.01")  # a total may differ from its rows' sum by rounding in the last place

_SPACES = re.compile(r"\s+")
_FULL_WIDTH = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)} | {"\u3000": " "})
UNIT_LINE = re.compile(r"(?:金额|计量)?单位\s*[:：]\s*(元|万元|亿元)")
FILLED_BY = re.compile(r"(?:填报|报送|填表)单位\s*[:：]\s*(.+?)(?=\s|(?:金额|计量)?单位\s*[:：]|$)")
_NUMERAL = "一二三四五六七八九十"
SECTION = re.compile(
    rf"^(?:[{_NUMERAL}]+\s*[、.．]|[（(][{_NUMERAL}]+[)）]|第[{_NUMERAL}]+[部类批]分?\s*[、:：]?)\s*(?P<label>.+?)"
    r"\s*(?:[（(]\s*(?:共\s*)?(?P<count>\d+)\s*个(?:项目)?\s*[)）])?$"
)
SECTION_NUMBER = re.compile(rf"^[{_NUMERAL}]+$|^[（(][{_NUMERAL}]+[)）]$")
TOTAL = re.compile(
    r"^(?:全区|全县|全市|本页|总)?(?P<kind>合计|总计|共计|小计)(?:[（(][^)）]*[)）])?[:：]?$"
)  # the whole cell: 「小计划建设项目」 is a project
TOTAL_COUNT = re.compile(r"[（(]\s*(?:共\s*)?(?P<count>\d+)\s*个(?:项目)?\s*[)）]")
NOTE = re.compile(
    r"^(?:注\s*\d*\s*[:：.、]|备\s*注\s*[:：]|说\s*明\s*[:：]|附注|填表说明|填\s*表\s*人|填\s*报\s*人|制\s*表\s*人?\s*[:：]"
    r"|审\s*核\s*人?\s*[:：]|(?:单位)?负\s*责\s*人\s*[:：]|分管领导|主要领导|联\s*系\s*人\s*[:：]|联系电话\s*[:：]"
    r"|填报日期|报送日期|日\s*期\s*[:：]|签\s*字|签\s*名|[（(]?\s*盖\s*章)"
)
OF_WHICH = re.compile(r"^其中\s*[:：]?")
SERIAL_NAMES = {"序号", "序"}
_LABEL_SUFFIX = re.compile(r"(?:类)?(?:项目|工程)?$")


class LayoutError(Exception):
    """The workbook cannot be read at all."""


@dataclass
class Sheet:
    """A sheet's cells from A1 (row and column numbers are Excel's, less one) and merged ranges."""

    name: str
    cells: list[list]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (first row, first col, last row, last col)


@dataclass
class Column:
    index: int  # from 0; Excel's column is index + 1
    name: str  # the header's rows joined by "/", spaces removed: «2026年计划/计划投资»


@dataclass
class Row:
    sheet: str
    number: int  # the row Excel shows
    values: dict  # column name → the cell's value, blanks left out
    section: str | None = None  # the label of the section row above it (「工业」)


@dataclass
class Skipped:
    sheet: str
    row: int | None
    why: str


@dataclass
class Check:
    sheet: str
    row: int
    what: str
    ok: bool


@dataclass
class Table:
    """One sheet's table."""

    sheet: str
    columns: list[Column]
    header_rows: tuple[int, int]  # the first and last row of the header, as Excel shows them
    title: str = ""
    unit: str | None = None  # from the unit line: applies to money columns naming no unit
    filled_by: str | None = None  # from 「填报单位：…」
    rows: list[Row] = field(default_factory=list)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


@dataclass
class Layout:
    tables: list[Table] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return [row for table in self.tables for row in table.rows]


# Reading the workbook ----------------------------------------------------------------------------


def read_sheets(data: bytes) -> list[Sheet]:
    """Every visible sheet of a .xlsx or .xls workbook, as cells from A1 and merged ranges."""
    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
            visible = [m.name for m in book.sheets_metadata if str(m.visible).endswith("Visible")]
            sheets = []
            for name in visible:
                sheet = book.get_sheet_by_name(name)
                cells = sheet.to_python(skip_empty_area=False)
                merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
                sheets.append(Sheet(name, cells, merges))
            return sheets
    except LayoutError:
        raise
    except Exception as exc:  # calamine raises its own error kinds for damaged or encrypted files
        raise LayoutError(str(exc)) from exc


# Reading values -----------------------------------------------------------------------------------


def text_of(value) -> str:
    """A cell as compared: no spaces or line breaks, full-width digits as ASCII."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _SPACES.sub("", str(value).translate(_FULL_WIDTH))


def number(value) -> Decimal | None:
    """A cell's number (text with thousands separators too), or None for a blank or a word."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = text_of(value).replace(",", "").replace("，", "")
    if not text or not (text[0].isdigit() or text[0] in "-+."):
        return None
    try:
        result = Decimal(text)
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


def _blank(value) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def section_label(text: str) -> str:
    """「工业项目」 → 「工业」: the word a field's choices may hold."""
    return _LABEL_SUFFIX.sub("", text) or text


# Finding the table --------------------------------------------------------------------------------


def _filled(row) -> list[tuple[int, object]]:
    return [(i, v) for i, v in enumerate(row) if not _blank(v)]


def _merge_map(merges) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) of each cell hidden by a merge → the merge's first cell (which holds the value)."""
    hidden = {}
    for r0, c0, r1, c1 in merges:
        if (r1 - r0 + 1) * (c1 - c0 + 1) > 4096:  # a whole-row title merge: only its first row matters
            r1 = min(r1, r0 + MAX_HEADER_ROWS)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    hidden[(r, c)] = (r0, c0)
    return hidden


def _header_start(cells: list[list]) -> int | None:
    for r, row in enumerate(cells[:HEADER_SEARCH_ROWS]):
        filled = _filled(row)
        if len(filled) < 3:
            continue
        line = " ".join(str(v) for _, v in filled)
        if UNIT_LINE.search(line) or FILLED_BY.search(line):
            continue
        if sum(1 for _, v in filled if number(v) is not None) * 2 > len(filled):
            continue  # mostly numbers: a data row, not a header
        return r
    return None


def _header_end(cells: list[list], merges, start: int) -> int:
    end = start
    changed = True
    while changed:
        changed = False
        for r0, c0, r1, c1 in merges:
            if not start <= r0 <= end:
                continue
            last = min(r1, start + MAX_HEADER_ROWS - 1)
            if last > end:
                end, changed = last, True
            # A parent merged across columns: the row under it names the children.
            below = end + 1
            if c1 > c0 and r1 == end and below < len(cells) and below < start + MAX_HEADER_ROWS:
                row = cells[below]
                under = [row[c] for c in range(c0, min(c1 + 1, len(row)))]
                if any(not _blank(v) and number(v) is None for v in under):
                    end, changed = below, True
    return end


def _column_names(cells, merges, start: int, end: int) -> list[Column]:
    hidden = _merge_map([m for m in merges if m[0] <= end and m[2] >= start])
    width = max(len(cells[r]) for r in range(start, end + 1))
    columns, used = [], {}
    for c in range(width):
        parts: list[str] = []
        for r in range(start, end + 1):
            r_, c_ = hidden.get((r, c), (r, c))
            row = cells[r_]
            value = row[c_] if c_ < len(row) else None
            part = text_of(value)
            if part and (not parts or parts[-1] != part):
                parts.append(part)
        if not parts:
            continue
        name = "/".join(parts)
        if name in used:  # two columns of one name: the second is told apart by its position
            used[name] += 1
            name = f"{name}（{used[name]}）"
        else:
            used[name] = 1
        columns.append(Column(c, name))
    return columns


def _is_column_numbers(values: list) -> bool:
    """A row of column numbers under the header: 1 2 3 … or 甲 乙 丙 …."""
    words = [text_of(v) for v in values if not _blank(v)]
    return len(words) >= 3 and all(w.isdigit() or w in "甲乙丙丁戊己庚辛" for w in words)


# Reading a sheet ----------------------------------------------------------------------------------


def read_table(sheet: Sheet, layout: Layout) -> Table | None:
    """The sheet's table, its checks and skipped lines added to `layout`; None if it has no table."""
    cells = sheet.cells
    start = _header_start(cells)
    if start is None:
        if any(_filled(row) for row in cells):
            layout.skipped.append(Skipped(sheet.name, None, "没有找到表头，整张工作表未导入"))
        return None
    end = _header_end(cells, sheet.merges, start)
    table = Table(sheet.name, _column_names(cells, sheet.merges, start, end), (start + 1, end + 1))
    for row in cells[:start]:
        line = " ".join(str(v).strip() for _, v in _filled(row))
        if m := UNIT_LINE.search(line):
            table.unit = m.group(1)
        if m := FILLED_BY.search(line):
            table.filled_by = m.group(1).strip()
        if line and not table.title and not UNIT_LINE.search(line) and not FILLED_BY.search(line):
            table.title = text_of(line)
    for c in table.columns:  # a unit line inside the header (「单位：万元」 in its last cell)
        if m := UNIT_LINE.search(c.name):
            table.unit = table.unit or m.group(1)
    serial = next((c.index for c in table.columns if c.name in SERIAL_NAMES), None)
    _Reader(table, layout, serial).read(cells, end + 1)
    return table


class _Reader:
    """Walks the rows under a header: rows, sections, totals, notes."""

    def __init__(self, table: Table, layout: Layout, serial: int | None):
        self.table, self.layout, self.serial = table, layout, serial
        self.named = [(c.index, c.name) for c in table.columns if c.index != serial]
        self.rows: list[Row] = table.rows
        self.section: str | None = None
        self.section_start = 0  # index in rows where the section's rows begin
        self.section_row: tuple[int, list, int | None] | None = None  # (row, values, count) to check at its end
        self.subtotal_start = 0

    def skip(self, number: int, why: str) -> None:
        self.layout.skipped.append(Skipped(self.table.sheet, number, why))

    def check(self, number: int, what: str, ok: bool) -> None:
        self.layout.checks.append(Check(self.table.sheet, number, what, ok))

    def read(self, cells: list[list], first: int) -> None:
        # Every row passes here: the common case (a project) is decided with as little work as can be.
        notes = False
        named = self.named
        for r in range(first, len(cells)):
            values = cells[r]
            filled = [
                (i, v) for i, v in enumerate(values) if v != "" and v is not None and (type(v) is not str or v.strip())
            ]
            if not filled:
                continue
            number_ = r + 1
            if notes:
                self.skip(number_, "表格下方的说明或签名")
                continue
            head = filled[0][1]
            if type(head) is str and NOTE.match(text_of(head)):
                notes = True
                self.skip(number_, "表格下方的说明或签名")
                continue
            if r == first and _is_column_numbers(values):
                self.skip(number_, "栏次行")
                continue
            words = []  # the first cells of text that are not numbers: where 合计, 其中 and sections are
            for i, v in filled:
                if type(v) is str:
                    v = v.strip()
                    if not v[0].isdigit():
                        words.append((i, v))
                        if len(words) > 3:
                            break
            total = next((m for _, w in words[:3] if "计" in w and (m := TOTAL.match(text_of(w)))), None)
            if total:
                self.total(number_, values, total.group("kind"), [text_of(w) for _, w in words[:3]])
                continue
            if words and "其中" in words[0][1] and OF_WHICH.match(text_of(words[0][1])):
                self.skip(number_, "“其中”行，不是项目")
                continue
            if len(words) <= 2 and self.section_line(number_, values, [(i, text_of(w)) for i, w in words]):
                continue
            row = {}
            width = len(values)
            for index, name in named:
                if index < width:
                    value = values[index]
                    if value != "" and value is not None:
                        row[name] = value
            if not row:
                self.skip(number_, "只有序号")
                continue
            self.rows.append(Row(self.table.sheet, number_, row, self.section))
        self.end_section()

    def section_line(self, number_: int, values: list, texts: list[tuple[int, str]]) -> bool:
        """A row starting a section (「一、工业项目（4个）」, or 「一」 then 「工业项目」)."""
        if not texts:
            return False
        label, count = None, None
        m = SECTION.match(texts[0][1])
        if m and len(texts) == 1:
            label, count = m.group("label"), m.group("count")
        elif (
            self.serial is not None
            and texts[0][0] == self.serial
            and SECTION_NUMBER.match(texts[0][1])
            and len(texts) == 2
        ):
            c = TOTAL_COUNT.search(texts[1][1])
            label, count = TOTAL_COUNT.sub("", texts[1][1]), c.group("count") if c else None
        if label is None:
            return False
        self.end_section()
        self.section = section_label(label)
        self.section_start = self.subtotal_start = len(self.rows)
        self.section_row = (number_, values, int(count) if count else None)
        self.skip(number_, f"分组行「{texts[0][1] if len(texts) == 1 else texts[1][1]}」")
        return True

    def end_section(self) -> None:
        if self.section_row is None:
            return
        number_, values, count = self.section_row
        rows = self.rows[self.section_start :]
        if count is not None:
            self.check(
                number_, f"分组「{self.section}」的项目个数：表中 {count} 个，实有 {len(rows)} 个", count == len(rows)
            )
        self.sums(number_, values, rows, f"分组「{self.section}」")
        self.section_row = None

    def total(self, number_: int, values: list, kind: str, words: list[str]) -> None:
        if kind == "小计":
            rows = self.rows[self.subtotal_start :]
            self.subtotal_start = len(self.rows)
        else:
            self.end_section()
            rows = self.rows
        self.skip(number_, f"{kind}行")
        for w in words:
            if c := TOTAL_COUNT.search(w):
                count = int(c.group("count"))
                self.check(number_, f"{kind}的项目个数：表中 {count} 个，实有 {len(rows)} 个", count == len(rows))
        self.sums(number_, values, rows, kind)

    def sums(self, number_: int, values: list, rows: list[Row], kind: str) -> None:
        for index, name in self.named:
            total = number(values[index]) if index < len(values) else None
            if total is None:
                continue
            parts = [number(r.values.get(name)) for r in rows]
            added = sum((p for p in parts if p is not None), Decimal(0))
            ok = abs(total - added) <= TOLERANCE
            shown = format(total.normalize(), ",f")
            if ok:
                what = f"{kind}「{name}」{shown} 与各行之和相符"
            else:
                what = f"{kind}「{name}」为 {shown}，各行之和为 {format(added.normalize(), ',f')}"
            self.check(number_, what, ok)


def read_layout(sheets: list[Sheet]) -> Layout:
    """The tables of every sheet, with the checks made and the lines skipped."""
    layout = Layout()
    for sheet in sheets:
        table = read_table(sheet, layout)
        if table is not None:
            layout.tables.append(table)
    return layout
