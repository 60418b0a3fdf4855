"""Battery health (P4): the fleet's report — each vehicle's degradation fit with its uncertainty,
the dates to the LTO floor (85 %) and to rotation (80 %) as ranges, anomalies with their reasons
and a suggested action, residual values and each active lease's purchase option — and fleet
operations' decisions on a vehicle's battery (audited, permission-checked, append-only).

`battery_report` reads the data's last year in three aggregate queries and hands them to `analyse`
(pure, vectorized: the benchmark times it on 2,000 vehicles × a year). The page caches the report
per data day; decisions are read fresh on every run."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from lafa_core import bounds
from lafa_core.audit.service import record
from lafa_core.battery import queries
from lafa_core.battery import rules
from lafa_core.battery.rules import DAYS_PER_YEAR, BatteryPolicy, load_policy
from lafa_core.credit.pricing import equity_centavos, lease_price_centavos
from lafa_core.errors import LocalizedError
from lafa_core.identity import acting
from lafa_core.uow import UnitOfWork
from lafa_core.users.roles import Action

NOTE_MAX = 300
NO_PRODUCT = "none"


class BatteryError(LocalizedError, ValueError):
    """A battery decision that cannot be recorded (unknown vehicle); nothing was written."""


@dataclass(frozen=True)
class FleetFigures:
    vehicles: int
    fitted: int
    average_soh: float | None
    median_fade_pct_year: float | None
    fade_quartiles: tuple[float, float] | None
    below_band: int
    flagged: int
    below_lto_floor: int
    at_rotation: int
    residual_centavos: tuple[int, int, int]  # low, central, high
    cost_centavos: int
    leases_at_risk: int  # LTO cars projected under 85 % before their lease ends (central)


@dataclass(frozen=True)
class BatteryReport:
    as_of: date
    first_day: date
    policy: BatteryPolicy
    vehicles: pd.DataFrame  # one row per vehicle with readings in the window
    leases: pd.DataFrame  # one row per active LTO lease
    age_curve: pd.DataFrame  # group_kind, group, age_months, soh_pct (median), vehicles
    fleet: FleetFigures


def _to_dates(base: date, offsets: np.ndarray) -> list:
    return [None if not np.isfinite(o) else base + timedelta(days=int(round(o))) for o in offsets]


def analyse(readings: dict, use: pd.DataFrame, fast: dict[int, float], products: dict[int, str],
            leases: pd.DataFrame, *, as_of: date, first: date, policy: BatteryPolicy, seed: int) -> BatteryReport:
    """The report from the window's readings and use (pure; see the module's docstring)."""
    series = rules.weekly_series(readings["vehicle_id"], readings["day"], readings["odometer_km"], readings["soh_pct"])
    frame = use.set_index("vehicle_id").reindex(series.vehicle_ids).reset_index()
    frame = frame[frame["plate"].notna()].reset_index(drop=True)
    keep = np.isin(series.vehicle_ids, frame["vehicle_id"].to_numpy())
    day, odometer, soh = series.day[keep], series.odometer[keep], series.soh[keep]
    weeks = np.isfinite(soh).sum(axis=1)
    by_time = rules.theil_sen(day, soh, policy.confidence)
    by_km = rules.theil_sen(odometer, soh, policy.confidence)
    fitted = weeks >= policy.min_weeks_to_fit
    last_day = np.nanmax(np.where(np.isfinite(soh), day, np.nan), axis=1)
    last_week = np.array([row[np.isfinite(row)][-1] for row in soh])
    soh_now = np.where(fitted, by_time.intercept + by_time.slope * last_day, last_week)
    frame["weeks"] = weeks
    frame["fitted"] = fitted
    frame["soh_now"] = np.round(soh_now, 2)
    frame["fade_pct_year"] = np.where(fitted, -by_time.slope * DAYS_PER_YEAR, np.nan)
    frame["fade_low"] = np.where(fitted, -by_time.high * DAYS_PER_YEAR, np.nan)
    frame["fade_high"] = np.where(fitted, -by_time.low * DAYS_PER_YEAR, np.nan)
    frame["fade_per_100k_km"] = np.where(fitted, -by_km.slope * 100_000, np.nan)
    frame["last_day"] = _to_dates(first, last_day)
    frame["product"] = [products.get(int(v), NO_PRODUCT) for v in frame["vehicle_id"]]
    frame["oem_model"] = frame["oem"] + " " + frame["model"]
    frame["age_years"] = [(as_of - d).days / DAYS_PER_YEAR for d in frame["in_service_on"]]
    low, high = rules.band_at(policy, frame["age_years"].to_numpy())
    frame["band_low"], frame["band_high"] = np.round(low, 2), np.round(high, 2)
    frame["band_status"] = np.where(soh_now < low, "below", np.where(soh_now > high, "above", "inside"))
    cap = policy.projection_cap_years * DAYS_PER_YEAR
    days_to = {}
    for level, name in ((policy.lto_floor_pct, "85"), (policy.rotate_pct, "80")):
        for which, slope in (("", by_time.slope), ("_early", by_time.low), ("_late", by_time.high)):
            days = np.where(fitted, rules.days_until(level, soh_now, slope, cap), np.nan)
            days_to[name + which] = days
            frame[f"date_{name}{which}"] = [None if not (f and np.isfinite(d)) else last + timedelta(days=int(round(d)))
                                            for f, d, last in zip(fitted, days, frame["last_day"])]
    # Use, and the anomaly detector.
    frame["km_per_day"] = frame["km"] / frame["days"].clip(lower=1)
    frame["fast_share"] = [fast.get(int(v), 0.0) for v in frame["vehicle_id"]]
    eligible = (weeks >= policy.min_weeks_to_flag) & np.isfinite(frame["fade_pct_year"].to_numpy())
    expected = rules.expected_fade(frame["km_per_day"].to_numpy(float), np.where(eligible, frame["fade_pct_year"], np.nan))
    frame["fade_ratio"] = np.where(eligible, frame["fade_pct_year"] / expected, np.nan)
    features = frame[list(rules.FEATURES)].to_numpy(float)
    score, outlier = rules.isolation_scores(np.nan_to_num(features), eligible,
                                            contamination=policy.isolation_contamination, seed=seed)
    frame["anomaly_score"] = score
    frame["flagged"] = outlier & (frame["fade_ratio"].to_numpy() >= policy.flag_fade_ratio)
    pool = frame[eligible]
    fleet_use = {
        "fade_pct_year": float(pool["fade_pct_year"].median()) if len(pool) else np.nan,
        "temp_mean_c": float(pool["temp_mean_c"].median()) if len(pool) else np.nan,
        "temp_p90": float(pool["temp_mean_c"].quantile(0.9)) if len(pool) else np.inf,
        "fast_share": float(pool["fast_share"].median()) if len(pool) else 0.0,
        "fast_p90": float(pool["fast_share"].quantile(0.9)) if len(pool) else np.inf,
        "deep_share": float(pool["deep_share"].median()) if len(pool) else 0.0,
        "deep_p90": float(pool["deep_share"].quantile(0.9)) if len(pool) else np.inf,
        "km_per_day": float(pool["km_per_day"].median()) if len(pool) else np.nan,
        "km_p90": float(pool["km_per_day"].quantile(0.9)) if len(pool) else np.inf,
    }
    reasons, actions = [], []
    for i, row in enumerate(frame.to_dict("records")):
        if not row["flagged"]:
            reasons.append(())
            actions.append(None)
            continue
        found = rules.reasons_for(row, fleet_use, policy)
        causes = sum(code in ("heat", "fast_charge", "deep_discharge") for code, _ in found)
        reasons.append(tuple(found))
        actions.append(rules.suggested_action(soh_now=row["soh_now"], days_to_rotate=days_to["80"][i], causes=causes,
                                              policy=policy))
    frame["reasons"] = reasons
    frame["suggested"] = actions
    # Residual value (centavos) today.
    residual = rules.residual_range_centavos(frame["cost_centavos"].to_numpy(), frame["age_years"].to_numpy(),
                                             frame["soh_now"].to_numpy(), policy)
    frame["residual_low"] = [r[0] for r in residual]
    frame["residual_mid"] = [r[1] for r in residual]
    frame["residual_high"] = [r[2] for r in residual]
    lease_rows = _leases(frame, leases, by_time, last_day, policy)
    curve = _age_curve(frame, day, soh, first, as_of)
    fleet = _fleet(frame, lease_rows)
    return BatteryReport(as_of, first, policy, frame, lease_rows, curve, fleet)


def _leases(frame: pd.DataFrame, leases: pd.DataFrame, fit: rules.Fit, last_day: np.ndarray,
            policy: BatteryPolicy) -> pd.DataFrame:
    position = {int(v): i for i, v in enumerate(frame["vehicle_id"])}
    records = frame[["vehicle_id", "plate", "fitted", "soh_now", "last_day", "in_service_on", "cost_centavos",
                     "date_85", "date_85_early", "residual_mid"]].to_dict("records")
    rows = []
    mid_battery = sum(policy.battery_share) / 2
    s3, s4 = sum(policy.residual_3y) / 2, sum(policy.residual_4y) / 2
    for lease in leases.to_dict("records"):
        i = position.get(int(lease["vehicle_id"]))
        if i is None:
            continue
        car = records[i]
        term = int(lease["term_weeks"] or 208)
        ends = lease["start_on"] + timedelta(weeks=term)
        ahead = (ends - car["last_day"]).days
        if car["fitted"]:
            at_end = [float(np.clip(car["soh_now"] + s * ahead, 0, 100)) for s in (fit.slope[i], fit.low[i], fit.high[i])]
        else:
            at_end = [np.nan, np.nan, np.nan]
        age_end = (ends - car["in_service_on"]).days / DAYS_PER_YEAR
        value = (None if not np.isfinite(at_end[0]) else rules.residual_value_centavos(
            int(car["cost_centavos"]), share=float(rules.residual_share(age_end, s3, s4)), battery_share=mid_battery,
            soh_pct=at_end[0], band_middle_pct=float(rules.band_middle(policy, age_end))))
        price = lease_price_centavos(int(lease["deposit_centavos"]), int(lease["weekly_centavos"]), term)
        owed = price - equity_centavos(int(lease["deposit_centavos"]), int(lease["weekly_centavos"]), term, int(lease["paid"]))
        date85 = car["date_85"]
        status = ("unknown" if not car["fitted"] else "below" if car["soh_now"] < policy.lto_floor_pct
                  else "before_end" if date85 is not None and date85 <= ends
                  else "risk" if car["date_85_early"] is not None and car["date_85_early"] <= ends else "ok")
        rows.append({
            "contract_id": int(lease["contract_id"]), "code": lease["code"], "vehicle_id": int(car["vehicle_id"]),
            "plate": car["plate"], "ends_on": ends, "soh_now": car["soh_now"], "soh_end": at_end[0],
            "soh_end_low": at_end[1], "soh_end_high": at_end[2], "date_85": date85, "floor_status": status,
            "value_end_centavos": value, "option_centavos": int(lease["option_centavos"]),
            "option_value_centavos": None if value is None else value - int(lease["option_centavos"]),
            "owed_centavos": int(owed), "residual_now_centavos": int(car["residual_mid"]),
            "coverage": (car["residual_mid"] / owed) if owed > 0 else None,
        })
    columns = ["contract_id", "code", "vehicle_id", "plate", "ends_on", "soh_now", "soh_end", "soh_end_low", "soh_end_high",
               "date_85", "floor_status", "value_end_centavos", "option_centavos", "option_value_centavos",
               "owed_centavos", "residual_now_centavos", "coverage"]
    return pd.DataFrame(rows, columns=columns)


def _age_curve(frame: pd.DataFrame, day: np.ndarray, soh: np.ndarray, first: date, as_of: date) -> pd.DataFrame:
    """Median weekly SOH by month of age, per OEM/model and per product (the trend by age)."""
    age_first = np.array([(first - d).days for d in frame["in_service_on"]], dtype=float)
    months = np.floor((age_first[:, None] + day) / (DAYS_PER_YEAR / 12))
    ok = np.isfinite(soh) & (months >= 0)
    rows, cols = np.nonzero(ok)
    points = pd.DataFrame({"vehicle": rows, "age_months": months[rows, cols].astype(int), "soh_pct": soh[rows, cols]})
    parts = []
    for kind, column in (("oem_model", "oem_model"), ("product", "product"), ("fleet", None)):
        points["group"] = "fleet" if column is None else frame[column].to_numpy()[points["vehicle"]]
        grouped = points.groupby(["group", "age_months"]).agg(soh_pct=("soh_pct", "median"), vehicles=("vehicle", "nunique"))
        grouped = grouped[grouped["vehicles"] >= 3].reset_index()
        grouped.insert(0, "group_kind", kind)
        parts.append(grouped)
    return pd.concat(parts, ignore_index=True)


def _fleet(frame: pd.DataFrame, leases: pd.DataFrame) -> FleetFigures:
    fitted = frame[frame["fitted"]]
    fades = fitted["fade_pct_year"]
    return FleetFigures(
        vehicles=len(frame), fitted=len(fitted),
        average_soh=None if frame.empty else float(frame["soh_now"].mean()),
        median_fade_pct_year=None if fitted.empty else float(fades.median()),
        fade_quartiles=None if fitted.empty else (float(fades.quantile(0.25)), float(fades.quantile(0.75))),
        below_band=int((frame["band_status"] == "below").sum()), flagged=int(frame["flagged"].sum()),
        below_lto_floor=int((frame["soh_now"] < 85).sum()), at_rotation=int((frame["soh_now"] <= 80).sum()),
        residual_centavos=(int(frame["residual_low"].sum()), int(frame["residual_mid"].sum()),
                           int(frame["residual_high"].sum())),
        cost_centavos=int(frame["cost_centavos"].sum()),
        leases_at_risk=int(leases["floor_status"].isin(["below", "before_end"]).sum()) if len(leases) else 0,
    )


def battery_report(uow: UnitOfWork, *, seed: int | None = None) -> BatteryReport | None:
    """The fleet's battery report on the data's as-of day (None without any reading)."""
    from lafa_core.config import get_settings

    policy = load_policy()
    with uow:
        as_of = uow.as_of()
        if as_of is None:
            return None
        first = as_of - timedelta(days=policy.window_days - 1)
        session = uow.session
        readings = queries.soh_readings(session=session, first=first, last=as_of)
        if not len(readings["vehicle_id"]):
            return None
        use = queries.vehicle_use(session=session, first=first, last=as_of, deep_soc_pct=policy.deep_discharge_soc_pct)
        fast = queries.fast_charge_share(session=session, first=first, last=as_of, fast_kw=policy.fast_charge_kw)
        products = queries.products_on(session=session, day=as_of)
        leases = queries.active_leases(session=session, day=as_of)
    seed = get_settings().random_seed if seed is None else seed
    return analyse(readings, use, fast, products, leases, as_of=as_of, first=first, policy=policy, seed=seed)


def vehicle_readings(uow: UnitOfWork, *, vehicle_id: int, first: date, last: date) -> pd.DataFrame:
    """One vehicle's daily readings in the window (for its chart)."""
    with uow:
        return queries.vehicle_readings(session=uow.session, vehicle_id=vehicle_id, first=first, last=last)


