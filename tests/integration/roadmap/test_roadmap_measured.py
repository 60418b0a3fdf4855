"""Measured vs assumed: the roadmap's measurements on a small hand-built company
whose figures are known, on SQLite and PostgreSQL; and on a generated company."""
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from lafa_core.config import LOCAL_TZ
from tests.factories import unit_of_work
from tests.factories import uow
from lafa_core.roadmap import compute_roi, load_strategy, measure_assumptions, roadmap_overview
from lafa_core.tables import ChargingSession, Contract, Depot, Driver, Installment, TelemetryDaily, Vehicle

AS_OF = date(2026, 6, 30)


def vehicle(n, in_service_on=date(2026, 1, 5), retired_on=None):
    return Vehicle(id=n, vin=f"VIN{n:014d}", oem="JAC", model="E10X", plate=f"ABC{n:03d}", battery_kwh=31.4,
                   status="retired" if retired_on else "assigned", depot_id=1, in_service_on=in_service_on,
                   retired_on=retired_on, acquisition_cost_centavos=40_000_000)


def driver(n, joined_on, status="active", product="LTO"):
    return Driver(id=n, code=f"DRV-{n}", full_name=f"Conductor {n}", curp=f"CURP{n:014d}", rfc=f"RFC{n:010d}",
                  phone="5500000000", birth_date=date(1990, 1, 1), product=product, status=status, zone="Coyoacán",
                  home_lat=19.35, home_lon=-99.16, joined_on=joined_on)


def lease(n, start_on, **extra):
    return Contract(id=n, code=f"C-{n}", driver_id=n, vehicle_id=n, product=extra.pop("product", "LTO"),
                    kind="lease", start_on=start_on, weekly_rate_centavos=300_000,
                    status=extra.pop("status", "active"), **extra)


def schedule(contract_id, first_due, last_due, paid_on=lambda due: due):
    """Weekly installments from first_due to last_due; paid_on(due) gives the day paid (None: unpaid)."""
    rows, due, seq = [], first_due, 1
    while due <= last_due:
        paid = paid_on(due)
        rows.append(Installment(contract_id=contract_id, seq=seq, due_on=due, amount_centavos=300_000,
                                paid_centavos=300_000 if paid else 0, paid_on=paid))
        due, seq = due + timedelta(days=7), seq + 1
    return rows


def charge(vehicle_id, day, cost_centavos, product="DaE"):
    at = datetime(day.year, day.month, day.day, 2, 0, tzinfo=LOCAL_TZ)
    return ChargingSession(vehicle_id=vehicle_id, depot_id=1, product=product, charge_date=day, started_at=at,
                           ended_at=at + timedelta(hours=3), energy_kwh=20.0, tariff_period="base",
                           cost_centavos=cost_centavos)


@pytest.fixture
def company(engine):
    with unit_of_work(engine) as session:
        session.add(Depot(id=1, code="D1", name="Depot 1", zone="Coyoacán", lat=19.35, lon=-99.16,
                          charger_count=10, charger_kw=7.2))
        session.flush()
        # Fleet on AS_OF: vehicles 1-4 and 6 in service; 5 retired in May; 7 arrives in July.
        session.add_all([vehicle(n) for n in (1, 2, 3, 4, 6)]
                        + [vehicle(5, retired_on=date(2026, 5, 1)), vehicle(7, in_service_on=date(2026, 7, 10))])
        # Onboarded in the trailing 91 days (from 1 April): drivers 1-3 (4 is an applicant); 5-7 earlier.
        session.add_all([driver(1, date(2026, 4, 1)), driver(2, date(2026, 5, 15)), driver(3, date(2026, 6, 30)),
                         driver(4, date(2026, 6, 1), status="applicant"), driver(5, date(2026, 3, 31)),
                         driver(6, date(2026, 1, 5)), driver(7, date(2025, 12, 1))])
        session.flush()
        session.add_all([
            lease(1, date(2026, 1, 5)),
            lease(2, date(2026, 1, 5), status="defaulted", defaulted_on=date(2026, 3, 16), end_on=date(2026, 3, 16)),
            lease(3, date(2026, 1, 5), product="DaE"),
            lease(4, date(2026, 3, 2)),
        ])
        session.flush()
        # Lease 1: 25 installments to 29 June; 22 June paid only on 2 July, 29 June unpaid → 8 days past due.
        late = {date(2026, 6, 22): date(2026, 7, 2), date(2026, 6, 29): None}
        session.add_all(schedule(1, date(2026, 1, 12), date(2026, 7, 27), lambda due: late.get(due, due) if due <= AS_OF else None))
        # Lease 2 defaulted 16 March: 10 installments of exposure; its unpaid rows are no longer past due.
        session.add_all(schedule(2, date(2026, 1, 12), date(2026, 6, 29), lambda due: due if due < date(2026, 2, 1) else None))
        # Lease 4: 17 installments to 29 June; 8 June paid late on the 20th, unpaid from 15 June → 15 days.
        session.add_all(schedule(4, date(2026, 3, 9), date(2026, 6, 29),
                                 lambda due: date(2026, 6, 20) if due == date(2026, 6, 8) else (due if due < date(2026, 6, 15) else None)))
        # DaE charging in the 4 weeks to AS_OF: MXN 1,200 over vehicles 3 and 6; older and LTO sessions excluded.
        session.add_all([charge(3, date(2026, 6, 10), 30_000), charge(3, date(2026, 6, 20), 50_000),
                         charge(6, date(2026, 6, 25), 40_000), charge(3, date(2026, 5, 1), 99_999),
                         charge(1, date(2026, 6, 20), 77_777, product="LTO")])
        session.add(TelemetryDaily(vehicle_id=1, day=AS_OF, km=120.0, odometer_km=15000.0, soc_end_pct=60.0,
                                   soh_pct=98.5, max_battery_temp_c=31.0, lat=19.35, lon=-99.16))
    return engine


