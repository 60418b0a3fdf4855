"""The executive home page, run with AppTest against real databases."""
import json
import pytest
from streamlit.testing.v1 import AppTest

from lafa_core.db import make_engine, migrate
from tests.factories import build_tiny_company, page_as

from pathlib import Path

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "home.py")


def _run(engine=None, role: str = "executive", **state) -> AppTest:
    """The page signed in as `role` on `engine` (no engine: nobody signs in; the guard speaks first)."""
    return page_as(PAGE, engine, role if engine is not None else None, **state).run()


def _table_with(at: AppTest, column: str):
    return next((d.value for d in at.dataframe if column in d.value.columns), None)


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture
def tiny_app(sqlite_engine, use_database):
    build_tiny_company(sqlite_engine)
    use_database(sqlite_engine)
    return sqlite_engine


def test_home_shows_hand_computed_kpis_for_the_last_four_weeks(tiny_app):
    at = _run(tiny_app, **{"home_weeks.es": 4})
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["Flota activa"] == "4"
    assert metrics["Utilización"] == "64.3 %"  # 18 driven contract-days of 28 vehicle-days
    # 6 DaE shifts × $1,200 + C2's four payments × $3,000 + $40.50 of charging sold = $19,240.50
    assert metrics["Ingresos"] == "$19,241"
    assert metrics["Pagos a tiempo"] == "50.0 %"  # C2 paid its four, C3 none of its four
    assert metrics["PAR30"] == "45.94 %"  # C3's $517,500 balance of $1,126,500
    assert metrics["Incumplimiento anualizado"] == "0.0 %"
    assert metrics["SOH promedio de batería"] == "94.75 %"
    table = _table_with(at, "Días de atraso")
    assert table.set_index("Días de atraso").loc["31-60 días", "Contratos"] == 1
    assert table.set_index("Días de atraso").loc["31-60 días", "Saldo"] == "$517,500"
    assert "4 de 300 vehículos" in at.get("progress")[0].proto.text
    assert any(w.value.startswith("1 vehículo con SOH de batería bajo") for w in at.warning)
    assert metrics["Al corriente"] == "1" and metrics["Con atraso"] == "1"
    assert "Flota de la empresa: 4 vehículos; el siguiente hito es 300 vehículos" in " ".join(i.value for i in at.info)
    charts = {c.proto.id: json.loads(c.proto.spec) for c in at.get("plotly_chart")}
    late = next(spec for spec in charts.values() if spec["data"][0]["type"] == "bar")
    assert late["data"][0]["x"] == ["1-7 días", "8-14 días", "15-30 días", "31-60 días", "61 o más días"]
    assert late["data"][0]["y"] == [0, 0, 0, 1, 0]  # current contracts are a figure, not a bar
    trends = next(spec for spec in charts.values() if spec["data"][0]["type"] == "scatter")
    titles = [a["text"] for a in trends["layout"]["annotations"]]
    assert titles[:3] == ["Vehículos en servicio (promedio semanal)", "Ingresos semanales (MXN)", "Utilización"]
    assert trends["layout"]["xaxis"]["ticktext"] == ["15 dic", "22 dic", "29 dic", "5 ene"]
    assert trends["data"][0]["hovertext"][-1].startswith("Semana del 5 ene 2026: ")
    assert trends["layout"]["yaxis3"]["tickformat"] == ".1%"  # utilization, a narrow range
    assert at.get("download_button")[0].proto.label == "Descargar paquete de KPIs (Excel)"


def test_every_kpi_carries_its_definition_as_help(tiny_app):
    at = _run(tiny_app, **{"home_weeks.es": 4})
    helps = {m.label: m.proto.help for m in at.metric}
    assert "30+" in helps["PAR30"]
    assert "km > 0" in helps["Utilización"]


def test_product_filter_dae_hides_lease_kpis(tiny_app):
    at = _run(tiny_app, **{"home_weeks.es": 4})
    at.segmented_control(key="home_product.es").set_value("DaE").run()
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["Flota activa"] == "1"
    assert metrics["Ingresos"] == "$7,200"
    assert metrics["PAR30"] == "No aplica a DaE"
    assert _table_with(at, "Días de atraso") is None


def test_english_is_available(tiny_app):
    at = _run(tiny_app, lang="en", **{"home_weeks.en": 4})
    assert not at.exception
    assert at.title[0].value == "Executive KPIs"
    assert _metrics(at)["Active fleet"] == "4"


def test_empty_database_gets_the_build_command_not_an_error(sqlite_engine, use_database):
    use_database(sqlite_engine)
    at = _run()
    assert not at.exception
    assert "python -m lafa_core.generate" in at.info[0].value


def test_missing_database_file_gets_the_build_command(tmp_path, use_database):
    use_database(make_engine(f"sqlite:///{tmp_path / 'never-built.db'}"))
    at = _run()
    assert not at.exception
    assert "python -m lafa_core.generate" in at.info[0].value


def test_lost_connection_says_what_to_do(monkeypatch):
    from lafa_core.config import get_settings

    monkeypatch.setenv("LAFA_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/gone")
    get_settings.cache_clear()
    try:
        at = _run()
    finally:
        get_settings.cache_clear()
    assert not at.exception
    assert "LAFA_DATABASE_URL" in at.error[0].value


def test_outdated_schema_says_to_migrate(tmp_path, use_database):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num || '_older'")
    use_database(engine)
    at = _run()
    assert not at.exception
    assert "python -m lafa_core.migrate" in at.warning[0].value


def test_switching_language_keeps_the_period_and_product_and_relabels_them(tiny_app):
    at = _run(tiny_app, **{"home_weeks.es": 4})
    at.segmented_control(key="home_product.es").set_value("LTO").run()
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    period = at.selectbox(key="home_weeks.en")
    assert period.value == 4 and period.options[0] == "Last 4 weeks"
    assert at.segmented_control(key="home_product.en").value == "LTO"
    assert at.caption[0].value.startswith("Data as of")


def test_choosing_a_bucket_lists_the_leases_behind_it(tiny_app):
    """The drill-down: the 31-60 bucket's one lease, its vehicle and balance, no personal data."""
    at = _run(tiny_app, home_dpd_table={"selection": {"rows": [4], "columns": []}})
    assert not at.exception, at.exception
    assert "1 contrato LTO con 31-60 días al 11 ene 2026." in [c.value for c in at.caption]
    drill = _table_with(at, "Placa")
    assert drill.to_dict("records") == [{"Contrato": "LTO-3", "Placa": "AAA-03-00", "Inicio": "24 nov 2025",
                                         "Días de atraso": "34", "Saldo por pagar": "$517,500"}]
    english = _run(tiny_app, lang="en", home_dpd_table={"selection": {"rows": [4], "columns": []}})
    assert "1 LTO contract at 31-60 days on 11 Jan 2026." in [c.value for c in english.caption]
