"""The battery health page under AppTest, on the hand-built fleet of tests/battery_support.py: the
metrics are the service's figures, formatted; the anomalies list names each car's reason and
suggestion; fleet operations record a decision (shown in the list, audited), finance and executives
read it; every table and chart reads in the user's language (no keys, no raw columns, no "None")."""
import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from lafa_core.battery import battery_report, latest_decisions
from lafa_core.battery.presentation import per_year, reason_text
from lafa_core.config import LOCAL_TZ, get_settings
from lafa_core.i18n import format_mxn_millions, format_number, t
from tests.battery_support import DEEP, FAULT, HOT, WORN, build_battery_fleet, plate
from tests.factories import page_as, uow

PAGE = str(Path(__file__).resolve().parents[2].parent / "pages" / "battery.py")
NOON = datetime(2026, 11, 23, 12, 0, tzinfo=LOCAL_TZ)


@pytest.fixture
def fleet(sqlite_engine, use_database):
    build_battery_fleet(sqlite_engine)
    use_database(sqlite_engine)
    return sqlite_engine


def tab(name: str, lang: str = "es") -> dict:
    """Session state that opens the page on a tab (only the open tab runs)."""
    return {f"battery_tab.{lang}": t(f"battery.tab.{name}", lang)}


def _open(at, name: str, lang: str):
    at.session_state[f"battery_tab.{lang}"] = t(f"battery.tab.{name}", lang)
    return at.run()


def _report(engine):
    return battery_report(uow(engine), seed=get_settings().random_seed)


def _table(at, column: str):
    return next(f.value for f in at.dataframe if column in f.value.columns)


def assert_readable(at, lang):
    for frame in at.dataframe:
        table = frame.value
        assert not [c for c in table.columns if "battery." in str(c) or "_" in str(c)], table.columns
        cells = table.astype(str).to_numpy().ravel().tolist()
        assert not {"None", "nan", "NaN", "NaT", "<NA>"} & set(cells)
        assert not [c for c in cells if "battery." in c]
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        layout = spec["layout"]
        assert "battery." not in json.dumps(spec)
        assert layout["yaxis"]["title"]["text"] == t("battery.axis.soh", lang)


@pytest.mark.parametrize("role, lang", [("fleet_ops", "es"), ("finance", "en"), ("executive", "es")])
def test_the_metrics_and_the_list_are_the_services_figures(fleet, role, lang):
    at = page_as(PAGE, fleet, role, lang=lang).run()
    assert not at.exception
    report = _report(fleet)
    assert at.title[0].value == t("battery.title", lang)
    shown = {m.label: m.value for m in at.metric}
    assert shown[t("battery.metric.soh", lang)] == f"{format_number(report.fleet.average_soh, 2)} %"
    assert shown[t("battery.metric.fade", lang)] == per_year(report.fleet.median_fade_pct_year, lang)
    assert shown[t("battery.metric.flagged", lang)] == "4"
    assert shown[t("battery.metric.below_band", lang)] == format_number(report.fleet.below_band)
    assert shown[t("battery.metric.residual", lang)] == format_mxn_millions(report.fleet.residual_centavos[1])
    groups = _table(at, t("battery.col.group", lang))
    assert groups[t("battery.col.vehicles", lang)].tolist() == ["22", "23"]  # Geely EX2 (even ids), JAC E10X
    assert_readable(at, lang)
    _open(at, "anomalies", lang)
    assert not at.exception
    listed = _table(at, t("battery.col.reason", lang))
    assert set(listed[t("battery.col.plate", lang)]) == {plate(v) for v in (HOT, DEEP, FAULT, WORN)}
    rows = listed.set_index(t("battery.col.plate", lang))
    cars = report.vehicles.set_index("plate")
    assert rows.loc[plate(HOT), t("battery.col.reason", lang)] == reason_text(cars.loc[plate(HOT), "reasons"], lang,
                                                                               report.policy)
    assert rows.loc[plate(FAULT), t("battery.col.suggested", lang)] == t("battery.action.warranty_claim", lang)
    assert rows.loc[plate(WORN), t("battery.col.suggested", lang)] == t("battery.action.rotate", lang)
    assert rows.loc[plate(WORN), t("battery.col.date_85", lang)] == t("battery.already", lang)
    assert rows.loc[plate(HOT), t("battery.col.decision", lang)] == t("battery.decision.none", lang)
    if lang == "es":
        assert rows.loc[plate(HOT), t("battery.col.reason", lang)].startswith("degrada 3.9× el promedio de la flota")
        assert "°C de máxima diaria promedio" in rows.loc[plate(HOT), t("battery.col.reason", lang)]
    assert_readable(at, lang)
    if role == "fleet_ops":
        assert [b for b in at.button if b.label == t("battery.decide.submit", lang)]
    else:
        assert not [b for b in at.button if b.label == t("battery.decide.submit", lang)]
        assert t("battery.decide.read_only", lang) in [c.value for c in at.caption]
    # The lease's line, and every car's residual value.
    _open(at, "value", lang)
    leases = _table(at, t("battery.col.option_value", lang))
    assert leases[t("battery.col.contract", lang)].tolist() == ["LTO-0000001"]
    residuals = _table(at, t("battery.col.residual_range", lang))
    assert len(residuals) == len(cars)
    assert_readable(at, lang)
    # The vehicle tab opens on the flagged car fading fastest against the fleet.
    _open(at, "vehicle", lang)
    fastest = report.vehicles[report.vehicles["flagged"]].sort_values("fade_ratio", ascending=False).iloc[0]
    assert at.selectbox(key="battery_vehicle").value == int(fastest["vehicle_id"])
    assert_readable(at, lang)


