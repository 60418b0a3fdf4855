"""Credit on a real database (SQLite and PostgreSQL): the training target, scoring pending
applications, decisions that cannot be overwritten (the append-only decision record is tested
with the other append-only tables in tests/integration/test_persistence.py)."""
import json
import threading
from datetime import date, datetime, timedelta

import pandas as pd
import pytest
from sqlmodel import Session, select

from credit_support import (add_fleet, insert_applications, insert_history, install_model, lease_driver,  # noqa: F401
                            models_dir, synthetic_applications, trained_model_files, work)
from lafa_core import bounds, credit
from lafa_core.config import LOCAL_TZ
from tests.factories import signed_in, unit_of_work
from lafa_core.tables import Contract, CreditApplication, CreditDecision, Installment, Payment

AS_OF = date(2026, 6, 28)  # the last payment: the data's last day


def _lease(session, i: int, start: date, *, late_days: dict[int, int | None] | None = None, weeks: int = 30,
           defaulted_on: date | None = None, product: str = "LTO") -> None:
    """Contract i on application i; installment `seq` paid `late_days[seq]` days late (None: unpaid),
    unless that falls after AS_OF."""
    late_days = late_days or {}
    session.add(lease_driver(i))
    session.flush()
    session.add(Contract(id=i, code=f"C-{i}", driver_id=i, vehicle_id=1, product=product,
                         kind="lease" if product == "LTO" else "employment", start_on=start, term_weeks=208,
                         weekly_rate_centavos=300_000, status="defaulted" if defaulted_on else "active",
                         defaulted_on=defaulted_on, application_id=i))
    session.flush()
    for seq in range(1, weeks + 1):
        due = start + timedelta(days=7 * seq)
        late = late_days.get(seq, 0)
        paid_on = None if late is None else due + timedelta(days=late)
        if paid_on is not None and paid_on > AS_OF:  # nothing is paid after the data's last day
            paid_on = None
        session.add(Installment(contract_id=i, seq=seq, due_on=due, amount_centavos=300_000,
                                paid_centavos=0 if paid_on is None else 300_000, paid_on=paid_on))


@pytest.fixture
def history(engine):
    """Seven approved applications with known outcomes, one DaE contract, one payment fixing AS_OF."""
    apps = synthetic_applications(8, seed=11)
    apps["status"] = "approved"
    with unit_of_work(engine) as session:
        add_fleet(session)
        insert_applications(session, apps)
        _lease(session, 1, date(2025, 10, 6), defaulted_on=date(2026, 1, 20))  # default on day 106: bad
        _lease(session, 2, date(2025, 10, 6), defaulted_on=date(2026, 6, 1))  # default on day 238: after the window
        _lease(session, 3, date(2025, 11, 3), late_days={3: None})  # never paid: 60+ days past due: bad
        _lease(session, 4, date(2025, 11, 3), late_days={2: 64})  # paid 64 days late: bad
        _lease(session, 5, date(2025, 11, 3), late_days={2: 30})  # 30 days late only: good
        _lease(session, 6, date(2026, 4, 6), late_days={1: None})  # 83 days before AS_OF: not matured, left out
        _lease(session, 7, date(2025, 10, 6), late_days={25: None})  # due on day 175: 60 DPD after the window
        _lease(session, 8, date(2025, 10, 6), late_days={1: None}, product="DaE")  # not a lease
        session.add(Payment(contract_id=5, paid_at=datetime(2026, 6, 28, 12, tzinfo=LOCAL_TZ), paid_on=AS_OF,
                            amount_centavos=300_000, method="spei"))
    signed_in(engine, "credit_lead")  # who publishes models from the command line
    return engine


def test_training_target_is_bad_within_the_performance_window_of_matured_leases(history):
    assert credit.DEFAULT_POLICY.performance_weeks == 16  # the window the outcomes below are set against
    frame = credit.training_frame(work(history))
    assert len(frame) == 6  # 1, 2, 3, 4, 5, 7 (6 not matured, 8 not a lease)
    apps = synthetic_applications(8, seed=11)
    submitted = {t.isoformat(): i + 1 for i, t in enumerate(apps["submitted_at"])}
    outcome = {submitted[pd_time.tz_convert(LOCAL_TZ).isoformat()]: bad
               for pd_time, bad in zip(frame["submitted_at"], frame["bad"])}
    assert outcome == {1: 1, 2: 0, 3: 1, 4: 1, 5: 0, 7: 0}
    assert {"bad", "submitted_at", "platform_weekly_earnings", "zone"} <= set(frame.columns)


