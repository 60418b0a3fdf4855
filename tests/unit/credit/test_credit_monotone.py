"""Monotone, evidence-chosen models: the known directions hold for every candidate (and through the
calibration), the champion is the candidate with the better out-of-time evidence — also when that
is the challenger — and the result stays close to plain, tuned scikit-learn models."""
import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegressionCV
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from credit_support import synthetic_applications, training_table
from lafa_core import credit
from lafa_core.credit.features import MONOTONE, application_features
from lafa_core.credit.model import (GRADIENT_BOOSTING, LOGISTIC, SELECTION_MIN_ROWS, SignConstrainedLogistic,
                                    TrainingDataError, fit_credit_model, parse_monotone, prepare_training_table)

RNG_ROWS = 120  # applications whose features are pushed up and down


@pytest.fixture(scope="module")
def constrained():
    """Both candidates on 1,500 synthetic applications, the credit features' directions constrained."""
    apps = synthetic_applications(1500, seed=3)
    frame = training_table(apps)
    table = prepare_training_table(frame, "bad", "submitted_at",
                                   monotone={c: s for c, s in MONOTONE.items() if c in frame})
    return fit_credit_model(table, random_state=3), apps


def _pd_by(model, kind: str, rows: pd.DataFrame) -> np.ndarray:
    return model.candidates[kind].predict_pd(rows[model.features])


@pytest.mark.parametrize("kind", [GRADIENT_BOOSTING, LOGISTIC])
def test_every_constrained_feature_moves_the_risk_only_its_way(constrained, kind):
    model, apps = constrained
    rows = application_features(apps.sample(RNG_ROWS, random_state=1))
    for feature, sign in model.monotone.items():
        spread = float(np.nanstd(rows[feature])) or 1.0
        previous = None
        for step in np.linspace(-2, 2, 9):
            moved = rows.copy()
            moved[feature] = rows[feature] + step * spread
            pd_ = _pd_by(model, kind, moved)
            if previous is not None:
                change = (pd_ - previous) * sign  # ≥ 0: the risk moved the constrained way (or not at all)
                assert change.min() >= -1e-12, (kind, feature, step)
            previous = pd_


def test_calibration_keeps_the_order_of_each_candidate(constrained):
    model, apps = constrained
    rows = application_features(apps.iloc[:300])[model.features]
    for kind, candidate in model.candidates.items():
        a, _ = candidate.calibration
        assert a < 0, kind  # PD = expit(−(a·f + b)) rises with the candidate's raw risk f
        raw = candidate.pipeline.decision_function(rows)
        pd_ = candidate.predict_pd(rows)
        order = np.argsort(raw, kind="stable")
        assert np.all(np.diff(pd_[order]) >= -1e-12), kind


def test_both_candidates_are_measured_and_the_choice_explained(constrained):
    model, _ = constrained
    meta = model.metadata
    assert set(meta["candidates"]) == {GRADIENT_BOOSTING, LOGISTIC}
    assert meta["champion"] == model.champion_kind
    selection = meta["selection"]
    assert selection["method"] == "rolling"  # 300 validation rows < 500: cross-validated over time
    assert len(selection["folds"]) == 4 and set(selection["evidence"]) == {GRADIENT_BOOSTING, LOGISTIC}
    other = model.challenger_kind
    assert selection["evidence"][model.champion_kind] >= selection["evidence"][other] - 0.005
    assert meta["metrics"]["challenger"] == meta["candidates"][other]["metrics"]


def test_shap_adds_up_for_either_champion(constrained):
    model, apps = constrained
    rows = application_features(apps.iloc[:50])
    for kind in (GRADIENT_BOOSTING, LOGISTIC):
        model.champion_kind = kind
        try:
            explanation = model.explain(rows)
            pd_ = model.predict_pd(rows)
        finally:
            model.champion_kind = model.metadata["champion"]
        np.testing.assert_allclose(explanation.log_odds, np.log(pd_ / (1 - pd_)), atol=1e-9)


def test_the_sign_constrained_logistic_keeps_a_coefficient_on_its_side():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 2))
    y = (rng.random(2000) < 1 / (1 + np.exp(-(1.5 * x[:, 0] - x[:, 1])))).astype(int)
    free = SignConstrainedLogistic(C=1.0).fit(x, y)
    assert free.coef_[0, 0] > 1 and free.coef_[0, 1] < -0.5
    bound = SignConstrainedLogistic(C=1.0, signs=(-1, 0)).fit(x, y)  # the data says +, the rule says −
    assert bound.coef_[0, 0] == pytest.approx(0, abs=1e-8) and bound.coef_[0, 1] < -0.5


