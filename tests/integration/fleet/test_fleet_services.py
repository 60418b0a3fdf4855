"""Fleet services on both engines, on tests/fleet_support.py's fleet: the figures computed by hand,
the writes validated field by field (nothing written on a refusal) and audited with the user."""
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from lafa_core.fleet import service
from lafa_core.fleet.rules import BY_DATE, BY_KM, DUE_SOON, OK, OVERDUE
from lafa_core.fleet.service import FleetRefused
from lafa_core.bounds import InvalidInput
from lafa_core.tables import AuditLog, Incident, InsuranceClaim, MaintenanceRecord
from lafa_core.users.roles import PermissionDenied
from tests.factories import unit_of_work, uow
from tests.fleet_support import DAY, NOW, at, build_fleet


@pytest.fixture
def fleet(engine):
    build_fleet(engine)
    return engine


def ops(engine, role="fleet_ops"):
    return uow(engine, "flota", at=NOW, role=role)


def count(engine, table) -> int:
    with unit_of_work(engine) as session:
        return session.execute(select(func.count()).select_from(table)).scalar_one()


def audits(engine) -> list[tuple]:
    with unit_of_work(engine) as session:
        return [(r.actor, r.action, r.entity_id, json.loads(r.details))
                for r in session.execute(select(AuditLog).order_by(AuditLog.id)).scalars()]


def test_maintenance_overview_by_hand(fleet):
    view = service.maintenance_overview(ops(fleet))
    assert view.day == DAY and view.first == date(2025, 10, 13)
    by_plate = {v.plate: v for v in view.vehicles}
    v1, v2, v3, v4 = (by_plate[f"FLT-00{i}"] for i in range(1, 5))
    assert (v1.due.status, v1.due.by, v1.due.km_left, v1.due.due_on, v1.daily_km) == (
        DUE_SOON, BY_KM, 200.0, date(2026, 1, 12), 200.0)
    assert (v2.due.status, v2.due.km_left, v2.last_service_km) == (OVERDUE, -5_000.0, 0.0)
    assert (v3.due.status, v3.due.by, v3.due.due_on, v3.due.days_left) == (OVERDUE, BY_DATE, date(2026, 1, 5), -6)
    assert (v4.due.status, v4.due.by, v4.due.days_left, v4.in_workshop, v4.status) == (
        OK, BY_DATE, 141, True, "maintenance")
    assert v2.due.due_on == date(2026, 1, 1)  # a year since it entered service: the date came first
    assert [v.plate for v in view.overdue] == ["FLT-002", "FLT-003"]
    assert (view.vehicle_days, view.cost_centavos, view.per_vehicle_month_centavos, view.band) == (
        364, 300_000, 25_086, "below")
    assert view.downtime_days == 6 and view.downtime_share == pytest.approx(6 / 364)
    assert [o["id"] for o in view.orders] == [3, 2]


def test_a_lessees_car_is_placed_at_its_zone_unless_the_role_may_see_it(fleet):
    shown = {v.plate: v for v in service.fleet_map(ops(fleet)).vehicles}
    assert (shown["FLT-002"].lat, shown["FLT-002"].lon, shown["FLT-002"].exact) == (19.355, -99.06, False)
    assert shown["FLT-002"].zone == "Iztapalapa" and shown["FLT-002"].dpd is not None
    assert (shown["FLT-001"].lat, shown["FLT-001"].exact, shown["FLT-001"].driver) == (19.49, True, "Ana López Pérez")
    admin = {v.plate: v for v in service.fleet_map(ops(fleet, "admin")).vehicles}
    assert admin["FLT-001"].driver == "Ana L." and admin["FLT-002"].lat == 19.355  # admin: no personal data
    with pytest.raises(PermissionDenied):
        service.fleet_map(ops(fleet, "finance"))


def test_the_vehicle_story(fleet):
    story = service.vehicle_story(ops(fleet), 2)
    assert story.state.plate == "FLT-002" and story.state.contract_code == "LTO-FLT-2"
    assert story.phone == "+52 55 0000 3002" and story.state.exact is False
    assert [o["id"] for o in story.orders] == [2] and [i["id"] for i in story.incidents] == [1]
    assert [p["policy_number"] for p in story.policies] == ["POL-FLT-2"] and story.claims[0]["paid_centavos"] == 1_140_000
    assert sum(w["km"] for w in story.weeks) == 2_800.0 and story.weeks[-1]["soh"] == pytest.approx(96.8)
    assert story.downtime_days == 3
    assert service.vehicle_story(ops(fleet), 99) is None


