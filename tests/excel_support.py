"""Reading exported workbooks back as a spreadsheet program would: every formula recalculated by an
independent formula evaluator (pycel), so a total or a rate is checked by what it computes, not by
its text."""
from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from pycel import ExcelCompiler


def recalculated(data: bytes) -> dict[str, dict[str, object]]:
    """{sheet: {cell address: value}} for every formula cell of the workbook, recalculated."""
    book = load_workbook(BytesIO(data))
    compiler = ExcelCompiler(excel=book)
    values: dict[str, dict[str, object]] = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    values.setdefault(sheet.title, {})[cell.coordinate] = compiler.evaluate(
                        f"{sheet.title}!{cell.coordinate}")
    return values
