"""Reading uploaded sheets (CSV in any of the encodings people send, .xlsx) and the problems list."""
import csv
import io
from datetime import date, datetime, time

import pytest
from openpyxl import Workbook

from lafa_core import fields
from lafa_core.bounds import InvalidInput
from lafa_core.i18n import CATALOG, CATALOGS
from lafa_core.imports import (
    Column, ImportReport, RowProblem, RowWarning, SheetError, cached_field, header_key, read_sheet,
)

COLUMNS = (Column("Driver ID"), Column("Depot"), Column("Check-in", ("Entrada",)), Column("Notes", required=False))
TEXT = "Driver ID,Depot,Check-in\r\nDRV-000001,Peñón de los Baños,08:00\r\nDRV-000002,Tláhuac,9:30\r\n"


def _values(sheet):
    return [(row.number, row.values["Driver ID"], row.values["Depot"], row.values["Check-in"]) for row in sheet.rows]


EXPECTED = [(2, "DRV-000001", "Peñón de los Baños", "08:00"), (3, "DRV-000002", "Tláhuac", "9:30")]


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"), TEXT.encode("utf-8-sig"), TEXT.encode("cp1252"), TEXT.encode("utf-16"),
    TEXT.replace(",", ";").encode("utf-8"), TEXT.replace(",", "\t").encode("cp1252"),
], ids=["utf-8", "utf-8 with BOM", "windows-1252", "utf-16", "semicolons", "tabs"])
def test_csv_in_the_encodings_and_separators_people_send(data):
    sheet = read_sheet(data, COLUMNS)
    assert _values(sheet) == EXPECTED
    assert sheet.headers == {"Driver ID": "Driver ID", "Depot": "Depot", "Check-in": "Check-in"}
    assert sheet.rows[0].values["Notes"] is None  # an optional column the file lacks


def test_windows_1252_is_not_mistaken_for_utf_8():
    data = "Driver ID,Depot,Check-in\nDRV-1,Peñón,08:00\n".encode("cp1252")
    assert b"\xf1" in data  # ñ as one byte: not valid UTF-8
    assert read_sheet(data, COLUMNS).rows[0].values["Depot"] == "Peñón"


def test_headers_match_without_case_accents_or_extra_spaces_and_extra_columns_are_ignored():
    data = "  DRIVER   id ,Extra, depót ,ENTRADA\nDRV-1,x,Peñón,08:00\n".encode("utf-8")
    sheet = read_sheet(data, COLUMNS)
    assert sheet.headers == {"Driver ID": "DRIVER   id", "Depot": "depót", "Check-in": "ENTRADA"}
    assert sheet.rows[0].values == {"Driver ID": "DRV-1", "Depot": "Peñón", "Check-in": "08:00", "Notes": None}
    assert header_key("Check-in") == header_key("check in") == header_key("CHECK_IN") == "checkin"
    assert header_key("Dirección") == header_key("DIRECCION")


def test_row_numbers_are_excels_blank_rows_skipped_and_quoted_line_breaks_kept():
    data = 'Driver ID,Depot,Check-in\n\nDRV-1,"Peñón\nnorte",08:00\n,,\nDRV-2,Tláhuac,09:00\n'.encode("utf-8")
    sheet = read_sheet(data, COLUMNS)
    assert [(r.number, r.values["Depot"]) for r in sheet.rows] == [(3, "Peñón\nnorte"), (5, "Tláhuac")]


def test_a_missing_column_is_one_clear_problem_naming_it():
    with pytest.raises(SheetError) as raised:
        read_sheet(b"Driver ID,Deposito\nDRV-1,x\n", COLUMNS)
    problems = raised.value.problems
    assert [(p.row, p.column, p.key) for p in problems] == [(1, "Depot", "import.missing_column"),
                                                            (1, "Check-in", "import.missing_column")]
    assert problems[0].text("es") == ("Falta la columna «Depot» en la fila de encabezados "
                                      "(se leyeron: Driver ID, Deposito).")
    assert "Depot" in str(raised.value)  # the exception's own message (logs, command line)


def test_a_column_given_twice_is_a_problem():
    with pytest.raises(SheetError) as raised:
        read_sheet(b"Driver ID,Depot,Check-in,Entrada\nDRV-1,x,08:00,08:00\n", COLUMNS)
    assert [(p.row, p.column, p.key) for p in raised.value.problems] == [(1, "Entrada", "import.duplicate_column")]


@pytest.mark.parametrize("data, filename, key", [
    (b"", "a.csv", "import.empty_file"),
    (b" \r\n\r\n", "a.csv", "import.empty_file"),
    (b"Driver ID,Depot,Check-in\r\n,,\r\n", "a.csv", "import.no_rows"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "viajes.xls", "import.xls_unsupported"),
    (b"PK\x03\x04 not really a workbook", "viajes.xlsx", "import.unreadable_file"),
    ("Driver ID,Depot,Check-in\nDRV-1,x,08:00\n".encode("utf-8") + b"\x81\x8d", "a.csv", "import.encoding"),
])
def test_a_file_that_cannot_be_read_is_one_problem_not_a_traceback(data, filename, key):
    with pytest.raises(SheetError) as raised:
        read_sheet(data, COLUMNS, filename=filename)
    (problem,) = raised.value.problems
    assert (problem.row, problem.key) == (0, key) and key in CATALOG
    assert problem.text("es") and problem.text("en")


