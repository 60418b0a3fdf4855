"""`python -m lafa_core.ingest KIND FILE [--dry-run] --as USER` on both engines: 0 when written, 2 with
the problems listed and nothing written, --dry-run writes nothing either way; never a traceback."""
import pytest

from lafa_core.ingest import template_workbook
from tests import factories
from tests.cli_support import run_cli
from tests.ingest_support import build_book, filled, fingerprint, payments

GOOD = [["SPEI-0001", "LTO-0000001", "12/01/2026", "09:30", "3,500.00", "SPEI"]]


@pytest.fixture
def book(engine, tmp_path):
    build_book(engine)
    for role in ("finance", "admin"):
        factories.signed_in(engine, role)
    return engine


def _run(engine, tmp_path, rows, *args):
    sheet = tmp_path / "pagos.xlsx"
    sheet.write_bytes(filled(template_workbook("payments"), rows))
    result = run_cli("lafa_core.ingest", "payments", sheet, *args,
                     env={"LAFA_DATABASE_URL": engine.url.render_as_string(hide_password=False),
                          "LAFA_MODELS_DIR": str(tmp_path / "models")})
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_a_good_sheet_is_written_and_exits_0(book, tmp_path):
    result = _run(book, tmp_path, GOOD, "--as", "finance")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Importación terminada: 1 filas leídas; 1 creadas")
    assert [p.reference for p in payments(book)] == ["SPEI-0001"]


def test_a_bad_row_prints_row_column_and_why_exits_2_and_writes_nothing(book, tmp_path):
    before = fingerprint(book)
    rows = GOOD + [["SPEI-0002", "LTO-0000404", "31/02/2026", "", "-5", "Cheque"]]
    result = _run(book, tmp_path, rows, "--as", "finance")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[:4] == [
        "row 3, Número de contrato: Número de contrato: no hay ningún contrato con el número «LTO-0000404». "
        "[LTO-0000404]",
        "row 3, Fecha de pago: Fecha de pago: la fecha 31/02/2026 no existe en el calendario. [31/02/2026]",
        "row 3, Monto: Monto: el monto no puede ser negativo. [-5]",
        "row 3, Método: Método: no es un valor de la lista; usa uno de: SPEI, Efectivo OXXO, Tarjeta, Descuento de "
        "nómina. [Cheque]"]
    assert lines[-1].startswith("No se importó nada: 4 problemas; filas afectadas: 1.")
    assert fingerprint(book) == before


def test_a_dry_run_writes_nothing_even_when_every_row_is_good(book, tmp_path):
    before = fingerprint(book)
    result = _run(book, tmp_path, GOOD, "--dry-run", "--as", "finance", "--lang", "en")
    assert result.returncode == 0 and result.stdout.startswith("Check passed: 1 rows read; 1 would be created")
    assert fingerprint(book) == before


@pytest.mark.parametrize("args, expected", [
    ((), "name who does it with --as USER"),
    (("--as", "nadie"), "--as nadie"),
    (("--as", "admin"), "--as admin"),  # the administrator never imports money
])
def test_who_imports_is_named_and_allowed_or_nothing_happens(book, tmp_path, args, expected):
    before = fingerprint(book)
    result = _run(book, tmp_path, GOOD, *args)
    assert result.returncode == 2 and expected in result.stderr and len(result.stderr.splitlines()) == 1
    assert fingerprint(book) == before
