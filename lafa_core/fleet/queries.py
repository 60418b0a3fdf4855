"""Fleet operations' reads and writes (`(*, session)`): the fleet in service with its running
contract, each vehicle's latest telemetry (one query: the last known position, SOC, SOH, odometer),
recent km, last preventive service and open work orders, work orders, incidents, policies and
claims; inserts and conditional updates (closing a work order or resolving an incident changes it
once, so a double click or a colleague's click does nothing more)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.orm import Session, aliased

from lafa_core.ledger.queries import lease_days_past_due
from lafa_core.ledger.sql import active_on, in_service_on, in_workshop_on
from lafa_core.tables import (
    ChargingSession, Contract, Depot, Driver, Incident, InsuranceClaim, InsurancePolicy, MaintenanceRecord,
    TelemetryDaily, Vehicle,
)

V, T, M, C = Vehicle.__table__, TelemetryDaily.__table__, MaintenanceRecord.__table__, Contract.__table__
I, P, K = Incident.__table__, InsurancePolicy.__table__, InsuranceClaim.__table__
PREVENTIVE = "preventive"
RECENT_DAYS = 30  # a position or reading older than this is no longer "last known"


def depots(*, session: Session) -> list[dict]:
    rows = session.execute(select(Depot.id, Depot.code, Depot.name, Depot.zone, Depot.lat, Depot.lon)
                           .order_by(Depot.code))
    return [dict(r._mapping) for r in rows]


def fleet(*, session: Session, day: date, vehicle_id: int | None = None) -> list[dict]:
    """Every vehicle in service on `day` (or the one asked for, in service or not), with its depot and
    the contract running that day (product, code, driver), by plate."""
    running = aliased(C)
    query = (select(V.c.id, V.c.plate, V.c.vin, V.c.oem, V.c.model, V.c.status, V.c.battery_kwh, V.c.in_service_on,
                    V.c.retired_on, V.c.odometer_km_at_service_start.label("start_km"), V.c.depot_id,
                    Depot.name.label("depot"), Depot.zone.label("depot_zone"), Depot.lat.label("depot_lat"),
                    Depot.lon.label("depot_lon"), running.c.id.label("contract_id"),
                    running.c.code.label("contract_code"), running.c.product, running.c.start_on.label("contract_start"),
                    running.c.weekly_rate_centavos, Driver.id.label("driver_id"), Driver.code.label("driver_code"),
                    Driver.full_name.label("driver_name"), Driver.phone.label("driver_phone"))
             .join(Depot, Depot.id == V.c.depot_id)
             .outerjoin(running, (running.c.vehicle_id == V.c.id) & active_on(running, day))
             .outerjoin(Driver, Driver.id == running.c.driver_id))
    if vehicle_id is None:
        query = query.where(in_service_on(V, day))
    else:
        query = query.where(V.c.id == vehicle_id)
    seen, found = set(), []
    for r in session.execute(query.order_by(V.c.plate, running.c.start_on.desc())):
        if r.id not in seen:  # two contracts running the same day: the newest
            seen.add(r.id)
            found.append(dict(r._mapping))
    return found


def latest_telemetry(*, session: Session, day: date, vehicle_id: int | None = None) -> dict[int, dict]:
    """Each vehicle's newest telemetry day within RECENT_DAYS up to `day`: day, lat, lon, SOC, SOH,
    odometer (one statement on the (day, vehicle) index)."""
    since = day - timedelta(days=RECENT_DAYS)
    window = and_(T.c.day > since, T.c.day <= day)
    if vehicle_id is not None:
        window = and_(window, T.c.vehicle_id == vehicle_id)
    newest = select(T.c.vehicle_id, func.max(T.c.day).label("day")).where(window).group_by(T.c.vehicle_id).subquery()
    rows = session.execute(select(T.c.vehicle_id, T.c.day, T.c.lat, T.c.lon, T.c.soc_end_pct, T.c.soh_pct,
                                  T.c.odometer_km)
                           .join(newest, (newest.c.vehicle_id == T.c.vehicle_id) & (newest.c.day == T.c.day)))
    return {r.vehicle_id: dict(r._mapping) for r in rows}


def km_driven(*, session: Session, first: date, last: date, vehicle_id: int | None = None) -> dict[int, tuple[float, int]]:
    """Per vehicle (or the one asked for): (km, days with a telemetry reading) from `first` to `last`."""
    query = select(T.c.vehicle_id, func.sum(T.c.km), func.count()).where(T.c.day >= first, T.c.day <= last)
    if vehicle_id is not None:
        query = query.where(T.c.vehicle_id == vehicle_id)
    rows = session.execute(query.group_by(T.c.vehicle_id))
    return {r[0]: (float(r[1] or 0.0), int(r[2])) for r in rows}


def workshop_state(*, session: Session, day: date, vehicle_id: int | None = None) -> dict[int, dict]:
    """Per vehicle with any work order up to `day` (or the one asked for): the last preventive service
    (day, odometer), the highest odometer any work order recorded, and whether one keeps it in the
    workshop on `day`."""
    upto = M.c.opened_on <= day
    if vehicle_id is not None:
        upto = and_(upto, M.c.vehicle_id == vehicle_id)
    rows = session.execute(
        select(M.c.vehicle_id,
               func.max(M.c.opened_on).filter(M.c.kind == PREVENTIVE).label("last_service_on"),
               func.max(M.c.odometer_km).filter(M.c.kind == PREVENTIVE).label("last_service_km"),
               func.max(M.c.odometer_km).label("max_km"),
               func.count().filter(in_workshop_on(M, day)).label("open_orders"))
        .where(upto).group_by(M.c.vehicle_id))
    return {r.vehicle_id: dict(r._mapping) for r in rows}


def lease_dpd(*, session: Session, day: date, contract_id: int | None = None) -> dict[int, int]:
    return lease_days_past_due(session=session, as_of=day, contract_id=contract_id)


def highest_odometer(*, session: Session, vehicle_id: int, day: date) -> float | None:
    """The highest odometer known for the vehicle on or before `day` (telemetry and work orders)."""
    telemetry = session.execute(select(func.max(T.c.odometer_km))
                                .where(T.c.vehicle_id == vehicle_id, T.c.day <= day)).scalar()
    orders = session.execute(select(func.max(M.c.odometer_km))
                             .where(M.c.vehicle_id == vehicle_id, M.c.opened_on <= day)).scalar()
    known = [float(v) for v in (telemetry, orders) if v is not None]
    return max(known) if known else None


ORDER_COLUMNS = (M.c.id, M.c.vehicle_id, V.c.plate, V.c.oem, V.c.model, M.c.opened_on, M.c.closed_on, M.c.kind,
                 M.c.description, M.c.odometer_km, M.c.cost_centavos)


def work_orders(*, session: Session, first: date, last: date, vehicle_id: int | None = None) -> list[dict]:
    """Work orders open at some point from `first` to `last` (still open ones included), newest first."""
    query = (select(*ORDER_COLUMNS).join(V, V.c.id == M.c.vehicle_id)
             .where(M.c.opened_on <= last, or_(M.c.closed_on.is_(None), M.c.closed_on > first)))
    if vehicle_id is not None:
        query = query.where(M.c.vehicle_id == vehicle_id)
    return [dict(r._mapping) for r in session.execute(query.order_by(M.c.opened_on.desc(), M.c.id.desc()))]


def work_order(*, session: Session, order_id: int) -> dict | None:
    row = session.execute(select(*ORDER_COLUMNS).join(V, V.c.id == M.c.vehicle_id).where(M.c.id == order_id)).first()
    return None if row is None else dict(row._mapping)


def vehicle(*, session: Session, vehicle_id: int) -> dict | None:
    row = session.execute(select(V.c.id, V.c.plate, V.c.oem, V.c.model, V.c.in_service_on, V.c.retired_on,
                                 V.c.odometer_km_at_service_start).where(V.c.id == vehicle_id)).first()
    return None if row is None else dict(row._mapping)


def add_work_order(*, session: Session, **values) -> int:
    return int(session.execute(insert(M).values(**values).returning(M.c.id)).scalar_one())


def close_work_order(*, session: Session, order_id: int, closed_on: date, cost_centavos: int,
                     next_service_km: float | None) -> bool:
    """Close an open work order; False when it was already closed (nothing changed)."""
    result = session.execute(update(M).where(M.c.id == order_id, M.c.closed_on.is_(None))
                             .values(closed_on=closed_on, cost_centavos=cost_centavos, next_service_km=next_service_km))
    return result.rowcount == 1


def maintenance_cost(*, session: Session, first: date, last: date) -> dict[int, int]:
    """Per vehicle: the cost of the work orders opened from `first` to `last`."""
    rows = session.execute(select(M.c.vehicle_id, func.sum(M.c.cost_centavos))
                           .where(M.c.opened_on >= first, M.c.opened_on <= last).group_by(M.c.vehicle_id))
    return {r[0]: int(r[1] or 0) for r in rows}


def service_spans(*, session: Session, first: date, last: date) -> list[tuple[int, date, date | None]]:
    """(vehicle, in service on, retired on) of every vehicle in service at some point of the period."""
    rows = session.execute(select(V.c.id, V.c.in_service_on, V.c.retired_on)
                           .where(V.c.in_service_on <= last, or_(V.c.retired_on.is_(None), V.c.retired_on > first)))
    return [tuple(r) for r in rows]


# --- the vehicle's story ---------------------------------------------------------------------
def weekly_readings(*, session: Session, vehicle_id: int, first: date, last: date) -> list[dict]:
    """The vehicle's telemetry days from `first` to `last` (the service sums them by week)."""
    rows = session.execute(select(T.c.day, T.c.km, T.c.soh_pct, T.c.odometer_km)
                           .where(T.c.vehicle_id == vehicle_id, T.c.day >= first, T.c.day <= last).order_by(T.c.day))
    return [dict(r._mapping) for r in rows]


