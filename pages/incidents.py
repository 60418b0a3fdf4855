"""Fleet incidents (P0.5c): log an incident (type, date and time, place typed or picked among the
depots and zones, vehicle, driver, cost), resolve it, and see the last 13 weeks by type, vehicle,
driver and zone with the resolution time. Tables and texts come from lafa_core.fleet.presentation."""
from datetime import datetime, timedelta

import streamlit as st

import ui
import ui_fleet
from lafa_core.config import LOCAL_TZ
from lafa_core.fleet import charts
from lafa_core.fleet import presentation as view
from lafa_core.fleet.service import INCIDENT_KINDS, SEVERITIES, log_incident, resolve_incident
from lafa_core.users import Action, Page, can

tr, lang = ui.tr, ui.lang()
story = ui_fleet.story_link_column()
user, clock, shown = ui_fleet.open_page(Page.INCIDENTS, "incidents")
may_write = can(user.role, Action.FLEET_INCIDENTS)
for column, metric in zip(st.columns(4), view.incident_metrics(shown.incidents, lang)):
    column.metric(**metric)

now = clock.now()
vehicles = {v[0]: v for v in shown.vehicles}
places = {p[0]: p for p in shown.places}
open_ones = {r["id"]: r for r in shown.incidents if r["status"] == "open"}
if not may_write:
    st.caption(tr("fleet.read_only"))
else:
    with st.expander(tr("fleet.incidents.log"), expanded=False), st.form("incidents_log_form", clear_on_submit=True):
        first, second, third = st.columns(3)
        vehicle = first.selectbox(tr("fleet.field.vehicle"), list(vehicles), key="incident_vehicle",
                                  placeholder=tr("fleet.nothing_to_choose"),
                                  format_func=lambda v: vehicles[v][1])
        with_driver = first.checkbox(tr("fleet.incidents.with_driver"), value=True, key="incident_with_driver")
        day = second.date_input(tr("fleet.incidents.date"), value=now.date(), format="DD/MM/YYYY", key="incident_day",
                                min_value=now.date() - timedelta(days=366))
        moment = second.time_input(tr("fleet.incidents.time"), value=now.time().replace(second=0, microsecond=0),
                                   key="incident_time", step=300)
        kind = third.selectbox(tr("fleet.field.kind"), INCIDENT_KINDS, key="incident_kind",
                               format_func=lambda k: tr(f"fleet.ikind.{k}"))
        severity = third.selectbox(tr("fleet.field.severity"), SEVERITIES, key="incident_severity",
                                   format_func=lambda s: tr(f"fleet.severity.{s}"))
        known = st.selectbox(tr("fleet.incidents.known_place"), list(places), key="incident_place")
        typed = st.text_input(tr("fleet.incidents.typed_place"), max_chars=120, key="incident_address",
                              help=tr("fleet.incidents.typed_place_help"))
        description = st.text_input(tr("fleet.field.description"), max_chars=200, key="incident_description")
        cost = st.text_input(tr("fleet.field.cost"), key="incident_cost", placeholder="4,500.00")
        if st.form_submit_button(tr("fleet.incidents.submit"), type="primary"):
            ui_fleet.write("incidents", lambda: log_incident(
                ui.work(user, clock), vehicle_id=vehicle, occurred_at=datetime.combine(day, moment, tzinfo=LOCAL_TZ),
                kind=kind, severity=severity, description=description, place=typed.strip() or known,
                lat=places[known][1], lon=places[known][2], cost=cost,
                driver_id=vehicles[vehicle][2] if with_driver and vehicle in vehicles else None),
                           lambda incident_id: tr("fleet.incidents.logged", id=incident_id))
    if open_ones:
        pick, act = st.columns([3, 1])
        chosen = pick.selectbox(tr("fleet.incidents.resolve"), list(open_ones), key="incident_open",
                                format_func=lambda i: view.incident_label(open_ones[i], lang))
        if act.button(tr("fleet.incidents.resolve_submit"), key="incident_resolve"):
            ui_fleet.write("incidents", lambda: resolve_incident(ui.work(user, clock), incident_id=chosen),
                           lambda _: tr("fleet.incidents.resolved", id=chosen))
    else:
        st.caption(tr("fleet.incidents.none_open"))

st.subheader(tr("fleet.incidents.list"))
st.dataframe(view.incidents_table(shown.incidents, lang), hide_index=True, key="incidents_list", column_config=story,
             width="stretch")
st.subheader(tr("fleet.incidents.trends"))
by = st.radio(tr("fleet.incidents.by"), ("kind", "vehicle", "driver", "zone"), horizontal=True,
              key=ui.language_key("incidents_by"), format_func=lambda b: tr(f"fleet.incidents.by.{b}"))
st.dataframe(view.incident_trend(shown.incidents, by, lang), hide_index=True, key="incidents_trend", width="stretch")
if shown.incidents:
    st.plotly_chart(charts.incidents_figure(shown.incidents, lang), key="incidents_weekly",
                    config={"displayModeBar": False})
