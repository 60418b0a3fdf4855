"""Benchmark rows of the depot charging capability (called by `python -m lafa_core.bench`).

Budget: the optimizer plans 300 vehicles over a 96-slot night in under 10 s
(`optimizer_300x96_s`). The 300 vehicles are drawn with a fixed seed: arrivals from 18:00 to
04:00, departures from 05:00 to the night's end, 10-60 % SOC to an 80-90 % target, the
generator's battery sizes; one 7.2 kW charger each, a site of 100 chargers (720 kW) and no peak
yet this month, so the site and demand-charge rows are all in the program; a winter weekday's
prices. `depot_night_plan_s` times the page's service on the built company's busiest depot."""
from __future__ import annotations

import time
from datetime import date

import numpy as np

from lafa_core.charging.optimizer import PluggedVehicle, plan_night
from lafa_core.charging.tariffs import load_tariff, night_periods, night_prices
from lafa_core.db import make_engine
from lafa_core.uow import UnitOfWork

VEHICLES, SLOTS = 300, 96
BENCH_NIGHT = date(2026, 1, 8)  # a winter Thursday: peak 18-22, base 0-6
BATTERIES_KWH = (31.4, 55.0, 39.4, 40.0, 55.0, 63.2)  # lafa_core.generate.contracts.VEHICLE_MODELS


def synthetic_night(vehicles: int = VEHICLES, seed: int = 7) -> list[PluggedVehicle]:
    rng = np.random.default_rng(seed)
    arrival = rng.integers(0, 41, vehicles)
    departure = rng.integers(44, SLOTS + 1, vehicles)
    return [PluggedVehicle(vehicle_id=i, arrival_slot=int(arrival[i]), departure_slot=int(departure[i]),
                           battery_kwh=float(rng.choice(BATTERIES_KWH)), arrival_soc=float(rng.uniform(0.10, 0.60)),
                           target_soc=float(rng.uniform(0.80, 0.90)))
            for i in range(vehicles)]


def time_optimizer(vehicles: int = VEHICLES) -> float:
    tariff = load_tariff(BENCH_NIGHT)
    prices = night_prices(BENCH_NIGHT, slots=SLOTS)
    periods = night_periods(BENCH_NIGHT, slots=SLOTS)
    night = synthetic_night(vehicles)
    started = time.perf_counter()
    plan_night(night, prices=prices, slot_minutes=15, charger_kw=7.2, site_kw=720.0,
               demand_charge_per_kw_month=tariff.demand_charge_mxn_per_kw_month, month_to_date_peak_kw=0,
               efficiency=tariff.charging_efficiency, periods=periods)
    return time.perf_counter() - started


def measure(database_url: str, vehicles: int) -> dict[str, float]:
    from lafa_core.charging import queries
    from lafa_core.charging.service import plan_depot_night

    figures = {"optimizer_300x96_s": round(time_optimizer(), 3)}
    engine = make_engine(database_url)
    try:
        uow = UnitOfWork(engine)
        with uow:
            depots = queries.depots(session=uow.session)
        if depots:
            busiest = max(depots, key=lambda d: d["charger_count"])
            started = time.perf_counter()
            plan = plan_depot_night(UnitOfWork(engine), depot_id=busiest["id"])
            figures["depot_night_plan_s"] = round(time.perf_counter() - started, 3)
            figures["depot_night_vehicles"] = float(len(plan.vehicles))
    finally:
        engine.dispose()
    return figures


if __name__ == "__main__":
    print(f"optimizer {VEHICLES}×{SLOTS}: {time_optimizer():.2f} s")