def test_measurements_of_a_known_company(company):
    m = measure_assumptions(uow(company, at=datetime(2026, 11, 24, 12, tzinfo=LOCAL_TZ)))
    assert m.as_of == AS_OF
    assert m.fleet == 5
    # 1 default over 176 + 70 + 120 = 366 lease-days running (to AS_OF, to the default, from 2 March).
    assert m.lto_default_rate == Decimal(365) / Decimal(366)
    assert (m.avg_days_past_due, m.delinquent_leases) == (Decimal("11.5"), 2)
    assert m.dae_charging_cost == Decimal(150)  # 1,200 / 2 vehicles / 4 weeks
    assert m.onboardings_per_month == Decimal(3) / (Decimal(91) / (Decimal(365) / 12))


def test_measured_values_replace_the_assumptions_in_the_roi(company):
    overview = roadmap_overview(uow(company, at=datetime(2026, 11, 24, 12, tzinfo=LOCAL_TZ)), fleet=1000)
    measured = overview.measurements
    expected = compute_roi(load_strategy(), fleet=5, overrides={
        "lto_default_rate": Decimal(365) / Decimal(366), "dae_charging_cost": Decimal(150), "avg_days_past_due": Decimal("11.5"),
        "onboardings_per_month": measured.onboardings_per_month})
    assert overview.measured_roi.total.value == expected.total.value
    assert overview.measured_roi.fleet == 5
    rows = {row.assumption.key: row for row in overview.comparison}
    assert rows["dae_charging_cost"].measured == Decimal(150) and rows["dae_charging_cost"].within_range is False
    assert rows["smart_charging_savings"].measured is None  # not measurable: keeps its assumption
    assert [s.is_next for s in overview.milestones] == [True, False, False, False]


def test_as_of_is_the_last_payment_when_there_is_no_telemetry_and_never_the_future(engine):
    with unit_of_work(engine) as session:
        session.add(Depot(id=1, code="D1", name="Depot 1", zone="Coyoacán", lat=19.35, lon=-99.16,
                          charger_count=10, charger_kw=7.2))
        session.flush()
        session.add(vehicle(1))
        session.add(driver(1, date(2026, 1, 5)))
        session.flush()
        session.add(lease(1, date(2026, 1, 5)))
        session.flush()
        session.add_all(schedule(1, date(2026, 1, 12), date(2026, 12, 28)))
    m = measure_assumptions(uow(engine, at=datetime(2026, 3, 1, 12, tzinfo=LOCAL_TZ)))
    assert m.as_of == date(2026, 2, 23)  # the last payment by "today", not the schedule's end
    assert m.lto_default_rate == Decimal(0)
    assert m.dae_charging_cost is None


def test_an_empty_database_measures_nothing(engine):
    assert measure_assumptions(uow(engine)) is None


def test_overview_of_a_generated_company(sqlite_engine):
    generate = pytest.importorskip("lafa_core.generate")
    generate.build_company(sqlite_engine, vehicles=60, weeks=26, seed=11)
    overview = roadmap_overview(uow(sqlite_engine), fleet=500)
    m = overview.measurements
    assert 40 <= m.fleet <= 80
    assert m.dae_charging_cost is not None and m.dae_charging_cost > 0
    assert m.lto_default_rate is not None
    assert overview.measured_roi.total.value.low < overview.roi.total.value.low  # 60 cars are worth less than 500
