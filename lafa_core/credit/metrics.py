"""Model quality and stability measures: ROC AUC, KS, Brier, calibration and band tables, PSI."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from sklearn.metrics import brier_score_loss, roc_auc_score, roc_curve

PSI_ALERT = 0.25  # population stability index above this: the population has shifted
PSI_EPSILON = 1e-4  # an empty bin counts as this share, so the log stays finite
SCORE_BIN_EDGES = list(range(0, 1001, 50))


def discrimination(y: np.ndarray, pd_: np.ndarray) -> dict:
    """ROC AUC, KS (max distance between the bads' and goods' score distributions), Brier."""
    y = np.asarray(y, dtype=int)
    pd_ = np.asarray(pd_, dtype=float)
    both = len(np.unique(y)) == 2
    fpr, tpr, _ = roc_curve(y, pd_) if both else (np.zeros(1), np.zeros(1), None)
    return {
        "roc_auc": float(roc_auc_score(y, pd_)) if both else None,
        "ks": float(np.max(tpr - fpr)) if both else None,
        "brier": float(brier_score_loss(y, pd_)),
        "rows": int(len(y)),
        "bad_rate": float(y.mean()) if len(y) else None,
    }


def calibration_table(y: np.ndarray, pd_: np.ndarray, bins: int = 10) -> list[dict]:
    """Predicted vs observed bad rate by equal-count bins of predicted PD."""
    frame = pd.DataFrame({"y": np.asarray(y, dtype=int), "pd": np.asarray(pd_, dtype=float)})
    bins = max(1, min(bins, len(frame) // 5 or 1))
    frame["bin"] = pd.qcut(frame["pd"].rank(method="first"), bins, labels=False)
    table = frame.groupby("bin").agg(rows=("y", "size"), predicted=("pd", "mean"), observed=("y", "mean"))
    return [{"bin": int(b), "rows": int(r.rows), "predicted": float(r.predicted), "observed": float(r.observed)}
            for b, r in table.iterrows()]


def band_table(y: np.ndarray, bands: list[str], order: list[str]) -> list[dict]:
    """Share of applications in each band (approval rate for green/yellow) and the band's bad rate."""
    frame = pd.DataFrame({"y": np.asarray(y, dtype=int), "band": list(bands)})
    total = max(len(frame), 1)
    rows = []
    for band in order:
        part = frame[frame["band"] == band]
        rows.append({"band": band, "rows": int(len(part)), "share": len(part) / total,
                     "bad_rate": float(part["y"].mean()) if len(part) else None})
    return rows


def reference_distribution(values: pd.Series, categorical: bool, bins: int = 10) -> dict:
    """How a feature was distributed in training, kept in the metadata for PSI later."""
    if categorical:
        shares = values.astype(str).value_counts(normalize=True)
        return {"kind": "categorical", "shares": {str(k): float(v) for k, v in shares.items()}}
    numeric = pd.to_numeric(values, errors="coerce").astype(float)
    present = numeric.dropna()
    edges = sorted(set(np.quantile(present, np.linspace(0, 1, bins + 1))[1:-1].tolist())) if len(present) else []
    return {"kind": "numeric", "edges": edges, "shares": numeric_shares(numeric, edges)}


def numeric_shares(values: pd.Series, edges: list[float]) -> list[float]:
    """Shares in the bins cut at `edges` (open-ended at both ends), then the share missing."""
    numeric = pd.to_numeric(values, errors="coerce").astype(float)
    total = max(len(numeric), 1)
    present = numeric.dropna().to_numpy()
    counts = np.bincount(np.searchsorted(edges, present, side="right"), minlength=len(edges) + 1)
    return [float(c) / total for c in counts] + [float(numeric.isna().sum()) / total]


def current_shares(values: pd.Series, reference: dict) -> list[float] | dict[str, float]:
    if reference["kind"] == "categorical":
        shares = values.astype(str).value_counts(normalize=True)
        return {str(k): float(v) for k, v in shares.items()}
    return numeric_shares(values, reference["edges"])


def psi(expected: list[float] | dict[str, float], actual: list[float] | dict[str, float]) -> float:
    """Population stability index: sum over bins of (actual − expected) · ln(actual / expected)."""
    if isinstance(expected, dict):
        keys = sorted(set(expected) | set(actual))
        pairs = [(expected.get(k, 0.0), actual.get(k, 0.0)) for k in keys]
    else:
        pairs = list(zip(expected, actual))
    total = 0.0
    for e, a in pairs:
        e, a = max(e, PSI_EPSILON), max(a, PSI_EPSILON)
        total += (a - e) * math.log(a / e)
    return float(total)


def score_shares(scores: np.ndarray) -> list[float]:
    """Shares of scores in the fixed 50-point bins of 0–1000 (SCORE_BIN_EDGES: each bin holds its
    lower edge, the last one 1000 too). The one binning of scores: training reference, PSI, charts."""
    counts, _ = np.histogram(np.asarray(scores, dtype=float), bins=SCORE_BIN_EDGES)
    total = max(int(counts.sum()), 1)
    return [float(c) / total for c in counts]


def score_bin_centres() -> list[float]:
    """The middle of each score bin of `score_shares`, where a chart draws its bar."""
    return [(low + high) / 2 for low, high in zip(SCORE_BIN_EDGES[:-1], SCORE_BIN_EDGES[1:])]
