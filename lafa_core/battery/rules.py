"""Battery health rules, pure (numpy, scikit-learn and the reference figures; no database).

- The LFP reference band for CDMX gig use (data/business.yaml `battery.soh_by_year_gig_use`):
  SOH by age, interpolated linearly between whole years from 100 % at delivery, continued past
  year 4 at the year-3-to-4 pace.
- The degradation fit: daily SOH readings are reduced to one median per vehicle-week (a bad
  reading cannot move a week), then a Theil–Sen line (the median of pairwise slopes, with Sen's rank
  interval — the interval scipy.stats.theilslopes gives) is fitted per vehicle against time and
  against the odometer, every vehicle at once with numpy (no per-vehicle loop).
- Projected dates to the LTO floor (85 %) and to rotation out of ride-hailing (80 %), as a range:
  the central slope, and the interval's steeper and flatter slopes.
- Anomalies: an Isolation Forest over the degradation pace against the fleet's at the same mileage,
  the average daily maximum battery temperature, the share of deep discharges, the share of energy
  charged fast and the km per day; a vehicle is flagged when the forest isolates it and it fades at
  least `flag_fade_ratio` times the fleet. The reasons name what stands out, with the figures.
- Residual value: the strategy's residual shares by age (geometric between the points), the
  battery's share of the vehicle's cost scaled by SOH against the band's middle for the age.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from lafa_core.reference import load_reference

DAYS_PER_YEAR = 365.25

# What a flagged vehicle's list suggests; the decisions fleet operations records (plus "keep").
ACTIONS = ("inspect", "rotate", "warranty_claim", "keep")
REASONS = ("fade", "heat", "fast_charge", "deep_discharge", "km")


@dataclass(frozen=True)
class BatteryPolicy:
    band_years: tuple[float, ...]
    band_low_pct: tuple[float, ...]
    band_high_pct: tuple[float, ...]
    lto_floor_pct: float
    rotate_pct: float
    alert_soh_pct: float
    alert_temp_c: float
    battery_share: tuple[float, float]
    residual_3y: tuple[float, float]
    residual_4y: tuple[float, float]
    geotab_pct_per_year: tuple[float, float]
    window_days: int = 364
    min_weeks_to_fit: int = 6
    min_weeks_to_flag: int = 12
    confidence: float = 0.90
    projection_cap_years: float = 15.0
    fast_charge_kw: float = 20.0
    deep_discharge_soc_pct: float = 15.0
    flag_fade_ratio: float = 1.5
    isolation_contamination: float | str = "auto"
    rotate_within_days: int = 180


def load_policy() -> BatteryPolicy:
    """The strategy's battery figures (business.yaml) and the page's settings (battery.yaml)."""
    battery = load_reference("business")["battery"]
    own = load_reference("battery")
    years = sorted(int(y) for y in battery["soh_by_year_gig_use"])
    band = battery["soh_by_year_gig_use"]
    residual = battery["residual_value_share"]
    return BatteryPolicy(
        band_years=(0.0, *map(float, years)),
        band_low_pct=(100.0, *(100 * float(band[y][0]) for y in years)),
        band_high_pct=(100.0, *(100 * float(band[y][1]) for y in years)),
        lto_floor_pct=100 * float(battery["lto_soh_floor"]), rotate_pct=100 * float(battery["rotate_out_of_ride_hailing_at"]),
        alert_soh_pct=100 * float(battery["alerts"]["soh_below"]), alert_temp_c=float(battery["alerts"]["temperature_above_c"]),
        battery_share=tuple(map(float, battery["battery_share_of_vehicle_cost"])),
        residual_3y=tuple(map(float, residual["3_years"])), residual_4y=tuple(map(float, residual["4_years"])),
        geotab_pct_per_year=tuple(map(float, own["geotab_fleet_fade_pct_per_year"]["range"])),
        **{k: v for k, v in own["analysis"].items() if k in BatteryPolicy.__dataclass_fields__},
    )


# --- the reference band -------------------------------------------------------------------------
def band_at(policy: BatteryPolicy, age_years) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) SOH % of the band at each age (years; negative ages read as new)."""
    age = np.clip(np.asarray(age_years, dtype=float), 0, None)
    years = np.asarray(policy.band_years)

    def curve(points):
        points = np.asarray(points)
        inside = np.interp(age, years, points)
        pace = (points[-1] - points[-2]) / (years[-1] - years[-2])
        return np.where(age > years[-1], points[-1] + pace * (age - years[-1]), inside)
    return curve(policy.band_low_pct), curve(policy.band_high_pct)


