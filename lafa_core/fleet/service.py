"""Fleet operations use cases (Track A: P0.3 maintenance, P0.5c incidents, P0.5d insurance, the
fleet map and one vehicle's story), on the data's as-of day.

Reads (`maintenance_overview`, `fleet_map`, `vehicle_story`, `incident_overview`,
`insurance_overview`) need the role to open the page they serve. Writes check the action
(`Action.FLEET_MAINTAIN`, `FLEET_INCIDENTS`, `INSURANCE_CLAIMS`), validate every field before
anything is written — days and moments not after the wall clock (`uow.now()`), an odometer never
below the highest one known for the vehicle by that day, amounts positive and exact to the centavo
(`bounds.centavos`), text within its column, a claim's incident existing, covered by a policy and
not claimed twice — and refuse naming the field; each is one transaction audited with ids and
figures (no names), so nothing partial is written.

Personal data: a lessee's car (LTO) is placed on the map and in its story at the centre of its
zone unless the role may see lessees' positions (`PersonalData.LTO_POSITION`): the exact
coordinates never leave the service. Drivers appear by first name and initial unless the role
sees their phone (fleet operations do: they call them); the phone only to those roles.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.exc import IntegrityError

from lafa_core import audit, bounds
from lafa_core.clock import day_start, require_aware, week_start
from lafa_core.config import LOCAL_TZ
from lafa_core.errors import LocalizedError
from lafa_core.fleet import queries
from lafa_core.fleet import reference as ref
from lafa_core.fleet.rules import (
    OVERDUE, ServiceDue, band_position, downtime_days, earned_premium, loss_ratio, masked_name, nearest_zone,
    per_vehicle_month, resolution_hours, service_days, service_due,
)
from lafa_core.identity import acting
from lafa_core.insurance.queries import cover_on
from lafa_core.insurance.rules import LATER, UNINSURED, renewal_window
from lafa_core.ledger.sql import as_date
from lafa_core.tables import Product
from lafa_core.uow import UnitOfWork
from lafa_core.users.roles import Action, Page, PermissionDenied, PersonalData, can_open, sees

ORDER_KINDS = ("preventive", "corrective", "tires", "brakes", "battery")
INCIDENT_KINDS = ("minor_collision", "major_collision", "tire_damage", "mechanical_breakdown", "traffic_fine",
                  "theft_attempt", "other")
SEVERITIES = ("low", "medium", "high")
CLAIM_DECISIONS = ("approved", "paid", "rejected")
AVERAGE_DAYS = 28  # the pace behind the due-date forecast: average km per day over the last four weeks
PERIOD_DAYS = 91  # maintenance cost, downtime and incidents: the last 13 weeks
STORY_WEEKS = 26


class FleetRefused(LocalizedError, ValueError):
    """A fleet write that cannot be done (the message names the field); nothing was written."""

    def __init__(self, field_name: str, message: str, *, key: str, **values):
        super().__init__(f"{field_name}: {message}", key=key, field=field_name, **values)
        self.field = field_name


def _may_open(uow: UnitOfWork, page: Page) -> None:
    role = getattr(uow.actor, "role", None)
    if not can_open(role, page):
        raise PermissionDenied(f"{getattr(uow.actor, 'name', 'nobody')} may not open {page.value}",
                               key="auth.denied", action=page.value)


def _id(value, field_name: str) -> int:
    return bounds.whole_number(value, field_name, minimum=1, maximum=2**31 - 1)


def _not_future(day: date, today: date, field_name: str) -> date:
    if not isinstance(day, date) or isinstance(day, datetime):
        raise FleetRefused(field_name, "a date is required", key="fleet.refused.date_required")
    if day > today:
        raise FleetRefused(field_name, f"{day} is after today ({today})", key="fleet.refused.future")
    return day


# --- the fleet's state on a day -------------------------------------------------------------
@dataclass(frozen=True)
class VehicleState:
    """One vehicle on the as-of day: identity, contract, last reading and service due."""

    vehicle_id: int
    plate: str
    oem: str
    model: str
    status: str  # VehicleStatus, or "maintenance" while a work order keeps it in the workshop
    depot_id: int
    depot: str
    product: str | None
    contract_code: str | None
    driver: str  # as the role may see it
    dpd: int | None  # LTO leases only
    lat: float | None
    lon: float | None
    exact: bool  # False: placed at its zone's centre (or its depot without a reading)
    zone: str
    soc: float | None
    soh: float | None
    reading_on: date | None
    odometer: float
    daily_km: float
    last_service_on: date
    last_service_km: float
    due: ServiceDue
    in_workshop: bool


def _states(uow: UnitOfWork, day: date, vehicle_id: int | None = None) -> list[VehicleState]:
    session, role = uow.session, getattr(uow.actor, "role", None)
    exact_lto, named = sees(role, PersonalData.LTO_POSITION), sees(role, PersonalData.PHONE)
    vehicles = queries.fleet(session=session, day=day, vehicle_id=vehicle_id)
    latest = queries.latest_telemetry(session=session, day=day, vehicle_id=vehicle_id)
    recent = queries.km_driven(session=session, first=day - timedelta(days=AVERAGE_DAYS - 1), last=day,
                               vehicle_id=vehicle_id)
    # Work orders recorded since the data's day (today's, by the wall clock) count already.
    workshop = queries.workshop_state(session=session, day=max(day, uow.now().date()), vehicle_id=vehicle_id)
    if vehicle_id is None:
        dpd = queries.lease_dpd(session=session, day=day)
    else:
        leases = [v["contract_id"] for v in vehicles if v["product"] == Product.LTO.value]
        dpd = queries.lease_dpd(session=session, day=day, contract_id=leases[0]) if leases else {}
    zones, soon = ref.city()["zones"], ref.due_soon()
    states = []
    for v in vehicles:
        t = latest.get(v["id"], {})
        w = workshop.get(v["id"], {})
        km, readings = recent.get(v["id"], (0.0, 0))
        odometer = max(float(t.get("odometer_km") or 0.0), float(w.get("max_km") or 0.0), float(v["start_km"] or 0.0))
        last_on = as_date(w["last_service_on"]) if w.get("last_service_on") else as_date(v["in_service_on"])
        last_km = float(w["last_service_km"]) if w.get("last_service_km") is not None else float(v["start_km"] or 0.0)
        daily = km / readings if readings else 0.0
        due = service_due(last_km=last_km, last_on=last_on, odometer=odometer, daily_km=daily, today=day,
                          interval=ref.interval_for(v["oem"], v["model"]), soon=soon)
        lat, lon = t.get("lat"), t.get("lon")
        exact = lat is not None
        if lat is None:
            lat, lon = v["depot_lat"], v["depot_lon"]
        zone = nearest_zone(lat, lon, zones)
        if v["product"] == Product.LTO.value and not exact_lto:
            lat, lon, exact = zone.lat, zone.lon, False
        in_workshop = bool(w.get("open_orders"))
        driver = v["driver_name"] if named else masked_name(v["driver_name"])
        states.append(VehicleState(
            v["id"], v["plate"], v["oem"], v["model"], "maintenance" if in_workshop else v["status"], v["depot_id"],
            v["depot"], v["product"], v["contract_code"], driver if v["driver_name"] else "—",
            dpd.get(v["contract_id"]) if v["product"] == Product.LTO.value else None, lat, lon, exact, zone.name,
            t.get("soc_end_pct"), t.get("soh_pct"), as_date(t["day"]) if t.get("day") else None, odometer, daily,
            last_on, last_km, due, in_workshop))
    return states


# --- maintenance (P0.3) -----------------------------------------------------------------------
@dataclass(frozen=True)
class MaintenanceOverview:
    day: date | None
    first: date | None = None
    vehicles: tuple[VehicleState, ...] = ()
    orders: tuple[dict, ...] = ()  # work orders open at some point of the period, newest first
    cost_centavos: int = 0  # work orders opened in the period
    vehicle_days: int = 0  # days in service of the fleet in the period
    downtime_days: int = 0
    per_vehicle_month_centavos: int | None = None
    band_mxn: tuple[int, int] = (500, 1000)
    band: str = "none"
    cost_by_vehicle: dict = field(default_factory=dict)  # vehicle id → (cost, vehicle-days, downtime days)

    @property
    def overdue(self) -> list[VehicleState]:
        return sorted((v for v in self.vehicles if v.due.status == OVERDUE), key=lambda v: (v.due.due_on, v.plate))

    @property
    def downtime_share(self) -> float | None:
        return None if not self.vehicle_days else self.downtime_days / self.vehicle_days


def maintenance_overview(uow: UnitOfWork) -> MaintenanceOverview:
    """Every vehicle's next service (due by km or date, whichever first, with the forecast), the
    overdue list, work orders of the last 13 weeks, downtime and its share of fleet days, and
    maintenance cost per vehicle-month against the strategy's band."""
    _may_open(uow, Page.MAINTENANCE)
    with uow:
        day = uow.as_of()
        if day is None:
            return MaintenanceOverview(None)
        first = day - timedelta(days=PERIOD_DAYS - 1)
        states = _states(uow, day)
        orders = queries.work_orders(session=uow.session, first=first, last=max(day, uow.now().date()))
        costs = queries.maintenance_cost(session=uow.session, first=first, last=day)
        spans = queries.service_spans(session=uow.session, first=first, last=day)
    days = {vid: service_days(as_date(start), as_date(end) if end else None, first, day) for vid, start, end in spans}
    down = defaultdict(int)
    for o in orders:
        down[o["vehicle_id"]] += downtime_days(as_date(o["opened_on"]), as_date(o["closed_on"]) if o["closed_on"] else None,
                                               first, day)
    cost, vehicle_days = sum(costs.values()), sum(days.values())
    monthly = per_vehicle_month(cost, vehicle_days)
    band = ref.maintenance_band_mxn()
    by_vehicle = {vid: (costs.get(vid, 0), n, down.get(vid, 0)) for vid, n in days.items() if n}
    return MaintenanceOverview(day, first, tuple(states), tuple(orders), cost, vehicle_days, sum(down.values()),
                               monthly, band, band_position(None if monthly is None else monthly / 100, *band),
                               by_vehicle)


