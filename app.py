"""LAFA Control Tower entry point: page config, language, navigation by track."""
import streamlit as st

from ui import language_selector, tr

st.set_page_config(page_title="LAFA Control Tower", page_icon=":material/electric_car:", layout="wide")

# Navigation registry: (page file, title key, icon), grouped by track.
# Add a page here once it exists; empty groups are not shown.
NAVIGATION: dict[str, list[tuple[str, str, str]]] = {
    "nav.foundation": [
        ("pages/home.py", "home.title", ":material/monitoring:"),
    ],
    "nav.dae": [],
    "nav.lto": [
        ("pages/credit.py", "credit.title", ":material/credit_score:"),
    ],
    "nav.cross": [
        ("pages/roadmap.py", "roadmap.title", ":material/route:"),
        ("pages/collections.py", "collections.title", ":material/support_agent:"),
        ("pages/collections_supervisor.py", "collections.supervisor.title", ":material/supervisor_account:"),
    ],
}

language_selector()
pages = {
    tr(group): [st.Page(path, title=tr(title), icon=icon) for path, title, icon in entries]
    for group, entries in NAVIGATION.items()
    if entries
}
st.navigation(pages).run()
