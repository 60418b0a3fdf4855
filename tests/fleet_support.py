"""A fleet of four JAC E10X (service every 15,000 km or 12 months) small enough to check by hand.
The data's day is Sunday 11 January 2026 (`DAY`); the wall clock stops on Monday 12 January at
10:00 (`NOW`). Telemetry covers the 28 days up to DAY. The 13-week period runs from 13 Oct 2025.

- FLT-001 (V1): DaE, driver 1 "Ana López Pérez", 200 km a day, odometer 29,800 on DAY; last
  preventive service 1 Oct 2025 at 15,000 km → due at 30,000 km: 200 km left, reached in 1 day
  (12 ene 2026), due soon by km. Policy Qualitas 30,000 MXN ending 1 Feb 2026 (21 days: the
  30-day window, no renewal).
- FLT-002 (V2): LTO lease, driver 2 "Beto Ruiz Soto", 100 km a day, odometer 20,000, never
  serviced since 0 km → overdue by 5,000 km. Repair 1–4 Dec 2025, 3,000 MXN (3 days in the
  workshop). Policy GNP 24,000 MXN, 1 Jun 2025 – 1 Jun 2026. Incident 1: minor collision 20 Dec
  2025 10:00, 12,000 MXN, resolved 24 hours later; claim 1 on it: paid 11,400 MXN on 5 Jan 2026.
  Its telemetry places it at 19.36, -99.07 (Iztapalapa).
- FLT-003 (V3): no contract, never driven, odometer 1,000, in service since 5 Jan 2025, never
  serviced → overdue by date since 5 Jan 2026. No policy: uninsured.
- FLT-004 (V4): no contract, 50 km a day, odometer 5,000, in service since 1 Jun 2025; a repair
  open since 9 Jan 2026 (in the workshop: 3 days of the period). Due by date 1 Jun 2026 (141 days).
  Policy AXA 36,000 MXN, 1 Jun 2025 – 1 Jun 2026. Incident 2: tyre damage 10 Jan 2026 18:30,
  2,000 MXN, driver 1, open.
Period figures: 4 vehicles × 91 days = 364 vehicle-days; 3,000 MXN of work orders opened →
$251 per vehicle-month (below the 500–1,000 band); 6 workshop days (1.6 % of fleet days).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from lafa_core.config import LOCAL_TZ
from lafa_core.tables import (
    Contract, Depot, Driver, Incident, InsuranceClaim, InsurancePolicy, MaintenanceRecord, TelemetryDaily, Vehicle,
)
from tests.factories import unit_of_work

DAY = date(2026, 1, 11)
NOW = datetime(2026, 1, 12, 10, 0, tzinfo=LOCAL_TZ)
NAMES = {1: "Ana López Pérez", 2: "Beto Ruiz Soto"}
# vehicle → (in service on, km a day, odometer on DAY, lat, lon)
FLEET = {1: (date(2025, 1, 1), 200.0, 29_800.0, 19.49, -99.16), 2: (date(2025, 1, 1), 100.0, 20_000.0, 19.36, -99.07),
         3: (date(2025, 1, 5), 0.0, 1_000.0, 19.49, -99.16), 4: (date(2025, 6, 1), 50.0, 5_000.0, 19.43, -99.15)}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)


def build_fleet(engine) -> None:
    with unit_of_work(engine) as session:
        session.add(Depot(id=1, code="DEP-01", name="Vallejo", zone="Azcapotzalco", lat=19.49, lon=-99.16,
                          charger_count=4, charger_kw=7.2))
        session.flush()
        for i, (since, _, _, _, _) in FLEET.items():
            session.add(Vehicle(id=i, vin=f"VINFLT{i:011d}", oem="JAC", model="E10X", plate=f"FLT-00{i}",
                                battery_kwh=31.4, status="assigned" if i <= 2 else "available", depot_id=1,
                                in_service_on=since, acquisition_cost_centavos=40_000_000))
        for i, product in ((1, "DaE"), (2, "LTO")):
            session.add(Driver(id=i, code=f"DRV-{i:06d}", full_name=NAMES[i], curp=f"CURPFLT{i:011d}",
                               rfc=f"RFCFLT{i:07d}", phone=f"+52 55 0000 300{i}", birth_date=date(1990, 1, i),
                               product=product, status="active", zone="Iztapalapa", home_lat=19.35, home_lon=-99.06,
                               joined_on=date(2025, 1, 1)))
        session.flush()
        session.add(Contract(id=1, code="DAE-FLT-1", driver_id=1, vehicle_id=1, product="DaE", kind="employment",
                             start_on=date(2025, 1, 1), weekly_rate_centavos=250_000, status="active"))
        session.add(Contract(id=2, code="LTO-FLT-2", driver_id=2, vehicle_id=2, product="LTO", kind="lease",
                             start_on=date(2025, 1, 1), term_weeks=208, weekly_rate_centavos=300_000, status="active"))
        for i, (_, daily, odometer, lat, lon) in FLEET.items():
            for back in range(28):
                day = DAY - timedelta(days=back)
                session.add(TelemetryDaily(vehicle_id=i, day=day, km=daily, odometer_km=odometer - back * daily,
                                           soc_end_pct=60.0 + i, soh_pct=97.0 - i / 10, max_battery_temp_c=30.0,
                                           lat=lat, lon=lon))
        session.add_all([
            MaintenanceRecord(vehicle_id=1, opened_on=date(2025, 10, 1), closed_on=date(2025, 10, 2),
                              kind="preventive", description="Servicio 15,000 km", odometer_km=15_000.0,
                              cost_centavos=250_000, next_service_km=30_000.0),
            MaintenanceRecord(vehicle_id=2, opened_on=date(2025, 12, 1), closed_on=date(2025, 12, 4),
                              kind="corrective", description="Suspensión", odometer_km=16_000.0, cost_centavos=300_000),
            MaintenanceRecord(vehicle_id=4, opened_on=date(2026, 1, 9), kind="corrective",
                              description="Frenos", odometer_km=4_900.0, cost_centavos=0),
        ])
        session.add_all([
            InsurancePolicy(vehicle_id=1, insurer="Qualitas", policy_number="POL-FLT-1",
                            starts_on=date(2025, 2, 1), ends_on=date(2026, 2, 1), premium_centavos=3_000_000,
                            coverage="amplia"),
            InsurancePolicy(vehicle_id=2, insurer="GNP Seguros", policy_number="POL-FLT-2",
                            starts_on=date(2025, 6, 1), ends_on=date(2026, 6, 1), premium_centavos=2_400_000,
                            coverage="amplia"),
            InsurancePolicy(vehicle_id=4, insurer="AXA Seguros", policy_number="POL-FLT-4",
                            starts_on=date(2025, 6, 1), ends_on=date(2026, 6, 1), premium_centavos=3_600_000,
                            coverage="amplia"),
        ])
        session.flush()
        session.add_all([
            Incident(vehicle_id=2, driver_id=2, occurred_at=at(date(2025, 12, 20), 10), kind="minor_collision",
                     severity="medium", description="Golpe en semáforo", place="Eje 6 Sur y Tláhuac", lat=19.36,
                     lon=-99.07, estimated_cost_centavos=1_200_000, status="closed",
                     resolved_at=at(date(2025, 12, 21), 10)),
            Incident(vehicle_id=4, driver_id=1, occurred_at=at(date(2026, 1, 10), 18, 30), kind="tire_damage",
                     severity="low", description="Llanta ponchada", place="DEP-01 · Vallejo", lat=19.49, lon=-99.16,
                     estimated_cost_centavos=200_000, status="open"),
        ])
        session.flush()
        session.add(InsuranceClaim(policy_id=2, incident_id=1, filed_on=date(2025, 12, 22), status="paid",
                                   claimed_centavos=1_200_000, paid_centavos=1_140_000, closed_on=date(2026, 1, 5)))
