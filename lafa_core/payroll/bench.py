"""Benchmark rows of DaE payroll, run by `python -m lafa_core.bench`.

Budget (issue 15): the payroll of 2,000 drivers for one week of trips under 2 s
(`week_2000_drivers_s`: computing every payslip; `close_2000_drivers_s`: closing the week, which
writes them). A synthetic week (2,000 employees, five 9-hour shifts and 60 trips each, plus the
previous week's shifts) in a throw-away SQLite file, so the figure does not depend on how many
DaE drivers the built company happens to have; the built company's own latest week is timed too."""
from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from time import perf_counter

from sqlalchemy import insert

from lafa_core.config import LOCAL_TZ
from lafa_core.db import make_engine, migrate
from lafa_core.identity import Actor
from lafa_core.payroll.service import close_week, recent_weeks, week_payroll
from lafa_core.tables import Contract, Depot, Driver, Shift, Trip, Vehicle
from lafa_core.uow import UnitOfWork
from lafa_core.clock import FixedClock

MONDAY = date(2026, 11, 9)
HR = Actor("bench.rh", "hr_payroll")


def _synthetic_week(engine, drivers: int) -> None:
    people, cars, contracts, shifts, trips = [], [], [], [], []
    for i in range(1, drivers + 1):
        people.append(dict(id=i, code=f"DRV-{i:06d}", full_name=f"Conductor {i}", curp=f"X{i:017d}", rfc=f"X{i:012d}",
                           phone="+525500000000", birth_date=date(1990, 1, 1), product="DaE", status="active",
                           zone="Iztapalapa", home_lat=19.35, home_lon=-99.06, joined_on=date(2025, 1, 6)))
        cars.append(dict(id=i, vin=f"V{i:016d}", oem="JAC", model="E10X", plate=f"B{i:06d}", battery_kwh=31.4,
                         status="assigned", depot_id=1, in_service_on=date(2025, 1, 1),
                         acquisition_cost_centavos=40_000_000))
        contracts.append(dict(id=i, code=f"DAE-{i}", driver_id=i, vehicle_id=i, product="DaE", kind="employment",
                              start_on=date(2025, 1, 6), weekly_rate_centavos=250_000, status="active"))
    shift_id = trip_id = 0
    for week in (MONDAY - timedelta(days=7), MONDAY):
        for i in range(1, drivers + 1):
            for d in range(5):
                shift_id += 1
                start = datetime.combine(week + timedelta(days=d), datetime.min.time(), LOCAL_TZ) + timedelta(hours=7)
                shifts.append(dict(id=shift_id, driver_id=i, vehicle_id=i, depot_id=1, work_date=week + timedelta(days=d),
                                   starts_at=start, ends_at=start + timedelta(hours=9), hours=9.0, trip_count=12,
                                   billed_centavos=144_000, tips_centavos=3_000, source="dispatch"))
                if week == MONDAY:
                    for k in range(12):
                        trip_id += 1
                        begins = start + timedelta(minutes=40 * k)
                        trips.append(dict(trip_code=f"T{trip_id:09d}", shift_id=shift_id, driver_id=i, vehicle_id=i,
                                          started_at=begins, ended_at=begins + timedelta(minutes=30), km=10.0,
                                          fare_centavos=12_000, tip_centavos=250))
    with engine.begin() as conn:
        conn.execute(insert(Depot), [dict(id=1, code="DEP-01", name="Vallejo", zone="Azcapotzalco", lat=19.49,
                                          lon=-99.16, charger_count=40, charger_kw=7.2)])
        for table, rows in ((Driver, people), (Vehicle, cars), (Contract, contracts), (Shift, shifts), (Trip, trips)):
            conn.execute(insert(table), rows)


def measure(database_url: str, vehicles: int, drivers: int = 2_000) -> dict[str, float]:
    after = FixedClock(datetime(2026, 11, 16, 9, 0, tzinfo=LOCAL_TZ))
    with tempfile.TemporaryDirectory(prefix="lafa-payroll-bench-") as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'payroll.db'}")
        try:
            migrate(engine)
            _synthetic_week(engine, drivers)
            started = perf_counter()
            computed = week_payroll(UnitOfWork(engine, actor=HR, clock=after), MONDAY)
            week_s = perf_counter() - started
            started = perf_counter()
            close_week(UnitOfWork(engine, actor=HR, clock=after), MONDAY)
            close_s = perf_counter() - started
        finally:
            engine.dispose()
    assert len(computed.lines) == drivers
    company = make_engine(database_url)
    try:
        weeks = recent_weeks(UnitOfWork(company, actor=HR))
        started = perf_counter()
        latest = week_payroll(UnitOfWork(company, actor=HR), weeks[1][0]) if len(weeks) > 1 else None
        company_s = perf_counter() - started
    finally:
        company.dispose()
    return {"week_2000_drivers_s": round(week_s, 3), "close_2000_drivers_s": round(close_s, 3),
            "company_week_s": round(company_s, 3), "company_week_drivers": len(latest.lines) if latest else 0}
