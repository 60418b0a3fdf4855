"""A payroll week small enough to pay by hand: Monday 2026-11-09 to Sunday 2026-11-15.

- DRV-000001 (employed since 2026-01-05): this week 44 h (Mon–Thu 11 h), 8,800 MXN billed in
  4 trips, 310 tips; the previous week 40 h. Base 2,500 + bonus 500 + 4 h × 50 = 3,200.
- DRV-000002 (starts Wednesday 2026-11-11: 3 weekdays, 5 days employed): 26 h and 3,700 billed
  against a goal scaled to 24 h and 3,600. Base 2,500, no bonus, first week (no overtime) = 2,500.
- DRV-000003 (employed since 2026-01-05): 32 h (its last shift checks in Sunday 19:00), 4,000 billed: goal missed, support 1,000, topped
  up to the legal minimum 7 × 315.04 = 2,205.28 (top-up 1,205.28). Its trip starting Sunday 20:00
  belongs to next week; one starting Sunday 19:59 to this one.
- DRV-000004 is on LTO: never on the payroll.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session

from lafa_core.config import LOCAL_TZ
from lafa_core.tables import Contract, Depot, Shift, Trip, Vehicle
from tests.factories import driver

MONDAY = date(2026, 11, 9)
SUNDAY = date(2026, 11, 15)
AFTER_CLOSE = datetime(2026, 11, 16, 9, 0, tzinfo=LOCAL_TZ)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)


def build_payroll_week(engine) -> None:
    with Session(engine) as session:
        session.add(Depot(id=1, code="DEP-01", name="Vallejo", zone="Azcapotzalco", lat=19.49, lon=-99.16,
                          charger_count=4, charger_kw=7.2))
        session.flush()
        for i in range(1, 5):
            session.add(Vehicle(id=i, vin=f"VIN{i:014d}", oem="JAC", model="E10X", plate=f"AAA-0{i}-00",
                                battery_kwh=31.4, status="assigned", depot_id=1, in_service_on=date(2025, 11, 1),
                                acquisition_cost_centavos=40_000_000))
            session.add(driver(i, "LTO" if i == 4 else "DaE", joined_on=date(2026, 1, 5), name="Conductora"))
        session.flush()
        for i, start in ((1, date(2026, 1, 5)), (2, date(2026, 11, 11)), (3, date(2026, 1, 5))):
            session.add(Contract(id=i, code=f"DAE-{i}", driver_id=i, vehicle_id=i, product="DaE", kind="employment",
                                 start_on=start, weekly_rate_centavos=250_000, status="active"))
        session.add(Contract(id=4, code="LTO-4", driver_id=4, vehicle_id=4, product="LTO", kind="lease",
                             start_on=date(2026, 1, 5), term_weeks=208, weekly_rate_centavos=300_000, status="active"))
        session.flush()
        trip = iter(range(1, 1000))

        def shift(driver: int, day: date, start: int, hours: float, trips: list[tuple[int, int, int]]) -> None:
            row = Shift(driver_id=driver, vehicle_id=driver, depot_id=1, work_date=day, starts_at=at(day, start),
                        ends_at=at(day, start) + timedelta(hours=hours), hours=hours, trip_count=len(trips),
                        billed_centavos=sum(t[1] for t in trips), tips_centavos=sum(t[2] for t in trips))
            session.add(row)
            session.flush()
            for offset_minutes, fare, tip in trips:
                begins = at(day, start) + timedelta(minutes=offset_minutes)
                session.add(Trip(trip_code=f"T{next(trip):05d}", shift_id=row.id, driver_id=driver, vehicle_id=driver,
                                 started_at=begins, ended_at=begins + timedelta(minutes=30), km=12.0,
                                 fare_centavos=fare, tip_centavos=tip))

        previous_monday = MONDAY - timedelta(days=7)
        for d in range(4):  # the previous week: 40 h
            shift(1, previous_monday + timedelta(days=d), 7, 10, [(60, 150_000, 0)])
        for d in range(4):  # this week: 44 h, 8,800 billed, 310 tips
            shift(1, MONDAY + timedelta(days=d), 7, 11, [(60, 220_000, 7_750 if d < 4 else 0)])
        for d in range(2, 4):  # starts Wednesday: 26 h, 3,700 billed
            shift(2, MONDAY + timedelta(days=d), 8, 13, [(90, 185_000, 0)])
        shift(3, previous_monday, 7, 40, [(60, 100_000, 0)])  # previous week
        for d in range(3):  # 30 h, 4,000 billed this week, one trip at 19:59 Sunday too
            shift(3, MONDAY + timedelta(days=d), 8, 10, [(60, 120_000, 0)])
        shift(3, SUNDAY, 19, 2, [(59, 40_000, 0), (60, 99_900, 0)])  # 19:59 this week; 20:00 next week's
        shift(4, MONDAY, 7, 10, [(60, 500_000, 0)])  # the LTO driver drives for DiDi on their own
        session.commit()
