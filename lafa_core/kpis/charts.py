"""The executive home's charts as Plotly figures, labelled in the reader's language: Streamlit ships
only Plotly's English locale, so date ticks and hover texts are written here (es-MX months and
separators), and axes get ranges that do not turn a 0.1-point change into a cliff."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lafa_core.i18n import format_bucket, format_date, format_mxn, format_number, format_short_date, t

RATE_COLUMNS = ("utilization", "on_time_rate", "par30")
MIN_SPAN = {"utilization": 0.05, "on_time_rate": 0.05, "par30": 0.01, "average_soh": 1.0, "fleet": 10.0}
TEAL = "#0B7A75"


def _value_text(column: str, value, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if column == "revenue_centavos":
        return format_mxn(int(value))
    if column in RATE_COLUMNS:
        return f"{value * 100:,.{2 if column == 'par30' else 1}f} %"
    if column == "average_soh":
        return f"{value:,.2f} %"
    return format_number(value, 1)


def _y_range(values: pd.Series, column: str) -> list[float] | None:
    """At least MIN_SPAN wide around the data, so noise reads as noise; rates never below 0."""
    present = values.dropna()
    if present.empty:
        return None
    low, high = float(present.min()), float(present.max())
    span = max(high - low, MIN_SPAN.get(column, 0.0))
    middle = (low + high) / 2
    low, high = middle - span * 0.6, middle + span * 0.6
    if column in RATE_COLUMNS or column == "revenue_centavos":
        low = max(low, 0.0)
    if column in RATE_COLUMNS:
        high = min(high, 1.0) if high > 0.5 else high
    return [low, high]


def trend_figure(weekly: pd.DataFrame, column: str, lang: str) -> go.Figure:
    """One weekly trend: week ticks as "23 nov", hover "Semana del 23 nov 2026: 89.5 %"."""
    weeks = list(weekly["week_start"])
    values = weekly[column] / 100 if column == "revenue_centavos" else weekly[column]
    hover = [t("home.trend.hover", lang, week=format_date(w, lang), value=_value_text(column, v, lang))
             for w, v in zip(weeks, weekly[column])]
    figure = go.Figure(go.Scatter(x=weeks, y=values, mode="lines+markers", line={"color": TEAL},
                                  hovertext=hover, hoverinfo="text"))
    step = max(1, math.ceil(len(weeks) / 7))  # at most 7 ticks
    figure.update_xaxes(tickvals=weeks[::step], ticktext=[format_short_date(w, lang) for w in weeks[::step]],
                        title=t("home.week", lang))
    y_range = _y_range(weekly[column] if column != "revenue_centavos" else values, column)
    if column in RATE_COLUMNS:
        span = (y_range[1] - y_range[0]) if y_range else 1
        figure.update_yaxes(tickformat=".1%" if span < 0.1 else ".0%", range=y_range)
    elif column == "revenue_centavos":
        figure.update_yaxes(tickprefix="$", tickformat=",.0f", range=y_range)
    else:
        figure.update_yaxes(tickformat=",.1f" if column == "average_soh" else ",.0f", range=y_range)
    figure.update_layout(title=t(f"home.trend.{column.removesuffix('_centavos')}", lang), height=300,
                         margin={"l": 10, "r": 10, "t": 40, "b": 10}, separators=".,", showlegend=False)
    return figure


def late_buckets_figure(buckets, lang: str) -> go.Figure:
    """Contracts behind, by days-past-due bucket, on their own scale (current ones are a figure
    beside the chart: with them on the same axis the late buckets would not show)."""
    late = [b for b in buckets if b.bucket != "current"]
    labels = [format_bucket(b.bucket, lang) for b in late]
    counts = [b.contracts for b in late]
    hover = [t("home.portfolio.hover", lang, bucket=label, contracts=format_number(b.contracts),
               balance=format_mxn(b.balance_centavos)) for label, b in zip(labels, late)]
    figure = go.Figure(go.Bar(x=labels, y=counts, marker_color="#C0392B", text=counts, textposition="outside",
                              hovertext=hover, hoverinfo="text"))
    figure.update_xaxes(title=t("home.portfolio.bucket", lang))
    figure.update_yaxes(title=t("home.portfolio.contracts_behind", lang), tickformat=",d",
                        range=[0, max(counts + [1]) * 1.25], dtick=max(1, math.ceil(max(counts + [1]) / 5)))
    figure.update_layout(height=300, margin={"l": 10, "r": 10, "t": 20, "b": 10}, separators=".,")
    return figure


def trends_figure(weekly: pd.DataFrame, columns: list[str], lang: str) -> go.Figure:
    """Every weekly trend in one figure, two per row (one chart for the browser to draw, not six):
    each panel as `trend_figure` draws it alone."""
    rows = math.ceil(len(columns) / 2)
    figure = make_subplots(rows=rows, cols=2, vertical_spacing=0.12 if rows > 1 else 0.2, horizontal_spacing=0.08,
                           subplot_titles=[t(f"home.trend.{c.removesuffix('_centavos')}", lang) for c in columns])
    for i, column in enumerate(columns):
        panel = trend_figure(weekly, column, lang)
        row, col = i // 2 + 1, i % 2 + 1
        figure.add_trace(panel.data[0], row=row, col=col)
        figure.update_xaxes(panel.layout.xaxis, row=row, col=col)
        figure.update_yaxes(panel.layout.yaxis, row=row, col=col)
    figure.update_layout(height=260 * rows + 40, margin={"l": 10, "r": 10, "t": 40, "b": 10}, separators=".,",
                         showlegend=False)
    return figure
