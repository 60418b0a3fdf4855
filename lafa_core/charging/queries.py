"""The depot charging plan's reads: depots, the vehicles that may sleep at a depot on an evening,
their shifts around it, their latest telemetry, and the depot's charging sessions of the month."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from lafa_core.ledger.sql import active_on, in_service_on
from lafa_core.tables import (
    ChargingSession, Contract, Depot, Product, Shift, TelemetryDaily, Vehicle, VehicleStatus,
)

# A vehicle in the workshop, being recovered or retired is not plugged in at the depot tonight.
NOT_CHARGING = (VehicleStatus.MAINTENANCE.value, VehicleStatus.RECOVERY.value, VehicleStatus.RETIRED.value)
DEPOT_COLUMNS = ("id", "code", "name", "charger_count", "charger_kw")


def depots(*, session: Session) -> list[dict]:
    """Every depot (id, code, name, charger_count, charger_kw), by code."""
    rows = session.execute(select(Depot.id, Depot.code, Depot.name, Depot.charger_count, Depot.charger_kw)
                           .order_by(Depot.code)).all()
    return [dict(zip(DEPOT_COLUMNS, row)) for row in rows]


def depot(*, session: Session, depot_id: int) -> dict | None:
    row = session.execute(select(Depot.id, Depot.code, Depot.name, Depot.charger_count, Depot.charger_kw)
                          .where(Depot.id == depot_id)).first()
    return None if row is None else dict(zip(DEPOT_COLUMNS, row))


def night_vehicles(*, session: Session, depot_id: int, evening: date) -> pd.DataFrame:
    """The vehicles that may sleep at the depot on `evening`: homed there or back there from a shift
    that day; in service that day, not retired by then, not in the workshop or recovery (their
    current status), and not on a lease running that day (a lessee's car sleeps at home)."""
    leased = select(Contract.vehicle_id).where(active_on(Contract.__table__, evening),
                                               Contract.product == Product.LTO.value)
    came_back = select(Shift.vehicle_id).where(Shift.work_date == evening, Shift.depot_id == depot_id,
                                               Shift.vehicle_id.is_not(None))
    query = (select(Vehicle.id.label("vehicle_id"), Vehicle.plate, Vehicle.oem, Vehicle.model, Vehicle.battery_kwh,
                    Vehicle.depot_id)
             .where(or_(Vehicle.depot_id == depot_id, Vehicle.id.in_(came_back)),
                    in_service_on(Vehicle.__table__, evening),
                    Vehicle.status.not_in(NOT_CHARGING), Vehicle.id.not_in(leased))
             .order_by(Vehicle.plate))
    rows = session.execute(query).all()
    return pd.DataFrame(rows, columns=["vehicle_id", "plate", "oem", "model", "battery_kwh", "home_depot_id"])


def shifts_around(*, session: Session, depot_id: int, evening: date) -> pd.DataFrame:
    """The shifts with a vehicle worked on `evening` and the next day, by vehicles homed at the
    depot or driven from it (vehicle_id, depot_id, work_date, starts_at, ends_at; local times)."""
    query = (select(Shift.vehicle_id, Shift.depot_id, Shift.work_date, Shift.starts_at, Shift.ends_at)
             .join(Vehicle, Vehicle.id == Shift.vehicle_id)
             .where(Shift.work_date >= evening, Shift.work_date <= evening + timedelta(days=1),
                    or_(Vehicle.depot_id == depot_id, Shift.depot_id == depot_id))
             .order_by(Shift.vehicle_id, Shift.starts_at))
    rows = session.execute(query).all()
    return pd.DataFrame(rows, columns=["vehicle_id", "depot_id", "work_date", "starts_at", "ends_at"])


def latest_telemetry(*, session: Session, vehicle_ids: list[int], evening: date, lookback_days: int) -> pd.DataFrame:
    """Each vehicle's newest daily reading from `lookback_days` before `evening` to `evening`
    (vehicle_id, day, soc_end_pct, soh_pct); vehicles without one are missing."""
    columns = ["vehicle_id", "day", "soc_end_pct", "soh_pct"]
    if not vehicle_ids:
        return pd.DataFrame(columns=columns)
    first = evening - timedelta(days=lookback_days)
    newest = (select(TelemetryDaily.vehicle_id, func.max(TelemetryDaily.day).label("day"))
              .where(TelemetryDaily.day >= first, TelemetryDaily.day <= evening,
                     TelemetryDaily.vehicle_id.in_(vehicle_ids))
              .group_by(TelemetryDaily.vehicle_id).subquery())
    query = (select(TelemetryDaily.vehicle_id, TelemetryDaily.day, TelemetryDaily.soc_end_pct, TelemetryDaily.soh_pct)
             .join(newest, (newest.c.vehicle_id == TelemetryDaily.vehicle_id) & (newest.c.day == TelemetryDaily.day)))
    return pd.DataFrame(session.execute(query).all(), columns=columns)


def depot_sessions(*, session: Session, depot_id: int, since: datetime, until: datetime) -> pd.DataFrame:
    """The depot's charging sessions started from `since` to before `until` (started_at, ended_at,
    energy_kwh; local times). The local charge_date bounds the scan (its index) first."""
    query = (select(ChargingSession.started_at, ChargingSession.ended_at, ChargingSession.energy_kwh)
             .where(ChargingSession.depot_id == depot_id,
                    ChargingSession.charge_date >= since.date(), ChargingSession.charge_date <= until.date(),
                    ChargingSession.started_at >= since, ChargingSession.started_at < until))
    return pd.DataFrame(session.execute(query).all(), columns=["started_at", "ended_at", "energy_kwh"])
