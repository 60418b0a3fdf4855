"""The generated company's DaE work and charging are plausible: the law's weekly hours, billing
around the pay rule's goal, trips inside their shifts, depot charging that fits the pack and
follows the tariff. One company (300 vehicles × 26 weeks) built once on SQLite; every figure is
read back with SQL."""
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest

from lafa_core.charging.tariffs import load_tariff
from lafa_core.config import LOCAL_TZ
from lafa_core.db import make_engine
from lafa_core.generate import build_company
from lafa_core.generate.activity import KWH_PER_KM
from lafa_core.payroll.law import labor_law_on
from lafa_core.payroll.rules import RULE, weekly_pay
from lafa_core.reference import load_reference

END = date(2026, 11, 22)  # a Sunday
WEEKS = 26
FIRST_DAY = END - timedelta(days=7 * WEEKS - 1)
SEED = 2026


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    path = tmp_path_factory.mktemp("realism") / "lafa.db"
    engine = make_engine(f"sqlite:///{path}")
    build_company(engine, 300, WEEKS, SEED, END)
    yield engine
    engine.dispose()


def _sql(engine, sql: str, **params) -> pd.DataFrame:
    return pd.read_sql(sql, engine, params=params)


def _utc(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


@pytest.fixture(scope="module")
def full_weeks(company) -> pd.DataFrame:
    """Hours and billing of each DaE driver-week (Monday–Sunday by work date) that the driver's
    contract covers whole, inside the window."""
    weeks = _sql(company, """
        SELECT s.driver_id, date(s.work_date, 'weekday 0', '-6 days') AS monday,
               SUM(s.hours) AS hours, SUM(s.billed_centavos) AS billed_centavos, COUNT(*) AS shifts
        FROM shift s GROUP BY s.driver_id, monday""")
    contracts = _sql(company, "SELECT driver_id, start_on, end_on FROM contract WHERE product = 'DaE'")
    weeks = weeks.merge(contracts, on="driver_id")
    monday = pd.to_datetime(weeks["monday"])
    covered = (pd.to_datetime(weeks["start_on"]) <= monday) & (
        weeks["end_on"].isna() | (pd.to_datetime(weeks["end_on"]) > monday + pd.Timedelta(days=6)))
    weeks = weeks[covered & (monday >= pd.Timestamp(FIRST_DAY))].reset_index(drop=True)
    assert len(weeks) > 500
    return weeks


def test_dae_weeks_stay_within_the_legal_weekly_hours(full_weeks):
    limit = float(labor_law_on(END - timedelta(days=6)).weekly_hours_limit)
    assert limit == 48
    hours = full_weeks["hours"]
    assert 38 <= hours.median() <= 47
    assert hours.quantile(0.95) <= limit
    assert (hours > limit).mean() <= 0.01
    assert hours.between(38, 47).mean() >= 0.6  # most weeks; the rest are short weeks or capped ones
    assert (hours < 35).mean() >= 0.02  # a few short weeks (leave, illness)


def test_dae_weekly_billing_sits_around_the_goal_with_both_pay_branches(full_weeks):
    billed = full_weeks["billed_centavos"] / 100
    assert 5_500 <= billed.median() <= 8_000
    assert (billed < 6_000).mean() >= 0.10
    assert (billed > 8_000).mean() >= 0.10
    pays = [weekly_pay(Decimal(str(h)), Decimal(int(b)) / 100, law=labor_law_on(date.fromisoformat(m)))
            for h, b, m in zip(full_weeks["hours"], full_weeks["billed_centavos"], full_weeks["monday"])]
    met = np.array([p.goal_met for p in pays])
    assert 0.4 <= met.mean() <= 0.9  # the base-and-bonus branch and the support branch both occur
    assert sum(p.bonus_steps >= 4 for p in pays) >= 0.05 * len(pays)  # some weeks far over the goal
    assert RULE.billed_goal == 6000


def test_dae_billing_per_vehicle_month_is_inside_the_strategy_band(company):
    """The KPIs' definition: DaE billing ÷ DaE vehicle-months (contract vehicle-days × 12 / 365)."""
    low, high = load_reference("business")["unit_economics_per_vehicle_month"]["DaE"]["revenue"]["billing"]
    billed = _sql(company, "SELECT SUM(billed_centavos) / 100.0 AS pesos FROM shift")["pesos"][0]
    vehicle_days = _sql(company, """
        SELECT COUNT(*) AS n FROM telemetry_daily t JOIN contract c ON c.vehicle_id = t.vehicle_id
        AND c.start_on <= t.day AND (c.end_on IS NULL OR c.end_on > t.day) WHERE c.product = 'DaE'""")["n"][0]
    assert low <= billed / (vehicle_days * 12 / 365) <= high


def test_trips_sit_inside_their_shift_and_add_up_to_it(company):
    trips = _utc(_sql(company, """
        SELECT t.trip_code, t.shift_id, t.driver_id, t.started_at, t.ended_at, t.fare_centavos, t.tip_centavos,
               s.driver_id AS shift_driver, s.starts_at, s.ends_at
        FROM trip t JOIN shift s ON s.id = t.shift_id"""), "started_at", "ended_at", "starts_at", "ends_at")
    assert len(trips) > 5_000
    assert (trips["started_at"] >= trips["starts_at"]).all()
    assert (trips["ended_at"] <= trips["ends_at"]).all()
    assert (trips["ended_at"] > trips["started_at"]).all()
    assert (trips["driver_id"] == trips["shift_driver"]).all()
    assert trips["trip_code"].is_unique
    ordered = trips.sort_values(["driver_id", "started_at"])
    same_driver = ordered["driver_id"].eq(ordered["driver_id"].shift())
    assert not (same_driver & (ordered["started_at"] < ordered["ended_at"].shift())).any()  # one trip at a time
    sums = _sql(company, """
        SELECT COUNT(*) AS shifts,
               SUM(CASE WHEN x.fares != s.billed_centavos OR x.tips != s.tips_centavos
                         OR x.trips != s.trip_count THEN 1 ELSE 0 END) AS mismatched
        FROM shift s JOIN (SELECT shift_id, SUM(fare_centavos) AS fares, SUM(tip_centavos) AS tips,
                                  COUNT(*) AS trips FROM trip GROUP BY shift_id) x ON x.shift_id = s.id""")
    assert sums["shifts"][0] > 500 and sums["mismatched"][0] == 0


def test_a_driver_never_works_two_shifts_at_once(company):
    shifts = _utc(_sql(company, "SELECT driver_id, vehicle_id, starts_at, ends_at FROM shift"), "starts_at", "ends_at")
    for key in ("driver_id", "vehicle_id"):
        ordered = shifts.sort_values([key, "starts_at"])
        same = ordered[key].eq(ordered[key].shift())
        assert not (same & (ordered["starts_at"] < ordered["ends_at"].shift())).any(), key


# --- charging ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sessions(company) -> pd.DataFrame:
    frame = _sql(company, """
        SELECT cs.id, cs.vehicle_id, cs.depot_id, cs.product, cs.charge_date, cs.started_at, cs.ended_at,
               cs.energy_kwh, cs.tariff_period, cs.cost_centavos, v.battery_kwh, v.model
        FROM charging_session cs JOIN vehicle v ON v.id = cs.vehicle_id""")
    frame = _utc(frame, "started_at", "ended_at")
    frame["local_start"] = frame["started_at"].dt.tz_convert(LOCAL_TZ)
    frame["local_end"] = frame["ended_at"].dt.tz_convert(LOCAL_TZ)
    assert len(frame) > 5_000
    return frame


def _period_seconds(start, end, periods: dict) -> dict[str, int]:
    """Seconds of [start, end) in each tariff period, hour by hour (lafa_core.charging.tariffs)."""
    seconds = {"base": 0, "intermediate": 0, "peak": 0}
    moment = start
    while moment < end:
        following = min(end, moment.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1))
        key = (moment.date(), moment.hour)
        if key not in periods:
            periods[key] = load_tariff(moment.date()).period_at(moment)
        seconds[periods[key]] += int((following - moment).total_seconds())
        moment = following
    return seconds


