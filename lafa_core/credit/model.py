"""The generic training pipeline: two candidate models, the champion chosen on evidence, and the
trained model bundle.

Candidates, each calibrated with ONE sigmoid (Platt) map fitted on out-of-fold predictions
(CalibratedClassifierCV, ensemble=False: the candidate itself is then fitted on all training rows):

- `gradient_boosting`: HistGradientBoostingClassifier (missing values handled natively, zones
  one-hot) with `monotonic_cst`;
- `logistic`: an L2-regularized logistic regression on standardized features (missing values
  imputed with the median plus a missing flag), its strength C chosen by cross-validation, with
  sign constraints on the coefficients (`SignConstrainedLogistic`).

Features with a known direction (`monotone`: column → +1, the risk never falls as it rises;
−1, never rises) are constrained in both candidates. The sigmoid map is checked to be strictly
increasing in the candidate's risk, so calibration keeps the order and the constraints hold for
the calibrated probability of default, hence for the score.

Out-of-time validation: rows are ordered by the date column (file order without one); the
oldest 80 % train (and calibrate, by 5-fold cross-validation), the newest 20 % validate. The
champion is the candidate with the higher ROC AUC out of time: on the validation period when
it holds at least SELECTION_MIN_ROWS rows; otherwise by rolling-origin cross-validation (train
on everything before a cut, validate on the next tenth; cuts at 50, 60 and 70 % plus the
validation period itself) whose mean AUC is steadier than one small period. A tie goes to the
logistic model, the simpler one. The metrics in the metadata are measured on the validation
period only.

Why SHAP adds up exactly: the sigmoid calibration is an affine map of the candidate's raw
log-odds f(x): calibrated log-odds = −(a·f(x) + b). TreeExplainer (the booster) or the linear
decomposition wⱼ·(xⱼ − x̄ⱼ) (the logistic model) give f(x) = φ₀ + Σφᵢ on the transformed row, so
the calibrated log-odds = [−(a·φ₀ + b)] + Σ(−a·φᵢ): the explanation shown (base value +
contributions) equals the calibrated model's log-odds of default, whose logistic is the PD the
score is built from. One-hot and missing-flag columns are summed back to their feature.
"""
from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import MissingIndicator, SimpleImputer
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from lafa_core.credit import metrics
from lafa_core.credit.policy import DEFAULT_POLICY, Band, CreditPolicy, band_for, score_from_log_odds_bad
from lafa_core.errors import LocalizedError

MIN_CLASS_ROWS = 10  # fewer goods or bads than this in the data: no model
MIN_VALIDATION_CLASS_ROWS = 2  # the validation period needs both outcomes
CALIBRATION_FOLDS = 5  # out-of-fold predictions for the sigmoid: each class needs this many rows
MIN_VALIDATION_AUC = 0.5  # a champion no better than chance on the newest period is not saved
VALIDATION_SHARE = 0.2
SELECTION_MIN_ROWS = 500  # fewer validation rows than this: the champion is chosen by rolling CV
ROLLING_CUTS = (0.5, 0.6, 0.7)  # plus the validation period (0.8 → 1.0)
SELECTION_TIE = 0.005  # AUCs this close are a tie
LOGISTIC_STRENGTHS = (0.01, 0.1, 1.0)  # C tried for the logistic model (3-fold log loss)
GRADIENT_BOOSTING, LOGISTIC = "gradient_boosting", "logistic"
KINDS = (GRADIENT_BOOSTING, LOGISTIC)


_THREADPOOLS = None


def single_threaded():
    """OpenMP and BLAS (the booster, the optimizer) on one thread: the rows are few, and on a busy
    machine spinning threads cost seconds where one thread takes milliseconds."""
    global _THREADPOOLS
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - scikit-learn depends on threadpoolctl
        return contextlib.nullcontext()
    if _THREADPOOLS is None:
        _THREADPOOLS = ThreadpoolController()
    return _THREADPOOLS.limit(limits=1)


