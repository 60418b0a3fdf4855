"""Benchmark rows of finance (called by `python -m lafa_core.bench`).

Budgets: the payments ledger of 500,000 installments exported under 30 s and under 1 GB of memory
(`ledger_500k_s`, `ledger_500k_peak_mb`: the exporting process's peak resident memory, measured in
a fresh process of its own); 500 LTO statements rendered and zipped under 60 s
(`statements_500_zip_s`). Both run on a throw-away database beside the company's, filled with
2,404 leases of 208 weekly installments (500,032 rows), a quarter of them paid. The statements'
time includes reading the loan book (every active lease's schedule) from the database."""
from __future__ import annotations

import multiprocessing
import resource
import tempfile
import time
from datetime import date, datetime, time as clock_time, timedelta
from pathlib import Path

from sqlalchemy import insert

from lafa_core.db import make_engine, migrate
from lafa_core.finance import documents, service
from lafa_core.identity import Actor
from lafa_core.imports.bench import _scratch_database
from lafa_core.imports.queries import _bulk_insert
from lafa_core.config import LOCAL_TZ
from lafa_core.tables import Contract, Depot, Driver, Installment, Payment, Vehicle
from lafa_core.uow import UnitOfWork

LEASES, TERM = 2_404, 208
FIRST_START = date(2024, 1, 1)
FINANCE = Actor("bench.finanzas", "finance")


def _build_book(engine) -> None:
    ids = range(1, LEASES + 1)
    with engine.begin() as conn:
        conn.execute(insert(Depot.__table__), [dict(id=1, code="BENCH", name="Bench", zone="CDMX", lat=19.4, lon=-99.1,
                                                    charger_count=1, charger_kw=7.2)])
        conn.execute(insert(Vehicle.__table__), [dict(
            id=i, vin=f"BENCH{i:012d}", oem="JAC", model="E10X", plate=f"B{i:07d}", battery_kwh=31.4, status="assigned",
            depot_id=1, in_service_on=FIRST_START, acquisition_cost_centavos=40_000_000) for i in ids])
        conn.execute(insert(Driver.__table__), [dict(
            id=i, code=f"DRV-{i:06d}", full_name=f"Arrendatario {i}", curp=f"B{i:017d}", rfc=f"B{i:012d}",
            phone="+525500000000", birth_date=date(1990, 1, 1), product="LTO", status="active", zone="CDMX",
            home_lat=19.4, home_lon=-99.1, joined_on=FIRST_START) for i in ids])
        conn.execute(insert(Contract.__table__), [dict(
            id=i, code=f"LTO-{i:06d}", driver_id=i, vehicle_id=i, product="LTO", kind="lease",
            start_on=FIRST_START + timedelta(days=i % 300), term_weeks=TERM, weekly_rate_centavos=280_000,
            deposit_centavos=840_000, status="active") for i in ids])
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        rows, payments = [], []
        for i in ids:
            start = FIRST_START + timedelta(days=i % 300)
            for seq in range(1, TERM + 1):
                due = start + timedelta(days=7 * seq)
                paid = seq <= TERM // 4
                rows.append((i, seq, due, 280_000, 280_000 if paid else 0, due if paid else None))
                if paid:
                    payments.append((i, datetime.combine(due, clock_time(12), tzinfo=LOCAL_TZ), due, 280_000, "spei"))
        _bulk_insert(session, Installment.__table__,
                     ("contract_id", "seq", "due_on", "amount_centavos", "paid_centavos", "paid_on"), rows)
        _bulk_insert(session, Payment.__table__, ("contract_id", "paid_at", "paid_on", "amount_centavos", "method"),
                     payments)
        session.commit()


def _export(url: str, path: str, queue) -> None:
    engine = make_engine(url)
    started = time.perf_counter()
    rows = service.write_payments_ledger(UnitOfWork(engine, actor=FINANCE), path, date(2000, 1, 1),
                                         date(2100, 12, 31), "es")
    queue.put((rows, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    engine.dispose()


def measure(database_url: str, vehicles: int) -> dict[str, float]:
    url, cleanup = _scratch_database(database_url)
    engine = make_engine(url)
    try:
        migrate(engine)
        _build_book(engine)
        with tempfile.TemporaryDirectory(prefix="lafa-finance-bench-") as folder:
            context = multiprocessing.get_context("spawn")
            queue = context.Queue()
            child = context.Process(target=_export, args=(url, str(Path(folder) / "ledger.xlsx"), queue))
            child.start()
            rows, seconds, peak_mb = queue.get(timeout=600)
            child.join()
        started = time.perf_counter()
        _, book = service.loan_book(UnitOfWork(engine, actor=FINANCE))
        if len(book) < 500:
            raise RuntimeError(f"the bench book has {len(book)} active leases, not 500")
        documents.statements_zip(book[:500])
        zip_seconds = time.perf_counter() - started
    finally:
        engine.dispose()
        cleanup()
    return {"ledger_500k_s": round(seconds, 2), "ledger_500k_rows": rows, "ledger_500k_peak_mb": round(peak_mb),
            "statements_500_zip_s": round(zip_seconds, 2)}


if __name__ == "__main__":  # python -m lafa_core.finance.bench [DATABASE_URL]
    import json
    import sys

    print(json.dumps(measure(sys.argv[1] if len(sys.argv) > 1 else "sqlite:///data/lafa.db", 0)))
