"""The executive summary: one call returns every home-page KPI for a period and
product, from the weekly rollup plus a few as-of queries (all aggregated in SQL)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Connection, Engine, and_, func, or_, select

from lafa_core.kpis.economics import Contribution, contribution
from lafa_core.kpis.portfolio import PortfolioSnapshot, portfolio_snapshot
from lafa_core.reference import load_reference
from lafa_core.tables import Contract, InsurancePolicy, KpiWeek, Product, TelemetryDaily, Vehicle

PRODUCTS = (Product.DAE.value, Product.LTO.value)
PERIOD_WEEKS = (4, 13, 26, 52)


@dataclass(frozen=True)
class Period:
    """Whole payroll weeks, Monday to Sunday."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @classmethod
    def last_weeks(cls, as_of: date, weeks: int) -> "Period":
        """`weeks` whole weeks ending on the last Sunday on or before `as_of`."""
        end = as_of - timedelta(days=(as_of.weekday() + 1) % 7)
        return cls(end - timedelta(days=7 * weeks - 1), end)


@dataclass(frozen=True)
class MilestoneProgress:
    fleet: int
    name: str
    reached: bool
    needs: tuple[str, ...]  # roadmap projects the milestone depends on


@dataclass(frozen=True)
class ExecutiveSummary:
    period: Period
    product: str | None  # None = all products
    active_fleet: int
    utilization: float | None
    revenue_centavos: int
    revenue_by_source: dict[str, int]
    contributions: list[Contribution]
    on_time_rate: float | None
    portfolio: PortfolioSnapshot | None  # None for DaE: no lease portfolio
    default_rate: float | None
    average_soh: float | None
    vehicles_below_soh_alert: int  # SOH under the strategy's alert threshold on the last day
    milestones: list[MilestoneProgress]
    weekly: pd.DataFrame  # one row per week of the period: the trend charts

    @property
    def par30(self) -> float | None:
        return None if self.portfolio is None else self.portfolio.par30

    @property
    def next_milestone(self) -> MilestoneProgress | None:
        return next((m for m in self.milestones if not m.reached), None)


def data_as_of(engine: Engine) -> date | None:
    """The last day with telemetry: the company's 'today' for every period."""
    with engine.connect() as conn:
        value = conn.execute(select(func.max(TelemetryDaily.day))).scalar()
    if value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _active_on(day: date):
    return and_(Contract.start_on <= day, or_(Contract.end_on.is_(None), Contract.end_on > day))


def active_fleet(conn: Connection, day: date, product: str | None = None) -> int:
    """Vehicles in service on `day`; with a product, those on an active contract of it."""
    if product is None:
        query = select(func.count()).select_from(Vehicle).where(
            Vehicle.in_service_on <= day, or_(Vehicle.retired_on.is_(None), Vehicle.retired_on > day))
    else:
        query = select(func.count(func.distinct(Contract.vehicle_id))).where(_active_on(day), Contract.product == product)
    return int(conn.execute(query).scalar() or 0)


def _average_soh(conn: Connection, day: date, product: str | None) -> float | None:
    query = select(func.avg(TelemetryDaily.soh_pct)).where(TelemetryDaily.day == day)
    if product is not None:
        query = query.join(Contract, and_(Contract.vehicle_id == TelemetryDaily.vehicle_id, _active_on(day),
                                          Contract.product == product))
    value = conn.execute(query).scalar()
    return None if value is None else round(float(value), 2)


def _vehicles_below_soh(conn: Connection, day: date, product: str | None, threshold_pct: float) -> int:
    query = select(func.count()).select_from(TelemetryDaily).where(TelemetryDaily.day == day,
                                                                   TelemetryDaily.soh_pct < threshold_pct)
    if product is not None:
        query = query.join(Contract, and_(Contract.vehicle_id == TelemetryDaily.vehicle_id, _active_on(day),
                                          Contract.product == product))
    return int(conn.execute(query).scalar() or 0)


def _monthly_insurance_centavos(conn: Connection, day: date) -> int:
    premium = conn.execute(select(func.avg(InsurancePolicy.premium_centavos)).where(
        InsurancePolicy.starts_on <= day, InsurancePolicy.ends_on > day)).scalar()
    return 0 if premium is None else int(round(float(premium) / 12))


def _weekly_rows(conn: Connection, period: Period) -> pd.DataFrame:
    result = conn.execute(select(KpiWeek).where(KpiWeek.week_start >= period.start, KpiWeek.week_start <= period.end))
    frame = pd.DataFrame(result.mappings().all(), columns=[c.name for c in KpiWeek.__table__.columns])
    frame["week_start"] = pd.to_datetime(frame["week_start"]).dt.date
    return frame


def _ratio(numerator, denominator) -> float | None:
    return float(numerator) / float(denominator) if denominator else None


