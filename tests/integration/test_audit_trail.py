"""One audit record per audited action, with who, when (the wall clock), the target's id and a
detail of ids and figures — and never a personal value (phone, CURP, RFC, name). Both engines."""
import json
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlmodel import Session

from lafa_core import audit
from lafa_core import collections as col
from lafa_core.tables import AuditLog, Driver
from lafa_core.uow import UnitOfWork
from lafa_core.users import DEMO_PASSWORDS, Role, create_demo_accounts, sign_in, sign_out
from tests.collections_support import NOW, TODAY, WEEKLY, build_book, prior_model, uow


def _trail(engine) -> list[AuditLog]:
    with Session(engine) as session:
        return list(session.exec(select(AuditLog).order_by(AuditLog.id)).scalars())


def _last(engine, count: int) -> list[tuple]:
    return [(r.actor, r.action, r.entity, r.entity_id) for r in _trail(engine)[-count:]]


@pytest.fixture
def book(engine):
    build_book(engine, [30, 20])
    col.refresh_queue(uow(engine, None, NOW), model=prior_model())
    return engine


# action → the record it must leave: (actor, action, entity, target id)
def test_each_audited_action_leaves_its_record(book):
    engine = book
    create_demo_accounts(UnitOfWork(engine))
    steps = [
        (lambda: sign_in(UnitOfWork(engine), username="collections_agent",
                         password=DEMO_PASSWORDS[Role.COLLECTIONS_AGENT]), ("collections_agent", "auth.signed_in", "app_user")),
        (lambda: col.next_account(uow(engine, "ana", NOW, role="collections_agent")), ("ana", "collections.claimed", "contract", "1")),
        (lambda: col.account_context(uow(engine, "ana", NOW, role="collections_agent"), contract_id=1,
                                     record_view=True), ("ana", "collections.account_viewed", "contract", "1")),
        (lambda: col.release_account(uow(engine, "ana", NOW, role="collections_agent"), contract_id=1),
         ("ana", "collections.released", "contract", "1")),
        (lambda: (col.next_account(uow(engine, "ana", NOW, role="collections_agent")),
                  col.log_contact(uow(engine, "ana", NOW, role="collections_agent"), contract_id=1,
                                  outcome="promise_to_pay", promise_amount_centavos=WEEKLY,
                                  promise_due_on=TODAY + timedelta(days=2)))[1],
         ("ana", "collections.contact_logged", "collection_contact")),
        (lambda: col.propose_restructuring(uow(engine, "ana", NOW, role="collections_agent"), contract_id=2,
                                           kind="grace_period", parameter=2),
         ("ana", "collections.restructuring_proposed", "restructuring_offer")),
        (lambda: col.outbound_messages_csv(uow(engine, "ana", NOW, role="collections_agent")),
         ("ana", "collections.outbound_exported", "outbound_messages", None)),
    ]
    for act, expected in steps:
        act()
        actor, action, entity, *target = expected
        last = _trail(engine)[-1]
        assert (last.actor, last.action, last.entity) == (actor, action, entity)
        if target:
            assert last.entity_id == target[0]
        assert last.occurred_at is not None and json.loads(last.details) is not None
    offer = int(_trail(engine)[-2].entity_id)
    col.decide_restructuring(uow(engine, "sofia", NOW), offer_id=offer, approve=True)
    assert _last(engine, 1) == [("sofia", "collections.restructuring_approved", "restructuring_offer", str(offer))]
    change = json.loads(_trail(engine)[-1].details)  # money changed: before and after, to the centavo
    assert change["before"]["balance_centavos"] == change["after"]["balance_centavos"] > 0
    assert change["after"]["first_due_on"] > change["before"]["first_due_on"]  # two weeks of grace


def test_sign_in_failures_lockout_and_sign_out_are_recorded(engine):
    create_demo_accounts(UnitOfWork(engine))
    for _ in range(2):
        with pytest.raises(PermissionError):
            sign_in(UnitOfWork(engine), username="executive", password="nope")
    signed = sign_in(UnitOfWork(engine), username="executive", password=DEMO_PASSWORDS[Role.EXECUTIVE])
    sign_out(UnitOfWork(engine), session_id=signed.session_id)
    assert [a for _, a, _, _ in _last(engine, 4)] == ["auth.sign_in_failed", "auth.sign_in_failed", "auth.signed_in",
                                                       "auth.signed_out"]


def test_no_personal_value_is_ever_written_to_the_trail(book):
    engine = book
    agent = uow(engine, "ana", NOW, role="collections_agent")
    col.next_account(agent)
    col.log_contact(uow(engine, "ana", NOW, role="collections_agent"), contract_id=1, outcome="hardship",
                    notes="dice que su teléfono cambió")
    col.outbound_messages_csv(uow(engine, "ana", NOW, role="collections_agent"))
    col.propose_restructuring(uow(engine, "ana", NOW, role="collections_agent"), contract_id=2, kind="extend_term",
                              parameter=4)
    with Session(engine) as session:
        people = list(session.exec(select(Driver)).scalars())
    personal = {v for d in people for v in (d.phone, d.curp, d.rfc, d.full_name) if v}
    records = _trail(engine)
    assert len(records) >= 4
    for record in records:
        text = f"{record.actor} {record.entity_id} {record.details}"
        assert not [value for value in personal if value in text], record.action


def test_the_trail_is_searched_only_by_those_who_may_read_it(book):
    col.next_account(uow(book, "ana", NOW, role="collections_agent"))
    found = audit.search(uow(book, "carmen", NOW, role="admin"), text="ana")
    assert [r["action"] for r in found] == ["collections.claimed"]
    with pytest.raises(PermissionError):
        audit.search(uow(book, "ana", NOW, role="collections_supervisor"))
