"""Files people really upload, on both engines: each is refused with a sentence saying what to do,
or read correctly — never a traceback, never part of it written. A fuzzed payments or contracts
sheet with any malformed row leaves every table exactly as it was."""
import csv
import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import Workbook

from lafa_core.ingest import import_sheet, template_workbook
from lafa_core.ingest.kinds import FIELDS, header
from tests.ingest_support import VIN1, build_book, filled, finance, fingerprint, installments, payments

HEADER = ",".join(header("payments", f.name, "es") for f in FIELDS["payments"])


@pytest.fixture
def book(engine):
    build_book(engine)
    return engine


def _import(engine, data: bytes, filename: str = "pagos.csv", kind: str = "payments"):
    return import_sheet(finance(engine), kind, data, filename=filename)


def _xlsx(rows: list[list], merge: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


REFUSED = [
    ("a PDF renamed .csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>stream\x00\x01\x02\x03\x9c", "pagos.csv",
     "El archivo no es una hoja de cálculo: súbelo como Excel (.xlsx) o CSV."),
    ("a program renamed .csv", bytes(range(256)) * 8, "pagos.csv",
     "El archivo no es una hoja de cálculo: súbelo como Excel (.xlsx) o CSV."),
    ("an empty file", b"", "pagos.csv", "El archivo está vacío: no tiene encabezados ni filas."),
    ("headers only", (HEADER + "\r\n").encode(), "pagos.csv",
     "El archivo sólo tiene encabezados: no hay filas que importar."),
    ("Excel 97-2003", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "pagos.xls",
     "El formato .xls (Excel 97-2003) no se admite: guárdalo como .xlsx o CSV."),
    ("a broken .xlsx", b"PK\x03\x04 not really a zip", "pagos.xlsx",
     "No se pudo leer el archivo: guárdalo como Excel (.xlsx) o CSV y vuelve a subirlo."),
    ("the vehicles template as payments", template_workbook("vehicles"), "pagos.xlsx",
     "Falta la columna «Referencia» en la fila de encabezados (se leyeron: VIN, Marca, Modelo, Placa, Batería "
     "(kWh), Estado, Depósito, Fecha de alta, Costo de adquisición, Odómetro inicial (km), Fecha de baja)."),
    ("merged header cells", _xlsx([["Referencia", "Número de contrato", "", "Hora de pago", "Monto", "Método"],
                                   ["S1", "LTO-0000001", "12/01/2026", "", "100", "SPEI"]], merge="B1:C1"),
     "pagos.xlsx", "Falta la columna «Fecha de pago» en la fila de encabezados (se leyeron: Referencia, Número de "
                   "contrato, Hora de pago, Monto, Método)."),
]


@pytest.mark.parametrize("what, data, filename, message", REFUSED, ids=[case[0] for case in REFUSED])
def test_a_file_that_is_not_the_sheet_is_refused_with_what_to_do(book, what, data, filename, message):
    before = fingerprint(book)
    report = _import(book, data, filename)
    assert [p.text("es") for p in report.problems][:1] == [message]
    assert report.summary("es").startswith(f"No se importó nada: {message}")
    assert fingerprint(book) == before


def test_windows_1252_trailing_spaces_numbers_as_text_and_extra_columns_are_read(book):
    text = (f"{HEADER},Observación\r\n"
            "  SPEI-0001  ,lto-0000001 , 12/01/2026 ,09:30,\" $3,500.00 \",spei,Pagó en ventanilla\r\n"
            "OXXO-0002,LTO-0000001,2026-01-19,,3500,EFECTIVO OXXO,Depósito en efectivo\r\n")
    report = _import(book, text.encode("cp1252"))
    assert report.ok and report.created == 2, [p.text() for p in report.problems]
    assert [(w.row, w.text("es")) for w in report.warnings] == [
        (1, "Observación: columna que no es de la plantilla; no se lee.")]
    assert [(p.reference, p.amount_centavos, p.method) for p in payments(book)] == [
        ("SPEI-0001", 350_000, "spei"), ("OXXO-0002", 350_000, "cash_oxxo")]
    assert [i.paid_on for i in installments(book)[:2]] == [date(2026, 1, 12), date(2026, 1, 19)]


def test_a_formula_is_refused_with_how_to_paste_its_value(book):
    text = f"{HEADER}\r\nSPEI-0001,LTO-0000001,12/01/2026,,=B2*2,SPEI\r\n"
    before = fingerprint(book)
    report = _import(book, text.encode())
    assert [(p.row, p.column, p.text("es")) for p in report.problems] == [
        (2, "Monto", "Monto: la celda tiene una fórmula; pega el valor (Pegado especial → Valores).")]
    assert fingerprint(book) == before


def test_a_workbook_with_the_instructions_first_still_reads_the_data_sheet(book):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(filled(template_workbook("payments"),
                                               [["SPEI-0001", "LTO-0000001", "12/01/2026", None, 3500, "SPEI"]])))
    workbook.move_sheet(workbook.worksheets[1], offset=-1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = _import(book, buffer.getvalue(), "pagos.xlsx")
    assert report.ok and report.created == 1


def test_a_repeated_row_is_skipped_and_a_key_given_twice_with_other_values_is_refused(book):
    rows = [["SPEI-0001", "LTO-0000001", "12/01/2026", None, 3500, "SPEI"],
            ["SPEI-0001", "LTO-0000001", "12/01/2026", None, 3500, "SPEI"],
            ["SPEI-0001", "LTO-0000001", "12/01/2026", None, 3000, "SPEI"]]
    report = _import(book, filled(template_workbook("payments"), rows), "pagos.xlsx")
    assert [(p.row, p.text("es")) for p in report.problems] == [
        (4, "Referencia: ya aparece con otros datos en la fila 2.")]
    assert _import(book, filled(template_workbook("payments"), rows[:2]), "pagos.xlsx").skipped_repeated == 1


# --- fuzzing: any malformed row, nothing written ------------------------------------------------
GOOD_PAYMENT = ["SPEI-{n}", "LTO-0000001", "12/01/2026", "10:00", "100.00", "SPEI"]
GOOD_CONTRACT = ["LTO-9{n:06d}", "DRV-000001", VIN1, "LTO", "12/01/2026", "208", "3500", "0", "0", "Concluido",
                 "19/01/2026", ""]
JUNK = st.one_of(st.just(""), st.just("   "), st.text(max_size=12), st.sampled_from([
    "=SUM(A1:A3)", "-5", "0", "1e400", "31/02/2026", "13/13/2026", "2099-01-01", "$1,2,3", "12.345", "N/A", "Sí",
    "\x00", "LTO-9999999", "DAE-0000002", "99:99", "ñ" * 50, "1" * 45]))


def _rows(kind: str, good: list, junk: list[tuple[int, int, str]], count: int) -> list[list]:
    rows = [[cell.format(n=n) for cell in good] for n in range(count)]
    for row, column, value in junk:
        rows[row % count][column % len(good)] = value
    return rows


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(kind=st.sampled_from(["payments", "contracts"]), count=st.integers(1, 6),
       junk=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 11), JUNK), min_size=1, max_size=4))
def test_fuzzed_rows_never_write_anything_unless_every_row_is_good(book, kind, count, junk):
    good = GOOD_PAYMENT if kind == "payments" else GOOD_CONTRACT
    rows = _rows(kind, good, junk, count)
    header_row = ",".join(header(kind, f.name, "es") for f in FIELDS[kind])
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header_row.split(","), *rows])
    before = fingerprint(book)
    report = import_sheet(finance(book), kind, buffer.getvalue().encode(), filename="fuzz.csv", dry_run=False)
    if report.problems:
        assert fingerprint(book) == before
        assert report.written == 0 and all(p.text("es") and p.text("en") for p in report.problems)
    else:  # the junk happened to be valid (a blank optional cell, a value of the list…): all of it counted
        assert report.created + report.updated + report.skipped_identical + report.skipped_repeated == len(rows)