def test_fleet_operations_record_a_decision(fleet):
    at = page_as(PAGE, fleet, "fleet_ops", **tab("anomalies")).run()
    at.selectbox(key="battery_decide_vehicle").set_value(WORN)
    at.selectbox(key="battery_decide_action.es").set_value("rotate")
    at.text_input(key="battery_decide_note").input("sale de plataforma el lunes")
    next(b for b in at.button if b.label == t("battery.decide.submit", "es")).click().run()
    assert not at.exception
    assert at.success[0].value == t("battery.decide.done", "es", plate=plate(WORN), action=t("battery.action.rotate", "es"))
    decided = latest_decisions(uow(fleet)).set_index("vehicle_id").loc[WORN]
    assert decided["action"] == "rotate" and decided["decided_by"] == "fleet_ops"
    listed = _table(at, t("battery.col.reason", "es")).set_index(t("battery.col.plate", "es"))
    assert listed.loc[plate(WORN), t("battery.col.decision", "es")].startswith(t("battery.action.rotate", "es") + " · fleet_ops")


def test_the_vehicle_tab_shows_its_fit_and_dates(fleet):
    at = page_as(PAGE, fleet, "fleet_ops", **tab("vehicle")).run()
    at.selectbox(key="battery_vehicle").set_value(WORN).run()
    assert not at.exception
    report = _report(fleet)
    worn = report.vehicles.set_index("vehicle_id").loc[WORN]
    shown = {m.label: m.value for m in at.metric}
    assert shown[t("battery.vehicle.metric.fade", "es")] == per_year(worn["fade_pct_year"], "es")
    assert any(c.value.startswith("Llega a 85 % (mínimo LTO): ya está ahí. Llega a 80 % (rotación): ") for c in at.caption)
    assert at.warning[0].value.startswith("Marcado: degrada ") and at.warning[0].value.endswith(
        "Sugerencia: Rotar fuera de plataforma.")
    chart = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert chart["layout"]["title"]["text"] == t("battery.vehicle.title", "es", plate=plate(WORN))
    assert chart["layout"]["xaxis"]["ticktext"][0][:3] in {"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep",
                                                           "oct", "nov", "dic"}


def test_other_roles_are_refused(fleet):
    at = page_as(PAGE, fleet, "collections_agent").run()
    assert at.error and at.error[0].value == t("auth.page_denied", "es", role=t("role.collections_agent", "es"))
    assert not at.metric


def test_a_fleet_without_readings_says_so(fleet):
    with fleet.begin() as conn:
        conn.execute(text("DELETE FROM telemetry_daily"))
        conn.execute(text("DELETE FROM charging_session"))
    at = page_as(PAGE, fleet, "fleet_ops").run()
    assert not at.exception and not at.metric
    assert at.info[0].value == t("battery.empty", "es")
