"""The payroll capability's reads and writes (`(*, session)`): who is employed in a week, the
minutes they worked (shifts: check-in to check-out), what DiDi billed (trips), and the versioned
payroll runs with their payslips."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from lafa_core.ledger.sql import active_during
from lafa_core.tables import (
    Contract, ContractKind, Driver, PayrollRun, PayrollRunStatus, Payslip, Product, Shift, ShiftStatus, Trip,
)


def employees(*, session: Session, monday: date, sunday: date) -> list[dict]:
    """DaE employees whose employment runs on some day of the week, with the day their employment
    began (their first DaE employment contract) for the first-week rules."""
    started = (select(Contract.driver_id, func.min(Contract.start_on).label("employed_since"))
               .where(Contract.product == Product.DAE.value, Contract.kind == ContractKind.EMPLOYMENT.value)
               .group_by(Contract.driver_id).subquery())
    on_payroll = (select(Contract.driver_id).where(
        Contract.product == Product.DAE.value, Contract.kind == ContractKind.EMPLOYMENT.value,
        active_during(Contract.__table__, monday, sunday)).distinct().subquery())
    rows = session.execute(
        select(Driver.id, Driver.code, Driver.full_name, started.c.employed_since)
        .join(on_payroll, on_payroll.c.driver_id == Driver.id)
        .join(started, started.c.driver_id == Driver.id)
        .order_by(Driver.code)).all()
    return [{"driver_id": r.id, "code": r.code, "full_name": r.full_name, "employed_since": r.employed_since}
            for r in rows]


def shift_spans(*, session: Session, opens_at: datetime, closes_at: datetime) -> list[tuple[int, datetime, datetime]]:
    """(driver, check-in, check-out) of every worked shift whose check-in falls in [opens_at, closes_at)
    (a shift confirmed on the dispatch board counts once its driver has checked out)."""
    return [tuple(r) for r in session.execute(
        select(Shift.driver_id, Shift.starts_at, Shift.ends_at)
        .where(Shift.starts_at >= opens_at, Shift.starts_at < closes_at,
               Shift.status == ShiftStatus.WORKED.value)).all()]


def trip_totals(*, session: Session, opens_at: datetime, closes_at: datetime) -> dict[int, tuple[int, int, int]]:
    """driver → (trips, billed centavos, tips centavos) for trips starting in [opens_at, closes_at)."""
    rows = session.execute(
        select(Trip.driver_id, func.count(), func.coalesce(func.sum(Trip.fare_centavos), 0),
               func.coalesce(func.sum(Trip.tip_centavos), 0))
        .where(Trip.started_at >= opens_at, Trip.started_at < closes_at)
        .group_by(Trip.driver_id)).all()
    return {int(d): (int(n), int(billed), int(tips)) for d, n, billed, tips in rows}


def latest_trip_start(*, session: Session) -> datetime | None:
    """When the newest imported trip started (the newest payroll week with billing)."""
    return session.execute(select(func.max(Trip.started_at))).scalar()


def runs(*, session: Session, monday: date | None = None) -> list[PayrollRun]:
    """Payroll runs, newest version first (of one week, or of every week)."""
    query = select(PayrollRun).order_by(PayrollRun.week_start.desc(), PayrollRun.version.desc())
    if monday is not None:
        query = query.where(PayrollRun.week_start == monday)
    return list(session.execute(query).scalars())


def latest_run(*, session: Session, monday: date, lock: bool = False) -> PayrollRun | None:
    query = (select(PayrollRun).where(PayrollRun.week_start == monday)
             .order_by(PayrollRun.version.desc()).limit(1))
    if lock:
        query = query.with_for_update()
    return session.execute(query).scalars().first()


def add_run(*, session: Session, **values) -> PayrollRun:
    run = PayrollRun(**values)
    session.add(run)
    session.flush()
    return run


def add_payslips(*, session: Session, run_id: int, rows: list[dict]) -> None:
    if rows:
        session.execute(insert(Payslip), [{"run_id": run_id, **row} for row in rows])


def payslips(*, session: Session, run_id: int) -> list[dict]:
    rows = session.execute(
        select(Payslip, Driver.code, Driver.full_name).join(Driver, Driver.id == Payslip.driver_id)
        .where(Payslip.run_id == run_id).order_by(Driver.code)).all()
    return [{**slip.model_dump(), "code": code, "full_name": name} for slip, code, name in rows]


def close_run(*, session: Session, run: PayrollRun, closed_at: datetime, closed_by: str, drivers: int,
              total_centavos: int) -> None:
    run.status, run.closed_at, run.closed_by = PayrollRunStatus.CLOSED.value, closed_at, closed_by
    run.drivers, run.total_centavos = drivers, total_centavos
    session.add(run)