class TrainingDataError(LocalizedError, ValueError):
    """The training table cannot train a model; the message names the problem."""


class ModelRejected(LocalizedError, RuntimeError):
    """The model trained but failed validation; nothing was saved."""


@dataclass
class TrainingTable:
    """A validated training table: features, 0/1 target, the order of time and the directions."""

    features: pd.DataFrame
    target: pd.Series
    dates: pd.Series | None
    numeric: list[str]
    categorical: list[str]
    monotone: dict[str, int] = field(default_factory=dict)


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


def parse_monotone(text: str | None) -> dict[str, int]:
    """`col=+1,col2=-1` (the CLI's --monotone) → {col: 1, col2: -1}; TrainingDataError otherwise."""
    found: dict[str, int] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, _, sign = part.partition("=")
        name, sign = name.strip(), sign.strip()
        if not name or sign not in ("+1", "1", "-1"):
            raise TrainingDataError(f"--monotone {part.strip()!r}: write COLUMN=+1 (risk rises with it) or "
                                    "COLUMN=-1 (risk falls as it rises), separated by commas",
                                    key="credit.error.monotone_syntax", part=part.strip())
        found[name] = -1 if sign == "-1" else 1
    return found


def prepare_training_table(frame: pd.DataFrame, target: str, date_column: str | None = None,
                           min_class_rows: int = MIN_CLASS_ROWS, monotone: dict[str, int] | None = None
                           ) -> TrainingTable:
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
            features[column] = series.astype(float)
            numeric.append(column)
        else:
            features[column] = series.astype("string").fillna("missing").astype(object)
            categorical.append(column)
    monotone = dict(monotone or {})
    unknown = [c for c in monotone if c not in features.columns]
    if unknown:
        raise TrainingDataError(f"--monotone names columns the data does not have: {', '.join(unknown)}",
                                key="credit.error.monotone_unknown", columns=", ".join(unknown))
    not_numeric = [c for c in monotone if c in categorical]
    if not_numeric:
        raise TrainingDataError(f"--monotone needs numeric columns; not numeric: {', '.join(not_numeric)}",
                                key="credit.error.monotone_not_numeric", columns=", ".join(not_numeric))
    return TrainingTable(features.reset_index(drop=True), y.reset_index(drop=True),
                         None if dates is None else dates.reset_index(drop=True), numeric, categorical,
                         {c: int(s) for c, s in monotone.items() if s})