def _table(kind: str, n: int, seed: int) -> pd.DataFrame:
    """A linear truth (the logistic model is right) or a threshold interaction (trees are right)."""
    rng = np.random.default_rng(seed)
    x1, x2, x3 = rng.normal(size=(3, n))
    if kind == "linear":
        z = -1.2 + 1.1 * x1 - 0.9 * x2 + 0.6 * x3
    else:
        z = -1.5 + 3.0 * ((x1 > 0) == (x2 > 0)) - 1.5 * ((x1 > 0) != (x2 > 0)) + 0.2 * x3
    y = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(int)
    return pd.DataFrame({"x1": x1, "x2": x2, "x3": x3, "y": y,
                         "when": pd.date_range("2024-01-01", periods=n, freq="h", tz="UTC")})


@pytest.mark.parametrize("truth, n, expected, method", [
    ("linear", 3000, LOGISTIC, "validation"),  # the challenger of old (a logistic) is better: it wins
    ("linear", 1200, LOGISTIC, "rolling"),
    ("interaction", 3000, GRADIENT_BOOSTING, "validation"),
])
def test_the_champion_is_the_candidate_with_the_better_evidence(truth, n, expected, method):
    table = prepare_training_table(_table(truth, n, seed=11), "y", "when")
    model = fit_credit_model(table, random_state=0)
    selection = model.metadata["selection"]
    assert selection["method"] == method
    assert (model.metadata["rows"]["validation"] >= SELECTION_MIN_ROWS) == (method == "validation")
    assert model.champion_kind == expected, selection["evidence"]
    loser = model.challenger_kind
    assert selection["evidence"][expected] > selection["evidence"][loser]


@pytest.mark.parametrize("truth", ["linear", "interaction"])
def test_the_champion_is_within_two_points_of_plain_tuned_scikit_learn(truth):
    frame = _table(truth, 3000, seed=5)
    table = prepare_training_table(frame, "y", "when")
    model = fit_credit_model(table, random_state=0)
    cut = int(len(frame) * 0.8)
    train, valid = frame.iloc[:cut], frame.iloc[cut:]
    columns = ["x1", "x2", "x3"]
    tuned = LogisticRegressionCV(Cs=10, max_iter=2000, l1_ratios=(0.0,), scoring="roc_auc", use_legacy_attributes=False)
    plain = [make_pipeline(StandardScaler(), tuned),
             HistGradientBoostingClassifier(random_state=0)]
    best = max(roc_auc_score(valid["y"], m.fit(train[columns], train["y"]).predict_proba(valid[columns])[:, 1])
               for m in plain)
    assert model.metadata["metrics"]["champion"]["roc_auc"] >= best - 0.02


def test_monotone_directions_are_parsed_and_checked():
    assert parse_monotone("income=+1, rate=-1,tenure=1") == {"income": 1, "rate": -1, "tenure": 1}
    assert parse_monotone(None) == {} and parse_monotone("") == {}
    for bad in ("income", "income=2", "=1", "income=+"):
        with pytest.raises(TrainingDataError, match="--monotone"):
            parse_monotone(bad)
    frame = _table("linear", 300, seed=1).assign(segment="a")
    with pytest.raises(TrainingDataError, match="does not have: nope"):
        prepare_training_table(frame, "y", "when", monotone={"nope": 1})
    with pytest.raises(TrainingDataError, match="not numeric: segment"):
        prepare_training_table(frame, "y", "when", monotone={"segment": 1})
    assert prepare_training_table(frame, "y", "when", monotone={"x1": -1}).monotone == {"x1": -1}


def test_a_csv_trained_with_monotone_records_the_directions(tmp_path):
    path = tmp_path / "any.csv"
    _table("linear", 900, seed=2).to_csv(path, index=False)
    metadata = credit.train_from_csv(path, "y", "when", monotone="x1=+1,x2=-1", models_dir=tmp_path / "models",
                                     random_state=0)
    assert metadata["monotone"] == {"x1": 1, "x2": -1}
    assert credit.train_from_csv(path, "y", "when", models_dir=tmp_path / "models",
                                 random_state=0)["monotone"] == {}  # none by default


def test_the_direct_transform_and_probability_are_scikit_learns(constrained):
    """Scoring one application skips ColumnTransformer's overhead: the same numbers, NaNs and a
    zone never seen in training included."""
    model, apps = constrained
    rows = application_features(apps.iloc[:200])[model.features]
    rows.loc[rows.index[0], "zone"] = "Milpa Alta"
    rows.loc[rows.index[1], "platform_rating"] = np.nan
    for kind, candidate in model.candidates.items():
        prepare = candidate.pipeline.named_steps["prepare"]
        np.testing.assert_allclose(candidate.transform(rows), prepare.transform(rows), atol=1e-12, err_msg=kind)
        np.testing.assert_allclose(candidate.predict_pd(rows), candidate.calibrated.predict_proba(rows)[:, 1],
                                   atol=1e-12, err_msg=kind)
