"""Candidate → published, on SQLite and PostgreSQL: training writes candidates; the live model is the
database's; the first model goes live at set-up; afterwards only a credit lead other than the
trainer publishes, after a review, with each refusal named; rollbacks; everything audited."""
import json
import shutil

import numpy as np
import pandas as pd
import pytest
from sqlmodel import Session, select

from credit_support import (add_fleet, insert_applications, insert_history, make_live, models_dir,  # noqa: F401
                            synthetic_applications, train_model, training_table, work)
from lafa_core import bounds, credit
from lafa_core.credit import lifecycle
from lafa_core.credit.__main__ import main as cli
from lafa_core.credit.policy import CreditPolicy
from lafa_core.tables import AuditLog, CreditModelRelease
from lafa_core.users import PermissionDenied
from tests.factories import signed_in, unit_of_work


def lead(engine, name: str = "lidia"):
    return work(engine, name, role="credit_lead")


@pytest.fixture(scope="module")
def candidate_files(tmp_path_factory):
    """Candidates trained once for the module: two by lidia (seeds 1 and 2), one on inverted labels,
    one on a file with other columns."""
    directory = tmp_path_factory.mktemp("candidates")
    first = train_model(directory, directory, n=900, seed=1, trained_by="lidia")
    second = train_model(directory, directory, n=900, seed=2, trained_by="lidia")
    inverted = training_table(synthetic_applications(900, seed=4))
    inverted["bad"] = 1 - inverted["bad"]
    inverted.to_csv(directory / "inverted.csv", index=False)
    flipped = credit.train_from_csv(directory / "inverted.csv", "bad", "submitted_at", models_dir=directory,
                                    random_state=0, trained_by="lidia")
    rng = np.random.default_rng(9)
    x = rng.normal(size=600)
    pd.DataFrame({"x": x, "y": (rng.random(600) < 1 / (1 + np.exp(1 - 2 * x))).astype(int)}).to_csv(
        directory / "other.csv", index=False)
    other = credit.train_from_csv(directory / "other.csv", "y", models_dir=directory, random_state=0,
                                  trained_by="lidia")
    return directory, {"first": first["version"], "second": second["version"], "inverted": flipped["version"],
                       "other": other["version"]}


