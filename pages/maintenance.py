"""Fleet maintenance (P0.3): each vehicle's next service due by km or date, whichever first, with
its forecast from the vehicle's average daily km; the overdue list; work orders opened, closed and
costed here; downtime and maintenance cost per vehicle-month against the strategy's band. Tables
and texts come from lafa_core.fleet.presentation; this page lays them out."""
from datetime import timedelta

import streamlit as st

import ui
import ui_fleet
from lafa_core.fleet import presentation as view
from lafa_core.fleet.service import ORDER_KINDS, close_work_order, open_work_order
from lafa_core.users import Action, Page, can

tr, lang = ui.tr, ui.lang()
user, clock, shown = ui_fleet.open_page(Page.MAINTENANCE, "maintenance")
may_write = can(user.role, Action.FLEET_MAINTAIN)
story = ui_fleet.story_link_column()
for column, metric in zip(st.columns(5), view.maintenance_metrics(shown, lang)):
    column.metric(**metric)

st.subheader(tr("fleet.maintenance.due"))
due = view.due_table(shown.vehicles, lang, attention_only=True)
if due.empty:
    st.caption(tr("fleet.maintenance.none_due"))
else:
    st.dataframe(due, hide_index=True, key="maintenance_due", width="stretch", column_config=story)
with st.expander(tr("fleet.maintenance.all")):
    st.dataframe(view.due_table(shown.vehicles, lang, attention_only=False), hide_index=True, key="maintenance_all",
                 width="stretch", column_config=story)

today = clock.now().date()
plates = {v.vehicle_id: v for v in shown.vehicles}
open_orders = {o["id"]: o for o in shown.orders if o["closed_on"] is None}
if not may_write:
    st.caption(tr("fleet.read_only"))
else:
    left, right = st.columns(2)
    with left.form("maintenance_open_form", clear_on_submit=True):
        st.markdown(f"**{tr('fleet.maintenance.open')}**")
        vehicle = st.selectbox(tr("fleet.field.vehicle"), list(plates), key="maintenance_vehicle",
                               placeholder=tr("fleet.nothing_to_choose"),
                               format_func=lambda v: f"{plates[v].plate} · {plates[v].oem} {plates[v].model}")
        kind = st.selectbox(tr("fleet.field.kind"), ORDER_KINDS, key="maintenance_kind",
                            format_func=lambda k: tr(f"fleet.kind.{k}"))
        description = st.text_input(tr("fleet.field.description"), max_chars=200, key="maintenance_description")
        opened_on = st.date_input(tr("fleet.field.opened_on"), value=today, format="DD/MM/YYYY",
                                  key="maintenance_opened_on", min_value=today - timedelta(days=366))
        odometer = st.number_input(tr("fleet.field.odometer_km"), min_value=0, step=1, value=None,
                                   key="maintenance_odometer")
        if st.form_submit_button(tr("fleet.maintenance.open_submit"), type="primary"):
            ui_fleet.write("maintenance", lambda: open_work_order(
                ui.work(user, clock), vehicle_id=vehicle, kind=kind, description=description, opened_on=opened_on,
                odometer_km=odometer), lambda order_id: tr("fleet.maintenance.opened", id=order_id))
    with right.form("maintenance_close_form", clear_on_submit=True):
        st.markdown(f"**{tr('fleet.maintenance.close')}**")
        if not open_orders:
            st.caption(tr("fleet.maintenance.nothing_open"))
        order = st.selectbox(tr("fleet.field.work_order"), list(open_orders), key="maintenance_order",
                             placeholder=tr("fleet.nothing_to_choose"),
                             format_func=lambda o: view.order_label(open_orders[o], lang))
        closed_on = st.date_input(tr("fleet.field.closed_on"), value=today, format="DD/MM/YYYY",
                                  key="maintenance_closed_on", min_value=today - timedelta(days=366))
        cost = st.text_input(tr("fleet.field.cost"), key="maintenance_cost", placeholder="2,450.00")
        if st.form_submit_button(tr("fleet.maintenance.close_submit"), disabled=not open_orders):
            ui_fleet.write("maintenance", lambda: close_work_order(
                ui.work(user, clock), order_id=order, closed_on=closed_on, cost=cost),
                lambda _: tr("fleet.maintenance.closed", id=order))

st.subheader(tr("fleet.maintenance.orders"))
if shown.orders:
    st.dataframe(view.orders_table(shown.orders, lang), hide_index=True, key="maintenance_orders", width="stretch")
else:
    st.caption(tr("fleet.maintenance.no_orders"))
st.subheader(tr("fleet.maintenance.costliest"))
st.dataframe(view.cost_table(shown, lang), hide_index=True, key="maintenance_costliest", width="stretch",
             column_config=story)