def test_too_many_rows_is_refused():
    data = ("Driver ID,Depot,Check-in\n" + "DRV-1,x,08:00\n" * 11).encode()
    assert len(read_sheet(data, COLUMNS, max_rows=11).rows) == 11
    with pytest.raises(SheetError) as raised:
        read_sheet(data, COLUMNS, max_rows=10)
    assert raised.value.problems[0].text("en") == "The file has more than 10 rows: split it into several files."


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_excel_workbook_gives_typed_cells_and_excels_row_numbers():
    data = _xlsx([["Driver ID", "Depot", "Check-in", "Notes"],
                  ["DRV-1", "Peñón", time(8, 0), datetime(2026, 2, 9)],
                  [None, None, None, None],
                  [12345, "Tláhuac", 0.375, "=1+1 is text here"]])
    sheet = read_sheet(data, COLUMNS, filename="hoja.xlsx")
    assert [(r.number, r.values["Driver ID"], r.values["Check-in"]) for r in sheet.rows] == [
        (2, "DRV-1", time(8, 0)), (4, 12345, 0.375)]
    assert sheet.rows[0].values["Notes"] == datetime(2026, 2, 9)
    assert fields.time_of_day(sheet.rows[1].values["Check-in"]) == time(9, 0)


def test_an_excel_workbook_whose_header_is_not_on_row_1():
    data = _xlsx([[None], ["Semana del 9 de febrero"], ["Driver ID", "Depot", "Check-in"], ["DRV-1", "x", "8:00"]])
    sheet = read_sheet(data, COLUMNS, filename="hoja.xlsx")
    assert sheet.header_row == 3 and [(r.number, r.values["Check-in"]) for r in sheet.rows] == [(4, "8:00")]


def test_cached_field_parses_each_distinct_value_once_and_returns_refusals():
    calls = []

    def parse(value, field):
        calls.append(value)
        return fields.date_mx(value, field)

    cached = cached_field(parse, "Fecha")
    assert [cached("09/02/2026"), cached("09/02/2026")] == [date(2026, 2, 9)] * 2
    refused = cached("31/02/2026")
    assert isinstance(refused, InvalidInput) and refused.key == "field.date_impossible"
    assert cached("31/02/2026") is refused and calls == ["09/02/2026", "31/02/2026"]


def test_the_problems_list_opens_in_excel_with_accents_and_formulas_made_text():
    report = ImportReport(kind="checkins", filename="a.csv", problems=[
        RowProblem(5, "Depot", "Peñón", "import.unknown_driver", {"field": "Depot", "code": "Peñón"}),
        RowProblem(6, "Cost", "=HYPERLINK(\"http://x\")", "field.amount_format", {"field": "Cost"}),
        RowProblem(7, "Cost", "-50", "field.amount_negative", {"field": "Cost"}),
        RowProblem(8, "@Col", "+52 55", "field.required", {"field": "@Col"}),
        RowProblem(0, "", "", "import.empty_file", {}),
    ])
    data = report.problems_csv("es")
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Fila", "Columna", "Valor", "Motivo"]
    assert rows[1] == ["5", "Depot", "Peñón", "Depot: no hay ningún conductor con el ID «Peñón»."]
    assert rows[2][2] == "'=HYPERLINK(\"http://x\")" and rows[3][2] == "'-50"
    assert rows[4][1:3] == ["'@Col", "'+52 55"] and rows[4][3].startswith("'@Col: ")
    assert rows[5][0] == "" and rows[5][3] == "El archivo está vacío: no tiene encabezados ni filas."
    assert list(csv.reader(io.StringIO(report.problems_csv("en").decode("utf-8-sig"))))[0] == [
        "Row", "Column", "Value", "Reason"]
    assert not report.ok and report.summary("es").startswith("No se importó nada: 5 problemas")


def test_a_report_counts_and_warnings():
    report = ImportReport(kind="didi_trips", filename="a.csv", read=10, written=6, skipped_identical=3,
                          skipped_repeated=1, warnings=[RowWarning(4, "Trip ID", "T-1", "import.trip_outside_shift",
                                                                   {"field": "Trip ID", "code": "T-1",
                                                                    "start": "09/02/2026 10:00"})])
    assert report.ok and report.skipped == 4
    assert report.summary("en") == "Rows read: 10; imported: 6; already there: 4; warnings: 1."
    assert "T-1" in report.warnings_csv("es").decode("utf-8-sig")
    assert RowWarning(1, "a", "b", "k") != RowProblem(1, "a", "b", "k")


def test_every_import_message_has_both_languages_and_each_audit_action_a_name():
    keys = [k for k in CATALOG if k.startswith("import.")]
    assert len(keys) >= 20 and all(CATALOGS[lang].get(k) for k in keys for lang in CATALOGS)
    for action in ("payroll.trips_imported", "payroll.checkins_imported", "payroll.import_refused"):
        assert f"audit.action.{action}" in CATALOG
