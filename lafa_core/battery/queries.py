"""Battery health's reads and writes (`(*, session)`): the window's SOH readings as arrays (the
days counted in SQL), each vehicle's use aggregated in SQL (km, temperatures, deep discharges,
energy charged fast), the product each car serves, the active LTO leases, and the decisions."""
from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
from sqlalchemy import case, func, insert, select
from sqlalchemy.orm import Session

from lafa_core.ledger.sql import active_on, days_between
from lafa_core.tables import (
    BatteryDecision, ChargingSession, Contract, ContractKind, Installment, Product, TelemetryDaily, Vehicle,
)

C = Contract.__table__
T = TelemetryDaily.__table__
D = BatteryDecision.__table__


def _date_param(value: date, dialect: str):
    from sqlalchemy import Date, bindparam, literal

    return literal(value, Date) if dialect == "postgresql" else bindparam(None, value.isoformat())


def soh_readings(*, session: Session, first: date, last: date) -> dict[str, np.ndarray]:
    """Every reading from `first` to `last`: vehicle_id, day (days since `first`), odometer_km, soh_pct."""
    dialect = session.get_bind().dialect.name
    offset = days_between(T.c.day, _date_param(first, dialect), dialect)
    statement = select(T.c.vehicle_id, offset, T.c.odometer_km, T.c.soh_pct).where(T.c.day >= first, T.c.day <= last)
    # Plain numbers only: read straight from the driver's cursor (no Row objects for a year of readings).
    rows = session.execute(statement).cursor.fetchall()
    if not rows:
        return {k: np.zeros(0) for k in ("vehicle_id", "day", "odometer_km", "soh_pct")}
    table = np.array(rows, dtype=float)
    return {"vehicle_id": table[:, 0].astype(np.int64), "day": table[:, 1].astype(np.int64),
            "odometer_km": table[:, 2], "soh_pct": table[:, 3]}


def vehicle_use(*, session: Session, first: date, last: date, deep_soc_pct: float) -> pd.DataFrame:
    """Per vehicle with readings in the window: its facts and its use (days, km, km per driving day
    counted over all days, mean and top daily maximum battery temperature, share of days ending
    below `deep_soc_pct`)."""
    use = (select(T.c.vehicle_id, func.count().label("days"), func.sum(T.c.km).label("km"),
                  func.avg(T.c.max_battery_temp_c).label("temp_mean_c"), func.max(T.c.max_battery_temp_c).label("temp_max_c"),
                  func.avg(case((T.c.soc_end_pct < deep_soc_pct, 1.0), else_=0.0)).label("deep_share"),
                  func.max(T.c.day).label("last_day"))
           .where(T.c.day >= first, T.c.day <= last).group_by(T.c.vehicle_id).subquery())
    statement = (select(Vehicle.id, Vehicle.plate, Vehicle.oem, Vehicle.model, Vehicle.in_service_on,
                        Vehicle.acquisition_cost_centavos, Vehicle.status, use.c.days, use.c.km, use.c.temp_mean_c,
                        use.c.temp_max_c, use.c.deep_share)
                 .join(use, use.c.vehicle_id == Vehicle.id).order_by(Vehicle.id))
    columns = ["vehicle_id", "plate", "oem", "model", "in_service_on", "cost_centavos", "status", "days", "km",
               "temp_mean_c", "temp_max_c", "deep_share"]
    frame = pd.DataFrame(session.execute(statement).all(), columns=columns)
    for name in ("km", "temp_mean_c", "temp_max_c", "deep_share"):
        frame[name] = frame[name].astype(float)
    frame["in_service_on"] = pd.to_datetime(frame["in_service_on"]).dt.date
    return frame


def fast_charge_share(*, session: Session, first: date, last: date, fast_kw: float) -> dict[int, float]:
    """Per vehicle with charging in the window: the share of its energy charged at an average power
    above `fast_kw` (DC fast charging)."""
    dialect = session.get_bind().dialect.name
    S = ChargingSession.__table__
    if dialect == "sqlite":
        hours = (func.julianday(S.c.ended_at) - func.julianday(S.c.started_at)) * 24
    else:
        hours = func.extract("epoch", S.c.ended_at - S.c.started_at) / 3600
    fast = case((S.c.energy_kwh > fast_kw * hours, S.c.energy_kwh), else_=0.0)
    statement = (select(S.c.vehicle_id, func.sum(fast), func.sum(S.c.energy_kwh))
                 .where(S.c.charge_date >= first, S.c.charge_date <= last).group_by(S.c.vehicle_id))
    return {int(v): float(f or 0) / float(total) for v, f, total in session.execute(statement) if total}


