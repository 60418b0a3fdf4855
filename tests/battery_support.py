"""Battery health test fixtures.

`planted_batteries(seed, vehicles)`: which cars the demo generator planted as fast-fading and why,
derived from the seed exactly as lafa_core.generate.activity draws them (its own stream of the
seed): the product never stores it, so only the tests know. The cause is the one drawn; the
generator turns fast charging and deep discharges (lease drivers' habits) into heat for a car mostly
on DaE.

`build_battery_fleet(engine)`: a fleet small enough to check by hand, its data ending on `END`
(Sunday 22 November 2026), 140 days of readings (20 weeks) for every car, one depot:
- BAT-001 … BAT-040: LFP inside the band, fading 2.0 %/yr (± a little, per car), 200 km a day,
  34 °C daily maximum, days ending at 50 % charge, charged at the depot's 7.2 kW.
- BAT-041 (`HOT`): fades 8 %/yr with 43 °C daily maxima.
- BAT-042 (`DEEP`): fades 7 %/yr; 60 % of its days end at 8 % charge.
- BAT-043 (`FAULT`): fades 8 %/yr with nothing in its use to explain it (a warranty claim).
- BAT-044 (`WORN`): fades 6 %/yr and reads 81 % today (rotate: 80 % within 180 days).
- BAT-045 (`SHORT`): in service since 1 October 2026 (7 weeks of readings): no anomaly judged.
BAT-001 is on an LTO lease started 1 June 2026 (deposit 30,000 MXN, 2,900 MXN a week, option 20,000
MXN), six installments paid. Every reading's SOH is on its line plus a small seeded noise; each car
cost 400,000 MXN and entered service `AGE_DAYS` before END (BAT-045 excepted).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
from sqlalchemy import insert

from lafa_core.config import LOCAL_TZ
from lafa_core.generate.activity import PLANTED_CAUSES, PLANTED_SHARE, PLANTED_STREAM
from lafa_core.tables import (
    ChargingSession, Contract, Depot, Driver, Installment, TelemetryDaily, Vehicle,
)
from tests.factories import unit_of_work

END = date(2026, 11, 22)
DAYS = 140
FIRST = END - timedelta(days=DAYS - 1)
AGE_DAYS = 500  # a year and four months in service on END
COST = 400_000 * 100
NORMAL = 40
HOT, DEEP, FAULT, WORN, SHORT = 41, 42, 43, 44, 45
PLANTED = {HOT: "heat", DEEP: "deep_discharge", FAULT: "none", WORN: "none"}
FADE = {HOT: 8.0, DEEP: 7.0, FAULT: 8.0, WORN: 6.0}  # %/yr
LEASE_START = date(2026, 6, 1)


def planted_batteries(seed: int, vehicles: int) -> dict[int, str]:
    """{vehicle_id: cause} of the fast-fading batteries the generator planted for this seed."""
    rng = np.random.default_rng([seed, PLANTED_STREAM])
    anomalous = rng.random(vehicles) < PLANTED_SHARE
    cause = rng.integers(1, len(PLANTED_CAUSES) + 1, vehicles)
    return {int(i) + 1: PLANTED_CAUSES[int(cause[i]) - 1] for i in np.flatnonzero(anomalous)}


def plate(vehicle_id: int) -> str:
    return f"BAT-{vehicle_id:03d}"


def fade_of(vehicle_id: int) -> float:
    return FADE.get(vehicle_id, 2.0 + 0.01 * ((vehicle_id * 7) % 11 - 5))


def soh_line(vehicle_id: int, day: date) -> float:
    """The car's true SOH on `day` (before noise)."""
    if vehicle_id == WORN:
        return 81.0 + fade_of(vehicle_id) * (END - day).days / 365.25
    if vehicle_id == SHORT:
        return 100.0 - 2.0 * (day - date(2026, 10, 1)).days / 365.25
    return 100.0 - fade_of(vehicle_id) * (day - (END - timedelta(days=AGE_DAYS))).days / 365.25


def build_battery_fleet(engine, *, noise: float = 0.1) -> None:
    rng = np.random.default_rng(14)
    with unit_of_work(engine) as session:
        session.add(Depot(id=1, code="DEP-01", name="Vallejo", zone="Azcapotzalco", lat=19.49, lon=-99.16,
                          charger_count=8, charger_kw=7.2))
        session.flush()
        for v in range(1, SHORT + 1):
            in_service = date(2026, 10, 1) if v == SHORT else END - timedelta(days=AGE_DAYS)
            session.add(Vehicle(id=v, vin=f"VINBAT{v:011d}", oem="JAC" if v % 2 else "Geely", model="E10X" if v % 2 else "EX2",
                                plate=plate(v), battery_kwh=31.4, status="assigned", depot_id=1, in_service_on=in_service,
                                acquisition_cost_centavos=COST))
        session.flush()
        session.add(Driver(id=1, code="DRV-000001", full_name="Conductor 1", curp="CURP00000000000001", rfc="RFC0000000001",
                           phone="+52 55 0000 0001", birth_date=date(1990, 1, 1), product="LTO", status="active",
                           zone="Iztapalapa", home_lat=19.35, home_lon=-99.06, joined_on=date(2026, 5, 1)))
        session.flush()
        session.add(Contract(id=1, code="LTO-0000001", driver_id=1, vehicle_id=1, product="LTO", kind="lease",
                             start_on=LEASE_START, term_weeks=208, weekly_rate_centavos=290_000,
                             deposit_centavos=3_000_000, purchase_option_centavos=2_000_000, status="active"))
        session.flush()
        session.execute(insert(Installment), [
            {"contract_id": 1, "seq": s, "due_on": LEASE_START + timedelta(weeks=s), "amount_centavos": 290_000,
             "paid_centavos": 290_000 if s <= 6 else 0, "paid_on": LEASE_START + timedelta(weeks=s) if s <= 6 else None}
            for s in range(1, 209)])
        telemetry, charging = [], []
        for v in range(1, SHORT + 1):
            odometer = 20_000.0
            for d in range(DAYS):
                day = FIRST + timedelta(days=d)
                if v == SHORT and day < date(2026, 10, 1):
                    continue
                odometer += 200.0
                soc = 8.0 if v == DEEP and d % 5 < 3 else 50.0
                telemetry.append({"vehicle_id": v, "day": day, "km": 200.0, "odometer_km": odometer,
                                  "soc_end_pct": soc, "soh_pct": round(soh_line(v, day) + rng.normal(0, noise), 2),
                                  "max_battery_temp_c": round((43.0 if v == HOT else 34.0) + rng.normal(0, 1.0), 1),
                                  "lat": 19.49, "lon": -99.16})
                if d % 7 == 0:
                    start = datetime(day.year, day.month, day.day, 22, 0, tzinfo=LOCAL_TZ)
                    charging.append({"vehicle_id": v, "depot_id": 1, "product": "DaE", "charge_date": day,
                                     "started_at": start, "ended_at": start + timedelta(hours=3),
                                     "energy_kwh": 20.0, "tariff_period": "base", "cost_centavos": 2_000,
                                     "price_centavos": 0})
        session.execute(insert(TelemetryDaily), telemetry)
        session.execute(insert(ChargingSession), charging)
