"""The finance page under AppTest on the tiny company: a lease's statement figures, the loan book,
downloads that are audited, and roles without statements refused."""
from pathlib import Path

import pytest
from sqlmodel import Session, select

from lafa_core.tables import AuditLog
from tests.factories import build_tiny_company, page_as

PAGE = str(Path(__file__).resolve().parents[3] / "pages" / "finance.py")


@pytest.fixture
def company(sqlite_engine, use_database):
    build_tiny_company(sqlite_engine)
    use_database(sqlite_engine)
    return sqlite_engine


def test_finance_reads_a_statement_and_the_loan_book(company):
    page = page_as(PAGE, company, "finance").run()
    assert not page.exception, page.exception
    assert page.title[0].value == "Finanzas"
    assert page.caption[0].value.endswith("Cifras al 11 ene 2026.")
    assert page.selectbox(key="finance_contract").options == ["LTO-2 — Conductor 2", "LTO-3 — Conductor 3"]
    page.selectbox(key="finance_contract").set_value("LTO-3").run()
    metrics = {m.label: m.value for m in page.metric}
    assert metrics["Saldo por pagar"] == "$517,500.00"
    assert metrics["Días de atraso"] == "34 · 31-60 días"
    assert metrics["Próximo pago: 12 ene 2026"] == "$2,500.00"
    payments = page.dataframe[0].value
    assert payments["Monto"].tolist() == [2_500.0] and payments["Forma de pago"].tolist() == ["Transferencia SPEI"]
    assert page.caption[1].value == ("Contratos LTO activos: 2 · saldo por pagar $1,126,500 · vencido $12,500 "
                                     "(contratos con atraso: 1)")
    book = page.dataframe[1].value.set_index("Contrato")
    assert book.loc["LTO-2", "Pagado"] == 15_000 and book.loc["LTO-3", "Días de atraso"] == 34
    assert "None" not in book.to_string()


def test_the_batch_of_statements_is_built_with_progress(company):
    page = page_as(PAGE, company, "finance").run()
    page.button(key="finance_batch_build").click().run()
    assert not page.exception, page.exception
    assert page.session_state["finance_zip"][1][:2] == b"PK"


def test_the_page_in_english(company):
    page = page_as(PAGE, company, "finance", lang="en").run()
    assert not page.exception and page.title[0].value == "Finance"
    assert "Figures as of 11 Jan 2026." in page.caption[0].value


@pytest.mark.parametrize("role", ["executive", "collections_agent", "hr_payroll", "admin"])
def test_roles_without_the_page_are_refused(company, role):
    page = page_as(PAGE, company, role).run()
    assert not page.exception and page.error and not page.metric


def test_the_payments_ledger_of_a_period_is_written_and_audited(company):
    from io import BytesIO

    from openpyxl import load_workbook

    page = page_as(PAGE, company, "finance").run()
    # Default period: the as-of month so far (1-11 Jan 2026): the week due on 5 Jan of both leases.
    assert page.caption[-1].value == "2 pagos programados vencen o se pagaron en el periodo."
    page.button(key="finance_ledger_build").click().run()
    assert not page.exception, page.exception
    period, data = page.session_state["finance_ledger"]
    rows = list(load_workbook(BytesIO(data))["Pagos"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3], r[5], r[6]) for r in rows[:2]] == [("LTO-2", 5, 3_000, 3_000), ("LTO-3", 6, 2_500, 0)]
    assert rows[2][0] == "Total" and rows[2][5] == "=SUM(F2:F3)"
    with Session(company) as session:
        record = session.exec(select(AuditLog).where(AuditLog.action == "finance.payments_ledger_exported")).one()
    assert record.actor == "finance"
    assert '"rows": 2' in record.details and '"first": "2026-01-01"' in record.details


def test_the_other_workbooks_are_offered_with_the_closed_payroll_weeks(company):
    page = page_as(PAGE, company, "finance").run()
    assert not page.exception, page.exception
    labels = [b.proto.label for b in page.get("download_button")]
    assert "Paquete de KPIs (Excel), 13 oct 2025 – 11 ene 2026" in labels
    assert "Libro de ROI de la hoja de ruta con cifras medidas, flota de 4 (Excel)" in labels
    # The tiny company bought no insurance: its four vehicles are in the red.
    assert "Renovaciones de seguro (Excel): sin póliza vigente 4, por renovar 0" in labels
    assert "Reporte de cobranza (Excel): cola, contactos, promesas y rodamiento de 8 semanas" in labels
    # The tiny company's payroll has never been closed: nothing to take out yet, and the page says so.
    assert "Recursos Humanos no ha cerrado ninguna semana de nómina DaE reciente." in [i.value for i in page.info]


def test_a_closed_payroll_week_is_offered_to_finance(sqlite_engine, use_database):
    from lafa_core.payroll.service import close_week
    from tests.factories import uow
    from tests.payroll_support import AFTER_CLOSE, MONDAY, build_payroll_week

    build_payroll_week(sqlite_engine)
    close_week(uow(sqlite_engine, "nomina", at=AFTER_CLOSE, role="hr_payroll"), MONDAY)
    use_database(sqlite_engine)
    page = page_as(PAGE, sqlite_engine, "finance").run()
    assert not page.exception, page.exception
    assert page.selectbox(key="finance_payroll_week").value == MONDAY
    labels = [b.proto.label for b in page.get("download_button")]
    assert "Nómina DaE de la semana (Excel)" in labels
