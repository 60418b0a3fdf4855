"""What the fleet pages show, in the user's language: metrics, tables, the map's layers and the
refusals, built from `service` results. No Streamlit, no database. Money in pesos from centavos,
dates like "28 nov 2026", column names translated (lafa_core.i18n.fleet)."""
from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd
import pydeck as pdk

from lafa_core.config import LOCAL_TZ
from lafa_core.errors import error_text
from lafa_core.fleet.rules import DUE_SOON, OK, OVERDUE
from lafa_core.fleet.service import FleetMap, MaintenanceOverview, VehicleState, needs_action
from lafa_core.i18n import CATALOG, format_date, format_mxn, format_number, format_percent, t

STORY_URL = "/vehicle?vehicle={id}"


def refusal(error: BaseException, lang: str) -> str:
    """A refusal naming the field in the user's words (not the code's)."""
    name = getattr(error, "field", None) or getattr(error, "values", {}).get("field")
    key = getattr(error, "key", None)
    if name and key in CATALOG and f"fleet.field.{name}" in CATALOG:
        return t(key, lang, **(error.values | {"field": t(f"fleet.field.{name}", lang)}))
    return error_text(error, lang)


def _columns(frame_rows: list[tuple], keys: tuple[str, ...], lang: str) -> pd.DataFrame:
    return pd.DataFrame(frame_rows, columns=[t(f"fleet.col.{k}", lang) for k in keys])


def when(moment, lang: str) -> str:
    if moment is None:
        return "—"
    local = moment.astimezone(LOCAL_TZ)
    return f"{format_date(local.date(), lang)} {local:%H:%M}"


# --- maintenance ------------------------------------------------------------------------------
def due_status(state: VehicleState, lang: str) -> str:
    return t(f"fleet.due.{state.due.status}", lang)


def due_text(state: VehicleState, lang: str) -> str:
    """"Servicio en menos de 500 km" / "vence en 6 días (3 dic 2026)" / "vencido hace 1,200 km"."""
    due = state.due
    if due.km_left <= 0:
        return t("fleet.due.text.km_over", lang, km=format_number(-due.km_left))
    if due.status == OVERDUE:
        return t("fleet.due.text.date_over", lang, day=format_date(due.due_by_date, lang), days=-due.days_left)
    km = t("fleet.due.text.km_left", lang, km=format_number(max(due.km_left, 0)))
    days = t("fleet.due.text.days", lang, days=due.days_left, day=format_date(due.due_on, lang))
    return f"{km} · {days}"


def due_table(states, lang: str, *, attention_only: bool) -> pd.DataFrame:
    rank = {OVERDUE: 0, DUE_SOON: 1, OK: 2}
    chosen = [s for s in states if not attention_only or s.due.status != OK]
    chosen.sort(key=lambda s: (rank[s.due.status], s.due.due_on, s.plate))
    rows = [(s.plate, f"{s.oem} {s.model}", s.depot, format_number(s.odometer), format_number(s.daily_km),
             due_status(s, lang), due_text(s, lang), t(f"fleet.due.by.{s.due.by}", lang), format_date(s.due.due_on, lang),
             t("fleet.yes", lang) if s.in_workshop else t("fleet.no", lang), STORY_URL.format(id=s.vehicle_id))
            for s in chosen]
    return _columns(rows, ("plate", "model", "depot", "odometer", "daily_km", "status", "due", "due_by", "due_on",
                           "in_workshop", "story"), lang)


def maintenance_metrics(view: MaintenanceOverview, lang: str) -> list[dict]:
    counts = Counter(v.due.status for v in view.vehicles)
    low, high = view.band_mxn
    monthly = None if view.per_vehicle_month_centavos is None else format_mxn(view.per_vehicle_month_centavos)
    return [
        {"label": t("fleet.metric.overdue", lang), "value": f"{counts[OVERDUE]:,}",
         "help": t("fleet.metric.overdue_help", lang)},
        {"label": t("fleet.metric.due_soon", lang), "value": f"{counts[DUE_SOON]:,}",
         "help": t("fleet.metric.due_soon_help", lang)},
        {"label": t("fleet.metric.in_workshop", lang), "value": f"{sum(v.in_workshop for v in view.vehicles):,}",
         "help": t("fleet.metric.in_workshop_help", lang)},
        {"label": t("fleet.metric.cost_month", lang), "value": monthly or "—",
         "delta": t(f"fleet.band.{view.band}", lang), "delta_color": "off" if view.band == "within" else "inverse",
         "help": t("fleet.metric.cost_month_help", lang, low=f"{low:,}", high=f"{high:,}")},
        {"label": t("fleet.metric.downtime", lang), "value": f"{view.downtime_days:,}",
         "delta": t("fleet.metric.downtime_share", lang, share=format_percent(view.downtime_share)),
         "delta_color": "off", "help": t("fleet.metric.downtime_help", lang)},
    ]


