"""Benchmark rows of collections, run by `python -m lafa_core.bench` against a built company.

Budgets (issue 4): build the queue for 10,000 accounts under 0.5 s; "next account" under
50 ms at the 95th percentile with 8 concurrent agents on PostgreSQL.

A generated company of 10,000 vehicles has about 3,000 accounts in the queue on a given day,
so at that size the budget is also measured on a throw-away book of exactly 10,000 delinquent
or soon-due leases, built beside the company (a temporary SQLite file, or a temporary database
on the same PostgreSQL server).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time, timedelta
from statistics import median
from time import perf_counter

import tempfile
import uuid
from pathlib import Path

import numpy as np
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from lafa_core.clock import FixedClock
from lafa_core.collections import build_queue, next_account, refresh_queue, release_account, train_roll_model
from lafa_core.identity import Actor
from lafa_core.uow import UnitOfWork
from lafa_core.config import LOCAL_TZ
from lafa_core.db import make_engine, migrate, normalize_url
from lafa_core.tables import Contract, Depot, Driver, Installment, Payment, Vehicle

AGENTS = 8
CLAIMS_PER_AGENT = 40
BUDGET_ACCOUNTS = 10_000


def _bench_now(engine) -> datetime:
    """10:00 on the Monday after the data ends: inside contact hours whatever the wall clock says."""
    uow = UnitOfWork(engine)
    with uow:
        last = uow.as_of()
    day = (last or datetime.now(LOCAL_TZ).date()) + timedelta(days=1)
    return datetime.combine(day, time(10), tzinfo=LOCAL_TZ)


def claim_latencies(engine, now: datetime, agents: int = AGENTS, claims: int = CLAIMS_PER_AGENT) -> list[float]:
    """Each agent claims the next account and releases it, `claims` times, all agents at once."""
    def work(i: int) -> list[float]:
        agent, seconds = f"bench.agente.{i}", []
        for _ in range(claims):
            started = perf_counter()
            contract_id = next_account(UnitOfWork(engine, actor=Actor(agent, "collections_agent"), clock=FixedClock(now)))
            seconds.append(perf_counter() - started)
            if contract_id is not None:
                release_account(UnitOfWork(engine, actor=Actor(agent, "collections_agent"), clock=FixedClock(now)),
                                contract_id=contract_id)
        return seconds

    with ThreadPoolExecutor(max_workers=agents) as pool:
        return [s for batch in pool.map(work, range(agents)) for s in batch]


def build_delinquent_book(engine, accounts: int, now: datetime, seed: int = 1) -> None:
    """`accounts` leases of 3,000 MXN a week, each between 2 days before and 90 days past due."""
    today = now.date()
    rng = np.random.default_rng(seed)
    days_past_due = rng.integers(-2, 91, size=accounts)
    ids = range(1, accounts + 1)
    contracts, installments, payments = [], [], []
    for i, dpd in zip(ids, days_past_due.tolist()):
        first_unpaid = today - timedelta(days=dpd)
        start = first_unpaid - timedelta(weeks=21)
        contracts.append(dict(id=i, code=f"LTO-{i:07d}", driver_id=i, vehicle_id=i, product="LTO", kind="lease",
                              start_on=start, term_weeks=208, weekly_rate_centavos=300_000, deposit_centavos=0,
                              purchase_option_centavos=0, status="active"))
        for seq in range(1, 31):
            due = start + timedelta(weeks=seq)
            paid = due < first_unpaid
            installments.append(dict(contract_id=i, seq=seq, due_on=due, amount_centavos=300_000,
                                     paid_centavos=300_000 if paid else 0, paid_on=due if paid else None))
            if paid:
                payments.append(dict(contract_id=i, paid_at=datetime.combine(due, time(12), tzinfo=LOCAL_TZ),
                                     paid_on=due, amount_centavos=300_000, method="spei"))
    with engine.begin() as conn:
        conn.execute(insert(Depot.__table__), [dict(id=1, code="BENCH", name="Bench", zone="CDMX", lat=19.4, lon=-99.1,
                                                    charger_count=1, charger_kw=7.2)])
        conn.execute(insert(Vehicle.__table__), [dict(id=i, vin=f"BENCH{i:012d}", oem="JAC", model="E10X", plate=f"B{i:07d}",
                                                      battery_kwh=31.4, status="assigned", depot_id=1,
                                                      in_service_on=date(2025, 1, 1), acquisition_cost_centavos=40_000_000,
                                                      odometer_km_at_service_start=0.0) for i in ids])
        conn.execute(insert(Driver.__table__), [dict(id=i, code=f"B{i:07d}", full_name=f"Conductor {i}", curp=f"B{i:017d}",
                                                     rfc=f"B{i:012d}", phone="+52 55 0000 0000", birth_date=date(1990, 1, 1),
                                                     product="LTO", status="active", zone="CDMX", home_lat=19.4,
                                                     home_lon=-99.1, joined_on=date(2025, 1, 1), has_valid_licence=True,
                                                     opted_out_of_messages=i % 25 == 0, do_not_contact=False) for i in ids])
        conn.execute(insert(Contract.__table__), contracts)
        conn.execute(insert(Installment.__table__), installments)
        conn.execute(insert(Payment.__table__), payments)


def _scratch_database(database_url: str):
    """A throw-away database next to the company's; returns (url, cleanup)."""
    url = normalize_url(database_url)
    if url.startswith("sqlite"):
        folder = tempfile.TemporaryDirectory(prefix="lafa-collections-bench-")
        return f"sqlite:///{Path(folder.name) / 'book.db'}", folder.cleanup
    server = make_url(url)
    name = f"lafa_collections_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(server.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return server.set(database=name).render_as_string(hide_password=False), drop


