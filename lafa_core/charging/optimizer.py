"""The night's depot charging plan: a linear program solved with SciPy's HiGHS.

`plan_night(vehicles, prices=..., charger_kw=..., site_kw=..., demand_charge_per_kw_month=...)`
chooses each plugged-in vehicle's grid power in every slot of the night so that

* each vehicle reaches its target state of charge by its departure slot,
* a vehicle draws between 0 and `charger_kw` while plugged in (arrival_slot included,
  departure_slot excluded; one charger per vehicle) and nothing otherwise,
* the site (all chargers together) never draws more than `site_kw` in any slot,

at the least cost = Σ grid kWh × price of its slot
                  + demand_charge_per_kw_month × max(0, the night's peak site kW − month_to_date_peak_kw)
(only raising the month's peak demand costs; a night below it pays no demand charge).
Battery kWh = grid kWh × `efficiency`, so a vehicle needs
(target_soc − arrival_soc) × battery_kwh / efficiency grid kWh (0 when the target is at or below
the arrival SOC). SOC is a fraction 0–1 throughout. Power is constant within a slot.

A vehicle the night cannot fully serve is named in `ChargingPlan.unserved` and every other one is
still planned: the program carries a shortfall (grid kWh) per vehicle priced far above any cost of
energy or demand, so it only stays short when nothing else is possible. The reason is
"charger_time" when even `charger_kw` for every plugged slot cannot reach the target (found by
arithmetic before solving; the vehicle is then planned for as much as its charger can give), else
"site_limit" (the site's kW, shared with the other vehicles, is what stops it). `best_soc` is the
SOC the plan reaches for it. When the site cannot serve everyone, the total shortfall is the least
possible, but how it falls among the vehicles sharing the limit is whatever the least-cost plan
gives (no fairness or priority rule).

`plan_on_arrival` is the baseline without a plan: each vehicle charges at `charger_kw` from its
arrival until it reaches its target (or leaves). It respects the charger but NOT the site limit
(what happens when nobody plans; its `peak_kw` may exceed `site_kw`), so the page can compare energy
cost, peak kW, demand charge, base-period share and the savings of the plan.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from numbers import Integral, Real
from typing import Any, Hashable, Sequence

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from lafa_core.tables import TariffPeriod

CHARGER_TIME = "charger_time"
SITE_LIMIT = "site_limit"
SOC_TOLERANCE = 1e-6  # a vehicle ending more than this below its target is unserved
CENTAVO = Decimal("0.01")
BASE = TariffPeriod.BASE.value
_TINY_KW = 1e-9  # solver noise below this is zero


@dataclass(frozen=True)
class PluggedVehicle:
    """A vehicle plugged in at the depot tonight. Slots index the night's price list: plugged from
    `arrival_slot` (included) to `departure_slot` (excluded). SOCs are fractions 0–1."""

    vehicle_id: Hashable
    arrival_slot: int
    departure_slot: int
    battery_kwh: float
    arrival_soc: float
    target_soc: float


@dataclass(frozen=True)
class Unserved:
    """Why a vehicle misses its target ("charger_time" or "site_limit") and the SOC it reaches."""

    reason: str
    best_soc: float


@dataclass(frozen=True)
class ChargingPlan:
    """A night's plan. `schedule`: vehicle_id → grid kW in each slot. Money in MXN rounded to
    centavos (total = energy + demand). `base_period_share`: share of the night's grid kWh drawn in
    base-period slots (0 when nothing is drawn)."""

    schedule: dict[Hashable, tuple[float, ...]]
    energy_cost: Decimal
    demand_charge: Decimal
    total_cost: Decimal
    peak_kw: float
    base_period_share: float
    unserved: dict[Hashable, Unserved]
    final_soc: dict[Hashable, float]
    site_kw_by_slot: tuple[float, ...]
    grid_kwh: float
    slot_minutes: int


@dataclass(frozen=True)
class _Night:
    """Validated inputs as arrays."""

    ids: list[Hashable]
    arrival: np.ndarray
    departure: np.ndarray
    battery: np.ndarray
    arrival_soc: np.ndarray
    target_soc: np.ndarray
    need_kwh: np.ndarray  # grid kWh to reach the target
    charger_cap_kwh: np.ndarray  # grid kWh the charger can give while plugged in
    prices: np.ndarray
    base: np.ndarray  # bool per slot
    hours: float  # length of a slot
    charger_kw: float
    site_kw: float
    demand_charge: float
    mtd_peak_kw: float
    efficiency: float
    slot_minutes: int


def plan_night(vehicles: Sequence[Any], *, prices: Sequence[Decimal | float], slot_minutes: int = 15,
               charger_kw: float, site_kw: float, demand_charge_per_kw_month: Decimal | float,
               month_to_date_peak_kw: float = 0, efficiency: float = 0.92,
               periods: Sequence[str] | None = None) -> ChargingPlan:
    """The least-cost plan for the night (see the module docstring). `prices`: MXN per grid kWh of
    each slot (their count is the number of slots). `periods`: the tariff period of each slot,
    parallel to `prices`, for `base_period_share`; without it the slots at the cheapest price count
    as base. `site_kw` may be `math.inf` (no site limit). ValueError names the vehicle and field of
    a bad input."""
    night = _night(vehicles, prices, periods, slot_minutes, charger_kw, site_kw, demand_charge_per_kw_month,
                   month_to_date_peak_kw, efficiency)
    power = _solve(night) if night.ids else np.zeros((0, len(night.prices)))
    return _plan(night, power)


def plan_on_arrival(vehicles: Sequence[Any], *, prices: Sequence[Decimal | float], slot_minutes: int = 15,
                    charger_kw: float, site_kw: float, demand_charge_per_kw_month: Decimal | float,
                    month_to_date_peak_kw: float = 0, efficiency: float = 0.92,
                    periods: Sequence[str] | None = None) -> ChargingPlan:
    """The naive baseline: full charger power from arrival until the target (the last slot at the
    power that just reaches it). Respects `charger_kw`, ignores `site_kw` (validated only)."""
    night = _night(vehicles, prices, periods, slot_minutes, charger_kw, site_kw, demand_charge_per_kw_month,
                   month_to_date_peak_kw, efficiency)
    power = np.zeros((len(night.ids), len(night.prices)))
    full_slot_kwh = night.charger_kw * night.hours
    for row, need in enumerate(night.need_kwh):
        remaining = need
        for slot in range(night.arrival[row], night.departure[row]):
            if remaining <= 0:
                break
            power[row, slot] = min(night.charger_kw, remaining / night.hours)
            remaining -= min(full_slot_kwh, remaining)
    return _plan(night, power)


# -- the linear program ------------------------------------------------------------------------
def _solve(night: _Night) -> np.ndarray:
    """Grid kW per vehicle (rows) and slot (columns).

    Variables: p[v, t] for each plugged slot (kW, 0..charger_kw), a shortfall s[v] (grid kWh) per
    vehicle, and when demand costs, the rise E (kW) of the month's peak.
      minimise  Σ price_t·h·p[v,t] + M·Σ s[v] + demand·E
      s.t.      Σ_t h·p[v,t] + s[v] = min(need_v, charger cap_v)       (each vehicle)
                Σ_v p[v,t] ≤ site_kw                                   (each slot)
                Σ_v p[v,t] − E ≤ month-to-date peak                    (each slot)
    M exceeds what any kWh can cost (an augmenting path crosses at most every slot once, plus
    one peak rise of 1/h kW), so shortfall is kept to the least the limits allow.
    """
    n_vehicles, n_slots, hours = len(night.ids), len(night.prices), night.hours
    plugged = night.departure - night.arrival
    n_power = int(plugged.sum())
    vehicle_of = np.repeat(np.arange(n_vehicles), plugged)
    first_var = np.concatenate([[0], np.cumsum(plugged)[:-1]])
    slot_of = night.arrival[vehicle_of] + (np.arange(n_power) - first_var[vehicle_of])

    most_kw = min(night.site_kw, n_vehicles * night.charger_kw)
    site_rows = night.site_kw < n_vehicles * night.charger_kw
    peak_rows = night.demand_charge > 0 and night.mtd_peak_kw < most_kw
    n_vars = n_power + n_vehicles + (1 if peak_rows else 0)

    penalty = 10.0 * (n_slots * float(night.prices.max(initial=0)) + night.demand_charge / hours) + 100.0
    cost = np.concatenate([night.prices[slot_of] * hours, np.full(n_vehicles, penalty),
                           [night.demand_charge] if peak_rows else []])

    a_eq = sparse.csr_array((np.concatenate([np.full(n_power, hours), np.ones(n_vehicles)]),
                             (np.concatenate([vehicle_of, np.arange(n_vehicles)]),
                              np.concatenate([np.arange(n_power), n_power + np.arange(n_vehicles)]))),
                            shape=(n_vehicles, n_vars))
    b_eq = np.minimum(night.need_kwh, night.charger_cap_kwh)

    blocks, bounds_ub = [], []
    if site_rows:
        blocks.append(sparse.csr_array((np.ones(n_power), (slot_of, np.arange(n_power))), shape=(n_slots, n_vars)))
        bounds_ub.append(np.full(n_slots, night.site_kw))
    if peak_rows:
        rows = np.concatenate([slot_of, np.arange(n_slots)])
        cols = np.concatenate([np.arange(n_power), np.full(n_slots, n_vars - 1)])
        values = np.concatenate([np.ones(n_power), -np.ones(n_slots)])
        blocks.append(sparse.csr_array((values, (rows, cols)), shape=(n_slots, n_vars)))
        bounds_ub.append(np.full(n_slots, night.mtd_peak_kw))
    a_ub = sparse.vstack(blocks, format="csr") if blocks else None
    b_ub = np.concatenate(bounds_ub) if blocks else None

    upper = np.concatenate([np.full(n_power, night.charger_kw), b_eq, [np.inf] if peak_rows else []])
    bounds = np.column_stack([np.zeros(n_vars), upper])
    result = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    if result.status != 0:  # the shortfall keeps the program feasible and bounded: a solver failure
        raise RuntimeError(f"charging plan: the solver stopped without a plan ({result.message})")

    power = np.zeros((n_vehicles, n_slots))
    power[vehicle_of, slot_of] = np.clip(result.x[:n_power], 0.0, night.charger_kw)
    power[power < _TINY_KW] = 0.0
    return power


# -- the plan's figures ---------------------------------------------------------------------------
def _plan(night: _Night, power: np.ndarray) -> ChargingPlan:
    site = power.sum(axis=0) if len(night.ids) else np.zeros(len(night.prices))
    energy = site * night.hours
    grid_kwh = float(energy.sum())
    peak = float(site.max(initial=0.0))
    energy_cost = _money(float(night.prices @ energy))
    demand_charge = _money(night.demand_charge * max(0.0, peak - night.mtd_peak_kw))
    base_share = float(energy[night.base].sum() / grid_kwh) if grid_kwh > 0 else 0.0

    delivered = power.sum(axis=1) * night.hours
    final = night.arrival_soc + delivered * night.efficiency / night.battery
    final = np.where(night.need_kwh > 0, final, night.arrival_soc)
    unserved = {}
    for row, vehicle_id in enumerate(night.ids):
        if night.need_kwh[row] > 0 and final[row] < night.target_soc[row] - SOC_TOLERANCE:
            reason = CHARGER_TIME if night.need_kwh[row] > night.charger_cap_kwh[row] else SITE_LIMIT
            unserved[vehicle_id] = Unserved(reason, float(final[row]))
    return ChargingPlan(
        schedule={vehicle_id: tuple(float(kw) for kw in power[row]) for row, vehicle_id in enumerate(night.ids)},
        energy_cost=energy_cost, demand_charge=demand_charge, total_cost=energy_cost + demand_charge,
        peak_kw=peak, base_period_share=base_share, unserved=unserved,
        final_soc={vehicle_id: float(final[row]) for row, vehicle_id in enumerate(night.ids)},
        site_kw_by_slot=tuple(float(kw) for kw in site), grid_kwh=grid_kwh, slot_minutes=night.slot_minutes,
    )


def _money(amount: float) -> Decimal:
    return Decimal(repr(round(amount, 6))).quantize(CENTAVO, rounding=ROUND_HALF_UP)


# -- validation ---------------------------------------------------------------------------------
def _number(value: Any, field: str, *, minimum: float = 0.0, above: bool = False, infinite: bool = False) -> float:
    """A real number ≥ minimum (> minimum when `above`); ValueError naming `field` otherwise."""
    if isinstance(value, bool) or not isinstance(value, (Real, Decimal)):
        raise ValueError(f"{field}: {value!r} is not a number")
    number = float(value)
    if math.isnan(number) or (math.isinf(number) and not (infinite and number > 0)):
        raise ValueError(f"{field}: {value!r} is not a finite number")
    if number < minimum or (above and number == minimum):
        relation = "above" if above else "at least"
        raise ValueError(f"{field}: {value!r} must be {relation} {minimum:g}")
    return number


def _night(vehicles, prices, periods, slot_minutes, charger_kw, site_kw, demand_charge, mtd_peak_kw,
           efficiency) -> _Night:
    if isinstance(slot_minutes, bool) or not isinstance(slot_minutes, Integral) or slot_minutes < 1:
        raise ValueError(f"slot_minutes: {slot_minutes!r} must be a whole number of minutes of at least 1")
    if isinstance(prices, (str, bytes)) or not hasattr(prices, "__len__") or len(prices) == 0:
        raise ValueError("prices: one MXN/kWh price per slot is required (a non-empty sequence)")
    price_array = np.array([_number(price, f"prices[{slot}] (MXN/kWh)") for slot, price in enumerate(prices)])
    n_slots = len(price_array)
    if periods is None:
        base = np.isclose(price_array, price_array.min(), rtol=0.0, atol=1e-12)
    else:
        if isinstance(periods, (str, bytes)) or not hasattr(periods, "__len__") or len(periods) != n_slots:
            count = len(periods) if hasattr(periods, "__len__") else "no"
            raise ValueError(f"periods: one period per slot is required ({n_slots} prices, {count} periods)")
        valid = {period.value for period in TariffPeriod}
        for slot, period in enumerate(periods):
            if getattr(period, "value", period) not in valid:
                raise ValueError(f"periods[{slot}]: {period!r} is not one of {', '.join(sorted(valid))}")
        base = np.array([getattr(period, "value", period) == BASE for period in periods])
    charger = _number(charger_kw, "charger_kw", above=True)
    site = _number(site_kw, "site_kw", above=True, infinite=True)
    demand = _number(demand_charge, "demand_charge_per_kw_month (MXN per kW-month)")
    mtd = _number(mtd_peak_kw, "month_to_date_peak_kw")
    eff = _number(efficiency, "efficiency", above=True)
    if eff > 1:
        raise ValueError(f"efficiency: {efficiency!r} must be a share in (0, 1]")

    ids, rows, seen = [], [], set()
    for index, vehicle in enumerate(vehicles):
        try:
            vehicle_id = vehicle.vehicle_id
        except AttributeError:
            raise ValueError(f"vehicles[{index}]: has no vehicle_id") from None
        label = f"vehicle {vehicle_id!r}"
        try:
            if vehicle_id in seen:
                raise ValueError(f"{label}: vehicle_id appears twice")
        except TypeError:
            raise ValueError(f"vehicles[{index}]: vehicle_id {vehicle_id!r} must be hashable") from None
        seen.add(vehicle_id)
        fields = {}
        for name in ("arrival_slot", "departure_slot", "battery_kwh", "arrival_soc", "target_soc"):
            if not hasattr(vehicle, name):
                raise ValueError(f"{label}: has no {name}")
            fields[name] = getattr(vehicle, name)
        arrival, departure = fields["arrival_slot"], fields["departure_slot"]
        for name in ("arrival_slot", "departure_slot"):
            if isinstance(fields[name], bool) or not isinstance(fields[name], Integral):
                raise ValueError(f"{label}: {name} {fields[name]!r} is not a slot number")
        if not 0 <= arrival < n_slots:
            raise ValueError(f"{label}: arrival_slot {arrival} is outside the night's slots 0–{n_slots - 1} "
                             f"({n_slots} prices)")
        if departure <= arrival:
            raise ValueError(f"{label}: arrival_slot {arrival} must come before departure_slot {departure}")
        if departure > n_slots:
            raise ValueError(f"{label}: departure_slot {departure} is after the night's last slot "
                             f"(only {n_slots} prices)")
        battery = _number(fields["battery_kwh"], f"{label}: battery_kwh", above=True)
        socs = []
        for name in ("arrival_soc", "target_soc"):
            soc = _number(fields[name], f"{label}: {name}")
            if soc > 1:
                raise ValueError(f"{label}: {name} {fields[name]!r} is outside 0–1 (a fraction, not a percent)")
            socs.append(soc)
        ids.append(vehicle_id)
        rows.append((int(arrival), int(departure), battery, *socs))

    table = np.array(rows, dtype=float).reshape(len(rows), 5)
    arrival, departure = table[:, 0].astype(int), table[:, 1].astype(int)
    battery, arrival_soc, target_soc = table[:, 2], table[:, 3], table[:, 4]
    hours = slot_minutes / 60.0
    return _Night(
        ids=ids, arrival=arrival, departure=departure, battery=battery, arrival_soc=arrival_soc,
        target_soc=target_soc, need_kwh=np.maximum(target_soc - arrival_soc, 0.0) * battery / eff,
        charger_cap_kwh=(departure - arrival) * charger * hours, prices=price_array, base=base, hours=hours,
        charger_kw=charger, site_kw=site, demand_charge=demand, mtd_peak_kw=mtd, efficiency=eff,
        slot_minutes=int(slot_minutes),
    )
