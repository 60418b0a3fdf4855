"""The roadmap page under AppTest: totals for a chosen fleet size, measured figures,
ecosystem counts, and a clear message instead of a traceback on an empty database."""
from pathlib import Path

import pytest

from lafa_core.uow import UnitOfWork
from tests.factories import assert_english_screen, page_as
from lafa_core.generate import build_company
from lafa_core.i18n import format_mxn_millions, t
from lafa_core.roadmap import compute_roi, load_strategy, measure_assumptions

PAGE = str(Path(__file__).resolve().parents[3] / "pages" / "roadmap.py")


def millions(r):
    return f"{format_mxn_millions(r.low, centavos=False)} – {format_mxn_millions(r.high, centavos=False)}"


def table_with(at, *column_keys):
    """The first table showing all these columns (tables carry no key under AppTest)."""
    wanted = {t(key) for key in column_keys}
    return next(df.value for df in at.dataframe if wanted <= set(df.value.columns))


def metrics(at, label_key):
    return [m.value for m in at.metric if m.label == t(label_key)]


@pytest.fixture(scope="module")
def company_engine(tmp_path_factory):
    from lafa_core.db import make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('roadmap') / 'lafa.db'}")
    migrate(engine)
    build_company(engine, vehicles=60, weeks=26, seed=5)
    yield engine
    engine.dispose()


def test_totals_shown_for_a_chosen_fleet_size(company_engine, use_database):
    use_database(company_engine)
    at = page_as(PAGE, company_engine, 'executive', timeout=30).run()
    assert not at.exception
    # The fleet starts at the one in service on the data's as-of day.
    measured = measure_assumptions(UnitOfWork(company_engine)).fleet
    assert at.number_input(key="roadmap_fleet").value == measured
    assert metrics(at, "roadmap.metric.value")[0] == millions(compute_roi(load_strategy(), fleet=measured).total.value)
    at.number_input(key="roadmap_fleet").set_value(2000).run()
    assert metrics(at, "roadmap.metric.value")[0] == "$3.6 M – $9.1 M"
    at.number_input(key="roadmap_fleet").set_value(1000).run()
    assert not at.exception
    assert metrics(at, "roadmap.metric.value")[0] == "$1.8 M – $4.5 M"
    at.number_input(key="roadmap_fleet").set_value(750).run()
    expected = compute_roi(load_strategy(), fleet=750).total.value
    assert metrics(at, "roadmap.metric.value")[0] == millions(expected)
    roi_table = table_with(at, "roadmap.col.per_week")
    assert len(roi_table) == 17  # 16 projects and the total


def test_measured_roi_and_ecosystem_counts(company_engine, use_database):
    use_database(company_engine)
    at = page_as(PAGE, company_engine, 'executive', timeout=30).run()
    assert not at.exception
    measured = measure_assumptions(UnitOfWork(company_engine))
    overrides = {k: v for k, v in measured.by_key().items() if v is not None and k != "fleet"}
    expected = compute_roi(load_strategy(), fleet=measured.fleet, overrides=overrides).total.value
    assert metrics(at, "roadmap.metric.value")[1] == millions(expected)
    table = table_with(at, "roadmap.col.measured")
    fleet_row = table[table.iloc[:, 0] == t("roadmap.assumption.fleet")]
    assert fleet_row.iloc[0, 3] == f"{measured.fleet:,}"
    assert metrics(at, "roadmap.eco.items") == ["67"]
    assert metrics(at, "roadmap.eco.in_roadmap") == ["53"]
    assert metrics(at, "roadmap.eco.gaps") == ["14"]
    assert metrics(at, "roadmap.eco.coverage") == ["79 %"]
    milestones = table_with(at, "roadmap.col.milestone")
    assert list(milestones.iloc[:, 1]) == ["300", "750", "1,500", "2,000"]
    assert list(milestones.iloc[:, 0]) == ["Track A: base completa", "Tracks A y B operando", "Track C completo",
                                           "Plataforma completa"]


