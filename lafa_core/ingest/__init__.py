"""Importing the spreadsheets the company keeps today: drivers, vehicles, contracts and payments.

`template_workbook(kind, lang)` is the sheet to fill; `import_sheet(uow, kind, data, filename=…,
dry_run=…)` checks every row and writes all of it or nothing (see lafa_core.ingest.service);
`export_sheet` + `export_workbook` give what is stored in the template's layout. Drivers and vehicles
need Action.DATA_IMPORT, contracts and payments Action.MONEY_IMPORT (lafa_core.users.roles).
Command line: `python -m lafa_core.ingest KIND FILE [--dry-run] --as USER`.
"""
from lafa_core.ingest.kinds import KINDS, NATURAL_KEY
from lafa_core.ingest.service import ACTION, IngestReport, export_sheet, import_sheet, may_export
from lafa_core.ingest.workbooks import export_workbook, problems_workbook, template_workbook

__all__ = ["ACTION", "KINDS", "NATURAL_KEY", "IngestReport", "export_sheet", "export_workbook", "import_sheet", "may_export",
           "problems_workbook", "template_workbook"]
