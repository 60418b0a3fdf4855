"""The generic training pipeline and the trained model bundle.

Champion: Pipeline(ColumnTransformer → HistGradientBoostingClassifier) calibrated with ONE
sigmoid (Platt) map fitted on out-of-fold predictions (CalibratedClassifierCV, ensemble=False;
the booster itself is then fitted on all training rows). Challenger: an L2-regularized
logistic regression. Any table with numeric and categorical columns and a 0/1 target trains.

Out-of-time validation: rows are ordered by the date column (file order without one); the
oldest 80 % train (and calibrate, by 5-fold cross-validation), the newest 20 % validate. The
metrics in the metadata are measured on that newest period only.

Why SHAP adds up exactly: the sigmoid calibration is an affine map of the booster's raw
log-odds f(x): calibrated log-odds = −(a·f(x) + b). TreeExplainer gives f(x) = φ₀ + Σφᵢ on the
transformed row, so the calibrated log-odds = [−(a·φ₀ + b)] + Σ(−a·φᵢ): the explanation shown
(base value + contributions) equals the calibrated model's log-odds of default, whose
logistic is the PD the score is built from. One-hot columns are summed back to their feature.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from lafa_core.credit import metrics
from lafa_core.credit.policy import DEFAULT_POLICY, Band, CreditPolicy, band_for, score_from_log_odds_bad
from lafa_core.errors import LocalizedError

MIN_CLASS_ROWS = 10  # fewer goods or bads than this in the data: no model
MIN_VALIDATION_CLASS_ROWS = 2  # the validation period needs both outcomes
CALIBRATION_FOLDS = 5  # out-of-fold predictions for the sigmoid: each class needs this many rows
MIN_VALIDATION_AUC = 0.5  # a champion no better than chance on the newest period is not published
VALIDATION_SHARE = 0.2


class TrainingDataError(LocalizedError, ValueError):
    """The training table cannot train a model; the message names the problem."""


class ModelRejected(LocalizedError, RuntimeError):
    """The model trained but failed validation; nothing was saved."""


@dataclass
class TrainingTable:
    """A validated training table: features, 0/1 target, and the order of time."""

    features: pd.DataFrame
    target: pd.Series
    dates: pd.Series | None
    numeric: list[str]
    categorical: list[str]


def _binary_target(values: pd.Series, name: str) -> pd.Series:
    empty = values.isna() | (values.astype(str).str.strip() == "")
    if empty.any():
        rows = [int(i) + 1 for i in np.flatnonzero(empty.to_numpy())[:5]]
        raise TrainingDataError(
            f"target column '{name}' is empty in {int(empty.sum())} rows (rows {', '.join(map(str, rows))})")
    mapping = {"0": 0, "1": 1, "0.0": 0, "1.0": 1, "false": 0, "true": 1}
    normalized = values.astype(str).str.strip().str.lower().map(mapping)
    if normalized.isna().any():
        others = sorted(set(values[normalized.isna()].astype(str)))[:5]
        raise TrainingDataError(
            f"target column '{name}' must be binary (0/1); found other values: {', '.join(others)}")
    return normalized.astype(int)


def prepare_training_table(frame: pd.DataFrame, target: str, date_column: str | None = None,
                           min_class_rows: int = MIN_CLASS_ROWS) -> TrainingTable:
    """Check a training table and split it into features, target and dates. Raises
    TrainingDataError with one clear message naming the problem."""
    if target not in frame.columns:
        columns = ", ".join(map(str, frame.columns))
        raise TrainingDataError(f"target column '{target}' is not in the data (columns: {columns})")
    if date_column is not None and date_column not in frame.columns:
        raise TrainingDataError(f"date column '{date_column}' is not in the data")
    y = _binary_target(frame[target], target)
    dates = None
    if date_column is not None:
        dates = pd.to_datetime(frame[date_column], errors="coerce", utc=True)
        if dates.isna().any():
            row = int(np.flatnonzero(dates.isna().to_numpy())[0]) + 1
            raise TrainingDataError(
                f"date column '{date_column}' has a missing or unreadable date in row {row}: "
                f"{frame[date_column].iloc[row - 1]!r}")
    features = frame.drop(columns=[c for c in (target, date_column) if c is not None])
    empty = [str(c) for c in features.columns if features[c].isna().all()
             or (features[c].dtype == object and features[c].astype(str).str.strip().eq("").all())]
    if empty:
        raise TrainingDataError(f"column '{empty[0]}' is empty in every row" if len(empty) == 1
                                else f"columns {', '.join(repr(c) for c in empty)} are empty in every row")
    if features.shape[1] == 0:
        raise TrainingDataError("the data has no feature columns besides the target")
    for label, name in ((1, "bad (1)"), (0, "good (0)")):
        count = int((y == label).sum())
        if count < min_class_rows:
            raise TrainingDataError(
                f"only {count} rows of class {name}; at least {min_class_rows} of each class are needed",
                key="credit.error.too_few_of_class", count=count, label=label, minimum=min_class_rows)
    numeric, categorical = [], []
    for column in features.columns:
        series = features[column]
        if pd.api.types.is_bool_dtype(series):
            features[column] = series.astype(float)
            numeric.append(column)
        elif pd.api.types.is_numeric_dtype(series):
            numeric.append(column)
        else:
            features[column] = series.astype("string").fillna("missing").astype(object)
            categorical.append(column)
    return TrainingTable(features.reset_index(drop=True), y.reset_index(drop=True),
                         None if dates is None else dates.reset_index(drop=True), numeric, categorical)


def data_fingerprint(frame: pd.DataFrame) -> str:
    """sha256 of the table's content and column names: which data a model was trained on."""
    digest = hashlib.sha256("|".join(map(str, frame.columns)).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def _prepare(numeric: list[str], categorical: list[str], scale: bool) -> ColumnTransformer:
    numeric_steps = [("impute", SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True))]
    if scale:
        numeric_steps.append(("scale", StandardScaler()))
    return ColumnTransformer(
        [("num", Pipeline(numeric_steps), numeric),
         ("cat", Pipeline([("impute", SimpleImputer(strategy="constant", fill_value="missing")),
                           ("onehot", OneHotEncoder(handle_unknown="ignore", sparse_output=False))]), categorical)],
        sparse_threshold=0.0,
    )


