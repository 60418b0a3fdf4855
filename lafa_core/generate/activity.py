"""Day-by-day activity of the fleet, vectorized over vehicle-days: DaE shifts
and trips, telemetry summaries (km, SOC, SOH, temperature, location) and
charging sessions. LFP degradation follows the reference band per km, with a
few vehicles degrading abnormally fast.

The fast-fading batteries (about 3 % of the fleet) are planted with a cause their telemetry shows:
heat (battery temperatures some 7 °C above the fleet's), DC fast charging (about half their
recorded sessions at 40-60 kW on public chargers) or deep discharges (most driving days ending
under 15 % charge); the last two are lease (LTO) drivers' habits, so a planted car mostly on DaE
runs hot.
Which cars they are comes from the seed's own stream (`PLANTED_STREAM`) and is written nowhere:
the tests derive it from the seed (tests/battery_support.py).

DaE work (one driver per car at a time: the contract book gives each vehicle one spell a day)
follows the law and the pay rule: a rest day a week, ~7.4 h shifts, the week capped at the legal
weekly hours limit (data/labor_law.yaml); billing per driving hour is set so a normal week bills
around the 6,000 MXN goal (lafa_core.payroll.rules) with the drivers' productivity spread, which
also makes a DaE vehicle-month bill 28–36k (business.yaml unit economics): ~4.3 weeks of one driver.

DaE energy is simulated vehicle by vehicle, day by day: each shift drains the pack by its km ×
the model's consumption; a shift that would end below its reserve gets a daytime top-up at the
depot (a break inside the shift, between trips); after the last shift the car charges at its
depot to a target SOC of 80–100 %, plugged in on arrival when low, else on the night attendant's
round, and always unplugged before the next shift. Sessions are priced with the tariff of
data/tariffs.yaml (lafa_core.charging.tariffs), energy split across the periods it spans.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

import numpy as np
import pandas as pd

from lafa_core.charging.tariffs import PERIODS, Tariff, load_tariff
from lafa_core.config import LOCAL_TZ
from lafa_core.generate.contracts import ContractBook
from lafa_core.generate.geography import inside_cdmx
from lafa_core.payroll.law import LaborLawError, labor_law_on
from lafa_core.payroll.rules import RULE
from lafa_core.reference import load_reference
from lafa_core.tables import Product

# --- DaE work ----------------------------------------------------------------------------------
# Billing per hour on trips (the shift's hours less any charging break), before the driver's
# productivity and luck: a median full week (~43.5 h, a little less of it driving) bills ≈ 7,000 MXN;
# about a quarter of full weeks bill under the 6,000 goal and a quarter over 8,000.
BILLING_PER_DRIVING_HOUR_MXN = 172
AVERAGE_FARE_MXN = 105
KM_PER_DRIVING_HOUR = (24.0, 32.0)  # CDMX ride-hailing, waiting and dead-heading included
SHIFT_HOURS_MEAN = (7.15, 7.75)  # each driver's usual shift, drawn once per driver (hours)
SHIFT_HOURS_SD = 0.55  # day to day
SHIFT_HOURS_RANGE = (5.0, 9.5)
SUNDAY_REST_SHARE = 0.55  # the others rest on a fixed weekday (LFT art. 69: one rest day per six worked)
ABSENCE_RATE = 0.025  # a scheduled day missed (sick, errands)
SHORT_WEEK_SHARE = 0.06  # weeks of leave or illness: about half the days worked
TRIP_DETAIL_DAYS = 28  # trip-level rows are kept for the last four weeks; shifts keep the totals
MAX_TRIPS_PER_SHIFT = 60  # trip codes carry the position in two digits

# --- energy --------------------------------------------------------------------------------------
# Battery kWh per km in CDMX ride-hailing (city traffic, A/C). The JAC E10X figure is business.yaml's
# reference vehicle (31.4 kWh LFP pack, 250 km range); the others are LAFA assumptions from the
# makers' published ranges, derated for city use.
KWH_PER_KM = {"E10X": 31.4 / 250, "E40X": 0.150, "Geometry E": 0.135, "EX2": 0.130, "Aion ES": 0.142,
              "Aion Y": 0.150}
CONSUMPTION_DAY_SD = 0.05  # traffic, A/C and load from one day to the next
SHIFT_RESERVE_SOC = (0.12, 0.22)  # a driver heading below this stops for a top-up during the shift
TOPUP_END_SOC = (0.20, 0.35)  # ... enough to end the shift about here
TOPUP_HANDLING_MINUTES = 15  # to the depot's charger and back, within the break
MAX_BREAK_MINUTES = 150
SOC_FLOOR = 0.05  # a shift never drives the pack below this: it ends its driving early instead
TARGET_SOC = (0.93, 0.045, 0.80, 1.00)  # end of charge: mean, sd, clipped to [low, high]
PLUG_ON_ARRIVAL_BELOW_SOC = (0.15, 0.70)  # a car back above this waits for the attendant's night round
NIGHT_ROUND_MINUTES = (21 * 60, 25 * 60 + 30)  # the round that plugs the waiting cars in (local)
UNPLUG_BEFORE_SHIFT_MINUTES = 15
DAY_OFF_CHARGE_BELOW_SOC = 0.50
LTO_CHARGING_MARKUP = 1.35
# LTO ride-hailing: about 100,000 km a year (business.yaml battery: "year one at ~100,000 km"), on
# nine days in ten; a lessee leaves home on a full overnight charge whose usable part (LTO_USABLE of
# the pack) takes the car so far; a longer day needs a mid-shift top-up at a depot, recorded as a
# charging session (at most LTO_WAIT_MINUTES[1] on the charger), and never beyond what it adds.
LTO_KM_PER_DRIVING_DAY = 300
LTO_USABLE = 0.85
LTO_WAIT_MINUTES = (60, 240)  # how long an LTO driver leaves the car on a depot charger
PLANTED_STREAM = 14  # the seed's stream that picks the fast-fading batteries and their cause
PLANTED_SHARE = 0.03
PLANTED_CAUSES = ("heat", "fast_charge", "deep_discharge")  # cause codes 1, 2, 3 (0: none)
HEAT_EXTRA_C = 7.0
FAST_CHARGE_SHARE = 0.5  # of a fast-charging car's sessions, on a DC charger
FAST_CHARGE_KW = (40.0, 60.0)
DEEP_DISCHARGE_DAYS = 0.7  # of a deep-discharging car's driving days end at 3-12 % charge
PERIOD_CODE = {period: code for code, period in enumerate(PERIODS)}  # base 0, intermediate 1, peak 2
PRICE_UNITS_PER_MXN = 10_000  # prices kept as integers of 0.0001 MXN per kWh

# Monthly mean daily-maximum temperature in CDMX (°C), Jan..Dec.
CDMX_MAX_TEMP_C = np.array([22, 24, 26, 27, 27, 25, 23, 23, 23, 23, 22, 21], dtype=float)


def local_to_utc(day_dates: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    """Local wall-clock minutes after midnight of each day → naive UTC datetime64.

    The generator keeps every timestamp as naive UTC datetime64 (fast arithmetic);
    the bulk writer stores them as the ORM's aware UTC values.
    """
    local = pd.Series(pd.to_datetime(day_dates) + pd.to_timedelta(minutes, unit="m"))
    aware = local.dt.tz_localize(LOCAL_TZ, ambiguous="NaT", nonexistent="shift_forward")
    return aware.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()


def as_duration(seconds: np.ndarray) -> np.ndarray:
    return np.round(seconds).astype(np.int64).astype("timedelta64[s]")


def utc_to_local(utc: np.ndarray) -> pd.Series:
    return pd.Series(utc).dt.tz_localize("UTC").dt.tz_convert(LOCAL_TZ)


# --- the tariff, from lafa_core.charging.tariffs -------------------------------------------------
@lru_cache(maxsize=1)
def _tariff_change_days() -> tuple[date, ...]:
    """The days data/tariffs.yaml changes (every effective_from), from the first day every value
    is in force: between two of them every day has the same tariff values."""
    data = load_reference("tariffs")
    lists = [entries for entries in data.values() if isinstance(entries, list)]
    first = max(min(date.fromisoformat(str(entry["effective_from"])) for entry in entries) for entries in lists)
    changes = {date.fromisoformat(str(entry["effective_from"])) for entries in lists for entry in entries}
    return tuple(sorted(day for day in changes if day >= first))


def tariff_on(day: date) -> Tariff:
    """A tariff with the values in force on `day` (`load_tariff` of the day its values took effect,
    so a whole window loads it once per change). A day before the file's first entries takes those
    entries: a demo can be built further back than the file goes."""
    changes = _tariff_change_days()
    return load_tariff(changes[max(0, bisect_right(changes, day) - 1)])


@dataclass
class TariffDays:
    """The tariff of each local day from `first`, as arrays: period code of each hour
    (`PERIOD_CODE`), energy price of each period in 0.0001 MXN per grid kWh, and the charging
    efficiency (battery kWh per grid kWh)."""

    first: date
    period: np.ndarray  # int8 [days, 24]
    price_units: np.ndarray  # int64 [days, 3], PERIODS order
    efficiency: np.ndarray  # float [days]

    @classmethod
    def build(cls, first: date, days: int) -> "TariffDays":
        periods, prices, efficiency = [], [], []
        for offset in range(days):
            day = first + timedelta(days=offset)
            tariff = tariff_on(day)
            # Tariff.period_on(day, hour) for the 24 hours at once: the day's season and day type.
            hours = tariff.hours[tariff.season(day)][tariff.day_type(day)]
            periods.append([PERIOD_CODE[period] for period in hours])
            prices.append([_price_units(tariff.energy_mxn_per_kwh[period], period) for period in PERIODS])
            efficiency.append(tariff.charging_efficiency)
        return cls(first, np.array(periods, dtype=np.int8), np.array(prices, dtype=np.int64),
                   np.array(efficiency, dtype=float))


def _price_units(price: Decimal, period: str) -> int:
    units = price * PRICE_UNITS_PER_MXN
    if units != units.to_integral_value():
        raise ValueError(f"data/tariffs.yaml energy_mxn_per_kwh.{period}: {price} has more than 4 decimals")
    return int(units)


def price_sessions(started_utc: np.ndarray, ended_utc: np.ndarray, energy_kwh: np.ndarray,
                   tariffs: TariffDays) -> tuple[np.ndarray, np.ndarray]:
    """(period at start, cost in centavos) of each session, at constant power from start to end.

    The rule: the session's energy (in 0.01 kWh, as stored) is split across the tariff periods in
    proportion to the seconds it spends in each, base and peak shares rounded down to 0.01 kWh and
    intermediate taking the rest; each share is priced at its period's price on the session's
    start day; the sum is rounded half up to the centavo. Periods follow each local hour's own day
    (season, day type, holidays).
    """
    n = len(started_utc)
    if n == 0:
        return np.array([], dtype=object), np.array([], dtype=np.int64)
    first_second = np.datetime64(tariffs.first, "s").astype(np.int64)
    start = utc_to_local(started_utc).dt.tz_localize(None).to_numpy().astype("datetime64[s]").astype(np.int64)
    end = utc_to_local(ended_utc).dt.tz_localize(None).to_numpy().astype("datetime64[s]").astype(np.int64)
    start, end = start - first_second, np.maximum(end - first_second, start - first_second + 1)
    last_day = len(tariffs.period) - 1
    first_hour = start // 3600
    hours_spanned = (end - 1) // 3600 - first_hour + 1
    seconds = np.zeros((n, len(PERIODS)), dtype=np.int64)
    for k in range(int(hours_spanned.max())):
        rows = np.flatnonzero(hours_spanned > k)  # sessions still running in their k-th hour
        hour = first_hour[rows] + k
        overlap = np.minimum(end[rows], (hour + 1) * 3600) - np.maximum(start[rows], hour * 3600)
        code = tariffs.period[np.minimum(hour // 24, last_day), hour % 24]
        np.add.at(seconds, (rows, code), overlap)
    total = seconds.sum(axis=1)
    centi_kwh = np.round(np.asarray(energy_kwh) * 100).astype(np.int64)
    base = centi_kwh * seconds[:, PERIOD_CODE["base"]] // total
    peak = centi_kwh * seconds[:, PERIOD_CODE["peak"]] // total
    intermediate = centi_kwh - base - peak
    price = tariffs.price_units[start // 86_400]
    units = (base * price[:, PERIOD_CODE["base"]] + intermediate * price[:, PERIOD_CODE["intermediate"]]
             + peak * price[:, PERIOD_CODE["peak"]])  # 0.01 kWh × 0.0001 MXN = 0.0001 centavo
    cost = (units + 5_000) // 10_000
    start_code = tariffs.period[start // 86_400, (start // 3600) % 24]
    return np.array(PERIODS, dtype=object)[start_code], cost


@lru_cache(maxsize=4096)
def _weekly_hours_limit(monday: date) -> float:
    """The legal weekly hours limit in force on a payroll week's Monday (data/labor_law.yaml)."""
    try:
        return float(labor_law_on(monday).weekly_hours_limit)
    except LaborLawError:  # a week before the file's first minimum wage: the hours limit alone
        rows = sorted(load_reference("labor_law")["weekly_hours_limit"], key=lambda row: row["effective_from"])
        in_force = [row for row in rows if row["effective_from"] <= monday] or rows[:1]
        return float(in_force[-1]["hours"])


