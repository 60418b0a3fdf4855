"""The collections pages under AppTest, with the clock pinned."""
from datetime import timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lafa_core import collections as col
from tests.collections_support import NOW, TODAY, WEEKLY, at, build_book
from tests.collections_support import uow
from tests.factories import page_as

ROOT = Path(__file__).resolve().parents[3]
AGENT_PAGE = str(ROOT / "pages" / "collections.py")
SUPERVISOR_PAGE = str(ROOT / "pages" / "collections_supervisor.py")


@pytest.fixture
def book(sqlite_engine, use_database, monkeypatch, tmp_path):
    monkeypatch.setenv("LAFA_MODELS_DIR", str(tmp_path / "models"))
    build_book(sqlite_engine, [40, 12, 3, -1], opted_out={4})
    use_database(sqlite_engine)
    _page.engine = sqlite_engine
    return sqlite_engine


def _page(path: str, now, role: str = "collections_agent", username: str | None = None) -> AppTest:
    return page_as(path, _page.engine, role, username, collections_now=now).run()


def _column(at_, key_column: str, index: int) -> list:
    frames = [d.value for d in at_.dataframe if key_column in d.value.columns]
    return frames[index][key_column].tolist()


def test_agent_claims_the_top_account_logs_a_promise_and_it_leaves_the_queue_until_then(book):
    at_ = _page(AGENT_PAGE, NOW, username="ana")
    assert not at_.exception
    assert _column(at_, "Contrato", 0)[:3] == ["LTO-0001", "LTO-0002", "LTO-0003"]
    assert "LTO-0004" in _column(at_, "Contrato", 1)  # opted out: blocked, shown with its reason

    at_.button(key="collections_next").click().run()
    assert not at_.exception
    assert at_.subheader[0].value == "Cuenta LTO-0001"
    metrics = {m.label: m.value for m in at_.metric}
    assert metrics["Días de atraso"] == "40" and metrics["Monto vencido"] == "$18,000.00"
    assert "LTO-0001" in at_.code[0].value and "calculado al 10 mar 2026" in at_.code[0].value

    promised = TODAY + timedelta(days=4)
    at_.selectbox(key="collections_outcome.es").set_value("promise_to_pay").run()
    at_.text_input(key="collections_promise_amount").set_value("6,000.00")
    at_.date_input(key="collections_promise_date").set_value(promised)
    next(b for b in at_.button if b.label == "Registrar contacto").click().run()
    assert not at_.exception
    assert at_.success[0].value == "Contacto registrado: Promesa de pago."
    assert "LTO-0001" not in _column(at_, "Contrato", 0)
    blocked = [d.value for d in at_.dataframe if "Motivo" in d.value.columns][0].set_index("Contrato")
    assert blocked.loc["LTO-0001", "Motivo"] == "promesa de pago vigente"

    contacts = col.account_context(uow(book, None, NOW), contract_id=1).contacts
    assert contacts[["outcome", "promise_amount_centavos", "agent"]].values.tolist() == [["promise_to_pay", 2 * WEEKLY, "ana"]]

    still_promised = _page(AGENT_PAGE, at(promised, 12), username="beto")
    assert "LTO-0001" not in _column(still_promised, "Contrato", 0)
    back = _page(AGENT_PAGE, at(promised + timedelta(days=1), 9), username="beto")
    assert not back.exception
    assert _column(back, "Contrato", 0)[0] == "LTO-0001"


def test_outside_contact_hours_the_page_says_when_the_queue_reopens(book):
    at_ = _page(AGENT_PAGE, at(TODAY, 21, 30), username="ana")
    at_.button(key="collections_next").click().run()
    assert not at_.exception
    assert at_.warning[0].value.startswith("Fuera del horario de contacto (08:00–21:00)")
    assert "11 mar 2026 08:00" in at_.warning[0].value


def test_before_sign_in_no_figure_or_table_is_rendered(book):
    for path in (AGENT_PAGE, SUPERVISOR_PAGE):
        at_ = page_as(path, book, None, collections_now=NOW).run()
        assert not at_.exception
        assert at_.title[0].value == "Iniciar sesión"
        assert not at_.dataframe and not at_.metric and not at_.table


