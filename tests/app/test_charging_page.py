"""The depot night charging page under AppTest, on the hand-built depot of
tests/integration/test_charging_service.py: the metrics are the service's figures, formatted; the
vehicle that cannot reach its target is named; fleet operations and finance read it in Spanish
and English (only fleet operations changes the target); a role without access is refused."""
import json
from datetime import timedelta
from pathlib import Path

import pytest

from lafa_core.charging.service import plan_depot_night
from lafa_core.i18n import format_mxn, format_number, format_percent, t
from tests.factories import page_as, uow
from tests.integration.test_charging_service import EVENING, build_depot_night

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "charging.py")
METRICS = ("energy", "peak", "demand", "base", "savings")


@pytest.fixture
def depot_night(sqlite_engine, use_database):
    build_depot_night(sqlite_engine)
    use_database(sqlite_engine)
    return sqlite_engine


def expected_metrics(plan, lang="es"):
    """(label, value) of the metrics row, from the service's numbers."""
    best = plan.optimized_figures
    values = [format_mxn(best.energy_cost, centavos=False, decimals=2), f"{format_number(best.peak_kw, 1)} kW",
              format_mxn(best.demand_charge, centavos=False, decimals=2), format_percent(best.base_period_share),
              format_mxn(plan.savings_month, centavos=False, decimals=0)]
    return [(t(f"charging.metric.{key}", lang), value) for key, value in zip(METRICS, values)]


def shown_metrics(at):
    return [(m.label, m.value) for m in at.metric]


def assert_readable_tables(at, lang):
    for frame in at.dataframe:
        table = frame.value
        assert not [c for c in table.columns if "charging." in str(c) or "_" in str(c)], table.columns
        cells = table.astype(str).to_numpy().ravel().tolist()
        assert not {"None", "nan", "NaN", "NaT"} & set(cells)
        assert not [c for c in cells if c.startswith("charging.")]


@pytest.mark.parametrize("role, lang", [("fleet_ops", "es"), ("finance", "en"), ("fleet_ops", "en"), ("finance", "es")])
def test_the_metrics_are_the_services_figures(depot_night, role, lang):
    at = page_as(PAGE, depot_night, role, lang=lang).run()
    assert not at.exception
    plan = plan_depot_night(uow(depot_night), depot_id=1, evening=EVENING)
    assert at.title[0].value == t("charging.title", lang)
    assert shown_metrics(at) == expected_metrics(plan, lang)
    savings = at.metric[4]
    assert savings.proto.delta == format_percent(plan.savings_month_share)
    assert at.metric[0].proto.delta == format_mxn(plan.optimized_figures.energy_cost - plan.on_arrival_figures.energy_cost,
                                                  centavos=False, decimals=2)
    # The vehicle that cannot make it is named, with why and the best it can reach.
    assert at.warning[-1].value == t("charging.unserved", lang, count=1)
    unserved = next(f.value for f in at.dataframe if t("charging.col.best_soc", lang) in f.value.columns)
    assert unserved.to_dict("records") == [{
        t("charging.col.plate", lang): "CHG-003", t("charging.col.reason", lang): t("charging.reason.charger_time", lang),
        t("charging.col.best_soc", lang): format_percent(plan.unserved[0].best_soc, 0),
        t("charging.col.target", lang): "80 %"}]
    vehicles = next(f.value for f in at.dataframe if t("charging.col.ready_by", lang) in f.value.columns)
    assert vehicles[t("charging.col.plate", lang)].tolist() == ["CHG-001", "CHG-002", "CHG-003", "CHG-006", "CHG-008"]
    one = vehicles.iloc[0]
    assert one[t("charging.col.arrives", lang)] == "21:00"
    assert one[t("charging.col.ready_by", lang)] == t("charging.for_shift", lang, time=t("charging.next_day", lang, time="07:00"))
    assert vehicles.iloc[3][t("charging.col.arrival_soc", lang)] == t("charging.assumed_soc", lang, soc="20 %")
    assert t("charging.soc_assumed", lang, count=1, soc="20 %") in [w.value for w in at.warning]
    assert_readable_tables(at, lang)
    # The load chart's time axis is text the page wrote, not Plotly dates.
    load = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert load["data"][0]["x"][:3] == ["18:00", "18:15", "18:30"] and "06:00" in load["data"][0]["x"]
    assert load["layout"]["xaxis"]["type"] == "category"
    assert load["layout"]["xaxis"]["title"]["text"] == t("charging.axis.time", lang)
    # Only fleet operations changes the target; finance reads the plan.
    assert at.slider(key="charging_target").proto.disabled is (role != "fleet_ops")


def test_changing_the_target_and_the_depot_recomputes(depot_night):
    at = page_as(PAGE, depot_night, "fleet_ops").run()
    at.slider(key="charging_target").set_value(100).run()
    assert not at.exception
    full = plan_depot_night(uow(depot_night), depot_id=1, evening=EVENING, target_soc=1.0)
    assert shown_metrics(at) == expected_metrics(full)
    at.selectbox(key="charging_depot").set_value(2).run()
    assert not at.exception
    other = plan_depot_night(uow(depot_night), depot_id=2, evening=EVENING, target_soc=1.0)
    assert shown_metrics(at) == expected_metrics(other)
    assert at.success[0].value == t("charging.all_served")
    at.date_input(key="charging_evening").set_value(EVENING + timedelta(days=1)).run()  # nobody comes back to DEP-02
    assert not at.exception
    assert at.info[0].value == t("charging.no_vehicles", depot="DEP-02 Iztapalapa", day="9 ene 2026")
    assert not at.metric


def test_a_role_without_access_is_refused(depot_night):
    at = page_as(PAGE, depot_night, "collections_agent").run()
    assert not at.exception
    assert at.error[0].value.startswith("Tu rol (") and "no tiene acceso" in at.error[0].value
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")