def champion_pipeline(numeric: list[str], categorical: list[str], random_state: int) -> Pipeline:
    # Shallow trees: credit histories are small and noisy; four leaves keep pairwise interactions
    # (e.g. thin file × earnings) without memorizing the few defaults.
    booster = HistGradientBoostingClassifier(
        learning_rate=0.05, max_iter=150, max_leaf_nodes=4, min_samples_leaf=30,
        l2_regularization=1.0, early_stopping=False, random_state=random_state)
    return Pipeline([("prepare", _prepare(numeric, categorical, scale=False)), ("booster", booster)])


def challenger_pipeline(numeric: list[str], categorical: list[str], random_state: int) -> Pipeline:
    return Pipeline([("prepare", _prepare(numeric, categorical, scale=True)),
                     ("logistic", LogisticRegression(C=0.3, max_iter=2000, random_state=random_state))])


def _transformed_owner(prepare: ColumnTransformer, numeric: list[str], categorical: list[str]) -> list[int]:
    """For each transformed column, the index (in numeric + categorical) of the feature it came from."""
    owners: list[int] = list(range(len(numeric)))
    if numeric:
        indicator = prepare.named_transformers_["num"].named_steps["impute"].indicator_
        if indicator is not None:
            owners += [int(j) for j in indicator.features_]
    if categorical:
        onehot = prepare.named_transformers_["cat"].named_steps["onehot"]
        for k, categories in enumerate(onehot.categories_):
            owners += [len(numeric) + k] * len(categories)
    return owners


