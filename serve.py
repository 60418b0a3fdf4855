"""Serves the app as `make run` does: `python serve.py [streamlit flags]` is `streamlit run app.py
[flags]`, after importing what the first pages need (pandas, SQLAlchemy, Plotly, the KPI and
credit code). Otherwise a fresh server's first visitor waits for those imports, two to five
seconds. They are imported here, in the main thread, before the server listens: no session can
meet a half-imported module."""
import sys

# What the sign-in form and each role's first page import (app.py imports the first two again).
import lafa_core.kpis  # noqa: F401 - the home page
import plotly.express  # noqa: F401
import lafa_core.collections.presentation  # noqa: F401 - collections agents and supervisors
import lafa_core.credit.presentation  # noqa: F401 - credit analysts
import lafa_core.credit.service  # noqa: F401
import lafa_core.fleet  # noqa: F401 - fleet operations (the map)
import pydeck  # noqa: F401
from streamlit.web import cli

if __name__ == "__main__":
    sys.argv = ["streamlit", "run", "app.py", *sys.argv[1:]]
    sys.exit(cli.main())
