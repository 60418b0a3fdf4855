"""Executive KPIs: definitions, the weekly rollup, and the summary service."""
from lafa_core.clock import Period
from lafa_core.kpis.definitions import KPIS
from lafa_core.kpis.rollup import refresh_weekly_rollup
from lafa_core.kpis.service import PERIOD_WEEKS, ExecutiveSummary, data_as_of, executive_summary

__all__ = ["KPIS", "PERIOD_WEEKS", "ExecutiveSummary", "Period", "data_as_of", "executive_summary",
           "refresh_weekly_rollup"]