@pytest.fixture(scope="module")
def split(sessions) -> pd.DataFrame:
    periods: dict = {}
    rows = [_period_seconds(s.to_pydatetime(), e.to_pydatetime(), periods)
            for s, e in zip(sessions["local_start"], sessions["local_end"])]
    return pd.DataFrame(rows, index=sessions.index)


def test_session_costs_follow_the_tariff_table(sessions, split):
    """The rule: the energy (0.01 kWh, as stored) splits across the periods the session spans in
    proportion to its seconds in each (constant power); base and peak shares round down to 0.01 kWh,
    intermediate takes the rest; each share × its period's price on the start day; the sum rounded
    half up to the centavo. `tariff_period` is the period at the start."""
    expected_cost, expected_period = [], []
    for row, seconds in zip(sessions.itertuples(), split.itertuples()):
        tariff = load_tariff(row.local_start.date())
        total = seconds.base + seconds.intermediate + seconds.peak
        energy = int(round(row.energy_kwh * 100))
        base, peak = energy * seconds.base // total, energy * seconds.peak // total
        prices = tariff.energy_mxn_per_kwh
        centavos = (base * prices["base"] + peak * prices["peak"]
                    + (energy - base - peak) * prices["intermediate"])  # 0.01 kWh × MXN/kWh = centavos
        expected_cost.append(int(centavos.quantize(Decimal(1), rounding=ROUND_HALF_UP)))
        expected_period.append(tariff.period_at(row.local_start.to_pydatetime()))
    # Public DC sessions (no depot: the fast-charging habit of a few lease drivers) are paid at the station.
    public = sessions["depot_id"].isna().to_numpy()
    assert (sessions.loc[public, "cost_centavos"] == 0).all() and public.mean() < 0.02
    assert sessions["cost_centavos"].to_numpy()[~public].tolist() == [c for c, p in zip(expected_cost, public) if not p]
    assert sessions["tariff_period"].tolist() == expected_period
    assert (split.sum(axis=1) > 0).all()