@dataclass
class FleetDays:
    """Vehicle × day matrices the other tables are cut from."""

    in_service: np.ndarray  # bool [V, D]
    spell_index: np.ndarray  # int32 [V, D], -1 when no contract
    km: np.ndarray  # float [V, D]
    odometer: np.ndarray  # float [V, D]
    soh_pct: np.ndarray  # float [V, D]
    anomalous: np.ndarray  # bool [V]
    cause: np.ndarray  # int [V]: 0 none, else 1 + the index in PLANTED_CAUSES
    # LTO days driven beyond one charge: (vehicle, day, grid kWh of the mid-shift top-up)
    lto_topups: tuple[np.ndarray, np.ndarray, np.ndarray] = (np.zeros(0, int), np.zeros(0, int), np.zeros(0))


@dataclass
class DaeEnergy:
    """What the DaE battery simulation leaves for the other tables."""

    km: np.ndarray  # float32 [V, D]: km driven on DaE days (0 elsewhere)
    soc_midnight: np.ndarray  # float32 [V, D]: SOC (0–1) at the end of each DaE day, NaN elsewhere
    sessions: pd.DataFrame  # _vehicle, driver_id, start_minute (local, from the window's first midnight), energy_kwh
    # Per shift row: the daytime top-up's break (0 minutes when none), where it falls (a fraction of
    # the shift's trips, then `break_slot`: after that many trips) and its grid kWh.
    break_minutes: np.ndarray
    break_at: np.ndarray
    topup_kwh: np.ndarray
    break_slot: np.ndarray | None = None