def charged_energy(*, session: Session, vehicle_id: int, first: date, last: date) -> list[tuple[date, float]]:
    rows = session.execute(select(ChargingSession.charge_date, ChargingSession.energy_kwh)
                           .where(ChargingSession.vehicle_id == vehicle_id, ChargingSession.charge_date >= first,
                                  ChargingSession.charge_date <= last))
    return [(r[0], float(r[1])) for r in rows]


INCIDENT_COLUMNS = (I.c.id, I.c.vehicle_id, V.c.plate, I.c.driver_id, Driver.full_name.label("driver_name"),
                    I.c.occurred_at, I.c.kind, I.c.severity, I.c.description, I.c.place, I.c.lat, I.c.lon,
                    I.c.estimated_cost_centavos, I.c.status, I.c.resolved_at)


def incidents(*, session: Session, since: datetime, until: datetime, vehicle_id: int | None = None) -> list[dict]:
    """Incidents from `since` (included) to `until` (excluded), newest first."""
    query = (select(*INCIDENT_COLUMNS).join(V, V.c.id == I.c.vehicle_id).outerjoin(Driver, Driver.id == I.c.driver_id)
             .where(I.c.occurred_at >= since, I.c.occurred_at < until))
    if vehicle_id is not None:
        query = query.where(I.c.vehicle_id == vehicle_id)
    return [dict(r._mapping) for r in session.execute(query.order_by(I.c.occurred_at.desc(), I.c.id.desc()))]


