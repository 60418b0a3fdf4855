"""Ten people at once on one PostgreSQL database, each in a process of their own (as separate app
servers would be): eight agents claim and log, two analysts race to decide the same applications.
No error, no double claim, no lost write, and the audit trail counts match the actions."""
import multiprocessing
import sys
import types
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import Session

from lafa_core import collections as col
from lafa_core.tables import AuditLog, CollectionContact, CreditDecision
from tests.collections_support import NOW, build_book, prior_model, uow
from tests.credit_support import trained_model_files  # noqa: F401 - a fixture
from tests.factories import unit_of_work

AGENTS, ANALYSTS, ROUNDS, ACCOUNTS, APPLICATIONS = 8, 2, 10, 40, 12
CONFIG = col.CollectionsConfig(max_contacts_per_day=20, max_contacts_per_week=20)


def _agent(url: str, name: str) -> dict:
    from lafa_core.db import make_engine

    engine = make_engine(url)
    tally = {"claimed": 0, "logged": 0, "errors": []}
    try:
        for _ in range(ROUNDS):
            contract_id = col.next_account(uow(engine, name, NOW, role="collections_agent"), config=CONFIG)
            if contract_id is None:
                continue
            tally["claimed"] += 1
            col.log_contact(uow(engine, name, NOW, role="collections_agent"), contract_id=contract_id,
                            outcome="no_answer", config=CONFIG)
            tally["logged"] += 1
    except Exception as error:  # noqa: BLE001 - reported to the parent, which fails the test
        tally["errors"].append(repr(error))
    finally:
        engine.dispose()
    return tally


def _analyst(url: str, name: str, models_dir: str) -> dict:
    from lafa_core import credit
    from lafa_core.credit import AlreadyDecided
    from lafa_core.db import make_engine
    from tests.credit_support import work

    engine = make_engine(url)
    model = credit.load_model(models_dir=Path(models_dir))
    tally = {"decided": 0, "refused": 0, "errors": []}
    try:
        for application_id in range(1, APPLICATIONS + 1):
            band = credit.assess_application(work(engine, name), model, application_id).band
            try:
                credit.decide(work(engine, name), model, application_id,
                              decision=credit.policy.BAND_DECISION[band].value)
                tally["decided"] += 1
            except AlreadyDecided:
                tally["refused"] += 1
    except Exception as error:  # noqa: BLE001
        tally["errors"].append(repr(error))
    finally:
        engine.dispose()
    return tally


def test_ten_people_at_once_lose_nothing_and_the_trail_counts_it_all(postgres_engine, trained_model_files):
    from tests.credit_support import insert_applications, synthetic_applications

    engine = postgres_engine
    build_book(engine, [5 + (i % 50) for i in range(ACCOUNTS)])
    with unit_of_work(engine) as session:
        insert_applications(session, synthetic_applications(APPLICATIONS, seed=21).assign(
            id=range(1, APPLICATIONS + 1), code=[f"APP-C{i}" for i in range(1, APPLICATIONS + 1)]))
    col.refresh_queue(uow(engine, None, NOW), model=prior_model(), config=CONFIG)
    url = engine.url.render_as_string(hide_password=False)
    # A process pool that notices a dead worker (BrokenProcessPool) instead of waiting for it forever.
    # AppTest leaves a page script as __main__, which spawned workers would run: they get a blank one.
    main, sys.modules["__main__"] = sys.modules["__main__"], types.ModuleType("__main__")
    try:
        with ProcessPoolExecutor(AGENTS + ANALYSTS, mp_context=multiprocessing.get_context("spawn")) as pool:
            agents = [pool.submit(_agent, url, f"agente.{i}") for i in range(AGENTS)]
            analysts = [pool.submit(_analyst, url, f"analista.{i}", str(trained_model_files))
                        for i in range(ANALYSTS)]
            agent_tallies = [a.result(timeout=180) for a in agents]
            analyst_tallies = [a.result(timeout=180) for a in analysts]
    finally:
        sys.modules["__main__"] = main

    assert [t["errors"] for t in agent_tallies + analyst_tallies] == [[]] * (AGENTS + ANALYSTS)
    claimed = sum(t["claimed"] for t in agent_tallies)
    logged = sum(t["logged"] for t in agent_tallies)
    decided = sum(t["decided"] for t in analyst_tallies)
    assert claimed == logged == AGENTS * ROUNDS  # 40 accounts for 8 agents: nobody waits, nothing lost
    assert decided == APPLICATIONS and sum(t["refused"] for t in analyst_tallies) == APPLICATIONS
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(CollectionContact)) == logged
        assert session.scalar(select(func.count()).select_from(CreditDecision)) == APPLICATIONS
        audited = dict(session.execute(select(AuditLog.action, func.count()).group_by(AuditLog.action)).all())
    assert audited == {"collections.claimed": claimed, "collections.contact_logged": logged,
                       "credit.decided": APPLICATIONS}