def open_work_order(uow: UnitOfWork, *, vehicle_id: int, kind: str, description: str, opened_on: date,
                    odometer_km) -> int:
    """A work order: the vehicle enters the workshop on `opened_on` at `odometer_km`."""
    actor = acting(uow.actor, Action.FLEET_MAINTAIN)
    vehicle_id = _id(vehicle_id, "vehicle")
    kind = bounds.choice(kind, "kind", ORDER_KINDS)
    description = bounds.text(description, "description", max_length=200, required=True).strip()
    odometer = _odometer(odometer_km)
    with uow:
        today = uow.now().date()
        _not_future(opened_on, today, "opened_on")
        vehicle = queries.vehicle(session=uow.session, vehicle_id=vehicle_id)
        if vehicle is None:
            raise FleetRefused("vehicle", f"no vehicle {vehicle_id}", key="fleet.refused.unknown_vehicle")
        if opened_on < as_date(vehicle["in_service_on"]):
            raise FleetRefused("opened_on", "before the vehicle entered service", key="fleet.refused.before_service")
        known = queries.highest_odometer(session=uow.session, vehicle_id=vehicle_id, day=opened_on)
        if known is not None and odometer < known:
            raise FleetRefused("odometer_km", f"{odometer:,.0f} km is below {known:,.0f} km already recorded",
                               key="fleet.refused.odometer_back", known=f"{known:,.0f}")
        order_id = queries.add_work_order(session=uow.session, vehicle_id=vehicle_id, opened_on=opened_on, kind=kind,
                                          description=description, odometer_km=odometer, cost_centavos=0)
        audit.record(uow, "fleet.work_order_opened", "maintenance_record", order_id, actor=actor.name,
                     vehicle_id=vehicle_id, kind=kind, opened_on=opened_on.isoformat(), odometer_km=odometer)
        uow.commit()
    return order_id