def order_state(order: dict, lang: str) -> str:
    return t("fleet.order.open", lang) if order["closed_on"] is None else t("fleet.order.closed", lang)


def orders_table(orders, lang: str) -> pd.DataFrame:
    rows = [(o["id"], o["plate"], t(f"fleet.kind.{o['kind']}", lang), o["description"], format_date(o["opened_on"], lang),
             format_date(o["closed_on"], lang), format_number(o["odometer_km"]), order_state(o, lang),
             format_mxn(o["cost_centavos"]) if o["closed_on"] is not None else "—") for o in orders]
    return _columns(rows, ("order", "plate", "kind", "description", "opened_on", "closed_on", "odometer", "state",
                           "cost"), lang)


def order_label(order: dict, lang: str) -> str:
    kind = t(f"fleet.kind.{order['kind']}", lang)
    return f"#{order['id']} · {order['plate']} · {kind} · {format_date(order['opened_on'], lang)}"


def cost_table(view: MaintenanceOverview, lang: str, top: int = 20) -> pd.DataFrame:
    plates = {v.vehicle_id: (v.plate, v.oem, v.model) for v in view.vehicles}
    rows = []
    for vid, (cost, days, down) in view.cost_by_vehicle.items():
        if vid in plates and cost:
            monthly = round(cost * 365.25 / 12 / days)
            rows.append((monthly, plates[vid][0], f"{plates[vid][1]} {plates[vid][2]}", format_mxn(cost), days, down,
                         STORY_URL.format(id=vid)))
    rows.sort(key=lambda r: (-r[0], r[1]))
    shown = [(plate, model, cost, format_mxn(monthly), days, down, url)
             for monthly, plate, model, cost, days, down, url in rows[:top]]
    return _columns(shown, ("plate", "model", "cost", "cost_month", "service_days", "downtime_days", "story"), lang)


# --- the fleet map ------------------------------------------------------------------------------
MEASURES = ("status", "soc", "soh", "dpd", "service")
FILTERS = ("oem", "product", "status", "depot")  # the map's filters, in the page's order
NO_PRODUCT = "none"  # a vehicle without a running contract, as the product filter names it
STATUS_COLOURS = {"assigned": [46, 125, 50], "available": [30, 136, 229], "maintenance": [251, 140, 0],
                  "recovery": [142, 36, 170], "retired": [120, 120, 120]}


def _scale(value: float | None, good: float, bad: float) -> list[int]:
    """Green at `good`, red at `bad`, grey without a value."""
    if value is None:
        return [150, 150, 150]
    share = min(max((value - bad) / (good - bad), 0.0), 1.0) if good != bad else 1.0
    return [int(220 - 170 * share), int(50 + 150 * share), 60]


def colour(state: VehicleState, measure: str) -> list[int]:
    if measure == "soc":
        return _scale(state.soc, 80, 20)
    if measure == "soh":
        return _scale(state.soh, 98, 85)
    if measure == "dpd":
        return _scale(None if state.dpd is None else float(state.dpd), 0, 30) if state.dpd is not None else [150, 150, 150]
    if measure == "service":
        return _scale(float(state.due.days_left), 30, 0)
    return STATUS_COLOURS.get(state.status, [120, 120, 120])


def status_name(status: str, lang: str) -> str:
    return t(f"fleet.status.{status}", lang)


def map_filters(view: FleetMap) -> dict[str, list]:
    vs = view.vehicles
    return {"oem": sorted({v.oem for v in vs}), "product": sorted({v.product or NO_PRODUCT for v in vs}),
            "status": sorted({v.status for v in vs}), "depot": sorted({v.depot for v in vs})}


def filtered(view: FleetMap, oem=(), product=(), status=(), depot=()) -> list[VehicleState]:
    return [v for v in view.vehicles if (not oem or v.oem in oem)
            and (not product or (v.product or NO_PRODUCT) in product)
            and (not status or v.status in status) and (not depot or v.depot in depot)]


