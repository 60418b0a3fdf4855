"""The collections report workbook on both engines: the queue as published, the weeks' contacts and
promises with each promise's fate, and roll rates whose formulas, recalculated, equal the
supervisor page's counts. Finance and supervisors take it out; agents may not."""
from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from lafa_core import collections as col
from lafa_core.finance.workbooks import collections_report_workbook
from lafa_core.users.roles import PermissionDenied
from tests.collections_support import NOW, TODAY, WEEKLY, at, build_book, data_through, pay, prior_model, uow
from tests.excel_support import recalculated


@pytest.fixture
def worked_book(engine):
    """Four leases (30, 30, 10 days late; one due tomorrow); ana and beto promise on the two 30-day
    accounts, ana finds a wrong number on the third; one promise is kept, the other falls a centavo short."""
    build_book(engine, [30, 30, 10, -1])
    col.refresh_queue(uow(engine, None, NOW), model=prior_model())
    for agent, outcome in (("ana", "promise_to_pay"), ("beto", "promise_to_pay"), ("ana", "wrong_number")):
        cid = col.next_account(uow(engine, agent, NOW))
        promise = dict(promise_amount_centavos=WEEKLY, promise_due_on=TODAY + timedelta(days=2)) \
            if outcome == "promise_to_pay" else {}
        col.log_contact(uow(engine, agent, NOW), contract_id=cid, outcome=outcome, **promise)
    pay(engine, 1, WEEKLY, at(TODAY + timedelta(days=1), 13))
    pay(engine, 2, WEEKLY - 1, at(TODAY + timedelta(days=2), 13))
    later = at(TODAY + timedelta(days=3), 9)
    data_through(engine, later.date())
    return engine, later


def _rows(sheet) -> list[tuple]:
    return [row for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_report_reads_back_with_its_formulas_recalculated(worked_book):
    engine, later = worked_book
    report = col.collections_report(uow(engine, "finanzas", later, role="finance"), weeks=2)
    assert report.since == later.date() - timedelta(weeks=2)
    data = collections_report_workbook(report, "es", generated_at=later, generated_by="Finanzas")
    book = load_workbook(BytesIO(data))
    assert book.sheetnames == ["Portada", "Cola", "Contactos", "Promesas", "Rodamiento", "Agentes"]

    queue = _rows(book["Cola"])
    assert [r[0] for r in queue[:-1]] == report.queue["code"].tolist() and queue[-1][0] == "Total"
    assert all(r[1] == "LTO" for r in queue[:-1]) and [r[4] for r in queue[:-1]] == ["15-30 días", "15-30 días", "8-14 días", "Al corriente"]
    assert queue[-1][5] == f"=SUM(F2:F{len(queue)})"  # the overdue total is a formula

    contacts = _rows(book["Contactos"])
    assert [(r[1], r[6]) for r in contacts] == [("ana", "Promesa de pago"), ("beto", "Promesa de pago"),
                                                ("ana", "Número equivocado")]
    assert contacts[0][0].hour == NOW.hour and contacts[0][7] == WEEKLY / 100  # local wall time, pesos
    promises = {r[1]: r[5] for r in _rows(book["Promesas"])[:-1]}
    assert promises == {"LTO-0001": "Cumplida", "LTO-0002": "Incumplida"}

    values = recalculated(data)
    rolls = _rows(book["Rodamiento"])
    counts = report.supervision.roll_counts
    last_week = counts.iloc[-1]
    first_move = [r for r in rolls[:-1] if r[0].date() == last_week["week_ending"] and r[1] == "1-7 días → 8-14 días"]
    assert first_move and first_move[0][2:4] == last_week["1-7→8-14"]
    rates = values["Rodamiento"]
    for n, r in enumerate(rolls[:-1], start=2):
        rolled, members = r[2], r[3]
        assert rates[f"E{n}"] == (pytest.approx(rolled / members) if members else ""), r
    total = len(rolls) + 1
    assert rates[f"C{total}"] == sum(r[2] for r in rolls[:-1]) and rates[f"D{total}"] == sum(r[3] for r in rolls[:-1])
    agents = values["Agentes"]
    assert agents["D2"] == pytest.approx(2.0) and agents["B4"] == 3  # ana: two contacts in one day; total three
    cover = {label: value for label, value in _rows(book["Portada"]) if label}
    assert cover["Promesas cumplidas"] == 0.5 and cover["Promesas con plazo vencido"] == 2
    for sheet in book.worksheets[1:]:
        assert sheet.freeze_panes == "A2" and sheet.page_setup.orientation == "landscape" and sheet.auto_filter.ref


def test_an_agent_may_not_take_the_report_out(worked_book):
    engine, later = worked_book
    with pytest.raises(PermissionDenied):
        col.collections_report(uow(engine, "ana", later, role="collections_agent"))
    assert len(col.collections_report(uow(engine, "sup", later)).contacts) == 3  # a supervisor may