def _odometer(value) -> float:
    number = bounds.whole_number(value, "odometer_km", minimum=0, maximum=2_000_000)
    return float(number)


def close_work_order(uow: UnitOfWork, *, order_id: int, closed_on: date, cost) -> None:
    """Close and cost a work order: the vehicle is back on `closed_on`; a preventive service sets the
    next one's km from the model's interval."""
    actor = acting(uow.actor, Action.FLEET_MAINTAIN)
    order_id = _id(order_id, "work_order")
    cost_centavos = bounds.centavos(cost, "cost")
    with uow:
        today = uow.now().date()
        _not_future(closed_on, today, "closed_on")
        order = queries.work_order(session=uow.session, order_id=order_id)
        if order is None:
            raise FleetRefused("work_order", f"no work order {order_id}", key="fleet.refused.unknown_order")
        if order["closed_on"] is not None:
            raise FleetRefused("work_order", "already closed", key="fleet.refused.order_closed")
        if closed_on < as_date(order["opened_on"]):
            raise FleetRefused("closed_on", "before the work order opened", key="fleet.refused.closed_before_opened")
        next_km = (order["odometer_km"] + ref.interval_for(order["oem"], order["model"]).km
                   if order["kind"] == "preventive" else None)
        if not queries.close_work_order(session=uow.session, order_id=order_id, closed_on=closed_on,
                                        cost_centavos=cost_centavos, next_service_km=next_km):
            raise FleetRefused("work_order", "already closed", key="fleet.refused.order_closed")
        audit.record(uow, "fleet.work_order_closed", "maintenance_record", order_id, actor=actor.name,
                     vehicle_id=order["vehicle_id"], closed_on=closed_on.isoformat(), cost_centavos=cost_centavos)
        uow.commit()