def test_dae_energy_is_about_forty_percent_in_the_base_period(sessions, split):
    """business.yaml charging.off_peak_share.before (0.40): depot charging without a plan, the energy
    of each session split across the periods it spans."""
    before = load_reference("business")["charging"]["off_peak_share"]["before"]
    dae = sessions["product"] == "DaE"
    base_kwh = (sessions["energy_kwh"] * split["base"] / split.sum(axis=1))[dae].sum()
    share = base_kwh / sessions.loc[dae, "energy_kwh"].sum()
    assert 0.3 <= share <= 0.5
    assert abs(share - before) <= 0.08
    assert sessions.loc[dae, "depot_id"].notna().all()  # DaE cars charge at their depot


def test_a_car_charging_is_neither_on_a_trip_nor_on_another_charger(company, sessions):
    trips = _utc(_sql(company, "SELECT vehicle_id, started_at, ended_at FROM trip"), "started_at", "ended_at")
    busy = pd.concat([trips.assign(kind="trip"), sessions[["vehicle_id", "started_at", "ended_at"]].assign(kind="charge")])
    busy = busy[busy["ended_at"] >= trips["started_at"].min()].sort_values(["vehicle_id", "started_at"])
    same_car = busy["vehicle_id"].eq(busy["vehicle_id"].shift())
    assert not (same_car & (busy["started_at"] < busy["ended_at"].shift())).any()
    assert (busy["kind"] == "charge").sum() > 1_000  # daytime top-ups sit in a break between trips


def test_no_session_takes_more_than_the_pack(sessions):
    efficiency = load_tariff(END).charging_efficiency
    assert (sessions["energy_kwh"] * efficiency <= sessions["battery_kwh"]).all()
    capped = np.isclose(sessions["energy_kwh"], np.round(sessions["battery_kwh"] * 0.85, 2), atol=0.011)
    assert capped.mean() <= 0.05  # no cap at a fixed share of the pack