def map_frame(vehicles: list[VehicleState], measure: str, lang: str) -> pd.DataFrame:
    yes = t("fleet.map.exact", lang)
    zone = t("fleet.map.zone_only", lang)
    return pd.DataFrame({
        "vehicle_id": [v.vehicle_id for v in vehicles], "lon": [v.lon for v in vehicles], "lat": [v.lat for v in vehicles],
        "colour": [colour(v, measure) for v in vehicles], "plate": [v.plate for v in vehicles],
        "model": [f"{v.oem} {v.model}" for v in vehicles], "driver": [v.driver for v in vehicles],
        "state": [status_name(v.status, lang) for v in vehicles],
        "soc": [format_percent(None if v.soc is None else v.soc / 100, 0) for v in vehicles],
        "soh": [format_percent(None if v.soh is None else v.soh / 100, 1) for v in vehicles],
        "service": [due_text(v, lang) for v in vehicles],
        "where": [yes if v.exact else f"{zone} {v.zone}" for v in vehicles],
    })


def fleet_deck(view: FleetMap, vehicles: list[VehicleState], measure: str, lang: str) -> pdk.Deck:
    """Layers on a plain background — no basemap, so no token and no internet: `map_provider=None`
    keeps pydeck's map-style sentinel, which Streamlit reads as "no basemap" (`map_style=None`
    alone would make it fetch Carto's tiles) — the city's outline, the incidents' density (hexagons
    of 1 km), the depots and the vehicles (pickable: selecting one opens its story)."""
    # The city's edge as one line: a PathLayer is one WebGL program, a filled PolygonLayer two, and
    # the browser compiles each program again on every visit to the map.
    edge = [list(p) for p in view.outline]
    outline = pdk.Layer("PathLayer", data=[{"path": edge + edge[:1]}], id="city", get_path="path",
                        get_color=[90, 90, 90], width_min_pixels=1.5, pickable=False)
    density = pdk.Layer("HexagonLayer", data=pd.DataFrame(view.incidents, columns=["lat", "lon"]), id="incidents",
                        get_position=["lon", "lat"], radius=1000, opacity=0.35, extruded=False, pickable=False,
                        # Counted on the CPU: a few hundred incidents. deck.gl's GPU count reads its
                        # result back from the GPU, a stall of up to half a second on every visit.
                        gpu_aggregation=False,
                        color_range=[[255, 237, 160], [254, 217, 118], [254, 178, 76], [253, 141, 60],
                                     [240, 59, 32], [189, 0, 38]])
    cars = pdk.Layer("ScatterplotLayer", data=map_frame(vehicles, measure, lang), id="vehicles",
                     get_position=["lon", "lat"], get_radius=120, radius_min_pixels=3, get_fill_color="colour",
                     pickable=True, auto_highlight=True)
    depots = pdk.Layer("ScatterplotLayer", data=pd.DataFrame([{"lon": d["lon"], "lat": d["lat"]} for d in view.depots],
                                                             columns=["lon", "lat"]),
                       id="depots", get_position=["lon", "lat"], get_radius=450, radius_min_pixels=7,
                       get_fill_color=[33, 33, 33, 90], stroked=True, get_line_color=[33, 33, 33],
                       line_width_min_pixels=2, pickable=False)
    tip = {"html": "<b>{plate}</b> · {model}<br/>" + "<br/>".join(
        t("fleet.map.tip." + k, lang) + ": {" + k + "}" for k in ("driver", "state", "soc", "soh", "service", "where")),
        "style": {"fontSize": "12px"}}
    return pdk.Deck(layers=[outline, density, cars, depots], map_provider=None, tooltip=tip,
                    initial_view_state=pdk.ViewState(latitude=19.34, longitude=-99.15, zoom=9.2))


def legend(measure: str, lang: str) -> str:
    return t(f"fleet.map.legend.{measure}", lang)


def selected_vehicle(selection) -> int | None:
    """The vehicle picked on the map (st.pydeck_chart's selection state), if any."""
    try:
        objects = selection["selection"]["objects"].get("vehicles") or []
    except (KeyError, TypeError, AttributeError):
        return None
    return int(objects[0]["vehicle_id"]) if objects else None


def map_metrics(vehicles: list[VehicleState], lang: str) -> list[dict]:
    counts = Counter(v.status for v in vehicles)
    soc = [v.soc for v in vehicles if v.soc is not None]
    return [{"label": t("fleet.map.metric.vehicles", lang), "value": f"{len(vehicles):,}"},
            {"label": t("fleet.map.metric.assigned", lang), "value": f"{counts['assigned']:,}"},
            {"label": t("fleet.map.metric.workshop", lang), "value": f"{counts['maintenance']:,}"},
            {"label": t("fleet.map.metric.soc", lang),
             "value": format_percent(sum(soc) / len(soc) / 100, 0) if soc else "—"}]