# --- the fleet map ------------------------------------------------------------------------------
@dataclass(frozen=True)
class FleetMap:
    day: date | None
    vehicles: tuple[VehicleState, ...] = ()
    depots: tuple[dict, ...] = ()
    incidents: tuple[tuple[float, float], ...] = ()  # (lat, lon), last 13 weeks
    outline: tuple = ()
    exact_lto: bool = False


def fleet_map(uow: UnitOfWork) -> FleetMap:
    """Every vehicle in service at its last known position (lessees' cars at their zone's centre
    unless the role may see them), the depots and the last 13 weeks' incidents."""
    _may_open(uow, Page.FLEET_MAP)
    with uow:
        day = uow.as_of()
        if day is None:
            return FleetMap(None)
        states = _states(uow, day)
        depots = queries.depots(session=uow.session)
        points = queries.incident_points(session=uow.session, since=day_start(day - timedelta(days=PERIOD_DAYS - 1)))
    return FleetMap(day, tuple(states), tuple(depots), tuple(points), tuple(map(tuple, ref.city()["outline"])),
                    sees(getattr(uow.actor, "role", None), PersonalData.LTO_POSITION))


# --- one vehicle's story ---------------------------------------------------------------------
@dataclass(frozen=True)
class VehicleStory:
    day: date
    state: VehicleState
    vin: str
    in_service_on: date
    battery_kwh: float
    contract_start: date | None
    phone: str | None
    weeks: tuple[dict, ...]  # week, km, kWh charged, SOH (last reading of the week)
    orders: tuple[dict, ...]
    incidents: tuple[dict, ...]
    policies: tuple[dict, ...]
    claims: tuple[dict, ...]
    downtime_days: int  # in the last 13 weeks


def vehicle_choices(uow: UnitOfWork) -> tuple[date | None, list[tuple[int, str]]]:
    """(as-of day, [(vehicle id, plate)]) of the fleet in service."""
    _may_open(uow, Page.VEHICLE)
    with uow:
        day = uow.as_of()
        if day is None:
            return None, []
        return day, [(v["id"], v["plate"]) for v in queries.fleet(session=uow.session, day=day)]


def vehicle_story(uow: UnitOfWork, vehicle_id: int) -> VehicleStory | None:
    """Everything about one vehicle on the as-of day; None for an unknown vehicle."""
    _may_open(uow, Page.VEHICLE)
    with uow:
        day = uow.as_of()
        if day is None:
            return None
        found = queries.fleet(session=uow.session, day=day, vehicle_id=vehicle_id)
        if not found:
            return None
        states = _states(uow, day, vehicle_id)
        first = week_start(day) - timedelta(weeks=STORY_WEEKS - 1)
        readings = queries.weekly_readings(session=uow.session, vehicle_id=vehicle_id, first=first, last=day)
        energy = queries.charged_energy(session=uow.session, vehicle_id=vehicle_id, first=first, last=day)
        orders = queries.work_orders(session=uow.session, first=date(1900, 1, 1), last=max(day, uow.now().date()),
                                     vehicle_id=vehicle_id)
        events = queries.incidents(session=uow.session, since=datetime(1900, 1, 1, tzinfo=LOCAL_TZ),
                                   until=day_start(max(day, uow.now().date()) + timedelta(days=1)),
                                   vehicle_id=vehicle_id)
        policies = queries.policies(session=uow.session, vehicle_id=vehicle_id)
        claims = queries.claims(session=uow.session, vehicle_id=vehicle_id)
    v = found[0]
    weeks: dict[date, dict] = {}
    for r in readings:
        w = weeks.setdefault(week_start(as_date(r["day"])), {"km": 0.0, "kwh": 0.0, "soh": None})
        w["km"] += float(r["km"])
        w["soh"] = float(r["soh_pct"])
    for charged_on, kwh in energy:
        weeks.setdefault(week_start(as_date(charged_on)), {"km": 0.0, "kwh": 0.0, "soh": None})["kwh"] += kwh
    first_period = day - timedelta(days=PERIOD_DAYS - 1)
    down = sum(downtime_days(as_date(o["opened_on"]), as_date(o["closed_on"]) if o["closed_on"] else None,
                             first_period, day) for o in orders)
    phone = v["driver_phone"] if sees(getattr(uow.actor, "role", None), PersonalData.PHONE) else None
    return VehicleStory(day, states[0] if states else None, v["vin"], as_date(v["in_service_on"]), v["battery_kwh"],
                        as_date(v["contract_start"]) if v["contract_start"] else None, phone,
                        tuple({"week": k, **weeks[k]} for k in sorted(weeks)), tuple(orders), _incident_rows(uow, events),
                        tuple(policies), tuple(claims), down)


