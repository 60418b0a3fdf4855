"""What the fleet pages say, without a database: the due texts, the map's colours and the vehicle
picked on the map, refusals naming the field in the reader's words."""
from datetime import date

from lafa_core.bounds import InvalidInput, centavos
from lafa_core.fleet import presentation as view
from lafa_core.fleet.rules import Interval, service_due
from lafa_core.fleet.service import FleetRefused, VehicleState

TODAY = date(2026, 1, 11)


def state(**due) -> VehicleState:
    values = dict(last_km=15_000.0, last_on=date(2025, 10, 1), odometer=29_700.0, daily_km=100.0, today=TODAY,
                  interval=Interval(15_000, 12))
    found = service_due(**(values | due))
    return VehicleState(1, "FLT-001", "JAC", "E10X", "assigned", 1, "Vallejo", "DaE", "DAE-1", "Ana L.", None, 19.49,
                        -99.16, True, "Azcapotzalco", 60.0, 97.0, TODAY, due.get("odometer", 29_700.0), 100.0,
                        date(2025, 10, 1), 15_000.0, found, False)


def test_due_texts_in_both_languages():
    soon = state()
    assert view.due_text(soon, "es") == "servicio en menos de 300 km · vence en 3 días (14 ene 2026)"
    assert view.due_text(soon, "en") == "needs service within 300 km · due in 3 days (14 Jan 2026)"
    assert view.due_text(state(odometer=31_000.0), "es") == "vencido hace 1,000 km"
    late = state(odometer=20_000.0, last_on=date(2024, 12, 1))
    assert view.due_text(late, "es") == "vencido por fecha desde el 1 dic 2025 (hace 41 días)"


def test_map_colours_and_selection():
    assert view.colour(state(), "status") == [46, 125, 50]
    assert view.colour(state(odometer=31_000.0), "service") == [220, 50, 60]  # overdue: red
    assert view.colour(state(), "dpd") == [150, 150, 150]  # no lease: grey
    assert view.selected_vehicle({"selection": {"objects": {"vehicles": [{"vehicle_id": 7, "plate": "X"}]}}}) == 7
    assert view.selected_vehicle({"selection": {"objects": {}}}) is None
    assert view.selected_vehicle(None) is None


def test_refusals_name_the_field_in_the_readers_words():
    refused = FleetRefused("odometer_km", "backwards", key="fleet.refused.odometer_back", known="29,800")
    assert view.refusal(refused, "es") == ("Odómetro (km): el odómetro no puede retroceder; ya hay 29,800 km "
                                           "registrados.")
    try:
        centavos("12.345", "cost")
    except InvalidInput as error:
        assert view.refusal(error, "en") == "Cost (MXN): at most two decimals (centavos)."
