"""The opportunity list as CSV and XLSX files, with the same columns in both."""

import csv
import io

from django.utils.translation import gettext as _


def _columns():
    return [
        _("Title"), _("Description"), _("Levers"), _("Attributes"), _("Personas"), _("Journey stages"),
        _("Level it should reach"), _("Impact"), _("Effort"), _("Owner (organization)"), _("Owner (person)"),
        _("Status"), _("Why it was dropped"), _("Target date"),
    ]  # fmt: skip


def _rows(opportunities):
    for o in opportunities:
        yield [
            o.title,
            o.description,
            ", ".join(o.lever_labels),
            ", ".join(str(a.name) for a in o.attributes.all()),
            ", ".join(p.name for p in o.personas.all()),
            ", ".join(f"{s.persona.name}: {s.name}" for s in o.stages.all()),
            o.target_level if o.target_level is not None else "",
            o.impact,
            o.effort,
            str(o.owner_organization.name) if o.owner_organization else "",
            str(o.owner_user) if o.owner_user else "",
            str(o.get_status_display()),
            o.dropped_reason,
            o.target_date.isoformat() if o.target_date else "",
        ]


def safe_cell(value):
    # A cell starting with =, +, - or @ would run as a formula in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def csv_bytes(rows) -> bytes:
    """Rows (the header first) as CSV that spreadsheet programs open with the accents right."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    # A byte-order mark lets spreadsheet programs read the accents as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows, *, title: str) -> bytes:
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


def to_csv(opportunities) -> bytes:
    return csv_bytes([_columns(), *_rows(opportunities)])


def to_xlsx(opportunities, *, title: str) -> bytes:
    return xlsx_bytes([_columns(), *_rows(opportunities)], title=title)