def measure_budget_book(database_url: str, accounts: int = BUDGET_ACCOUNTS) -> dict[str, float]:
    url, cleanup = _scratch_database(database_url)
    engine = make_engine(url) if url.startswith("sqlite") else make_engine(url, pool_size=AGENTS + 2)
    try:
        migrate(engine)
        now = datetime.combine(date(2026, 3, 10), time(10), tzinfo=LOCAL_TZ)
        build_delinquent_book(engine, accounts, now)
        model = train_roll_model(UnitOfWork(engine, clock=FixedClock(now)))
        builds, size = [], 0
        for _ in range(3):
            started = perf_counter()
            size = len(build_queue(UnitOfWork(engine, clock=FixedClock(now)), model=model))
            builds.append(perf_counter() - started)
        refresh_queue(UnitOfWork(engine, clock=FixedClock(now)), model=model)
        latencies = claim_latencies(engine, now)
    finally:
        engine.dispose()
        cleanup()
    return {"book_accounts": size, "book_queue_build_s": round(median(builds), 4),
            "book_next_account_p95_ms": round(float(np.percentile(latencies, 95)) * 1000, 2)}


def measure(database_url: str, vehicles: int) -> dict[str, float]:
    engine = make_engine(database_url, pool_size=AGENTS + 2) if not database_url.startswith("sqlite") else make_engine(database_url)
    try:
        now = _bench_now(engine)
        started = perf_counter()
        model = train_roll_model(UnitOfWork(engine, clock=FixedClock(now)))
        train_seconds = perf_counter() - started
        builds, accounts = [], 0
        for _ in range(3):
            started = perf_counter()
            accounts = len(build_queue(UnitOfWork(engine, clock=FixedClock(now)), model=model))
            builds.append(perf_counter() - started)
        started = perf_counter()
        refresh_queue(UnitOfWork(engine, clock=FixedClock(now)), model=model)
        publish_seconds = perf_counter() - started
        latencies = claim_latencies(engine, now)
    finally:
        engine.dispose()
    budget_book = measure_budget_book(database_url) if vehicles >= BUDGET_ACCOUNTS else {}
    return {
        "queue_accounts": accounts,
        "queue_build_s": round(median(builds), 4),
        "queue_publish_s": round(publish_seconds, 4),
        "roll_model_train_s": round(train_seconds, 3),
        "roll_model_holdout_auc": round(model.metadata["holdout_auc_last_4_weeks"] or 0.0, 3),
        "next_account_p50_ms": round(float(np.percentile(latencies, 50)) * 1000, 2),
        "next_account_p95_ms": round(float(np.percentile(latencies, 95)) * 1000, 2),
        **budget_book,
    }
