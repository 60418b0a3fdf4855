"""The training pipeline, SHAP additivity, reasons, artifacts, bad training files and the CLI."""
import json

import numpy as np
import pandas as pd
import pytest

from credit_support import (models_dir, synthetic_applications, train_model, training_table,  # noqa: F401
                            write_training_csv)
from lafa_core import credit
from lafa_core.credit.__main__ import main as cli
from lafa_core.credit.explain import Reason, reason_sentence
from lafa_core.credit.features import application_features
from lafa_core.credit.model import fit_credit_model, prepare_training_table
from lafa_core.uow import UnitOfWork


@pytest.fixture(scope="module")
def trained():
    """A model on 1,500 synthetic applications with a known signal (module-scoped: trains once)."""
    apps = synthetic_applications(1500, seed=3)
    table = prepare_training_table(training_table(apps), "bad", "submitted_at")
    return fit_credit_model(table, random_state=3), apps


def test_pipeline_beats_chance_by_a_clear_margin_out_of_time(trained):
    model, _ = trained
    metrics = model.metadata["metrics"]
    assert metrics["champion"]["rows"] == 300  # the newest 20 %
    assert metrics["champion"]["roc_auc"] > 0.72
    assert metrics["challenger"]["roc_auc"] > 0.72
    assert metrics["champion"]["ks"] > 0.3
    # Brier below that of always predicting the validation bad rate.
    rate = metrics["champion"]["bad_rate"]
    assert metrics["champion"]["brier"] < rate * (1 - rate)


def test_calibration_and_band_tables_describe_the_validation_period(trained):
    model, _ = trained
    calibration = model.metadata["calibration_table"]
    assert sum(row["rows"] for row in calibration) == 300
    predicted = [row["predicted"] for row in calibration]
    assert predicted == sorted(predicted)
    bands = model.metadata["band_table"]
    assert [b["band"] for b in bands] == ["green", "yellow", "red"]
    assert sum(b["rows"] for b in bands) == 300
    assert abs(sum(b["share"] for b in bands) - 1) < 1e-9
    # Bands rank risk: green's bad rate is below red's.
    assert bands[0]["bad_rate"] < bands[2]["bad_rate"]


def test_shap_explanation_adds_up_to_the_calibrated_log_odds(trained):
    model, apps = trained
    rows = application_features(apps.iloc[:200])
    rows.loc[rows.index[0], "zone"] = "Milpa Alta"  # a zone never seen in training
    explanation = model.explain(rows)
    pd_ = model.predict_pd(rows)
    assert explanation.contributions.shape == (200, len(model.features))
    np.testing.assert_allclose(explanation.base_value + explanation.contributions.sum(axis=1),
                               np.log(pd_ / (1 - pd_)), atol=1e-9)
    np.testing.assert_allclose(explanation.log_odds, np.log(pd_ / (1 - pd_)), atol=1e-9)


def test_higher_platform_earnings_lower_the_risk(trained):
    model, apps = trained
    rows = application_features(apps.iloc[:300])
    low, high = rows.copy(), rows.copy()
    for frame, earnings in ((low, 4_000.0), (high, 14_000.0)):
        frame["platform_weekly_earnings"] = earnings
        frame["earnings_to_weekly_rate"] = earnings / frame["weekly_rate"]
    assert model.predict_pd(high).mean() < model.predict_pd(low).mean()


def test_reason_sentences_quote_the_applicants_values():
    raises = Reason("platform_weekly_earnings", 3900.0, 0.4)
    assert reason_sentence(raises, "es") == "Ingreso semanal en plataforma de $3,900: aumenta el riesgo"
    assert reason_sentence(raises, "en") == "Weekly platform earnings of $3,900: raises the risk"
    lowers = Reason("thin_file", 0.0, -0.2)
    assert reason_sentence(lowers.as_dict(), "es") == "Sin historial en buró: no — reduce el riesgo"


def test_saved_model_has_metadata_and_loads_as_newest(models_dir, tmp_path):
    first = train_model(models_dir, tmp_path, n=900, seed=1)
    second = train_model(models_dir, tmp_path, n=900, seed=2)
    metadata = json.loads((models_dir / f"credit-{second['version']}.json").read_text())
    for key in ("version", "trained_at", "data_fingerprint", "features", "metrics", "thresholds", "artifact_sha256"):
        assert metadata[key], key
    assert metadata["features"][:3] == ["age", "thin_file", "bureau_score"]
    assert metadata["thresholds"]["green_min_score"] == credit.DEFAULT_POLICY.green_min_score
    assert first["data_fingerprint"] != second["data_fingerprint"]
    assert credit.newest_version(models_dir) == second["version"]
    assert credit.load_model(models_dir=models_dir).version == second["version"]


