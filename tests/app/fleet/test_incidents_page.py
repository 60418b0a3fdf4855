"""The incidents page under AppTest: the metrics and list by hand, logging an incident at a known
place from the page, resolving one, the trends by zone, a refusal naming the field."""
from pathlib import Path

import pytest

from lafa_core.i18n import t
from tests.factories import page_as
from tests.fleet_support import NOW, build_fleet

PAGE = str(Path(__file__).resolve().parents[3] / "pages" / "incidents.py")


@pytest.fixture
def fleet(sqlite_engine, use_database):
    build_fleet(sqlite_engine)
    use_database(sqlite_engine)
    return sqlite_engine


def submit(page):
    return next(b for b in page.button if b.label == t("fleet.incidents.submit")).click().run()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_figures_by_hand(fleet, lang):
    page = page_as(PAGE, fleet, "fleet_ops", lang=lang, collections_now=NOW).run()
    assert not page.exception
    assert [(m.label, m.value) for m in page.metric] == [
        (t("fleet.incidents.metric.count", lang), "2"), (t("fleet.incidents.metric.open", lang), "1"),
        (t("fleet.incidents.metric.cost", lang), "$14,000"), (t("fleet.incidents.metric.hours", lang), "24.0")]
    listing = page.dataframe[0].value
    assert listing[t("fleet.col.plate", lang)].tolist() == ["FLT-004", "FLT-002"]
    assert listing[t("fleet.col.occurred_at", lang)].tolist()[0] == ("10 ene 2026 18:30" if lang == "es"
                                                                      else "10 Jan 2026 18:30")
    assert listing[t("fleet.col.state", lang)].tolist() == [t("fleet.incident.open", lang), t("fleet.incident.closed", lang)]
    trend = page.dataframe[1].value
    assert trend[t("fleet.col.by_kind", lang)].tolist() == sorted([t("fleet.ikind.minor_collision", lang),
                                                                  t("fleet.ikind.tire_damage", lang)])
    cells = " ".join(str(v) for f in page.dataframe for v in f.value.astype(str).to_numpy().ravel())
    assert "None" not in cells and "nan" not in cells


def test_log_then_resolve_from_the_page(fleet):
    page = page_as(PAGE, fleet, "fleet_ops", collections_now=NOW).run()
    page.selectbox(key="incident_vehicle").set_value(3)
    page.selectbox(key="incident_kind").set_value("minor_collision")
    page.selectbox(key="incident_place").set_value("Iztapalapa")
    page.text_input(key="incident_description").set_value("Golpe al estacionar")
    page.text_input(key="incident_cost").set_value("4,500.00")
    submit(page)
    assert not page.exception and not page.error
    assert page.success[0].value == t("fleet.incidents.logged", id=3)
    listing = page.dataframe[0].value
    assert listing[t("fleet.col.plate")].tolist()[0] == "FLT-003"
    assert listing[t("fleet.col.place")].tolist()[0] == "Iztapalapa" and listing[t("fleet.col.zone")].tolist()[0] == "Iztapalapa"
    page.selectbox(key="incident_open").set_value(2)
    page.button(key="incident_resolve").click().run()
    assert page.success[0].value == t("fleet.incidents.resolved", id=2)
    assert [m.value for m in page.metric][1] == "1"  # the new one is still open
    page.radio(key="incidents_by.es").set_value("zone").run()
    zones = page.dataframe[1].value
    assert dict(zip(zones[t("fleet.col.by_zone")], zones[t("fleet.col.count")])) == {
        "Iztapalapa": 2, "Azcapotzalco": 1}


def test_a_bad_cost_is_refused_naming_the_field(fleet):
    page = page_as(PAGE, fleet, "fleet_ops", collections_now=NOW).run()
    page.text_input(key="incident_description").set_value("Golpe")
    page.text_input(key="incident_cost").set_value("12.345")
    submit(page)
    assert page.error[0].value == "Costo (MXN): a lo más dos decimales (centavos)."
    assert [m.value for m in page.metric][0] == "2"