def band_middle(policy: BatteryPolicy, age_years) -> np.ndarray:
    low, high = band_at(policy, age_years)
    return (low + high) / 2


# --- weekly medians -------------------------------------------------------------------------------
def _grouped_median(keys: np.ndarray, values: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    order = np.lexsort((values, keys))
    ordered = values[order]
    return (ordered[starts + (counts - 1) // 2] + ordered[starts + counts // 2]) / 2


@dataclass(frozen=True)
class WeeklySeries:
    """One row per vehicle, one column per week (NaN where the vehicle had no reading)."""

    vehicle_ids: np.ndarray  # int [V]
    day: np.ndarray  # float [V, W]: the week's median day (days from the window's first day)
    odometer: np.ndarray  # float [V, W]
    soh: np.ndarray  # float [V, W]

    @property
    def weeks(self) -> np.ndarray:
        return np.isfinite(self.soh).sum(axis=1)


def weekly_series(vehicle_id, day, odometer, soh) -> WeeklySeries:
    """Daily readings (any order) → weekly medians per vehicle. `day` counts days from the window's
    first day; week w holds days 7w … 7w+6."""
    vehicle_id = np.asarray(vehicle_id, dtype=np.int64)
    day = np.asarray(day, dtype=np.int64)
    ok = np.isfinite(np.asarray(soh, dtype=float)) & np.isfinite(np.asarray(odometer, dtype=float))
    vehicle_id, day = vehicle_id[ok], day[ok]
    odometer, soh = np.asarray(odometer, dtype=float)[ok], np.asarray(soh, dtype=float)[ok]
    ids, row = np.unique(vehicle_id, return_inverse=True)
    week = day // 7
    n_weeks = int(week.max()) + 1 if len(week) else 1
    keys = row * n_weeks + week
    unique_keys, starts, counts = np.unique(np.sort(keys), return_index=True, return_counts=True)
    shape = (len(ids), n_weeks)
    out = {}
    for name, values in (("day", day.astype(float)), ("odometer", odometer), ("soh", soh)):
        grid = np.full(shape, np.nan)
        grid.ravel()[unique_keys] = _grouped_median(keys, values, starts, counts)
        out[name] = grid
    return WeeklySeries(ids, out["day"], out["odometer"], out["soh"])


# --- Theil–Sen, per row ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Fit:
    slope: np.ndarray  # per unit of x
    intercept: np.ndarray
    low: np.ndarray  # the interval's steeper (smaller) slope
    high: np.ndarray
    points: np.ndarray  # int


def _normal_quantile(p: float) -> float:
    from statistics import NormalDist

    return NormalDist().inv_cdf(p)


def theil_sen(x: np.ndarray, y: np.ndarray, confidence: float = 0.90) -> Fit:
    """Theil–Sen line of y on x for every row at once (NaN where a row has no point): the median of
    the pairwise slopes, intercept median(y − slope·x), and Sen's confidence interval of the slope
    (as scipy.stats.theilslopes, without its correction for tied values)."""
    x, y = np.atleast_2d(np.asarray(x, dtype=float)), np.atleast_2d(np.asarray(y, dtype=float))
    rows, width = x.shape
    first, second = np.triu_indices(width, 1)
    dx, dy = x[:, second] - x[:, first], y[:, second] - y[:, first]
    valid = np.isfinite(dx) & np.isfinite(dy) & (dx != 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        slopes = np.where(valid, dy / np.where(valid, dx, 1.0), np.nan)
    slopes.sort(axis=1)  # NaN last
    pairs = valid.sum(axis=1)
    has = pairs > 0
    safe = np.maximum(pairs, 1)

    def at(index):
        picked = np.take_along_axis(slopes, np.clip(index, 0, slopes.shape[1] - 1)[:, None], axis=1)[:, 0] \
            if slopes.shape[1] else np.full(rows, np.nan)
        return np.where(has, picked, np.nan)
    slope = (at((safe - 1) // 2) + at(safe // 2)) / 2
    n = (np.isfinite(x) & np.isfinite(y)).sum(axis=1).astype(float)
    sigma = np.sqrt(n * (n - 1) * (2 * n + 5) / 18)
    z = _normal_quantile(0.5 + confidence / 2)
    upper = np.minimum(np.round((pairs + z * sigma) / 2).astype(np.int64), safe - 1)
    lower = np.maximum(np.round((pairs - z * sigma) / 2).astype(np.int64) - 1, 0)
    with np.errstate(invalid="ignore"):
        residual = y - slope[:, None] * x
    intercept = np.full(rows, np.nan)
    if has.any():
        intercept[has] = np.nanmedian(residual[has], axis=1)
    return Fit(slope, intercept, at(lower), at(upper), n.astype(int))


# --- projections ----------------------------------------------------------------------------------
def days_until(level_pct: float, now_pct, slope_per_day, cap_days: float) -> np.ndarray:
    """Days from now until SOH reaches `level_pct` on a line of `slope_per_day` (%/day): 0 when
    already there, inf when the line does not fall or gets there after `cap_days`."""
    now_pct, slope = np.asarray(now_pct, dtype=float), np.asarray(slope_per_day, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        days = np.where(slope < 0, (now_pct - level_pct) / -slope, np.inf)
    days = np.where(now_pct <= level_pct, 0.0, days)
    return np.where((days > cap_days) | ~np.isfinite(days), np.inf, days)


# --- anomalies ------------------------------------------------------------------------------------
FEATURES = ("fade_ratio", "temp_mean_c", "deep_share", "fast_share", "km_per_day")


def expected_fade(km_per_day: np.ndarray, fade_per_year: np.ndarray) -> np.ndarray:
    """The fleet's fade (%/yr) at each vehicle's km per day: a Theil–Sen line of the vehicles' fade
    on their km per day (heavier use fades faster per year; that is use, not a fault)."""
    ok = np.isfinite(km_per_day) & np.isfinite(fade_per_year)
    if ok.sum() < 3 or np.ptp(km_per_day[ok]) == 0:
        middle = float(np.nanmedian(fade_per_year)) if ok.any() else np.nan
        return np.full(len(km_per_day), middle)
    line = theil_sen(km_per_day[ok][None, :], fade_per_year[ok][None, :])
    slope, intercept = float(line.slope[0]), float(line.intercept[0])
    floor = 0.25 * float(np.median(fade_per_year[ok]))
    return np.maximum(intercept + slope * km_per_day, max(floor, 1e-6))


def isolation_scores(features: np.ndarray, eligible: np.ndarray, *, contamination, seed: int):
    """(score, outlier) per row: the Isolation Forest's anomaly score (higher is more unusual) and
    whether it isolates the row, fitted on the eligible rows on robustly scaled features."""
    from sklearn.ensemble import IsolationForest

    score = np.full(len(features), np.nan)
    outlier = np.zeros(len(features), dtype=bool)
    if eligible.sum() < 10:
        return score, outlier
    data = features[eligible]
    middle = np.median(data, axis=0)
    spread = np.subtract(*np.percentile(data, [75, 25], axis=0))
    spread = np.where(spread > 0, spread, np.maximum(np.abs(middle) * 0.1, 1e-3))
    scaled = (features - middle) / spread
    forest = IsolationForest(n_estimators=100, contamination=contamination, random_state=seed)
    forest.fit(scaled[eligible])
    score[eligible] = -forest.score_samples(scaled[eligible])
    outlier[eligible] = forest.predict(scaled[eligible]) == -1
    return score, outlier


def reasons_for(row: dict, fleet: dict, policy: BatteryPolicy) -> list[tuple[str, dict]]:
    """What stands out for a flagged vehicle, each with its figures and the fleet's (median)."""
    found = [("fade", {"ratio": row["fade_ratio"], "fade": row["fade_pct_year"], "fleet": fleet["fade_pct_year"]})]
    if row["temp_mean_c"] >= policy.alert_temp_c or row["temp_mean_c"] > max(fleet["temp_p90"], fleet["temp_mean_c"] + 3):
        found.append(("heat", {"temp": row["temp_mean_c"], "peak": row["temp_max_c"], "fleet": fleet["temp_mean_c"]}))
    if row["fast_share"] > max(0.10, fleet["fast_p90"]):
        found.append(("fast_charge", {"share": row["fast_share"], "fleet": fleet["fast_share"]}))
    if row["deep_share"] > max(0.10, fleet["deep_p90"]):
        found.append(("deep_discharge", {"share": row["deep_share"], "fleet": fleet["deep_share"]}))
    if row["km_per_day"] > max(fleet["km_p90"], 1.2 * fleet["km_per_day"]):
        found.append(("km", {"km": row["km_per_day"], "fleet": fleet["km_per_day"]}))
    return found


def suggested_action(*, soh_now: float, days_to_rotate: float, causes: int, policy: BatteryPolicy) -> str:
    """Rotate when at or projected to reach 80 % soon; a warranty claim when it fades fast with no
    cause in how it is used (a cell fault); otherwise inspect (and correct the use named)."""
    if soh_now <= policy.rotate_pct or days_to_rotate <= policy.rotate_within_days:
        return "rotate"
    if causes == 0:
        return "warranty_claim"
    return "inspect"


# --- residual value -------------------------------------------------------------------------------
def residual_share(age_years, share_3y: float, share_4y: float) -> np.ndarray:
    """The vehicle's value as a share of its cost at an age: geometric from 1 at delivery to the
    3-year share, then to the 4-year share, and on at that pace after year 4."""
    age = np.clip(np.asarray(age_years, dtype=float), 0, None)
    early = share_3y ** (age / 3)
    late = share_3y * (share_4y / share_3y) ** (age - 3)
    return np.where(age <= 3, early, late)


def _centavos(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _exact(x: float) -> Decimal:
    return Decimal(repr(round(float(x), 9)))


def residual_value_centavos(cost_centavos: int, *, share: float, battery_share: float, soh_pct: float,
                            band_middle_pct: float) -> int:
    """cost × residual share × [(1 − battery share) + battery share × SOH / band middle], in
    centavos: the battery part of the car is worth more or less as its SOH sits above or below
    what the band expects at its age."""
    b = _exact(battery_share)
    health = _exact(soh_pct) / _exact(band_middle_pct)
    value = Decimal(int(cost_centavos)) * _exact(share) * ((1 - b) + b * health)
    return max(_centavos(value), 0)


def residual_range_centavos(cost_centavos, age_years, soh_pct, policy: BatteryPolicy) -> list[tuple[int, int, int]]:
    """(low, central, high) residual value per vehicle (arrays in, one triple per vehicle out): the
    residual shares' low ends with the battery's larger share, their midpoints with the middle
    share, their high ends with the smaller share."""
    age = np.atleast_1d(np.asarray(age_years, dtype=float))
    middle = band_middle(policy, age)
    cases = []
    for pick, battery in ((0, policy.battery_share[1]), (None, sum(policy.battery_share) / 2), (1, policy.battery_share[0])):
        s3 = sum(policy.residual_3y) / 2 if pick is None else policy.residual_3y[pick]
        s4 = sum(policy.residual_4y) / 2 if pick is None else policy.residual_4y[pick]
        cases.append((residual_share(age, s3, s4), battery))
    costs, sohs = np.atleast_1d(cost_centavos), np.atleast_1d(np.asarray(soh_pct, dtype=float))
    return [tuple(sorted(residual_value_centavos(int(costs[i]), share=float(share[i]), battery_share=battery,
                                                 soh_pct=float(sohs[i]), band_middle_pct=float(middle[i]))
                         for share, battery in cases)) for i in range(len(age))]
