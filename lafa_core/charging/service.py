"""A depot's night charging plan from the fleet's data, beside the naive "charge on arrival" baseline.

`plan_depot_night(uow, depot_id=..., evening=...)` finds the vehicles that sleep at the depot that
night and plans them with `optimizer.plan_night`; `optimizer.plan_on_arrival` gives the baseline.
Read-only: nothing is written, so nothing is audited. How the night is read from the data:

* The night: 96 slots of 15 minutes from 18:00 on `evening` (to 18:00 the next day), priced and
  given their GDMTH period by data/tariffs.yaml (`tariffs.night_prices` / `night_periods`);
  demand charge and charging efficiency are the tariff's in force on `evening`.
  `evening` defaults to the data's as-of day.
* Who sleeps there (queries.night_vehicles): vehicles homed at the depot or back there from a
  shift that day; in service, not retired, not in the workshop or recovery (current status), and
  not on a lease running that evening (a lessee's car sleeps at the lessee's home). A vehicle whose
  last shift of the day ended at another depot sleeps there; one still out at the night's end is
  left out.
* Arrival: the end of the vehicle's last shift worked that day; a vehicle back before 18:00, or
  without a shift that day, is plugged in from 18:00 (the night's first slot). It is plugged in
  from the first slot starting at or after its arrival.
* Departure: the start of its next shift within the night; without one, 06:00 the next morning
  (`DEFAULT_DEPARTURE`; the end of the night when it arrives later than that). It must be charged
  by the last slot ending at or before its departure.
* Arrival SOC: the newest daily telemetry `soc_end_pct` (the day's closing reading) up to
  `TELEMETRY_LOOKBACK_DAYS` before the evening; without one, `UNKNOWN_ARRIVAL_SOC` (a cautious
  assumption: plan for a nearly empty pack), counted in `soc_assumed`.
* Battery: `Vehicle.battery_kwh` (nominal, by model) × the same reading's state of health.
* Target SOC: `target_soc`, default business.yaml `charging.target_soc_at_shift_start` (80 % at
  the next shift's start), the same for every vehicle.
* Chargers: `Depot.charger_kw` per vehicle; the site limit is `Depot.charger_count × charger_kw`
  (all chargers at full power). The optimizer gives each plugged vehicle its own charger; when
  more vehicles sleep there than there are chargers, the plan assumes staff move the plugs, the
  site limit keeping the total to what the chargers can draw.
* Month-to-date peak kW (only raising it costs demand charge): the depot's charging sessions of
  the evening's month started before 18:00 that evening, each drawing its energy evenly from
  start to end (energy ÷ duration), added up per 15-minute interval (the way CFE measures demand);
  the highest interval. Sessions started the month before are not counted.
* Monthly projection: `NIGHTS_PER_MONTH` (30) nights like this one: 30 × the night's energy cost
  + the night's demand charge once (nights alike raise the month's peak once). The demand charge
  on the month-to-date peak, owed whatever the plan, is left out of both.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from lafa_core.charging import queries
from lafa_core.charging.optimizer import (
    CHARGER_TIME, ChargingPlan, PluggedVehicle, plan_night, plan_on_arrival,
)
from lafa_core.charging.tariffs import load_tariff, night_periods, night_prices, night_slots
from lafa_core.config import LOCAL_TZ
from lafa_core.errors import LocalizedError
from lafa_core.reference import load_reference
from lafa_core.uow import UnitOfWork

WINDOW_START = time(18, 0)
SLOT_MINUTES = 15
SLOTS = 96  # 24 hours: 18:00 to 18:00 the next day
DEFAULT_DEPARTURE = time(6, 0)  # the next morning, for a vehicle without a shift in the night
TELEMETRY_LOOKBACK_DAYS = 7
UNKNOWN_ARRIVAL_SOC = 0.20
NIGHTS_PER_MONTH = 30
CENTAVO = Decimal("0.01")


class NightPlanError(LocalizedError, ValueError):
    """The night cannot be planned (unknown depot, no chargers, no tariff in force); nothing done."""


@dataclass(frozen=True)
class NightVehicle:
    """A vehicle plugged in at the depot tonight, as read from the data (SOCs are fractions 0–1;
    times are local). `planned` is False when no whole slot fits between arrival and departure."""

    vehicle_id: int
    plate: str
    model: str
    capacity_kwh: float  # nominal battery × state of health
    arrival: datetime
    departure: datetime
    arrival_slot: int
    departure_slot: int
    arrival_soc: float
    soc_day: date | None  # the telemetry day read; None: UNKNOWN_ARRIVAL_SOC assumed
    target_soc: float
    back_from_shift: bool
    leaves_for_shift: bool
    back_at: datetime | None = None  # the end of the day's last shift (before 18:00: plugged in at 18:00)

    @property
    def planned(self) -> bool:
        return self.departure_slot > self.arrival_slot


@dataclass(frozen=True)
class PlanFigures:
    """One plan's money (MXN, Decimal to centavos) and power figures."""

    energy_cost: Decimal
    demand_charge: Decimal  # on the rise of the month's peak this night
    total_cost: Decimal
    peak_kw: float
    base_period_share: float
    grid_kwh: float
    monthly_cost: Decimal  # NIGHTS_PER_MONTH × energy + the night's demand charge (once)


