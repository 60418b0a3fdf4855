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
from datetime import date, datetime, time as clock_time
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lafa_core.config import LOCAL_TZ
from lafa_core.db import make_engine, migrate
from lafa_core.finance import documents, service
from lafa_core.identity import Actor
from lafa_core.imports.bench import _scratch_database
from lafa_core.imports.queries import _bulk_insert
from lafa_core.ingest.bench import _build_leases
from lafa_core.tables import Installment, Payment
from lafa_core.uow import UnitOfWork

LEASES, TERM = 2_404, 208  # 500,032 installments
FINANCE = Actor("bench.finanzas", "finance")


def _build_book(engine) -> None:
    """The ingest bench's leases (one driver and vehicle each, the ledger's 208-week schedule), the
    first quarter of every schedule paid on its due day, with its payment."""
    _build_leases(engine, LEASES)
    paid = Installment.seq <= TERM // 4
    with engine.begin() as conn:
        conn.execute(update(Installment.__table__).where(paid)
                     .values(paid_centavos=Installment.amount_centavos, paid_on=Installment.due_on))
    with Session(engine) as session:
        rows = session.execute(select(Installment.contract_id, Installment.due_on, Installment.amount_centavos)
                               .where(paid)).all()
        _bulk_insert(session, Payment.__table__, ("contract_id", "paid_at", "paid_on", "amount_centavos", "method"),
                     [(c, datetime.combine(due, clock_time(12), tzinfo=LOCAL_TZ), due, amount, "spei")
                      for c, due, amount in rows])
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
