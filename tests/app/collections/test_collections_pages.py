"""The collections pages under AppTest, with the clock pinned."""
import json
from datetime import time, timedelta
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


def _page(path: str, now, role: str = "collections_agent", username: str | None = None, **state) -> AppTest:
    return page_as(path, _page.engine, role, username, collections_now=now, **state).run()


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
        "Reporte de cobranza (Excel): cola, contactos, promesas y rodamiento de 8 semanas"]
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
    at_.selectbox(key="collections_kind.es").set_value("reduce_payment")
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


SEEN = {  # what the account screen shows, per language
    "es": {"stage": "**Etapa:** Escalamiento jurídico (día +14)", "empty": "Sin registros.", "save": "Registrar contacto",
           "schedule": ["Pago n.º", "Estado", "Vence", "Monto", "Pagado", "Liquidado el"],
           "first": [11, "Vencido", "29 ene 2026", "$3,000.00", "—", "—"], "upcoming": "Por vencer",
           "stage_metric": "Etapa", "call_time": "Hora de la llamada"},
    "en": {"stage": "**Stage:** Legal escalation (day +14)", "empty": "No records.", "save": "Log contact",
           "schedule": ["Payment no.", "State", "Due on", "Amount", "Paid", "Settled on"],
           "first": [11, "Overdue", "29 Jan 2026", "$3,000.00", "—", "—"], "upcoming": "Upcoming",
           "stage_metric": "Stage", "call_time": "Call time"},
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_account_screen_reads_whole_in_the_chosen_language(book, lang):
    seen = SEEN[lang]
    at_ = _page(AGENT_PAGE, NOW, username="ana", lang=lang)
    at_.button(key="collections_next").click().run()
    assert not at_.exception
    assert seen["stage"] in [m.value for m in at_.markdown]  # a line of text, not a metric cut short
    assert seen["stage_metric"] not in [m.label for m in at_.metric]
    # The schedule: overdue first, the next four, then recent payments; readable headers, "—" for nothing.
    schedule = next(d.value for d in at_.dataframe if seen["schedule"][0] in d.value.columns)
    assert list(schedule.columns) == seen["schedule"]
    assert schedule.iloc[0].tolist() == seen["first"]
    assert schedule[seen["schedule"][1]].tolist().count(seen["upcoming"]) == 4 and len(schedule) == 6 + 4 + 6  # paid: the last 12 weeks
    assert seen["empty"] in [c.value for c in at_.caption]  # no contacts, promises or offers yet
    assert at_.time_input(key="collections_call_time").label == seen["call_time"]
    assert at_.time_input(key="collections_call_time").value == time(10, 0)
    # The promise's fields only for a promise to pay.
    assert not [w for w in at_.text_input if w.key == "collections_promise_amount"] and not at_.date_input
    at_.selectbox(key=f"collections_outcome.{lang}").set_value("promise_to_pay").run()
    assert at_.text_input(key="collections_promise_amount")
    assert at_.date_input(key="collections_promise_date").proto.format == "DD/MM/YYYY"
    at_.selectbox(key=f"collections_outcome.{lang}").set_value("no_answer").run()
    assert not at_.date_input
    assert [b for b in at_.button if b.label == seen["save"]]


def test_an_empty_queue_says_so(sqlite_engine, use_database, monkeypatch, tmp_path):
    monkeypatch.setenv("LAFA_MODELS_DIR", str(tmp_path / "models"))
    build_book(sqlite_engine, [-10])  # the only lease is paid up to a payment due in 10 days: nobody owes
    use_database(sqlite_engine)
    for lang, empty in (("es", "Sin registros."), ("en", "No records.")):
        at_ = page_as(AGENT_PAGE, sqlite_engine, "collections_agent", "ana", collections_now=NOW, lang=lang).run()
        assert not at_.exception
        assert [c.value for c in at_.caption].count(empty) == 2  # neither workable nor blocked accounts
        assert not at_.dataframe


@pytest.mark.parametrize("lang, error", [
    ("es", "Hora de la llamada: no puede ser anterior a cuando tomó la cuenta (20:58)."),
    ("en", "Call time: it cannot be earlier than when you took the account (20:58)."),
])
def test_the_agent_records_when_the_call_happened_even_saving_after_hours(book, lang, error):
    at_ = _page(AGENT_PAGE, at(TODAY, 20, 58), username="ana", lang=lang)
    at_.button(key="collections_next").click().run()
    at_.session_state["collections_now"] = at(TODAY, 21, 0)  # the agent saves two minutes later
    at_.time_input(key="collections_call_time").set_value(time(20, 57))
    at_.button(key="collections_save").click().run()
    assert not at_.exception
    assert at_.error[0].value == error
    assert col.account_context(uow(book, None, NOW), contract_id=1).contacts.empty  # nothing written
    at_.time_input(key="collections_call_time").set_value(time(20, 59))
    at_.button(key="collections_save").click().run()
    assert not at_.exception and not at_.error
    contacts = col.account_context(uow(book, None, NOW), contract_id=1).contacts
    assert contacts["contacted_at"].tolist() == [at(TODAY, 20, 59)]


@pytest.mark.parametrize("lang, notice", [
    ("es", "La cuenta llegó a su límite diario de 2 contactos: no admite otro contacto hasta el 11 mar 2026 08:00."),
    ("en", "The account has reached its daily cap of 2 contacts: no further contact until 11 Mar 2026 08:00."),
])
def test_the_agent_is_told_when_a_contact_reaches_a_cap_and_when_an_opened_account_is_at_one(book, lang, notice):
    at_ = _page(AGENT_PAGE, NOW, username="ana", lang=lang)
    for minute in (1, 2):
        at_.session_state["collections_now"] = NOW + timedelta(minutes=minute)
        at_.button(key="collections_next").click().run()
        assert at_.subheader[0].value.endswith("LTO-0001")
        at_.button(key="collections_save").click().run()
        assert not at_.exception
    assert at_.warning[0].value == notice  # after saving the second contact of the day
    at_.session_state["collections_contract"] = 1  # the account opened again (e.g. a stale claim)
    at_.run()
    assert notice in [w.value for w in at_.warning]


@pytest.mark.parametrize("lang, owed, due", [
    ("es", "nada vencido; $3,000.00 vence el 11 mar 2026", "vence en 1 d."),
    ("en", "nothing overdue; $3,000.00 due on 11 Mar 2026", "due in 1 d."),
])
def test_a_blocked_account_not_yet_due_shows_what_falls_due_and_when(book, lang, owed, due):
    at_ = _page(AGENT_PAGE, NOW, username="ana", lang=lang)
    blocked = next(d.value for d in at_.dataframe if len(d.value) == 1)  # LTO-0004: opted out, due tomorrow
    assert owed in blocked.iloc[0].tolist() and due in blocked.iloc[0].tolist()
    assert "$0.00" not in blocked.iloc[0].tolist() and "-1" not in blocked.iloc[0].tolist()


@pytest.mark.parametrize("lang, ticks, hover, target", [
    ("es", "mar", "Semana al 10 mar 2026: 18.3 días", "Meta: 5 días"),
    ("en", "Mar", "Week ending 10 Mar 2026: 18.3 days", "Target: 5 days"),
])
def test_the_average_dpd_trend_speaks_the_chosen_language_and_labels_its_target(book, lang, ticks, hover, target):
    at_ = _page(SUPERVISOR_PAGE, NOW, role="collections_supervisor", username="sofia", lang=lang)
    assert not at_.exception
    spec = json.loads(at_.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["xaxis"]["ticktext"][-1] == f"10 {ticks}"
    assert spec["data"][0]["hovertext"][-1] == hover
    assert [a["text"] for a in spec["layout"]["annotations"]] == [target]
    assert spec["layout"]["yaxis"]["range"][0] == 0 and spec["layout"]["yaxis"]["range"][1] > 5
