"""The credit analyst page under AppTest: the chosen application's score, band and reasons,
a recorded decision, a colleague's second decision refused, a decision form that starts afresh on
each application, no model → train, and a candidate published by a second credit lead."""
from pathlib import Path

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from credit_support import (add_fleet, insert_applications, insert_history, install_model, models_dir,  # noqa: F401
                            synthetic_applications, train_model, trained_model_files, work)
from lafa_core import credit
from lafa_core.credit import presentation as view
from lafa_core.credit.explain import reason_sentence
from tests.factories import assert_english_screen, unit_of_work
from lafa_core.i18n import t
from lafa_core.tables import CreditApplication, CreditDecision
from tests.factories import page_as

PAGE = str(Path(__file__).resolve().parents[3] / "pages" / "credit.py")


def metric(at, key):
    return next(m.value for m in at.metric if m.label == t(key))


def open_page(engine, application_id: int | None = None, username: str = "ana", role: str = "credit_analyst") -> AppTest:
    at = page_as(PAGE, engine, role, username).run()
    assert not at.exception
    if application_id is not None:
        at.selectbox(key="credit_application").set_value(application_id).run()
        assert not at.exception
    return at


def chosen(at) -> int:
    return at.selectbox(key="credit_application").value


def submit(at, decision: str, reason: str = "") -> AppTest:
    """Decide the application on screen (its form's keys carry its id)."""
    application_id = chosen(at)
    at.radio(key=f"credit_decision_{application_id}").set_value(decision)
    at.text_area(key=f"credit_reason_{application_id}").input(reason)
    next(b for b in at.button if b.label == t("credit.submit")).click()
    return at.run()


@pytest.fixture
def pending(sqlite_engine, use_database, models_dir):
    with unit_of_work(sqlite_engine) as session:
        add_fleet(session)
        insert_applications(session, synthetic_applications(10, seed=21))
    use_database(sqlite_engine)
    return sqlite_engine


@pytest.fixture
def with_model(pending, models_dir, trained_model_files):
    return pending, install_model(trained_model_files, models_dir, engine=pending)


def test_page_shows_score_band_and_reasons_of_the_chosen_application(with_model):
    engine, model = with_model
    at = open_page(engine, application_id=4)
    expected = credit.assess_application(work(engine), model, 4)
    assert metric(at, "credit.score") == str(expected.score)
    assert metric(at, "credit.band") == t(f"credit.band.{expected.band.value}")
    shown = "\n".join(m.value for m in at.markdown)
    for reason in expected.reasons:
        assert reason_sentence(reason, "es") in shown
    queue = next(df.value for df in at.dataframe if t("credit.col.score") in df.value.columns)
    assert len(queue) == 10
    assert metric(at, "credit.model.version") == view.version_label(model.version, "es")


def test_page_records_a_decision(with_model):
    engine, model = with_model
    expected = credit.assess_application(work(engine), model, 4)
    decision = credit.policy.BAND_DECISION[expected.band].value
    at = submit(open_page(engine, application_id=4), decision)
    assert not at.exception
    assert any(t("credit.decided", code="APP-000004", decision=t(f"credit.decision.{decision}"), analyst="ana",
                 version=view.version_label(model.version, "es"), score=expected.score) == s.value for s in at.success)
    with Session(engine) as session:
        assert session.get(CreditApplication, 4).status == decision
        record = session.exec(select(CreditDecision)).one()
    assert (record.analyst, record.score, record.model_version) == ("ana", expected.score, model.version)
    queue = next(df.value for df in at.dataframe if t("credit.col.score") in df.value.columns)
    assert "APP-000004" not in set(queue[t("credit.col.code")])


def test_second_analyst_gets_already_decided_and_nothing_is_overwritten(with_model):
    engine, model = with_model
    ana, beto = open_page(engine, application_id=5), open_page(engine, application_id=5, username="beto")
    submit(ana, "declined", reason="Ingresos no comprobables")
    at = submit(beto, "approved", reason="Aval presentado")
    assert not at.exception
    assert any("ana" in e.value and t("credit.already_decided").split("{")[0] in e.value for e in at.error)
    with Session(engine) as session:
        assert session.get(CreditApplication, 5).status == "declined"
        assert [r.analyst for r in session.exec(select(CreditDecision)).all()] == ["ana"]


def test_contradicting_the_band_without_reason_is_refused(with_model):
    engine, model = with_model
    expected = credit.assess_application(work(engine), model, 6)
    other = "declined" if expected.band is not credit.Band.RED else "approved"
    at = submit(open_page(engine, application_id=6), other)
    assert at.error[0].value == t("credit.reason_required", band=t(f"credit.band.{expected.band.value}"))
    with Session(engine) as session:
        assert session.get(CreditApplication, 6).status == "pending"


