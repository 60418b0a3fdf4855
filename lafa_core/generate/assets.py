"""Asset events cut from the fleet's days: maintenance, incidents, insurance
policies (annual, renewing on the in-service anniversary) and claims."""
from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from lafa_core.generate.activity import FleetDays, local_to_utc
from lafa_core.generate.contracts import ContractBook
from lafa_core.fleet.reference import city, interval_for
from lafa_core.fleet.rules import nearest_zone
from lafa_core.generate.geography import inside_cdmx

TIRE_INTERVAL_KM = 60_000
SERVICE_BOOKING_DAYS = 12  # a preventive service is done up to this many days after its km are reached
# Work-order costs (MXN) set so maintenance lands in the strategy's 500–1,000 MXN per vehicle-month
# (business.yaml unit_economics) at ride-hailing mileage: an EV's preventive service (no oil: brakes,
# coolant, filters, HV check), four economy tyres, repairs and battery diagnostics.
PREVENTIVE_COST = (600, 1_000)
TIRES_COST = (2_400, 3_200)
CORRECTIVE_EVERY_DAYS = 400  # one repair per this many driving days
CORRECTIVE_MEDIAN = 1_800
BATTERY_CHECK_COST = (800, 1_500)
# Hours from the incident to its resolution, by severity: lognormal median and spread.
RESOLUTION_HOURS = {"low": (20, 0.6), "medium": (48, 0.6), "high": (120, 0.5)}
INSURERS = ["Qualitas", "GNP Seguros", "AXA Seguros", "HDI Seguros", "Chubb"]
# kind → (share, severity, cost range MXN)
INCIDENT_KINDS = {
    "minor_collision": (0.42, "medium", (6_000, 40_000)),
    "tire_damage": (0.20, "low", (1_200, 4_500)),
    "mechanical_breakdown": (0.14, "medium", (2_000, 15_000)),
    "traffic_fine": (0.12, "low", (800, 3_500)),
    "theft_attempt": (0.05, "high", (8_000, 45_000)),
    "major_collision": (0.07, "high", (60_000, 220_000)),
}
INCIDENT_DESCRIPTIONS = {
    "minor_collision": "Golpe menor en tráfico", "tire_damage": "Llanta ponchada o dañada",
    "mechanical_breakdown": "Falla mecánica en ruta", "traffic_fine": "Infracción de tránsito",
    "theft_attempt": "Intento de robo", "major_collision": "Choque con daño estructural",
}
# Renewals due in the window's last three weeks are still unbought for about a third of the cars:
# the insurance page's vehicles without a policy in force.
LAPSE_WINDOW_DAYS = 21
LAPSE_SHARE = 0.3
CLAIMABLE = {"minor_collision", "theft_attempt", "major_collision"}
DEDUCTIBLE_SHARE = 0.05


def _crossings(odometer: np.ndarray, interval) -> tuple[np.ndarray, np.ndarray]:
    """(vehicle, day) where the odometer passes a multiple of the interval (a number, or one per vehicle)."""
    counter = np.floor(odometer / np.reshape(interval, (-1, 1)) if np.ndim(interval) else odometer / interval)
    step = np.diff(counter, axis=1, prepend=counter[:, :1])
    return np.nonzero(step > 0)