# --- one vehicle's story ------------------------------------------------------------------------
def story_metrics(story, lang: str) -> list[dict]:
    s = story.state
    return [{"label": t("fleet.story.plate", lang), "value": s.plate},
            {"label": t("fleet.story.state", lang), "value": status_name(s.status, lang)},
            {"label": t("fleet.story.odometer", lang), "value": f"{format_number(s.odometer)} km"},
            {"label": t("fleet.story.next_service", lang), "value": due_status(s, lang), "help": due_text(s, lang)}]


def story_facts(story, lang: str) -> list[tuple[str, str]]:
    s = story.state
    facts = [("plate", s.plate), ("model", f"{s.oem} {s.model}"), ("vin", story.vin),
             ("state", status_name(s.status, lang)), ("depot", s.depot),
             ("in_service_on", format_date(story.in_service_on, lang)),
             ("battery", f"{format_number(story.battery_kwh, 1)} kWh"),
             ("contract", f"{s.contract_code} · {s.product}" if s.contract_code else t("fleet.story.no_contract", lang)),
             ("driver", s.driver), ("odometer", f"{format_number(s.odometer)} km")]
    if s.contract_code:
        facts.append(("contract_start", format_date(story.contract_start, lang)))
    if story.phone:
        facts.append(("phone", story.phone))
    if s.dpd is not None:
        facts.append(("dpd", str(s.dpd)))
    where = (f"{s.lat:.4f}, {s.lon:.4f}" if s.exact else t("fleet.story.zone_only", lang, zone=s.zone))
    facts.append(("position", f"{where} · {format_date(s.reading_on, lang)}"))
    facts.append(("soc_soh", f"{format_percent(None if s.soc is None else s.soc / 100, 0)} · "
                             f"{format_percent(None if s.soh is None else s.soh / 100, 1)}"))
    facts.append(("next_service", f"{due_status(s, lang)}: {due_text(s, lang)}"))
    facts.append(("downtime", t("fleet.story.downtime_days", lang, days=story.downtime_days)))
    return [(t(f"fleet.story.{k}", lang), v) for k, v in facts]


# --- incidents ------------------------------------------------------------------------------
def incident_state(row: dict, lang: str) -> str:
    return t(f"fleet.incident.{row['status']}", lang)


def incidents_table(rows, lang: str) -> pd.DataFrame:
    shown = [(r["id"], when(r["occurred_at"], lang), r["plate"], r.get("driver", "—"), t(f"fleet.ikind.{r['kind']}", lang),
              t(f"fleet.severity.{r['severity']}", lang), r["place"] or r.get("zone", "—"), r.get("zone", "—"),
              format_mxn(r["estimated_cost_centavos"]), incident_state(r, lang),
              "—" if r.get("hours") is None else format_number(r["hours"], 1), STORY_URL.format(id=r["vehicle_id"]))
             for r in rows]
    return _columns(shown, ("incident", "occurred_at", "plate", "driver", "ikind", "severity", "place", "zone", "cost",
                            "state", "hours", "story"), lang)


def incident_label(row: dict, lang: str) -> str:
    kind = t(f"fleet.ikind.{row['kind']}", lang)
    return f"#{row['id']} · {row['plate']} · {kind} · {when(row['occurred_at'], lang)}"