@pytest.fixture
def queue(engine, models_dir, trained_model_files):
    """A trained model and twelve pending applications."""
    model = install_model(trained_model_files, models_dir)
    apps = synthetic_applications(12, seed=21)
    apps.loc[5, "has_valid_licence"] = False
    with unit_of_work(engine) as session:
        add_fleet(session)
        insert_applications(session, apps)
    return engine, model


def test_pending_queue_scores_every_pending_application(queue):
    engine, model = queue
    table = credit.pending_queue(work(engine), model)
    assert len(table) == 12
    assert list(table["score"]) == sorted(table["score"], reverse=True)
    single = credit.assess_application(work(engine), model, int(table.loc[0, "id"]))
    assert single.score == table.loc[0, "score"]
    assert set(table["band"]) <= {"green", "yellow", "red"}


def test_knock_out_rule_fires_by_name_and_sends_to_red(queue):
    engine, model = queue
    assessment = credit.assess_application(work(engine), model, 6)
    assert assessment.rules_fired == ["no_valid_licence"]
    assert assessment.band is credit.Band.RED


def test_what_if_higher_earnings_raise_the_score(queue):
    engine, model = queue
    base = credit.assess_application(work(engine), model, 1)
    poorer = credit.assess_application(work(engine), model, 1, {"platform_weekly_earnings_centavos": 450_000})
    richer = credit.assess_application(work(engine), model, 1, {"platform_weekly_earnings_centavos": 1_500_000})
    assert poorer.score < richer.score
    assert base.application["platform_weekly_earnings_centavos"] != 1_500_000
    with pytest.raises(bounds.InvalidInput, match="cannot be changed") as refused:
        credit.assess_application(work(engine), model, 1, {"bureau_score": 900})
    assert refused.value.field == "bureau_score"
    for name, value in [("platform_weekly_earnings_centavos", 10_000_000 * 100 + 1), ("requested_term_weeks", 0),
                        ("requested_term_weeks", 521), ("requested_deposit_centavos", -1),
                        ("declared_monthly_income_centavos", 1.5)]:
        with pytest.raises(bounds.InvalidInput) as refused:
            credit.assess_application(work(engine), model, 1, {name: value})
        assert refused.value.field == name


def _recommended(assessment) -> str:
    return credit.policy.BAND_DECISION[assessment.band].value


def test_decision_is_recorded_with_what_the_model_said(queue):
    engine, model = queue
    assessment = credit.assess_application(work(engine), model, 2)
    record = credit.decide(work(engine, "Ana"), model, 2, decision=_recommended(assessment))
    with Session(engine) as session:
        application = session.get(CreditApplication, 2)
        stored = session.exec(select(CreditDecision).where(CreditDecision.application_id == 2)).one()
    assert application.status == _recommended(assessment)
    assert application.decided_at is not None
    assert stored.id == record.id and stored.analyst == "Ana"
    assert stored.model_version == model.version
    assert (stored.score, stored.band) == (assessment.score, assessment.band.value)
    reasons = json.loads(stored.top_reasons)
    assert [r["feature"] for r in reasons] == [r.feature for r in assessment.reasons]
    assert json.loads(stored.rules_fired) == []
    assert stored.decided_at.tzinfo is not None


def test_second_decision_is_rejected_naming_who_decided(queue):
    engine, model = queue
    first = _recommended(credit.assess_application(work(engine), model, 3))
    credit.decide(work(engine, "Ana"), model, 3, decision=first, reason="ok")
    with pytest.raises(credit.AlreadyDecided) as error:
        credit.decide(work(engine, "Beto"), model, 3, decision="declined", reason="changed my mind")
    assert error.value.analyst == "Ana" and error.value.status == first
    with Session(engine) as session:
        assert session.get(CreditApplication, 3).status == first
        assert len(session.exec(select(CreditDecision).where(CreditDecision.application_id == 3)).all()) == 1


