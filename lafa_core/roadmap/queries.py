"""The measurements the roadmap's assumptions are checked against: SQL aggregates
over the operational tables, each returning one figure (or None without data)."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlmodel import Session

from lafa_core.kpis import queries as kpis
from lafa_core.ledger import queries as ledger
from lafa_core.tables import ChargingSession, Driver, DriverStatus, Product

DAYS_PER_YEAR = Decimal(365)
DAYS_PER_MONTH = DAYS_PER_YEAR / 12


def fleet_in_service(*, session: Session, as_of: date) -> int:
    """Vehicles in service on `as_of`: the executive KPI's active fleet."""
    return kpis.active_fleet(session=session, day=as_of)


def lto_default_rate(*, session: Session, as_of: date, window_days: int = 365) -> Decimal | None:
    """The KPI's LTO default rate (defaults per lease-year) over the trailing window."""
    return kpis.lto_default_rate(session=session, start=as_of - timedelta(days=window_days), end=as_of)


def average_days_past_due(*, session: Session, as_of: date) -> tuple[Decimal | None, int]:
    """The LTO book's average days past due on `as_of` (ledger rule), and how many leases are behind."""
    snapshot = ledger.portfolio_snapshot(session=session, as_of=as_of)
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