def test_an_executive_sees_the_queue_but_cannot_work_it_nor_download_phones(book):
    at_ = _page(AGENT_PAGE, NOW, role="collections_supervisor", username="sofia")  # may work
    assert [b.key for b in at_.button if b.key == "collections_next"]
    denied = _page(AGENT_PAGE, NOW, role="executive")
    assert not denied.exception
    assert denied.error[0].value.startswith("Tu rol (Dirección) no tiene acceso")
    assert not denied.dataframe
    admin = _page(AGENT_PAGE, NOW, role="admin")  # opens every page, but neither works accounts nor sees phones
    assert admin.info[0].value == "Tu rol puede consultar la cola, pero no trabajar cuentas."
    assert not [b for b in admin.button if b.key == "collections_next"]
    assert not admin.get("download_button")


def test_supervisor_sees_the_kpis_and_approves_an_offer(book):
    offer = col.propose_restructuring(uow(book, "ana", NOW), contract_id=2, kind="extend_term", parameter=8)
    at_ = _page(SUPERVISOR_PAGE, NOW, role="collections_supervisor", username="sofia")
    assert not at_.exception
    metrics = {m.label: m.value for m in at_.metric}
    assert metrics["Atraso promedio LTO (días)"] == "18.3"  # (40 + 12 + 3) / 3
    rolls = at_.dataframe[0].value  # readable headers: the week, then each bucket move
    assert list(rolls.columns[:2]) == ["Semana al", "1-7 días → 8-14 días"]
    assert list(at_.dataframe[1].value.columns) == ["Agente", "Contactos", "Días con contactos", "Contactos por día"]
    assert [b.proto.label for b in at_.get("download_button")] == [
        "Reporte de cobranza (cola, contactos, promesas y rodamiento de 8 semanas)"]
    executive = _page(SUPERVISOR_PAGE, NOW, role="executive")  # reads the rates; takes no account list out
    assert executive.metric and not executive.get("download_button")
    at_.button(key=f"collections_approve_{offer}").click().run()
    assert not at_.exception
    assert at_.success[0].value == f"Oferta {offer}: aprobada."
    assert col.pending_offers(uow(book)).empty


def test_pages_explain_an_empty_database(sqlite_engine, use_database):
    use_database(sqlite_engine)
    for page in (AGENT_PAGE, SUPERVISOR_PAGE):
        at_ = page_as(page, sqlite_engine, "collections_supervisor").run()
        assert not at_.exception
        assert at_.info[0].value.startswith("La base de datos está vacía")


def test_agent_proposes_a_restructuring_from_the_account_screen(book):
    at_ = _page(AGENT_PAGE, NOW, username="ana")
    at_.button(key="collections_next").click().run()
    at_.selectbox(key="collections_kind").set_value("reduce_payment")
    at_.number_input(key="collections_parameter").set_value(2000)
    at_.button(key="collections_propose").click().run()
    assert not at_.exception
    assert at_.success[0].value.startswith("Oferta 1 enviada a supervisión")
    offer = col.account_context(uow(book, None, NOW), contract_id=1).offers.iloc[0]
    # Owed: 6 late and 8 coming installments of 3,000 = 42,000 MXN, at 2,000 a week → 21 weeks.
    assert (offer["kind"], offer["parameter"], offer["balance_centavos"]) == ("reduce_payment", 200_000, 4_200_000)
    assert offer["installments"] == 21 and offer["installment_centavos"] == 200_000 and offer["status"] == "pending"


def test_a_promise_with_a_fraction_of_a_centavo_is_refused_with_its_field_named(book):
    at_ = _page(AGENT_PAGE, NOW, username="ana")
    at_.button(key="collections_next").click().run()
    at_.selectbox(key="collections_outcome.es").set_value("promise_to_pay").run()
    at_.text_input(key="collections_promise_amount").set_value("12.705")
    next(b for b in at_.button if b.label == "Registrar contacto").click().run()
    assert not at_.exception
    assert at_.error[0].value == "Monto prometido (MXN): a lo más dos decimales (centavos)."
    assert col.account_context(uow(book, None, NOW), contract_id=1).contacts.empty
