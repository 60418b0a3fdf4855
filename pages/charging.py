"""Depot night charging (P5): the least-cost plan for the vehicles sleeping at a depot against
charging on arrival — cost, peak, demand charge, base-period share, savings, the site's load per
slot, each vehicle's plan and the ones that miss their target. Read-only: nothing is written.
Metrics, tables and figures come from lafa_core.charging.presentation; this page lays them out."""
from datetime import timedelta

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

import ui
import ui_cache
from lafa_core.charging import presentation as view
from lafa_core.charging.service import NightPlanError, default_target_soc, night_choices, plan_depot_night
from lafa_core.config import get_settings
from lafa_core.errors import error_text
from lafa_core.i18n import format_date, format_number
from lafa_core.users import Action, Page, can

tr, lang = ui.tr, ui.lang()


@st.cache_data(ttl=600, show_spinner=False, max_entries=64)
def night_plan(database_url: str, depot_id: int, evening, target_pct: int, data_version, _user):
    """The plan, once per (database, depot, night, target, data's as-of day)."""
    return plan_depot_night(ui.work(_user), depot_id=depot_id, evening=evening, target_soc=target_pct / 100)


engine, user = ui.page(Page.CHARGING)
st.title(tr("charging.title"))
st.caption(tr("charging.caption"))
database_url = get_settings().database_url

try:
    choices = night_choices(ui.work(user))
except SQLAlchemyError as error:
    st.error(tr("charging.failed", error=type(error).__name__))
    st.stop()
if not choices.depots:
    st.info(tr("charging.no_depots"))
    st.stop()

depots = {d.depot_id: d for d in choices.depots}
pick_depot, pick_night, pick_target = st.columns([2, 1, 1])
depot_id = pick_depot.selectbox(tr("charging.depot"), list(depots), key="charging_depot",
                                format_func=lambda d: f"{depots[d].code} · {depots[d].name}")
evening = pick_night.date_input(tr("charging.evening"), value=choices.default_evening, format="DD/MM/YYYY",
                                min_value=choices.default_evening - timedelta(days=400),
                                max_value=choices.default_evening + timedelta(days=31), key="charging_evening")
default_pct = round(default_target_soc() * 100)
target_pct = pick_target.slider(tr("charging.target"), min_value=default_pct, max_value=100, value=default_pct, step=5,
                                format="%d %%", key="charging_target", help=tr("charging.target_help"),
                                disabled=not can(user.role, Action.CHARGING_PLAN))

try:
    plan = night_plan(database_url, depot_id, evening, int(target_pct), ui_cache.data_as_of(database_url), user)
except NightPlanError as error:
    st.error(error_text(error, lang))
    st.stop()
except SQLAlchemyError as error:
    st.error(tr("charging.failed", error=type(error).__name__))
    st.stop()

if not plan.vehicles:
    st.info(tr("charging.no_vehicles", depot=f"{plan.depot.code} {plan.depot.name}", day=format_date(plan.evening, lang)))
    st.stop()

st.caption(view.context(plan, lang))
for column, metric in zip(st.columns(5), view.metrics(plan, lang)):
    column.metric(**metric)
for note in view.notes(plan, lang):
    st.caption(note)
if note := view.soc_assumed_note(plan, lang):
    st.warning(note)
if len(plan.vehicles) > plan.depot.charger_count:
    st.info(tr("charging.rotating", vehicles=len(plan.vehicles), chargers=plan.depot.charger_count))

if plan.unserved:
    st.warning(tr("charging.unserved", count=len(plan.unserved)))
    st.dataframe(view.unserved_table(plan, lang), hide_index=True, key="charging_unserved")
else:
    st.success(tr("charging.all_served"))

st.subheader(tr("charging.load"))
st.plotly_chart(view.load_figure(plan, lang), key="charging_load")
if plan.month_to_date_peak_kw > 0:
    st.caption(tr("charging.peak_note", mtd=format_number(plan.month_to_date_peak_kw, 1)))

st.subheader(tr("charging.compare"))
st.dataframe(view.comparison_table(plan, lang), hide_index=True, key="charging_compare")

st.subheader(tr("charging.schedule"))
if view.charging_vehicles(plan):
    st.plotly_chart(view.schedule_figure(plan, lang), key="charging_heatmap")
st.caption(tr("charging.heatmap_caption", idle=len(plan.vehicles) - len(view.charging_vehicles(plan))))
st.dataframe(view.vehicle_table(plan, lang), hide_index=True, key="charging_vehicles", width="stretch")
