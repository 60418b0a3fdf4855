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
import plotly.graph_objects as go
import pydeck  # noqa: F401
from plotly.subplots import make_subplots
from lafa_core.reference import load_reference
from lafa_core.config import DATA_DIR
from streamlit.runtime.pages_manager import PagesManager
from streamlit.string_util import extract_leading_emoji
from streamlit.web import cli

# app.py's st.navigation lists the pages. Streamlit would otherwise take the pages/ folder for its
# old file-based menu until some session's first run says otherwise (ui.take_over_navigation, which
# reruns that session): on a fresh server, sessions opened together could lose the sign-in form.
PagesManager.uses_pages_directory = False


def _warm() -> None:
    """What the first session would otherwise pay for: the strategy's reference files; the emoji
    pattern Streamlit compiles the first time an alert's text is not plain ASCII (Spanish); and
    Plotly's property checks, loaded the first time a figure of each kind is built and sent."""
    for path in sorted(DATA_DIR.glob("*.yaml")):
        load_reference(path.stem)
    extract_leading_emoji("Atención")
    figure = make_subplots(rows=1, cols=2, subplot_titles=["a", "b"])
    figure.add_trace(go.Scatter(x=[0], y=[0], mode="lines+markers", hovertext=["a"], hoverinfo="text"), row=1, col=1)
    figure.add_trace(go.Bar(x=["a"], y=[0], text=[0], textposition="outside", marker_color="#000"), row=1, col=2)
    figure.update_xaxes(tickvals=[0], ticktext=["a"], title="a")
    figure.update_yaxes(tickformat=".0%", tickprefix="$", range=[0, 1], dtick=1)
    figure.update_layout(title="a", height=300, margin={"l": 10}, separators=".,", showlegend=False)
    figure.to_json()


if __name__ == "__main__":
    _warm()
    sys.argv = ["streamlit", "run", "app.py", *sys.argv[1:]]
    sys.exit(cli.main())