@pytest.fixture(scope="module")
def completed_overnight(company, sessions) -> pd.DataFrame:
    """DaE depot sessions after the day's shift that end before midnight, with nothing after them that
    day: the telemetry's end-of-day SOC is then their end-of-charge SOC."""
    shifts = _utc(_sql(company, "SELECT vehicle_id, starts_at, ends_at FROM shift"), "starts_at", "ends_at")
    dae_days = _sql(company, """
        SELECT t.vehicle_id, t.day AS charge_date, t.soc_end_pct FROM telemetry_daily t
        JOIN contract c ON c.vehicle_id = t.vehicle_id AND c.start_on <= t.day
         AND (c.end_on IS NULL OR c.end_on > t.day) WHERE c.product = 'DaE'""")
    dae = sessions[sessions["product"] == "DaE"].merge(dae_days, on=["vehicle_id", "charge_date"])
    during = pd.merge_asof(dae.sort_values("started_at"), shifts.sort_values("starts_at"), left_on="started_at",
                           right_on="starts_at", by="vehicle_id")
    after_shift = during[~(during["started_at"] < during["ends_at"])].drop(columns=["starts_at", "ends_at"])
    last = after_shift.sort_values("started_at").groupby(["vehicle_id", "charge_date"]).tail(1)
    following = pd.merge_asof(last.sort_values("ended_at"), shifts.sort_values("starts_at")[["vehicle_id", "starts_at"]],
                              left_on="ended_at", right_on="starts_at", by="vehicle_id", direction="forward")
    midnight = pd.to_datetime(following["charge_date"]).dt.tz_localize(LOCAL_TZ) + pd.Timedelta(days=1)
    done = following[(following["local_end"] <= midnight) & ~(following["starts_at"] < midnight)]
    assert len(done) > 500
    return done


def test_end_of_charge_soc_spreads_over_80_to_100_percent(completed_overnight):
    soc = completed_overnight["soc_end_pct"]
    assert soc.value_counts(normalize=True).iloc[0] <= 0.30
    assert soc.nunique() > 50
    assert soc.between(80, 100).mean() >= 0.85
    assert soc.max() <= 100


def test_a_session_delivers_no_more_than_the_pack_takes_from_its_arrival_soc(completed_overnight):
    efficiency = load_tariff(END).charging_efficiency
    arrival = (completed_overnight["soc_end_pct"] / 100
               - completed_overnight["energy_kwh"] * efficiency / completed_overnight["battery_kwh"])
    assert arrival.min() >= 0.04  # the simulation never drives a pack below 5 % (rounding: 0.1 % SOC, 0.01 kWh)


def test_dae_energy_matches_the_km_driven(company, sessions):
    """Over the window, battery kWh charged ÷ km driven on DaE contract days ≈ each model's consumption
    (the SOC carried in and out of the window is a rounding error over 26 weeks)."""
    km = _sql(company, """
        SELECT v.model, SUM(t.km) AS km FROM telemetry_daily t JOIN vehicle v ON v.id = t.vehicle_id
        JOIN contract c ON c.vehicle_id = t.vehicle_id AND c.start_on <= t.day
         AND (c.end_on IS NULL OR c.end_on > t.day)
        WHERE c.product = 'DaE' GROUP BY v.model""").set_index("model")["km"]
    efficiency = load_tariff(END).charging_efficiency
    charged = sessions[sessions["product"] == "DaE"].groupby("model")["energy_kwh"].sum() * efficiency
    per_km = (charged / km).dropna()
    assert len(per_km) == len(KWH_PER_KM)
    for model, value in per_km.items():
        assert value == pytest.approx(KWH_PER_KM[model], rel=0.10), model
    assert KWH_PER_KM["E10X"] == pytest.approx(31.4 / load_reference("business")["company"]["reference_vehicle"]["range_km"])
