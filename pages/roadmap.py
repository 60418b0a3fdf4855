"""Roadmap ROI & ecosystem: the strategy's 16 projects, their value by fleet size,
sensitivity, the assumptions against measured data, the ecosystem map and scaling (tabs drawn by
ui_roadmap)."""
from functools import partial

import streamlit as st

import ui
import ui_roadmap
from lafa_core.roadmap import DEFAULT_ENGINEER_MONTHLY_COST_MXN
from lafa_core.users import Page
from ui_cache import roadmap_measured_fleet, roadmap_overview

tr = ui.tr

engine, user = ui.page(Page.ROADMAP)
st.title(tr("roadmap.title"))
st.caption(tr("roadmap.caption"))
left, right = st.columns(2)
database_url = engine.url.render_as_string(hide_password=False)
measured_fleet = roadmap_measured_fleet(database_url)  # start from the fleet we run today
fleet = int(left.number_input(tr("roadmap.fleet_input"), min_value=0, max_value=50_000, value=measured_fleet or 2000,
                              step=50, key="roadmap_fleet"))
engineer_cost = int(right.number_input(tr("roadmap.engineer_cost"), min_value=1_000, max_value=2_000_000,
                                       value=int(DEFAULT_ENGINEER_MONTHLY_COST_MXN), step=5_000,
                                       key="roadmap_engineer_cost"))

overview = roadmap_overview(database_url, fleet, engineer_cost)
download = partial(ui_roadmap.workbook_button, user, database_url, fleet, engineer_cost)

tab_roadmap, tab_roi, tab_sensitivity, tab_measured, tab_ecosystem, tab_scaling = st.tabs([
    tr("roadmap.tab.roadmap"), tr("roadmap.tab.roi"), tr("roadmap.tab.sensitivity"),
    tr("roadmap.tab.measured"), tr("roadmap.tab.ecosystem"), tr("roadmap.tab.scaling"),
])
with tab_roadmap:
    ui_roadmap.roadmap_tab(overview.strategy)
with tab_roi:
    ui_roadmap.roi_tab(overview.strategy, overview.roi, fleet, download)
with tab_sensitivity:
    ui_roadmap.sensitivity_tab(overview, fleet)
with tab_measured:
    ui_roadmap.measured_tab(overview, download)
with tab_ecosystem:
    ui_roadmap.ecosystem_tab(overview)
with tab_scaling:
    ui_roadmap.scaling_tab(overview, fleet)
