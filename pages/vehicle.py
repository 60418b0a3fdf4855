"""One vehicle's story: identity, current contract and driver (personal data as the role may see
it), last position, SOH trend, km and energy per week, maintenance history and what is due,
incidents, insurance policies and claims, downtime. Opened from the other fleet pages with
`?vehicle=ID`, or by plate here."""
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

import ui
from lafa_core.clock import FixedClock
from lafa_core.fleet import charts
from lafa_core.fleet import presentation as view
from lafa_core.fleet.service import vehicle_choices, vehicle_story
from lafa_core.i18n import format_date
from lafa_core.users import Page

tr, lang = ui.tr, ui.lang()
engine, user = ui.page(Page.VEHICLE)
st.title(tr("fleet.story.title"))
st.caption(tr("fleet.story.caption"))
clock = FixedClock(ui.now())

try:
    day, choices = vehicle_choices(ui.work(user, clock))
except SQLAlchemyError as error:
    st.error(tr("fleet.failed", error=type(error).__name__))
    st.stop()
if day is None or not choices:
    st.info(tr("fleet.no_data"))
    st.stop()
plates = dict(choices)
asked = st.query_params.get("vehicle", "")
wanted = int(asked) if asked.isdigit() and int(asked) in plates else None
if wanted is not None and st.session_state.get("story_asked") != wanted:
    st.session_state["story_vehicle"] = wanted  # a link from another page picks the vehicle once
    st.session_state["story_asked"] = wanted
vehicle_id = st.selectbox(tr("fleet.story.pick"), list(plates), key="story_vehicle", format_func=plates.get)
if asked and asked != str(vehicle_id):  # the address follows the choice once a link brought one
    st.query_params["vehicle"] = str(vehicle_id)

try:
    story = vehicle_story(ui.work(user, clock), vehicle_id)
except SQLAlchemyError as error:
    st.error(tr("fleet.failed", error=type(error).__name__))
    st.stop()
if story is None:
    st.warning(tr("fleet.story.unknown"))
    st.stop()
state = story.state
st.caption(tr("fleet.as_of", day=format_date(story.day, lang)))
facts = view.story_facts(story, lang)
for column, metric in zip(st.columns(4), view.story_metrics(story, lang)):
    column.metric(**metric)
st.dataframe(view.fact_table(facts, lang), hide_index=True, key="story_facts", width="stretch")

st.subheader(tr("fleet.story.weeks"))
if not story.weeks:
    st.caption(tr("fleet.story.none"))
else:
    left, right = st.columns(2)
    left.plotly_chart(charts.soh_figure(story, lang), key="story_soh", config={"displayModeBar": False})
    right.plotly_chart(charts.km_energy_figure(story, lang), key="story_km", config={"displayModeBar": False})

for title, rows, render, key in (
        ("fleet.story.orders", story.orders, view.orders_table, "story_orders"),
        ("fleet.story.incidents", story.incidents, view.incidents_table, "story_incidents"),
        ("fleet.story.insurance", story.policies, view.policies_table, "story_policies")):
    st.subheader(tr(title))
    if rows:
        st.dataframe(render(rows, lang), hide_index=True, key=key, width="stretch")
    else:
        st.caption(tr("fleet.story.none"))
if story.claims:
    st.dataframe(view.claims_table(story.claims, lang), hide_index=True, key="story_claims", width="stretch")
