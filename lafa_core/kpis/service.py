"""The executive summary: one call returns every home-page KPI for a period and
product, from the weekly rollup plus a few as-of queries (all aggregated in SQL)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from lafa_core.clock import Period
from lafa_core.kpis import queries
from lafa_core.kpis.economics import Contribution, contribution
from lafa_core.ledger import PortfolioSnapshot
from lafa_core.ledger import queries as ledger
from lafa_core.reference import load_reference
from lafa_core.roadmap.rules import milestone_status
from lafa_core.roadmap.strategy import load_strategy
from lafa_core.tables import Product
from lafa_core.uow import UnitOfWork

PRODUCTS = (Product.DAE.value, Product.LTO.value)
PERIOD_WEEKS = (4, 13, 26, 52)


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
    company_fleet: int  # both products: what the growth milestones measure
    utilization: float | None
    revenue_centavos: int
    revenue_by_source: dict[str, int]
    contributions: list[Contribution]
    on_time_rate: float | None
    portfolio: PortfolioSnapshot | None  # None for DaE: no lease portfolio
    default_rate: float | None
    average_soh: float | None
    vehicles_below_soh_alert: int  # SOH under the strategy's alert threshold on the last day
    milestones: list[MilestoneProgress]  # judged on the whole company's fleet, whatever the product filter
    weekly: pd.DataFrame  # one row per week of the period: the trend charts

    @property
    def par30(self) -> float | None:
        return None if self.portfolio is None else self.portfolio.par30

    @property
    def next_milestone(self) -> MilestoneProgress | None:
        return next((m for m in self.milestones if not m.reached), None)


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
    """The roadmap's growth milestones, judged by the roadmap's own rule."""
    return [MilestoneProgress(s.milestone.fleet, s.milestone.name, s.reached, s.milestone.needs)
            for s in milestone_status(load_strategy(), active_fleet)]


def data_as_of(uow: UnitOfWork) -> date | None:
    """The data's as-of day (lafa_core.clock): every period ends on or before it."""
    with uow:
        return uow.as_of()


def executive_summary(uow: UnitOfWork, period: Period, product: str | None = None) -> ExecutiveSummary:
    if product is not None and product not in PRODUCTS:
        raise ValueError(f"product must be one of {PRODUCTS} or None, got {product!r}")
    with uow:
        session, day = uow.session, period.end
        rows = queries.weekly_rows(session=session, start=period.start, end=period.end)
        fleet = queries.active_fleet(session=session, day=day, product=product)
        all_fleet = fleet if product is None else queries.active_fleet(session=session, day=day)
        average_soh = queries.average_soh(session=session, day=day, product=product)
        soh_alert_pct = 100 * float(load_reference("business")["battery"]["alerts"]["soh_below"])
        below_soh = queries.vehicles_below_soh(session=session, day=day, product=product, threshold_pct=soh_alert_pct)
        monthly_insurance = queries.monthly_insurance_centavos(session=session, day=day)
        show_lto = product != Product.DAE.value
        portfolio = ledger.portfolio_snapshot(session=session, as_of=day) if show_lto else None
        rate = queries.lto_default_rate(session=session, start=period.start - timedelta(days=1), end=day)
        default_rate = float(rate) if show_lto and rate is not None else None
    chosen = rows if product is None else rows[rows["product"] == product]
    totals = chosen.sum(numeric_only=True)
    lto_totals = rows[rows["product"] == Product.LTO.value].sum(numeric_only=True)
    revenue_by_source = {
        "dae_billing": int(totals.get("billed_centavos", 0)),
        "lto_lease": int(totals.get("lease_collected_centavos", 0)),
        "lto_charging": int(chosen.loc[chosen["product"] == Product.LTO.value, "charging_price_centavos"].sum()),
    }
    return ExecutiveSummary(
        period=period, product=product, active_fleet=fleet, company_fleet=all_fleet,
        utilization=_ratio(totals.get("driven_days", 0), totals.get("vehicle_days", 0)),
        revenue_centavos=sum(revenue_by_source.values()), revenue_by_source=revenue_by_source,
        contributions=_contributions(rows, product, monthly_insurance),
        on_time_rate=_ratio(lto_totals.get("installments_on_time", 0), lto_totals.get("installments_due", 0)) if show_lto else None,
        portfolio=portfolio, default_rate=default_rate,
        average_soh=average_soh, vehicles_below_soh_alert=below_soh,
        milestones=_milestones(all_fleet),
        weekly=_weekly_trend(rows, product) if not rows.empty else pd.DataFrame(),
    )


def bucket_contracts(uow: UnitOfWork, as_of: date, bucket: str):
    """The LTO leases behind one days-past-due bucket of the home page's portfolio on `as_of`: the
    drill-down from a bucket's count to its contracts."""
    with uow:
        return ledger.bucket_contracts(session=uow.session, as_of=as_of, bucket=bucket)