def maintenance(book: ContractBook, fleet: FleetDays, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 7])
    cal = book.calendar
    frames = []
    # Preventive services at each multiple of the model's interval (data/service_intervals.yaml, the
    # same figures the maintenance page's due rule uses).
    interval = np.array([interval_for(v["oem"], v["model"]).km for v in book.vehicles], dtype=float)
    # The workshop books a service a few days after the alert: the car keeps driving meanwhile, and a
    # service that would fall after the window's last day is not done yet (the car is overdue).
    vehicle, day = _crossings(fleet.odometer, interval)
    day = day + rng.integers(0, SERVICE_BOOKING_DAYS + 1, len(day))
    booked = day < cal.days
    vehicle, day = vehicle[booked], day[booked]
    odometer = fleet.odometer[vehicle, day]
    frames.append(pd.DataFrame({"vehicle": vehicle, "day": day, "kind": "preventive",
                                "description": [f"Servicio preventivo cada {int(k):,} km" for k in interval[vehicle]],
                                "odometer_km": odometer, "cost": rng.uniform(*PREVENTIVE_COST, len(day)),
                                "next_service_km": np.round(odometer, 1) + interval[vehicle],  # the page's rule
                                "days_open": rng.integers(0, 2, len(day))}))
    vehicle, day = _crossings(fleet.odometer, TIRE_INTERVAL_KM)
    frames.append(pd.DataFrame({"vehicle": vehicle, "day": day, "kind": "tires", "description": "Cambio de llantas",
                                "odometer_km": fleet.odometer[vehicle, day], "cost": rng.uniform(*TIRES_COST, len(day)),
                                "next_service_km": np.nan, "days_open": 0}))
    in_use = fleet.in_service & (fleet.km > 0)
    vehicle, day = np.nonzero(in_use & (rng.random(in_use.shape) < 1 / CORRECTIVE_EVERY_DAYS))
    frames.append(pd.DataFrame({"vehicle": vehicle, "day": day, "kind": "corrective",
                                "description": "Reparación correctiva", "odometer_km": fleet.odometer[vehicle, day],
                                "cost": np.exp(rng.normal(np.log(CORRECTIVE_MEDIAN), 0.6, len(day))),
                                "next_service_km": np.nan, "days_open": rng.integers(1, 6, len(day))}))
    # Fast-fading batteries get a battery inspection the day SOH first drops below 90 %.
    below = (fleet.soh_pct < 90) & fleet.in_service
    first_below = np.where(below.any(axis=1), below.argmax(axis=1), -1)
    vehicle = np.nonzero(first_below >= 0)[0]
    day = first_below[vehicle]
    frames.append(pd.DataFrame({"vehicle": vehicle, "day": day, "kind": "battery",
                                "description": "Diagnóstico de batería: degradación acelerada",
                                "odometer_km": fleet.odometer[vehicle, day],
                                "cost": rng.uniform(*BATTERY_CHECK_COST, len(day)),
                                "next_service_km": np.nan, "days_open": rng.integers(1, 4, len(day))}))
    frame = pd.concat(frames, ignore_index=True).sort_values(["day", "vehicle", "kind"], kind="stable")
    start = np.datetime64(cal.start, "D")
    closed_day = frame["day"].to_numpy() + frame["days_open"].to_numpy()
    still_open = closed_day > cal.days - 1
    return pd.DataFrame({
        "id": np.arange(1, len(frame) + 1), "vehicle_id": frame["vehicle"].to_numpy() + 1,
        "opened_on": start + frame["day"].to_numpy().astype("timedelta64[D]"),
        "closed_on": pd.Series(start + closed_day.astype("timedelta64[D]")).where(~still_open, pd.NaT).to_numpy(),
        "kind": frame["kind"].to_numpy(), "description": frame["description"].to_numpy(),
        "odometer_km": np.round(frame["odometer_km"].to_numpy(), 1),
        "cost_centavos": (np.round(frame["cost"].to_numpy()) * 100).astype(np.int64),
        "next_service_km": frame["next_service_km"].to_numpy(),
    })


def incidents(book: ContractBook, fleet: FleetDays, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 8])
    cal = book.calendar
    in_use = fleet.in_service & (fleet.km > 0)
    vehicle, day = np.nonzero(in_use & (rng.random(in_use.shape) < 1 / 260))
    n = len(day)
    kinds = list(INCIDENT_KINDS)
    shares = np.array([INCIDENT_KINDS[k][0] for k in kinds])
    kind = np.array(kinds)[rng.choice(len(kinds), size=n, p=shares / shares.sum())]
    low = np.array([INCIDENT_KINDS[k][2][0] for k in kind])
    high = np.array([INCIDENT_KINDS[k][2][1] for k in kind])
    spell = fleet.spell_index[vehicle, day]
    driver_ids = np.array([book.drivers[s.driver]["id"] for s in book.spells] or [0])
    depot = np.array([book.depots[v["depot_id"] - 1] for v in book.vehicles], dtype=object)[vehicle]
    start = np.datetime64(cal.start, "D")
    dates = start + day.astype("timedelta64[D]")
    lat = np.array([d["lat"] for d in depot]) + rng.normal(0, 0.04, n)
    lon = np.array([d["lon"] for d in depot]) + rng.normal(0, 0.04, n)
    lat, lon = inside_cdmx(lat, lon)
    severity = np.array([INCIDENT_KINDS[k][1] for k in kind], dtype=object)
    status = np.where(day >= cal.days - 14, np.where(rng.random(n) < 0.6, "open", "closed"), "closed")
    occurred = local_to_utc(dates, rng.integers(6 * 60, 23 * 60, n))
    median = np.array([RESOLUTION_HOURS[s][0] for s in severity], dtype=float)
    spread = np.array([RESOLUTION_HOURS[s][1] for s in severity], dtype=float)
    hours = np.exp(rng.normal(np.log(median), spread))
    resolved = occurred + (hours * 3_600_000).astype("timedelta64[ms]")
    data_ends = local_to_utc(np.array([cal.end], dtype="datetime64[D]"), np.array([24 * 60 - 1]))[0]
    status = np.where(resolved > data_ends, "open", status)  # not resolved by the data's last day: still open
    resolved = pd.Series(resolved).where(status == "closed", pd.NaT)
    zones = city()["zones"]
    return pd.DataFrame({
        "id": np.arange(1, n + 1), "vehicle_id": vehicle + 1,
        "driver_id": np.array([int(driver_ids[s]) if s >= 0 else None for s in spell.tolist()], dtype=object),
        "occurred_at": occurred, "kind": kind, "severity": severity,
        "description": [INCIDENT_DESCRIPTIONS[k] for k in kind], "lat": lat, "lon": lon,
        "estimated_cost_centavos": (np.round(rng.uniform(low, high)) * 100).astype(np.int64),
        "status": status, "place": [nearest_zone(a, b, zones).name for a, b in zip(lat.tolist(), lon.tolist())],
        "resolved_at": resolved.to_numpy(),
        "_day": day, "_spell": spell,
    })


