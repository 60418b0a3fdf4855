"""Eight agents claim and close accounts at once: never two on one account, nothing lost."""
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select
from sqlmodel import Session

from lafa_core import collections as col
from lafa_core.collections import CollectionsConfig
from lafa_core.tables import AuditLog, CollectionContact, CollectionQueueItem
from tests.collections_support import NOW, build_book, prior_model
from tests.collections_support import uow

WORKERS, ROUNDS, ACCOUNTS = 8, 15, 40
CONFIG = CollectionsConfig(max_contacts_per_day=20, max_contacts_per_week=20)


def test_eight_agents_never_share_an_account_and_every_outcome_is_counted(engine):
    build_book(engine, [5 + (i % 50) for i in range(ACCOUNTS)])
    col.refresh_queue(uow(engine, None, NOW), model=prior_model(), config=CONFIG)
    holders: dict[int, str] = {}
    guard = threading.Lock()
    violations: list[tuple[int, str, str]] = []

    def work(worker: int) -> dict[str, int]:
        agent, rng = f"agente.{worker}", random.Random(worker)
        tally = {"claimed": 0, "logged": 0, "released": 0}
        for _ in range(ROUNDS):
            contract_id = col.next_account(uow(engine, agent, NOW), config=CONFIG)
            if contract_id is None:
                continue
            tally["claimed"] += 1
            with guard:
                if contract_id in holders:
                    violations.append((contract_id, holders[contract_id], agent))
                holders[contract_id] = agent
            time.sleep(rng.random() / 500)  # the call itself: overlapping holds would be seen here
            with Session(engine) as session:
                assert session.get(CollectionQueueItem, contract_id).holder == agent
            with guard:
                del holders[contract_id]  # before the database lets go, so a double hold would be seen
            if rng.random() < 0.3:
                assert col.release_account(uow(engine, agent), contract_id=contract_id)
                tally["released"] += 1
            else:
                col.log_contact(uow(engine, agent, NOW), contract_id=contract_id, outcome="no_answer", config=CONFIG)
                tally["logged"] += 1
        return tally

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        tallies = list(pool.map(work, range(WORKERS)))

    assert violations == []
    claimed = sum(t["claimed"] for t in tallies)
    logged = sum(t["logged"] for t in tallies)
    assert claimed == WORKERS * ROUNDS  # 40 accounts, 8 agents: someone is always free
    assert claimed == logged + sum(t["released"] for t in tallies)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(CollectionContact)) == logged
        per_agent = dict(session.execute(select(CollectionContact.agent, func.count()).group_by(CollectionContact.agent)).all())
        assert session.scalar(select(func.count()).select_from(CollectionQueueItem).where(CollectionQueueItem.holder.is_not(None))) == 0
    assert per_agent == {f"agente.{w}": t["logged"] for w, t in enumerate(tallies) if t["logged"]}
    # The audit trail counts every claim, release and contact exactly once.
    with Session(engine) as session:
        audited = dict(session.execute(select(AuditLog.action, func.count()).group_by(AuditLog.action)).all())
    assert audited == {"collections.claimed": claimed, "collections.contact_logged": logged,
                       "collections.released": sum(t["released"] for t in tallies)}