@dataclass(frozen=True)
class UnservedVehicle:
    vehicle_id: int
    plate: str
    reason: str  # optimizer.CHARGER_TIME or optimizer.SITE_LIMIT
    best_soc: float
    target_soc: float


@dataclass(frozen=True)
class DepotInfo:
    depot_id: int
    code: str
    name: str
    charger_count: int
    charger_kw: float


@dataclass(frozen=True)
class NightChoices:
    """What the page offers: the depots, and the default night (the data's as-of day)."""

    depots: tuple[DepotInfo, ...]
    default_evening: date


@dataclass(frozen=True)
class DepotNightPlan:
    depot: DepotInfo
    site_kw: float
    evening: date
    slot_starts: tuple[datetime, ...]
    periods: tuple[str, ...]
    prices: tuple[Decimal, ...]
    slot_minutes: int
    demand_charge_per_kw_month: Decimal
    efficiency: float
    month_to_date_peak_kw: float
    target_soc: float
    vehicles: tuple[NightVehicle, ...]
    optimized: ChargingPlan
    on_arrival: ChargingPlan
    optimized_figures: PlanFigures
    on_arrival_figures: PlanFigures
    unserved: tuple[UnservedVehicle, ...]  # the optimized plan's, vehicles that fit no slot included
    soc_assumed: int  # vehicles without a telemetry reading
    savings_night: Decimal  # on-arrival total − optimized total
    savings_night_share: float | None
    savings_month: Decimal
    savings_month_share: float | None
    base_share_before: float  # business.yaml charging.off_peak_share
    base_share_target: float
    savings_target: tuple[float, float]  # business.yaml charging.savings_target

    def vehicle_cost(self, vehicle_id: int, *, optimized: bool = True) -> Decimal:
        """What one vehicle's charging costs in a plan (energy only, MXN)."""
        plan = self.optimized if optimized else self.on_arrival
        hours = self.slot_minutes / 60
        kw = plan.schedule.get(vehicle_id, ())
        return _money(sum(float(price) * power * hours for price, power in zip(self.prices, kw)))


def business_charging() -> dict:
    return load_reference("business")["charging"]


def default_target_soc() -> float:
    return float(business_charging()["target_soc_at_shift_start"])


def night_choices(uow: UnitOfWork) -> NightChoices:
    with uow:
        rows = queries.depots(session=uow.session)
        default = uow.as_of() or uow.now().date()
    return NightChoices(tuple(_depot(row) for row in rows), default)