def data_fingerprint(frame: pd.DataFrame) -> str:
    """sha256 of the table's content and column names: which data a model was trained on."""
    digest = hashlib.sha256("|".join(map(str, frame.columns)).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


# --- the estimators ---------------------------------------------------------------------------
class SignConstrainedLogistic(ClassifierMixin, BaseEstimator):
    """L2-regularized logistic regression (sklearn's objective: ½‖w‖² + C·Σ log loss) whose first
    len(signs) coefficients are bounded: sign +1 → wⱼ ≥ 0, −1 → wⱼ ≤ 0, 0 → free (L-BFGS-B)."""

    def __init__(self, C: float = 1.0, signs: tuple = (), max_iter: int = 1000):
        self.C = C
        self.signs = signs
        self.max_iter = max_iter

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        signs = list(self.signs)[:d] + [0] * max(0, d - len(self.signs))
        bounds = [(0.0, None) if s > 0 else (None, 0.0) if s < 0 else (None, None) for s in signs] + [(None, None)]
        C = float(self.C)

        def objective(theta):
            w, b = theta[:-1], theta[-1]
            z = X @ w + b
            residual = expit(z) - y
            value = C * float(np.sum(np.logaddexp(0.0, z) - y * z)) + 0.5 * float(w @ w)
            return value, np.concatenate([C * (X.T @ residual) + w, [C * residual.sum()]])

        start = np.zeros(d + 1)
        rate = min(max(y.mean(), 1e-6), 1 - 1e-6)
        start[-1] = np.log(rate / (1 - rate))
        result = minimize(objective, start, jac=True, method="L-BFGS-B", bounds=bounds,
                          options={"maxiter": self.max_iter})
        self.coef_ = result.x[:-1].reshape(1, -1)
        self.intercept_ = result.x[-1:].copy()
        self.classes_ = np.array([0, 1])
        self.n_features_in_ = d
        return self

    def decision_function(self, X):
        return np.asarray(X, dtype=float) @ self.coef_[0] + self.intercept_[0]

    def predict_proba(self, X):
        p = expit(self.decision_function(X))
        return np.column_stack([1 - p, p])

    def predict(self, X):
        return (self.decision_function(X) > 0).astype(int)


@dataclass(frozen=True)
class Layout:
    """The transformed columns, fixed before any fit (so constraints and owners are known)."""

    numeric: list[str]
    categorical: list[str]
    categories: dict[str, list[str]]  # every category seen in the whole table
    missing: list[str]  # numeric columns with a missing value somewhere: a flag for the logistic model

    @staticmethod
    def of(table: TrainingTable) -> "Layout":
        X = table.features
        return Layout(table.numeric, table.categorical,
                      {c: sorted(set(X[c].astype(str))) for c in table.categorical},
                      [c for c in table.numeric if X[c].isna().any()])

    def prepare(self, *, scale: bool) -> ColumnTransformer:
        parts = []
        if self.numeric:
            if scale:
                parts.append(("num", Pipeline([("impute", SimpleImputer(strategy="median", keep_empty_features=True)),
                                               ("scale", StandardScaler())]), self.numeric))
            else:
                parts.append(("num", "passthrough", self.numeric))
        if scale and self.missing:
            parts.append(("missing", MissingIndicator(features="all"), self.missing))
        if self.categorical:
            parts.append(("cat", OneHotEncoder(categories=[self.categories[c] for c in self.categorical],
                                               handle_unknown="ignore", sparse_output=False), self.categorical))
        return ColumnTransformer(parts, sparse_threshold=0.0)

    def owners(self, *, scale: bool) -> list[int]:
        """For each transformed column, the index (in numeric + categorical) of its feature."""
        owners = list(range(len(self.numeric)))
        if scale:
            owners += [self.numeric.index(c) for c in self.missing]
        for k, column in enumerate(self.categorical):
            owners += [len(self.numeric) + k] * len(self.categories[column])
        return owners

    def signs(self, monotone: dict[str, int], *, scale: bool) -> list[int]:
        others = len(self.owners(scale=scale)) - len(self.numeric)  # missing flags and one-hot columns: free
        return [int(monotone.get(c, 0)) for c in self.numeric] + [0] * others


def gradient_boosting_pipeline(layout: Layout, monotone: dict[str, int], random_state: int) -> Pipeline:
    # Shallow trees: credit histories are small and noisy; four leaves keep pairwise interactions
    # (e.g. thin file × earnings) without memorizing the few defaults.
    booster = HistGradientBoostingClassifier(
        learning_rate=0.05, max_iter=150, max_leaf_nodes=4, min_samples_leaf=30, l2_regularization=1.0,
        early_stopping=False, monotonic_cst=layout.signs(monotone, scale=False), random_state=random_state)
    return Pipeline([("prepare", layout.prepare(scale=False)), ("model", booster)])


def logistic_pipeline(layout: Layout, monotone: dict[str, int], C: float) -> Pipeline:
    return Pipeline([("prepare", layout.prepare(scale=True)),
                     ("model", SignConstrainedLogistic(C=C, signs=tuple(layout.signs(monotone, scale=True))))])


def _pipeline(kind: str, layout: Layout, monotone: dict[str, int], random_state: int, C: float) -> Pipeline:
    if kind == GRADIENT_BOOSTING:
        return gradient_boosting_pipeline(layout, monotone, random_state)
    return logistic_pipeline(layout, monotone, C)


def _choose_strength(layout: Layout, monotone: dict[str, int], X: pd.DataFrame, y: pd.Series,
                     random_state: int) -> float:
    """The logistic model's C with the lowest 3-fold log loss on the training rows."""
    folds = StratifiedKFold(3, shuffle=True, random_state=random_state)
    losses = {}
    for C in LOGISTIC_STRENGTHS:
        total = 0.0
        for fit_idx, test_idx in folds.split(X, y):
            pipeline = logistic_pipeline(layout, monotone, C).fit(X.iloc[fit_idx], y.iloc[fit_idx])
            p = np.clip(pipeline.predict_proba(X.iloc[test_idx])[:, 1], 1e-12, 1 - 1e-12)
            target = y.iloc[test_idx].to_numpy()
            total -= float(np.sum(target * np.log(p) + (1 - target) * np.log(1 - p)))
        losses[C] = total
    return min(losses, key=lambda C: (losses[C], C))


# --- the bundle ---------------------------------------------------------------------------------
@dataclass
class Explanation:
    """Base value + contributions (one per feature) = log-odds of default, per row."""

    base_value: float
    contributions: np.ndarray  # (rows, features), in calibrated log-odds
    log_odds: np.ndarray  # (rows,), the calibrated model's output


@dataclass
class Candidate:
    """One calibrated candidate model and how to explain it."""

    kind: str
    calibrated: CalibratedClassifierCV
    owners: list[int]
    background: np.ndarray | None = None  # mean transformed training row (the logistic model's SHAP)
    _explainer: object = field(default=None, repr=False)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_explainer"] = None  # rebuilt on first use; not worth pickling
        return state

    @property
    def pipeline(self) -> Pipeline:
        return self.calibrated.calibrated_classifiers_[0].estimator

    @property
    def calibration(self) -> tuple[float, float]:
        calibrator = self.calibrated.calibrated_classifiers_[0].calibrators[0]
        return float(calibrator.a_), float(calibrator.b_)

    def transform(self, rows: pd.DataFrame) -> np.ndarray:
        """The pipeline's fitted `prepare` step computed directly from its parts — what
        ColumnTransformer.transform returns (tested), without its tens of milliseconds of
        per-call overhead on the one row an analyst looks at."""
        parts = []
        for name, transformer, columns in self.pipeline.named_steps["prepare"].transformers_:
            if name == "remainder" or len(columns) == 0:
                continue
            if name == "cat":
                for column, categories in zip(columns, transformer.categories_):
                    values = rows[column].astype("string").fillna("missing").to_numpy(dtype=object)
                    parts.append((values[:, None] == np.asarray(categories, dtype=object)[None, :]).astype(float))
                continue
            values = rows[columns].to_numpy(dtype=float)
            if name == "missing":
                parts.append(np.isnan(values).astype(float))
            elif not isinstance(transformer, Pipeline):  # "passthrough" (fitted: an identity FunctionTransformer)
                parts.append(values)
            else:  # median imputation, then standardization
                imputer, scaler = transformer.named_steps["impute"], transformer.named_steps["scale"]
                values = np.where(np.isnan(values), np.nan_to_num(imputer.statistics_, nan=0.0), values)
                parts.append((values - scaler.mean_) / scaler.scale_)
        return np.hstack(parts) if parts else np.zeros((len(rows), 0))

    def raw_log_odds(self, transformed: np.ndarray) -> np.ndarray:
        """f(x): the uncalibrated candidate's log-odds of default."""
        with single_threaded():
            return np.asarray(self.pipeline.named_steps["model"].decision_function(transformed), dtype=float)

    def predict_pd(self, rows: pd.DataFrame) -> np.ndarray:
        """The calibrated probability of default: expit(−(a·f(x) + b)), as CalibratedClassifierCV's."""
        a, b = self.calibration
        return expit(-(a * self.raw_log_odds(self.transform(rows)) + b))

    def raw_contributions(self, rows: pd.DataFrame) -> tuple[float, np.ndarray]:
        """φ₀ and φ (rows × transformed columns) of the uncalibrated log-odds f(x)."""
        transformed = self.transform(rows)
        estimator = self.pipeline.named_steps["model"]
        if self.kind == LOGISTIC:
            weights = estimator.coef_[0]
            return (float(estimator.intercept_[0] + weights @ self.background),
                    (transformed - self.background) * weights)
        import shap  # heavy import, only when explaining a booster

        if self._explainer is None:
            self._explainer = shap.TreeExplainer(estimator)
        raw = np.asarray(self._explainer.shap_values(transformed, check_additivity=False), dtype=float)
        return float(np.ravel(self._explainer.expected_value)[0]), raw

    def explain(self, rows: pd.DataFrame, n_features: int) -> Explanation:
        expected, raw = self.raw_contributions(rows)
        a, b = self.calibration
        grouped = np.zeros((raw.shape[0], n_features))
        np.add.at(grouped.T, np.asarray(self.owners), raw.T)
        contributions = -a * grouped
        base = -(a * expected + b)
        return Explanation(base, contributions, base + contributions.sum(axis=1))


@dataclass
class CreditModel:
    candidates: dict[str, Candidate]
    champion_kind: str
    numeric: list[str]
    categorical: list[str]
    monotone: dict[str, int] = field(default_factory=dict)
    policy: CreditPolicy = DEFAULT_POLICY
    metadata: dict = field(default_factory=dict)

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_assessments", None)  # the service's per-model cache of explained applications
        return state

    @property
    def features(self) -> list[str]:
        return self.numeric + self.categorical

    @property
    def version(self) -> str:
        return self.metadata.get("version", "unsaved")

    @property
    def champion(self) -> Candidate:
        return self.candidates[self.champion_kind]

    @property
    def challenger_kind(self) -> str | None:
        return next((k for k in self.candidates if k != self.champion_kind), None)

    @property
    def challenger(self) -> Candidate | None:
        kind = self.challenger_kind
        return None if kind is None else self.candidates[kind]

    def missing_columns(self, columns) -> list[str]:
        present = set(columns)
        return [c for c in self.features if c not in present]

    def _rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        missing = self.missing_columns(frame.columns)
        if missing:
            raise KeyError(f"the model needs columns that are missing: {', '.join(missing)}")
        return frame[self.features]

    def predict_pd(self, frame: pd.DataFrame) -> np.ndarray:
        return self.champion.predict_pd(self._rows(frame))

    def predict_pd_challenger(self, frame: pd.DataFrame) -> np.ndarray:
        return self.challenger.predict_pd(self._rows(frame))

    def explain(self, frame: pd.DataFrame) -> Explanation:
        """The champion's SHAP values mapped through the calibration, summed per original feature
        (see the module docstring)."""
        return self.champion.explain(self._rows(frame), len(self.features))

    def scores(self, frame: pd.DataFrame) -> np.ndarray:
        log_odds = _logit(self.predict_pd(frame))
        return np.array([score_from_log_odds_bad(v, self.policy) for v in log_odds], dtype=int)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), 1e-12, 1 - 1e-12)
    return np.log(p / (1 - p))


