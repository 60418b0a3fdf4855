"""What the depot charging page shows, in the user's language: metrics, tables and figures built
from `service.DepotNightPlan`. No Streamlit (pages/charging.py lays these out); no database.
Times are Mexico City wall-clock "HH:MM" strings built here: the chart's x axis is categories,
never Plotly dates, so no Plotly locale decides how they read."""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go

from lafa_core.charging.service import UNKNOWN_ARRIVAL_SOC, DepotNightPlan
from lafa_core.i18n import format_date, format_mxn, format_number, format_percent, t

PERIOD_COLORS = {"base": "#2E8B57", "intermediate": "#E0B21F", "peak": "#C8453B"}
SERIES_COLORS = {"optimized": "#0B7A75", "on_arrival": "#5B5EA6"}
TICK_EVERY = 8  # a tick every two hours
_KW = 1e-6  # below this a slot draws nothing


def money(amount: Decimal, decimals: int = 2) -> str:
    return format_mxn(amount, centavos=False, decimals=decimals)


def signed_money(amount: Decimal, decimals: int = 2) -> str:
    return ("+" if amount > 0 else "") + money(amount, decimals)


def kw(value: float) -> str:
    return f"{format_number(value, 1)} kW"


def slot_labels(plan: DepotNightPlan) -> list[str]:
    return [f"{moment:%H:%M}" for moment in plan.slot_starts]


def shown_slots(plan: DepotNightPlan) -> int:
    """The charts end when the last vehicle leaves (the night runs on to 18:00 with nobody plugged in)."""
    return max([v.departure_slot for v in plan.vehicles] + [1])


def clock(moment: datetime, plan: DepotNightPlan, lang: str) -> str:
    """"HH:MM", with "(+1 día)" after the evening's day."""
    text = f"{moment:%H:%M}"
    return t("charging.next_day", lang, time=text) if moment.date() > plan.evening else text


# -- the headline ----------------------------------------------------------------------------------
def metrics(plan: DepotNightPlan, lang: str) -> list[dict]:
    """The metrics row: each optimized figure with its difference from charging on arrival as the
    delta (lower is better for costs and peak), as st.metric keyword arguments."""
    best, naive = plan.optimized_figures, plan.on_arrival_figures
    points = (best.base_period_share - naive.base_period_share) * 100

    def metric(key: str, value: str, delta: str, change: float, better: str, help_text: str) -> dict:
        still = abs(change) < 0.005  # no change: a grey delta without an arrow
        return {"label": t(f"charging.metric.{key}", lang), "value": value, "delta": delta, "help": help_text,
                "delta_color": "off" if still else better, "delta_arrow": "off" if still else "auto"}

    def vs(value: str) -> str:
        return t("charging.metric.vs", lang, value=value)

    return [
        metric("energy", money(best.energy_cost), signed_money(best.energy_cost - naive.energy_cost),
               float(best.energy_cost - naive.energy_cost), "inverse", vs(money(naive.energy_cost))),
        metric("peak", kw(best.peak_kw), f"{best.peak_kw - naive.peak_kw:+,.1f} kW", round(best.peak_kw - naive.peak_kw, 1),
               "inverse", vs(kw(naive.peak_kw))),
        metric("demand", money(best.demand_charge), signed_money(best.demand_charge - naive.demand_charge),
               float(best.demand_charge - naive.demand_charge), "inverse", vs(money(naive.demand_charge))),
        metric("base", format_percent(best.base_period_share), t("charging.points", lang, value=f"{points:+.1f}"),
               round(points, 1), "normal", vs(format_percent(naive.base_period_share))),
        metric("savings", money(plan.savings_month, 0),
               "—" if plan.savings_month_share is None else format_percent(plan.savings_month_share),
               plan.savings_month_share or 0.0, "normal", t("charging.metric.savings_help", lang, night=money(plan.savings_night))),
    ]


def context(plan: DepotNightPlan, lang: str) -> str:
    vehicles = plan.vehicles
    return t("charging.context", lang, depot=f"{plan.depot.code} {plan.depot.name}", day=format_date(plan.evening, lang),
             vehicles=len(vehicles), back=sum(v.back_from_shift for v in vehicles),
             leave=sum(v.leaves_for_shift for v in vehicles), chargers=plan.depot.charger_count,
             kw=format_number(plan.depot.charger_kw, 1), site=format_number(plan.site_kw, 1),
             mtd=format_number(plan.month_to_date_peak_kw, 1))


