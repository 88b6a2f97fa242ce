"""Test helpers with no domain knowledge."""

import io
from collections.abc import Iterable

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook


def count_queries(func) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


def xlsx(*rows, title: str = "", merges: Iterable[str] = ()) -> bytes:
    """An Excel file of one sheet holding `rows` as a user uploads it: the first row is usually the
    headers; `merges` are ranges such as "A1:C1"."""
    wb = Workbook()
    ws = wb.active
    if title:
        ws.title = title
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