def _split_indices(n: int, dates: pd.Series | None) -> tuple[np.ndarray, np.ndarray]:
    """Older rows to train, the newest VALIDATION_SHARE to validate."""
    order = _time_order(n, dates)
    cut = n - int(round(n * VALIDATION_SHARE))
    return order[:cut], order[cut:]


def _time_order(n: int, dates: pd.Series | None) -> np.ndarray:
    return np.argsort(dates.to_numpy(), kind="stable") if dates is not None else np.arange(n)


def _auc(y: np.ndarray, score: np.ndarray) -> float | None:
    y = np.asarray(y, dtype=int)
    return float(roc_auc_score(y, score)) if 0 < y.sum() < len(y) else None


def _pairs(y: np.ndarray) -> int:
    """Bad × good pairs: what an AUC compares, so what a fold's AUC weighs in the mean."""
    bad = int(np.sum(y))
    return bad * (len(y) - bad)


def _rolling_selection(kinds: list[str], layout: Layout, table: TrainingTable, random_state: int,
                       C: float) -> list[dict]:
    """Out-of-time folds before the validation period: fit on rows before each cut, AUC on the
    next tenth (the uncalibrated candidate: a strictly increasing calibration keeps the AUC)."""
    X, y = table.features, table.target
    order = _time_order(len(X), table.dates)
    n = len(X)
    folds = []
    for cut in ROLLING_CUTS:
        fit_idx = order[:int(round(n * cut))]
        test_idx = order[int(round(n * cut)):int(round(n * (cut + 0.1)))]
        y_fit, y_test = y.iloc[fit_idx], y.iloc[test_idx].to_numpy()
        if min(int(y_fit.sum()), int(len(y_fit) - y_fit.sum())) < MIN_VALIDATION_CLASS_ROWS \
                or not 0 < y_test.sum() < len(y_test):
            continue
        fold = {"from": cut, "to": round(cut + 0.1, 2), "rows": int(len(test_idx)), "pairs": _pairs(y_test)}
        for kind in kinds:
            pipeline = _pipeline(kind, layout, table.monotone, random_state, C).fit(X.iloc[fit_idx], y_fit)
            fold[kind] = _auc(y_test, pipeline.predict_proba(X.iloc[test_idx])[:, 1])
        folds.append(fold)
    return folds