# --- incidents (P0.5c) ----------------------------------------------------------------------
@dataclass(frozen=True)
class IncidentOverview:
    day: date | None
    incidents: tuple[dict, ...] = ()  # last 13 weeks, newest first, each with zone and hours to resolve
    places: tuple[tuple[str, float, float], ...] = ()  # depots and zones one may pick as the place
    vehicles: tuple[tuple[int, str, int | None], ...] = ()  # id, plate, the running contract's driver


def _incident_rows(uow: UnitOfWork, rows) -> tuple[dict, ...]:
    """Incidents with their zone, hours to resolve and the driver as the role may see them."""
    zones = ref.city()["zones"]
    named = sees(getattr(uow.actor, "role", None), PersonalData.PHONE)
    return tuple(r | {"zone": nearest_zone(r["lat"], r["lon"], zones).name,
                      "driver": (r["driver_name"] if named else masked_name(r["driver_name"])) if r["driver_name"]
                      else "—",
                      "hours": resolution_hours(r["occurred_at"], r["resolved_at"])} for r in rows)


def incident_overview(uow: UnitOfWork) -> IncidentOverview:
    _may_open(uow, Page.INCIDENTS)
    with uow:
        day = uow.as_of()
        if day is None:
            return IncidentOverview(None)
        until = day_start(max(day, uow.now().date()) + timedelta(days=1))  # today's new ones included
        rows = queries.incidents(session=uow.session, since=day_start(day - timedelta(days=PERIOD_DAYS - 1)),
                                 until=until)
        depots = queries.depots(session=uow.session)
        vehicles = [(v["id"], v["plate"], v["driver_id"]) for v in queries.fleet(session=uow.session, day=day)]
    zones = ref.city()["zones"]
    shown = _incident_rows(uow, rows)
    places = tuple((f"{d['code']} · {d['name']}", d["lat"], d["lon"]) for d in depots) + tuple(
        (z.name, z.lat, z.lon) for z in zones)
    return IncidentOverview(day, shown, places, tuple(vehicles))


def log_incident(uow: UnitOfWork, *, vehicle_id: int, occurred_at: datetime, kind: str, severity: str,
                 description: str, place: str, lat: float, lon: float, cost, driver_id: int | None = None) -> int:
    """Record an incident (open). Where: the place in words (typed, or a depot or zone picked) and its
    coordinates, inside the city's bounding box."""
    actor = acting(uow.actor, Action.FLEET_INCIDENTS)
    vehicle_id = _id(vehicle_id, "vehicle")
    driver_id = None if driver_id is None else _id(driver_id, "driver")
    kind = bounds.choice(kind, "kind", INCIDENT_KINDS)
    severity = bounds.choice(severity, "severity", SEVERITIES)
    description = bounds.text(description, "description", max_length=200, required=True).strip()
    place = bounds.text(place, "place", max_length=120, required=True).strip()
    cost_centavos = bounds.centavos(cost, "cost")
    moment = require_aware(occurred_at, "occurred_at")
    if not (isinstance(lat, (int, float)) and isinstance(lon, (int, float)) and not isinstance(lat, bool)
            and not isinstance(lon, bool) and 18.9 <= lat <= 19.9 and -99.6 <= lon <= -98.7):
        raise FleetRefused("place", "coordinates outside Mexico City", key="fleet.refused.outside_city")
    with uow:
        if moment > uow.now():
            raise FleetRefused("occurred_at", "after the wall clock", key="fleet.refused.future")
        vehicle = queries.vehicle(session=uow.session, vehicle_id=vehicle_id)
        if vehicle is None:
            raise FleetRefused("vehicle", f"no vehicle {vehicle_id}", key="fleet.refused.unknown_vehicle")
        if driver_id is not None and not queries.driver_exists(session=uow.session, driver_id=driver_id):
            raise FleetRefused("driver", f"no driver {driver_id}", key="fleet.refused.unknown_driver")
        incident_id = queries.add_incident(
            session=uow.session, vehicle_id=vehicle_id, driver_id=driver_id, occurred_at=moment, kind=kind,
            severity=severity, description=description, place=place, lat=float(lat), lon=float(lon),
            estimated_cost_centavos=cost_centavos, status="open")
        audit.record(uow, "fleet.incident_logged", "incident", incident_id, actor=actor.name, vehicle_id=vehicle_id,
                     driver_id=driver_id, kind=kind, severity=severity, cost_centavos=cost_centavos)
        uow.commit()
    return incident_id


