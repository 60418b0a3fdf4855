"""LAFA Control Tower entry point: page config, language, sign-in, the menu of the user's pages."""
from pathlib import Path

import streamlit as st

import ui
from ui import NAVIGATION, tr

# Loaded while the sign-in form is on screen, so the first page after sign-in does not pay for them.
# In the session's own thread, not a background one: sessions starting together on a fresh server
# import in the same order, and Python never hands one of them a half-imported module (it does so
# to break a cycle of import locks between threads importing in different orders).
import lafa_core.kpis  # noqa: E402,F401  (kept for its import cost)
import plotly.express  # noqa: E402,F401

# The tab icon is a file we ship: a Material icon here would be fetched from fonts.gstatic.com.
ICON = str(Path(__file__).resolve().parent / "assets" / "lafa-icon.png")
st.set_page_config(page_title="LAFA Control Tower", page_icon=ICON, layout="wide")

ui.take_over_navigation()
ui.language_selector()
ui.require_database()
# Every page is registered so that a deep link runs the page itself, which refuses in Spanish
# what the role may not open; the menu lists only the user's pages. Registering them first also
# keeps a fresh server from showing Streamlit's own menu of page files.
pages = {path: st.Page(path, title=tr(title), icon=icon, default=path == ui.HOME_PATH)
         for entries in NAVIGATION.values() for path, _page, title, icon in entries}
current = st.navigation(list(pages.values()), position="hidden")
# Nothing behind the form runs, whatever the URL asks for.
user = ui.signed_in_user()
if user is None:
    ui.sign_in_form()
if landing := ui.landing_path(user.role, at_home=current.url_path == pages[ui.HOME_PATH].url_path):
    st.switch_page(pages[landing])  # the role's own work first, right after signing in
ui.sign_out_button(user)
menu_role = ui.menu_role(user)
for group, entries in ui.visible_navigation(menu_role).items():
    st.sidebar.caption(tr(group))
    for path, _title, _icon in entries:
        st.sidebar.page_link(pages[path])
current.run()
