"""LAFA Control Tower entry point: page config, language, role, navigation by track."""
import streamlit as st

from ui import language_selector, role_selector, tr, visible_navigation

st.set_page_config(page_title="LAFA Control Tower", page_icon=":material/electric_car:", layout="wide")

language_selector()
role = role_selector()
pages = {
    tr(group): [st.Page(path, title=tr(title), icon=icon) for path, title, icon in entries]
    for group, entries in visible_navigation(role).items()
}
st.navigation(pages).run()
