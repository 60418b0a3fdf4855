"""The vehicle's story under AppTest: opened by a link (?vehicle=2) or by plate; identity, contract,
driver and position as the role may see them; weekly km and SOH; the records."""
from pathlib import Path

import pytest

from lafa_core.i18n import t
from tests.factories import page_as
from tests.fleet_support import NOW, build_fleet

PAGE = str(Path(__file__).resolve().parents[3] / "pages" / "vehicle.py")


@pytest.fixture
def fleet(sqlite_engine, use_database):
    build_fleet(sqlite_engine)
    use_database(sqlite_engine)
    return sqlite_engine


def facts(page) -> dict:
    frame = page.dataframe[0].value
    return dict(zip(frame[t("fleet.col.fact")], frame[t("fleet.col.value")]))


def test_a_link_opens_the_lessees_car_without_its_exact_position(fleet):
    page = page_as(PAGE, fleet, "fleet_ops", collections_now=NOW)
    page.query_params["vehicle"] = "2"
    page.run()
    assert not page.exception
    shown = facts(page)
    assert shown["Placa"] == "FLT-002" and shown["Contrato"] == "LTO-FLT-2 · LTO"
    assert shown["Conductor"] == "Beto Ruiz Soto" and shown["Teléfono del conductor"] == "+52 55 0000 3002"
    assert shown["Última posición"] == "zona Iztapalapa (posición exacta reservada) · 11 ene 2026"
    assert "19.36" not in " ".join(shown.values())
    assert shown["Próximo servicio"] == "Vencido: vencido hace 5,000 km"
    assert shown["Tiempo en taller"] == "3 días en las últimas 13 semanas"
    assert [m.value for m in page.metric] == ["FLT-002", "Con contrato", "20,000 km", "Vencido"]
    assert page.metric[3].help == "vencido hace 5,000 km"
    orders, incidents, policies, claims = (f.value for f in page.dataframe[1:])
    assert orders[t("fleet.col.cost")].tolist() == ["$3,000"]
    assert incidents[t("fleet.col.hours")].tolist() == ["24.0"] and incidents[t("fleet.col.zone")].tolist() == ["Iztapalapa"]
    assert policies[t("fleet.col.premium")].tolist() == ["$24,000"]
    assert claims[t("fleet.col.paid")].tolist() == ["$11,400"]


def test_picking_a_plate_and_english(fleet):
    page = page_as(PAGE, fleet, "admin", lang="en", collections_now=NOW)
    page.query_params["vehicle"] = "3"
    page.run()
    assert not page.exception
    page.selectbox(key="story_vehicle").set_value(1).run()
    frame = page.dataframe[0].value
    shown = dict(zip(frame[t("fleet.col.fact", "en")], frame[t("fleet.col.value", "en")]))
    assert shown["Plate"] == "FLT-001" and shown["Driver"] == "Ana L." and "Driver's phone" not in shown
    assert shown["Last position"] == "19.4900, -99.1600 · 11 Jan 2026"
    assert page.query_params["vehicle"] == "1"


def test_the_weekly_charts_read_in_spanish(fleet):
    import json

    page = page_as(PAGE, fleet, "fleet_ops", collections_now=NOW)
    page.query_params["vehicle"] = "1"
    page.run()
    soh, km = (json.loads(chart.proto.spec) for chart in page.get("plotly_chart"))
    assert soh["layout"]["xaxis"]["ticktext"][:2] == ["15 dic", "22 dic"]
    assert soh["layout"]["title"]["text"] == t("fleet.story.soh_trend")
    assert [bar["name"] for bar in km["data"]] == ["Km", "kWh cargados en depósito"]
    assert km["data"][0]["y"][1] == 1_400.0  # 200 km a day, the week of 22 dic 2025
    assert km["data"][0]["hovertext"][1] == "Semana del 22 dic 2025: 1,400.0"
