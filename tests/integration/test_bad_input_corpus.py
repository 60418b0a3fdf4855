"""Every service that writes, fed the bad values people and scripts actually send: each value is
either stored exactly as given or refused with a message naming the field, never a traceback,
never a silent change, and a refused call writes no row. On both engines."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from lafa_core import collections as col
from lafa_core.errors import LocalizedError
from lafa_core.tables import AuditLog, CollectionContact, Installment, RestructuringOffer
from tests.collections_support import NOW, TODAY, build_book, prior_model
from tests.conftest import module_engine
from tests.collections_support import uow

CORPUS = {
    "empty": "", "whitespace": "   ", "negative": -1, "zero": 0, "huge": 10**20, "too many decimals": 12.705,
    "wrong type": "abc", "none": None, "bool": True, "far past": date(1900, 1, 1), "far future": date(9999, 12, 31),
    "nul": "pagó\x00 mañana", "100k characters": "x" * 100_000, "sql": "'; DROP TABLE driver; --",
    "right-to-left": "\u202eolaH\u202c", "float": 1500.5,
}
TABLES = (CollectionContact, RestructuringOffer, AuditLog, Installment)
ACCOUNTS = 80


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def book(request, tmp_path_factory):
    for engine in module_engine(request.param, tmp_path_factory):
        build_book(engine, [20 + i % 30 for i in range(ACCOUNTS)])
        col.refresh_queue(uow(engine, None, NOW), model=prior_model())
        yield engine


def _counts(engine) -> dict:
    with Session(engine) as session:
        return {t.__name__: session.scalar(select(func.count()).select_from(t)) for t in TABLES}


def _outcome(engine, call, field: str):
    """Run `call`; on refusal the message names `field` and nothing was written."""
    before = _counts(engine)
    try:
        result = call()
    except (LocalizedError, ValueError) as error:
        assert field in str(error), f"{type(error).__name__}: {error}"
        assert _counts(engine) == before, "a refused call wrote rows"
        return None
    return result


def _claim(engine, agent: str) -> int:
    contract_id = col.next_account(uow(engine, agent, NOW))
    assert contract_id is not None
    return contract_id


@pytest.mark.parametrize("name", CORPUS)
def test_contact_notes(book, name):
    value = CORPUS[name]
    agent = f"notas-{abs(hash(name)) % 10**6}"
    contract_id = _claim(book, agent)
    contact_id = _outcome(book, lambda: col.log_contact(uow(book, agent, NOW), contract_id=contract_id,
                                                       outcome="no_answer", notes=value), "notes")
    if contact_id is not None:  # stored exactly as given
        with Session(book) as session:
            assert session.get(CollectionContact, contact_id.id).notes == ("" if value is None else value)  # None: no notes
    col.release_account(uow(book, agent, NOW), contract_id=contract_id)


@pytest.mark.parametrize("field", ["promise_amount_centavos", "promise_due_on"])
@pytest.mark.parametrize("name", CORPUS)
def test_promise(book, name, field):
    promise = {"promise_amount_centavos": 100_00, "promise_due_on": TODAY + timedelta(days=3), field: CORPUS[name]}
    agent = f"{field}-{abs(hash(name)) % 10**6}"
    contract_id = _claim(book, agent)
    contact_id = _outcome(book, lambda: col.log_contact(uow(book, agent, NOW), contract_id=contract_id,
                                                       outcome="promise_to_pay", **promise),
                          field.removesuffix("_centavos"))
    assert contact_id is None, f"{name!r} was accepted as {field}"
    col.release_account(uow(book, agent, NOW), contract_id=contract_id)


@pytest.mark.parametrize("name", CORPUS)
def test_agent_name(book, name):
    value = CORPUS[name]
    contract_id = _outcome(book, lambda: col.next_account(uow(book, value, NOW)) if isinstance(value, str)
                           else col.next_account(uow(book, None, NOW)), "actor")
    if contract_id is not None:
        col.release_account(uow(book, value, NOW), contract_id=contract_id)
        assert isinstance(value, str) and value.strip() and len(value.strip()) <= 60 and "\x00" not in value


@pytest.mark.parametrize("field", ["kind", "parameter"])
@pytest.mark.parametrize("name", CORPUS)
def test_restructuring_offer(book, name, field):
    arguments = {"kind": "extend_term", "parameter": 4, field: CORPUS[name]}
    offer_id = _outcome(book, lambda: col.propose_restructuring(uow(book, "ana", NOW), contract_id=1, **arguments),
                        "parameter" if field == "parameter" else "kind")
    assert offer_id is None, f"{name!r} was accepted as the offer's {field}"


@pytest.mark.parametrize("name", CORPUS)
def test_restructuring_decision_by(book, name):
    value = CORPUS[name]
    offer_id = col.propose_restructuring(uow(book, "ana", NOW), contract_id=2, kind="grace_period", parameter=1)
    decided = _outcome(book, lambda: col.decide_restructuring(uow(book, value if isinstance(value, str) else None, NOW),
                                                              offer_id=offer_id, approve=False), "actor")
    if decided is not None:
        assert isinstance(value, str) and value.strip() and len(value) <= 60