def plan_depot_night(uow: UnitOfWork, *, depot_id: int, evening: date | None = None,
                     target_soc: float | None = None) -> DepotNightPlan:
    """The night's optimized plan and the on-arrival baseline for one depot (module docstring)."""
    target = default_target_soc() if target_soc is None else float(target_soc)
    if not 0 < target <= 1:
        raise NightPlanError(f"target_soc {target_soc!r} must be a share in (0, 1]", key="charging.error.target",
                             value=target_soc)
    with uow:
        session = uow.session
        row = queries.depot(session=session, depot_id=depot_id)
        if row is None:
            raise NightPlanError(f"depot {depot_id!r} does not exist", key="charging.error.unknown_depot", depot=depot_id)
        evening = evening or uow.as_of() or uow.now().date()
        window_start = datetime.combine(evening, WINDOW_START, tzinfo=LOCAL_TZ)
        window_end = window_start + timedelta(minutes=SLOT_MINUTES * SLOTS)
        candidates = queries.night_vehicles(session=session, depot_id=depot_id, evening=evening)
        shifts = queries.shifts_around(session=session, depot_id=depot_id, evening=evening)
        readings = queries.latest_telemetry(session=session, vehicle_ids=[int(v) for v in candidates["vehicle_id"]],
                                            evening=evening, lookback_days=TELEMETRY_LOOKBACK_DAYS)
        month_start = datetime.combine(evening.replace(day=1), time(0), tzinfo=LOCAL_TZ)
        sessions = queries.depot_sessions(session=session, depot_id=depot_id, since=month_start, until=window_start)

    depot = _depot(row)
    if depot.charger_count <= 0 or not depot.charger_kw > 0:
        raise NightPlanError(f"depot {depot.code} has no chargers ({depot.charger_count} × {depot.charger_kw} kW)",
                             key="charging.error.no_chargers", depot=depot.code)
    try:
        tariff = load_tariff(evening)
        prices = night_prices(evening, start=WINDOW_START, slots=SLOTS, slot_minutes=SLOT_MINUTES)
        periods = night_periods(evening, start=WINDOW_START, slots=SLOTS, slot_minutes=SLOT_MINUTES)
    except ValueError as error:
        raise NightPlanError(str(error), key="charging.error.tariff", error=str(error)) from error

    vehicles = _night_vehicles(candidates, shifts, readings, depot_id, evening, window_start, window_end, target)
    site_kw = depot.charger_count * depot.charger_kw
    mtd_peak = month_to_date_peak_kw(sessions, month_start, window_start)
    plugged = [PluggedVehicle(v.vehicle_id, v.arrival_slot, v.departure_slot, v.capacity_kwh, v.arrival_soc,
                              v.target_soc) for v in vehicles if v.planned]
    settings = dict(prices=prices, slot_minutes=SLOT_MINUTES, charger_kw=depot.charger_kw, site_kw=site_kw,
                    demand_charge_per_kw_month=tariff.demand_charge_mxn_per_kw_month, month_to_date_peak_kw=mtd_peak,
                    efficiency=tariff.charging_efficiency, periods=periods)
    optimized, on_arrival = plan_night(plugged, **settings), plan_on_arrival(plugged, **settings)
    demand = tariff.demand_charge_mxn_per_kw_month
    best, naive = _figures(optimized), _figures(on_arrival)
    by_id = {v.vehicle_id: v for v in vehicles}
    unserved = [UnservedVehicle(vid, by_id[vid].plate, why.reason, why.best_soc, by_id[vid].target_soc)
                for vid, why in optimized.unserved.items()]
    unserved += [UnservedVehicle(v.vehicle_id, v.plate, CHARGER_TIME, v.arrival_soc, v.target_soc)
                 for v in vehicles if not v.planned and v.arrival_soc < v.target_soc]
    business = business_charging()
    return DepotNightPlan(
        depot=depot, site_kw=site_kw, evening=evening,
        slot_starts=tuple(night_slots(evening, start=WINDOW_START, slots=SLOTS, slot_minutes=SLOT_MINUTES)),
        periods=tuple(periods), prices=tuple(prices), slot_minutes=SLOT_MINUTES, demand_charge_per_kw_month=demand,
        efficiency=tariff.charging_efficiency, month_to_date_peak_kw=mtd_peak, target_soc=target,
        vehicles=tuple(vehicles), optimized=optimized, on_arrival=on_arrival,
        optimized_figures=best, on_arrival_figures=naive,
        unserved=tuple(sorted(unserved, key=lambda u: u.plate)),
        soc_assumed=sum(v.soc_day is None for v in vehicles),
        savings_night=naive.total_cost - best.total_cost, savings_night_share=_share(naive.total_cost - best.total_cost, naive.total_cost),
        savings_month=naive.monthly_cost - best.monthly_cost,
        savings_month_share=_share(naive.monthly_cost - best.monthly_cost, naive.monthly_cost),
        base_share_before=float(business["off_peak_share"]["before"]),
        base_share_target=float(business["off_peak_share"]["target"]),
        savings_target=tuple(float(s) for s in business["savings_target"]),
    )