def test_work_orders_open_and_close_audited(fleet):
    order = service.open_work_order(ops(fleet), vehicle_id=1, kind="preventive", description="Servicio 30,000 km",
                                    opened_on=date(2026, 1, 12), odometer_km=29_950)
    service.close_work_order(ops(fleet), order_id=order, closed_on=date(2026, 1, 12), cost="2,450.50")
    with unit_of_work(fleet) as session:
        row = session.get(MaintenanceRecord, order)
        assert (row.cost_centavos, row.next_service_km, row.closed_on) == (245_050, 44_950.0, date(2026, 1, 12))
    assert [(a, action, eid) for a, action, eid, _ in audits(fleet)] == [
        ("flota", "fleet.work_order_opened", str(order)), ("flota", "fleet.work_order_closed", str(order))]
    assert audits(fleet)[1][3]["cost_centavos"] == 245_050
    view = service.maintenance_overview(ops(fleet))
    v1 = next(v for v in view.vehicles if v.plate == "FLT-001")
    assert (v1.last_service_km, v1.due.status) == (29_950.0, OK)


@pytest.mark.parametrize("values, field", [
    ({"opened_on": date(2026, 1, 13)}, "opened_on"),  # tomorrow by the wall clock
    ({"odometer_km": 29_000}, "odometer_km"),  # below 29,800 already recorded
    ({"odometer_km": -5}, "odometer_km"), ({"odometer_km": 12.5}, "odometer_km"),
    ({"kind": "wash"}, "kind"), ({"description": "  "}, "description"), ({"description": "x" * 201}, "description"),
    ({"vehicle_id": 99}, "vehicle"), ({"opened_on": date(2024, 1, 1)}, "opened_on"),
])
def test_a_bad_work_order_is_refused_naming_the_field_and_nothing_is_written(fleet, values, field):
    good = dict(vehicle_id=1, kind="corrective", description="Frenos", opened_on=DAY, odometer_km=29_800)
    with pytest.raises((FleetRefused, InvalidInput)) as refused:
        service.open_work_order(ops(fleet), **(good | values))
    assert refused.value.field == field
    assert count(fleet, MaintenanceRecord) == 3 and audits(fleet) == []


@pytest.mark.parametrize("values, field", [
    ({"cost": "0"}, "cost"), ({"cost": "-10"}, "cost"), ({"cost": "12.345"}, "cost"), ({"cost": "abc"}, "cost"),
    ({"closed_on": date(2026, 1, 8)}, "closed_on"), ({"closed_on": date(2026, 1, 13)}, "closed_on"),
    ({"order_id": 2}, "work_order"), ({"order_id": 99}, "work_order"),
])
def test_a_bad_closing_is_refused(fleet, values, field):
    good = dict(order_id=3, closed_on=date(2026, 1, 12), cost="1500")
    with pytest.raises((FleetRefused, InvalidInput)) as refused:
        service.close_work_order(ops(fleet), **(good | values))
    assert refused.value.field == field and audits(fleet) == []


def test_only_fleet_operations_record_work(fleet):
    with pytest.raises(PermissionDenied):
        service.open_work_order(ops(fleet, "finance"), vehicle_id=1, kind="corrective", description="x",
                                opened_on=DAY, odometer_km=29_800)


def test_incidents_logged_resolved_and_trended(fleet):
    new = service.log_incident(ops(fleet), vehicle_id=3, occurred_at=at(date(2026, 1, 12), 8), kind="other",
                               severity="low", description="Rayón", place="Santa Fe", lat=19.365, lon=-99.255,
                               cost="800.00", driver_id=None)
    view = service.incident_overview(ops(fleet))
    assert [i["id"] for i in view.incidents] == [new, 2, 1]
    first = next(i for i in view.incidents if i["id"] == 1)
    assert (first["hours"], first["zone"], first["driver"]) == (24.0, "Iztapalapa", "Beto Ruiz Soto")
    when = service.resolve_incident(ops(fleet), incident_id=2)
    assert when == NOW
    with pytest.raises(FleetRefused) as again:
        service.resolve_incident(ops(fleet), incident_id=2)
    assert again.value.field == "incident"
    assert [a[1] for a in audits(fleet)] == ["fleet.incident_logged", "fleet.incident_resolved"]
    assert "Rayón" not in json.dumps([a[3] for a in audits(fleet)])  # ids and figures only


@pytest.mark.parametrize("values, field", [
    ({"occurred_at": at(date(2026, 1, 12), 11)}, "occurred_at"),  # an hour after the wall clock
    ({"cost": "0"}, "cost"), ({"cost": "1.001"}, "cost"), ({"kind": "ufo"}, "kind"), ({"severity": "x"}, "severity"),
    ({"lat": 25.0}, "place"), ({"place": ""}, "place"), ({"driver_id": 99}, "driver"), ({"vehicle_id": 99}, "vehicle"),
])
def test_a_bad_incident_is_refused(fleet, values, field):
    good = dict(vehicle_id=1, occurred_at=at(DAY, 9), kind="minor_collision", severity="low", description="Golpe",
                place="Vallejo", lat=19.49, lon=-99.16, cost="1000", driver_id=1)
    with pytest.raises((FleetRefused, InvalidInput)) as refused:
        service.log_incident(ops(fleet), **(good | values))
    assert refused.value.field == field and count(fleet, Incident) == 2 and audits(fleet) == []