def incident_trend(rows, by: str, lang: str) -> pd.DataFrame:
    """Incidents, cost and median resolution hours grouped by type, vehicle, driver or zone."""
    groups: dict[str, list] = {}
    for r in rows:
        key = {"kind": lambda: t(f"fleet.ikind.{r['kind']}", lang), "vehicle": lambda: r["plate"],
               "driver": lambda: r.get("driver", "—"), "zone": lambda: r.get("zone", "—")}[by]()
        groups.setdefault(key, []).append(r)
    out = []
    for key, items in groups.items():
        hours = sorted(i["hours"] for i in items if i.get("hours") is not None)
        median = hours[len(hours) // 2] if hours else None
        out.append((key, len(items), sum(i["estimated_cost_centavos"] for i in items), median))
    out.sort(key=lambda r: (-r[1], r[0]))
    rows_ = [(k, n, format_mxn(c), "—" if m is None else format_number(m, 1)) for k, n, c, m in out]
    return _columns(rows_, (f"by_{by}", "count", "cost", "median_hours"), lang)


# --- insurance ------------------------------------------------------------------------------
def window_text(row: dict, lang: str) -> str:
    if row["window"] == "uninsured":
        return t("fleet.window.uninsured", lang)
    if row["window"] == "later":
        return t("fleet.window.later", lang)
    return t("fleet.window.days", lang, days=row["window"])


def cover_table(rows, lang: str, *, action_only: bool) -> pd.DataFrame:
    chosen = [r for r in rows if not action_only or needs_action(r)]
    shown = [(r["plate"], f"{r['oem']} {r['model']}", r["depot"], r["insurer"] or "—", r["policy_number"] or "—",
              format_date(r["ends_on"], lang), "—" if r["days_left"] is None else r["days_left"], window_text(r, lang),
              t("fleet.yes", lang) if r["renewed"] else t("fleet.no", lang),
              format_mxn(r["premium_centavos"]) if r["premium_centavos"] else "—", STORY_URL.format(id=r["id"]))
             for r in chosen]
    return _columns(shown, ("plate", "model", "depot", "insurer", "policy", "ends_on", "days_left", "window",
                            "renewed", "premium", "story"), lang)


def uninsured_rows(table: pd.DataFrame, lang: str):
    """The table with vehicles without a policy in force in red (a pandas Styler)."""
    column, uninsured = t("fleet.col.window", lang), t("fleet.window.uninsured", lang)
    return table.style.apply(lambda row: ["color: #c62828; font-weight: 600" if row[column] == uninsured else ""
                                          for _ in row], axis=1)


def claims_table(claims, lang: str) -> pd.DataFrame:
    shown = [(c["id"], c["plate"], c["insurer"], c["policy_number"], "—" if c["incident_id"] is None else c["incident_id"],
              format_date(c["filed_on"], lang), t(f"fleet.claim.{c['status']}", lang), format_mxn(c["claimed_centavos"]),
              format_mxn(c["paid_centavos"]), format_date(c["closed_on"], lang)) for c in claims]
    return _columns(shown, ("claim", "plate", "insurer", "policy", "incident", "filed_on", "state", "claimed", "paid",
                            "closed_on"), lang)


def claim_label(claim: dict, lang: str) -> str:
    status = t(f"fleet.claim.{claim['status']}", lang)
    return f"#{claim['id']} · {claim['plate']} · {status} · {format_mxn(claim['claimed_centavos'])}"


def insurers_table(insurers, lang: str) -> pd.DataFrame:
    shown = [(r["insurer"], r["policies"], format_mxn(r["earned"]), format_mxn(r["paid"]),
              format_percent(r["loss_ratio"])) for r in insurers]
    return _columns(shown, ("insurer", "policies", "earned", "paid", "loss_ratio"), lang)


def premium_metrics(cover, band: tuple[int, int], lang: str) -> list[dict]:
    premiums = [r["premium_centavos"] for r in cover if r["premium_centavos"]]
    average = round(sum(premiums) / len(premiums)) if premiums else None
    low, high = band
    position = "none" if average is None else ("below" if average < low * 100 else "above" if average > high * 100
                                               else "within")
    return [
        {"label": t("fleet.ins.metric.uninsured", lang), "value": f"{sum(r['window'] == 'uninsured' for r in cover):,}",
         "help": t("fleet.ins.metric.uninsured_help", lang)},
        {"label": t("fleet.ins.metric.due", lang), "value": f"{sum(needs_action(r) and r['window'] != 'uninsured' for r in cover):,}",
         "help": t("fleet.ins.metric.due_help", lang)},
        {"label": t("fleet.ins.metric.premium", lang), "value": format_mxn(average),
         "delta": t(f"fleet.band.{position}", lang), "delta_color": "off" if position == "within" else "inverse",
         "help": t("fleet.ins.metric.premium_help", lang, low=f"{low:,}", high=f"{high:,}")},
    ]


def fact_table(facts: list[tuple[str, str]], lang: str) -> pd.DataFrame:
    return pd.DataFrame(facts, columns=[t("fleet.col.fact", lang), t("fleet.col.value", lang)])


def policies_table(policies, lang: str) -> pd.DataFrame:
    shown = [(p["policy_number"], p["insurer"], format_date(p["starts_on"], lang), format_date(p["ends_on"], lang),
              format_mxn(p["premium_centavos"]), p["coverage"]) for p in policies]
    return _columns(shown, ("policy", "insurer", "starts_on", "ends_on", "premium", "coverage"), lang)


def incident_metrics(rows, lang: str) -> list[dict]:
    hours = sorted(r["hours"] for r in rows if r.get("hours") is not None)
    return [{"label": t("fleet.incidents.metric.count", lang), "value": f"{len(rows):,}"},
            {"label": t("fleet.incidents.metric.open", lang), "value": f"{sum(r['status'] == 'open' for r in rows):,}"},
            {"label": t("fleet.incidents.metric.cost", lang),
             "value": format_mxn(sum(r["estimated_cost_centavos"] for r in rows))},
            {"label": t("fleet.incidents.metric.hours", lang),
             "value": format_number(hours[len(hours) // 2], 1) if hours else "—"}]