class ActivitySimulator:
    def __init__(self, book: ContractBook, seed: int):
        self.book = book
        self.rng = np.random.default_rng([seed, 3])
        self.planted = np.random.default_rng([seed, PLANTED_STREAM])
        self.days = book.calendar.days
        self.dates = np.array([book.calendar.date_of(t) for t in range(self.days)], dtype="datetime64[D]")
        self.weekday = np.arange(self.days) % 7  # the window starts on a Monday
        self.spell_product = np.array([s.product == Product.DAE.value for s in book.spells])
        self.spell_driver = np.array([book.drivers[s.driver]["id"] for s in book.spells], dtype=np.int64)
        self.driver_productivity = np.array([d["productivity"] for d in book.drivers])
        self.driver_morning = np.array([d["morning"] for d in book.drivers])
        self.spell_driver_index = np.array([s.driver for s in book.spells], dtype=np.int64)
        vehicles = book.vehicles
        self.battery_kwh = np.array([v["battery_kwh"] for v in vehicles], dtype=float)
        self.kwh_per_km = np.array([KWH_PER_KM[v["model"]] for v in vehicles], dtype=float)
        self.charger_kw = np.array([book.depots[v["depot_id"] - 1]["charger_kw"] for v in vehicles], dtype=float)
        self.tariffs = TariffDays.build(book.calendar.start, self.days + 2)  # sessions run into the next days
        # Each DaE driver's habits (simulation only): rest day, usual shift length, usual start.
        rng = self.rng
        n_drivers = len(book.drivers)
        self.driver_rest_day = np.where(rng.random(n_drivers) < SUNDAY_REST_SHARE, 6, rng.integers(0, 6, n_drivers))
        self.driver_shift_hours = rng.uniform(*SHIFT_HOURS_MEAN, n_drivers)
        self.driver_start_minute = np.where(self.driver_morning, rng.integers(330, 451, n_drivers),
                                            rng.integers(780, 931, n_drivers))
        self.dae: DaeEnergy | None = None

    def occupancy(self) -> tuple[np.ndarray, np.ndarray]:
        n_vehicles = len(self.book.vehicles)
        spell_index = np.full((n_vehicles, self.days), -1, dtype=np.int32)
        for i, spell in enumerate(self.book.spells):
            start = max(spell.start, 0)
            end = self.days if spell.end is None else min(spell.end, self.days)
            if end > start:
                spell_index[spell.vehicle, start:end] = i
        entry = np.array([v["in_service_index"] for v in self.book.vehicles])
        in_service = np.arange(self.days)[None, :] >= entry[:, None]
        return in_service, spell_index

    # --- DaE shifts ----------------------------------------------------------------------------
    def _plan_hours(self, vehicle: np.ndarray, day: np.ndarray, spell: np.ndarray) -> np.ndarray:
        """Hours worked on each DaE vehicle-day (0: not worked): six days a week around the
        driver's usual shift, some absences and short weeks, made up to the 40 h goal when a little
        short, the week capped at the legal limit."""
        rng = self.rng
        driver = self.spell_driver_index[spell]
        n_weeks = (self.days + 6) // 7
        week = day // 7
        keys, group = np.unique(spell.astype(np.int64) * n_weeks + week, return_inverse=True)
        short_week = rng.random(len(keys)) < SHORT_WEEK_SHARE
        attends = rng.random(len(day)) < np.where(short_week[group], 0.5, 1 - ABSENCE_RATE)
        works = (self.weekday[day] != self.driver_rest_day[driver]) & attends
        hours = np.clip(rng.normal(self.driver_shift_hours[driver], SHIFT_HOURS_SD), *SHIFT_HOURS_RANGE)
        hours = np.where(works, hours, 0.0)
        weekly = np.bincount(group, weights=hours, minlength=len(keys))
        # A driver a little short of the pay rule's hours goal (a day missed, short shifts) makes it
        # up on his other days; a week of leave stays short.
        goal = float(RULE.hours_goal)
        days_worked = np.bincount(group, weights=works, minlength=len(keys))
        catch_up = ~short_week & (days_worked >= 5) & (weekly < goal)
        wanted = np.where(catch_up, goal + rng.uniform(0.25, 1.5, len(keys)), weekly)
        mondays = [self.book.calendar.date_of(7 * w) for w in range(n_weeks)]
        limit = np.array([_weekly_hours_limit(m) for m in mondays])[keys % n_weeks]
        scale = np.minimum(wanted, limit) / np.maximum(weekly, 1e-9)
        hours = np.minimum(hours * scale[group], SHIFT_HOURS_RANGE[1])
        return np.floor(hours * 4) / 4  # quarter hours, rounded down: the legal cap holds

    def shifts(self, spell_index: np.ndarray) -> pd.DataFrame:
        """One row per DaE driver-day worked; also runs the DaE battery simulation (`self.dae`)."""
        rng = self.rng
        vehicle, day = np.nonzero(spell_index >= 0)
        spell = spell_index[vehicle, day]
        dae = self.spell_product[spell]
        vehicle, day, spell = vehicle[dae], day[dae], spell[dae]
        hours = self._plan_hours(vehicle, day, spell)
        works = hours > 0
        off_vehicle, off_day, off_spell = vehicle[~works], day[~works], spell[~works]
        vehicle, day, spell, hours = vehicle[works], day[works], spell[works], hours[works]
        n = len(day)
        driver_index = self.spell_driver_index[spell]
        start_minute = np.clip(self.driver_start_minute[driver_index] + np.round(rng.normal(0, 12, n)), 300, 960)
        speed = rng.uniform(*KM_PER_DRIVING_HOUR, n)
        energy = self._simulate_dae_energy(vehicle, day, start_minute, hours, speed, self.spell_driver[spell],
                                           off_vehicle, off_day, self.spell_driver[off_spell])
        driving_hours = hours - energy.break_minutes / 60
        km = energy.km[vehicle, day].astype(float)
        _, driver_week = np.unique(spell.astype(np.int64) * self.days + day // 7, return_inverse=True)
        week_luck = np.exp(rng.normal(0, 0.06, driver_week.max(initial=-1) + 1))[driver_week]  # good and bad weeks
        billed_pesos = (driving_hours * BILLING_PER_DRIVING_HOUR_MXN * self.driver_productivity[driver_index]
                        * week_luck * np.exp(rng.normal(0, 0.12, n)))
        billed_centavos = np.round(billed_pesos * 100).astype(np.int64)
        trip_count = np.clip(np.round(billed_pesos / (AVERAGE_FARE_MXN * rng.normal(1, 0.08, n))),
                             1, MAX_TRIPS_PER_SHIFT).astype(np.int64)
        tips_centavos = np.round(billed_centavos * rng.uniform(0, 0.05, n)).astype(np.int64)
        # The charging break comes between trips, where the battery runs low.
        has_break = energy.break_minutes > 0
        energy.break_slot = np.where(has_break, np.clip(np.round(energy.break_at * trip_count), 1,
                                                        np.maximum(trip_count - 1, 1)), 0).astype(np.int64)
        self._add_topups(energy, vehicle, day, start_minute, hours, trip_count, self.spell_driver[spell])
        self.dae = energy
        starts_at = local_to_utc(self.dates[day], start_minute)
        ends_at = starts_at + as_duration(hours * 3600)
        depot = np.array([v["depot_id"] for v in self.book.vehicles])[vehicle]
        return pd.DataFrame({
            "id": np.arange(1, n + 1), "driver_id": self.spell_driver[spell], "vehicle_id": vehicle + 1,
            "depot_id": depot, "work_date": self.dates[day], "starts_at": starts_at,
            "ends_at": ends_at, "hours": hours, "trip_count": trip_count,
            "billed_centavos": billed_centavos, "tips_centavos": tips_centavos,
            # Kept for telemetry and charging, dropped before writing.
            "_vehicle": vehicle, "_day": day, "_km": np.round(km, 1),
        })

    def _simulate_dae_energy(self, vehicle, day, start_minute, hours, speed, driver_id,
                             off_vehicle, off_day, off_driver_id) -> DaeEnergy:
        """Day by day, all vehicles at once: each DaE car's state of charge (0–1 of its pack)
        through its shifts, daytime top-ups and depot charging. Minutes are local, counted from the
        window's first midnight (CDMX keeps no daylight saving time)."""
        rng = self.rng
        n_vehicles, days = len(self.book.vehicles), self.days
        n, m = len(day), len(off_day)
        # Day-major layout: one contiguous row of vehicles per day.
        row_of = np.full((days + 1, n_vehicles), -1, dtype=np.int64)
        row_of[day, vehicle] = np.arange(n)
        off_of = np.full((days, n_vehicles), -1, dtype=np.int64)
        off_of[off_day, off_vehicle] = np.arange(m)
        # Everything random is drawn up front, per shift row or per day off.
        consumption = self.kwh_per_km[vehicle] * np.exp(rng.normal(0, CONSUMPTION_DAY_SD, n))
        reserve = rng.uniform(*SHIFT_RESERVE_SOC, n)
        topup_end = rng.uniform(*TOPUP_END_SOC, n)
        shift_start = day * 1440 + start_minute
        arrival = shift_start + hours * 60 + rng.integers(10, 41, n)
        shift_round = day * 1440 + rng.integers(*NIGHT_ROUND_MINUTES, n)
        plug_now_below = rng.uniform(*PLUG_ON_ARRIVAL_BELOW_SOC, n)
        shift_target = np.clip(rng.normal(TARGET_SOC[0], TARGET_SOC[1], n), TARGET_SOC[2], TARGET_SOC[3])
        off_km = np.where(rng.random(m) < 0.5, 0.0, rng.uniform(0, 15, m))
        off_round = off_day * 1440 + rng.integers(*NIGHT_ROUND_MINUTES, m)
        off_target = np.clip(rng.normal(TARGET_SOC[0], TARGET_SOC[1], m), TARGET_SOC[2], TARGET_SOC[3])
        cap, per_km, kw = self.battery_kwh, self.kwh_per_km, self.charger_kw
        km_matrix = np.zeros((days, n_vehicles), dtype=np.float32)
        soc_matrix = np.full((days, n_vehicles), np.nan, dtype=np.float32)
        break_minutes, break_at, topup_kwh = np.zeros(n), np.zeros(n), np.zeros(n)
        soc = rng.uniform(0.6, 0.95, n_vehicles)
        nights: list[tuple[np.ndarray, ...]] = []
        for d in range(days):
            efficiency = self.tariffs.efficiency[d]
            v = np.flatnonzero(row_of[d] >= 0)
            r = row_of[d, v]
            c, k, s = cap[v], consumption[r], soc[v]
            # The shift; a top-up in a break when it would end below the driver's reserve.
            drain = hours[r] * speed[r] * k / c  # SOC the whole shift would use without a break
            at = np.minimum(np.maximum((s - 0.25) / np.maximum(drain, 1e-9), 0.35), 0.8)
            wanted = np.maximum(np.minimum(topup_end[r] - (s - drain), 0.95 - (s - at * drain)), 0.0)
            charge_minutes = np.minimum(wanted * c / efficiency / kw[v] * 60, MAX_BREAK_MINUTES - TOPUP_HANDLING_MINUTES)
            grid = np.where(s - drain < reserve[r], np.round(charge_minutes / 60 * kw[v], 2), 0.0)
            brk = np.where(grid > 0, np.ceil((grid / kw[v] * 60 + TOPUP_HANDLING_MINUTES) / 5) * 5, 0.0)
            km = (hours[r] - brk / 60) * speed[r]
            after = s + grid * efficiency / c - km * k / c
            km = np.where(after < SOC_FLOOR, km - (SOC_FLOOR - after) * c / k, km)  # drives less, never runs flat
            after = np.maximum(after, SOC_FLOOR)
            break_minutes[r], break_at[r], topup_kwh[r] = brk, at, grid
            km_matrix[d, v] = km
            soc[v] = after
            # Days off: a little driving; a low car still goes on the night round.
            w = np.flatnonzero(off_of[d] >= 0)
            o = off_of[d, w]
            km_matrix[d, w] = off_km[o]
            soc[w] = np.maximum(soc[w] - off_km[o] * per_km[w] / cap[w], SOC_FLOOR)
            soc_matrix[d, w] = soc[w]
            low = soc[w] < DAY_OFF_CHARGE_BELOW_SOC
            w, o = w[low], o[low]
            # Back at the depot: plugged in on arrival when low, else on the attendant's night round;
            # charged to the target, or as far as it gets before the next shift.
            plug_shift = np.where(after < plug_now_below[r], arrival[r], np.maximum(arrival[r], shift_round[r]))
            vv = np.concatenate([v, w])
            plug = np.concatenate([plug_shift, off_round[o]]).astype(float)
            target = np.concatenate([shift_target[r], off_target[o]])
            next_row = row_of[d + 1, vv]
            deadline = np.where(next_row >= 0, shift_start[next_row] - UNPLUG_BEFORE_SHIFT_MINUTES, plug + 20 * 60)
            c, power = cap[vv], kw[vv]
            wanted = np.maximum(target - soc[vv], 0.0) * c / efficiency
            grid = np.round(np.minimum(wanted, (deadline - plug) / 60 * power), 2)
            grid = np.where(grid >= 1.0, grid, 0.0)
            before_midnight = np.minimum(np.maximum((d + 1) * 1440 - plug, 0.0), grid / power * 60)
            soc_matrix[d, vv] = soc[vv] + before_midnight / 60 * power * efficiency / c
            soc[vv] += grid * efficiency / c
            charges = grid > 0
            who = np.concatenate([driver_id[r], off_driver_id[o]])
            nights.append((vv[charges], who[charges], plug[charges], grid[charges]))
        night = [np.concatenate(parts) for parts in zip(*nights)] if nights else [np.array([])] * 4
        sessions = pd.DataFrame({"_vehicle": night[0].astype(np.int64), "driver_id": night[1].astype(np.int64),
                                 "start_minute": night[2], "energy_kwh": night[3]})
        return DaeEnergy(np.ascontiguousarray(km_matrix.T), np.ascontiguousarray(soc_matrix.T), sessions,
                         break_minutes, break_at, topup_kwh)

    def _add_topups(self, energy: DaeEnergy, vehicle, day, start_minute, hours, trip_count, driver_id) -> None:
        """The daytime top-ups: at the depot's charger during the shift's break, after `break_slot` trips."""
        rows = np.nonzero(energy.break_minutes > 0)[0]
        driving_minutes = hours[rows] * 60 - energy.break_minutes[rows]
        break_start = energy.break_slot[rows] * driving_minutes / trip_count[rows]
        start = day[rows] * 1440 + start_minute[rows] + np.round(break_start) + self.rng.integers(3, 9, len(rows))
        topups = pd.DataFrame({"_vehicle": vehicle[rows], "driver_id": driver_id[rows], "start_minute": start,
                               "energy_kwh": energy.topup_kwh[rows]})
        energy.sessions = pd.concat([energy.sessions, topups], ignore_index=True)

    def trips(self, shifts: pd.DataFrame) -> pd.DataFrame:
        """DiDi trip rows for the recent shifts: one after another inside the shift (around the
        charging break, if any); fares and tips add up to the shift's billing and tips exactly."""
        rng = self.rng
        recent = shifts[shifts["_day"] >= self.days - TRIP_DETAIL_DAYS]
        counts = recent["trip_count"].to_numpy()
        total = int(counts.sum())
        if total == 0:
            return pd.DataFrame()
        rows = recent.index.to_numpy()  # shift rows of the simulation (ids - 1)
        group = np.repeat(np.arange(len(recent)), counts)
        first = np.concatenate([[0], np.cumsum(counts)[:-1]])
        position = np.arange(total) - np.repeat(first, counts)
        weights = rng.gamma(3.0, 1.0, total)
        shares = weights / np.repeat(np.add.reduceat(weights, first), counts)
        billed = np.repeat(recent["billed_centavos"].to_numpy(), counts)
        fare = np.floor(shares * billed).astype(np.int64)
        fare[first] += recent["billed_centavos"].to_numpy() - np.add.reduceat(fare, first)
        tips = np.floor(shares * np.repeat(recent["tips_centavos"].to_numpy(), counts)).astype(np.int64)
        tips[first] += recent["tips_centavos"].to_numpy() - np.add.reduceat(tips, first)
        break_minutes = self.dae.break_minutes[rows]
        shift_minutes = recent["hours"].to_numpy() * 60
        slot = np.repeat((shift_minutes - break_minutes) / counts, counts)
        duration = np.maximum(slot * rng.uniform(0.55, 0.9, total), np.minimum(6.0, slot))
        after_break = position >= np.repeat(self.dae.break_slot[rows], counts)
        offset = (position * slot + rng.random(total) * (slot - duration)
                  + np.where(after_break, np.repeat(break_minutes, counts), 0.0))
        shift_start = np.repeat(recent["starts_at"].to_numpy(), counts)
        shift_end = np.repeat(recent["ends_at"].to_numpy(), counts)
        started_at = shift_start + as_duration(np.ceil(offset * 60))
        ended_at = np.minimum(shift_start + as_duration(np.floor((offset + duration) * 60)), shift_end)
        shift_ids = recent["id"].to_numpy()[group]
        return pd.DataFrame({
            "id": np.arange(1, total + 1),
            # DD + shift id + position; object strings (pandas would convert a list to Arrow strings, slowly).
            "trip_code": pd.Series([f"DD{code:011d}" for code in (shift_ids * 100 + position).tolist()], dtype=object),
            "shift_id": shift_ids, "driver_id": recent["driver_id"].to_numpy()[group],
            "vehicle_id": recent["vehicle_id"].to_numpy()[group],
            "started_at": started_at, "ended_at": ended_at,
            "km": np.round(fare / 100 / rng.uniform(8, 11, total), 1),
            "fare_centavos": fare, "tip_centavos": tips,
        })

    def _energy(self) -> DaeEnergy:
        if self.dae is None:
            raise RuntimeError("run shifts() first: it simulates the DaE cars' driving and charging")
        return self.dae

    def fleet_days(self, in_service: np.ndarray, spell_index: np.ndarray, shifts: pd.DataFrame) -> FleetDays:
        rng = self.rng
        n_vehicles = in_service.shape[0]
        km = np.zeros(in_service.shape)
        has_spell = spell_index >= 0
        safe_spell = np.where(has_spell, spell_index, 0)
        dae = has_spell & self.spell_product[safe_spell]
        lto = has_spell & ~self.spell_product[safe_spell]
        # DaE days (shifts and days off) come from the battery simulation; LTO drivers work ~6.3 days a week.
        km[dae] = self._energy().km[dae]
        lto_vehicle, lto_day = np.nonzero(lto & in_service)
        n_lto = len(lto_day)
        lto_drives = rng.random(n_lto) < 0.9
        wanted = LTO_KM_PER_DRIVING_DAY * np.exp(rng.normal(0, 0.22, n_lto))
        per_km = self.kwh_per_km[lto_vehicle]
        one_charge = self.battery_kwh[lto_vehicle] * LTO_USABLE / per_km
        efficiency = self.tariffs.efficiency[lto_day]
        topup_most = self.charger_kw[lto_vehicle] * LTO_WAIT_MINUTES[1] / 60 * efficiency / per_km
        lto_km = np.round(np.where(lto_drives, np.minimum(wanted, one_charge + topup_most), 0.0), 1)
        km[lto_vehicle, lto_day] = lto_km
        topped = lto_km > one_charge
        topups = (lto_vehicle[topped], lto_day[topped],
                  np.ceil((lto_km[topped] - one_charge[topped]) * per_km[topped] / efficiency[topped] * 100) / 100)
        km = np.round(np.where(in_service, km, 0.0), 1)
        entry = np.array([v["in_service_index"] for v in self.book.vehicles])
        start_odometer = np.where(entry < 0, -entry * 250 * rng.uniform(0.8, 1.1, n_vehicles), 0.0)
        odometer = start_odometer[:, None] + np.cumsum(km, axis=1)
        # LFP: year one at ~100,000 km keeps 97–98 %; ~3 % of cars fade several times faster.
        rng.random(n_vehicles)  # the draw that once picked them: kept so the rest of the company stays as it was
        anomalous = self.planted.random(n_vehicles) < PLANTED_SHARE
        cause = np.where(anomalous, self.planted.integers(1, len(PLANTED_CAUSES) + 1, n_vehicles), 0)
        # Fast charging and deep discharges are an independent driver's habits (LTO: public DC chargers,
        # packs run low before charging at home); a DaE car charges at its depot on the company's plan
        # and sleeps topped up, so a planted car mostly on DaE runs hot instead.
        mostly_dae = dae.sum(axis=1) > (in_service & ~dae).sum(axis=1)
        cause = np.where((cause >= 2) & mostly_dae, 1, cause)
        fade_per_100k = np.where(anomalous, rng.uniform(0.07, 0.10, n_vehicles), rng.uniform(0.017, 0.025, n_vehicles))
        age_years = (np.arange(self.days)[None, :] - entry[:, None]) / 365
        soh = 100 * (1 - fade_per_100k[:, None] * odometer / 100_000 - 0.004 * np.clip(age_years, 0, None))
        soh = np.round(np.clip(soh + rng.normal(0, 0.12, soh.shape), 60, 100), 2)
        return FleetDays(in_service, spell_index, km, odometer, soh, anomalous, cause, topups)

    def telemetry(self, fleet: FleetDays, day_range: range) -> pd.DataFrame:
        rng = self.rng
        block = slice(day_range.start, day_range.stop)
        vehicle, offset = np.nonzero(fleet.in_service[:, block])
        day = offset + day_range.start
        n = len(day)
        km = fleet.km[vehicle, day]
        spell = fleet.spell_index[vehicle, day]
        month = (self.dates[day].astype("datetime64[M]").astype(int) % 12)
        temperature = CDMX_MAX_TEMP_C[month] + 6 + 8 * km / 300 + rng.normal(0, 1.5, n)
        temperature = temperature + HEAT_EXTRA_C * (fleet.cause[vehicle] == 1)
        depot_lat = np.array([self.book.depots[v["depot_id"] - 1]["lat"] for v in self.book.vehicles])
        depot_lon = np.array([self.book.depots[v["depot_id"] - 1]["lon"] for v in self.book.vehicles])
        home_lat = np.array([d["home_lat"] for d in self.book.drivers])
        home_lon = np.array([d["home_lon"] for d in self.book.drivers])
        lto = (spell >= 0) & ~self.spell_product[np.where(spell >= 0, spell, 0)]
        driver = self.spell_driver_index[np.where(spell >= 0, spell, 0)]
        # LTO cars sleep at the driver's home; DaE and idle cars at their depot.
        lat = np.where(lto, home_lat[driver] + rng.normal(0, 0.004, n), depot_lat[vehicle] + rng.normal(0, 0.0015, n))
        lon = np.where(lto, home_lon[driver] + rng.normal(0, 0.004, n), depot_lon[vehicle] + rng.normal(0, 0.0015, n))
        # SOC at midnight: simulated for DaE days; LTO cars charge mostly at home (not simulated).
        simulated = self._energy().soc_midnight[vehicle, day].astype(float) * 100
        drawn = np.where(lto, rng.uniform(20, 90, n), rng.uniform(45, 95, n))
        soc = np.where(np.isnan(simulated), drawn, simulated)
        deep = ((fleet.cause[vehicle] == 3) & (km > 0) & np.isnan(simulated)
                & (self.planted.random(n) < DEEP_DISCHARGE_DAYS))
        soc = np.where(deep, self.planted.uniform(3, 12, n), soc)
        return pd.DataFrame({
            "vehicle_id": vehicle + 1, "day": self.dates[day], "km": km,
            "odometer_km": np.round(fleet.odometer[vehicle, day], 1),
            "soc_end_pct": np.round(soc, 1),
            "soh_pct": fleet.soh_pct[vehicle, day], "max_battery_temp_c": np.round(temperature, 1),
            "lat": inside_cdmx(lat, lon)[0], "lon": inside_cdmx(lat, lon)[1],
        })

    def charging(self, shifts: pd.DataFrame, fleet: FleetDays) -> pd.DataFrame:
        """DaE sessions from the battery simulation (depot, overnight and daytime top-ups); LTO drivers
        charge at home overnight and buy a depot top-up mid-shift on the days they drive beyond one charge."""
        rng = self.rng
        depot = np.array([v["depot_id"] for v in self.book.vehicles])
        dae = self._energy().sessions
        dae_vehicle = dae["_vehicle"].to_numpy()
        dae_start = dae["start_minute"].to_numpy()
        # LTO: the mid-shift top-ups of the days driven beyond one charge (fleet_days), late morning
        # to mid-afternoon, for exactly the energy the extra km took.
        lto_vehicle, lto_day, lto_energy = fleet.lto_topups
        m = len(lto_day)
        lto_start = lto_day * 1440 + rng.integers(11 * 60, 16 * 60, m)
        lto_driver = self.spell_driver[fleet.spell_index[lto_vehicle, lto_day]]

        vehicle = np.concatenate([dae_vehicle, lto_vehicle])
        minute = np.round(np.concatenate([dae_start, lto_start]).astype(float))
        energy = np.concatenate([dae["energy_kwh"].to_numpy(), lto_energy])
        driver = np.concatenate([dae["driver_id"].to_numpy(), lto_driver])
        is_lto = np.concatenate([np.zeros(len(dae_vehicle), bool), np.ones(m, bool)])
        # Sessions starting after the window's last day are left out; the rest in order of start.
        charge_day = (minute // 1440).astype(np.int64)  # local minutes from the first midnight: the local day
        keep = np.flatnonzero(charge_day < self.days)
        keep = keep[np.argsort(minute[keep], kind="stable")]
        vehicle, minute, energy, driver, is_lto = vehicle[keep], minute[keep], energy[keep], driver[keep], is_lto[keep]
        # Wall-clock minutes → UTC; the repeated hour of an old daylight-saving change reads as standard time.
        local = pd.Series(pd.Timestamp(self.dates[0]) + pd.to_timedelta(minute, unit="m"))
        started = (local.dt.tz_localize(LOCAL_TZ, ambiguous=np.zeros(len(local), bool), nonexistent="shift_forward")
                   .dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[ns]"))
        # Fast-charging planted cars take about half their LTO sessions on a public DC charger: no
        # depot, paid by the driver at the station (nothing paid to CFE or billed by the company).
        fast = is_lto & (fleet.cause[vehicle] == 2) & (self.planted.random(len(keep)) < FAST_CHARGE_SHARE)
        power = np.where(fast, self.planted.uniform(*FAST_CHARGE_KW, len(keep)), self.charger_kw[vehicle])
        ended = started + as_duration(energy / power * 3600)
        period, cost = price_sessions(started, ended, energy, self.tariffs)
        cost = np.where(fast, 0, cost)
        return pd.DataFrame({
            "id": np.arange(1, len(keep) + 1), "vehicle_id": vehicle + 1,
            "depot_id": np.where(fast, np.nan, depot[vehicle]),  # nullable: float with NaN, as the loader expects
            "driver_id": driver, "product": pd.Series(np.where(is_lto, Product.LTO.value, Product.DAE.value), dtype=object),
            "charge_date": self.dates[charge_day[keep]], "started_at": started, "ended_at": ended,
            "energy_kwh": energy, "tariff_period": pd.Series(period, dtype=object), "cost_centavos": cost,
            "price_centavos": np.where(is_lto, np.round(cost * LTO_CHARGING_MARKUP), 0).astype(np.int64),
        })
