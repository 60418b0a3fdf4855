"""The depot night plan read from the fleet's data, on SQLite and PostgreSQL: who sleeps at the
depot, when each vehicle arrives and must be ready, its arrival SOC and battery, the month's peak
so far; the plan meets the targets, costs no more than charging on arrival, keeps under the site
limit and names the vehicles it cannot serve.

The depot (DEP-01, 3 chargers of 7.2 kW: a 21.6 kW site) on Thursday 8 January 2026, a winter
weekday (18-22 peak, 22-24 intermediate, 0-6 base). Batteries of 40 kWh.
- CHG-001: shift 13:00-21:00 from the depot, back on shift at 07:00; 30 % SOC.
- CHG-002: no shift that day (at the depot from 18:00, ready by 06:00); 50 % on the day before; SOH 90 %.
- CHG-003: shift 15:30-23:30, back on shift at 01:00 (6 slots: 10.8 kWh at most); 10 %: cannot
  reach the target in that time.
- CHG-004: on a lease (sleeps at the lessee's home): not planned.
- CHG-005: homed here, but its shift that day ended at DEP-02: sleeps there.
- CHG-006: no telemetry reading: assumed to arrive at 20 %.
- CHG-007: in the workshop: not planned.
- CHG-008: 95 %: needs no charge.
Month so far: two sessions on 6 January, 10:00-13:00 20 kWh (6.67 kW) and 11:00-11:30 3.6 kWh
(7.2 kW): the highest 15 minutes draw 13.87 kW.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from lafa_core.charging.optimizer import CHARGER_TIME, SITE_LIMIT
from lafa_core.charging.service import NightPlanError, month_to_date_peak_kw, night_choices, plan_depot_night
from lafa_core.config import LOCAL_TZ
from lafa_core.tables import ChargingSession, Contract, Depot, Driver, Shift, TelemetryDaily, Vehicle
from tests.factories import unit_of_work, uow

EVENING = date(2026, 1, 8)
NEXT = EVENING + timedelta(days=1)
BATTERY = 40.0
EFFICIENCY = 0.92


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)


def build_depot_night(engine) -> None:
    with unit_of_work(engine) as session:
        session.add(Depot(id=1, code="DEP-01", name="Vallejo", zone="Azcapotzalco", lat=19.49, lon=-99.16,
                          charger_count=3, charger_kw=7.2))
        session.add(Depot(id=2, code="DEP-02", name="Iztapalapa", zone="Iztapalapa", lat=19.37, lon=-99.09,
                          charger_count=4, charger_kw=7.2))
        session.flush()
        status = {7: "maintenance", 4: "assigned"}
        for i in range(1, 9):
            session.add(Vehicle(id=i, vin=f"VINCHG{i:011d}", oem="JAC", model="E40X", plate=f"CHG-00{i}",
                                battery_kwh=BATTERY, status=status.get(i, "assigned" if i != 8 else "available"),
                                depot_id=1, in_service_on=date(2025, 6, 1), acquisition_cost_centavos=56_000_000))
        for i in range(1, 6):
            session.add(Driver(id=i, code=f"DRV-{i:06d}", full_name=f"Conductor {i}", curp=f"CURPCHG{i:011d}",
                               rfc=f"RFCCHG{i:07d}", phone=f"+52 55 0000 100{i}", birth_date=date(1990, 1, i),
                               product="LTO" if i == 4 else "DaE", status="active", zone="Azcapotzalco",
                               home_lat=19.49, home_lon=-99.16, joined_on=date(2025, 6, 1)))
        session.flush()
        session.add(Contract(id=1, code="LTO-CHG-4", driver_id=4, vehicle_id=4, product="LTO", kind="lease",
                             start_on=date(2025, 7, 1), term_weeks=208, weekly_rate_centavos=300_000, status="active"))

        def shift(driver, vehicle, depot, start, end):
            session.add(Shift(driver_id=driver, vehicle_id=vehicle, depot_id=depot, work_date=start.date(),
                              starts_at=start, ends_at=end, hours=(end - start).total_seconds() / 3600,
                              trip_count=10, billed_centavos=100_000))

        shift(1, 1, 1, at(EVENING, 13), at(EVENING, 21))
        shift(1, 1, 1, at(NEXT, 7), at(NEXT, 15))
        shift(3, 3, 1, at(EVENING, 15, 30), at(EVENING, 23, 30))
        shift(3, 3, 1, at(NEXT, 1), at(NEXT, 9))
        shift(5, 5, 2, at(EVENING, 8), at(EVENING, 16))
        readings = {1: (EVENING, 30.0, 100.0), 2: (EVENING - timedelta(days=1), 50.0, 90.0), 3: (EVENING, 10.0, 100.0),
                    4: (EVENING, 20.0, 100.0), 5: (EVENING, 20.0, 100.0), 7: (EVENING, 20.0, 100.0),
                    8: (EVENING, 95.0, 100.0)}
        for vehicle, (day, soc, soh) in readings.items():
            session.add(TelemetryDaily(vehicle_id=vehicle, day=day, km=100.0, odometer_km=5000.0, soc_end_pct=soc,
                                       soh_pct=soh, max_battery_temp_c=30.0, lat=19.49, lon=-99.16))
        for start, end, kwh in ((at(date(2026, 1, 6), 10), at(date(2026, 1, 6), 13), 20.0),
                                (at(date(2026, 1, 6), 11), at(date(2026, 1, 6), 11, 30), 3.6)):
            session.add(ChargingSession(vehicle_id=2, depot_id=1, driver_id=2, product="DaE", charge_date=start.date(),
                                        started_at=start, ended_at=end, energy_kwh=kwh, tariff_period="intermediate",
                                        cost_centavos=int(kwh * 150)))
        # Another depot's session and last month's do not count.
        session.add(ChargingSession(vehicle_id=5, depot_id=2, driver_id=5, product="DaE", charge_date=date(2026, 1, 6),
                                    started_at=at(date(2026, 1, 6), 10), ended_at=at(date(2026, 1, 6), 11),
                                    energy_kwh=50.0, tariff_period="intermediate", cost_centavos=7_500))
        session.add(ChargingSession(vehicle_id=2, depot_id=1, driver_id=2, product="DaE", charge_date=date(2025, 12, 31),
                                    started_at=at(date(2025, 12, 31), 20), ended_at=at(date(2025, 12, 31), 21),
                                    energy_kwh=60.0, tariff_period="peak", cost_centavos=17_100))


@pytest.fixture
def depot_night(engine):
    build_depot_night(engine)
    return engine


def by_plate(plan):
    return {v.plate: v for v in plan.vehicles}


def test_the_night_is_read_from_the_data(depot_night):
    plan = plan_depot_night(uow(depot_night), depot_id=1)  # default: the data's as-of day
    assert plan.evening == EVENING
    cars = by_plate(plan)
    assert sorted(cars) == ["CHG-001", "CHG-002", "CHG-003", "CHG-006", "CHG-008"]
    one, two, three, six = cars["CHG-001"], cars["CHG-002"], cars["CHG-003"], cars["CHG-006"]
    assert (one.arrival, one.departure, one.arrival_slot, one.departure_slot) == (at(EVENING, 21), at(NEXT, 7), 12, 52)
    assert one.back_from_shift and one.leaves_for_shift and one.arrival_soc == pytest.approx(0.30)
    assert one.back_at == at(EVENING, 21) and two.back_at is None
    assert (two.arrival, two.departure, two.arrival_slot, two.departure_slot) == (at(EVENING, 18), at(NEXT, 6), 0, 48)
    assert not two.back_from_shift and not two.leaves_for_shift
    assert two.soc_day == EVENING - timedelta(days=1) and two.capacity_kwh == pytest.approx(36.0)  # 40 kWh × SOH 90 %
    assert (three.arrival_slot, three.departure_slot) == (22, 28)
    assert six.soc_day is None and six.arrival_soc == pytest.approx(0.20) and plan.soc_assumed == 1
    assert plan.site_kw == pytest.approx(21.6) and plan.target_soc == pytest.approx(0.80)
    assert plan.month_to_date_peak_kw == pytest.approx(20 / 3 + 7.2)
    assert plan.periods[0] == "peak" and plan.periods[16] == "intermediate" and plan.periods[24] == "base"
    assert len(plan.slot_starts) == 96 and plan.slot_starts[0] == at(EVENING, 18)


def test_the_plan_meets_the_targets_for_less_than_charging_on_arrival(depot_night):
    plan = plan_depot_night(uow(depot_night), depot_id=1, evening=EVENING)
    best, naive = plan.optimized_figures, plan.on_arrival_figures
    served = [v for v in plan.vehicles if v.plate != "CHG-003"]
    for vehicle in served:
        assert plan.optimized.final_soc[vehicle.vehicle_id] >= max(vehicle.target_soc, vehicle.arrival_soc) - 1e-6
        kw = plan.optimized.schedule[vehicle.vehicle_id]
        assert all(kw[s] == 0 for s in range(96) if not vehicle.arrival_slot <= s < vehicle.departure_slot)
        assert max(kw) <= 7.2 + 1e-6
    assert plan.optimized.final_soc[8] == pytest.approx(0.95) and sum(plan.optimized.schedule[8]) == 0
    assert best.peak_kw <= plan.site_kw + 1e-6 and max(plan.optimized.site_kw_by_slot) <= plan.site_kw + 1e-6
    assert best.total_cost <= naive.total_cost and best.energy_cost < naive.energy_cost
    # Everything in base hours but CHG-003's 23:30-24:00 (2 slots × 1.8 kWh, intermediate): it has no other time.
    assert best.base_period_share == pytest.approx((best.grid_kwh - 3.6) / best.grid_kwh)
    assert best.base_period_share > naive.base_period_share
    # On arrival three cars draw 14.4 kW at 18:00, above the month's 13.87 kW: demand charge; the plan stays under.
    assert naive.peak_kw == pytest.approx(14.4) and naive.demand_charge == Decimal("146.67")
    assert best.peak_kw <= plan.month_to_date_peak_kw + 1e-6 and best.demand_charge == 0
    assert best.grid_kwh == pytest.approx(naive.grid_kwh)  # the same energy, bought at other hours
    # CHG-003 is named, the rest still planned: 6 slots × 1.8 kWh × 92 % on 40 kWh from 10 %.
    assert [(u.plate, u.reason) for u in plan.unserved] == [("CHG-003", CHARGER_TIME)]
    assert plan.unserved[0].best_soc == pytest.approx(0.10 + 10.8 * EFFICIENCY / BATTERY)
    # The figures add up.
    assert plan.savings_night == naive.total_cost - best.total_cost > 0
    assert plan.savings_night_share == pytest.approx(float(plan.savings_night / naive.total_cost))
    assert best.monthly_cost == 30 * best.energy_cost + best.demand_charge
    assert plan.savings_month == naive.monthly_cost - best.monthly_cost
    need = sum(max(v.target_soc - v.arrival_soc, 0) * v.capacity_kwh / EFFICIENCY for v in served)
    assert best.grid_kwh == pytest.approx(need + 10.8, rel=1e-6)
    assert float(sum(plan.vehicle_cost(v.vehicle_id) for v in plan.vehicles)) == pytest.approx(
        float(best.energy_cost), abs=0.05)


def test_a_site_too_small_for_everyone_names_who_misses_and_keeps_to_the_limit(depot_night):
    with unit_of_work(depot_night) as session:
        session.get(Depot, 1).charger_count = 1  # a 7.2 kW site: 93.6 kWh from 18:00 to 07:00 at most
        session.get(Vehicle, 2).battery_kwh = 80.0  # ≈ 117 kWh wanted: more short than CHG-003 alone can be
    plan = plan_depot_night(uow(depot_night), depot_id=1, evening=EVENING, target_soc=1.0)
    assert plan.site_kw == pytest.approx(7.2)
    assert max(plan.optimized.site_kw_by_slot) <= 7.2 + 1e-6
    assert plan.on_arrival_figures.peak_kw > 7.2  # nobody planning: three cars at full power from 18:00
    reasons = {u.plate: u.reason for u in plan.unserved}
    assert reasons["CHG-003"] == CHARGER_TIME and SITE_LIMIT in reasons.values()
    for missed in plan.unserved:
        assert missed.best_soc == pytest.approx(plan.optimized.final_soc[next(
            v.vehicle_id for v in plan.vehicles if v.plate == missed.plate)])
        assert missed.best_soc < missed.target_soc
    planned = [v for v in plan.vehicles if v.plate not in reasons and v.arrival_soc < 1]
    assert all(plan.optimized.final_soc[v.vehicle_id] >= 1 - 1e-6 for v in planned)


def test_choices_and_refusals(depot_night):
    choices = night_choices(uow(depot_night))
    assert [d.code for d in choices.depots] == ["DEP-01", "DEP-02"] and choices.default_evening == EVENING
    with pytest.raises(NightPlanError) as unknown:
        plan_depot_night(uow(depot_night), depot_id=99)
    assert unknown.value.key == "charging.error.unknown_depot"
    with pytest.raises(NightPlanError) as no_tariff:
        plan_depot_night(uow(depot_night), depot_id=1, evening=date(2024, 6, 1))
    assert no_tariff.value.key == "charging.error.tariff"
    with pytest.raises(NightPlanError):
        plan_depot_night(uow(depot_night), depot_id=1, target_soc=1.5)
    # DEP-02: CHG-005 came back there; homed at DEP-01, it sleeps at DEP-02 tonight.
    other = plan_depot_night(uow(depot_night), depot_id=2, evening=EVENING)
    assert [v.plate for v in other.vehicles] == ["CHG-005"]
    assert (other.vehicles[0].back_at, other.vehicles[0].arrival) == (at(EVENING, 16), at(EVENING, 18))  # plugged at 18:00
    assert other.month_to_date_peak_kw == pytest.approx(50.0)


def test_the_month_to_date_peak_is_the_highest_fifteen_minutes():
    import pandas as pd

    since = at(date(2026, 1, 1), 0)
    sessions = pd.DataFrame({"started_at": [at(date(2026, 1, 2), 10, 5), at(date(2026, 1, 2), 10, 10)],
                             "ended_at": [at(date(2026, 1, 2), 11, 5), at(date(2026, 1, 2), 10, 10)],
                             "energy_kwh": [6.0, 1.5]})
    # 6 kW from 10:05; the second session has no duration: 1.5 kWh over one interval (6 kW) from 10:10.
    # 10:00-10:15: 1 + 0.5 kWh; 10:15-10:30: 1.5 + 1 kWh = 10 kW.
    peak = month_to_date_peak_kw(sessions, since, at(date(2026, 1, 3), 0))
    assert peak == pytest.approx(10.0)
    # Cut at 10:20: 10:15-10:30 holds 0.5 + 0.5 kWh (4 kW), so 10:00-10:15 is the highest (6 kW).
    assert month_to_date_peak_kw(sessions, since, at(date(2026, 1, 2), 10, 20)) == pytest.approx(6.0)
    assert month_to_date_peak_kw(sessions.iloc[0:0], since, at(date(2026, 1, 3), 0)) == 0.0