def resolve_incident(uow: UnitOfWork, *, incident_id: int) -> datetime:
    """Close an open incident at the wall clock; its resolution time runs from when it happened."""
    actor = acting(uow.actor, Action.FLEET_INCIDENTS)
    incident_id = _id(incident_id, "incident")
    with uow:
        now = uow.now()
        found = queries.incident(session=uow.session, incident_id=incident_id)
        if found is None:
            raise FleetRefused("incident", f"no incident {incident_id}", key="fleet.refused.unknown_incident")
        if not queries.resolve_incident(session=uow.session, incident_id=incident_id, resolved_at=now):
            raise FleetRefused("incident", "already resolved", key="fleet.refused.incident_closed")
        audit.record(uow, "fleet.incident_resolved", "incident", incident_id, actor=actor.name,
                     vehicle_id=found["vehicle_id"], hours=round(resolution_hours(found["occurred_at"], now), 1))
        uow.commit()
    return now


# --- insurance (P0.5d) ----------------------------------------------------------------------
@dataclass(frozen=True)
class InsuranceOverview:
    day: date | None
    cover: tuple[dict, ...] = ()  # every vehicle in service with its policy in force and renewal window
    claims: tuple[dict, ...] = ()
    insurers: tuple[dict, ...] = ()  # insurer, policies, premiums earned, claims paid, loss ratio (last year)
    band_mxn: tuple[int, int] = (20_000, 40_000)
    claimable: tuple[dict, ...] = ()  # incidents of the last 13 weeks without a claim


def insurance_overview(uow: UnitOfWork) -> InsuranceOverview:
    """Cover on the as-of day (reusing the renewal windows), claims, premium per vehicle against the
    strategy's band and each insurer's loss ratio over the last 365 days."""
    _may_open(uow, Page.INSURANCE)
    with uow:
        day = uow.as_of()
        if day is None:
            return InsuranceOverview(None)
        first = day - timedelta(days=364)
        cover = cover_on(session=uow.session, day=day)
        policies = queries.policies(session=uow.session, first=first, last=day)
        claims = queries.claims(session=uow.session)
        recent = queries.incidents(session=uow.session, since=day_start(day - timedelta(days=PERIOD_DAYS - 1)),
                                   until=day_start(day + timedelta(days=1)))
    claimed = {c["incident_id"] for c in claims}
    rows = tuple(v | {"window": renewal_window(v["ends_on"], day),
                      "days_left": None if v["ends_on"] is None else (v["ends_on"] - day).days} for v in cover)
    insurers: dict[str, dict] = {}
    for p in policies:
        row = insurers.setdefault(p["insurer"], {"insurer": p["insurer"], "policies": 0, "earned": 0, "paid": 0})
        row["policies"] += 1
        row["earned"] += earned_premium(p["premium_centavos"], as_date(p["starts_on"]), as_date(p["ends_on"]), first, day)
    for c in claims:
        if c["paid_centavos"] and c["closed_on"] is not None and as_date(c["closed_on"]) >= first:
            insurers.setdefault(c["insurer"], {"insurer": c["insurer"], "policies": 0, "earned": 0, "paid": 0})
            insurers[c["insurer"]]["paid"] += c["paid_centavos"]
    table = tuple(sorted((r | {"loss_ratio": loss_ratio(r["paid"], r["earned"])} for r in insurers.values()),
                         key=lambda r: r["insurer"]))
    return InsuranceOverview(day, rows, tuple(claims), table, ref.premium_band_mxn(),
                             tuple(i for i in recent if i["id"] not in claimed))


