"""Collections services on an in-memory database: each use case is one unit of work that
commits once, and a refused call commits nothing."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from lafa_core import collections as col
from lafa_core.bounds import InvalidInput
from lafa_core.tables import AuditLog, CollectionContact, Installment, RestructuringOffer
from tests.collections_support import NOW, TODAY, WEEKLY, build_book, prior_model
from tests.collections_support import uow


def _count(engine, table) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(table))


@pytest.fixture
def book(memory_engine):
    build_book(memory_engine, [30, 10])
    col.refresh_queue(uow(memory_engine, None, NOW), model=prior_model())
    return memory_engine


def test_each_use_case_commits_once(book):
    claim = uow(book, "ana", NOW)
    assert col.next_account(claim) == 1 and claim.commits == 1
    contact = uow(book, "ana", NOW)
    col.log_contact(contact, contract_id=1, outcome="promise_to_pay", promise_amount_centavos=WEEKLY,
                    promise_due_on=TODAY + timedelta(days=2))
    assert contact.commits == 1 and _count(book, CollectionContact) == 1
    propose = uow(book, "ana", NOW)
    col.propose_restructuring(propose, contract_id=2, kind="grace_period", parameter=2)
    assert propose.commits == 1 and _count(book, AuditLog) == 3  # the claim, the contact, the proposal
    reading = uow(book, None, NOW)
    col.account_context(reading, contract_id=1)
    assert reading.commits == 0


@pytest.mark.parametrize("kwargs, field", [
    ({"outcome": "promise_to_pay", "promise_amount_centavos": 10**15, "promise_due_on": TODAY}, "promise_amount"),
    ({"outcome": "promise_to_pay", "promise_amount_centavos": 12.7, "promise_due_on": TODAY}, "promise_amount"),
    ({"outcome": "promise_to_pay", "promise_amount_centavos": 14 * WEEKLY + 1, "promise_due_on": TODAY}, "promise_amount"),
    ({"outcome": "no_answer", "notes": "x" * 501}, "notes"),
    ({"outcome": "no_answer", "notes": "pagó\x00"}, "notes"),
    ({"outcome": "no_answer", "contacted_at": NOW + timedelta(minutes=1)}, "contacted_at"),
    ({"outcome": "no_answer", "contacted_at": NOW - timedelta(minutes=1)}, "contacted_at"),  # before the claim
    ({"outcome": "no_answer", "contacted_at": NOW.replace(tzinfo=None)}, "contacted_at"),
])
def test_a_refused_contact_commits_nothing(book, kwargs, field):
    col.next_account(uow(book, "ana", NOW))
    work = uow(book, "ana", NOW)
    with pytest.raises(ValueError, match=field):
        col.log_contact(work, contract_id=1, **kwargs)
    assert work.commits == 0 and _count(book, CollectionContact) == 0


def test_a_promise_up_to_the_balance_is_stored_exactly(book):
    col.next_account(uow(book, "ana", NOW))
    with Session(book) as session:
        owed = session.scalar(select(func.sum(Installment.amount_centavos - Installment.paid_centavos))
                              .where(Installment.contract_id == 1, Installment.paid_on.is_(None)))
    col.log_contact(uow(book, "ana", NOW), contract_id=1, outcome="promise_to_pay", promise_amount_centavos=owed,
                    promise_due_on=TODAY + timedelta(days=30))
    with Session(book) as session:
        assert session.scalar(select(CollectionContact.promise_amount_centavos)) == owed


def test_the_proposer_cannot_approve_under_another_spelling_of_her_name(book):
    offer = col.propose_restructuring(uow(book, "Ana López", NOW), contract_id=1, kind="extend_term", parameter=4)
    for spelling in ("ana lópez", "  ANA LÓPEZ "):
        with pytest.raises(col.CollectionsError, match="different supervisor"):
            col.decide_restructuring(uow(book, spelling, NOW), offer_id=offer, approve=True)
    assert col.decide_restructuring(uow(book, "Sofía", NOW), offer_id=offer, approve=False) == "rejected"


@pytest.mark.parametrize("kind, parameter", [
    ("extend_term", 100_000), ("grace_period", 520), ("reduce_payment", 100), ("grace_period", 0), ("extend_term", -3),
])
def test_restructuring_outside_the_lease_term_or_grace_limit_is_refused(book, kind, parameter):
    work = uow(book, "ana", NOW)
    with pytest.raises(ValueError, match="parameter"):
        col.propose_restructuring(work, contract_id=1, kind=kind, parameter=parameter)
    assert work.commits == 0 and _count(book, RestructuringOffer) == 0


def test_nobody_acts_without_a_name(book):
    with pytest.raises(InvalidInput, match="actor"):
        col.next_account(uow(book, None, NOW))
    with pytest.raises(InvalidInput, match="actor"):
        col.next_account(uow(book, "x" * 61, NOW))
