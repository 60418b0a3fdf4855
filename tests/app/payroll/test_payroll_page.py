"""The payroll page under AppTest on the week of tests/payroll_support.py: the figures shown are
the ones paid by hand; HR closes and reopens; finance downloads but cannot close; others refused."""
import json
from datetime import timedelta
from pathlib import Path

import pytest

from tests.factories import page_as
from tests.payroll_support import MONDAY, build_payroll_week

PAGE = str(Path(__file__).resolve().parents[3] / "pages" / "payroll.py")


@pytest.fixture
def week(sqlite_engine, use_database):
    build_payroll_week(sqlite_engine)
    use_database(sqlite_engine)
    return sqlite_engine


def _open(engine, role, **state):
    page = page_as(PAGE, engine, role, **({"payroll_monday": MONDAY} | state)).run()
    assert not page.exception, page.exception
    return page


def _metrics(page) -> dict[str, str]:
    return {m.label: m.value for m in page.metric}


def test_hr_sees_the_week_paid_as_computed_and_closes_then_reopens_it(week):
    page = page_as(PAGE, week, "hr_payroll").run()
    assert page.title[0].value == "Nómina semanal DaE"
    # The newest week already over comes first (the one with the Sunday-20:00 trip), then ours.
    assert page.selectbox(key="payroll_week_es").value == MONDAY + timedelta(days=7)
    page.selectbox(key="payroll_week_es").set_value(MONDAY).run()
    assert _metrics(page) == {"Conductores": "3", "Total a pagar": "$7,905", "Metas cumplidas": "2 de 3",
                              "Complemento a salario mínimo": "$1,205", "Propinas (aparte)": "$310",
                              "Sobre el límite legal de horas": "0"}
    assert next(m for m in page.metric if m.label == "Total a pagar").help == "$7,905.28"
    table = page.dataframe[0].value.set_index("Conductor")
    assert table.loc["DRV-000001", "Total"] == "$3,200.00" and table.loc["DRV-000003", "Complemento"] == "$1,205.28"
    assert table.loc["DRV-000002", "Meta"] == "Sí" and table.loc["DRV-000003", "Meta"] == "No"
    assert json.loads(page.dataframe[0].proto.columns)["Horas"]["type_config"]["format"] == "%.2f"  # 46.00 beside 46.25
    payslip = [m.value for m in page.markdown if m.value.startswith("- ")]
    assert payslip[0] == ("- Meta cumplida: 44 h y $8,800 facturados. Base $2,500 + bono $500 (5 × $100 por cada "
                          "$500 sobre la meta) + 4 h extra × $50 = $3,200; propinas $310")

    page.button(key="payroll_close").click().run()
    assert not page.exception
    assert page.success[0].value == "Semana cerrada: versión 1, 3 conductores, $7,905.28."
    assert "Cerrada (versión 1) por" in page.caption[1].value
    assert not [b for b in page.button if b.key == "payroll_close"]

    page.text_area(key="payroll_reason").set_value("Faltaban viajes del jueves")
    next(b for b in page.button if b.label == "Reabrir").click().run()
    assert not page.exception
    assert page.success[0].value.startswith("Semana reabierta como versión 2")
    assert page.dataframe[1].value["Versión"].tolist() == [2, 1]


def test_a_reopening_without_a_reason_is_refused_and_nothing_changes(week):
    page = _open(week, "hr_payroll")
    page.button(key="payroll_close").click().run()
    next(b for b in page.button if b.label == "Reabrir").click().run()
    assert page.error[0].value == "Motivo de la reapertura: es obligatorio."
    assert page.dataframe[1].value["Versión"].tolist() == [1]


def test_finance_downloads_but_cannot_close_and_english_is_complete(week):
    page = _open(week, "finance")
    assert not [b for b in page.button if b.key == "payroll_close"]
    assert [d for d in page.get("download_button") if d.proto.label == "Descargar nómina (Excel)"]
    page.session_state["lang"] = "en"
    page.run()
    assert page.title[0].value == "DaE weekly payroll"
    assert _metrics(page)["Goals met"] == "2 of 3"
    assert page.selectbox(key="payroll_week_en").value == MONDAY  # the week chosen in Spanish carries over
    assert page.selectbox(key="payroll_week_en").options[1] == "9 Nov 2026 – 15 Nov 2026 · open"
    assert list(page.dataframe[0].value.columns)[:6] == ["Driver", "Name", "Hours", "Billed", "Goal", "Total"]


@pytest.mark.parametrize("role", ["collections_agent", "credit_analyst", "executive"])
def test_roles_without_payroll_are_refused(week, role):
    page = page_as(PAGE, week, role).run()
    assert page.error[0].value.startswith("Tu rol") or "no puede abrir" in page.error[0].value
    assert not page.metric


DIDI_HEADER = "Driver ID,Date,Trip ID,Initial time,Final time,Cost,Tip\n"


def test_hr_imports_a_didi_file_a_bad_one_is_refused_whole_and_a_good_one_shows_in_the_payroll(week):
    page = _open(week, "hr_payroll")
    bad = DIDI_HEADER + 'DRV-000001,10/11/2026,N1,09:00,09:30,"$1,200.00",50\nDRV-999999,10/11/2026,N2,10:00,10:20,100,0\n'
    page.file_uploader(key="payroll_upload_didi_trips").set_value(("viajes.csv", bad.encode(), "text/csv")).run()
    page.button(key="payroll_import_didi_trips").click().run()
    assert not page.exception
    assert page.error[0].value.startswith("No se importó nada: 1 problema en el archivo.")
    problems = page.dataframe[0].value
    assert problems.iloc[0].tolist()[:3] == [3, "Driver ID", "DRV-999999"]
    assert _metrics(page)["Total a pagar"] == "$7,905"  # nothing written

    good = DIDI_HEADER + 'DRV-000001,10/11/2026,N1,09:00,09:30,"$1,200.00",50\n'
    page.file_uploader(key="payroll_upload_didi_trips").set_value(("viajes.csv", good.encode(), "text/csv")).run()
    page.button(key="payroll_import_didi_trips").click().run()
    assert not page.exception
    assert page.success[0].value.startswith("Filas leídas: 1; importadas: 1")
    table = next(d.value for d in page.dataframe if "Conductor" in d.value.columns).set_index("Conductor")
    assert table.loc["DRV-000001", "Facturado"] == "$10,000.00" and table.loc["DRV-000001", "Total"] == "$3,500.00"