def needs_action(row: dict) -> bool:
    """A vehicle without a policy in force, or whose policy ends within 90 days with no renewal bought."""
    return row["window"] == UNINSURED or (row["window"] != LATER and not row["renewed"])


def file_claim(uow: UnitOfWork, *, incident_id: int, filed_on: date, claimed) -> int:
    """File a claim for an incident on the policy that covered its vehicle the day it happened."""
    actor = acting(uow.actor, Action.INSURANCE_CLAIMS)
    incident_id = _id(incident_id, "incident")
    amount = bounds.centavos(claimed, "claimed")
    with uow:
        _not_future(filed_on, uow.now().date(), "filed_on")
        found = queries.incident(session=uow.session, incident_id=incident_id)
        if found is None:
            raise FleetRefused("incident", f"no incident {incident_id}", key="fleet.refused.unknown_incident")
        happened = found["occurred_at"].astimezone(LOCAL_TZ).date()
        if filed_on < happened:
            raise FleetRefused("filed_on", "before the incident", key="fleet.refused.filed_before_incident")
        if queries.claim_for_incident(session=uow.session, incident_id=incident_id) is not None:
            raise FleetRefused("incident", "already claimed", key="fleet.refused.already_claimed")
        policy = next((p for p in queries.policies(session=uow.session, vehicle_id=found["vehicle_id"])
                       if as_date(p["starts_on"]) <= happened < as_date(p["ends_on"])), None)
        if policy is None:
            raise FleetRefused("incident", "no policy covered the vehicle that day", key="fleet.refused.no_policy")
        try:
            claim_id = queries.add_claim(session=uow.session, policy_id=policy["id"], incident_id=incident_id,
                                         filed_on=filed_on, status="filed", claimed_centavos=amount, paid_centavos=0)
        except IntegrityError:  # a colleague filed it a moment ago (one claim per incident)
            raise FleetRefused("incident", "already claimed", key="fleet.refused.already_claimed") from None
        audit.record(uow, "insurance.claim_filed", "insurance_claim", claim_id, actor=actor.name,
                     incident_id=incident_id, policy_id=policy["id"], claimed_centavos=amount)
        uow.commit()
    return claim_id


def decide_claim(uow: UnitOfWork, *, claim_id: int, decision: str, decided_on: date, paid=None) -> None:
    """The insurer's answer: approved (still to pay), paid (with the payout, at most the amount
    claimed) or rejected. A paid or rejected claim is closed and changes no more."""
    actor = acting(uow.actor, Action.INSURANCE_CLAIMS)
    claim_id = _id(claim_id, "claim")
    decision = bounds.choice(decision, "decision", CLAIM_DECISIONS)
    payout = bounds.centavos(paid, "paid") if decision == "paid" else 0
    with uow:
        _not_future(decided_on, uow.now().date(), "decided_on")
        found = queries.claim(session=uow.session, claim_id=claim_id)
        if found is None:
            raise FleetRefused("claim", f"no claim {claim_id}", key="fleet.refused.unknown_claim")
        if found["status"] in ("paid", "rejected"):
            raise FleetRefused("claim", "already closed", key="fleet.refused.claim_closed")
        if decided_on < as_date(found["filed_on"]):
            raise FleetRefused("decided_on", "before the claim was filed", key="fleet.refused.decided_before_filed")
        if payout > found["claimed_centavos"]:
            raise FleetRefused("paid", "more than the amount claimed", key="fleet.refused.paid_above_claimed")
        closed = decided_on if decision in ("paid", "rejected") else None
        if not queries.settle_claim(session=uow.session, claim_id=claim_id, from_status=found["status"],
                                    status=decision, paid_centavos=payout, closed_on=closed):
            raise FleetRefused("claim", "changed meanwhile", key="fleet.refused.claim_closed")
        audit.record(uow, "insurance.claim_decided", "insurance_claim", claim_id, actor=actor.name,
                     decision=decision, paid_centavos=payout)
        uow.commit()


def fleet_version(uow: UnitOfWork) -> tuple:
    """The pages' cache key: the data's day and what fleet writes change."""
    with uow:
        return (str(uow.as_of()),) + queries.version(session=uow.session)