def _split_indices(n: int, dates: pd.Series | None) -> tuple[np.ndarray, np.ndarray]:
    """Older rows to train, the newest VALIDATION_SHARE to validate."""
    order = np.argsort(dates.to_numpy(), kind="stable") if dates is not None else np.arange(n)
    cut = n - int(round(n * VALIDATION_SHARE))
    return order[:cut], order[cut:]


@dataclass
class Explanation:
    """Base value + contributions (one per feature) = log-odds of default, per row."""

    base_value: float
    contributions: np.ndarray  # (rows, features), in calibrated log-odds
    log_odds: np.ndarray  # (rows,), the calibrated model's output


@dataclass
class CreditModel:
    champion: CalibratedClassifierCV
    challenger: Pipeline
    numeric: list[str]
    categorical: list[str]
    owners: list[int]
    policy: CreditPolicy = DEFAULT_POLICY
    metadata: dict = field(default_factory=dict)
    _explainer: object = field(default=None, repr=False)

    @property
    def features(self) -> list[str]:
        return self.numeric + self.categorical

    @property
    def version(self) -> str:
        return self.metadata.get("version", "unsaved")

    @property
    def pipeline(self) -> Pipeline:
        return self.champion.calibrated_classifiers_[0].estimator

    @property
    def _calibration(self) -> tuple[float, float]:
        calibrator = self.champion.calibrated_classifiers_[0].calibrators[0]
        return float(calibrator.a_), float(calibrator.b_)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_explainer"] = None  # rebuilt on first use; not worth pickling
        return state

    def _rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        missing = [c for c in self.features if c not in frame.columns]
        if missing:
            raise KeyError(f"the model needs columns that are missing: {', '.join(missing)}")
        return frame[self.features]

    def predict_pd(self, frame: pd.DataFrame) -> np.ndarray:
        return self.champion.predict_proba(self._rows(frame))[:, 1]

    def predict_pd_challenger(self, frame: pd.DataFrame) -> np.ndarray:
        return self.challenger.predict_proba(self._rows(frame))[:, 1]

    def explain(self, frame: pd.DataFrame) -> Explanation:
        """SHAP values of the booster on the transformed rows, mapped through the calibration
        and summed per original feature (see the module docstring)."""
        import shap  # heavy import, only when explaining

        pipeline = self.pipeline
        transformed = pipeline.named_steps["prepare"].transform(self._rows(frame)).astype(np.float64)
        booster = pipeline.named_steps["booster"]
        if self._explainer is None:
            self._explainer = shap.TreeExplainer(booster)
        raw = np.asarray(self._explainer.shap_values(transformed, check_additivity=False), dtype=float)
        expected = float(np.ravel(self._explainer.expected_value)[0])
        a, b = self._calibration
        grouped = np.zeros((raw.shape[0], len(self.features)))
        np.add.at(grouped.T, np.asarray(self.owners), raw.T)
        contributions = -a * grouped
        base = -(a * expected + b)
        return Explanation(base, contributions, base + contributions.sum(axis=1))

    def scores(self, frame: pd.DataFrame) -> np.ndarray:
        log_odds = _logit(self.predict_pd(frame))
        return np.array([score_from_log_odds_bad(v, self.policy) for v in log_odds], dtype=int)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), 1e-12, 1 - 1e-12)
    return np.log(p / (1 - p))



