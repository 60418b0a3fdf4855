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
    print_setup(sheet)


def print_setup(sheet: Worksheet, title_rows: str = "1:1") -> None:
    """Landscape, one page wide (as many pages tall as it takes), the header repeated on each page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows


def to_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xml_text(value) -> str:
    text = str(safe_text(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join(ch for ch in text if ch >= " " or ch in "\t\n")  # XML 1.0 has no other control characters


def stream_table_workbook(path, *, title: str, facts: list[tuple[str, object]], sheet_name: str, cover_name: str,
                          headers: list[str], rows, formats: list[str | None], row_count: int,
                          total_label: str | None = None, totals: set[int] = frozenset(),
                          widths: list[int] | None = None) -> None:
    """The same conventions for a table too long for openpyxl (hundreds of thousands of rows), in
    flat memory: a cover sheet, then one table with a styled frozen header, autofilter, SUM totals
    over `totals` (0-based columns), landscape fit-to-width printing; `rows` is an iterator of
    `row_count` rows typed by `formats` (None: text).

    XlsxWriter writes the workbook with the header, one sample row and the totals row; then the
    sample row is replaced by the real rows, streamed as sheet XML with the sample's cell styles
    (XlsxWriter's per-cell overhead would take most of the time at 500,000 rows)."""
    import re
    import tempfile
    import zipfile

    import xlsxwriter

    with tempfile.TemporaryDirectory(prefix="lafa-xlsx-") as folder:
        template = f"{folder}/template.xlsx"
        book = xlsxwriter.Workbook(template, {"constant_memory": True, "remove_timezone": True})
        bold = book.add_format({"bold": True})
        header = book.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#0B7A75"})
        styles = {fmt: book.add_format({"num_format": fmt}) for fmt in set(formats) | {DATE, DATETIME} if fmt}
        text_style = book.add_format({})
        bold_styles = {fmt: book.add_format({"num_format": fmt, "bold": True}) for fmt in styles}
        cover = book.add_worksheet(cover_name)
        cover.write_string(0, 0, str(safe_text(title)), book.add_format({"bold": True, "font_size": 14}))
        for row, (label, value) in enumerate(facts, start=2):
            cover.write_string(row, 0, str(safe_text(label)), bold)
            value = cell_value(value)
            if isinstance(value, datetime):
                cover.write_datetime(row, 1, value, styles[DATETIME])
            elif isinstance(value, date):
                cover.write_datetime(row, 1, datetime.combine(value, datetime.min.time()), styles[DATE])
            else:
                cover.write(row, 1, value)
        cover.set_column(0, 0, 28)
        cover.set_column(1, 1, 48)
        sheet = book.add_worksheet(sheet_name)
        for c, width in enumerate(widths or [max(10, len(h) + 2) for h in headers]):
            sheet.set_column(c, c, width)
        for c, text in enumerate(headers):
            sheet.write_string(0, c, str(safe_text(text)), header)
        for c, fmt in enumerate(formats):  # the sample row: one cell per column, in its style
            sheet.write_string(1, c, "x", text_style) if fmt is None else sheet.write_number(1, c, 0, styles[fmt])
        last = row_count + 1  # Excel's row number of the last data row
        if total_label is not None:
            sheet.write_string(last, 0, str(safe_text(total_label)), bold)
            for c in sorted(totals):
                letter = get_column_letter(c + 1)
                sheet.write_formula(last, c, f"=SUM({letter}2:{letter}{last})", bold_styles.get(formats[c], bold))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(row_count, 1), len(headers) - 1)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(0)
        book.close()

        with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED,
                                                                   compresslevel=1) as target:
            sheet_xml = source.read("xl/worksheets/sheet2.xml").decode("utf-8")
            sample = re.search(r'<row r="2"[^>]*>.*?</row>', sheet_xml)
            cell_styles = [re.search(r' s="(\d+)"', cell).group(1) if ' s="' in cell else "0"
                           for cell in re.findall(r"<c [^>]*>", sample.group(0))]
            for item in source.infolist():
                if item.filename != "xl/worksheets/sheet2.xml":
                    target.writestr(item, source.read(item.filename))
            with target.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as out:
                out.write(sheet_xml[:sample.start()].encode("utf-8"))
                for chunk in _rows_xml(rows, formats, cell_styles):
                    out.write(chunk)
                out.write(sheet_xml[sample.end():].encode("utf-8"))


def _rows_xml(rows, formats: list[str | None], cell_styles: list[str]):
    """The rows as sheet XML (from Excel row 2), yielded in chunks of bytes: dates as serial numbers,
    numbers as they are (Decimals in plain notation), text inline and escaped."""
    letters = [get_column_letter(c + 1) for c in range(len(formats))]
    epoch, serials = date(1899, 12, 30), {}
    kinds = ["date" if fmt == DATE else "text" if fmt is None else "number" for fmt in formats]
    chunk: list[str] = []
    for n, row in enumerate(rows, start=2):
        cells = []
        for letter, kind, style, value in zip(letters, kinds, cell_styles, row):
            if value is None:
                continue
            if kind == "number":
                number = format(value, "f") if isinstance(value, Decimal) else value
                cells.append(f'<c r="{letter}{n}" s="{style}"><v>{number}</v></c>')
            elif kind == "date":
                if value not in serials:
                    serials[value] = (value - epoch).days
                cells.append(f'<c r="{letter}{n}" s="{style}"><v>{serials[value]}</v></c>')
            else:
                cells.append(f'<c r="{letter}{n}" s="{style}" t="inlineStr"><is><t>{_xml_text(value)}</t></is></c>')
        chunk.append(f'<row r="{n}">{"".join(cells)}</row>')
        if len(chunk) == 5_000:
            yield "".join(chunk).encode("utf-8")
            chunk.clear()
    yield "".join(chunk).encode("utf-8")