# -- reading the night from the data ---------------------------------------------------------------
def _night_vehicles(candidates: pd.DataFrame, shifts: pd.DataFrame, readings: pd.DataFrame, depot_id: int,
                    evening: date, window_start: datetime, window_end: datetime, target: float) -> list[NightVehicle]:
    slot = timedelta(minutes=SLOT_MINUTES)
    default_departure = datetime.combine(evening + timedelta(days=1), DEFAULT_DEPARTURE, tzinfo=LOCAL_TZ)
    by_vehicle = {int(vid): group for vid, group in shifts.groupby("vehicle_id")} if len(shifts) else {}
    reading = {int(r.vehicle_id): r for r in readings.itertuples()}
    vehicles = []
    for car in candidates.itertuples():
        vid = int(car.vehicle_id)
        own = by_vehicle.get(vid)
        today = own[own["work_date"] == evening] if own is not None else None
        arrival, back, back_at = window_start, False, None
        if today is not None and len(today):
            last = today.loc[today["ends_at"].idxmax()]
            if last["ends_at"] >= window_end:
                continue  # still out when the night ends
            if not pd.isna(last["depot_id"]) and int(last["depot_id"]) != depot_id:
                continue  # back at another depot
            back_at = last["ends_at"].to_pydatetime()
            arrival, back = max(window_start, back_at), True
        elif int(car.home_depot_id) != depot_id:
            continue
        later = own[(own["starts_at"] >= arrival) & (own["starts_at"] < window_end)] if own is not None else None
        if later is not None and len(later):
            departure, leaves = later["starts_at"].min().to_pydatetime(), True
        else:
            departure, leaves = (default_departure if default_departure > arrival else window_end), False
        arrival_slot = min(SLOTS, math.ceil((arrival - window_start) / slot))
        departure_slot = max(arrival_slot, min(SLOTS, math.floor((departure - window_start) / slot)))
        soc, day, soh = UNKNOWN_ARRIVAL_SOC, None, 100.0
        if (found := reading.get(vid)) is not None:
            soc, day = min(max(float(found.soc_end_pct) / 100, 0.0), 1.0), found.day
            soh = float(found.soh_pct) if found.soh_pct and found.soh_pct > 0 else 100.0
        vehicles.append(NightVehicle(
            vehicle_id=vid, plate=car.plate, model=f"{car.oem} {car.model}",
            capacity_kwh=float(car.battery_kwh) * min(soh, 100.0) / 100, arrival=arrival, departure=departure,
            arrival_slot=arrival_slot, departure_slot=departure_slot, arrival_soc=soc, soc_day=day, target_soc=target, back_from_shift=back,
            leaves_for_shift=leaves, back_at=back_at))
    return vehicles


def month_to_date_peak_kw(sessions: pd.DataFrame, since: datetime, until: datetime,
                          slot_minutes: int = SLOT_MINUTES) -> float:
    """The highest 15-minute average site kW from `since` to `until` of these sessions, each
    drawing its energy evenly from start to end (a session without duration: over one interval).
    Cumulative energy at each interval boundary b is Σ P·clip(b − start, 0, duration)."""
    if sessions.empty or until <= since:
        return 0.0
    slot_h = slot_minutes / 60
    start = ((pd.to_datetime(sessions["started_at"], utc=True) - pd.Timestamp(since)).dt.total_seconds() / 3600).to_numpy()
    end = ((pd.to_datetime(sessions["ended_at"], utc=True) - pd.Timestamp(since)).dt.total_seconds() / 3600).to_numpy()
    end = np.where(end > start, end, start + slot_h)
    energy = sessions["energy_kwh"].to_numpy(dtype=float)
    power = energy / (end - start)
    end = np.minimum(end, (until - since).total_seconds() / 3600)  # only what was drawn before the night
    intervals = math.ceil((until - since).total_seconds() / 3600 / slot_h - 1e-9)  # the last one may be cut short
    boundaries = np.arange(intervals + 1) * slot_h

    def drawn_by(moments: np.ndarray, weights: np.ndarray, at: np.ndarray) -> np.ndarray:
        """Σ over moments before each `at` of weight × (at − moment)."""
        order = np.argsort(moments)
        moments, weights = moments[order], weights[order]
        count = np.searchsorted(moments, at, side="left")
        total_w = np.concatenate([[0.0], np.cumsum(weights)])[count]
        total_wm = np.concatenate([[0.0], np.cumsum(weights * moments)])[count]
        return at * total_w - total_wm

    cumulative = drawn_by(start, power, boundaries) - drawn_by(end, power, boundaries)
    per_interval = np.diff(cumulative) / slot_h
    return float(max(per_interval.max(initial=0.0), 0.0))


def _figures(plan: ChargingPlan) -> PlanFigures:
    monthly = NIGHTS_PER_MONTH * plan.energy_cost + plan.demand_charge
    return PlanFigures(energy_cost=plan.energy_cost, demand_charge=plan.demand_charge, total_cost=plan.total_cost,
                       peak_kw=plan.peak_kw, base_period_share=plan.base_period_share, grid_kwh=plan.grid_kwh,
                       monthly_cost=monthly)


def _share(part: Decimal, whole: Decimal) -> float | None:
    return float(part / whole) if whole > 0 else None


def _money(amount: float) -> Decimal:
    return Decimal(repr(round(amount, 6))).quantize(CENTAVO, rounding=ROUND_HALF_UP)


def _depot(row: dict) -> DepotInfo:
    return DepotInfo(int(row["id"]), row["code"], row["name"], int(row["charger_count"]), float(row["charger_kw"]))