def fit_credit_model(table: TrainingTable, *, random_state: int, policy: CreditPolicy = DEFAULT_POLICY,
                     progress=None) -> CreditModel:
    """Train champion and challenger out of time and measure both on the newest period.
    Raises TrainingDataError when a period lacks an outcome, ModelRejected when the
    champion is no better than chance."""
    report = progress or (lambda stage, fraction: None)
    X, y = table.features, table.target
    train_idx, valid_idx = _split_indices(len(X), table.dates)
    for name, idx, least in (("training", train_idx, CALIBRATION_FOLDS),
                             ("validation", valid_idx, MIN_VALIDATION_CLASS_ROWS)):
        for label, outcome in ((1, "bad"), (0, "good")):
            if int((y.iloc[idx] == label).sum()) < least:
                raise TrainingDataError(
                    f"the {name} period (rows ordered by date: oldest 80 % train, newest 20 % validate) has "
                    f"fewer than {least} {outcome} outcomes; more history is needed",
                    key="credit.error.period_too_thin", least=least)
    report("fit champion", 0.2)
    # ensemble=False: one sigmoid on out-of-fold scores, then one booster on all training rows,
    # so the calibrated log-odds stay an affine map of that booster's (see module docstring).
    champion = CalibratedClassifierCV(
        champion_pipeline(table.numeric, table.categorical, random_state), method="sigmoid", ensemble=False,
        cv=StratifiedKFold(CALIBRATION_FOLDS, shuffle=True, random_state=random_state))
    champion.fit(X.iloc[train_idx], y.iloc[train_idx])
    report("fit challenger", 0.6)
    challenger = challenger_pipeline(table.numeric, table.categorical, random_state)
    challenger.fit(X.iloc[train_idx], y.iloc[train_idx])
    pipeline = champion.calibrated_classifiers_[0].estimator
    owners = _transformed_owner(pipeline.named_steps["prepare"], table.numeric, table.categorical)
    model = CreditModel(champion, challenger, table.numeric, table.categorical, owners, policy)
    if model._calibration[0] >= 0:
        # PD = expit(−(a·f + b)): a ≥ 0 would make a riskier booster score a smaller PD.
        raise ModelRejected("the calibration found no increasing relation between the booster's risk and "
                            "defaults on out-of-fold rows: not published", key="credit.error.calibration")

    report("validate", 0.75)
    X_valid, y_valid = X.iloc[valid_idx], y.iloc[valid_idx].to_numpy()
    pd_valid = model.predict_pd(X_valid)
    champion_metrics = metrics.discrimination(y_valid, pd_valid)
    if champion_metrics["roc_auc"] is not None and champion_metrics["roc_auc"] < MIN_VALIDATION_AUC:
        raise ModelRejected(
            f"the champion's ROC AUC on the validation period is {champion_metrics['roc_auc']:.3f}, "
            f"below {MIN_VALIDATION_AUC}: not published", key="credit.error.auc_too_low",
            auc=f"{champion_metrics['roc_auc']:.3f}", minimum=MIN_VALIDATION_AUC)
    scores_valid = np.array([score_from_log_odds_bad(v, policy) for v in _logit(pd_valid)])
    bands_valid = [band_for(int(s), [], policy).value for s in scores_valid]
    all_scores = model.scores(X)
    model.metadata = {
        "rows": {"total": int(len(X)), "training": int(len(train_idx)), "validation": int(len(valid_idx))},
        "validation_period": _period(table.dates, valid_idx),
        "bad_rate": float(y.mean()),
        "features": model.features, "numeric": table.numeric, "categorical": table.categorical,
        "metrics": {"champion": champion_metrics,
                    "challenger": metrics.discrimination(y_valid, model.predict_pd_challenger(X_valid))},
        "calibration_table": metrics.calibration_table(y_valid, pd_valid),
        "band_table": metrics.band_table(y_valid, bands_valid, [b.value for b in Band]),
        "thresholds": policy.as_dict(),
        "calibration": dict(zip(("a", "b"), model._calibration)),
        "reference": {
            "features": {c: metrics.reference_distribution(X[c], c in table.categorical) for c in model.features},
            "score": metrics.score_shares(all_scores),
        },
    }
    report("done", 0.9)
    return model


def _period(dates: pd.Series | None, idx: np.ndarray) -> dict | None:
    if dates is None or len(idx) == 0:
        return None
    part = dates.iloc[idx]
    return {"from": part.min().date().isoformat(), "to": part.max().date().isoformat()}
