"""The sender's own workbook back, with an added 「错误说明」 column and the bad cells highlighted.

Pure: no Django. A .xlsx is copied as it is (values, formats, merges, other sheets) and only the
column and the highlights are added; an old .xls, which cannot be written back, becomes a .xlsx
with the same values and merged cells.
"""

import io
from collections import defaultdict

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .layout import Layout, Sheet

HEADER = "错误说明"
BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
BAD_FONT = Font(color="9C0006")
HEADER_FILL = PatternFill("solid", fgColor="FFEB9C")


def _workbook_from(sheets: list[Sheet]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name[:31])
        for row in sheet.cells:
            ws.append([None if v == "" else v for v in row])
        for r0, c0, r1, c1 in sheet.merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    return wb


def annotate(data: bytes, sheets: list[Sheet], found: Layout, errors) -> bytes:
    """The workbook with each error written in its row's 「错误说明」 cell and its cell highlighted.

    `errors` carry `sheet`, `row`, `column` (the file's column name) and `message`; an error with
    no row goes to the column's first cell; one with no sheet to the first table's sheet.
    """
    try:
        wb = load_workbook(io.BytesIO(data))
    except Exception:  # an old .xls: rebuilt from the values read
        wb = _workbook_from(sheets)
    tables = {t.sheet: t for t in found.tables}
    first = found.tables[0].sheet if found.tables else (sheets[0].name if sheets else None)
    by_sheet: dict[str, list] = defaultdict(list)
    for e in errors:
        by_sheet[e.sheet or first].append(e)
    for name, sheet_errors in by_sheet.items():
        if name not in wb.sheetnames:
            continue
        ws = wb[name]
        table = tables.get(name)
        width = max(ws.max_column, max((c.index + 1 for c in table.columns), default=0) if table else 0)
        col = width + 1
        header_row = table.header_rows[0] if table else 1
        head = ws.cell(header_row, col, HEADER)
        head.font, head.fill = Font(bold=True), HEADER_FILL
        if table and table.header_rows[1] > header_row:
            ws.merge_cells(start_row=header_row, start_column=col, end_row=table.header_rows[1], end_column=col)
        ws.column_dimensions[get_column_letter(col)].width = 48
        texts: dict[int, list[str]] = defaultdict(list)
        for e in sheet_errors:
            row = (
                e.row if e.row and e.row not in range(header_row, (table.header_rows[1] if table else 1) + 1) else None
            )
            where = f"「{e.column}」" if e.column else ""
            texts[row or 0].append(f"{where}{e.message}")
            column = table.column(e.column) if table and e.column else None
            if e.row and column is not None:
                cell = ws.cell(e.row, column.index + 1)
                cell.fill, cell.font = BAD_FILL, BAD_FONT
        for row, lines in texts.items():
            if row == 0:
                head.value = f"{HEADER}（整表：{'；'.join(lines)}）"
                continue
            cell = ws.cell(row, col, "；".join(lines))
            cell.fill, cell.font = BAD_FILL, BAD_FONT
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