def incident_points(*, session: Session, since: datetime) -> list[tuple[float, float]]:
    """(lat, lon) of every incident since `since`: the map's density layer."""
    return [(float(r[0]), float(r[1])) for r in session.execute(select(I.c.lat, I.c.lon).where(I.c.occurred_at >= since))]


def incident(*, session: Session, incident_id: int) -> dict | None:
    row = session.execute(select(*INCIDENT_COLUMNS).join(V, V.c.id == I.c.vehicle_id)
                          .outerjoin(Driver, Driver.id == I.c.driver_id).where(I.c.id == incident_id)).first()
    return None if row is None else dict(row._mapping)


def add_incident(*, session: Session, **values) -> int:
    return int(session.execute(insert(I).values(**values).returning(I.c.id)).scalar_one())


def resolve_incident(*, session: Session, incident_id: int, resolved_at: datetime) -> bool:
    result = session.execute(update(I).where(I.c.id == incident_id, I.c.status == "open")
                             .values(status="closed", resolved_at=resolved_at))
    return result.rowcount == 1


def driver_exists(*, session: Session, driver_id: int) -> bool:
    return session.execute(select(Driver.id).where(Driver.id == driver_id)).first() is not None


def policies(*, session: Session, vehicle_id: int | None = None, first: date | None = None,
             last: date | None = None) -> list[dict]:
    """Policies (of a vehicle, or overlapping the period), newest first."""
    query = select(P.c.id, P.c.vehicle_id, V.c.plate, P.c.insurer, P.c.policy_number, P.c.starts_on, P.c.ends_on,
                   P.c.premium_centavos, P.c.coverage).join(V, V.c.id == P.c.vehicle_id)
    if vehicle_id is not None:
        query = query.where(P.c.vehicle_id == vehicle_id)
    if first is not None:
        query = query.where(P.c.starts_on <= last, P.c.ends_on > first)
    return [dict(r._mapping) for r in session.execute(query.order_by(P.c.starts_on.desc(), P.c.id.desc()))]


