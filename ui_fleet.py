"""What the fleet pages (map, maintenance, incidents, insurance) share: their start (permission, title,
the page's figures for the signed-in user, the data's day, the notice a write left) and a write that
shows its refusal or leaves its notice and reruns. Streamlit-side; the figures come from
lafa_core.fleet."""
from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

import ui
import ui_cache
from lafa_core.clock import FixedClock
from lafa_core.config import get_settings
from lafa_core.errors import LocalizedError
from lafa_core.fleet import presentation as view
from lafa_core.i18n import format_date
from lafa_core.users import Page

PAGES = ("map", "maintenance", "incidents", "insurance")  # the fleet pages opened with `open_page`


def open_page(which: Page, what: str):
    """(user, clock, figures) of a fleet page, or the page stopped saying why (no data, a lost
    connection). `what` (one of PAGES) names the page's figures in lafa_core.fleet.service and its texts."""
    tr = ui.tr
    _, user = ui.page(which)
    st.title(tr(f"fleet.{what}.title"))
    st.caption(tr(f"fleet.{what}.caption"))
    clock = FixedClock(ui.now())
    try:
        shown = ui_cache.fleet_view(what, get_settings().database_url, ui.work(user, clock))
    except SQLAlchemyError as error:
        st.error(tr("fleet.failed", error=type(error).__name__))
        st.stop()
    if shown.day is None:
        st.info(tr("fleet.no_data"))
        st.stop()
    st.caption(tr("fleet.as_of", day=format_date(shown.day, ui.lang())))
    if notice := st.session_state.pop(f"{what}_notice", None):
        st.success(notice)
    return user, clock, shown


def story_link_column() -> dict:
    """The column config that shows a table's vehicle-story link as "open its story"."""
    return {ui.tr("fleet.col.story"): st.column_config.LinkColumn(display_text=ui.tr("fleet.story_link"))}


def write(what: str, change, notice) -> None:
    """Run `change`; its refusal shown in the reader's language, or `notice(result)` kept for the
    rerun that shows the new figures."""
    try:
        result = change()
    except LocalizedError as error:
        st.error(view.refusal(error, ui.lang()))
    else:
        st.session_state[f"{what}_notice"] = notice(result)
        st.rerun()
