"""The fleet pages' charts as Plotly figures labelled in the reader's language (Streamlit ships only
Plotly's English locale): weeks read "16 nov", hover texts "Semana del 16 nov 2026: …"."""
from __future__ import annotations

import math
from collections import Counter

import plotly.graph_objects as go

from lafa_core.clock import week_start
from lafa_core.config import LOCAL_TZ
from lafa_core.i18n import format_date, format_number, format_short_date, t

TEAL, SAND = "#0B7A75", "#C9A227"


def _weeks_axis(figure: go.Figure, weeks: list, lang: str) -> None:
    step = max(1, math.ceil(len(weeks) / 8))
    figure.update_xaxes(tickvals=weeks[::step], ticktext=[format_short_date(w, lang) for w in weeks[::step]],
                        title=t("fleet.col.week", lang))
    figure.update_layout(height=280, margin={"l": 10, "r": 10, "t": 30, "b": 10}, separators=".,",
                         legend={"orientation": "h", "y": -0.3})


def soh_figure(story, lang: str) -> go.Figure:
    weeks = [w["week"] for w in story.weeks if w["soh"] is not None]
    values = [w["soh"] for w in story.weeks if w["soh"] is not None]
    hover = [t("fleet.chart.hover", lang, week=format_date(w, lang), value=f"{v:.2f} %") for w, v in zip(weeks, values)]
    figure = go.Figure(go.Scatter(x=weeks, y=values, mode="lines+markers", line={"color": TEAL}, hovertext=hover,
                                  hoverinfo="text", name=t("fleet.col.soh", lang)))
    figure.update_layout(title=t("fleet.story.soh_trend", lang))
    figure.update_yaxes(title=t("fleet.col.soh", lang))
    _weeks_axis(figure, weeks, lang)
    return figure


def km_energy_figure(story, lang: str) -> go.Figure:
    weeks = [w["week"] for w in story.weeks]
    figure = go.Figure()
    for key, colour in (("km", TEAL), ("kwh", SAND)):
        values = [w[key] for w in story.weeks]
        hover = [t("fleet.chart.hover", lang, week=format_date(w, lang), value=format_number(v, 1))
                 for w, v in zip(weeks, values)]
        figure.add_bar(x=weeks, y=values, name=t(f"fleet.col.{key}", lang), marker_color=colour, hovertext=hover,
                       hoverinfo="text")
    figure.update_layout(title=t("fleet.story.km_energy", lang), barmode="group")
    _weeks_axis(figure, weeks, lang)
    return figure


def incidents_figure(rows, lang: str) -> go.Figure:
    """Incidents per week, stacked by type."""
    counts = Counter((week_start(r["occurred_at"].astimezone(LOCAL_TZ).date()), r["kind"]) for r in rows)
    weeks = sorted({w for w, _ in counts})
    figure = go.Figure()
    for kind in sorted({k for _, k in counts}):
        name = t(f"fleet.ikind.{kind}", lang)
        values = [counts.get((w, kind), 0) for w in weeks]
        hover = [t("fleet.chart.hover", lang, week=format_date(w, lang), value=f"{name}: {v}") for w, v in zip(weeks, values)]
        figure.add_bar(x=weeks, y=values, name=name, hovertext=hover, hoverinfo="text")
    figure.update_layout(title=t("fleet.incidents.weekly", lang), barmode="stack")
    figure.update_yaxes(title=t("fleet.col.count", lang))
    _weeks_axis(figure, weeks, lang)
    return figure