@pytest.fixture
def shop(engine, models_dir, candidate_files):
    """Two credit leads and an analyst, twenty pending applications, the candidates in models/, the
    first of them live (as the set-up would have published it)."""
    directory, versions = candidate_files
    shutil.copytree(directory, models_dir, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.csv"))
    with unit_of_work(engine) as session:
        add_fleet(session)
        insert_applications(session, synthetic_applications(20, seed=21))
    for name, role in (("lidia", "credit_lead"), ("marco", "credit_lead"), ("ana", "credit_analyst")):
        signed_in(engine, role, name)
    make_live(engine, versions["first"], by="setup", trained_by="lidia")
    return engine, versions


def _live(engine) -> str | None:
    release = credit.live_release(work(engine))
    return None if release is None else release["version"]


def _audit(engine, action: str) -> list[AuditLog]:
    with Session(engine) as session:
        return list(session.exec(select(AuditLog).where(AuditLog.action == action)))


def test_a_second_credit_lead_publishes_after_the_review_and_it_is_audited(shop):
    engine, versions = shop
    review = credit.review(lead(engine, "marco"), versions["second"])
    assert review.live["version"] == versions["first"] and review.trainer == "lidia"
    assert review.shift["pending"] == 20 and review.shift["correlation"] > 0.5
    assert sum(r["count"] for r in review.shift["transitions"]) == 20
    assert review.stability["recent_rows"] == 20 and review.problems == []
    release = credit.publish(lead(engine, "marco"), versions["second"], expected_live=versions["first"])
    assert (release["kind"], release["published_by"], release["previous_version"]) == (
        "publish", "marco", versions["first"])
    assert _live(engine) == versions["second"]
    assert credit.live_model(work(engine)).version == versions["second"]
    [record] = _audit(engine, "credit.model_published")
    assert (record.actor, record.entity_id) == ("marco", versions["second"])
    assert json.loads(record.details)["previous"] == versions["first"]


def test_the_trainer_may_not_publish_their_own_candidate(shop):
    engine, versions = shop
    with pytest.raises(credit.SameTrainer):
        credit.publish(lead(engine, "Lidia"), versions["second"])  # the same person, whatever the case
    assert _live(engine) == versions["first"]


@pytest.mark.parametrize("who, version, error", [
    ("marco", "first", credit.AlreadyLive),
    ("marco", "20990101T000000000000Z-deadbeef", credit.CandidateNotFound),
    ("marco", "other", credit.MissingColumns),
])
def test_each_refusal_is_named_and_the_live_model_kept(shop, who, version, error):
    engine, versions = shop
    with pytest.raises(error) as refused:
        credit.publish(lead(engine, who), versions.get(version, version), reason="probando")
    if error is credit.MissingColumns:
        assert refused.value.missing == credit.load_model(versions["other"]).features == ["x"]
    assert _live(engine) == versions["first"] and _audit(engine, "credit.model_published") == []


def test_an_analyst_may_not_publish_or_roll_back(shop):
    engine, versions = shop
    with pytest.raises(PermissionDenied):
        credit.publish(work(engine, "ana"), versions["second"])
    with pytest.raises(PermissionDenied):
        credit.rollback(work(engine, "ana"), reason="no me gusta")
    assert _live(engine) == versions["first"]


def test_a_model_published_meanwhile_stops_a_stale_review(shop):
    engine, versions = shop
    with pytest.raises(credit.LiveChanged):
        credit.publish(lead(engine, "marco"), versions["second"], expected_live="something-else")
    assert _live(engine) == versions["first"]


def test_negative_correlation_needs_a_written_reason(shop):
    engine, versions = shop
    review = credit.review(lead(engine, "marco"), versions["inverted"])
    assert review.shift["correlation"] < 0 and lifecycle.NEGATIVE_CORRELATION in review.problems
    with pytest.raises(credit.OverrideRequired) as refused:
        credit.publish(lead(engine, "marco"), versions["inverted"], reason="   ")
    assert refused.value.field == "reason" and _live(engine) == versions["first"]
    release = credit.publish(lead(engine, "marco"), versions["inverted"],
                             reason="Nueva definición de incumplimiento acordada con riesgos")
    assert release["override_reason"].startswith("Nueva definición")
    assert release["details"]["overridden"] == [lifecycle.NEGATIVE_CORRELATION]


def test_a_validation_auc_below_the_floor_needs_a_written_reason(shop, monkeypatch):
    engine, versions = shop
    monkeypatch.setattr(credit.policy, "DEFAULT_POLICY", CreditPolicy(publish_min_auc=0.99))
    assert lifecycle.AUC_BELOW_FLOOR in credit.review(lead(engine, "marco"), versions["second"]).problems
    with pytest.raises(credit.OverrideRequired):
        credit.publish(lead(engine, "marco"), versions["second"])
    credit.publish(lead(engine, "marco"), versions["second"], reason="Mejor que el vigente en la cola")
    assert _live(engine) == versions["second"]


def test_a_rollback_needs_a_reason_and_restores_the_previous_model(shop):
    engine, versions = shop
    with pytest.raises(credit.NothingToRollBack):
        credit.rollback(lead(engine, "marco"), reason="sólo hay uno")
    credit.publish(lead(engine, "marco"), versions["second"])
    assert credit.rollback_target(work(engine)) == versions["first"]
    with pytest.raises(bounds.InvalidInput) as refused:
        credit.rollback(lead(engine, "lidia"), reason="  ")
    assert refused.value.field == "reason" and _live(engine) == versions["second"]
    release = credit.rollback(lead(engine, "lidia"), reason="Más rechazos de los esperados")
    assert (release["kind"], release["version"], release["previous_version"]) == (
        "rollback", versions["first"], versions["second"])
    assert _live(engine) == versions["first"]
    assert credit.rollback_target(work(engine)) is None  # the second was rolled back: not offered again
    assert [r["kind"] for r in credit.releases(work(engine))] == ["rollback", "publish", "setup"]
    [record] = _audit(engine, "credit.model_rolled_back")
    assert (record.actor, record.entity_id) == ("lidia", versions["first"])


def test_candidates_are_every_model_but_the_live_one(shop):
    engine, versions = shop
    listed = {m["version"]: m for m in credit.candidates(work(engine))}
    assert set(listed) == {versions[k] for k in ("second", "inverted", "other")}
    assert not any(m["was_live"] for m in listed.values())


def test_releases_are_append_only(shop):
    engine, _ = shop
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    for statement in ("UPDATE credit_model_release SET version = 'x'", "DELETE FROM credit_model_release"):
        with pytest.raises(DBAPIError, match="append-only"):
            with Session(engine) as session:
                session.execute(text(statement))
                session.commit()


def test_the_cli_publishes_and_rolls_back_naming_who(shop, capsys):
    engine, versions = shop
    url = engine.url.render_as_string(hide_password=False)
    assert cli(["publish", versions["second"], "--as", "lidia", "--database-url", url]) == 2
    assert "another credit lead" in capsys.readouterr().err
    assert cli(["publish", versions["inverted"], "--as", "marco", "--database-url", url]) == 2
    assert "override reason" in capsys.readouterr().err
    assert cli(["publish", versions["second"], "--as", "marco", "--database-url", url]) == 0
    assert "it is live" in capsys.readouterr().out and _live(engine) == versions["second"]
    assert cli(["models", "--database-url", url]) == 0
    assert f"live: {versions['second']} (publish by marco)" in capsys.readouterr().out
    assert cli(["rollback", "--as", "marco", "--database-url", url]) == 2
    assert "reason" in capsys.readouterr().err
    assert cli(["rollback", "--as", "marco", "--reason", "volver", "--database-url", url]) == 0
    assert _live(engine) == versions["first"]


def test_set_up_publishes_the_first_model_and_later_training_only_makes_candidates(engine, models_dir, capsys):
    with unit_of_work(engine) as session:
        add_fleet(session)
        insert_history(session, synthetic_applications(600, seed=8))
    signed_in(engine, "credit_lead", "lidia")
    url = engine.url.render_as_string(hide_password=False)
    assert cli(["train", "--as", "lidia", "--database-url", url, "--seed", "0"]) == 0  # as harness.build_demo does
    assert "set-up published it" in capsys.readouterr().out
    [setup] = credit.releases(work(engine))
    assert (setup["kind"], setup["published_by"], setup["trained_by"]) == ("setup", "lidia", "lidia")
    assert credit.live_model(work(engine)).version == setup["version"]
    assert len(_audit(engine, "credit.model_published_at_setup")) == 1
    assert cli(["train", "--if-missing", "--as", "lidia", "--database-url", url]) == 0  # as `make run` does
    assert "already live" in capsys.readouterr().out
    later = credit.train_from_database(lead(engine), models_dir=models_dir, random_state=1)
    assert later["release"] is None and _live(engine) == setup["version"]
    assert [m["version"] for m in credit.candidates(work(engine))] == [later["version"]]
    assert len(_audit(engine, "credit.candidate_trained")) == 2
    with Session(engine) as session:
        assert len(session.exec(select(CreditModelRelease)).all()) == 1


def test_set_up_never_publishes_a_model_the_applications_cannot_feed(engine, models_dir, candidate_files):
    directory, versions = candidate_files
    shutil.copytree(directory, models_dir, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.csv"))
    signed_in(engine, "credit_lead", "lidia")
    other = credit.load_model(versions["other"], models_dir)
    assert lifecycle.record_training(lead(engine), other.metadata, models_dir=models_dir) is None
    assert _live(engine) is None


def test_a_database_that_never_had_a_live_model_adopts_the_newest_that_fits(engine, models_dir, candidate_files):
    """A demo database rebuilt (or a second one served) beside a models folder: the set-up adopts
    the newest model that scores applications, once and on the record; then the database decides."""
    directory, versions = candidate_files
    shutil.copytree(directory, models_dir, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.csv"))
    assert credit.live_model(work(engine), adopt=False) is None
    assert credit.live_model(work(engine)).version == versions["inverted"]  # "other", newer, needs column x
    [release] = credit.releases(work(engine))
    assert (release["kind"], release["published_by"], release["details"]["adopted"]) == ("setup", "set-up", True)
    [record] = _audit(engine, "credit.model_published_at_setup")
    assert (record.actor, record.entity_id) == ("set-up", versions["inverted"])
    assert credit.live_model(work(engine)).version == versions["inverted"]
    assert len(credit.releases(work(engine))) == 1