def _weekly_trend(rows: pd.DataFrame, product: str | None) -> pd.DataFrame:
    chosen = rows if product is None else rows[rows["product"] == product]
    lto = rows[rows["product"] == Product.LTO.value].set_index("week_start")
    by_week = chosen.groupby("week_start").sum(numeric_only=True)
    revenue = by_week["billed_centavos"] + by_week["lease_collected_centavos"]
    revenue += chosen[chosen["product"] == Product.LTO.value].groupby("week_start")["charging_price_centavos"].sum().reindex(by_week.index, fill_value=0)
    trend = pd.DataFrame({
        "week_start": by_week.index,
        "fleet": (by_week["vehicle_days"] / 7).round(1).to_numpy(),
        "utilization": (by_week["driven_days"] / by_week["vehicle_days"].where(by_week["vehicle_days"] > 0)).to_numpy(),
        "revenue_centavos": revenue.astype("int64").to_numpy(),
        "average_soh": (by_week["soh_sum"] / by_week["soh_days"].where(by_week["soh_days"] > 0)).round(2).to_numpy(),
    })
    if product != Product.DAE.value:
        lto = lto.reindex(by_week.index)
        trend["on_time_rate"] = (lto["installments_on_time"] / lto["installments_due"].where(lto["installments_due"] > 0)).to_numpy()
        trend["par30"] = (lto["par30_balance_centavos"] / lto["portfolio_balance_centavos"].where(lto["portfolio_balance_centavos"] > 0)).to_numpy()
        trend["defaults"] = lto["contracts_defaulted"].fillna(0).astype("int64").to_numpy()
    return trend.reset_index(drop=True)


def _contributions(rows: pd.DataFrame, product: str | None, monthly_insurance: int) -> list[Contribution]:
    business = load_reference("business")
    figures = []
    for name in PRODUCTS if product is None else (product,):
        r = rows[rows["product"] == name].sum(numeric_only=True)
        if name == Product.DAE.value:
            revenue = int(r.get("billed_centavos", 0))
        else:
            revenue = int(r.get("lease_collected_centavos", 0)) + int(r.get("charging_price_centavos", 0))
        costs = int(r.get("charging_cost_centavos", 0)) + int(r.get("maintenance_cost_centavos", 0))
        figures.append(contribution(business, name, int(r.get("vehicle_days", 0)), revenue, costs, monthly_insurance))
    return figures


def _milestones(active_fleet: int) -> list[MilestoneProgress]:
    roadmap = load_reference("roadmap")
    return [MilestoneProgress(int(m["fleet"]), m["name"], active_fleet >= int(m["fleet"]), tuple(m.get("needs", ())))
            for m in roadmap["milestones"]]


def executive_summary(engine: Engine, period: Period, product: str | None = None) -> ExecutiveSummary:
    if product is not None and product not in PRODUCTS:
        raise ValueError(f"product must be one of {PRODUCTS} or None, got {product!r}")
    with engine.connect() as conn:
        rows = _weekly_rows(conn, period)
        fleet = active_fleet(conn, period.end, product)
        all_fleet = fleet if product is None else active_fleet(conn, period.end, None)
        average_soh = _average_soh(conn, period.end, product)
        soh_alert_pct = 100 * float(load_reference("business")["battery"]["alerts"]["soh_below"])
        below_soh = _vehicles_below_soh(conn, period.end, product, soh_alert_pct)
        monthly_insurance = _monthly_insurance_centavos(conn, period.end)
        portfolio = None if product == Product.DAE.value else portfolio_snapshot(conn, period.end)
    chosen = rows if product is None else rows[rows["product"] == product]
    totals = chosen.sum(numeric_only=True)
    lto_totals = rows[rows["product"] == Product.LTO.value].sum(numeric_only=True)
    revenue_by_source = {
        "dae_billing": int(totals.get("billed_centavos", 0)),
        "lto_lease": int(totals.get("lease_collected_centavos", 0)),
        "lto_charging": int(chosen.loc[chosen["product"] == Product.LTO.value, "charging_price_centavos"].sum()),
    }
    show_lto = product != Product.DAE.value
    return ExecutiveSummary(
        period=period, product=product, active_fleet=fleet,
        utilization=_ratio(totals.get("driven_days", 0), totals.get("vehicle_days", 0)),
        revenue_centavos=sum(revenue_by_source.values()), revenue_by_source=revenue_by_source,
        contributions=_contributions(rows, product, monthly_insurance),
        on_time_rate=_ratio(lto_totals.get("installments_on_time", 0), lto_totals.get("installments_due", 0)) if show_lto else None,
        portfolio=portfolio,
        default_rate=(_ratio(lto_totals.get("contracts_defaulted", 0) * 365, lto_totals.get("vehicle_days", 0))
                      if show_lto else None),
        average_soh=average_soh, vehicles_below_soh_alert=below_soh,
        milestones=_milestones(all_fleet),
        weekly=_weekly_trend(rows, product) if not rows.empty else pd.DataFrame(),
    )
