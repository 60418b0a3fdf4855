"""A depot small enough to dispatch by hand, for Thursday 8 January 2026 (`DAY`), from the board
seen on Wednesday 7 January at 10:00 (`BOARD_AT`): tomorrow is DAY. Batteries of 40 kWh; the
night of the 7th is planned by the charging plan to 80 % by 06:00.

DEP-01 Vallejo (Azcapotzalco), 4 chargers of 7.2 kW; DEP-02 Iztapalapa.
- DSP-001: Conductor 1's own (DaE), 90 % on the 7th: ready as it is.
- DSP-002: Conductor 2's own (DaE), 30 %: charged overnight to 80 %: ready.
- DSP-003: Conductor 3's own (DaE), 50 %: in the workshop since 5 January (record still open).
- DSP-004: Conductor 4's own (DaE), 85 %: its policy ends on DAY (covers up to the 7th): uninsured.
- DSP-005: spare, 70 %: charged to 80 %: ready.
- DSP-006: on a lease (LTO driver 6): not the depot's to dispatch.
- Conductor 5 (DaE) drives a car of DEP-02: not on DEP-01's board.
Conductor 3 lives in Azcapotzalco (the depot's zone), Conductor 4 in Tlalpan.
Suggestion: 1 → DSP-001, 2 → DSP-002 (their own), 3 → DSP-005 (the depot's zone first); 4 waits.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from lafa_core.config import LOCAL_TZ
from lafa_core.tables import Contract, Depot, Driver, InsurancePolicy, MaintenanceRecord, TelemetryDaily, Vehicle
from tests.factories import unit_of_work

DAY = date(2026, 1, 8)
EVENING = DAY - timedelta(days=1)
BOARD_AT = datetime(2026, 1, 7, 10, 0, tzinfo=LOCAL_TZ)
ZONES = {1: "Gustavo A. Madero", 2: "Iztapalapa", 3: "Azcapotzalco", 4: "Tlalpan", 5: "Iztapalapa", 6: "Coyoacán"}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)


def build_dispatch_depot(engine) -> None:
    with unit_of_work(engine) as session:
        session.add(Depot(id=1, code="DEP-01", name="Vallejo", zone="Azcapotzalco", lat=19.49, lon=-99.16,
                          charger_count=4, charger_kw=7.2))
        session.add(Depot(id=2, code="DEP-02", name="Iztapalapa", zone="Iztapalapa", lat=19.37, lon=-99.09,
                          charger_count=4, charger_kw=7.2))
        session.flush()
        for i in range(1, 8):
            session.add(Vehicle(id=i, vin=f"VINDSP{i:011d}", oem="JAC", model="E40X", plate=f"DSP-00{i}",
                                battery_kwh=40.0, status="available" if i == 5 else "assigned",
                                depot_id=2 if i == 7 else 1, in_service_on=date(2025, 6, 1),
                                acquisition_cost_centavos=56_000_000))
        for i in range(1, 7):
            session.add(Driver(id=i, code=f"DRV-{i:06d}", full_name=f"Conductor {i}", curp=f"CURPDSP{i:011d}",
                               rfc=f"RFCDSP{i:07d}", phone=f"+52 55 0000 200{i}", birth_date=date(1990, 1, i),
                               product="LTO" if i == 6 else "DaE", status="active", zone=ZONES[i],
                               home_lat=19.49, home_lon=-99.16, joined_on=date(2025, 6, 1)))
        session.flush()
        for i, vehicle in ((1, 1), (2, 2), (3, 3), (4, 4), (5, 7)):
            session.add(Contract(id=i, code=f"DAE-DSP-{i}", driver_id=i, vehicle_id=vehicle, product="DaE",
                                 kind="employment", start_on=date(2025, 6, 1), weekly_rate_centavos=250_000,
                                 status="active"))
        session.add(Contract(id=6, code="LTO-DSP-6", driver_id=6, vehicle_id=6, product="LTO", kind="lease",
                             start_on=date(2025, 7, 1), term_weeks=208, weekly_rate_centavos=300_000, status="active"))
        session.add(MaintenanceRecord(vehicle_id=3, opened_on=date(2026, 1, 5), kind="corrective",
                                      description="Frenos", odometer_km=5000.0, cost_centavos=300_000))
        for i in range(1, 8):
            starts, ends = (date(2025, 1, 8), DAY) if i == 4 else (date(2025, 6, 1), date(2026, 6, 1))
            session.add(InsurancePolicy(vehicle_id=i, insurer="Qualitas", policy_number=f"POL-DSP-{i}",
                                        starts_on=starts, ends_on=ends, premium_centavos=1_800_000,
                                        coverage="amplia"))
        for vehicle, soc in {1: 90.0, 2: 30.0, 3: 50.0, 4: 85.0, 5: 70.0, 6: 40.0, 7: 60.0}.items():
            session.add(TelemetryDaily(vehicle_id=vehicle, day=EVENING, km=100.0, odometer_km=5000.0,
                                       soc_end_pct=soc, soh_pct=100.0, max_battery_temp_c=30.0, lat=19.49,
                                       lon=-99.16))