def notes(plan: DepotNightPlan, lang: str) -> list[str]:
    """The assumptions and the projection's rule, as the captions under the metrics."""
    price = {period: set() for period in PERIOD_COLORS}
    for period, value in zip(plan.periods, plan.prices):
        price[period].add(value)
    prices = {period: " / ".join(money(v) for v in sorted(values)) or "—" for period, values in price.items()}
    return [
        t("charging.assumptions", lang, **prices, demand=money(plan.demand_charge_per_kw_month),
          efficiency=format_percent(plan.efficiency, 0), target=format_percent(plan.target_soc, 0)),
        t("charging.monthly_note", lang, before=format_percent(plan.base_share_before, 0),
          after=format_percent(plan.base_share_target, 0), low=format_percent(plan.savings_target[0], 0),
          high=format_percent(plan.savings_target[1], 0)),
    ]


def comparison_table(plan: DepotNightPlan, lang: str) -> pd.DataFrame:
    best, naive = plan.optimized_figures, plan.on_arrival_figures
    rows = [
        ("energy", money(best.energy_cost), money(naive.energy_cost), signed_money(best.energy_cost - naive.energy_cost)),
        ("demand", money(best.demand_charge), money(naive.demand_charge),
         signed_money(best.demand_charge - naive.demand_charge)),
        ("total", money(best.total_cost), money(naive.total_cost), signed_money(best.total_cost - naive.total_cost)),
        ("peak", format_number(best.peak_kw, 1), format_number(naive.peak_kw, 1), f"{best.peak_kw - naive.peak_kw:+,.1f}"),
        ("base", format_percent(best.base_period_share), format_percent(naive.base_period_share),
         t("charging.points", lang, value=f"{(best.base_period_share - naive.base_period_share) * 100:+.1f}")),
        ("grid", format_number(best.grid_kwh, 1), format_number(naive.grid_kwh, 1),
         f"{best.grid_kwh - naive.grid_kwh:+,.1f}"),
        ("monthly", money(best.monthly_cost, 0), money(naive.monthly_cost, 0),
         signed_money(best.monthly_cost - naive.monthly_cost, 0)),
    ]
    columns = [t(f"charging.col.{key}", lang) for key in ("figure", "optimized", "on_arrival", "difference")]
    return pd.DataFrame([(t(f"charging.row.{key}", lang), *values) for key, *values in rows], columns=columns)


# -- the figures -----------------------------------------------------------------------------------
def _period_runs(periods) -> list[tuple[int, int, str]]:
    """(first slot, slot after the last, period) of each run of equal periods."""
    runs, first = [], 0
    for index in range(1, len(periods) + 1):
        if index == len(periods) or periods[index] != periods[first]:
            runs.append((first, index, periods[first]))
            first = index
    return runs


def _time_axis(labels: list[str], lang: str) -> dict:
    ticks = labels[::TICK_EVERY]
    return {"title": t("charging.axis.time", lang), "type": "category", "categoryorder": "array",
            "categoryarray": labels, "tickmode": "array", "tickvals": ticks, "ticktext": ticks}


def load_figure(plan: DepotNightPlan, lang: str) -> go.Figure:
    """Site kW per slot, optimized and on arrival, over the tariff periods' shaded bands."""
    end = shown_slots(plan)
    labels = slot_labels(plan)[:end]
    figure = go.Figure()
    for first, after, period in _period_runs(plan.periods[:end]):
        figure.add_vrect(x0=first - 0.5, x1=after - 0.5, fillcolor=PERIOD_COLORS[period], opacity=0.12, line_width=0,
                         layer="below", annotation_text=t(f"charging.period.{period}", lang),
                         annotation_position="top left", annotation_font_size=11)
    for key, charging in (("optimized", plan.optimized), ("on_arrival", plan.on_arrival)):
        figure.add_scatter(x=labels, y=[round(v, 2) for v in charging.site_kw_by_slot[:end]], mode="lines",
                           line={"shape": "hv", "color": SERIES_COLORS[key], "width": 2.5 if key == "optimized" else 1.5},
                           name=t(f"charging.series.{key}", lang),
                           hovertemplate="%{x}: %{y:,.1f} kW<extra>" + t(f"charging.series.{key}", lang) + "</extra>")
    figure.add_hline(y=plan.site_kw, line_dash="dash", line_color="#1B2B2A",
                     annotation_text=f"{t('charging.site_limit', lang)} {kw(plan.site_kw)}")
    if plan.month_to_date_peak_kw > 0:
        figure.add_hline(y=plan.month_to_date_peak_kw, line_dash="dot", line_color="#C8453B",
                         annotation_text=f"{t('charging.month_peak', lang)} {kw(plan.month_to_date_peak_kw)}",
                         annotation_position="bottom right")
    figure.update_layout(height=420, margin={"l": 10, "r": 10, "t": 40, "b": 10}, hovermode="x unified",
                         xaxis=_time_axis(labels, lang), yaxis={"title": t("charging.axis.kw", lang), "rangemode": "tozero"},
                         legend={"orientation": "h", "y": -0.2})
    return figure