def test_two_analysts_at_once_only_one_decision_lands(queue):
    engine, model = queue
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def analyst(name: str, decision: str) -> None:
        barrier.wait()
        try:
            outcomes[name] = credit.decide(work(engine, name), model, 4, decision=decision, reason="race")
        except credit.AlreadyDecided as exc:
            outcomes[name] = exc

    threads = [threading.Thread(target=analyst, args=("Ana", "approved")),
               threading.Thread(target=analyst, args=("Beto", "declined"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [name for name, o in outcomes.items() if isinstance(o, CreditDecision)]
    losers = [o for o in outcomes.values() if isinstance(o, credit.AlreadyDecided)]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].analyst == winners[0]
    with Session(engine) as session:
        rows = session.exec(select(CreditDecision).where(CreditDecision.application_id == 4)).all()
    assert [r.analyst for r in rows] == winners


def test_decision_against_the_band_needs_a_reason(queue):
    engine, model = queue
    assessment = credit.assess_application(work(engine), model, 6)  # red: no valid licence
    with pytest.raises(credit.ReasonRequired):
        credit.decide(work(engine, "Ana"), model, 6, decision="approved", reason="  ")
    with Session(engine) as session:
        assert session.get(CreditApplication, 6).status == "pending"
    record = credit.decide(work(engine, "Ana"), model, 6, decision="approved",
                           reason="Licencia renovada, comprobante en expediente")
    assert record.override_reason == "Licencia renovada, comprobante en expediente"
    assert json.loads(record.rules_fired) == ["no_valid_licence"]
    assert assessment.band is credit.Band.RED


def test_monitoring_reports_psi_for_every_feature_and_the_score(queue):
    engine, model = queue
    watch = credit.monitoring(work(engine), model)
    assert watch["recent_rows"] == 12
    assert {row["feature"] for row in watch["psi"]} == set(model.features)
    assert all((row["psi"] > 0.25) == row["shifted"] for row in watch["psi"])
    assert len(watch["recent_scores"]) == 12
    assert watch["score_psi"] is not None and watch["score_psi"] >= 0


def test_approval_with_conditions_stores_the_conditions(queue):
    engine, model = queue
    yellow = [i for i in range(1, 13)
              if credit.assess_application(work(engine), model, i).band is credit.Band.YELLOW]
    assert yellow, "the fixture queue has yellow applicants"
    assessment = credit.assess_application(work(engine), model, yellow[0])
    record = credit.decide(work(engine, "Ana"), model, yellow[0], decision="approved_with_conditions")
    rate = int(assessment.application["requested_weekly_rate_centavos"])
    assert json.loads(record.conditions) == {
        "deposit_centavos": max(rate * credit.DEFAULT_POLICY.yellow_deposit_weeks,
                                int(assessment.application["requested_deposit_centavos"])),
        "term_weeks": credit.DEFAULT_POLICY.yellow_max_term_weeks}
    assert record.override_reason == ""


def test_cli_exports_the_training_table(history, tmp_path):
    from lafa_core.credit.__main__ import main as cli

    path = tmp_path / "history.csv"
    url = history.url.render_as_string(hide_password=False)
    assert cli(["export", str(path), "--database-url", url]) == 0
    exported = pd.read_csv(path)
    assert len(exported) == 6 and exported["bad"].sum() == 3
    # Six matured leases are far too few to learn from: a clear error, nothing saved.
    assert cli(["train", "--database-url", url, "--as", "credit_lead"]) == 2


def test_model_trained_on_the_database_history_beats_chance(engine, models_dir):
    apps = synthetic_applications(600, seed=8)
    with unit_of_work(engine) as session:
        add_fleet(session)
        insert_history(session, apps)
    metadata = credit.train_from_database(work(engine, "lidia", role="credit_lead"), models_dir=models_dir, random_state=0)
    assert metadata["rows"] == {"total": 600, "training": 480, "validation": 120}
    assert metadata["bad_rate"] == pytest.approx(apps["bad"].mean())
    # The signal's true AUC is about 0.72; 120 validation rows leave some noise around it.
    assert metadata["metrics"]["champion"]["roc_auc"] > 0.65
    assert metadata["release"] == "setup"  # nothing was live: the first model goes live
    assert credit.load_current_model(work(engine), models_dir).version == metadata["version"]


def test_cli_if_missing_trains_only_once_and_tolerates_a_short_history(history, models_dir, capsys):
    from lafa_core.credit.__main__ import main as cli

    url = history.url.render_as_string(hide_password=False)
    # Six matured leases: too little history, but on first start that must not stop the app.
    assert cli(["train", "--if-missing", "--database-url", url, "--as", "credit_lead"]) == 0
    assert "Nothing was saved" in capsys.readouterr().err
    assert credit.newest_version(models_dir) is None
