"""Shift dispatch's reads and writes (`(*, session)`): a depot's drivers and vehicles for a day with
their workshop and insurance state worked out in SQL, the shifts already booked around it, the
depot's shifts of a day, and the shift rows dispatch writes (conditional updates for check-in and
check-out, so a double click changes a shift once)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Iterable

from sqlalchemy import and_, exists, func, insert, or_, select, update
from sqlalchemy.orm import Session

from lafa_core.ledger.sql import active_on, in_service_on, in_workshop_on, insured_on
from lafa_core.tables import (
    Contract, ContractKind, Depot, Driver, DriverStatus, InsurancePolicy, MaintenanceRecord, Product, Shift,
    Vehicle, VehicleStatus,
)

C = Contract.__table__
S = Shift.__table__
OUT_OF_FLEET = (VehicleStatus.RECOVERY.value, VehicleStatus.RETIRED.value)
DEPOT_COLUMNS = ("id", "code", "name", "zone")


def depots(*, session: Session) -> list[dict]:
    rows = session.execute(select(Depot.id, Depot.code, Depot.name, Depot.zone).order_by(Depot.code)).all()
    return [dict(zip(DEPOT_COLUMNS, row)) for row in rows]


def depot(*, session: Session, depot_id: int) -> dict | None:
    row = session.execute(select(Depot.id, Depot.code, Depot.name, Depot.zone).where(Depot.id == depot_id)).first()
    return None if row is None else dict(zip(DEPOT_COLUMNS, row))


def _employment(day):
    return and_(C.c.product == Product.DAE.value, C.c.kind == ContractKind.EMPLOYMENT.value, active_on(C, day))


def depot_drivers(*, session: Session, depot_id: int, day: date) -> list[dict]:
    """DaE drivers employed on `day` (an employment contract running that day) whose contract's
    vehicle is homed at the depot, active and licensed: driver_id, code, full_name, zone, own_vehicle_id."""
    rows = session.execute(
        select(Driver.id, Driver.code, Driver.full_name, Driver.zone, func.min(C.c.vehicle_id))
        .join(C, C.c.driver_id == Driver.id).join(Vehicle, Vehicle.id == C.c.vehicle_id)
        .where(_employment(day), Vehicle.depot_id == depot_id, Driver.status == DriverStatus.ACTIVE.value,
               Driver.has_valid_licence.is_(True))
        .group_by(Driver.id, Driver.code, Driver.full_name, Driver.zone).order_by(Driver.code)).all()
    return [{"driver_id": r[0], "code": r[1], "full_name": r[2], "zone": r[3], "own_vehicle_id": r[4]} for r in rows]


def employed_drivers(*, session: Session, driver_ids: Iterable[int], day: date) -> set[int]:
    """Those of the drivers employed as DaE drivers on `day`, active and licensed."""
    ids = sorted(set(driver_ids))
    if not ids:
        return set()
    rows = session.execute(select(Driver.id).join(C, C.c.driver_id == Driver.id)
                           .where(Driver.id.in_(ids), _employment(day), Driver.status == DriverStatus.ACTIVE.value,
                                  Driver.has_valid_licence.is_(True)).distinct())
    return {int(r[0]) for r in rows}


def _vehicle_columns(day):
    workshop = exists().where(MaintenanceRecord.vehicle_id == Vehicle.id,
                              in_workshop_on(MaintenanceRecord.__table__, day))
    insured = exists().where(InsurancePolicy.vehicle_id == Vehicle.id, insured_on(InsurancePolicy.__table__, day))
    return (Vehicle.id, Vehicle.plate, Vehicle.oem, Vehicle.model,
            or_(workshop, Vehicle.status == VehicleStatus.MAINTENANCE.value).label("in_workshop"),
            insured.label("insured"))


def _vehicle_rows(result) -> list[dict]:
    return [{"vehicle_id": r[0], "plate": r[1], "model": f"{r[2]} {r[3]}", "in_workshop": bool(r[4]),
             "insured": bool(r[5])} for r in result]


def depot_vehicles(*, session: Session, depot_id: int, day: date) -> list[dict]:
    """The depot's vehicles that could drive a DaE shift on `day`: homed there, in service and not
    retired that day, not being recovered, not on a lease running that day; with whether they are in
    the workshop (an open maintenance record that day, or their current status) and insured that day."""
    leased = select(C.c.vehicle_id).where(active_on(C, day), C.c.product == Product.LTO.value)
    return _vehicle_rows(session.execute(
        select(*_vehicle_columns(day))
        .where(Vehicle.depot_id == depot_id, in_service_on(Vehicle.__table__, day), Vehicle.status.not_in(OUT_OF_FLEET),
               Vehicle.id.not_in(leased))
        .order_by(Vehicle.plate)))


def vehicle_facts(*, session: Session, vehicle_ids: Iterable[int], day: date) -> list[dict]:
    """The same facts for given vehicles."""
    ids = sorted(set(vehicle_ids))
    if not ids:
        return []
    return _vehicle_rows(session.execute(select(*_vehicle_columns(day)).where(Vehicle.id.in_(ids))))


def lock_people_and_cars(*, session: Session, driver_ids: Iterable[int], vehicle_ids: Iterable[int]) -> None:
    """Hold the drivers' and vehicles' rows (in id order) until the transaction ends, so two
    dispatchers confirming the same driver or car queue up on PostgreSQL, the second then seeing the
    first one's shifts. SQLite writes one transaction at a time and ignores it."""
    if drivers := sorted(set(driver_ids)):
        session.execute(select(Driver.id).where(Driver.id.in_(drivers)).order_by(Driver.id).with_for_update()).all()
    if vehicles := sorted(set(vehicle_ids)):
        session.execute(select(Vehicle.id).where(Vehicle.id.in_(vehicles)).order_by(Vehicle.id)
                        .with_for_update()).all()


