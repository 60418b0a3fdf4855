"""Benchmark rows of battery health (called by `python -m lafa_core.bench`).

Budget (issue #14): battery analytics — every vehicle's fits, the anomaly detector, projections and
residual values — for 2,000 vehicles × a year of daily summaries under 5 s (`analytics_s`). Timed
twice: `analytics_s` on a synthetic fleet of exactly that size (2,000 vehicles × 364 days, 3 % of
them fading fast; fixed seed) through the pure `analyse` step plus the reading of the same number of
rows back from the built company's database (`report_s`: the whole service on the built company,
its three aggregate queries included). The page caches the report per data day, so a warm page
does none of this."""
from __future__ import annotations

import time
from datetime import date, timedelta

import numpy as np
import pandas as pd

from lafa_core.db import make_engine
from lafa_core.uow import UnitOfWork

VEHICLES, DAYS = 2_000, 364
BENCH_DAY = date(2026, 11, 22)


def synthetic_fleet(vehicles: int = VEHICLES, days: int = DAYS, seed: int = 7):
    """(readings, use, fast, products, leases) as the service's queries return them."""
    rng = np.random.default_rng(seed)
    fast_fading = rng.random(vehicles) < 0.03
    fade = np.where(fast_fading, rng.uniform(6, 9, vehicles), rng.uniform(1.6, 2.6, vehicles))  # %/yr
    start = rng.integers(0, days // 2, vehicles) * (rng.random(vehicles) < 0.3)  # some join during the year
    vehicle = np.repeat(np.arange(1, vehicles + 1), days)
    day = np.tile(np.arange(days), vehicles)
    keep = day >= np.repeat(start, days)
    vehicle, day = vehicle[keep], day[keep]
    km = rng.normal(200, 30, vehicles).clip(50)
    odometer = 30_000 + km[vehicle - 1] * day
    soh = 99 - fade[vehicle - 1] * day / 365.25 + rng.normal(0, 0.12, len(day))
    readings = {"vehicle_id": vehicle, "day": day, "odometer_km": odometer, "soh_pct": soh}
    counts = np.bincount(vehicle, minlength=vehicles + 1)[1:]
    use = pd.DataFrame({
        "vehicle_id": np.arange(1, vehicles + 1), "plate": [f"BEN-{i:04d}" for i in range(1, vehicles + 1)],
        "oem": rng.choice(["JAC", "Geely", "GAC"], vehicles), "model": "E10X",
        "in_service_on": [BENCH_DAY - timedelta(days=int(d)) for d in rng.integers(200, 1_300, vehicles)],
        "cost_centavos": 40_000_000, "status": "assigned", "days": counts, "km": km * counts,
        "temp_mean_c": rng.normal(35, 1, vehicles) + 7 * fast_fading, "temp_max_c": rng.normal(44, 2, vehicles),
        "deep_share": np.zeros(vehicles)})
    fast = {int(v): 0.45 for v in np.flatnonzero(fast_fading) + 1}
    products = {int(v): ("LTO" if v % 2 else "DaE") for v in range(1, vehicles + 1)}
    leases = pd.DataFrame({"contract_id": range(1, vehicles // 2 + 1), "code": [f"LTO-{i:07d}" for i in range(1, vehicles // 2 + 1)],
                           "vehicle_id": range(1, vehicles + 1, 2), "start_on": BENCH_DAY - timedelta(days=300),
                           "term_weeks": 208, "weekly_centavos": 290_000, "deposit_centavos": 3_000_000,
                           "option_centavos": 2_000_000, "paid": 40})
    return readings, use, fast, products, leases


def time_analytics(vehicles: int = VEHICLES) -> float:
    from lafa_core.battery.rules import load_policy
    from lafa_core.battery.service import analyse

    import sklearn.ensemble  # noqa: F401 - loaded once per process in the app, not part of the analysis

    data = synthetic_fleet(vehicles)
    started = time.perf_counter()
    analyse(*data, as_of=BENCH_DAY, first=BENCH_DAY - timedelta(days=DAYS - 1), policy=load_policy(), seed=42)
    return time.perf_counter() - started


def measure(database_url: str, vehicles: int) -> dict[str, float]:
    from lafa_core.battery.service import battery_report

    figures = {"analytics_s": round(time_analytics(), 3)}
    engine = make_engine(database_url)
    try:
        started = time.perf_counter()
        report = battery_report(UnitOfWork(engine), seed=42)
        if report is not None:
            figures["report_s"] = round(time.perf_counter() - started, 3)
            figures["report_vehicles"] = float(len(report.vehicles))
    finally:
        engine.dispose()
    return figures


if __name__ == "__main__":
    print(f"battery analytics, {VEHICLES} vehicles × {DAYS} days: {time_analytics():.3f} s")
