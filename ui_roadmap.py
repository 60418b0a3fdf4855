"""The roadmap page's tabs and their formatting, Streamlit side (the page reads top-down: inputs,
the overview from lafa_core.roadmap, one call per tab). The figures come from lafa_core.roadmap."""
from __future__ import annotations

from decimal import Decimal
from fnmatch import fnmatch

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

import ui
from lafa_core.i18n import (
    format_date, format_mxn, format_mxn_millions, format_number, format_percent, milestone_name, project_text,
    strategy_term,
)
from lafa_core.roadmap import coverage_of
from ui_cache import roadmap_workbook

tr = ui.tr
TRACK_COLORS = {"A": "#0B7A75", "B": "#E07A1F", "C": "#5B5EA6"}
STATUS_COLORS = {"covered": "#0B7A75", "partial": "#E0B21F", "gap": "#C8453B"}


def name(project) -> str:
    return project_text(project, "name", ui.lang())


def millions(r) -> str:
    return f"{format_mxn_millions(r.low, centavos=False)} – {format_mxn_millions(r.high, centavos=False)}"


def pesos(r) -> str:
    return "—" if r is None else f"{format_mxn(r.low, centavos=False)} – {format_mxn(r.high, centavos=False)}"


def ratio(r) -> str:
    return "—" if r is None else f"{format_percent(r.low, 0)} – {format_percent(r.high, 0)}"


def months(r) -> str:
    if r is None:
        return "—"
    return f"{format_number(r.low, 1)} – {format_number(r.high, 1) if r.high is not None else '∞'}"


def value_of(key: str, value) -> str:
    """An assumption's figure in its own unit."""
    if value is None:
        return tr("roadmap.not_measured")
    if key in ("lto_default_rate", "smart_charging_savings"):
        return format_percent(value)
    if key == "dae_charging_cost":
        return format_mxn(value, centavos=False)
    return format_number(value, 0 if key == "fleet" else 1)


def range_of(key: str, r) -> str:
    if r is None:
        return "—"
    return value_of(key, r.low) if r.low == r.high else f"{value_of(key, r.low)} – {value_of(key, r.high)}"


def app_status(coverage) -> str:
    """Delivered / partial / in progress, with the pages that deliver it by their titles (not files)."""
    label = tr(f"roadmap.app.{coverage.status}")
    titles = {path: tr(title) for entries in ui.NAVIGATION.values() for path, _, title, _ in entries}
    pages = sorted({titles[path] for pattern in coverage.pages for path in titles if fnmatch(path, pattern)})
    return f"{label} ({', '.join(pages)})" if pages else label


def economics_metrics(economics) -> None:
    cols = st.columns(4)
    cols[0].metric(tr("roadmap.metric.value"), millions(economics.value))
    cols[1].metric(tr("roadmap.metric.cost"), millions(economics.cost))
    cols[2].metric(tr("roadmap.metric.roi"), ratio(economics.roi))
    cols[3].metric(tr("roadmap.metric.payback"), months(economics.payback_months))


