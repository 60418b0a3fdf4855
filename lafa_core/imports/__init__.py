"""Importing the spreadsheets people upload: DiDi's trip export and HR's check-in sheet.

Every import reads the file (CSV in UTF-8 or Windows-1252, or .xlsx: `sheet.read_sheet`), validates
every row with lafa_core.fields, and only then writes — all of it in one unit of work, or nothing
when any row has a problem. The `ImportReport` says what was read, written and skipped, lists the
problems (row as Excel shows it, column, value, why; downloadable with `problems_csv`) and the
warnings, and the audit trail keeps one record per import with its counts (never personal data).
Both imports need the payroll-import permission (hr_payroll).
"""
from lafa_core.imports.checkins import import_checkins
from lafa_core.imports.didi import import_didi_trips
from lafa_core.imports.sheet import (
    MAX_ROWS, Column, ImportReport, RowNote, RowProblem, RowWarning, Sheet, SheetError, SheetRow, cached_field,
    decode_text, header_key, notes_csv, read_sheet,
)

__all__ = [
    "MAX_ROWS", "Column", "ImportReport", "RowNote", "RowProblem", "RowWarning", "Sheet", "SheetError", "SheetRow",
    "cached_field", "decode_text", "header_key", "import_checkins", "import_didi_trips", "notes_csv", "read_sheet",
]
