"""The dispatch page under AppTest, on the depot of tests/dispatch_support.py with the business
clock stopped: the board's figures, the suggested pairs and the vehicles' states as shown;
confirming; today's check-in and check-out feeding payroll minutes; English; who may act."""
from pathlib import Path

import pytest

from lafa_core.clock import PayrollWeek
from lafa_core.i18n import t
from lafa_core.payroll.service import compute_lines
from tests.dispatch_support import BOARD_AT, DAY, at, build_dispatch_depot
from tests.factories import page_as, unit_of_work

PAGE = str(Path(__file__).resolve().parents[3] / "pages" / "dispatch.py")
METRICS = ("drivers", "ready", "pairs", "waiting", "confirmed")


@pytest.fixture
def depot(sqlite_engine, use_database):
    build_dispatch_depot(sqlite_engine)
    use_database(sqlite_engine)
    return sqlite_engine


def shown_metrics(at_):
    return [(m.label, m.value) for m in at_.metric]


def expected(values, lang="es"):
    return [(t(f"dispatch.metric.{key}", lang), str(value)) for key, value in zip(METRICS, values)]


def frames(at_):
    return [f.value for f in at_.dataframe]


def assert_readable(at_, lang):
    for table in frames(at_):
        assert not [c for c in table.columns if "dispatch." in str(c) or "_" in str(c)], table.columns
        cells = table.astype(str).to_numpy().ravel().tolist()
        assert not {"None", "nan", "NaN", "NaT"} & set(cells)
        assert not [c for c in cells if c.startswith("dispatch.")]


def minutes_worked(engine, driver_id):
    with unit_of_work(engine) as session:
        lines = compute_lines(session, PayrollWeek(DAY.replace(day=5), DAY.replace(day=11)))
    return next(line.minutes_worked for line in lines if line.driver_id == driver_id)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_board_shows_tomorrows_drivers_ready_vehicles_and_the_suggestion(depot, lang):
    page = page_as(PAGE, depot, "fleet_ops", lang=lang, collections_now=BOARD_AT).run()
    assert not page.exception
    assert page.title[0].value == t("dispatch.title", lang)
    assert page.date_input(key="dispatch_day").value == DAY
    assert shown_metrics(page) == expected([4, 3, 3, 1, 0], lang)
    editor = next(f for f in frames(page) if t("dispatch.col.zone", lang) in f.columns)
    assert editor[t("dispatch.col.driver", lang)].tolist() == ["Conductor 1", "Conductor 2", "Conductor 3", "Conductor 4"]
    assert editor[t("dispatch.col.vehicle", lang)].tolist() == ["DSP-001", "DSP-002", "DSP-005", t("dispatch.no_vehicle", lang)]
    vehicles = next(f for f in frames(page) if t("dispatch.col.soc_at_start", lang) in f.columns)
    states = dict(zip(vehicles[t("dispatch.col.plate", lang)], zip(vehicles[t("dispatch.col.soc_at_start", lang)],
                                                                   vehicles[t("dispatch.col.state", lang)])))
    assert states == {"DSP-001": ("90 %", t("dispatch.state.ready", lang)),
                      "DSP-004": ("85 %", t("dispatch.state.uninsured", lang)),
                      "DSP-002": ("80 %", t("dispatch.state.ready", lang)),
                      "DSP-003": ("80 %", t("dispatch.state.workshop", lang)),
                      "DSP-005": ("80 %", t("dispatch.state.ready", lang))}
    assert page.success[0].value == t("dispatch.no_conflicts", lang)
    assert page.button(key="dispatch_confirm").label == t("dispatch.confirm", lang, count=3)
    assert not page.button(key="dispatch_confirm").disabled
    assert t("dispatch.nothing_open", lang) in [c.value for c in page.caption]
    assert_readable(page, lang)
    text = " ".join(str(e.value) for e in [*page.caption, *page.markdown])
    assert "CURP" not in text and "+52" not in text


def test_confirm_then_check_in_and_out_at_the_business_clock(depot):
    page = page_as(PAGE, depot, "fleet_ops", collections_now=BOARD_AT).run()
    page.button(key="dispatch_confirm").click().run()
    assert not page.exception
    assert page.success[0].value == t("dispatch.confirmed", count=3)
    assert shown_metrics(page) == expected([1, 0, 0, 1, 3])  # Conductor 4 still waits for a ready car
    confirmed = next(f for f in frames(page) if t("dispatch.col.status") in f.columns)
    assert confirmed.values.tolist() == [
        ["Conductor 1", "DSP-001", "06:00", "14:00", "Confirmado"], ["Conductor 2", "DSP-002", "06:00", "14:00", "Confirmado"],
        ["Conductor 3", "DSP-005", "06:00", "14:00", "Confirmado"]]

    before = minutes_worked(depot, 1)
    morning = page_as(PAGE, depot, "fleet_ops", collections_now=at(DAY, 5, 52)).run()
    assert not morning.exception
    shift = morning.selectbox(key="dispatch_shift")
    assert shift.options[0] == "Conductor 1 · DSP-001 · 06:00–14:00 · Confirmado"
    assert morning.button(key="dispatch_check_out").disabled
    morning.button(key="dispatch_check_in").click().run()
    assert morning.success[0].value == t("dispatch.checked_in", time="05:52")
    assert morning.selectbox(key="dispatch_shift").options[0] == "Conductor 1 · DSP-001 · 06:00–14:00 · En turno desde las 05:52"
    morning.session_state["collections_now"] = at(DAY, 14, 10)
    morning.run()
    morning.button(key="dispatch_check_out").click().run()
    assert not morning.exception
    assert morning.success[0].value == t("dispatch.checked_out", minutes=498)
    assert minutes_worked(depot, 1) == before + 498
    today = frames(morning)[-1]  # today's shifts come last
    assert today.values.tolist()[0] == ["Conductor 1", "DSP-001", "05:52", "14:10", "Trabajado"]


@pytest.mark.parametrize("role", ["finance", "hr_payroll"])
def test_finance_and_hr_read_the_board_without_acting(depot, role):
    page = page_as(PAGE, depot, role, collections_now=BOARD_AT).run()
    assert not page.exception
    assert shown_metrics(page) == expected([4, 3, 3, 1, 0])
    assert page.button(key="dispatch_confirm").disabled
    assert t("dispatch.read_only") in [c.value for c in page.caption]


def test_a_role_without_access_is_refused(depot):
    page = page_as(PAGE, depot, "collections_agent", collections_now=BOARD_AT).run()
    assert not page.exception
    assert page.error[0].value.startswith("Tu rol (") and "no tiene acceso" in page.error[0].value
    assert not page.metric and not page.dataframe