def workbook_button(user, database_url: str, fleet: int, engineer_cost: int, label: str, key: str, measured: bool,
                    file_name: str) -> None:
    """The ROI workbook (the strategy's figures or the measured ones), built and audited on download."""
    st.download_button(
        label, help=tr("roadmap.download.help"), key=key, file_name=file_name,
        data=ui.audited(user, "roadmap.workbook_exported", "roi_workbook",
                        lambda: roadmap_workbook(database_url, fleet, engineer_cost, measured, ui.lang()),
                        fleet=fleet, measured=measured),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def roadmap_tab(strategy) -> None:
    """The plan: the projects on a month axis (the foundation first), and their table."""
    st.caption(tr("roadmap.gantt.caption"))
    gantt = go.Figure()
    for track, color in TRACK_COLORS.items():
        projects = [p for p in strategy.projects if p.track == track]
        gantt.add_bar(
            name=tr(f"roadmap.track.{track}"), orientation="h", marker_color=color,
            y=[f"{p.id} {name(p)}" for p in projects], base=[p.first_month - 1 for p in projects],
            x=[p.last_month - p.first_month + 1 for p in projects],
            customdata=[[project_text(p, "user", ui.lang()), f"{p.effort_weeks.low}–{p.effort_weeks.high}",
                         ", ".join(p.depends_on) or "—"]
                        for p in projects],
            hovertemplate="%{y}<br>%{customdata[0]}<br>" + tr("roadmap.col.effort") + ": %{customdata[1]}<br>"
                          + tr("roadmap.col.depends_on") + ": %{customdata[2]}<extra></extra>",
        )
    foundation = strategy.project("P0.1")
    gantt.add_vline(x=foundation.last_month, line_dash="dot", line_color="#1B2B2A",
                    annotation_text=f"{foundation.id} ✓", annotation_position="top")
    gantt.update_layout(barmode="overlay", height=560, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                        xaxis={"title": tr("roadmap.gantt.month"), "range": [0, 14], "dtick": 1},
                        yaxis={"categoryorder": "array", "autorange": "reversed",
                               "categoryarray": [f"{p.id} {name(p)}" for p in strategy.projects]})
    st.plotly_chart(gantt, key="roadmap_gantt")
    st.dataframe(pd.DataFrame([{
        tr("roadmap.col.project"): p.id, tr("roadmap.col.name"): name(p), tr("roadmap.track"): p.track,
        tr("roadmap.col.primary_user"): project_text(p, "user", ui.lang()),
        tr("roadmap.col.months"): f"{p.first_month}–{p.last_month}",
        tr("roadmap.col.effort"): f"{p.effort_weeks.low}–{p.effort_weeks.high}",
        tr("roadmap.col.depends_on"): ", ".join(p.depends_on) or "—",
        tr("roadmap.col.impact_note"): project_text(p, "note", ui.lang()) or "—",
    } for p in strategy.projects]), hide_index=True, key="roadmap_projects")


def roi_tab(strategy, roi, fleet: int, download) -> None:
    """Value, cost, ROI and payback at the fleet size chosen, per project and in total; `download` draws the workbook button."""
    st.caption(tr("roadmap.roi.caption", fleet=format_number(fleet)))
    economics_metrics(roi.total)
    st.caption(tr("roadmap.stated_totals", totals="; ".join(
        f"{format_number(f)}: {millions(r)}" for f, r in sorted(strategy.stated_totals.items()))))
    st.dataframe(pd.DataFrame([{
        tr("roadmap.col.project"): row.project.id, tr("roadmap.col.name"): name(row.project),
        tr("roadmap.track"): row.project.track,
        tr("roadmap.col.value"): pesos(row.economics.value) if row.economics.value else tr("roadmap.enabler"),
        tr("roadmap.col.cost"): pesos(row.economics.cost), tr("roadmap.col.roi"): ratio(row.economics.roi),
        tr("roadmap.col.payback"): months(row.economics.payback_months),
        tr("roadmap.col.per_week"): pesos(row.economics.value_per_engineer_week),
    } for row in roi.projects] + [{
        tr("roadmap.col.project"): tr("roadmap.total"), tr("roadmap.col.name"): "", tr("roadmap.track"): "",
        tr("roadmap.col.value"): pesos(roi.total.value),
        tr("roadmap.col.cost"): pesos(roi.total.cost), tr("roadmap.col.roi"): ratio(roi.total.roi),
        tr("roadmap.col.payback"): months(roi.total.payback_months),
        tr("roadmap.col.per_week"): pesos(roi.total.value_per_engineer_week),
    }]), hide_index=True, key="roadmap_roi_table")
    download(tr("roadmap.download"), "roadmap_download", False, f"lafa_roadmap_roi_{fleet}.xlsx")


def sensitivity_tab(overview, fleet: int) -> None:
    """How much the total value moves with each assumption at the ends of its range."""
    st.caption(tr("roadmap.sensitivity.caption", fleet=format_number(fleet)))
    rows = list(reversed(overview.sensitivity))  # plotly draws the first bar at the bottom
    base = rows[0].base.mid if rows else Decimal(0)
    labels = [tr(f"roadmap.assumption.{row.assumption.key}") for row in rows]
    tornado = go.Figure()
    for label, attribute, color in ((tr("roadmap.sensitivity.at_low"), "at_low", "#C8453B"),
                                   (tr("roadmap.sensitivity.at_high"), "at_high", "#0B7A75")):
        tornado.add_bar(name=label, orientation="h", y=labels, base=[float(base)] * len(rows), marker_color=color,
                        x=[float(getattr(row, attribute).mid - base) for row in rows],
                        hovertemplate="%{y}: %{customdata}<extra></extra>",
                        customdata=[millions(getattr(row, attribute)) for row in rows])
    tornado.add_vline(x=float(base), line_color="#1B2B2A", annotation_text=tr("roadmap.sensitivity.base"))
    tornado.update_layout(barmode="overlay", height=380, xaxis_title=tr("roadmap.sensitivity.axis"),
                          margin={"l": 10, "r": 10, "t": 30, "b": 10})
    st.plotly_chart(tornado, key="roadmap_tornado")
    st.dataframe(pd.DataFrame([{
        tr("roadmap.col.assumption"): tr(f"roadmap.assumption.{row.assumption.key}"),
        tr("roadmap.sensitivity.range"): range_of(row.assumption.key, row.assumption.range),
        tr("roadmap.sensitivity.at_low"): millions(row.at_low), tr("roadmap.sensitivity.at_high"): millions(row.at_high),
        tr("roadmap.sensitivity.base"): millions(row.base),
    } for row in overview.sensitivity]), hide_index=True, key="roadmap_sensitivity_table")


def measured_tab(overview, download) -> None:
    """The strategy's assumptions against what the data measures, the ROI on measured figures, the milestones."""
    measurements = overview.measurements
    if measurements is None:
        st.info(tr("roadmap.measured.none"))
    else:
        st.caption(tr("roadmap.measured.caption", as_of=format_date(measurements.as_of, ui.lang())))
        st.dataframe(pd.DataFrame([{
            tr("roadmap.col.assumption"): tr(f"roadmap.assumption.{row.assumption.key}"),
            tr("roadmap.col.assumed"): range_of(row.assumption.key, row.assumption.used),
            tr("roadmap.col.range"): range_of(row.assumption.key, row.assumption.range),
            tr("roadmap.col.measured"): value_of(row.assumption.key, row.measured),
            tr("roadmap.col.within"): "—" if row.within_range is None else tr("roadmap.yes" if row.within_range else "roadmap.no"),
        } for row in overview.comparison]), hide_index=True, key="roadmap_measured_table")
        st.caption(f"{tr('roadmap.measured.delinquent')}: {format_number(measurements.delinquent_leases)}")
        st.subheader(tr("roadmap.measured.roi_title"))
        st.caption(tr("roadmap.measured.roi_note", fleet=format_number(measurements.fleet)))
        economics_metrics(overview.measured_roi.total)
        download(tr("roadmap.download_measured"), "roadmap_download_measured", True,
                        f"lafa_roadmap_roi_measured_{measurements.as_of.isoformat()}.xlsx")
        st.subheader(tr("roadmap.milestones.title"))
        upcoming = next((m for m in overview.milestones if m.is_next), None)
        if upcoming is None:
            st.success(tr("roadmap.milestones.all_reached"))
        else:
            st.info(tr("roadmap.milestones.next",
                       name=milestone_name(upcoming.milestone.fleet, upcoming.milestone.name, ui.lang()),
                       fleet=format_number(upcoming.milestone.fleet),
                       current=format_number(measurements.fleet)))
        coverage = overview.project_coverage
        st.dataframe(pd.DataFrame([{
            tr("roadmap.col.milestone"): milestone_name(status.milestone.fleet, status.milestone.name, ui.lang()),
            tr("roadmap.col.fleet"): format_number(status.milestone.fleet),
            tr("roadmap.col.reached"): tr("roadmap.yes" if status.reached else "roadmap.no"),
            tr("roadmap.col.needs"): ", ".join(status.milestone.needs),
            tr("roadmap.col.app"): "; ".join(
                f"{pid}: {app_status(coverage_of(coverage, pid))}"
                for pid in status.milestone.needs),
            tr("roadmap.col.breaks"): status.milestone.breaks_without,
        } for status in overview.milestones]), hide_index=True, key="roadmap_milestones")


def ecosystem_tab(overview) -> None:
    """Who needs what, what the roadmap covers, and what the app delivers today."""
    eco = overview.ecosystem
    cols = st.columns(5)
    cols[0].metric(tr("roadmap.eco.items"), format_number(len(eco.items)))
    cols[1].metric(tr("roadmap.eco.in_roadmap"), format_number(eco.in_roadmap))
    cols[2].metric(tr("roadmap.eco.gaps"), format_number(eco.gaps))
    cols[3].metric(tr("roadmap.eco.coverage"), format_percent(eco.coverage, 0))
    delivered = eco.app_counts["delivered"] + eco.app_counts["partial"]
    cols[4].metric(tr("roadmap.eco.app_delivers"), format_number(delivered))
    frame = pd.DataFrame([{
        "group": item.group, "status": item.status,
        tr("roadmap.col.user_type"): tr(f"roadmap.group.{item.group}"), tr("roadmap.col.item"): item.item,
        tr("roadmap.col.project"): item.project or "—", tr("roadmap.track"): item.track or "—",
        tr("roadmap.col.status"): tr(f"roadmap.status.{item.status}"), tr("roadmap.col.app"): app_status(item.app),
    } for item in eco.items])
    sunburst = px.sunburst(frame, path=[tr("roadmap.col.user_type"), tr("roadmap.col.status"), tr("roadmap.col.item")],
                           color="status", color_discrete_map=STATUS_COLORS | {"(?)": "#DDE6E5"})
    # Two rings at a time (click to open an item's ring): labels stay readable, turned along the radius.
    sunburst.update_traces(maxdepth=2, insidetextorientation="radial", textfont_size=12)
    sunburst.update_layout(height=560, margin={"l": 0, "r": 0, "t": 10, "b": 0})
    st.plotly_chart(sunburst, key="roadmap_sunburst")
    st.caption(tr("roadmap.eco.caption"))
    f1, f2 = st.columns(2)
    groups = f1.multiselect(tr("roadmap.filter.user_type"), sorted(frame["group"].unique()),
                            format_func=lambda g: tr(f"roadmap.group.{g}"))
    statuses = f2.multiselect(tr("roadmap.filter.status"), ["covered", "partial", "gap"],
                              format_func=lambda s: tr(f"roadmap.status.{s}"))
    shown = frame[frame["group"].isin(groups or frame["group"]) & frame["status"].isin(statuses or frame["status"])]
    st.dataframe(shown.drop(columns=["group", "status"]), hide_index=True, key="roadmap_ecosystem_table")


def scaling_tab(overview, fleet: int) -> None:
    """The stack, data and tech spend by fleet size; build or buy; the ML priorities."""
    stack = overview.scaling
    phase = stack.phase_for(fleet)
    st.info(tr("roadmap.scaling.phase_for", fleet=format_number(fleet), phase=phase.phase,
               low=phase.monthly_cost_usd[0], high=phase.monthly_cost_usd[1]))
    st.subheader(tr("roadmap.scaling.phases"))
    st.dataframe(pd.DataFrame([{
        tr("roadmap.col.phase"): p.phase,
        tr("roadmap.col.fleet_range"): f"{format_number(p.fleet[0])} – {format_number(p.fleet[1]) if p.fleet[1] else '…'}",
        tr("roadmap.col.monthly_usd"): f"{format_number(p.monthly_cost_usd[0])} – {format_number(p.monthly_cost_usd[1])}",
        tr("roadmap.col.stack"): ", ".join(p.components), tr("roadmap.col.note"): strategy_term(p.note, ui.lang()) or "—",
    } for p in stack.phases]), hide_index=True, key="roadmap_phases")
    st.subheader(tr("roadmap.scaling.data_cost"))
    cost_frame = pd.DataFrame([{"fleet": str(row["fleet"]), tr("roadmap.col.low"): row["monthly_usd"][0],
                                tr("roadmap.col.high"): row["monthly_usd"][1]} for row in stack.data_cost_by_fleet])
    data_cost = px.bar(cost_frame, x="fleet", y=[tr("roadmap.col.low"), tr("roadmap.col.high")], barmode="group",
                       labels={"fleet": tr("roadmap.col.fleet"), "value": tr("roadmap.col.monthly_usd"), "variable": ""},
                       color_discrete_sequence=["#7FB8B5", "#0B7A75"])
    data_cost.update_layout(height=320, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    st.plotly_chart(data_cost, key="roadmap_data_cost")
    st.subheader(tr("roadmap.scaling.tech_spend"))
    st.dataframe(pd.DataFrame([{
        tr("roadmap.col.fleet"): format_number(row["fleet"]),
        tr("roadmap.col.per_vehicle_usd"): f"{format_number(row['per_vehicle_year_usd'][0])} – {format_number(row['per_vehicle_year_usd'][1])}",
        tr("roadmap.col.annual_usd"): f"{format_number(row['annual_usd'][0])} – {format_number(row['annual_usd'][1])}",
        tr("roadmap.col.engineers"): f"{row['engineers'][0]} – {row['engineers'][1]}",
        tr("roadmap.col.architecture"): strategy_term(row["architecture"], ui.lang()),
    } for row in stack.tech_spend_by_fleet]), hide_index=True, key="roadmap_tech_spend")
    st.subheader(tr("roadmap.scaling.build_vs_buy"))
    matrix = pd.DataFrame([{
        **{tr(f"roadmap.col.{key}"): strategy_term(row[key], ui.lang()) for key in ("layer", "verdict", "moat", "threshold")},
        tr("roadmap.track"): row["track"] or "—", tr("roadmap.col.project"): strategy_term(str(row["project"]), ui.lang()),
    } for row in stack.build_vs_buy])
    b1, b2 = st.columns(2)
    verdicts = b1.multiselect(tr("roadmap.filter.verdict"), sorted(matrix[tr("roadmap.col.verdict")].unique()),
                              key="bvb_filter_verdict")
    tracks = b2.multiselect(tr("roadmap.filter.track"), sorted(matrix[tr("roadmap.track")].unique()), key="bvb_filter_track")
    if verdicts:
        matrix = matrix[matrix[tr("roadmap.col.verdict")].isin(verdicts)]
    if tracks:
        matrix = matrix[matrix[tr("roadmap.track")].isin(tracks)]
    st.dataframe(matrix, hide_index=True, key="roadmap_build_vs_buy")
    st.subheader(tr("roadmap.scaling.ml"))
    st.dataframe(pd.DataFrame([{tr("roadmap.col.rank"): row["rank"], tr("roadmap.col.use_case"): strategy_term(row["use_case"], ui.lang()),
                                tr("roadmap.track"): row["track"] or "—", tr("roadmap.col.project"): strategy_term(row["project"], ui.lang()),
                                tr("roadmap.col.impact"): strategy_term(row["impact"], ui.lang())} for row in stack.ml_priorities]),
                 hide_index=True, key="roadmap_ml")