@pytest.mark.parametrize("reason, field, key, values", [
    ("x" * 1001, "reason", "input.text_too_long", {"maximum": 1000}),
    ("con\x00nulo", "reason", "input.text_nul", {}),
])
def test_refused_input_is_explained_and_nothing_is_written(with_model, reason, field, key, values):
    engine, model = with_model
    expected = credit.assess_application(work(engine), model, 4)
    at = submit(open_page(engine, application_id=4), credit.policy.BAND_DECISION[expected.band].value, reason)
    assert not at.exception
    message = t(key, field=t(f"credit.field.{field}") if field else None, **values)
    assert message in [e.value for e in at.error]
    with Session(engine) as session:
        assert session.get(CreditApplication, 4).status == "pending"
        assert session.exec(select(CreditDecision)).all() == []


def test_what_if_moves_the_score(with_model):
    engine, model = with_model
    at = open_page(engine, application_id=4)
    at.number_input(key="credit_whatif_platform_weekly_earnings_centavos_4").set_value(2_000).run()
    low = int(metric(at, "credit.whatif.score"))
    at.number_input(key="credit_whatif_platform_weekly_earnings_centavos_4").set_value(15_000).run()
    high = int(metric(at, "credit.whatif.score"))
    assert not at.exception
    assert low < high
    expected = credit.assess_application(work(engine), model, 4, {"platform_weekly_earnings_centavos": 1_500_000})
    assert high == expected.score


def test_without_a_model_the_page_offers_training_and_explains_failure(pending, models_dir):
    at = open_page(pending, role="credit_lead", username="lidia")
    assert at.info[0].value == t("credit.no_model")
    at.button(key="credit_train_first").click().run()
    assert not at.exception
    # No matured leases in this database: a clear message, no model saved.
    assert "Ningún contrato LTO ha madurado todavía" in at.error[0].value  # in the page's language
    assert credit.list_models(models_dir) == []


def test_model_card_shows_validation_metrics_and_stability(with_model):
    engine, model = with_model
    at = open_page(engine)
    column = t("credit.model.champion", kind=view.kind_label(model.champion_kind, "es"))
    table = next(df.value for df in at.dataframe if column in df.value.columns)
    champion = model.metadata["metrics"]["champion"]
    assert table[column].tolist()[:3] == [round(champion[k], 3) for k in ("roc_auc", "ks", "brier")]
    challenger = t("credit.model.challenger", kind=view.kind_label(model.challenger_kind, "es"))
    assert table[challenger].tolist()[:3] == [round(model.metadata["metrics"]["challenger"][k], 3)
                                              for k in ("roc_auc", "ks", "brier")]
    shown = "\n".join(m.value for m in at.markdown)
    assert view.champion_text(model.metadata, "es") in shown  # why the champion won
    assert view.source_text(model.metadata, "es") in [c.value for c in at.caption]
    psi = next(df.value for df in at.dataframe if "PSI" in df.value.columns)
    assert len(psi) == len(model.features)


def test_empty_database_gets_a_message_not_a_traceback(sqlite_engine, use_database, models_dir):
    use_database(sqlite_engine)
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert "python -m lafa_core.generate" in at.info[0].value


def test_train_button_trains_on_the_database_and_shows_the_queue(sqlite_engine, use_database, models_dir):
    with unit_of_work(sqlite_engine) as session:
        add_fleet(session)
        insert_history(session, synthetic_applications(600, seed=8))
        pending = synthetic_applications(3, seed=30)
        insert_applications(session, pending.assign(id=[701, 702, 703], code=["APP-701", "APP-702", "APP-703"]))
    use_database(sqlite_engine)
    at = open_page(sqlite_engine, role="credit_lead", username="lidia")
    at.button(key="credit_train_first").click().run()
    assert not at.exception
    model = credit.live_model(work(sqlite_engine), models_dir)  # no model was live: the first one is
    assert model is not None and model.metadata["source"]["kind"] == "database"
    assert at.success[0].value == t("credit.trained.setup", version=view.version_label(model.version, "es"))
    first = next(df.value for df in at.dataframe if t("credit.col.score") in df.value.columns).iloc[0]
    chosen = int(first[t("credit.col.code")].removeprefix("APP-"))
    assert metric(at, "credit.score") == str(credit.assess_application(work(sqlite_engine), model,
                                                                       chosen).score)


def test_finance_reads_the_queue_but_neither_decides_nor_trains(with_model):
    engine, _ = with_model
    at = open_page(engine, application_id=4, role="finance", username="fina")
    assert not at.exception
    assert t("credit.decide_needs_analyst") in [i.value for i in at.info]
    assert not [b for b in at.button if b.label in (t("credit.submit"), t("credit.retrain"))]


