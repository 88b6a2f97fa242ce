"""Tabular export to .xlsx with Chinese headers; imports build on the same column definitions."""

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from . import text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Column:
    header: str
    value: Callable[[object], object]
    width: int = 16
    number_format: str = ""  # for numeric cells, e.g. core.money.PP_NUMBER_FORMAT (signed points)


# A text starting with one of these is a formula to a spreadsheet (=HYPERLINK(…), =cmd|…, +1, @SUM);
# tab and carriage return lead some programs to the same. Such text is written as a string cell with
# Excel's quote prefix: shown as typed, never run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_BAD_TITLE = re.compile(r"[\\/*?:\[\]]")


def _cell(ws, value, number_format: str = ""):
    if number_format and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = number_format
        return cell
    if isinstance(value, datetime):
        # Excel has no time zones: write local wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, (int, float, bool, Decimal)) or hasattr(value, "isoformat"):
        return value
    value = text.clean(str(value))  # stored rows may predate the cleaning of input; .xlsx cannot hold them
    if value.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return value


def sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: none of \\ / * ? : [ ], no control characters, at most 31."""
    return _BAD_TITLE.sub(" ", text.clean(str(title)))[:31].strip() or "Sheet1"


def workbook(title: str, columns: list[Column], rows: Iterable) -> bytes:
    return to_bytes(build_workbook(title, columns, rows))


def write_workbook(target, title: str, columns: list[Column], rows: Iterable) -> None:
    """Write the .xlsx to `target` (an open binary file): rows are streamed, never all in memory."""
    wb = build_workbook(title, columns, rows)
    wb.save(target)


def build_workbook(title: str, columns: list[Column], rows: Iterable) -> Workbook:
    """A write-only workbook: each row goes to a temporary file as it is appended, not to memory."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title(title))
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    header = []
    for col in columns:
        cell = WriteOnlyCell(ws, value=text.clean(str(col.header)))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        header.append(cell)
    ws.append(header)
    for row in rows:
        ws.append([_cell(ws, col.value(row), col.number_format) for col in columns])
    return wb


def to_bytes(wb: Workbook) -> bytes:
    """An openpyxl workbook as the bytes of its .xlsx (written to a buffer, never to disk)."""
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_response(filename: str, title: str, columns: list[Column], rows: Iterable) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(workbook(title, columns, rows), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(f'{filename}-{stamp}.xlsx')}"
    return response
