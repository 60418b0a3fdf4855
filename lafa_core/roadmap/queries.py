"""The measurements the roadmap's assumptions are checked against: SQL aggregates
over the operational tables, each returning one figure (or None without data)."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select, text
from sqlmodel import Session

from lafa_core.kpis.portfolio import portfolio_snapshot
from lafa_core.kpis.service import active_fleet
from lafa_core.sql_dates import date_param_sql, days_between_sql
from lafa_core.tables import ChargingSession, Driver, DriverStatus, Installment, Product, TelemetryDaily

DAYS_PER_YEAR = Decimal(365)
DAYS_PER_MONTH = DAYS_PER_YEAR / 12


def as_of_day(*, session: Session, today: date | None = None) -> date | None:
    """The last day the data describes (not the wall clock): the newest telemetry
    day, else the newest installment already due, else the newest charging day."""
    today = today or date.today()
    for query in (
        select(func.max(TelemetryDaily.day)),
        select(func.max(Installment.due_on)).where(Installment.due_on <= today),
        select(func.max(ChargingSession.charge_date)),
    ):
        day = session.execute(query).scalar()
        if day is not None:
            return day
    return None


def fleet_in_service(*, session: Session, as_of: date) -> int:
    """Vehicles in service on `as_of`: the executive KPI's active fleet."""
    return active_fleet(session.connection(), as_of)


def lto_default_rate(*, session: Session, as_of: date, window_days: int = 365) -> Decimal | None:
    """LTO defaults per contract-year over the trailing window: defaults in the window
    over the days each lease was running inside it."""
    dialect = session.get_bind().dialect.name
    as_of_sql, start_sql = date_param_sql("as_of", dialect), date_param_sql("start", dialect)
    stopped = f"COALESCE(defaulted_on, end_on, {as_of_sql})"
    running_to = f"CASE WHEN {stopped} < {as_of_sql} THEN {stopped} ELSE {as_of_sql} END"
    running_from = f"CASE WHEN start_on > {start_sql} THEN start_on ELSE {start_sql} END"
    defaults, exposure_days = session.execute(text(f"""
        SELECT SUM(CASE WHEN defaulted_on > {start_sql} AND defaulted_on <= {as_of_sql} THEN 1 ELSE 0 END),
               SUM({days_between_sql(running_to, running_from, dialect)})
        FROM contract
        WHERE product = :lto AND start_on <= {as_of_sql} AND {stopped} > {start_sql}
    """), {"as_of": as_of, "start": as_of - timedelta(days=window_days), "lto": Product.LTO.value}).one()
    if not exposure_days:
        return None
    return Decimal(defaults) * DAYS_PER_YEAR / Decimal(exposure_days)


def average_days_past_due(*, session: Session, as_of: date) -> tuple[Decimal | None, int]:
    """Average days past due of the running leases behind on `as_of`, counted from
    each one's oldest unpaid installment; and how many leases are behind."""
    snapshot = portfolio_snapshot(session.connection(), as_of)
    behind = snapshot.contracts_behind
    if not behind:
        return None, 0
    return Decimal(snapshot.days_past_due_total) / Decimal(behind), behind


def dae_charging_cost_per_vehicle_week(*, session: Session, as_of: date, weeks: int = 4) -> Decimal | None:
    """What the company paid CFE per DaE vehicle per week over the trailing weeks (pesos)."""
    first = as_of - timedelta(days=7 * weeks - 1)
    dae = ChargingSession.product == Product.DAE.value
    cost, vehicles = session.execute(
        select(func.sum(ChargingSession.cost_centavos), func.count(func.distinct(ChargingSession.vehicle_id)))
        .where(dae, ChargingSession.charge_date >= first, ChargingSession.charge_date <= as_of)
    ).one()
    if not vehicles:
        return None
    first_seen = session.execute(select(func.min(ChargingSession.charge_date)).where(dae)).scalar_one()
    # A younger history than the window: divide by the weeks actually covered.
    days = Decimal((as_of - max(first, first_seen)).days + 1)
    return Decimal(cost) / 100 / Decimal(vehicles) / (days / 7)


def onboardings_per_month(*, session: Session, as_of: date, days: int = 91) -> Decimal:
    """Drivers who joined over the trailing `days` (applicants not counted), per month."""
    first = as_of - timedelta(days=days - 1)
    joined = session.execute(select(func.count()).select_from(Driver).where(
        Driver.joined_on >= first, Driver.joined_on <= as_of, Driver.status != DriverStatus.APPLICANT.value)
    ).scalar_one()
    return Decimal(joined) / (Decimal(days) / DAYS_PER_MONTH)