def _weighted_auc(folds: list[dict], kind: str) -> float | None:
    """The folds' AUCs weighted by their bad × good pairs: the share of within-fold pairs ranked right."""
    used = [(f[kind], f["pairs"]) for f in folds if f.get(kind) is not None and f["pairs"]]
    total = sum(pairs for _, pairs in used)
    return float(sum(auc * pairs for auc, pairs in used) / total) if total else None


def _champion(evidence: dict[str, float | None]) -> str:
    """The candidate with the higher AUC; within SELECTION_TIE of each other (or without evidence)
    the logistic model, the simpler one to explain, wins."""
    known = {k: v for k, v in evidence.items() if v is not None}
    if not known:
        return LOGISTIC if LOGISTIC in evidence else next(iter(evidence))
    best = max(known, key=known.get)
    if LOGISTIC in known and known[best] - known[LOGISTIC] <= SELECTION_TIE:
        return LOGISTIC
    return best


def fit_credit_model(table: TrainingTable, *, random_state: int, policy: CreditPolicy = DEFAULT_POLICY,
                     progress=None) -> CreditModel:
    """Train both candidates out of time, measure them on the newest period and choose the champion
    on evidence (module docstring). Raises TrainingDataError when a period lacks an outcome,
    ModelRejected when no candidate is usable or the champion is no better than chance."""
    with single_threaded():
        return _fit_credit_model(table, random_state=random_state, policy=policy, progress=progress)


