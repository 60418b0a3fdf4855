"""DaE shift dispatch (P0.4): tomorrow's board for a depot — drivers, vehicles ready at the shift's
start per the night's charging plan, the suggested assignment (editable), conflicts in words, the
confirmation — and today's check-in and check-out at the business clock, which feed payroll hours.
Tables and texts come from lafa_core.dispatch.presentation; this page lays them out."""
from datetime import timedelta

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

import ui
from lafa_core.clock import FixedClock
from lafa_core.config import get_settings
from lafa_core.dispatch import presentation as view
from lafa_core.dispatch.service import (
    DispatchConflict, board_version, check_in, check_out, confirm_shifts, dispatch_board, dispatch_choices,
)
from lafa_core.errors import LocalizedError, error_text
from lafa_core.i18n import format_date
from lafa_core.tables import ShiftStatus
from lafa_core.users import Action, Page, can

tr, lang = ui.tr, ui.lang()


@st.cache_data(ttl=600, show_spinner=False, max_entries=64)
def board(database_url: str, depot_id: int, day, today, version, _user, _clock):
    """The board, once per (database, depot, day, today, the depot's shifts as they stand)."""
    return dispatch_board(ui.work(_user, _clock), depot_id=depot_id, day=day)


engine, user = ui.page(Page.DISPATCH)
st.title(tr("dispatch.title"))
st.caption(tr("dispatch.caption"))
clock, database_url = FixedClock(ui.now()), get_settings().database_url
may_dispatch = can(user.role, Action.DISPATCH)

try:
    choices = dispatch_choices(ui.work(user, clock))
except SQLAlchemyError as error:
    st.error(tr("dispatch.failed", error=type(error).__name__))
    st.stop()
if not choices.depots:
    st.info(tr("dispatch.no_depots"))
    st.stop()

depots = {d.depot_id: d for d in choices.depots}
pick_depot, pick_day = st.columns([2, 1])
depot_id = pick_depot.selectbox(tr("dispatch.depot"), list(depots), key="dispatch_depot",
                                format_func=lambda d: f"{depots[d].code} · {depots[d].name}")
day = pick_day.date_input(tr("dispatch.day"), value=choices.tomorrow, format="DD/MM/YYYY", key="dispatch_day",
                          min_value=choices.today - timedelta(days=31), max_value=choices.today + timedelta(days=14))
try:
    version = board_version(ui.work(user, clock), depot_id=depot_id, days=[day, choices.today])
    shown = board(database_url, depot_id, day, choices.today, version, user, clock)
except LocalizedError as error:
    st.error(error_text(error, lang))
    st.stop()
except SQLAlchemyError as error:
    st.error(tr("dispatch.failed", error=type(error).__name__))
    st.stop()

st.caption(view.context(shown, lang))
for column, metric in zip(st.columns(5), view.metrics(shown, lang)):
    column.metric(**metric)
if shown.soc_assumed:
    st.caption(tr("dispatch.soc_assumed", count=shown.soc_assumed))
if notice := st.session_state.pop("dispatch_notice", None):
    st.success(notice)

st.subheader(tr("dispatch.assignment"))
names = view.column_names(lang)
edited = st.data_editor(
    view.assignment_frame(shown, lang), hide_index=True, width="stretch", disabled=[names["driver"], names["zone"]],
    key=f"dispatch_editor_{depot_id}_{day}_{version}",
    column_config={names["vehicle"]: st.column_config.SelectboxColumn(options=view.vehicle_options(shown, lang),
                                                                       required=True),
                   names["starts"]: st.column_config.TimeColumn(format="HH:mm", step=900, required=True),
                   names["ends"]: st.column_config.TimeColumn(format="HH:mm", step=900, required=True)})
planned = view.assignments_from(shown, edited, lang)
conflicts = shown.check(planned)
if conflicts:
    st.warning(tr("dispatch.conflicts", count=len(conflicts)))
    st.markdown("\n".join(f"- {text}" for text in view.conflict_texts(shown, planned, conflicts, lang)))
elif planned:
    st.success(tr("dispatch.no_conflicts"))
if low := view.low_charge(shown, planned):
    st.info(tr("dispatch.low_charge", plates=", ".join(low)))
if not may_dispatch:
    st.caption(tr("dispatch.read_only"))
if st.button(tr("dispatch.confirm", count=len(planned)), key="dispatch_confirm", type="primary",
             disabled=not may_dispatch or bool(conflicts) or not planned):
    try:
        ids = confirm_shifts(ui.work(user, clock), depot_id=depot_id, pairs=planned)
    except DispatchConflict as error:
        st.error(error_text(error, lang))
        st.markdown("\n".join(f"- {text}" for text in view.conflict_texts(shown, planned, error.conflicts, lang)))
    except LocalizedError as error:
        st.error(error_text(error, lang))
    else:
        st.session_state["dispatch_notice"] = tr("dispatch.confirmed", count=len(ids))
        st.rerun()

st.subheader(tr("dispatch.shifts", day=format_date(shown.day, lang)))
if shown.shifts:
    st.dataframe(view.shifts_table(shown.shifts, shown.day, lang), hide_index=True, key="dispatch_shifts")
else:
    st.caption(tr("dispatch.no_shifts"))
with st.expander(tr("dispatch.vehicles")):
    st.dataframe(view.vehicles_table(shown, lang), hide_index=True, key="dispatch_vehicles", width="stretch")

st.subheader(tr("dispatch.today", day=format_date(shown.today, lang)))
if shown.today_shifts:
    st.dataframe(view.shifts_table(shown.today_shifts, shown.today, lang), hide_index=True, key="dispatch_today")
open_shifts = {s.shift_id: s for s in view.open_shifts(shown.today_shifts)}
if not open_shifts:
    st.caption(tr("dispatch.nothing_open"))
    st.stop()
chosen = st.selectbox(tr("dispatch.pick_shift"), list(open_shifts), key="dispatch_shift",
                      format_func=lambda s: view.shift_label(open_shifts[s], shown.today, lang))
go_in, go_out = st.columns(2)
confirmed = open_shifts[chosen].status == ShiftStatus.CONFIRMED.value
try:
    if go_in.button(tr("dispatch.check_in"), key="dispatch_check_in", disabled=not may_dispatch or not confirmed):
        moment = check_in(ui.work(user, clock), shift_id=chosen)
        st.session_state["dispatch_notice"] = tr("dispatch.checked_in", time=view.clock(moment, shown.today, lang))
        st.rerun()
    if go_out.button(tr("dispatch.check_out"), key="dispatch_check_out", disabled=not may_dispatch or confirmed):
        minutes = check_out(ui.work(user, clock), shift_id=chosen)
        st.session_state["dispatch_notice"] = tr("dispatch.checked_out", minutes=minutes)
        st.rerun()
except LocalizedError as error:
    st.error(error_text(error, lang))