def latest_decisions(uow: UnitOfWork) -> pd.DataFrame:
    with uow:
        return queries.latest_decisions(session=uow.session)


def record_decision(uow: UnitOfWork, *, vehicle_id: int, action: str, note: str = "",
                    data_day: date, soh_pct: float | None = None, fade_ratio: float | None = None) -> int:
    """Fleet operations' decision on a vehicle's battery, recorded as the signed-in user and audited
    (ids and figures; the note stays in the decision). Returns the decision's id."""
    actor = acting(uow.actor, Action.BATTERY_DECIDE)
    action = bounds.choice(action, "action", rules.ACTIONS)
    note = bounds.text(note, "note", max_length=NOTE_MAX).strip()
    with uow:
        if not queries.vehicle_exists(session=uow.session, vehicle_id=int(vehicle_id)):
            raise BatteryError(f"no vehicle {vehicle_id}", key="battery.error.no_vehicle", vehicle=vehicle_id)
        soh = None if soh_pct is None or not np.isfinite(soh_pct) else round(float(soh_pct), 2)
        ratio = None if fade_ratio is None or not np.isfinite(fade_ratio) else round(float(fade_ratio), 2)
        decision_id = queries.insert_decision(session=uow.session, vehicle_id=int(vehicle_id), action=action,
                                              decided_at=uow.now(), decided_by=actor.name, data_day=data_day,
                                              soh_pct=soh, fade_ratio=ratio, note=note)
        record(uow, "battery.decide", "vehicle", int(vehicle_id), decision_id=decision_id, decision=action,
               soh_pct=soh, fade_ratio=ratio, data_day=data_day.isoformat())
        uow.commit()
    return decision_id
