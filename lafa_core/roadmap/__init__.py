"""Roadmap ROI and product ecosystem: the strategy as a checkable model fed by measured data.

Public API: `load_strategy`, `compute_roi`, `value_at_fleet`, `sensitivity`,
`milestone_status`, `measure_assumptions`, `roadmap_overview`, `ecosystem`,
`scaling`, `roi_workbook`.
"""
from lafa_core.roadmap.ecosystem import ecosystem, scaling
from lafa_core.roadmap.rules import (
    DEFAULT_ENGINEER_MONTHLY_COST_MXN,
    SCENARIO_FLEETS,
    Range,
    RoadmapError,
    compute_roi,
    engineering_cost,
    milestone_status,
    round_millions,
    sensitivity,
    value_at_fleet,
)
from lafa_core.roadmap.service import Measurements, measure_assumptions, roadmap_overview
from lafa_core.roadmap.strategy import app_coverage, coverage_of, load_strategy
from lafa_core.roadmap.workbook import roi_workbook

__all__ = [
    "DEFAULT_ENGINEER_MONTHLY_COST_MXN", "SCENARIO_FLEETS", "Measurements", "Range", "RoadmapError",
    "app_coverage", "compute_roi", "coverage_of", "ecosystem", "engineering_cost", "load_strategy", "measure_assumptions",
    "milestone_status", "roadmap_overview", "roi_workbook", "round_millions", "scaling", "sensitivity",
    "value_at_fleet",
]
