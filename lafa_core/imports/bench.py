"""Benchmark rows of imports, run by `python -m lafa_core.bench` (budget: 100,000 DiDi trip rows
validated and written in under 20 s, on SQLite and PostgreSQL).

`bench_didi_import` builds its own drivers, shifts and file on an empty migrated database; `measure`
runs it on a throw-away database beside the company's (a temporary SQLite file, or a temporary
database on the same PostgreSQL server), so the company itself is never changed.
"""
from __future__ import annotations

import csv
import io
import tempfile
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter, process_time

import numpy as np
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from lafa_core.clock import FixedClock
from lafa_core.config import LOCAL_TZ
from lafa_core.db import make_engine, migrate, normalize_url
from lafa_core.identity import Actor
from lafa_core.imports.didi import COLUMNS, import_didi_trips
from lafa_core.tables import Depot, Driver, Shift, Vehicle
from lafa_core.uow import UnitOfWork

BENCH_MONDAY = date(2026, 2, 9)
OUTSIDE_SHARE = 0.01  # trips starting after the driver's shift ended: imported with a warning


def _build_fleet(engine, drivers: int) -> None:
    ids = range(1, drivers + 1)
    shifts = []
    for offset in range(7):
        day = BENCH_MONDAY + timedelta(days=offset)
        starts_at = datetime.combine(day, time(6), tzinfo=LOCAL_TZ)
        shifts.extend(dict(driver_id=i, vehicle_id=i, depot_id=1, work_date=day, starts_at=starts_at,
                           ends_at=starts_at + timedelta(hours=10), hours=10.0, trip_count=0, billed_centavos=0,
                           tips_centavos=0, source="dispatch") for i in ids)
    with engine.begin() as conn:
        conn.execute(insert(Depot.__table__), [dict(id=1, code="BENCH", name="Bench", zone="CDMX", lat=19.4,
                                                    lon=-99.1, charger_count=1, charger_kw=7.2)])
        conn.execute(insert(Vehicle.__table__), [dict(
            id=i, vin=f"BENCH{i:012d}", oem="JAC", model="E10X", plate=f"B{i:07d}", battery_kwh=31.4,
            status="assigned", depot_id=1, in_service_on=date(2025, 1, 1), acquisition_cost_centavos=40_000_000,
            odometer_km_at_service_start=0.0) for i in ids])
        conn.execute(insert(Driver.__table__), [dict(
            id=i, code=f"DRV-{i:06d}", full_name=f"Conductor {i}", curp=f"B{i:017d}", rfc=f"B{i:012d}",
            phone="+525500000000", birth_date=date(1990, 1, 1), product="DaE", status="active", zone="CDMX",
            home_lat=19.4, home_lon=-99.1, joined_on=date(2025, 1, 1), has_valid_licence=True,
            opted_out_of_messages=False, do_not_contact=False) for i in ids])
        conn.execute(insert(Shift.__table__), shifts)


def didi_file(rows: int, drivers: int, seed: int = 7) -> bytes:
    """A DiDi export of `rows` trips over the bench week, written as DiDi writes it."""
    rng = np.random.default_rng(seed)
    driver = rng.integers(1, drivers + 1, rows)
    day = rng.integers(0, 7, rows)
    outside = rng.random(rows) < OUTSIDE_SHARE
    start_minute = np.where(outside, rng.integers(17 * 60, 20 * 60, rows), rng.integers(6 * 60, 15 * 60 + 50, rows))
    duration = rng.integers(5, 41, rows)
    end_minute = (start_minute + duration) % (24 * 60)
    cost = rng.integers(3_000, 40_000, rows)
    tip = np.where(rng.random(rows) < 0.15, rng.integers(500, 5_000, rows), 0)
    days = [(BENCH_MONDAY + timedelta(days=d)).strftime("%d/%m/%Y") for d in range(7)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in COLUMNS])
    for n, (d, day_index, start, end, fare, given) in enumerate(zip(
            driver.tolist(), day.tolist(), start_minute.tolist(), end_minute.tolist(), cost.tolist(), tip.tolist())):
        writer.writerow([f"DRV-{d:06d}", days[day_index], f"DD{n:010d}", f"{start // 60:02d}:{start % 60:02d}",
                         f"{end // 60:02d}:{end % 60:02d}", f"${fare / 100:,.2f}",
                         f"{given / 100:.2f}" if given else ""])
    return buffer.getvalue().encode("utf-8-sig")


def bench_didi_import(engine, rows: int = 100_000, drivers: int = 2_000) -> dict:
    """On an empty migrated database: `drivers` drivers with a 10-hour shift every day of one week,
    a DiDi file of `rows` trips (1 % outside every shift), imported, then imported again (all skipped).
    `import_cpu_s` is this process's CPU time for the first import (the database server's is not in it)."""
    _build_fleet(engine, drivers)
    data = didi_file(rows, drivers)
    actor = Actor("bench.nomina", "hr_payroll")
    clock = FixedClock(datetime.combine(BENCH_MONDAY + timedelta(days=8), time(9), tzinfo=LOCAL_TZ))
    started, cpu = perf_counter(), process_time()
    report = import_didi_trips(UnitOfWork(engine, actor=actor, clock=clock), data, filename="bench.csv")
    import_seconds, import_cpu = perf_counter() - started, process_time() - cpu
    if not report.ok:
        raise RuntimeError(f"bench file refused: {report.problems[0].text('en')}")
    started = perf_counter()
    again = import_didi_trips(UnitOfWork(engine, actor=actor, clock=clock), data, filename="bench.csv")
    reimport_seconds = perf_counter() - started
    return {"rows": rows, "file_mb": round(len(data) / 2**20, 1), "import_s": round(import_seconds, 2),
            "import_cpu_s": round(import_cpu, 2),
            "reimport_s": round(reimport_seconds, 2), "written": report.written, "warnings": len(report.warnings),
            "shifts_updated": report.shifts_updated, "reimport_skipped": again.skipped_identical}


def _scratch_database(database_url: str):
    """A throw-away database next to the company's; returns (url, cleanup)."""
    url = normalize_url(database_url)
    if url.startswith("sqlite"):
        folder = tempfile.TemporaryDirectory(prefix="lafa-imports-bench-")
        return f"sqlite:///{Path(folder.name) / 'imports.db'}", folder.cleanup
    server = make_url(url)
    name = f"lafa_imports_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(server.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return server.set(database=name).render_as_string(hide_password=False), drop


def measure(database_url: str, vehicles: int) -> dict[str, float]:
    url, cleanup = _scratch_database(database_url)
    engine = make_engine(url)
    try:
        migrate(engine)
        figures = bench_didi_import(engine)
    finally:
        engine.dispose()
        cleanup()
    return {"didi_100k_rows_s": figures["import_s"], "didi_100k_rows_cpu_s": figures["import_cpu_s"],
            "didi_100k_reimport_s": figures["reimport_s"]}


if __name__ == "__main__":  # python -m lafa_core.imports.bench [DATABASE_URL]
    import json
    import sys

    print(json.dumps(measure(sys.argv[1] if len(sys.argv) > 1 else "sqlite:///data/lafa.db", 0)))