CLAIM_COLUMNS = (K.c.id, K.c.policy_id, P.c.insurer, P.c.policy_number, P.c.vehicle_id, V.c.plate, K.c.incident_id,
                 K.c.filed_on, K.c.status, K.c.claimed_centavos, K.c.paid_centavos, K.c.closed_on)


def claims(*, session: Session, vehicle_id: int | None = None, since: date | None = None) -> list[dict]:
    query = select(*CLAIM_COLUMNS).join(P, P.c.id == K.c.policy_id).join(V, V.c.id == P.c.vehicle_id)
    if vehicle_id is not None:
        query = query.where(P.c.vehicle_id == vehicle_id)
    if since is not None:
        query = query.where(or_(K.c.filed_on >= since, K.c.closed_on.is_(None)))
    return [dict(r._mapping) for r in session.execute(query.order_by(K.c.filed_on.desc(), K.c.id.desc()))]


def claim(*, session: Session, claim_id: int) -> dict | None:
    row = session.execute(select(*CLAIM_COLUMNS).join(P, P.c.id == K.c.policy_id).join(V, V.c.id == P.c.vehicle_id)
                          .where(K.c.id == claim_id)).first()
    return None if row is None else dict(row._mapping)


def claim_for_incident(*, session: Session, incident_id: int) -> int | None:
    return session.execute(select(K.c.id).where(K.c.incident_id == incident_id)).scalar()


def add_claim(*, session: Session, **values) -> int:
    return int(session.execute(insert(K).values(**values).returning(K.c.id)).scalar_one())


def settle_claim(*, session: Session, claim_id: int, from_status: str, **values) -> bool:
    result = session.execute(update(K).where(K.c.id == claim_id, K.c.status == from_status).values(**values))
    return result.rowcount == 1


def version(*, session: Session) -> tuple:
    """What changes whenever a work order, incident or claim is written (the pages' cache key)."""
    parts = []
    for table, stamp in ((M, M.c.closed_on), (I, I.c.resolved_at), (K, K.c.closed_on)):
        row = session.execute(select(func.count(), func.max(table.c.id), func.count(stamp), func.max(stamp))).one()
        parts += [str(v) for v in row]
    rows = session.execute(select(K.c.status, func.count(), func.sum(K.c.paid_centavos)).group_by(K.c.status)
                           .order_by(K.c.status))
    return tuple(parts + [str(tuple(r)) for r in rows])
