"""Serves the app as `make run` does: `python serve.py [streamlit flags]` is `streamlit run app.py
[flags]`, after importing what the first pages need (pandas, SQLAlchemy, Plotly, the KPI and
credit code). Otherwise a fresh server's first visitor waits for those imports, two to five
seconds. They are imported here, in the main thread, before the server listens: no session can
meet a half-imported module. And the server never treats pages/ as Streamlit's file-based menu."""
import sys

# What the sign-in form and each role's first page import (app.py imports the first two again).
import lafa_core.kpis  # noqa: F401 - the home page
import plotly.express  # noqa: F401
import lafa_core.collections.presentation  # noqa: F401 - collections agents and supervisors
import lafa_core.credit.presentation  # noqa: F401 - credit analysts
import lafa_core.credit.service  # noqa: F401
import lafa_core.fleet  # noqa: F401 - fleet operations (the map)
import pydeck  # noqa: F401
from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

# app.py's st.navigation lists the pages. Streamlit would otherwise take the pages/ folder for its
# old file-based menu until some session's first run says otherwise (ui.take_over_navigation, which
# reruns that session): on a fresh server, sessions opened together could lose the sign-in form.
PagesManager.uses_pages_directory = False

if __name__ == "__main__":
    sys.argv = ["streamlit", "run", "app.py", *sys.argv[1:]]
    sys.exit(cli.main())