def insurance(book: ContractBook, incident_frame: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Annual policies overlapping the window (and the current one's renewal date), plus claims."""
    rng = np.random.default_rng([seed, 9])
    cal = book.calendar
    rows = []
    for vehicle in book.vehicles:
        first = vehicle["in_service_on"]
        insurer = INSURERS[int(rng.integers(0, len(INSURERS)))]
        premium = int(rng.integers(20_000, 40_001)) // 100 * 100
        year = max(0, (cal.start - first).days // 365)
        while True:
            starts = first + timedelta(days=365 * year)
            if starts > cal.end:
                break
            late = year > 0 and (cal.end - starts).days < LAPSE_WINDOW_DAYS
            if late and rng.random() < LAPSE_SHARE:
                break  # the renewal is not bought yet: uninsured since the old policy ended
            rows.append({"vehicle_id": vehicle["id"], "insurer": insurer,
                         "policy_number": f"POL-{vehicle['id']:06d}-{year + 1:02d}", "starts_on": starts,
                         "ends_on": starts + timedelta(days=365), "premium_centavos": premium * 100,
                         "coverage": "amplia"})
            premium = int(premium * 1.05) // 100 * 100
            year += 1
    policies = pd.DataFrame(rows)
    policies.insert(0, "id", np.arange(1, len(policies) + 1))

    claimable = incident_frame[incident_frame["kind"].isin(CLAIMABLE)
                               & (incident_frame["estimated_cost_centavos"] >= 8_000 * 100)]
    if claimable.empty:
        return policies, pd.DataFrame()
    occurred = pd.to_datetime(cal.start) + pd.to_timedelta(claimable["_day"].to_numpy(), unit="D")
    lookup = policies.assign(starts_on=pd.to_datetime(policies["starts_on"]), ends_on=pd.to_datetime(policies["ends_on"]))
    merged = (pd.DataFrame({"incident_id": claimable["id"].to_numpy(), "vehicle_id": claimable["vehicle_id"].to_numpy(),
                            "occurred": occurred, "claimed": claimable["estimated_cost_centavos"].to_numpy()})
              .merge(lookup[["id", "vehicle_id", "starts_on", "ends_on"]], on="vehicle_id"))
    merged = merged[(merged["occurred"] >= merged["starts_on"]) & (merged["occurred"] < merged["ends_on"])]
    n = len(merged)
    filed = merged["occurred"] + pd.to_timedelta(rng.integers(1, 6, n), unit="D")
    age_days = (pd.Timestamp(cal.end) - filed).dt.days.to_numpy()
    status = np.where(age_days > 45, np.where(rng.random(n) < 0.9, "paid", "rejected"),
                      np.where(age_days > 15, "approved", "filed"))
    claimed = merged["claimed"].to_numpy()
    paid = np.where(status == "paid", np.round(claimed * (1 - DEDUCTIBLE_SHARE) / 100) * 100, 0).astype(np.int64)
    closed = pd.Series(filed + pd.to_timedelta(rng.integers(20, 45, n), unit="D")).where(
        np.isin(status, ["paid", "rejected"]), pd.NaT)
    claims = pd.DataFrame({
        "policy_id": merged["id"].to_numpy(), "incident_id": merged["incident_id"].to_numpy(),
        "filed_on": filed.to_numpy().astype("datetime64[D]"), "status": status, "claimed_centavos": claimed,
        "paid_centavos": paid, "closed_on": closed.to_numpy().astype("datetime64[D]"),
    })
    claims = claims[(age_days >= 0)].reset_index(drop=True)  # not filed yet by the data's last day
    claims.insert(0, "id", np.arange(1, len(claims) + 1))
    return policies, claims