def products_on(*, session: Session, day: date) -> dict[int, str]:
    """The product each vehicle serves on `day` (its running contract's), for cars with one."""
    rows = session.execute(select(C.c.vehicle_id, func.max(C.c.product)).where(active_on(C, day))
                           .group_by(C.c.vehicle_id))
    return {int(v): p for v, p in rows}


def active_leases(*, session: Session, day: date) -> pd.DataFrame:
    """LTO leases running on `day`: contract id and code, vehicle, start, term, weekly payment,
    deposit, purchase option and the installments fully paid by `day`."""
    I = Installment.__table__
    paid = (select(I.c.contract_id, func.count().label("paid")).where(I.c.paid_on.is_not(None), I.c.paid_on <= day)
            .group_by(I.c.contract_id).subquery())
    statement = (select(C.c.id, C.c.code, C.c.vehicle_id, C.c.start_on, C.c.term_weeks, C.c.weekly_rate_centavos,
                        C.c.deposit_centavos, C.c.purchase_option_centavos, func.coalesce(paid.c.paid, 0))
                 .outerjoin(paid, paid.c.contract_id == C.c.id)
                 .where(C.c.product == Product.LTO.value, C.c.kind == ContractKind.LEASE.value, active_on(C, day))
                 .order_by(C.c.code))
    columns = ["contract_id", "code", "vehicle_id", "start_on", "term_weeks", "weekly_centavos", "deposit_centavos",
               "option_centavos", "paid"]
    frame = pd.DataFrame(session.execute(statement).all(), columns=columns)
    frame["start_on"] = pd.to_datetime(frame["start_on"]).dt.date
    return frame


def vehicle_readings(*, session: Session, vehicle_id: int, first: date, last: date) -> pd.DataFrame:
    statement = (select(T.c.day, T.c.km, T.c.odometer_km, T.c.soh_pct, T.c.max_battery_temp_c, T.c.soc_end_pct)
                 .where(T.c.vehicle_id == vehicle_id, T.c.day >= first, T.c.day <= last).order_by(T.c.day))
    frame = pd.DataFrame(session.execute(statement).all(),
                         columns=["day", "km", "odometer_km", "soh_pct", "temp_c", "soc_end_pct"])
    frame["day"] = pd.to_datetime(frame["day"]).dt.date
    return frame


def vehicle_exists(*, session: Session, vehicle_id: int) -> bool:
    return session.execute(select(Vehicle.id).where(Vehicle.id == vehicle_id)).first() is not None


def insert_decision(*, session: Session, vehicle_id: int, action: str, decided_at: datetime, decided_by: str,
                    data_day: date, soh_pct: float | None, fade_ratio: float | None, note: str) -> int:
    result = session.execute(insert(D).values(vehicle_id=vehicle_id, action=action, decided_at=decided_at,
                                              decided_by=decided_by, data_day=data_day, soh_pct=soh_pct,
                                              fade_ratio=fade_ratio, note=note).returning(D.c.id))
    return int(result.scalar_one())


def latest_decisions(*, session: Session) -> pd.DataFrame:
    """Each vehicle's newest decision: vehicle_id, action, decided_at, decided_by, note."""
    newest = select(D.c.vehicle_id, func.max(D.c.id).label("id")).group_by(D.c.vehicle_id).subquery()
    statement = (select(D.c.vehicle_id, D.c.action, D.c.decided_at, D.c.decided_by, D.c.note)
                 .join(newest, newest.c.id == D.c.id).order_by(D.c.vehicle_id))
    return pd.DataFrame(session.execute(statement).all(),
                        columns=["vehicle_id", "action", "decided_at", "decided_by", "note"])


__all__ = ["soh_readings", "vehicle_use", "fast_charge_share", "products_on", "active_leases", "vehicle_readings",
           "vehicle_exists", "insert_decision", "latest_decisions"]