def test_insurance_overview_by_hand(fleet):
    view = service.insurance_overview(ops(fleet))
    windows = {r["plate"]: (r["window"], r["days_left"]) for r in view.cover}
    assert windows == {"FLT-001": ("30", 21), "FLT-002": ("later", 141), "FLT-003": ("uninsured", None),
                       "FLT-004": ("later", 141)}
    gnp = next(r for r in view.insurers if r["insurer"] == "GNP Seguros")
    assert (gnp["earned"], gnp["paid"]) == (round(2_400_000 * 225 / 365), 1_140_000)
    assert gnp["loss_ratio"] == pytest.approx(1_140_000 / 1_479_452)
    assert [i["id"] for i in view.claimable] == [2]
    assert service.insurance_overview(ops(fleet, "finance")).day == DAY


def test_claims_filed_and_decided(fleet):
    claim = service.file_claim(ops(fleet), incident_id=2, filed_on=date(2026, 1, 12), claimed="2000")
    service.decide_claim(ops(fleet, "finance"), claim_id=claim, decision="approved", decided_on=date(2026, 1, 12))
    service.decide_claim(ops(fleet, "finance"), claim_id=claim, decision="paid", decided_on=date(2026, 1, 12),
                         paid="1,900.00")
    with unit_of_work(fleet) as session:
        row = session.get(InsuranceClaim, claim)
        assert (row.policy_id, row.status, row.paid_centavos, row.closed_on) == (3, "paid", 190_000, date(2026, 1, 12))
    assert [a[1] for a in audits(fleet)] == ["insurance.claim_filed", "insurance.claim_decided",
                                             "insurance.claim_decided"]
    with pytest.raises(FleetRefused) as closed:
        service.decide_claim(ops(fleet), claim_id=claim, decision="rejected", decided_on=date(2026, 1, 12))
    assert closed.value.field == "claim"


@pytest.mark.parametrize("values, field", [
    ({"incident_id": 99}, "incident"), ({"incident_id": 1}, "incident"),  # unknown; already claimed
    ({"filed_on": date(2026, 1, 9)}, "filed_on"), ({"filed_on": date(2026, 1, 13)}, "filed_on"),
    ({"claimed": "0"}, "claimed"), ({"claimed": "10.005"}, "claimed"),
])
def test_a_bad_claim_is_refused(fleet, values, field):
    good = dict(incident_id=2, filed_on=date(2026, 1, 11), claimed="2000")
    with pytest.raises((FleetRefused, InvalidInput)) as refused:
        service.file_claim(ops(fleet), **(good | values))
    assert refused.value.field == field and count(fleet, InsuranceClaim) == 1 and audits(fleet) == []


def test_a_payout_above_the_claim_is_refused(fleet):
    claim = service.file_claim(ops(fleet), incident_id=2, filed_on=DAY, claimed="2000")
    with pytest.raises(FleetRefused) as refused:
        service.decide_claim(ops(fleet), claim_id=claim, decision="paid", decided_on=DAY, paid="2000.01")
    assert refused.value.field == "paid"


def test_two_people_filing_the_same_incident_at_once_get_one_claim(fleet, monkeypatch):
    """The second filer read "no claim yet" before the first committed: the one-claim-per-incident
    index refuses it, naming the incident."""
    from lafa_core.fleet import queries

    service.file_claim(ops(fleet), incident_id=2, filed_on=DAY, claimed="2000")
    monkeypatch.setattr(queries, "claim_for_incident", lambda **_: None)  # as it read before the first commit
    with pytest.raises(FleetRefused) as refused:
        service.file_claim(ops(fleet, "finance"), incident_id=2, filed_on=DAY, claimed="2100")
    assert refused.value.field == "incident" and count(fleet, InsuranceClaim) == 2
    assert [a[1] for a in audits(fleet)] == ["insurance.claim_filed"]


def test_one_leases_days_past_due_read_alone_match_the_whole_book(fleet):
    from lafa_core.ledger.queries import lease_days_past_due

    with unit_of_work(fleet) as session:
        book = lease_days_past_due(session=session, as_of=DAY)
        alone = lease_days_past_due(session=session, as_of=DAY, contract_id=2)
    assert alone == {2: book[2]} and set(book) == {2}
    assert service.vehicle_story(ops(fleet), 2).state.dpd == book[2]
