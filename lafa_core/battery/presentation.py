"""What the battery health page shows, in the user's language: metrics, tables and Plotly figures
built from `service.BatteryReport`. No Streamlit (pages/battery.py lays these out); no database.
Date axes carry ticks written here (es-MX months), never Plotly's English dates."""
from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lafa_core.battery.rules import DAYS_PER_YEAR, band_at
from lafa_core.battery.service import BatteryReport
from lafa_core.i18n import format_date, format_mxn, format_mxn_millions, format_number, format_percent, t

BAND_COLOR = "rgba(11, 122, 117, 0.15)"
TEAL = "#0B7A75"
RED = "#C0392B"
PALETTE = ["#0B7A75", "#5B5EA6", "#E0B21F", "#C8453B", "#2E8B57", "#8E44AD", "#D35400", "#34495E", "#16A085"]
_MONTHS = {"es": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
           "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]}


def pct(value, decimals: int = 1) -> str:
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{format_number(value, decimals)} %"


def per_year(value, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("battery.no_fit", lang)
    return t("battery.per_year", lang, value=format_number(value, 1))


def group_label(kind: str, value: str, lang: str) -> str:
    if kind == "product" or value in ("none",):
        return t(f"battery.product.{value}", lang)
    if kind == "fleet":
        return t("battery.group.fleet", lang)
    return value


def _date(value, lang: str, policy) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("battery.never", lang, years=format_number(policy.projection_cap_years))
    return format_date(value, lang)


def date_range(row, level: str, lang: str, policy) -> str:
    """"12 mar 2029 (8 ene 2029 – 3 jul 2030)": the central date and the slope interval's dates."""
    if not row["fitted"]:
        return t("battery.no_fit", lang)
    central = row[f"date_{level}"]
    if central is not None and central <= row["last_day"]:
        return t("battery.already", lang)
    early, late = row[f"date_{level}_early"], row[f"date_{level}_late"]
    return t("battery.range", lang, central=_date(central, lang, policy), early=_date(early, lang, policy),
             late=_date(late, lang, policy))


def fade_range(row, lang: str) -> str:
    if not row["fitted"]:
        return t("battery.no_fit", lang)
    return t("battery.range", lang, central=per_year(row["fade_pct_year"], lang),
             early=format_number(row["fade_low"], 1), late=format_number(row["fade_high"], 1))


# -- the headline ----------------------------------------------------------------------------------
def metrics(report: BatteryReport, lang: str) -> list[dict]:
    fleet, policy = report.fleet, report.policy
    low, high = (format_number(v, 1) for v in policy.geotab_pct_per_year)
    battery = f"{format_percent(policy.battery_share[0], 0)}–{format_percent(policy.battery_share[1], 0)}"
    return [
        {"label": t("battery.metric.soh", lang), "value": pct(fleet.average_soh, 2), "help": t("battery.metric.soh_help", lang)},
        {"label": t("battery.metric.fade", lang), "value": per_year(fleet.median_fade_pct_year, lang),
         "delta": t("battery.metric.fade_delta", lang, low=low, high=high), "delta_color": "off", "delta_arrow": "off",
         "help": t("battery.metric.fade_help", lang, low=low, high=high)},
        {"label": t("battery.metric.below_band", lang), "value": format_number(fleet.below_band),
         "help": t("battery.metric.below_band_help", lang)},
        {"label": t("battery.metric.flagged", lang), "value": format_number(fleet.flagged),
         "help": t("battery.metric.flagged_help", lang, ratio=format_number(policy.flag_fade_ratio, 1))},
        {"label": t("battery.metric.residual", lang), "value": format_mxn_millions(fleet.residual_centavos[1]),
         "help": t("battery.metric.residual_help", lang, battery=battery, low=format_mxn(fleet.residual_centavos[0]),
                   high=format_mxn(fleet.residual_centavos[2]))},
    ]


# -- the fleet against the band --------------------------------------------------------------------
def _band_traces(report: BatteryReport, max_age: float, lang: str) -> list[go.Scatter]:
    ages = np.linspace(0, max(max_age, 1.0), 60)
    low, high = band_at(report.policy, ages)
    hover = [t("battery.hover.band", lang, age=format_number(a, 1), low=format_number(lo, 1), high=format_number(hi, 1))
             for a, lo, hi in zip(ages, low, high)]
    return [go.Scatter(x=ages, y=low, mode="lines", line={"color": TEAL, "width": 1, "dash": "dot"},
                       name=t("battery.band_low", lang), hovertext=hover, hoverinfo="text", showlegend=False),
            go.Scatter(x=ages, y=high, mode="lines", line={"color": TEAL, "width": 1, "dash": "dot"}, fill="tonexty",
                       fillcolor=BAND_COLOR, name=t("battery.band", lang), hovertext=hover, hoverinfo="text")]


def _layout(figure: go.Figure, title: str, lang: str, x_title: str) -> go.Figure:
    figure.update_layout(title=title, height=460, margin={"l": 10, "r": 10, "t": 50, "b": 10}, separators=".,",
                         legend={"orientation": "h", "yanchor": "top", "y": -0.22})
    figure.update_xaxes(title=x_title)
    figure.update_yaxes(title=t("battery.axis.soh", lang), tickformat=",.0f")
    return figure


def fleet_figure(report: BatteryReport, group_kind: str, lang: str) -> go.Figure:
    """Each vehicle's current SOH by its age, coloured by group, over the LFP band."""
    cars = report.vehicles
    figure = go.Figure(_band_traces(report, float(cars["age_years"].max() or 1) + 0.25, lang))
    for i, (value, part) in enumerate(cars.groupby(group_kind, sort=True)):
        label = group_label(group_kind, value, lang)
        hover = [t("battery.hover.vehicle", lang, plate=p, group=label, age=format_number(a, 1), soh=format_number(s, 1),
                   fade=per_year(f, lang)) for p, a, s, f in zip(part["plate"], part["age_years"], part["soh_now"],
                                                                part["fade_pct_year"])]
        figure.add_trace(go.Scattergl(x=part["age_years"], y=part["soh_now"], mode="markers", name=label,
                                      marker={"size": 6, "color": PALETTE[i % len(PALETTE)], "opacity": 0.7},
                                      hovertext=hover, hoverinfo="text"))
    return _layout(figure, t("battery.scatter.title", lang), lang, t("battery.axis.age", lang))


def age_curve_figure(report: BatteryReport, group_kind: str, lang: str) -> go.Figure:
    """Median weekly SOH by month of age per group (and the fleet), over the LFP band."""
    curve = report.age_curve
    shown = curve[curve["group_kind"].isin([group_kind, "fleet"])]
    max_age = float(shown["age_months"].max() + 1) / 12 if len(shown) else 1.0
    figure = go.Figure(_band_traces(report, max_age, lang))
    for i, ((kind, value), part) in enumerate(shown.groupby(["group_kind", "group"], sort=True)):
        label = group_label(kind, value, lang)
        ages = (part["age_months"] + 0.5) / 12
        hover = [t("battery.hover.curve", lang, group=label, age=format_number(a, 1), soh=format_number(s, 1),
                   vehicles=format_number(n)) for a, s, n in zip(ages, part["soh_pct"], part["vehicles"])]
        figure.add_trace(go.Scatter(x=ages, y=part["soh_pct"], mode="lines+markers", name=label,
                                    line={"color": "#222222" if kind == "fleet" else PALETTE[i % len(PALETTE)],
                                          "width": 3 if kind == "fleet" else 1.5},
                                    hovertext=hover, hoverinfo="text"))
    return _layout(figure, t("battery.curve.title", lang), lang, t("battery.axis.age", lang))


def group_table(report: BatteryReport, group_kind: str, lang: str) -> pd.DataFrame:
    cars = report.vehicles
    rows = []
    for value, part in cars.groupby(group_kind, sort=True):
        fitted = part[part["fitted"]]
        rows.append({
            t("battery.col.group", lang): group_label(group_kind, value, lang),
            t("battery.col.vehicles", lang): format_number(len(part)),
            t("battery.col.avg_soh", lang): pct(float(part["soh_now"].mean()), 2),
            t("battery.col.median_fade", lang): per_year(float(fitted["fade_pct_year"].median()) if len(fitted) else None, lang),
            t("battery.col.below_band", lang): format_number(int((part["band_status"] == "below").sum())),
            t("battery.col.flagged", lang): format_number(int(part["flagged"].sum())),
        })
    return pd.DataFrame(rows)


# -- anomalies -------------------------------------------------------------------------------------
def reason_text(reasons, lang: str, policy) -> str:
    parts = []
    for code, v in reasons:
        if code == "fade":
            parts.append(t("battery.reason.fade", lang, ratio=format_number(v["ratio"], 1), fade=per_year(v["fade"], lang),
                           fleet=per_year(v["fleet"], lang)))
        elif code == "heat":
            parts.append(t("battery.reason.heat", lang, temp=format_number(v["temp"], 0), peak=format_number(v["peak"], 0),
                           fleet=format_number(v["fleet"], 0)))
        elif code == "fast_charge":
            parts.append(t("battery.reason.fast_charge", lang, share=format_percent(v["share"], 0),
                           fleet=format_percent(v["fleet"], 0)))
        elif code == "deep_discharge":
            parts.append(t("battery.reason.deep_discharge", lang, share=format_percent(v["share"], 0),
                           soc=format_number(policy.deep_discharge_soc_pct), fleet=format_percent(v["fleet"], 0)))
        elif code == "km":
            parts.append(t("battery.reason.km", lang, km=format_number(v["km"]), fleet=format_number(v["fleet"])))
    return "; ".join(parts)


def decision_text(decision, lang: str) -> str:
    if decision is None:
        return t("battery.decision.none", lang)
    when = decision["decided_at"]
    return t("battery.decision.text", lang, action=t(f"battery.action.{decision['action']}", lang),
             who=decision["decided_by"], day=format_date(when.date() if hasattr(when, "date") else when, lang))


def flagged(report: BatteryReport) -> pd.DataFrame:
    cars = report.vehicles
    return cars[cars["flagged"]].sort_values(["fade_ratio", "plate"], ascending=[False, True])


def anomaly_table(report: BatteryReport, decisions: pd.DataFrame, lang: str) -> pd.DataFrame:
    latest = {int(r["vehicle_id"]): r for r in decisions.to_dict("records")}
    rows = []
    for row in flagged(report).to_dict("records"):
        rows.append({
            t("battery.col.plate", lang): row["plate"],
            t("battery.col.suggested", lang): t(f"battery.action.{row['suggested']}", lang),
            t("battery.col.decision", lang): decision_text(latest.get(int(row["vehicle_id"])), lang),
            t("battery.col.reason", lang): reason_text(row["reasons"], lang, report.policy),
            t("battery.col.soh", lang): pct(row["soh_now"]), t("battery.col.fade", lang): fade_range(row, lang),
            t("battery.col.date_85", lang): date_range(row, "85", lang, report.policy),
            t("battery.col.date_80", lang): date_range(row, "80", lang, report.policy),
            t("battery.col.model", lang): row["oem_model"],
            t("battery.col.product", lang): t(f"battery.product.{row['product']}", lang),
        })
    return pd.DataFrame(rows)


# -- one vehicle -----------------------------------------------------------------------------------
def vehicle_options(report: BatteryReport) -> list[int]:
    """Flagged vehicles first (the most degraded first), then the rest by plate."""
    cars = report.vehicles
    first = flagged(report)["vehicle_id"].tolist()
    rest = cars[~cars["flagged"]].sort_values("plate")["vehicle_id"].tolist()
    return [int(v) for v in first + rest]


def vehicle_labels(report: BatteryReport, lang: str) -> dict[int, str]:
    """Each vehicle's label for the picker: plate and model, flagged ones marked."""
    cars = report.vehicles
    return {int(v): t("battery.vehicle.flag", lang, plate=f"{p} · {m}") if f else f"{p} · {m}"
            for v, p, m, f in zip(cars["vehicle_id"], cars["plate"], cars["oem_model"], cars["flagged"])}


def vehicle_row(report: BatteryReport, vehicle_id: int) -> dict:
    return report.vehicles[report.vehicles["vehicle_id"] == vehicle_id].iloc[0].to_dict()


def vehicle_metrics(report: BatteryReport, row: dict, lang: str) -> list[dict]:
    status = t(f"battery.vehicle.band_status.{row['band_status']}", lang)
    return [
        {"label": t("battery.vehicle.metric.soh", lang, day=format_date(row["last_day"], lang)), "value": pct(row["soh_now"], 2)},
        {"label": t("battery.vehicle.metric.fade", lang), "value": per_year(row["fade_pct_year"], lang),
         "delta": t("battery.range", lang, central="", early=format_number(row["fade_low"], 1),
                    late=format_number(row["fade_high"], 1)).strip() if row["fitted"] else None,
         "delta_color": "off", "delta_arrow": "off"},
        {"label": t("battery.vehicle.metric.per_100k", lang), "value": pct(row["fade_per_100k_km"], 2)},
        {"label": t("battery.vehicle.metric.band", lang),
         "value": f"{format_number(row['band_low'], 1)}–{format_number(row['band_high'], 1)} %", "delta": status,
         "delta_color": "inverse" if row["band_status"] == "below" else "off", "delta_arrow": "off"},
    ]


def flag_text(report: BatteryReport, row: dict, lang: str) -> str:
    return t("battery.vehicle.flagged", lang, reason=reason_text(row["reasons"], lang, report.policy),
             action=t(f"battery.action.{row['suggested']}", lang))


def projection_text(report: BatteryReport, row: dict, lang: str) -> str:
    return t("battery.vehicle.projection", lang, d85=date_range(row, "85", lang, report.policy),
             d80=date_range(row, "80", lang, report.policy), weeks=format_number(row["weeks"]))


def _month_ticks(first: date, last: date, lang: str) -> tuple[list[date], list[str]]:
    months = []
    day = date(first.year, first.month, 1)
    while day <= last:
        if day >= first:
            months.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    step = max(1, math.ceil(len(months) / 8))
    picked = months[::step]
    return picked, [f"{_MONTHS['en' if lang == 'en' else 'es'][d.month - 1]} {d.year}" for d in picked]


def vehicle_figure(report: BatteryReport, row: dict, readings: pd.DataFrame, lang: str) -> go.Figure:
    """Daily readings, the Theil–Sen line carried on to 80 % (or three years), the band for the
    car's age along the way, and the 85 % and 80 % lines."""
    policy = report.policy
    days = list(readings["day"])
    hover = [t("battery.vehicle.hover", lang, day=format_date(d, lang), soh=format_number(s, 2))
             for d, s in zip(days, readings["soh_pct"])]
    figure = go.Figure()
    last = row["last_day"]
    horizon = last + timedelta(days=365)
    if row["fitted"] and row["date_80"] is not None:
        horizon = max(horizon, min(row["date_80"], last + timedelta(days=int(3 * DAYS_PER_YEAR))))
    elif row["fitted"]:
        horizon = last + timedelta(days=int(3 * DAYS_PER_YEAR))
    span = [report.first_day + timedelta(days=int(d)) for d in np.linspace(0, (horizon - report.first_day).days, 40)]
    ages = [(d - row["in_service_on"]).days / DAYS_PER_YEAR for d in span]
    low, high = band_at(policy, ages)
    figure.add_trace(go.Scatter(x=span, y=low, mode="lines", line={"color": TEAL, "width": 1, "dash": "dot"},
                                hoverinfo="skip", showlegend=False))
    figure.add_trace(go.Scatter(x=span, y=high, mode="lines", line={"color": TEAL, "width": 1, "dash": "dot"},
                                fill="tonexty", fillcolor=BAND_COLOR, name=t("battery.band", lang), hoverinfo="skip"))
    figure.add_trace(go.Scattergl(x=days, y=readings["soh_pct"], mode="markers", name=t("battery.vehicle.readings", lang),
                                  marker={"size": 4, "color": "#7F8C8D"}, hovertext=hover, hoverinfo="text"))
    if row["fitted"]:
        slope = -row["fade_pct_year"] / DAYS_PER_YEAR
        line_days = [days[0] if days else report.first_day, horizon]
        values = [row["soh_now"] + slope * (d - last).days for d in line_days]
        figure.add_trace(go.Scatter(x=line_days, y=values, mode="lines", name=t("battery.vehicle.fit", lang),
                                    line={"color": RED if row["flagged"] else TEAL, "width": 2}, hoverinfo="skip"))
    for level, key in ((policy.lto_floor_pct, "battery.vehicle.floor"), (policy.rotate_pct, "battery.vehicle.rotate")):
        figure.add_trace(go.Scatter(x=[span[0], span[-1]], y=[level, level], mode="lines", name=t(key, lang),
                                    line={"color": "#999999", "width": 1, "dash": "dash"}, hoverinfo="skip"))
    ticks, texts = _month_ticks(span[0], span[-1], lang)
    figure.update_xaxes(tickvals=ticks, ticktext=texts)
    return _layout(figure, t("battery.vehicle.title", lang, plate=row["plate"]), lang, t("battery.axis.day", lang))


# -- residual value and leases ---------------------------------------------------------------------
def value_caption(report: BatteryReport, lang: str) -> str:
    p = report.policy
    share = lambda pair: f"{format_percent(pair[0], 0)}–{format_percent(pair[1], 0)}"  # noqa: E731
    return t("battery.value.caption", lang, share3=share(p.residual_3y), share4=share(p.residual_4y),
             battery=format_percent(sum(p.battery_share) / 2, 0))


def residual_table(report: BatteryReport, lang: str) -> pd.DataFrame:
    cars = report.vehicles.sort_values("plate")
    return pd.DataFrame({
        t("battery.col.plate", lang): cars["plate"], t("battery.col.model", lang): cars["oem_model"],
        t("battery.col.age", lang): [format_number(a, 1) for a in cars["age_years"]],
        t("battery.col.soh", lang): [pct(s) for s in cars["soh_now"]],
        t("battery.col.band_status", lang): [t(f"battery.vehicle.band_status.{s}", lang) for s in cars["band_status"]],
        t("battery.col.cost", lang): [format_mxn(int(c)) for c in cars["cost_centavos"]],
        t("battery.col.residual", lang): [format_mxn(int(c)) for c in cars["residual_mid"]],
        t("battery.col.residual_range", lang): [f"{format_mxn(int(lo))} – {format_mxn(int(hi))}"
                                                for lo, hi in zip(cars["residual_low"], cars["residual_high"])],
    })


def lease_table(report: BatteryReport, lang: str) -> pd.DataFrame:
    rows = []
    order = {"below": 0, "before_end": 1, "risk": 2, "unknown": 3, "ok": 4}  # the ones credit must watch first
    leases = report.leases.assign(_order=report.leases["floor_status"].map(order)).sort_values(["_order", "code"])
    for lease in leases.to_dict("records"):
        known = lease["value_end_centavos"] is not None and not pd.isna(lease["value_end_centavos"])
        rows.append({
            t("battery.col.contract", lang): lease["code"], t("battery.col.plate", lang): lease["plate"],
            t("battery.col.ends", lang): format_date(lease["ends_on"], lang),
            t("battery.col.soh", lang): pct(lease["soh_now"]),
            t("battery.col.soh_end", lang): (t("battery.range", lang, central=pct(lease["soh_end"]),
                                               early=format_number(lease["soh_end_low"], 1),
                                               late=format_number(lease["soh_end_high"], 1)) if known
                                             else t("battery.no_fit", lang)),
            t("battery.col.floor", lang): t(f"battery.floor.{lease['floor_status']}", lang),
            t("battery.col.value_end", lang): format_mxn(int(lease["value_end_centavos"])) if known else "—",
            t("battery.col.option", lang): format_mxn(int(lease["option_centavos"])),
            t("battery.col.option_value", lang): format_mxn(int(lease["option_value_centavos"])) if known else "—",
            t("battery.col.owed", lang): format_mxn(int(lease["owed_centavos"])),
            t("battery.col.residual", lang): format_mxn(int(lease["residual_now_centavos"])),
            t("battery.col.coverage", lang): format_percent(lease["coverage"], 0) if lease["coverage"] is not None else "—",
        })
    return pd.DataFrame(rows)


def action_options() -> list[str]:
    from lafa_core.battery.rules import ACTIONS

    return list(ACTIONS)
