"""Import test helpers: three drivers, three vehicles and a week of shifts set by hand, and files
written the way DiDi and HR write them.

Payroll week under test: Monday 9 to Sunday 15 February 2026 (it closes Sunday 15 at 20:00).
- Driver 1 (DRV-000001) on vehicle 1: dispatch shifts Monday to Saturday 06:00-15:00 (shift ids
  1..6) and Sunday 15:00-22:00 (id 7); each starts with 2 trips, 100 MXN billed, 5 MXN of tips.
- Driver 2 (DRV-000002) on vehicle 2: one dispatch shift Tuesday 18:00 to Wednesday 02:00 (id 8).
- Driver 3 (DRV-000003): no shift.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, text
from sqlmodel import Session

from lafa_core.config import LOCAL_TZ
from lafa_core.tables import AuditLog, Depot, Driver, Shift, Trip, Vehicle
from tests import factories

MONDAY = date(2026, 2, 9)
SUNDAY = MONDAY + timedelta(days=6)
NEXT_MONDAY = MONDAY + timedelta(days=7)
NOW = datetime(2026, 2, 16, 9, 0, tzinfo=LOCAL_TZ)  # Monday after: HR imports last week's files
HR = "hr_payroll"
NAMES = {1: "Guadalupe Peñón Ortiz", 2: "Ximena Águila Ruiz", 3: "Tomás Núñez León"}
CURPS = {1: "PEOG900101MDFXRD01", 2: "AURX910202MDFGZM02", 3: "NULT920303HDFXNM03"}
DIDI_HEADER = ["Driver ID", "Date", "Trip ID", "Initial time", "Final time", "Cost", "Tip"]
CHECKIN_HEADER = ["Driver ID", "Date", "Check-in", "Check-out"]
START_TRIPS, START_BILLED, START_TIPS = 2, 10_000, 500


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=LOCAL_TZ)


def build_fleet(engine) -> None:
    with Session(engine) as session:
        session.add(Depot(id=1, code="DEP-01", name="Vallejo", zone="Azcapotzalco", lat=19.49, lon=-99.16,
                          charger_count=4, charger_kw=7.2))
        session.flush()
        for i in (1, 2, 3):
            session.add(Vehicle(id=i, vin=f"VIN{i:014d}", oem="JAC", model="E10X", plate=f"AAA-0{i}-00",
                                battery_kwh=31.4, status="assigned", depot_id=1, in_service_on=date(2025, 11, 1),
                                acquisition_cost_centavos=40_000_000))
            session.add(Driver(id=i, code=f"DRV-{i:06d}", full_name=NAMES[i], curp=CURPS[i], rfc=f"RFC{i:010d}",
                               phone=f"+5255000000{i:02d}", birth_date=date(1990, 1, i), product="DaE",
                               status="active", zone="Iztapalapa", home_lat=19.35, home_lon=-99.06,
                               joined_on=date(2025, 11, 20)))
        session.flush()
        for offset in range(7):
            day = MONDAY + timedelta(days=offset)
            start, end = (at(day, 15), at(day, 22)) if offset == 6 else (at(day, 6), at(day, 15))
            session.add(Shift(id=offset + 1, driver_id=1, vehicle_id=1, depot_id=1, work_date=day, starts_at=start,
                              ends_at=end, hours=(end - start).seconds / 3600, trip_count=START_TRIPS,
                              billed_centavos=START_BILLED, tips_centavos=START_TIPS))
        tuesday = MONDAY + timedelta(days=1)
        session.add(Shift(id=8, driver_id=2, vehicle_id=2, depot_id=1, work_date=tuesday, starts_at=at(tuesday, 18),
                          ends_at=at(tuesday + timedelta(days=1), 2), hours=8.0, trip_count=0, billed_centavos=0,
                          tips_centavos=0))
        session.commit()
    if engine.dialect.name == "postgresql":  # ids were given by hand: move the sequences past them
        with engine.begin() as conn:
            for table in ("depot", "vehicle", "driver", "shift"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))


def sheet_csv(header: list[str], rows: list[list], *, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def didi_csv(rows: list[list], **options) -> bytes:
    return sheet_csv(DIDI_HEADER, rows, **options)


def checkin_csv(rows: list[list], **options) -> bytes:
    return sheet_csv(CHECKIN_HEADER, rows, **options)


def hr(engine, role: str = HR, at_: datetime = NOW):
    return factories.uow(engine, "nomina.ana", at_, role)


def counts(engine) -> dict[str, int]:
    with Session(engine) as session:
        return {table.__name__: session.scalar(select(func.count()).select_from(table))
                for table in (Trip, Shift, AuditLog)}


def trips(engine) -> dict[str, Trip]:
    with Session(engine) as session:
        return {trip.trip_code: trip for trip in session.execute(select(Trip)).scalars()}


def shift(engine, shift_id: int) -> Shift:
    with Session(engine) as session:
        return session.get(Shift, shift_id)


def shifts(engine, source: str | None = None) -> list[Shift]:
    with Session(engine) as session:
        statement = select(Shift).order_by(Shift.starts_at)
        if source:
            statement = statement.where(Shift.source == source)
        return list(session.execute(statement).scalars())


def audit_records(engine, action: str | None = None) -> list[tuple[str, str, str, dict]]:
    """(actor, action, entity, details) of every audit record, oldest first."""
    with Session(engine) as session:
        statement = select(AuditLog).order_by(AuditLog.id)
        rows = session.execute(statement).scalars()
        return [(r.actor, r.action, r.entity, json.loads(r.details)) for r in rows
                if action is None or r.action == action]


def close_week(engine, monday, *, reopened: bool = False) -> None:
    """The payroll week of `monday` closed (version 1), and reopened (version 2, open) if asked."""
    from lafa_core.tables import PayrollRun

    with Session(engine) as session:
        session.add(PayrollRun(week_start=monday, version=1, status="closed", reason="", opened_at=NOW,
                               opened_by="nomina.ana", closed_at=NOW, closed_by="nomina.ana"))
        if reopened:
            session.add(PayrollRun(week_start=monday, version=2, status="open", reason="faltaban viajes",
                                   opened_at=NOW, opened_by="nomina.ana"))
        session.commit()
