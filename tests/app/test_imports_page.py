"""The import page under AppTest (tests/ingest_support.py's company): finance checks a payments sheet,
sees each problem by row and column with its download, imports a good one on confirmation; the
admin imports drivers and vehicles only; roles without the page are refused; English is complete."""
from datetime import date
from pathlib import Path

import pytest

from lafa_core.ingest import template_workbook
from tests.factories import page_as
from tests.ingest_support import build_book, filled, fingerprint, installments, payments

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "imports.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GOOD = ["SPEI-0001", "LTO-0000001", "12/01/2026", "09:30", "3,500.00", "SPEI"]


@pytest.fixture
def book(sqlite_engine, use_database, tmp_path, monkeypatch):
    build_book(sqlite_engine)
    use_database(sqlite_engine)
    monkeypatch.setenv("LAFA_MODELS_DIR", str(tmp_path / "models"))
    return sqlite_engine


def _open(engine, role, **state):
    page = page_as(PAGE, engine, role, **state).run()
    assert not page.exception, page.exception
    return page


def _upload(page, rows, name="pagos.xlsx"):
    page.radio(key="ingest_kind").set_value("payments").run()
    data = filled(template_workbook("payments"), rows)
    page.file_uploader(key="ingest_upload_payments").set_value((name, data, XLSX)).run()
    assert not page.exception, page.exception
    return page


def _downloads(page) -> list[str]:
    return [d.proto.label for d in page.get("download_button")]


def test_finance_sees_each_problem_by_row_and_column_and_nothing_is_written(book):
    page = _open(book, "finance")
    assert page.title[0].value == "Importar datos"
    assert page.radio(key="ingest_kind").options == ["Conductores", "Vehículos", "Contratos", "Pagos"]
    before = fingerprint(book)
    _upload(page, [GOOD, ["SPEI-0002", "LTO-0000404", "31/02/2026", "", "$-5", "Cheque"]])
    assert page.error[0].value == ("No se importó nada: 4 problemas; filas afectadas: 1. Corrígelos y vuelve a subir el "
                                   "archivo.")
    problems = page.dataframe[0].value
    assert list(problems.columns) == ["Fila", "Columna", "Valor", "Motivo"]
    assert problems.iloc[0].tolist() == [3, "Número de contrato", "LTO-0000404",
                                         "Número de contrato: no hay ningún contrato con el número «LTO-0000404»."]
    assert problems["Columna"].tolist() == ["Número de contrato", "Fecha de pago", "Monto", "Método"]
    assert "Descargar problemas (Excel)" in _downloads(page)
    assert not [b for b in page.button if b.key == "ingest_confirm"]
    assert "None" not in " ".join(str(v) for v in problems.to_numpy().ravel())
    assert fingerprint(book) == before


def test_finance_checks_then_confirms_and_the_payment_settles_the_first_week(book):
    page = _upload(_open(book, "finance"), [GOOD])
    assert page.info[0].value.startswith("Revisión correcta: 1 filas leídas; se crearían 1")
    assert payments(book) == []  # the check writes nothing
    page.button(key="ingest_confirm").click().run()
    assert not page.exception, page.exception
    assert page.success[0].value.startswith("Importación terminada: 1 filas leídas; 1 creadas")
    assert [p.reference for p in payments(book)] == ["SPEI-0001"]
    assert installments(book)[0].paid_on == date(2026, 1, 12)


def test_the_admin_imports_drivers_and_vehicles_only_and_english_is_complete(book):
    page = _open(book, "admin")
    assert page.radio(key="ingest_kind").options == ["Conductores", "Vehículos"]
    assert page.caption[1].value == "Contratos y pagos los importa Finanzas."
    assert "Plantilla de Conductores (Excel)" in _downloads(page)
    assert not [label for label in _downloads(page) if label.startswith("Datos actuales de Conductores")]
    page = _open(book, "admin", lang="en")
    assert page.title[0].value == "Import data"
    assert page.radio(key="ingest_kind").options == ["Drivers", "Vehicles"]
    page.radio(key="ingest_kind").set_value("vehicles").run()
    assert set(_downloads(page)) == {"Vehicles template (Excel)", "Current Vehicles data (Excel)"}


@pytest.mark.parametrize("role", ["collections_agent", "credit_analyst", "executive", "hr_payroll"])
def test_roles_without_the_page_are_refused(book, role):
    page = page_as(PAGE, book, role).run()
    assert not page.exception
    assert "no puede abrir" in page.error[0].value or page.error[0].value.startswith("Tu rol")
    assert not page.get("file_uploader")
