"""Executive KPIs: definitions, the weekly rollup, and the summary service."""
from lafa_core.kpis.definitions import DPD_BUCKETS, KPIS, PAR_DAYS, dpd_bucket
from lafa_core.kpis.portfolio import PortfolioSnapshot, portfolio_snapshot
from lafa_core.kpis.rollup import refresh_weekly_rollup
from lafa_core.kpis.service import PERIOD_WEEKS, ExecutiveSummary, Period, data_as_of, executive_summary

__all__ = ["DPD_BUCKETS", "KPIS", "PAR_DAYS", "PERIOD_WEEKS", "ExecutiveSummary", "Period", "PortfolioSnapshot",
           "data_as_of", "dpd_bucket", "executive_summary", "portfolio_snapshot", "refresh_weekly_rollup"]
