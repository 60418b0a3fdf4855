"""The app's Excel conventions, for every workbook it exports: real numbers and dates, MXN
formats, a styled and frozen header with an autofilter, sensible widths, totals as formulas,
print setup, and text that looks like a formula written as text (never run by Excel)."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

PESOS = '"$"#,##0.00'
HOURS = "0.00"
INTEGER = "#,##0"
DATE = "dd/mm/yyyy"
DATETIME = "dd/mm/yyyy hh:mm"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B7A75")
TITLE_FONT = Font(bold=True, size=14)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """Text a spreadsheet could take for a formula (=, +, -, @) is written as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def cell_value(value):
    """Decimals as numbers Excel keeps exactly enough (to the centavo), dates as dates, text safe."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)  # Excel has no time zones: local wall time
    if isinstance(value, date):
        return value
    return safe_text(value)


def cover_sheet(sheet: Worksheet, title: str, facts: list[tuple[str, object]]) -> None:
    """Title and what the workbook holds (filters, data as of, generated at, by whom)."""
    sheet["A1"] = safe_text(title)
    sheet["A1"].font = TITLE_FONT
    for row, (label, value) in enumerate(facts, start=3):
        sheet.cell(row=row, column=1, value=safe_text(label)).font = Font(bold=True)
        cell = sheet.cell(row=row, column=2, value=cell_value(value))
        if isinstance(value, datetime):
            cell.number_format = DATETIME
        elif isinstance(value, date):
            cell.number_format = DATE
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 48


def table_sheet(sheet: Worksheet, headers: list[str], rows: list[list], formats: list[str | None], *,
                total_label: str | None = None, totals: set[int] = frozenset()) -> None:
    """One table: styled frozen header with autofilter, rows, a totals row of SUM formulas over
    the columns in `totals` (0-based), widths from the content, landscape fit-to-width printing."""
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column, value=safe_text(header))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=cell_value(value))
            if formats[c - 1]:
                cell.number_format = formats[c - 1]
    last = len(rows) + 1
    if total_label is not None:
        total_row = last + 1
        sheet.cell(row=total_row, column=1, value=safe_text(total_label)).font = Font(bold=True)
        for c in sorted(totals):
            letter = get_column_letter(c + 1)
            cell = sheet.cell(row=total_row, column=c + 1, value=f"=SUM({letter}2:{letter}{last})")
            cell.font = Font(bold=True)
            if formats[c]:
                cell.number_format = formats[c]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last}"
    for c, header in enumerate(headers, start=1):
        longest = max([len(str(header))] + [len(str(row[c - 1])) for row in rows[:500]])
        sheet.column_dimensions[get_column_letter(c)].width = min(max(10, longest + 2), 45)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def to_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
