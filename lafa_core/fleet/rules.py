"""Fleet operations rules, pure (no database, no clock): when a service is due, how soon at the
vehicle's pace, workshop downtime, maintenance cost per vehicle-month, resolution time, loss
ratio, and how exact a lessee's car may be placed on a map.

* **Service due** (Fleetio's rule): a preventive service is due at the last service's odometer plus
  the model's interval in km, or at its date plus the interval in months, **whichever comes first**.
  The forecast day of the km limit is today plus the km left over the vehicle's average daily km
  (rounded up); the due day is the earlier of that and the date limit. Overdue once either limit is
  reached; due soon within `DueSoon.km` km or `DueSoon.days` days (data/service_intervals.yaml).
* **Downtime**: a work order keeps its vehicle in the workshop from the day it opens until the day
  it closes, that day excluded (`ledger.sql.in_workshop_on`, the one definition); a still-open one
  until the period's end.
* **Cost per vehicle-month**: work orders' cost opened in the period over the vehicle-months in
  service in it (a month = 365.25 / 12 days), for the strategy's 500–1,000 MXN band.
* **Loss ratio**: claims paid over premiums earned (each policy's premium spread evenly over its days).
* **A vehicle's status follows its contract** (`status_after_contract`): on an active contract it is
  assigned; after a default it is being recovered; after a contract ends otherwise it is back at
  the depot, available. A vehicle in the workshop or retired stays so: that is not the contract's
  to change. The generator and the contracts import both call it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable

from lafa_core.clock import add_months

DAYS_PER_MONTH = 365.25 / 12
# Contract status → the vehicle's status once that contract is its latest (tables' enums' values).
_AFTER_CONTRACT = {"active": "assigned", "defaulted": "recovery", "terminated": "available", "completed": "available"}
_NOT_THE_CONTRACTS = ("maintenance", "retired")  # a workshop visit or a retirement outlasts a contract change
OVERDUE, DUE_SOON, OK = "overdue", "due_soon", "ok"
BY_KM, BY_DATE = "km", "date"


@dataclass(frozen=True)
class Interval:
    km: int
    months: int


@dataclass(frozen=True)
class DueSoon:
    km: int = 500
    days: int = 14


@dataclass(frozen=True)
class ServiceDue:
    due_km: float  # the odometer at which the service is due
    due_by_date: date  # the calendar limit (last service + months)
    km_left: float  # negative once past the km limit
    forecast_km_on: date | None  # the day the km limit is reached at the average pace (None: not driven)
    due_on: date  # the earlier of the two limits
    days_left: int  # from today to `due_on`; negative when overdue
    by: str  # BY_KM or BY_DATE: which limit comes first
    status: str  # OVERDUE, DUE_SOON or OK


def service_due(*, last_km: float, last_on: date, odometer: float, daily_km: float, today: date,
                interval: Interval, soon: DueSoon = DueSoon()) -> ServiceDue:
    """When the next preventive service falls due (module docstring)."""
    due_km = last_km + interval.km
    by_date = add_months(last_on, interval.months)
    km_left = due_km - odometer
    if km_left <= 0:
        forecast = today
    elif daily_km > 0:
        forecast = today + timedelta(days=math.ceil(km_left / daily_km))
    else:
        forecast = None
    if forecast is not None and forecast <= by_date:
        due_on, by = forecast, BY_KM
    else:
        due_on, by = by_date, BY_DATE
    days_left = (due_on - today).days
    if km_left <= 0 or by_date <= today:
        status = OVERDUE
    elif km_left <= soon.km or days_left <= soon.days:
        status = DUE_SOON
    else:
        status = OK
    return ServiceDue(due_km, by_date, km_left, forecast, due_on, days_left, by, status)


def downtime_days(opened_on: date, closed_on: date | None, first: date, last: date) -> int:
    """Days from `first` to `last` (inclusive) the work order keeps the vehicle in the workshop."""
    start = max(opened_on, first)
    end = min(closed_on - timedelta(days=1) if closed_on is not None else last, last)
    return max((end - start).days + 1, 0)


def service_days(in_service_on: date, retired_on: date | None, first: date, last: date) -> int:
    """Days from `first` to `last` (inclusive) the vehicle is in service (retired: that day excluded)."""
    start = max(in_service_on, first)
    end = min(retired_on - timedelta(days=1) if retired_on is not None else last, last)
    return max((end - start).days + 1, 0)


def per_vehicle_month(cost_centavos: int, vehicle_days: int) -> int | None:
    """Centavos per vehicle-month; None without any vehicle-day."""
    if vehicle_days <= 0:
        return None
    return round(cost_centavos * DAYS_PER_MONTH / vehicle_days)


def band_position(value: float | None, low: float, high: float) -> str:
    """"below", "within" or "above" the strategy's band (both ends within); "none" without a value."""
    if value is None:
        return "none"
    return "below" if value < low else "above" if value > high else "within"


def resolution_hours(occurred_at: datetime, resolved_at: datetime | None) -> float | None:
    if resolved_at is None:
        return None
    return (resolved_at - occurred_at).total_seconds() / 3600


def earned_premium(premium_centavos: int, starts_on: date, ends_on: date, first: date, last: date) -> int:
    """The part of a policy's premium earned from `first` to `last` (inclusive): evenly per day covered."""
    days = (ends_on - starts_on).days
    if days <= 0:
        return 0
    covered = max((min(ends_on - timedelta(days=1), last) - max(starts_on, first)).days + 1, 0)
    return round(premium_centavos * covered / days)


def loss_ratio(paid_centavos: int, earned_centavos: int) -> float | None:
    return None if earned_centavos <= 0 else paid_centavos / earned_centavos


@dataclass(frozen=True)
class Zone:
    name: str
    lat: float
    lon: float


def nearest_zone(lat: float, lon: float, zones: Iterable[Zone]) -> Zone:
    """The zone whose centre is nearest (an equirectangular distance is plenty at a city's scale)."""
    scale = math.cos(math.radians(19.4))
    return min(zones, key=lambda z: (z.lat - lat) ** 2 + ((z.lon - lon) * scale) ** 2)


def masked_name(full_name: str | None) -> str:
    """A driver as a role without their personal data sees them: first name and initial ("Ana L.")."""
    if not full_name:
        return "—"
    parts = full_name.split()
    return parts[0] if len(parts) == 1 else f"{parts[0]} {parts[1][0]}."


def status_after_contract(contract_status: str, current: str | None = None) -> str | None:
    """The vehicle's status once a contract in `contract_status` is its latest; None: leave it as
    it is (`current` is in the workshop or retired, or the contract status is unknown)."""
    if current in _NOT_THE_CONTRACTS:
        return None
    return _AFTER_CONTRACT.get(contract_status)