def booked_shifts(*, session: Session, since: datetime, until: datetime, depot_id: int | None = None,
                  driver_ids: Iterable[int] = (), vehicle_ids: Iterable[int] = ()) -> list[tuple]:
    """(id, driver_id, vehicle_id, starts_at, ends_at) of the shifts starting from `since` to before
    `until` of the given drivers or vehicles, or (with `depot_id`) of the depot's drivers and vehicles."""
    who = []
    if depot_id is not None:
        vehicles = select(Vehicle.id).where(Vehicle.depot_id == depot_id)
        drivers = select(C.c.driver_id).where(C.c.product == Product.DAE.value, C.c.vehicle_id.in_(vehicles))
        who += [S.c.vehicle_id.in_(vehicles), S.c.driver_id.in_(drivers), S.c.depot_id == depot_id]
    if driver_ids := sorted(set(driver_ids)):
        who.append(S.c.driver_id.in_(driver_ids))
    if vehicle_ids := sorted(set(vehicle_ids)):
        who.append(S.c.vehicle_id.in_(vehicle_ids))
    if not who:
        return []
    rows = session.execute(select(S.c.id, S.c.driver_id, S.c.vehicle_id, S.c.starts_at, S.c.ends_at)
                           .where(S.c.starts_at >= since, S.c.starts_at < until, or_(*who)))
    return [tuple(r) for r in rows]


SHIFT_COLUMNS = ("shift_id", "driver_id", "full_name", "vehicle_id", "plate", "work_date", "starts_at", "ends_at",
                 "status", "source", "checked_in_at", "checked_out_at")


def depot_shifts(*, session: Session, depot_id: int, day: date) -> list[dict]:
    """The depot's shifts of `day`, by start then driver, with the driver's name and the plate."""
    rows = session.execute(
        select(S.c.id, S.c.driver_id, Driver.full_name, S.c.vehicle_id, Vehicle.plate, S.c.work_date, S.c.starts_at,
               S.c.ends_at, S.c.status, S.c.source, S.c.checked_in_at, S.c.checked_out_at)
        .join(Driver, Driver.id == S.c.driver_id).outerjoin(Vehicle, Vehicle.id == S.c.vehicle_id)
        .where(S.c.depot_id == depot_id, S.c.work_date == day).order_by(S.c.starts_at, Driver.code))
    return [dict(zip(SHIFT_COLUMNS, r)) for r in rows]


def version(*, session: Session, depot_id: int, days: Iterable[date]) -> tuple:
    """What changes whenever the depot's shifts of these days do (the page's cache key)."""
    row = session.execute(select(func.count(), func.max(S.c.id), func.max(S.c.checked_in_at),
                                 func.max(S.c.checked_out_at), func.count(S.c.checked_in_at))
                          .where(S.c.depot_id == depot_id, S.c.work_date.in_(sorted(set(days))))).one()
    return tuple(str(v) for v in row)


def add_shifts(*, session: Session, rows: list[dict]) -> list[int]:
    """Insert shift rows; their ids, in order."""
    ids = []
    for row in rows:
        ids.append(int(session.execute(insert(S).values(**row).returning(S.c.id)).scalar_one()))
    return ids


def shift(*, session: Session, shift_id: int) -> dict | None:
    row = session.execute(select(S.c.id, S.c.driver_id, S.c.vehicle_id, S.c.depot_id, S.c.work_date, S.c.starts_at,
                                 S.c.ends_at, S.c.status, S.c.checked_in_at).where(S.c.id == shift_id)).first()
    return None if row is None else dict(row._mapping)


def move_shift(*, session: Session, shift_id: int, from_status: str, **values) -> bool:
    """Change a shift only if it still is in `from_status`; False when someone changed it first."""
    result = session.execute(update(S).where(S.c.id == shift_id, S.c.status == from_status).values(**values))
    return result.rowcount == 1
