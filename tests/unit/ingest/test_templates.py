"""The templates finance downloads: headers in the user's language, one example row that imports
cleanly (every cell passes lafa_core.fields), Excel's own checks on each column, and a sheet that
explains every column. Pure: no database."""
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from lafa_core.imports.sheet import read_sheet
from lafa_core.ingest import KINDS, template_workbook
from lafa_core.ingest.kinds import FIELDS, columns, field_of
from lafa_core.ingest.service import sheet_names
from lafa_core.ledger import allocate_payment, lease_schedule


def _book(kind, lang="es"):
    return load_workbook(io.BytesIO(template_workbook(kind, lang)))


@pytest.mark.parametrize("kind", KINDS)
def test_the_example_row_passes_every_field_check(kind):
    sheet = read_sheet(template_workbook(kind), columns(kind), filename="t.xlsx", sheet_names=sheet_names(kind))
    [(number, cells)] = sheet.rows
    assert number == 2
    fields = field_of(kind)
    for name, value in cells.items():
        if value is not None:
            result = fields[name].read(value, name)  # raises InvalidInput when the example is wrong
            assert result is not None


def test_headers_data_validation_and_formats_of_the_payments_template():
    book = _book("payments")
    assert book.sheetnames == ["Pagos", "Instrucciones"]
    sheet = book["Pagos"]
    assert [c.value for c in sheet[1]] == ["Referencia", "Número de contrato", "Fecha de pago", "Hora de pago", "Monto",
                                           "Método"]
    assert [c.value for c in sheet[2]] == ["SPEI-2026011900123", "LTO-0000101", datetime(2026, 1, 19), None, 3500,
                                           "SPEI"]
    assert sheet["C2"].number_format == "dd/mm/yyyy" and sheet["E2"].number_format == '"$"#,##0.00'
    checks = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert checks["F2"].type == "list"
    assert checks["F2"].formula1 == '"SPEI,Efectivo OXXO,Tarjeta,Descuento de nómina"'
    assert (checks["C2"].type, checks["C2"].formula1, checks["C2"].formula2) == ("date", "DATE(1900,1,1)",
                                                                                 "DATE(2100,12,31)")
    assert checks["D2"].type == "time" and checks["D2"].allow_blank and not checks["C2"].allow_blank
    assert checks["E2"].type == "decimal" and str(checks["E2"].sqref) == "E2:E5000"
    assert sheet.freeze_panes == "A2"


def test_the_contracts_template_checks_whole_weeks_and_lists_its_statuses():
    checks = {str(v.sqref).split(":")[0]: v for v in _book("contracts")["Contratos"].data_validations.dataValidation}
    assert (checks["F2"].type, checks["F2"].formula1, checks["F2"].formula2) == ("whole", "1", "520")
    assert checks["J2"].formula1 == '"Vigente,Concluido,Rescindido,En incumplimiento"'


def test_the_instructions_explain_every_column_in_spanish_and_in_english():
    rows = [[c.value for c in row] for row in _book("drivers")["Instrucciones"].iter_rows(min_row=3)]
    assert rows[0] == ["Columna", "Qué es", "Formato", "Obligatoria", "Ejemplo"]
    assert [r[0] for r in rows[1:]] == [c.name for c in columns("drivers")]
    curp = rows[1]
    assert curp[3] == "Sí" and curp[4] == "PEOG900101MDFXRD00" and "dígito verificador" in curp[1]
    birth = rows[5]
    assert birth[:4] == ["Fecha de nacimiento", "Si se deja vacía, se toma de la CURP.", "Fecha dd/mm/aaaa", "No"]
    english = _book("drivers", "en")
    assert english.sheetnames == ["Drivers", "Instructions"]
    assert [c.value for c in english["Drivers"][1]][:3] == ["CURP", "Full name", "RFC"]
    texts = [c.value for row in english["Instructions"].iter_rows() for c in row if isinstance(c.value, str)]
    assert not any("None" in text or "ingest." in text for text in texts)


@pytest.mark.parametrize("kind", KINDS)
def test_an_english_template_is_read_like_a_spanish_one(kind):
    sheet = read_sheet(template_workbook(kind, "en"), columns(kind), filename="t.xlsx", sheet_names=sheet_names(kind))
    assert len(sheet.rows) == 1 and set(sheet.headers) == {f.name for f in columns(kind)} and not sheet.ignored
    assert len(FIELDS[kind]) == len(sheet.rows[0].values)


def test_a_payment_settles_the_oldest_weeks_first_and_says_what_is_left():
    assert allocate_payment([350_000, 350_000, 350_000], 500_000) == ([350_000, 150_000, 0], 0)
    assert allocate_payment([100_000, 350_000], 500_000) == ([100_000, 350_000], 50_000)
    assert allocate_payment([], 1_000) == ([], 1_000)


def test_a_lease_schedule_starts_a_week_after_the_start():
    schedule = lease_schedule(datetime(2026, 1, 5).date(), 208, 350_000)
    assert len(schedule) == 208 and schedule[0] == (1, datetime(2026, 1, 12).date(), 350_000)
    assert schedule[-1][1] == datetime(2029, 12, 31).date()  # 208 weeks on: the last Monday of 2029