def test_an_analyst_does_not_train_but_a_lead_does(pending, models_dir):
    assert not [b for b in open_page(pending).button if b.key == "credit_train_first"]
    assert [b for b in open_page(pending, role="credit_lead", username="lidia").button if b.key == "credit_train_first"]


def test_the_decision_form_starts_afresh_on_each_application(with_model):
    """The regression: a reason typed (and a decision chosen) for one application never carries
    over to the next — neither after recording it nor after moving away."""
    engine, model = with_model
    at = open_page(engine, application_id=5)
    at.radio(key="credit_decision_5").set_value("declined")
    at.text_area(key="credit_reason_5").input("Ingresos no comprobables")
    at.selectbox(key="credit_application").set_value(6).run()  # moved away without recording
    assert not at.exception
    recommended = credit.policy.BAND_DECISION[credit.assess_application(work(engine), model, 6).band].value
    assert at.radio(key="credit_decision_6").value == recommended
    assert at.text_area(key="credit_reason_6").value == ""
    at.selectbox(key="credit_application").set_value(5).run()  # and back: afresh too
    assert at.text_area(key="credit_reason_5").value == ""
    at = submit(at, "declined", reason="Ingresos no comprobables")  # recorded: on to the next application
    assert not at.exception
    following = chosen(at)
    assert following != 5
    band = credit.assess_application(work(engine), model, following).band
    assert at.radio(key=f"credit_decision_{following}").value == credit.policy.BAND_DECISION[band].value
    assert at.text_area(key=f"credit_reason_{following}").value == ""
    next(b for b in at.button if b.label == t("credit.submit")).click()
    at.run()  # the next one decided as recommended, no reason typed: none recorded
    with Session(engine) as session:
        reasons = {r.application_id: r.override_reason for r in session.exec(select(CreditDecision))}
    assert reasons == {5: "Ingresos no comprobables", following: ""}


def test_the_explanation_speaks_score_points_and_similar_applicants_show_their_features(with_model):
    engine, model = with_model
    at = open_page(engine, application_id=4)
    expected = credit.assess_application(work(engine), model, 4)
    assert view.waterfall_caption(expected, "es") in [c.value for c in at.caption]
    base, points = view.score_points(expected)
    assert abs(base + sum(points.values()) - expected.score) <= 0.5 + 1e-9  # the bars add up to the score
    assert not any("Distancia" in df.value.columns for df in at.dataframe)


@pytest.fixture
def candidate(with_model, models_dir, tmp_path):
    """A live model and a candidate trained by lidia."""
    engine, model = with_model
    metadata = train_model(models_dir, tmp_path, n=1000, seed=5, trained_by="lidia")
    return engine, model, metadata["version"]


def _review(engine, username: str, version: str) -> AppTest:
    at = open_page(engine, role="credit_lead", username=username)
    at.selectbox(key="credit_candidate").set_value(version).run()
    assert not at.exception
    return at


def test_a_second_credit_lead_publishes_a_candidate_from_the_page(candidate):
    engine, live, version = candidate
    at = _review(engine, "marco", version)
    assert any(t("credit.review.candidate") in df.value.columns and t("credit.review.live") in df.value.columns
               for df in at.dataframe)  # its metrics beside the live model's
    assert metric(at, "credit.review.pending") == "10"
    next(b for b in at.button if b.label == t("credit.publish")).click()
    at.run()
    assert not at.exception
    assert at.success[0].value == t("credit.published", version=view.version_label(version, "es"))
    assert credit.live_model(work(engine)).version == version


def test_the_trainer_sees_the_publish_button_disabled(candidate):
    engine, live, version = candidate
    at = _review(engine, "lidia", version)
    assert next(b for b in at.button if b.label == t("credit.publish")).disabled
    assert t("credit.publish.you_trained") in [i.value for i in at.info]
    assert credit.live_model(work(engine)).version == live.version


def test_the_page_in_english(with_model):
    engine, model = with_model
    at = page_as(PAGE, engine, "credit_lead", "lucia", lang="en").run()
    assert not at.exception
    at.selectbox(key="credit_application").set_value(4).run()
    assert not at.exception
    assert at.title[0].value == t("credit.title", "en")
    expected = credit.assess_application(work(engine), model, 4)
    assert [m.value for m in at.metric if m.label == t("credit.band", "en")] == [t(f"credit.band.{expected.band.value}", "en")]
    shown = "\n".join(m.value for m in at.markdown)
    assert all(reason_sentence(reason, "en") in shown for reason in expected.reasons)
    assert_english_screen(at)