def test_a_tampered_artifact_is_not_loaded(models_dir, tmp_path):
    first = train_model(models_dir, tmp_path, n=900, seed=1)
    second = train_model(models_dir, tmp_path, n=900, seed=2)
    (models_dir / second["artifact"]).write_bytes(b"not our pickle")
    assert credit.load_model(models_dir=models_dir).version == first["version"]


def _valid_table(n=400, seed=5):
    return training_table(synthetic_applications(n, seed))


@pytest.mark.parametrize("break_it, message", [
    (lambda f: f.drop(columns=["bad"]), "target column 'bad' is not in the data"),
    (lambda f: f.assign(bad=f["bad"].where(f.index != 7)), "target column 'bad' is empty in 1 rows (rows 8)"),
    (lambda f: f.assign(bad=f["bad"].replace({1: 2})), "must be binary (0/1); found other values: 2"),
    (lambda f: f.assign(notes=np.nan), "column 'notes' is empty in every row"),
    (lambda f: f.assign(bad=[1] * 5 + [0] * (len(f) - 5)), "only 5 rows of class bad (1)"),
    (lambda f: f.assign(submitted_at=f["submitted_at"].where(f.index != 3, "next tuesday")),
     "date column 'submitted_at' has a missing or unreadable date in row 4"),
])
def test_bad_training_files_are_rejected_and_the_current_model_is_kept(models_dir, tmp_path, break_it, message):
    current = train_model(models_dir, tmp_path, n=900, seed=1)
    path = tmp_path / "broken.csv"
    break_it(_valid_table()).to_csv(path, index=False)
    with pytest.raises(credit.TrainingDataError) as error:
        credit.train_from_csv(path, "bad", "submitted_at", models_dir=models_dir)
    assert message in str(error.value)
    assert [m["version"] for m in credit.list_models(models_dir)] == [current["version"]]
    assert credit.load_model(models_dir=models_dir).version == current["version"]


def test_generic_csv_with_other_columns_trains(models_dir, tmp_path):
    rng = np.random.default_rng(9)
    n = 800
    x = rng.normal(size=n)
    segment = rng.choice(["norte", "sur"], n)
    bad = (rng.random(n) < 1 / (1 + np.exp(-(-1.5 + 1.5 * x + (segment == "sur"))))).astype(int)
    path = tmp_path / "any.csv"
    pd.DataFrame({"x": x, "segment": segment, "flag": rng.random(n) < 0.5, "y": bad}).to_csv(path, index=False)
    metadata = credit.train_from_csv(path, "y", models_dir=models_dir, random_state=0)
    assert metadata["numeric"] == ["x", "flag"] and metadata["categorical"] == ["segment"]
    assert metadata["metrics"]["champion"]["roc_auc"] > 0.7
    assert metadata["validation_period"] is None  # file order stands for time


def test_cli_trains_from_a_csv_and_rejects_a_bad_one(models_dir, tmp_path, capsys, sqlite_engine, use_database):
    from tests.factories import signed_in

    signed_in(sqlite_engine, "credit_lead")  # the publisher named by --as
    use_database(sqlite_engine)
    path = tmp_path / "history.csv"
    write_training_csv(path, n=900, seed=4)
    assert cli(["train", "--csv", str(path), "--target", "bad"]) == 2  # training publishes: who does it?
    assert "--as USER" in capsys.readouterr().err
    assert cli(["train", "--as", "credit_analyst", "--csv", str(path), "--target", "bad"]) == 2
    assert "credit_analyst" in capsys.readouterr().err  # no such user: refused, nothing trained
    assert len(credit.list_models(models_dir)) == 0
    assert cli(["train", "--csv", str(path), "--target", "bad", "--date-column", "submitted_at", "--seed", "4",
                "--as", "credit_lead"]) == 0
    out = capsys.readouterr().out
    assert "Saved candidate model" in out and "set-up published it" in out  # no model was live
    assert len(credit.list_models(models_dir)) == 1
    live = credit.load_current_model(UnitOfWork(sqlite_engine), models_dir)
    assert live.metadata["source"]["trained_by"] == "credit_lead"
    assert cli(["train", "--csv", str(path), "--target", "missing_column", "--as", "credit_lead"]) == 2
    assert "target column 'missing_column' is not in the data" in capsys.readouterr().err
    assert len(credit.list_models(models_dir)) == 1
