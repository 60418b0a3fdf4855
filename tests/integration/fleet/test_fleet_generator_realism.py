"""The generated fleet is plausible for fleet operations: no day beyond what a charge allows without
a recorded mid-shift charge, lessees near 100,000 km a year, maintenance inside the strategy's
500–1,000 MXN per vehicle-month (measured the way the maintenance page measures it), preventive
services at the model's interval, incidents and claims at a realistic rate and cost, resolved
incidents with their resolution time. One company (300 vehicles × 26 weeks) built once on SQLite."""
from datetime import date

import pandas as pd
import pytest

from lafa_core.db import make_engine
from lafa_core.fleet.reference import interval_for, maintenance_band_mxn
from lafa_core.fleet.service import maintenance_overview
from lafa_core.generate import build_company
from lafa_core.generate.activity import KWH_PER_KM
from tests.factories import uow

END = date(2026, 11, 22)


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('fleet_realism') / 'lafa.db'}")
    build_company(engine, 300, 26, 2026, END)
    yield engine
    engine.dispose()


def sql(engine, text: str) -> pd.DataFrame:
    return pd.read_sql(text, engine)


def test_no_day_beyond_one_charge_without_a_recorded_charge(company):
    days = sql(company, """
        SELECT t.vehicle_id, t.day, t.km, v.model, v.battery_kwh,
               (SELECT COUNT(*) FROM charging_session s WHERE s.vehicle_id = t.vehicle_id AND s.charge_date = t.day)
                   AS sessions
        FROM telemetry_daily t JOIN vehicle v ON v.id = t.vehicle_id WHERE t.km > 150""")
    full_charge_km = days["battery_kwh"] / days["model"].map(KWH_PER_KM)
    beyond = days[(days["km"] > full_charge_km) & (days["sessions"] == 0)]
    assert beyond.empty, beyond.head()
    assert (days["km"] > full_charge_km).any()  # long days exist, each with its mid-shift charge


def test_lessees_drive_about_100000_km_a_year(company):
    lto = sql(company, """
        SELECT AVG(t.km) * 365 AS yearly FROM telemetry_daily t
        JOIN contract c ON c.vehicle_id = t.vehicle_id AND c.product = 'LTO' AND t.day >= c.start_on
             AND (c.end_on IS NULL OR t.day < c.end_on) AND (c.defaulted_on IS NULL OR t.day < c.defaulted_on)""")
    assert 90_000 <= lto["yearly"][0] <= 110_000


def test_maintenance_cost_per_vehicle_month_is_inside_the_strategys_band(company):
    view = maintenance_overview(uow(company, "flota", role="fleet_ops"))
    low, high = maintenance_band_mxn()
    assert low * 100 <= view.per_vehicle_month_centavos <= high * 100
    assert view.band == "within" and 0 < view.downtime_share < 0.05


def test_preventive_services_follow_the_models_interval(company):
    """Each next service at the service's odometer plus the model's interval (the page's rule)."""
    services = sql(company, """SELECT m.odometer_km, m.next_service_km, v.oem, v.model FROM maintenance_record m
                               JOIN vehicle v ON v.id = m.vehicle_id WHERE m.kind = 'preventive'""")
    assert len(services) > 100
    step = [interval_for(o, m).km for o, m in zip(services["oem"], services["model"])]
    assert ((services["next_service_km"] - services["odometer_km"]).round(1) == pd.Series(step)).all()


def test_some_cars_are_overdue_or_due_soon_on_the_last_day(company):
    view = maintenance_overview(uow(company, "flota", role="fleet_ops"))
    statuses = [v.due.status for v in view.vehicles]
    assert 0 < statuses.count("overdue") < len(statuses) * 0.2
    assert 0 < statuses.count("due_soon") < len(statuses) * 0.5


def test_incidents_and_claims_are_realistic(company):
    incidents = sql(company, "SELECT kind, estimated_cost_centavos, status, place, occurred_at, resolved_at FROM incident")
    vehicle_years = sql(company, "SELECT COUNT(*) / 365.0 AS years FROM telemetry_daily WHERE km > 0")["years"][0]
    assert 0.6 <= len(incidents) / vehicle_years <= 2.0  # incidents per vehicle-year on the road
    assert incidents["place"].str.len().gt(0).all()
    closed = incidents[incidents["status"] == "closed"]
    assert closed["resolved_at"].notna().all() and incidents.loc[incidents["status"] == "open", "resolved_at"].isna().all()
    hours = (pd.to_datetime(closed["resolved_at"]) - pd.to_datetime(closed["occurred_at"])).dt.total_seconds() / 3600
    assert (hours > 0).all() and 12 <= hours.median() <= 96
    claims = sql(company, "SELECT c.status, c.claimed_centavos, c.paid_centavos, c.filed_on, i.id AS incident "
                          "FROM insurance_claim c LEFT JOIN incident i ON i.id = c.incident_id")
    assert (pd.to_datetime(claims["filed_on"]).dt.date <= END).all()
    assert claims["incident"].notna().all() and (claims["paid_centavos"] <= claims["claimed_centavos"]).all()
    assert 0.2 <= len(claims) / len(incidents) <= 0.7
    assert 15_000_00 <= claims["claimed_centavos"].mean() <= 60_000_00


def test_a_few_cars_wait_for_their_renewal_on_the_last_day(company):
    from lafa_core.fleet.service import insurance_overview

    cover = insurance_overview(uow(company, "flota", role="fleet_ops")).cover
    uninsured = [r for r in cover if r["window"] == "uninsured"]
    assert 0 < len(uninsured) <= len(cover) * 0.05
