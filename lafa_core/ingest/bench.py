"""Benchmark rows of sheet imports, run by `python -m lafa_core.bench` (budget: 50,000 payment rows
validated and written in under 30 s, the KPI rollup and collections queue rebuilt after it).

`bench_payments_import` builds 1,000 leases with their 208-week schedules on an empty migrated
database and imports a payments sheet of 50,000 rows (50 weekly payments per lease), then the same
sheet again (every row already recorded: nothing written). `measure` runs it on a throw-away database
beside the company's, as lafa_core.imports.bench does.
"""
from __future__ import annotations

import csv
import io
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter

from sqlalchemy import insert

from lafa_core.clock import FixedClock
from lafa_core.config import LOCAL_TZ
from lafa_core.db import make_engine, migrate
from lafa_core.identity import Actor
from lafa_core.imports.bench import _scratch_database
from lafa_core.ingest.kinds import METHOD, header
from lafa_core.ingest.service import import_sheet
from lafa_core.ledger import lease_schedule
from lafa_core.tables import Contract, Depot, Driver, Installment, Vehicle
from lafa_core.uow import UnitOfWork

BENCH_START = date(2025, 1, 6)
WEEKLY = 350_000


def _build_leases(engine, leases: int) -> None:
    ids = range(1, leases + 1)
    with engine.begin() as conn:
        conn.execute(insert(Depot.__table__), [dict(id=1, code="BENCH", name="Bench", zone="CDMX", lat=19.4,
                                                    lon=-99.1, charger_count=1, charger_kw=7.2)])
        conn.execute(insert(Vehicle.__table__), [dict(
            id=i, vin=f"BENCH{i:012d}", oem="JAC", model="E10X", plate=f"B{i:07d}", battery_kwh=31.4,
            status="assigned", depot_id=1, in_service_on=date(2024, 12, 1), acquisition_cost_centavos=40_000_000,
            odometer_km_at_service_start=0.0) for i in ids])
        conn.execute(insert(Driver.__table__), [dict(
            id=i, code=f"DRV-{i:06d}", full_name=f"Conductor {i}", curp=f"B{i:017d}", rfc=f"B{i:012d}",
            phone="+525500000000", birth_date=date(1990, 1, 1), product="LTO", status="active", zone="CDMX",
            home_lat=19.4, home_lon=-99.1, joined_on=date(2024, 12, 1), has_valid_licence=True,
            opted_out_of_messages=False, do_not_contact=False) for i in ids])
        conn.execute(insert(Contract.__table__), [dict(
            id=i, code=f"LTO-{i:07d}", driver_id=i, vehicle_id=i, product="LTO", kind="lease", start_on=BENCH_START,
            term_weeks=208, weekly_rate_centavos=WEEKLY, deposit_centavos=0, purchase_option_centavos=0,
            status="active") for i in ids])
        schedule = lease_schedule(BENCH_START, 208, WEEKLY)
        conn.execute(insert(Installment.__table__), [dict(
            contract_id=i, seq=seq, due_on=due, amount_centavos=amount, paid_centavos=0, paid_on=None)
            for i in ids for seq, due, amount in schedule])
        if conn.dialect.name == "postgresql":
            for table in ("depot", "vehicle", "driver", "contract"):
                conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")


def payments_file(leases: int, weeks: int) -> bytes:
    """A payments sheet as finance fills it: one payment per lease and week, paid on its due day."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    names = ("reference", "contract", "paid_on", "paid_time", "amount_centavos", "method")
    writer.writerow([header("payments", name, "es") for name in names])
    methods = METHOD.labels("es")
    for week in range(1, weeks + 1):
        day = (BENCH_START + timedelta(days=7 * week)).strftime("%d/%m/%Y")
        for lease in range(1, leases + 1):
            writer.writerow([f"SPEI{week:03d}{lease:07d}", f"LTO-{lease:07d}", day, "10:30", "$3,500.00",
                             methods[(week + lease) % 3]])
    return buffer.getvalue().encode("utf-8-sig")


def bench_payments_import(engine, leases: int = 1_000, weeks: int = 50) -> dict:
    """The roll model the queue rebuild trains is kept in a scratch folder, never the company's."""
    with tempfile.TemporaryDirectory(prefix="lafa-ingest-bench-") as models:
        return _bench(engine, leases, weeks, Path(models))


def _bench(engine, leases: int, weeks: int, models: Path) -> dict:
    _build_leases(engine, leases)
    data = payments_file(leases, weeks)
    actor = Actor("bench.finanzas", "finance")
    clock = FixedClock(datetime.combine(BENCH_START + timedelta(days=7 * weeks + 8), time(9), tzinfo=LOCAL_TZ))
    started = perf_counter()
    report = import_sheet(UnitOfWork(engine, actor=actor, clock=clock), "payments", data, filename="bench.csv",
                          models_dir=models)
    seconds = perf_counter() - started
    if not report.ok:
        raise RuntimeError(f"bench sheet refused: {report.problems[0].text('en')}")
    started = perf_counter()
    again = import_sheet(UnitOfWork(engine, actor=actor, clock=clock), "payments", data, filename="bench.csv",
                         models_dir=models)
    return {"rows": leases * weeks, "import_s": round(seconds, 2), "written": report.written,
            "refreshed": report.refreshed, "reimport_s": round(perf_counter() - started, 2),
            "reimport_unchanged": again.skipped_identical}


def measure(database_url: str, vehicles: int) -> dict[str, float]:
    url, cleanup = _scratch_database(database_url)
    engine = make_engine(url)
    try:
        migrate(engine)
        figures = bench_payments_import(engine)
    finally:
        engine.dispose()
        cleanup()
    return {"payments_50k_s": figures["import_s"], "payments_50k_reimport_s": figures["reimport_s"]}


if __name__ == "__main__":  # python -m lafa_core.ingest.bench [DATABASE_URL]
    import json
    import sys

    url, cleanup = _scratch_database(sys.argv[1] if len(sys.argv) > 1 else "sqlite:///data/lafa.db")
    engine = make_engine(url)
    try:
        migrate(engine)
        print(json.dumps(bench_payments_import(engine)))
    finally:
        engine.dispose()
        cleanup()
