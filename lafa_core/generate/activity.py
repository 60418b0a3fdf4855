"""Day-by-day activity of the fleet, vectorized over vehicle-days: DaE shifts
and trips, telemetry summaries (km, SOC, SOH, temperature, location) and
charging sessions. LFP degradation follows the reference band per km, with a
few vehicles degrading abnormally fast.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lafa_core.config import LOCAL_TZ
from lafa_core.generate.contracts import ContractBook
from lafa_core.generate.geography import inside_cdmx
from lafa_core.tables import Product, TariffPeriod

SHIFT_BILLING_PER_HOUR_MXN = 150  # ≈ 7,400 MXN a week at ~49 h: DaE monthly billing 28–36k
AVERAGE_FARE_MXN = 105
KWH_PER_KM = 0.155
CHARGER_KW = 7.2
TRIP_DETAIL_DAYS = 28  # trip-level rows are kept for the last four weeks; shifts keep the totals
# Monthly mean daily-maximum temperature in CDMX (°C), Jan..Dec.
CDMX_MAX_TEMP_C = np.array([22, 24, 26, 27, 27, 25, 23, 23, 23, 23, 22, 21], dtype=float)
# CFE GDMTH time-of-use, midpoints of the reference ranges (MXN/kWh).
TARIFF_RATE_MXN = {TariffPeriod.BASE.value: 1.00, TariffPeriod.INTERMEDIATE.value: 1.50, TariffPeriod.PEAK.value: 2.85}
LTO_CHARGING_MARKUP = 1.35


def tariff_period(local_hour: np.ndarray) -> np.ndarray:
    """CFE GDMTH: base 0–6 h, peak 20–22 h, intermediate otherwise."""
    return np.where(local_hour < 6, TariffPeriod.BASE.value,
                    np.where((local_hour >= 20) & (local_hour < 22), TariffPeriod.PEAK.value,
                             TariffPeriod.INTERMEDIATE.value))


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


@dataclass
class FleetDays:
    """Vehicle × day matrices the other tables are cut from."""

    in_service: np.ndarray  # bool [V, D]
    spell_index: np.ndarray  # int32 [V, D], -1 when no contract
    km: np.ndarray  # float [V, D]
    odometer: np.ndarray  # float [V, D]
    soh_pct: np.ndarray  # float [V, D]
    anomalous: np.ndarray  # bool [V]


class ActivitySimulator:
    def __init__(self, book: ContractBook, seed: int):
        self.book = book
        self.rng = np.random.default_rng([seed, 3])
        self.days = book.calendar.days
        self.dates = np.array([book.calendar.date_of(t) for t in range(self.days)], dtype="datetime64[D]")
        self.weekday = np.arange(self.days) % 7  # the window starts on a Monday
        self.spell_product = np.array([s.product == Product.DAE.value for s in book.spells])
        self.spell_driver = np.array([book.drivers[s.driver]["id"] for s in book.spells], dtype=np.int64)
        self.driver_productivity = np.array([d["productivity"] for d in book.drivers])
        self.driver_morning = np.array([d["morning"] for d in book.drivers])
        self.spell_driver_index = np.array([s.driver for s in book.spells], dtype=np.int64)

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

    def shifts(self, spell_index: np.ndarray) -> pd.DataFrame:
        """One row per DaE driver-day worked (most work six days; some Sundays)."""
        rng = self.rng
        vehicle, day = np.nonzero(spell_index >= 0)
        spell = spell_index[vehicle, day]
        dae = self.spell_product[spell]
        vehicle, day, spell = vehicle[dae], day[dae], spell[dae]
        works = rng.random(len(day)) < np.where(self.weekday[day] == 6, 0.35, 0.93)
        vehicle, day, spell = vehicle[works], day[works], spell[works]
        n = len(day)
        driver_index = self.spell_driver_index[spell]
        hours = np.round(np.clip(rng.normal(8.6, 1.2, n), 5, 12) * 4) / 4
        morning = self.driver_morning[driver_index]
        start_minute = np.where(morning, rng.integers(330, 451, n), rng.integers(780, 931, n))
        billed_pesos = hours * SHIFT_BILLING_PER_HOUR_MXN * self.driver_productivity[driver_index] * np.exp(rng.normal(0, 0.12, n))
        billed_centavos = np.round(billed_pesos * 100).astype(np.int64)
        trip_count = np.maximum(1, np.round(billed_pesos / (AVERAGE_FARE_MXN * rng.normal(1, 0.08, n)))).astype(np.int64)
        tips_centavos = np.round(billed_centavos * rng.uniform(0, 0.05, n)).astype(np.int64)
        starts_at = local_to_utc(self.dates[day], start_minute)
        ends_at = starts_at + as_duration(hours * 3600)
        vehicles = self.book.vehicles
        depot = np.array([v["depot_id"] for v in vehicles])[vehicle]
        return pd.DataFrame({
            "id": np.arange(1, n + 1), "driver_id": self.spell_driver[spell], "vehicle_id": vehicle + 1,
            "depot_id": depot, "work_date": self.dates[day], "starts_at": starts_at,
            "ends_at": ends_at, "hours": hours, "trip_count": trip_count,
            "billed_centavos": billed_centavos, "tips_centavos": tips_centavos,
            # Kept for telemetry and charging, dropped before writing.
            "_vehicle": vehicle, "_day": day, "_km": np.round(hours * rng.uniform(24, 32, n), 1),
        })

    def trips(self, shifts: pd.DataFrame) -> pd.DataFrame:
        """DiDi trip rows for the recent shifts; fares add up to each shift's billing exactly."""
        rng = self.rng
        recent = shifts[shifts["_day"] >= self.days - TRIP_DETAIL_DAYS]
        counts = recent["trip_count"].to_numpy()
        total = int(counts.sum())
        if total == 0:
            return pd.DataFrame()
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
        shift_minutes = np.repeat((recent["hours"].to_numpy() * 60), counts)
        slot = shift_minutes / np.repeat(counts, counts)
        offset = position * slot + rng.uniform(0, 0.3, total) * slot
        duration = np.clip(slot * rng.uniform(0.55, 0.9, total), 6, None)
        shift_start = np.repeat(recent["starts_at"].to_numpy(), counts)
        started_at = shift_start + as_duration(offset * 60)
        ended_at = started_at + as_duration(duration * 60)
        shift_ids = recent["id"].to_numpy()[group]
        return pd.DataFrame({
            "id": np.arange(1, total + 1),
            "trip_code": [f"DD{s:09d}{p:02d}" for s, p in zip(shift_ids.tolist(), position.tolist())],
            "shift_id": shift_ids, "driver_id": recent["driver_id"].to_numpy()[group],
            "vehicle_id": recent["vehicle_id"].to_numpy()[group],
            "started_at": started_at, "ended_at": ended_at,
            "km": np.round(fare / 100 / rng.uniform(8, 11, total), 1),
            "fare_centavos": fare, "tip_centavos": tips,
        })

    def fleet_days(self, in_service: np.ndarray, spell_index: np.ndarray, shifts: pd.DataFrame) -> FleetDays:
        rng = self.rng
        n_vehicles = in_service.shape[0]
        km = np.zeros(in_service.shape)
        has_spell = spell_index >= 0
        safe_spell = np.where(has_spell, spell_index, 0)
        dae = has_spell & self.spell_product[safe_spell]
        lto = has_spell & ~self.spell_product[safe_spell]
        # DaE days off: a little personal driving; LTO drivers work ~6.3 days a week.
        km[dae] = np.where(rng.random(int(dae.sum())) < 0.5, 0.0, rng.uniform(0, 15, int(dae.sum())))
        lto_drives = rng.random(int(lto.sum())) < 0.9
        km[lto] = np.where(lto_drives, 230 * np.exp(rng.normal(0, 0.25, int(lto.sum()))), 0.0)
        km[shifts["_vehicle"].to_numpy(), shifts["_day"].to_numpy()] = shifts["_km"].to_numpy()
        km = np.round(np.where(in_service, km, 0.0), 1)
        entry = np.array([v["in_service_index"] for v in self.book.vehicles])
        start_odometer = np.where(entry < 0, -entry * 250 * rng.uniform(0.8, 1.1, n_vehicles), 0.0)
        odometer = start_odometer[:, None] + np.cumsum(km, axis=1)
        # LFP: year one at ~100,000 km keeps 97–98 %; ~3 % of cars fade several times faster.
        anomalous = rng.random(n_vehicles) < 0.03
        fade_per_100k = np.where(anomalous, rng.uniform(0.07, 0.10, n_vehicles), rng.uniform(0.019, 0.027, n_vehicles))
        age_years = (np.arange(self.days)[None, :] - entry[:, None]) / 365
        soh = 100 * (1 - fade_per_100k[:, None] * odometer / 100_000 - 0.004 * np.clip(age_years, 0, None))
        soh = np.round(np.clip(soh + rng.normal(0, 0.12, soh.shape), 60, 100), 2)
        return FleetDays(in_service, spell_index, km, odometer, soh, anomalous)

    def telemetry(self, fleet: FleetDays, day_range: range) -> pd.DataFrame:
        rng = self.rng
        block = slice(day_range.start, day_range.stop)
        vehicle, offset = np.nonzero(fleet.in_service[:, block])
        day = offset + day_range.start
        n = len(day)
        km = fleet.km[vehicle, day]
        spell = fleet.spell_index[vehicle, day]
        month = (self.dates[day].astype("datetime64[M]").astype(int) % 12)
        temperature = CDMX_MAX_TEMP_C[month] + 6 + 8 * km / 300 + rng.normal(0, 1.5, n) + 5 * fleet.anomalous[vehicle]
        depot_lat = np.array([self.book.depots[v["depot_id"] - 1]["lat"] for v in self.book.vehicles])
        depot_lon = np.array([self.book.depots[v["depot_id"] - 1]["lon"] for v in self.book.vehicles])
        home_lat = np.array([d["home_lat"] for d in self.book.drivers])
        home_lon = np.array([d["home_lon"] for d in self.book.drivers])
        lto = (spell >= 0) & ~self.spell_product[np.where(spell >= 0, spell, 0)]
        driver = self.spell_driver_index[np.where(spell >= 0, spell, 0)]
        # LTO cars sleep at the driver's home; DaE and idle cars at their depot.
        lat = np.where(lto, home_lat[driver] + rng.normal(0, 0.004, n), depot_lat[vehicle] + rng.normal(0, 0.0015, n))
        lon = np.where(lto, home_lon[driver] + rng.normal(0, 0.004, n), depot_lon[vehicle] + rng.normal(0, 0.0015, n))
        return pd.DataFrame({
            "vehicle_id": vehicle + 1, "day": self.dates[day], "km": km,
            "odometer_km": np.round(fleet.odometer[vehicle, day], 1),
            "soc_end_pct": np.round(np.where(lto, rng.uniform(20, 90, n), rng.uniform(45, 95, n)), 1),
            "soh_pct": fleet.soh_pct[vehicle, day], "max_battery_temp_c": np.round(temperature, 1),
            "lat": inside_cdmx(lat, lon)[0], "lon": inside_cdmx(lat, lon)[1],
        })

    def charging(self, shifts: pd.DataFrame, fleet: FleetDays) -> pd.DataFrame:
        """DaE cars charge at their depot after every shift; some LTO drivers buy depot charging."""
        rng = self.rng
        battery = np.array([v["battery_kwh"] for v in self.book.vehicles])
        depot = np.array([v["depot_id"] for v in self.book.vehicles])
        # DaE: plug in 10–40 minutes after the shift ends.
        dae_vehicle = shifts["_vehicle"].to_numpy()
        dae_start = shifts["ends_at"].to_numpy() + as_duration(rng.integers(10, 41, len(shifts)) * 60)
        dae_energy = np.minimum(shifts["_km"].to_numpy() * KWH_PER_KM, battery[dae_vehicle] * 0.85)
        dae_driver = shifts["driver_id"].to_numpy()
        # LTO: about two depot charges a week on driving days.
        lto_mask = (fleet.spell_index >= 0) & ~self.spell_product[np.where(fleet.spell_index >= 0, fleet.spell_index, 0)]
        lto_vehicle, lto_day = np.nonzero(lto_mask)
        pick = rng.random(len(lto_day)) < 0.3
        lto_vehicle, lto_day = lto_vehicle[pick], lto_day[pick]
        lto_start = local_to_utc(self.dates[lto_day], rng.integers(9 * 60, 23 * 60, len(lto_day)))
        lto_energy = np.minimum(rng.uniform(15, 40, len(lto_day)), battery[lto_vehicle] * 0.85)
        lto_driver = self.spell_driver[fleet.spell_index[lto_vehicle, lto_day]]

        vehicle = np.concatenate([dae_vehicle, lto_vehicle])
        started = np.concatenate([dae_start, lto_start]).astype("datetime64[ns]")
        energy = np.round(np.concatenate([dae_energy, lto_energy]), 2)
        local = utc_to_local(started)
        period = tariff_period(local.dt.hour.to_numpy())
        rate = np.select([period == p for p in TARIFF_RATE_MXN], list(TARIFF_RATE_MXN.values()))
        cost = np.round(energy * rate * 100).astype(np.int64)
        is_lto = np.concatenate([np.zeros(len(dae_vehicle), bool), np.ones(len(lto_vehicle), bool)])
        frame = pd.DataFrame({
            "vehicle_id": vehicle + 1, "depot_id": depot[vehicle],
            "driver_id": np.concatenate([dae_driver, lto_driver]),
            "product": np.where(is_lto, Product.LTO.value, Product.DAE.value),
            "charge_date": local.dt.tz_localize(None).to_numpy().astype("datetime64[D]"),
            "started_at": started,
            "ended_at": started + as_duration(energy / CHARGER_KW * 3600),
            "energy_kwh": energy, "tariff_period": period, "cost_centavos": cost,
            "price_centavos": np.where(is_lto, np.round(cost * LTO_CHARGING_MARKUP), 0).astype(np.int64),
        })
        last_day = self.dates[-1]
        frame = frame[frame["charge_date"] <= last_day].sort_values("started_at", kind="stable").reset_index(drop=True)
        frame.insert(0, "id", np.arange(1, len(frame) + 1))
        return frame
