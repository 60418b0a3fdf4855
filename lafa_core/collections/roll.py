"""The roll predictor as a service: trained on weekly snapshots of the past, saved with its
metadata under the models directory, reloaded while the data has not changed."""
from __future__ import annotations

import hashlib
import json
import os
from datetime import date, timedelta
from pathlib import Path

import joblib
import numpy as np
import pandas as pd

from lafa_core.collections import queries
from lafa_core.collections.config import DEFAULT_CONFIG, CollectionsConfig
from lafa_core.collections.model import FEATURES, RollModel, feature_frame
from lafa_core.collections.rules import CollectionsError, due_soon_days
from lafa_core.config import get_settings
from lafa_core.ledger import bucket_rank, days_from_due, dpd_buckets
from lafa_core.uow import UnitOfWork

MODEL_KIND = "lafa-collections-roll-model"
MODEL_FILE = "collections-roll"


def dpd_by_contract(snapshot: pd.DataFrame, day: date) -> pd.Series:
    """Signed days from each account's oldest unpaid due date to `day`, indexed by contract id."""
    if snapshot.empty:
        return pd.Series(dtype=int)
    return pd.Series(days_from_due(snapshot["oldest_due"], day), index=snapshot["contract_id"].astype(int))


def _ranks(days) -> np.ndarray:
    return np.array([bucket_rank(b) for b in dpd_buckets(np.asarray(days))], dtype=int)


def _training_frame(session, today: date, config: CollectionsConfig) -> pd.DataFrame:
    """Weekly snapshots of the past: each account's features then, and whether it rolled to a
    worse bucket (or defaulted) a week later."""
    soon = due_soon_days()
    days = [today - timedelta(weeks=k) for k in range(config.training_weeks + 1)]
    snapshots = {day: queries.snapshot(session=session, day=day, due_soon_days=soon) for day in days}
    rows = []
    for k in range(1, len(days)):
        day, later = days[k], days[k - 1]
        if snapshots[day].empty:
            continue
        history = queries.payment_history(session=session, day=day, weeks=config.history_weeks)
        features = feature_frame(snapshots[day], history, day)
        later_dpd = dpd_by_contract(snapshots[later], later)
        after_days = features["contract_id"].map(later_dpd).fillna(0).astype(int)
        defaulted = features["contract_id"].isin(queries.defaulted_between(session=session, start=day, end=later))
        rolled = (_ranks(after_days) > _ranks(features["days_past_due"])) | defaulted.to_numpy()
        rows.append(features.assign(rolled=rolled.astype(int), as_of=day))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=["contract_id", *FEATURES, "rolled", "as_of"])


def training_frame(uow: UnitOfWork, *, config: CollectionsConfig = DEFAULT_CONFIG) -> pd.DataFrame:
    """The roll predictor's training rows up to the wall clock's day (see _training_frame)."""
    with uow:
        return _training_frame(uow.session, uow.now().date(), config)


def train_roll_model(uow: UnitOfWork, *, config: CollectionsConfig = DEFAULT_CONFIG,
                     random_state: int | None = None) -> RollModel:
    """Fit on all weekly snapshots; the AUC is measured on the latest four weeks held out."""
    seed = get_settings().random_seed if random_state is None else random_state
    today = uow.now().date()
    with uow:
        frame = _training_frame(uow.session, today, config)
    cutoff = today - timedelta(weeks=4)
    older, recent = frame[frame["as_of"] < cutoff], frame[frame["as_of"] >= cutoff]
    holdout_auc = RollModel(random_state=seed).fit(older, older["rolled"]).auc(recent, recent["rolled"]) if len(older) else None
    model = RollModel(random_state=seed).fit(frame, frame["rolled"])
    model.metadata = {
        "kind": MODEL_KIND, "features": FEATURES, "trained_for": str(today),
        "training_rows": int(len(frame)), "roll_rate": model.roll_rate_, "prior_only": bool(model.prior_),
        "holdout_auc_last_4_weeks": holdout_auc, "random_state": seed,
    }
    return model


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def roll_model(uow: UnitOfWork, *, config: CollectionsConfig = DEFAULT_CONFIG,
               models_dir: Path | None = None) -> RollModel:
    """Today's roll model for this database: loaded if we saved one for the same data and day,
    else trained and saved (joblib + JSON metadata) under models_dir. The version is the hash of
    the saved artifact, so a retrain is told apart from a reload."""
    directory = Path(models_dir or get_settings().models_dir)
    with uow:
        data = queries.data_fingerprint(session=uow.session)
    url = uow.engine.url.render_as_string(hide_password=True)
    fingerprint = hashlib.sha256(f"{uow.now().date()}|{data}|{url}".encode()).hexdigest()
    artifact, metadata_path = directory / f"{MODEL_FILE}.joblib", directory / f"{MODEL_FILE}.json"
    try:
        metadata = json.loads(metadata_path.read_text())
        if (metadata.get("kind") == MODEL_KIND and metadata.get("data_fingerprint") == fingerprint
                and metadata.get("artifact_sha256") == _sha256(artifact)):
            model = joblib.load(artifact)  # only a file we wrote ourselves (checked by its hash)
            model.metadata = {**metadata, "loaded_from": str(artifact)}  # not saved: says this was a reload
            return model
    except (OSError, ValueError):
        pass
    model = train_roll_model(uow, config=config)
    import sklearn

    try:
        directory.mkdir(parents=True, exist_ok=True)
        temporary = artifact.with_suffix(".joblib.tmp")
        joblib.dump(model, temporary)
        digest = _sha256(temporary)
        model.metadata.update(data_fingerprint=fingerprint, artifact_sha256=digest,
                              trained_at=uow.now().isoformat(), version=digest[:12],
                              library_versions={"scikit-learn": sklearn.__version__, "pandas": pd.__version__})
        os.replace(temporary, artifact)
        metadata_path.write_text(json.dumps(model.metadata, indent=2, default=str))
    except OSError as error:
        raise CollectionsError(f"models directory {directory}: cannot save the roll model ({error.strerror}); "
                               "set LAFA_MODELS_DIR to a writable folder", key="collections.error.models_dir",
                               directory=str(directory)) from None
    return model
