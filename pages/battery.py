"""Battery health (P4): each vehicle's degradation against the strategy's LFP band by age, OEM/model
and product; the anomalies with their reason and the decision fleet operations records; one
vehicle's trend with its dates to the LTO floor and to rotation; residual values and each active
lease's purchase option. Figures, tables and texts come from lafa_core.battery.presentation."""
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

import ui
import ui_cache
from lafa_core.battery import BatteryError, latest_decisions, record_decision, vehicle_readings
from lafa_core.battery import presentation as view
from lafa_core.bounds import InvalidInput
from lafa_core.config import get_settings
from lafa_core.errors import error_text
from lafa_core.i18n import format_date
from lafa_core.users import Action, Page, can

tr, lang = ui.tr, ui.lang()
SMALL_CHART = {"displayModeBar": False}  # half-width charts: the mode bar would cover their titles

engine, user = ui.page(Page.BATTERY)
st.title(tr("battery.title"))
database_url = get_settings().database_url
try:
    report = ui_cache.battery_report(database_url)
    decisions = latest_decisions(ui.work(user))
except SQLAlchemyError as error:
    st.error(tr("battery.failed", error=type(error).__name__))
    st.stop()
if report is None:
    st.info(tr("battery.empty"))
    st.stop()

st.caption(tr("battery.caption", day=format_date(report.as_of, lang)))
for column, metric in zip(st.columns(5), view.metrics(report, lang)):
    column.metric(**metric)

# Only the open tab runs and reaches the browser (the fleet's tables are long at 2,000 vehicles).
fleet_tab, anomalies_tab, vehicle_tab, value_tab = st.tabs(
    [tr(f"battery.tab.{name}") for name in ("fleet", "anomalies", "vehicle", "value")], key=f"battery_tab.{lang}",
    on_change="rerun")

with fleet_tab:
    if fleet_tab.open:
        kinds = {k: tr(f"battery.group.{k}") for k in ("oem_model", "product")}
        kind = st.radio(tr("battery.group_by"), list(kinds), key=ui.language_key("battery_group"), horizontal=True,
                        format_func=kinds.get)
        left, right = st.columns(2)
        left.plotly_chart(view.fleet_figure(report, kind, lang), key="battery_fleet_chart", config=SMALL_CHART)
        right.plotly_chart(view.age_curve_figure(report, kind, lang), key="battery_curve_chart", config=SMALL_CHART)
        st.subheader(tr("battery.groups"))
        st.dataframe(view.group_table(report, kind, lang), hide_index=True, key="battery_groups", width="stretch")

with anomalies_tab:
    if anomalies_tab.open:
        listed = view.flagged(report)
        if listed.empty:
            st.success(tr("battery.anomalies.none"))
        else:
            st.caption(tr("battery.anomalies.intro", count=len(listed), days=report.policy.rotate_within_days))
            st.dataframe(view.anomaly_table(report, decisions, lang), hide_index=True, key="battery_anomalies",
                         width="stretch")
            if can(user.role, Action.BATTERY_DECIDE):
                plates = dict(zip(listed["vehicle_id"].astype(int), listed["plate"]))
                with st.form("battery_decide", clear_on_submit=True):
                    st.markdown(f"**{tr('battery.decide.title')}**")
                    pick, act = st.columns(2)
                    vehicle_id = pick.selectbox(tr("battery.decide.vehicle"), list(plates), format_func=plates.get,
                                                key="battery_decide_vehicle")
                    actions = {a: tr(f"battery.action.{a}") for a in view.action_options()}
                    action = act.selectbox(tr("battery.decide.action"), list(actions),
                                           key=ui.language_key("battery_decide_action"), format_func=actions.get)
                    note = st.text_input(tr("battery.decide.note"), max_chars=300, key="battery_decide_note")
                    submitted = st.form_submit_button(tr("battery.decide.submit"), type="primary")
                if submitted:
                    row = view.vehicle_row(report, vehicle_id)
                    try:
                        record_decision(ui.work(user), vehicle_id=vehicle_id, action=action, note=note,
                                        data_day=report.as_of, soh_pct=row["soh_now"], fade_ratio=row["fade_ratio"])
                    except (BatteryError, InvalidInput) as error:
                        st.error(error_text(error, lang))
                    else:
                        st.session_state["battery_done"] = tr("battery.decide.done", plate=plates[vehicle_id],
                                                              action=tr(f"battery.action.{action}"))
                        st.rerun()
                if done := st.session_state.pop("battery_done", None):
                    st.success(done)
            else:
                st.caption(tr("battery.decide.read_only"))

with vehicle_tab:
    if vehicle_tab.open:
        labels = view.vehicle_labels(report, lang)
        chosen = st.selectbox(tr("battery.vehicle.pick"), view.vehicle_options(report), key="battery_vehicle",
                              format_func=labels.get)
        row = view.vehicle_row(report, chosen)
        for column, metric in zip(st.columns(4), view.vehicle_metrics(report, row, lang)):
            column.metric(**metric)
        if row["flagged"]:
            st.warning(view.flag_text(report, row, lang))
        if row["fitted"]:
            st.caption(view.projection_text(report, row, lang))
        else:
            st.info(tr("battery.vehicle.no_fit", plate=row["plate"], weeks=row["weeks"],
                       needed=report.policy.min_weeks_to_fit))
        readings = vehicle_readings(ui.work(user), vehicle_id=chosen, first=report.first_day, last=report.as_of)
        st.plotly_chart(view.vehicle_figure(report, row, readings, lang), key="battery_vehicle_chart")

with value_tab:
    if value_tab.open:
        st.caption(view.value_caption(report, lang))
        st.subheader(tr("battery.value.leases"))
        if report.leases.empty:
            st.info(tr("battery.value.no_leases"))
        else:
            st.caption(tr("battery.value.leases_caption", risk=report.fleet.leases_at_risk))
            st.dataframe(view.lease_table(report, lang), hide_index=True, key="battery_leases", width="stretch")
        st.subheader(tr("battery.value.vehicles"))
        st.dataframe(view.residual_table(report, lang), hide_index=True, key="battery_residuals", width="stretch")
