"""The sheets' workbooks: the template (header, one example row, Excel's own checks on each column,
and a sheet explaining every column), the export of what is stored in the same layout (so it can be
edited and imported back), and the list of a file's problems.

Excel's data validation: a drop-down list for list columns, dates between 1900 and 2100, whole
numbers and decimals within their range, times of day; text columns are formatted as text, so a
phone or a CURP is never turned into a number.
"""
from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lafa_core.excel import DATE, HEADER_FILL, HEADER_FONT, PESOS, cell_value, safe_text, table_sheet, to_bytes
from lafa_core.i18n import t
from lafa_core.imports.sheet import RowNote
from lafa_core.ingest.kinds import FIELDS, Field, check_kind, example_cell, header, shown_cell

VALIDATED_ROWS = 5_000  # rows below the header that carry Excel's checks in a template
_FORMATS = {"date": DATE, "pesos": PESOS, "time": "hh:mm", "whole": "0", "decimal": "0.0##", "text": "@"}


def _format_text(field: Field, lang: str) -> str:
    if field.choices is not None:
        return t("ingest.format.list", lang, allowed=", ".join(field.choices.labels(lang)))
    if field.excel in ("whole", "decimal"):
        return t(f"ingest.format.{field.excel}", lang, minimum=f"{field.minimum:,g}", maximum=f"{field.maximum:,g}")
    return t(f"ingest.format.{field.excel}", lang)


def _validation(field: Field, lang: str) -> DataValidation | None:
    options = dict(allow_blank=not field.required, showErrorMessage=True, errorStyle="stop",
                   errorTitle=t("ingest.template.invalid_title", lang),
                   error=t("ingest.template.invalid", lang, sheet=t("ingest.template.instructions", lang)))
    if field.choices is not None:
        listed = ",".join(field.choices.labels(lang))
        return DataValidation(type="list", formula1=f'"{listed}"', **options)
    if field.excel == "date":
        return DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)",
                              formula2="DATE(2100,12,31)", **options)
    if field.excel == "time":
        return DataValidation(type="time", operator="between", formula1="0", formula2="0.999988", **options)
    if field.excel in ("whole", "decimal"):
        return DataValidation(type=field.excel, operator="between", formula1=f"{field.minimum:g}",
                              formula2=f"{field.maximum:g}", **options)
    if field.excel == "pesos":
        return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", **options)
    return None


def _data_sheet(workbook: Workbook, kind: str, lang: str, rows: list[list]) -> None:
    sheet = workbook.active
    sheet.title = t(f"ingest.sheet.{kind}", lang)
    fields = FIELDS[kind]
    for column, field in enumerate(fields, start=1):
        cell = sheet.cell(row=1, column=column, value=safe_text(header(kind, field.name, lang)))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = max(14, len(header(kind, field.name, lang)) + 4)
        if validation := _validation(field, lang):
            validation.add(f"{letter}2:{letter}{max(VALIDATED_ROWS, len(rows) + 1)}")
            sheet.add_data_validation(validation)
    for r, row in enumerate(rows, start=2):
        for c, (field, value) in enumerate(zip(fields, row), start=1):
            cell = sheet.cell(row=r, column=c, value=cell_value(value))
            cell.number_format = _FORMATS[field.excel] if field.excel in _FORMATS else "General"
    sheet.freeze_panes = "A2"


def _instructions(workbook: Workbook, kind: str, lang: str) -> None:
    sheet = workbook.create_sheet(t("ingest.template.instructions", lang))
    sheet["A1"] = t("ingest.template.intro", lang, sheet=t(f"ingest.sheet.{kind}", lang))
    sheet["A1"].font = Font(bold=True)
    titles = [t(f"ingest.template.{name}", lang) for name in ("column", "meaning", "format", "required", "example")]
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=3, column=column, value=title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for row, field in enumerate(FIELDS[kind], start=4):
        example = example_cell(field, lang)
        if isinstance(example, date):
            example = example.strftime("%d/%m/%Y")
        values = [header(kind, field.name, lang), t(f"ingest.{kind}.{field.name}.help", lang), _format_text(field, lang),
                  t("ingest.template.yes" if field.required else "ingest.template.no", lang),
                  "" if example is None else str(example)]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=safe_text(value))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", (26, 60, 40, 12, 24)):
        sheet.column_dimensions[letter].width = width


def template_workbook(kind: str, lang: str = "es") -> bytes:
    """The sheet to fill: headers in `lang`, one example row that imports cleanly, Excel's checks,
    and the instructions sheet."""
    check_kind(kind)
    workbook = Workbook()
    _data_sheet(workbook, kind, lang, [[example_cell(f, lang) for f in FIELDS[kind]]])
    _instructions(workbook, kind, lang)
    return to_bytes(workbook)


def export_workbook(kind: str, rows: list[dict], lang: str = "es") -> bytes:
    """What is stored (lafa_core.ingest.export_sheet), laid out as the template: edit it and import it back."""
    check_kind(kind)
    workbook = Workbook()
    cells = [[shown_cell(f, row.get(f.name), lang) for f in FIELDS[kind]] for row in rows]
    _data_sheet(workbook, kind, lang, cells)
    _instructions(workbook, kind, lang)
    return to_bytes(workbook)


def problems_workbook(notes: list[RowNote], lang: str = "es") -> bytes:
    """Fila, Columna, Valor, Motivo: one row per problem (or warning), as the page lists them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = t("ingest.problems.sheet", lang)
    headers = [t(f"import.col.{name}", lang) for name in ("row", "column", "value", "reason")]
    table_sheet(sheet, headers, [[note.row or None, note.column, note.value, note.text(lang)] for note in notes],
                ["0", None, "@", None])
    return to_bytes(workbook)


__all__ = ["export_workbook", "problems_workbook", "template_workbook"]