def charging_vehicles(plan: DepotNightPlan) -> list:
    """The vehicles the optimized plan charges, in plate order."""
    return [v for v in plan.vehicles if max(plan.optimized.schedule.get(v.vehicle_id, (0.0,)), default=0.0) > _KW]


def schedule_figure(plan: DepotNightPlan, lang: str) -> go.Figure:
    """Heat map: each charging vehicle's kW per slot in the optimized plan."""
    end = shown_slots(plan)
    labels, shown = slot_labels(plan)[:end], charging_vehicles(plan)
    figure = go.Figure(go.Heatmap(
        z=[[round(kw_, 2) for kw_ in plan.optimized.schedule[v.vehicle_id][:end]] for v in shown], x=labels,
        y=[v.plate for v in shown], colorscale="Teal", zmin=0, zmax=plan.depot.charger_kw, colorbar={"title": "kW"},
        hovertemplate="%{y} · %{x}: %{z:.1f} kW<extra></extra>", xgap=0.5, ygap=0.5))
    figure.update_layout(height=min(1400, max(260, 18 * len(shown) + 120)), margin={"l": 10, "r": 10, "t": 10, "b": 10},
                         xaxis=_time_axis(labels, lang),
                         yaxis={"title": t("charging.axis.vehicle", lang), "type": "category", "autorange": "reversed"})
    return figure


# -- the tables ------------------------------------------------------------------------------------
def _charging_span(kw_by_slot, plan: DepotNightPlan) -> str:
    drawing = [slot for slot, value in enumerate(kw_by_slot) if value > _KW]
    if not drawing:
        return "—"
    end = plan.slot_starts[drawing[-1]] + timedelta(minutes=plan.slot_minutes)
    return f"{plan.slot_starts[drawing[0]]:%H:%M}–{end:%H:%M}"


def _status(plan: DepotNightPlan, vehicle, lang: str) -> str:
    missed = {u.vehicle_id: u for u in plan.unserved}
    if vehicle.vehicle_id in missed:
        return t(f"charging.reason.{missed[vehicle.vehicle_id].reason}", lang)
    if vehicle.arrival_soc >= vehicle.target_soc:
        return t("charging.no_charge", lang)
    return t("charging.status.met", lang)


def vehicle_table(plan: DepotNightPlan, lang: str) -> pd.DataFrame:
    """One row per vehicle: when it is there, its SOCs, what it draws and when, what it costs."""
    def col(key: str) -> str:
        return t(f"charging.col.{key}", lang)

    rows = []
    for v in plan.vehicles:
        kw_by_slot = plan.optimized.schedule.get(v.vehicle_id, ())
        ready = clock(v.departure, plan, lang)
        soc = format_percent(v.arrival_soc, 0)
        rows.append({
            col("plate"): v.plate, col("model"): v.model,
            col("arrives"): clock(v.back_at, plan, lang) if v.back_at else t("charging.at_depot", lang),
            col("ready_by"): t("charging.for_shift", lang, time=ready) if v.leaves_for_shift else ready,
            col("arrival_soc"): soc if v.soc_day is not None else t("charging.assumed_soc", lang, soc=soc),
            col("target"): format_percent(v.target_soc, 0),
            col("energy"): format_number(sum(kw_by_slot) * plan.slot_minutes / 60, 1),
            col("charging"): _charging_span(kw_by_slot, plan),
            col("final_soc"): format_percent(plan.optimized.final_soc.get(v.vehicle_id, v.arrival_soc), 0),
            col("cost"): money(plan.vehicle_cost(v.vehicle_id)),
            col("cost_on_arrival"): money(plan.vehicle_cost(v.vehicle_id, optimized=False)),
            col("status"): _status(plan, v, lang),
        })
    return pd.DataFrame(rows, columns=[col(k) for k in ("plate", "model", "arrives", "ready_by", "arrival_soc", "target",
                                                          "energy", "charging", "final_soc", "cost", "cost_on_arrival",
                                                          "status")])


def unserved_table(plan: DepotNightPlan, lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("charging.col.plate", lang): u.plate, t("charging.col.reason", lang): t(f"charging.reason.{u.reason}", lang),
        t("charging.col.best_soc", lang): format_percent(u.best_soc, 0), t("charging.col.target", lang): format_percent(u.target_soc, 0),
    } for u in plan.unserved])


def soc_assumed_note(plan: DepotNightPlan, lang: str) -> str | None:
    if not plan.soc_assumed:
        return None
    return t("charging.soc_assumed", lang, count=plan.soc_assumed, soc=format_percent(UNKNOWN_ARRIVAL_SOC, 0))