def _fit_credit_model(table: TrainingTable, *, random_state: int, policy: CreditPolicy, progress) -> CreditModel:
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
    layout = Layout.of(table)
    X_train, y_train = X.iloc[train_idx], y.iloc[train_idx]
    report("choose the logistic model's regularization", 0.1)
    C = _choose_strength(layout, table.monotone, X_train, y_train, random_state)
    candidates: dict[str, Candidate] = {}
    rejected: dict[str, str] = {}
    for step, kind in enumerate(KINDS):
        report(f"fit {kind.replace('_', ' ')}", 0.2 + 0.25 * step)
        calibrated = CalibratedClassifierCV(
            _pipeline(kind, layout, table.monotone, random_state, C), method="sigmoid", ensemble=False,
            cv=StratifiedKFold(CALIBRATION_FOLDS, shuffle=True, random_state=random_state))
        calibrated.fit(X_train, y_train)
        scale = kind == LOGISTIC
        candidate = Candidate(kind, calibrated, layout.owners(scale=scale))
        if scale:
            prepare = candidate.pipeline.named_steps["prepare"]
            candidate.background = np.asarray(prepare.transform(X_train), dtype=np.float64).mean(axis=0)
        if candidate.calibration[0] >= 0:
            # PD = expit(−(a·f + b)): a ≥ 0 would make a riskier candidate score a smaller PD.
            rejected[kind] = "calibration"
            continue
        candidates[kind] = candidate
    if not candidates:
        raise ModelRejected("the calibration found no increasing relation between the model's risk and "
                            "defaults on out-of-fold rows: not saved", key="credit.error.calibration")

    report("validate", 0.7)
    X_valid, y_valid = X.iloc[valid_idx], y.iloc[valid_idx].to_numpy()
    features = table.numeric + table.categorical
    pd_valid = {kind: c.predict_pd(X_valid[features]) for kind, c in candidates.items()}
    measured = {kind: metrics.discrimination(y_valid, p) for kind, p in pd_valid.items()}
    validation_auc = {kind: m["roc_auc"] for kind, m in measured.items()}
    folds = [{"from": 1 - VALIDATION_SHARE, "to": 1.0, "rows": int(len(valid_idx)), "pairs": _pairs(y_valid),
              **validation_auc}]
    method = "validation"
    if len(valid_idx) < SELECTION_MIN_ROWS:
        report("cross-validate out of time", 0.75)
        method = "rolling"
        folds = _rolling_selection(list(candidates), layout, table, random_state, C) + folds
    evidence = {kind: _weighted_auc(folds, kind) for kind in candidates}
    champion_kind = _champion(evidence)
    champion_auc = measured[champion_kind]["roc_auc"]
    if champion_auc is not None and champion_auc < MIN_VALIDATION_AUC:
        raise ModelRejected(
            f"the champion's ROC AUC on the validation period is {champion_auc:.3f}, "
            f"below {MIN_VALIDATION_AUC}: not saved", key="credit.error.auc_too_low",
            auc=f"{champion_auc:.3f}", minimum=MIN_VALIDATION_AUC)
    model = CreditModel(candidates, champion_kind, table.numeric, table.categorical, dict(table.monotone), policy)
    challenger_kind = model.challenger_kind
    scores_valid = np.array([score_from_log_odds_bad(v, policy) for v in _logit(pd_valid[champion_kind])])
    bands_valid = [band_for(int(s), [], policy).value for s in scores_valid]
    all_scores = model.scores(X)
    model.metadata = {
        "rows": {"total": int(len(X)), "training": int(len(train_idx)), "validation": int(len(valid_idx))},
        "validation_period": _period(table.dates, valid_idx),
        "training_period": _period(table.dates, np.arange(len(X))),
        "bad_rate": float(y.mean()),
        "features": model.features, "numeric": table.numeric, "categorical": table.categorical,
        "monotone": dict(table.monotone),
        "champion": champion_kind,
        "selection": {"method": method, "metric": "roc_auc", "folds": folds, "evidence": evidence,
                      "minimum_rows": SELECTION_MIN_ROWS, "rejected": rejected},
        "candidates": {kind: {"metrics": measured[kind],
                              "calibration_table": metrics.calibration_table(y_valid, pd_valid[kind])}
                       for kind in candidates},
        "hyperparameters": {"logistic_C": C},
        "metrics": {"champion": measured[champion_kind],
                    "challenger": measured[challenger_kind] if challenger_kind else None},
        "calibration_table": metrics.calibration_table(y_valid, pd_valid[champion_kind]),
        "band_table": metrics.band_table(y_valid, bands_valid, [b.value for b in Band]),
        "thresholds": policy.as_dict(),
        "calibration": dict(zip(("a", "b"), model.champion.calibration)),
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
