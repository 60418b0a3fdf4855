"""The maintenance page under AppTest on tests/fleet_support.py's fleet: the metrics and tables as
computed by hand, a work order opened and closed from the page, a refusal naming the field in
Spanish, English, and a read-only role."""
from pathlib import Path

import pytest

from lafa_core.i18n import t
from tests.factories import page_as
from tests.fleet_support import NOW, build_fleet

PAGE = str(Path(__file__).resolve().parents[3] / "pages" / "maintenance.py")


@pytest.fixture
def fleet(sqlite_engine, use_database):
    build_fleet(sqlite_engine)
    use_database(sqlite_engine)
    return sqlite_engine


def assert_readable(page):
    for frame in (f.value for f in page.dataframe):
        assert not [c for c in frame.columns if "fleet." in str(c) or "_" in str(c)], frame.columns
        cells = frame.astype(str).to_numpy().ravel().tolist()
        assert not {"None", "nan", "NaN", "NaT"} & set(cells)
        assert not [c for c in cells if c.startswith("fleet.")]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_figures_by_hand(fleet, lang):
    page = page_as(PAGE, fleet, "fleet_ops", lang=lang, collections_now=NOW).run()
    assert not page.exception
    assert page.title[0].value == t("fleet.maintenance.title", lang)
    metrics = [(m.label, m.value) for m in page.metric]
    assert metrics == [(t("fleet.metric.overdue", lang), "2"), (t("fleet.metric.due_soon", lang), "1"),
                       (t("fleet.metric.in_workshop", lang), "1"), (t("fleet.metric.cost_month", lang), "$251"),
                       (t("fleet.metric.downtime", lang), "6")]
    due = page.dataframe[0].value
    col = lambda key: due[t(f"fleet.col.{key}", lang)].tolist()  # noqa: E731
    assert col("plate") == ["FLT-002", "FLT-003", "FLT-001"]
    assert col("status") == [t("fleet.due.overdue", lang)] * 2 + [t("fleet.due.due_soon", lang)]
    assert col("due")[0] == t("fleet.due.text.km_over", lang, km="5,000")
    assert col("due")[2] == (t("fleet.due.text.km_left", lang, km="200") + " · "
                             + t("fleet.due.text.days", lang, days=1, day="12 ene 2026" if lang == "es" else "12 Jan 2026"))
    assert col("story")[0] == "/vehicle?vehicle=2"
    assert_readable(page)


def test_open_then_close_a_work_order_from_the_page(fleet):
    page = page_as(PAGE, fleet, "fleet_ops", collections_now=NOW).run()
    page.selectbox(key="maintenance_vehicle").set_value(1)
    page.selectbox(key="maintenance_kind").set_value("preventive")
    page.text_input(key="maintenance_description").set_value("Servicio 30,000 km")
    page.number_input(key="maintenance_odometer").set_value(29_950)
    next(b for b in page.button if b.label == t("fleet.maintenance.open_submit")).click().run()
    assert not page.exception and not page.error
    assert page.success[0].value == t("fleet.maintenance.opened", id=4)
    assert [(m.label, m.value) for m in page.metric][1] == (t("fleet.metric.due_soon"), "0")
    page.selectbox(key="maintenance_order").set_value(4)
    page.text_input(key="maintenance_cost").set_value("2,450.50")
    next(b for b in page.button if b.label == t("fleet.maintenance.close_submit")).click().run()
    assert page.success[0].value == t("fleet.maintenance.closed", id=4)
    orders = page.dataframe[2].value
    assert orders[t("fleet.col.cost")].tolist()[0] == "$2,451"


def test_a_refusal_names_the_field_in_spanish(fleet):
    page = page_as(PAGE, fleet, "fleet_ops", collections_now=NOW).run()
    page.text_input(key="maintenance_description").set_value("Frenos")
    page.number_input(key="maintenance_odometer").set_value(100)
    next(b for b in page.button if b.label == t("fleet.maintenance.open_submit")).click().run()
    assert page.error[0].value == ("Odómetro (km): el odómetro no puede retroceder; ya hay 29,800 km "
                                   "registrados.")


def test_admin_reads_without_forms(fleet):
    page = page_as(PAGE, fleet, "admin", collections_now=NOW).run()
    assert not page.exception and t("fleet.read_only") in [c.value for c in page.caption]
    assert not [b for b in page.button if b.label == t("fleet.maintenance.open_submit")]
