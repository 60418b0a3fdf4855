"""The fleet map under AppTest: the metrics, the deck's layers and what reaches the browser (a
lessee's car at its zone's centre for fleet operations, no basemap), filters, English."""
import json
from pathlib import Path

import pytest

from lafa_core.i18n import t
from tests.factories import page_as
from tests.fleet_support import NOW, build_fleet

PAGE = str(Path(__file__).resolve().parents[3] / "pages" / "fleet_map.py")


@pytest.fixture
def fleet(sqlite_engine, use_database):
    build_fleet(sqlite_engine)
    use_database(sqlite_engine)
    return sqlite_engine


def deck(page) -> dict:
    return json.loads(page.get("deck_gl_json_chart")[0].proto.json)


def vehicles_layer(spec) -> list[dict]:
    return next(layer for layer in spec["layers"] if layer["id"] == "vehicles")["data"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_map_and_what_reaches_the_browser(fleet, lang):
    page = page_as(PAGE, fleet, "fleet_ops", lang=lang, collections_now=NOW).run()
    assert not page.exception
    assert page.title[0].value == t("fleet.map.title", lang)
    assert [(m.label, m.value) for m in page.metric] == [
        (t("fleet.map.metric.vehicles", lang), "4"), (t("fleet.map.metric.assigned", lang), "2"),
        (t("fleet.map.metric.workshop", lang), "1"), (t("fleet.map.metric.soc", lang), "62 %")]
    spec = deck(page)
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec  # no basemap: no token, no internet
    assert [layer["id"] for layer in spec["layers"]] == ["city", "incidents", "vehicles", "depots"]
    layers = {layer["id"]: layer for layer in spec["layers"]}
    # What the browser draws fast: the city's edge is one path (one WebGL program), and the incidents
    # are counted on the CPU (deck.gl's GPU count stalls reading its result back, every visit).
    assert layers["city"]["@@type"] == "PathLayer" and layers["incidents"]["gpuAggregation"] is False
    cars = {row["plate"]: row for row in vehicles_layer(spec)}
    assert (cars["FLT-002"]["lat"], cars["FLT-002"]["lon"]) == (19.355, -99.06)  # Iztapalapa's centre
    assert "19.36" not in json.dumps(vehicles_layer(spec))
    assert cars["FLT-001"]["driver"] == "Ana López Pérez" and cars["FLT-001"]["lat"] == 19.49
    assert cars["FLT-004"]["state"] == t("fleet.status.maintenance", lang)
    assert t("fleet.map.lto_masked", lang) in [c.value for c in page.caption]


def test_filters_and_measures(fleet):
    page = page_as(PAGE, fleet, "fleet_ops", collections_now=NOW).run()
    page.multiselect(key="map_product.es").set_value(["LTO"]).run()
    assert [m.value for m in page.metric][0] == "1"
    page.selectbox(key="map_measure.es").set_value("service").run()
    assert not page.exception
    car = vehicles_layer(deck(page))[0]
    assert car["plate"] == "FLT-002" and car["colour"] == [220, 50, 60]  # overdue: red
    assert t("fleet.map.legend.service") in [c.value for c in page.caption]
