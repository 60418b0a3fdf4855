"""The roll predictor: the probability that an account moves to a worse DPD bucket within a
week, a logistic regression on the account's payment history."""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from lafa_core.ledger import days_from_due, dpd_buckets

FEATURES = ["days_past_due", "overdue_installments", "late_share", "weeks_observed", "is_payroll"]
# Until there is enough history to learn from, a bucket's roll probability is this prior
# (deeper buckets roll more often; figures in line with the strategy's 10–15 % default rate).
PRIOR_ROLL_BY_BUCKET = {"current": 0.15, "1-7": 0.35, "8-14": 0.45, "15-30": 0.55, "31-60": 0.65, "61+": 0.75}
MIN_TRAINING_ROWS = 50


def feature_frame(snapshot: pd.DataFrame, history: pd.DataFrame, day) -> pd.DataFrame:
    """Model inputs per account from a queue snapshot and its recent payment history."""
    frame = snapshot.merge(history, on="contract_id", how="left")
    due_recently = frame["due_recently"].fillna(0).astype(float)
    late_recently = frame["late_recently"].fillna(0).astype(float)
    out = pd.DataFrame({
        "contract_id": frame["contract_id"].astype(int),
        "days_past_due": days_from_due(frame["oldest_due"], day),
        "overdue_installments": frame["overdue_installments"].astype(int),
        "late_share": np.where(due_recently > 0, late_recently / due_recently.where(due_recently > 0, 1), 0.0),
        "weeks_observed": due_recently,
        "is_payroll": (frame["product"] == "DaE").astype(int),
    })
    return out


class RollModel:
    """sklearn-style: fit(X, y) → self; predict_proba(X) → [[p_stay, p_roll], ...]."""

    def __init__(self, random_state: int = 42, C: float = 1.0):
        self.random_state = random_state
        self.C = C

    def fit(self, X: pd.DataFrame, y) -> "RollModel":
        y = np.asarray(y, dtype=int)
        self.prior_ = len(y) < MIN_TRAINING_ROWS or len(set(y.tolist())) < 2
        self.n_training_rows_ = int(len(y))
        self.roll_rate_ = float(y.mean()) if len(y) else None
        if not self.prior_:
            self.pipeline_ = Pipeline([
                ("columns", ColumnTransformer([("numeric", StandardScaler(), FEATURES)])),
                ("logit", LogisticRegression(C=self.C, max_iter=1000, random_state=self.random_state)),
            ]).fit(X[FEATURES], y)
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        if len(X) == 0:
            return np.zeros((0, 2))
        if self.prior_:
            buckets = dpd_buckets(X["days_past_due"].to_numpy())
            roll = np.array([PRIOR_ROLL_BY_BUCKET[b] for b in buckets], dtype=float)
        else:
            roll = self.pipeline_.predict_proba(X[FEATURES])[:, 1]
        return np.column_stack([1 - roll, roll])

    def auc(self, X: pd.DataFrame, y) -> float | None:
        y = np.asarray(y, dtype=int)
        if len(set(y.tolist())) < 2:
            return None
        return float(roc_auc_score(y, self.predict_proba(X)[:, 1]))
