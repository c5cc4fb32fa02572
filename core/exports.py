"""Spreadsheet files for every export: CSV that spreadsheet programs open with the accents
right, and Excel workbooks; cells that would run as formulas are neutralised in both."""

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpResponse


def safe_cell(value: Any) -> Any:
    # A cell starting with =, +, - or @ would run as a formula in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Iterable[Any]]) -> bytes:
    """Rows (the header first) as CSV that spreadsheet programs open with the accents right."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    # A byte-order mark lets spreadsheet programs read the accents as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows: Iterable[Iterable[Any]], *, title: str) -> bytes:
    """Rows (the header first, in bold and frozen) as an Excel workbook of one sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(12, width + 2), 60)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_response(
    rows: list[list[Any]], *, fmt: str, title: str, name: str
) -> "HttpResponse":
    """Rows (the header first) as a download: an Excel workbook for ``xlsx``, CSV otherwise,
    saved as ``name.fmt``."""
    from django.http import HttpResponse

    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(rows, title=title), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
