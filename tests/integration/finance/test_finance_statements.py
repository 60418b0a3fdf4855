"""LTO statements, lease documents and the loan book on the tiny company (tests/factories.py), on
both engines: the figures computed by hand, the PDFs holding them, the workbooks reading back equal."""
from datetime import date
from io import BytesIO
import zipfile

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from lafa_core.credit.pricing import LEASE_ANNUAL_RATE
from lafa_core.finance import documents, workbooks
from lafa_core.finance.service import LeaseNotFound, loan_book, statement
from lafa_core.users.roles import PermissionDenied
from tests.excel_support import recalculated
from tests.factories import build_tiny_company, local, uow

AT = local(date(2026, 1, 12), 9)  # the data's as-of day is Sunday 2026-01-11 (newest telemetry)


@pytest.fixture
def company(engine):
    build_tiny_company(engine)
    return engine


def finance(engine):
    return uow(engine, "finanzas", at=AT, role="finance")


def annuity(weeks: int) -> float:
    r = LEASE_ANNUAL_RATE / 52
    return (1 - (1 + r) ** -weeks) / r


def test_a_lessee_five_weeks_behind(company):
    # LTO-3: 2,500 a week from 2025-11-24, only the first installment (due 12-01) paid.
    s = statement(finance(company), 3)
    assert s.as_of == date(2026, 1, 11)
    assert (s.contract_total_centavos, s.paid_centavos, s.outstanding_centavos) == (208 * 250_000, 250_000,
                                                                                    207 * 250_000)
    assert s.overdue_centavos == 5 * 250_000  # due 12-08, 12-15, 12-22, 12-29, 01-05
    assert s.days_past_due == 34 and s.bucket == "31-60"
    assert (s.next_due_on, s.next_due_centavos, s.weeks_remaining) == (date(2026, 1, 12), 250_000, 207)
    assert s.equity_centavos == round(250_000 * annuity(208)) - round(250_000 * annuity(207))


def test_the_loan_book_lists_the_active_leases_and_refuses_other_roles(company):
    as_of, book = loan_book(finance(company))
    assert as_of == date(2026, 1, 11) and [s.lease.code for s in book] == ["LTO-2", "LTO-3"]
    on_time = book[0]
    assert on_time.paid_centavos == 5 * 300_000 and on_time.days_past_due == 0 and on_time.overdue_centavos == 0
    with pytest.raises(PermissionDenied):
        loan_book(uow(company, "ejecutiva", at=AT, role="executive"))
    with pytest.raises(LeaseNotFound):
        statement(finance(company), 1)  # the DaE employment contract


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_the_documents_state_the_figures_in_spanish(company):
    s = statement(finance(company), 3)
    text = _pdf_text(documents.statement_pdf(s))
    for expected in ("LTO-3", "Conductor 3", "11/01/2026", "$517,500.00", "$12,500.00", "34", "31-60",
                     "$2,500.00 el 12/01/2026", "207"):
        assert expected in text, expected
    assert len(PdfReader(BytesIO(documents.statement_pdf(s))).pages) == 1
    note = " ".join(_pdf_text(documents.promissory_note_pdf(s)).split())
    assert "$520,000.00 (quinientos veinte mil pesos 00/100 M.N.)" in note
    assert "208 pagos semanales consecutivos de $2,500.00 (dos mil quinientos pesos 00/100 M.N.)" in note
    assert "01/12/2025" in note and "PAGARÉ" in note
    summary = " ".join(_pdf_text(documents.lease_summary_pdf(s)).split())
    assert "Conductor 3" in summary and "VIN00000000000003" in summary and "AAA-03-00" in summary
    archive = zipfile.ZipFile(BytesIO(documents.statements_zip(loan_book(finance(company))[1])))
    assert archive.namelist() == ["estado-de-cuenta-LTO-2.pdf", "estado-de-cuenta-LTO-3.pdf"]


def test_the_workbooks_read_back_equal_with_formulas_and_print_setup(company):
    as_of, book = loan_book(finance(company))
    data = workbooks.loan_book_workbook(book, "es", as_of=as_of, generated_at=AT, generated_by="Finanzas")
    sheet = load_workbook(BytesIO(data))["Cartera"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, max_row=3, values_only=True)}
    assert rows["LTO-3"]["Saldo"] == 517_500 and rows["LTO-3"]["Días de atraso"] == 34
    assert rows["LTO-3"]["Tramo de atraso"] == "31-60 días" and rows["LTO-2"]["Pagado"] == 15_000
    assert rows["LTO-3"]["Próximo vencimiento"].date() == date(2026, 1, 12)
    assert sheet.cell(row=4, column=header.index("Saldo") + 1).value == "=SUM(H2:H3)"
    totals = recalculated(data)["Cartera"]  # recalculated: the totals the page states
    assert totals["H4"] == pytest.approx(sum(s.outstanding_centavos for s in book) / 100, abs=0.001)
    assert totals["G4"] == pytest.approx(sum(s.paid_centavos for s in book) / 100, abs=0.001)
    assert sheet.freeze_panes == "A2" and sheet.page_setup.orientation == "landscape"
    statement_book = load_workbook(BytesIO(workbooks.statement_workbook(book[1], "en", generated_at=AT,
                                                                        generated_by="Finance")))
    schedule = statement_book["Schedule"]
    assert schedule.max_row == 208 + 2 and schedule["C210"].value == "=SUM(C2:C209)"
    assert sum(row[3] for row in schedule.iter_rows(min_row=2, max_row=209, values_only=True)) == 2_500


def test_the_pdfs_render_to_a_page_with_ink(company, tmp_path):
    """Poppler's pdftoppm (what many viewers build on) rasterizes each document: one page each, with
    text drawn on it. Without pdftoppm the test skips, except under CI=true, where it fails."""
    import os
    import shutil
    import subprocess

    from PIL import Image

    if shutil.which("pdftoppm") is None:
        assert os.environ.get("CI") != "true", "pdftoppm is missing: .ci/run installs poppler-utils"
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    s = statement(finance(company), 3)
    for name, data in (("statement", documents.statement_pdf(s)), ("note", documents.promissory_note_pdf(s)),
                       ("summary", documents.lease_summary_pdf(s))):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
                       check=True, capture_output=True, timeout=60)
        pages = sorted(tmp_path.glob(f"{name}-*.png"))
        assert len(pages) == len(PdfReader(BytesIO(data)).pages) >= 1, name
        image = Image.open(pages[0]).convert("L")
        dark = sum(image.histogram()[:128])
        assert dark > 0.005 * image.width * image.height, f"{name}: the page rendered blank"
