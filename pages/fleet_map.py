"""The fleet map: every vehicle in service at its last known position, coloured by the measure
chosen (status, SOC, SOH, the lease's days past due, days to the next service), the depots and the
density of the last 13 weeks' incidents, on a plain background (no basemap: no token, no
internet). Filters by make, product, status and depot; selecting a vehicle opens its story.
Lessees' cars sit at their zone's centre unless the role may see their exact position (decided in
lafa_core.fleet.service, so exact coordinates never reach the browser)."""
import streamlit as st

import ui
import ui_fleet
from lafa_core.fleet import presentation as view
from lafa_core.users import Page

tr, lang = ui.tr, ui.lang()
user, _clock, shown = ui_fleet.open_page(Page.FLEET_MAP, "map")

options = view.map_filters(shown)
measure_col, *filter_cols = st.columns([2, 1, 1, 1, 2])
measure = measure_col.selectbox(tr("fleet.map.measure"), view.MEASURES, key=ui.language_key("map_measure"),
                                format_func=lambda m: tr(f"fleet.map.measure.{m}"))
labels = {"oem": str, "product": lambda p: tr(f"fleet.map.product.{p}"), "status": lambda s: view.status_name(s, lang),
          "depot": str}
chosen = {name: column.multiselect(tr(f"fleet.map.filter.{name}"), options[name], format_func=labels[name],
                                   key=ui.language_key(f"map_{name}"), placeholder=tr("fleet.map.all"))
          for column, name in zip(filter_cols, view.FILTERS)}
vehicles = view.filtered(shown, **chosen)
for column, metric in zip(st.columns(4), view.map_metrics(vehicles, lang)):
    column.metric(**metric)
if not vehicles:
    st.info(tr("fleet.map.none"))
    st.stop()

event = st.pydeck_chart(view.fleet_deck(shown, vehicles, measure, lang), on_select="rerun",
                        selection_mode="single-object", key=f"fleet_map_{lang}", height=560)
st.caption(view.legend(measure, lang))
if not shown.exact_lto:
    st.caption(tr("fleet.map.lto_masked"))
picked = view.selected_vehicle(event)
if picked is not None:  # selecting a vehicle opens its story
    st.switch_page("pages/vehicle.py", query_params={"vehicle": str(picked)})