def test_build_vs_buy_filter(company_engine, use_database):
    use_database(company_engine)
    at = page_as(PAGE, company_engine, 'executive', timeout=30).run()
    at.multiselect(key="bvb_filter_verdict").set_value(["siempre comprar", "comprar"]).run()
    assert not at.exception
    layers = set(table_with(at, "roadmap.col.layer").iloc[:, 0])
    assert layers == {"Hardware de telemática", "Gestión de mantenimiento", "Procesamiento de pagos"}  # the strategy's terms, in Spanish


def test_empty_database_shows_what_to_do(sqlite_engine, use_database):
    use_database(sqlite_engine)
    at = page_as(PAGE, sqlite_engine, 'executive', timeout=30).run()
    assert not at.exception
    assert "python -m lafa_core.generate" in at.info[0].value
    assert not at.metric


def test_vehicles_without_activity_show_the_assumptions_only(sqlite_engine, use_database):
    from datetime import date

    from tests.factories import unit_of_work
    from lafa_core.tables import Depot, Vehicle

    with unit_of_work(sqlite_engine) as session:
        session.add(Depot(id=1, code="D1", name="Depot", zone="Coyoacán", lat=19.35, lon=-99.16, charger_count=4, charger_kw=7.2))
        session.flush()
        session.add(Vehicle(vin="VIN00000000000001", oem="JAC", model="E10X", plate="AAA001", battery_kwh=31.4,
                            status="available", depot_id=1, in_service_on=date(2026, 1, 5), acquisition_cost_centavos=40_000_000))
    use_database(sqlite_engine)
    at = page_as(PAGE, sqlite_engine, 'executive', timeout=30).run()
    assert not at.exception
    assert t("roadmap.measured.none") in [i.value for i in at.info]
    assert metrics(at, "roadmap.metric.value") == ["$3.6 M – $9.1 M"]  # the strategy's ROI still shows


def test_the_page_speaks_spanish_not_files_or_keys(company_engine, use_database):
    """Milestones name the pages that deliver a project, not their files; the scaling tab's words
    are Spanish; the cost reads whole, in millions; a four-digit ROI has its separator."""
    use_database(company_engine)
    at = page_as(PAGE, company_engine, 'executive', timeout=30).run()
    milestones = table_with(at, "roadmap.col.milestone", "roadmap.col.app")
    delivery = " ".join(milestones[t("roadmap.col.app")])
    assert "pages/" not in delivery and ".py" not in delivery
    assert "Mantenimiento de la flota" in delivery and "Indicadores ejecutivos" in delivery
    phases = table_with(at, "roadmap.col.phase", "roadmap.col.note")
    assert "" not in phases.columns and any("telemática" in str(n) for n in phases[t("roadmap.col.note")])
    assert "monolito modular" in set(table_with(at, "roadmap.col.architecture")[t("roadmap.col.architecture")])
    ml = table_with(at, "roadmap.col.use_case")
    assert "Predicción de demanda" in set(ml[t("roadmap.col.use_case")]) and "gap" not in set(ml[t("roadmap.col.project")])
    assert all(value.startswith("$") and value.count(" M") == 2 for value in metrics(at, "roadmap.metric.cost"))
    roi = compute_roi(load_strategy(), fleet=measure_assumptions(UnitOfWork(company_engine)).fleet).total.roi
    if roi.high >= 10:  # 1,000 % or more
        assert "," in metrics(at, "roadmap.metric.roi")[0]


def test_the_page_in_english(company_engine, use_database):
    use_database(company_engine)
    at = page_as(PAGE, company_engine, "executive", timeout=30, lang="en").run()
    assert not at.exception
    assert at.title[0].value == t("roadmap.title", "en")
    measured = measure_assumptions(UnitOfWork(company_engine)).fleet
    assert metrics_en(at, "roadmap.metric.value")[0] == millions(compute_roi(load_strategy(), fleet=measured).total.value)
    assert_english_screen(at)


def metrics_en(at, label_key):
    return [m.value for m in at.metric if m.label == t(label_key, "en")]
