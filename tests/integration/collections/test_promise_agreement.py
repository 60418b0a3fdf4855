"""One promise rule: the agent's account view, the queue and the supervisor's report agree on
every edge case (same-day payment before the promise, grace, one centavo short, paid too early)."""
from datetime import timedelta

from sqlmodel import Session

from lafa_core import collections as col
from lafa_core.tables import CollectionContact
from tests.collections_support import NOW, TODAY, WEEKLY, at, build_book, pay, prior_model
from tests.collections_support import uow

CONFIG = col.CollectionsConfig(promise_grace_days=2)
MADE = TODAY - timedelta(days=10)


def _promise(session, contract_id: int, hour: int, due_days: int, amount: int = WEEKLY) -> None:
    session.add(CollectionContact(contract_id=contract_id, driver_id=contract_id, contacted_at=at(MADE, hour),
                                  channel="call", agent="ana", stage="past_due_notice", days_past_due=5,
                                  outcome="promise_to_pay", promise_amount_centavos=amount,
                                  promise_due_on=MADE + timedelta(days=due_days), notes=""))


def test_account_view_queue_and_supervisor_agree_on_every_promise_edge(engine):
    build_book(engine, [30, 30, 30, 30, 30, 30])
    with Session(engine) as session:
        for cid, hour in [(1, 10), (2, 10), (3, 10), (4, 10), (5, 10), (6, 10)]:
            _promise(session, cid, hour, due_days=3)
        session.commit()
    pay(engine, 1, WEEKLY, at(MADE, 9))  # paid at 09:00, promise logged at 10:00 the same day: kept (by date)
    pay(engine, 2, WEEKLY, at(MADE + timedelta(days=4), 12))  # one day late, inside 2 days of grace: kept
    pay(engine, 3, WEEKLY, at(MADE + timedelta(days=5), 12))  # the last day of grace: kept
    pay(engine, 4, WEEKLY, at(MADE + timedelta(days=6), 12))  # a day after grace: broken
    pay(engine, 5, WEEKLY - 1, at(MADE + timedelta(days=2), 12))  # one centavo short: broken
    pay(engine, 6, WEEKLY, at(MADE - timedelta(days=1), 12))  # paid the day before promising: broken

    fates = {cid: col.account_context(uow(engine, None, NOW), contract_id=cid, config=CONFIG).promises["fate"].tolist()
             for cid in range(1, 7)}
    assert fates == {1: ["kept"], 2: ["kept"], 3: ["kept"], 4: ["broken"], 5: ["broken"], 6: ["broken"]}

    queue = col.build_queue(uow(engine, None, NOW), model=prior_model(), config=CONFIG).set_index("contract_id")
    assert {cid: int(queue.loc[cid, "broken_promises"]) for cid in range(1, 7)} == \
        {cid: int(f == ["broken"]) for cid, f in fates.items()}

    report = col.supervisor_report(uow(engine, None, NOW), weeks=4, config=CONFIG)
    kept = sum(f == ["kept"] for f in fates.values())
    assert report.promises_closed == 6 and report.promise_kept_rate == kept / 6
