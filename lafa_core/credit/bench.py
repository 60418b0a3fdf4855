"""Benchmark rows of the credit capability (called by `python -m lafa_core.bench`).

Budgets: score + explain one application < 100 ms; score + explain 10,000 applications
< 20 s; train on 20,000 applications < 90 s on 2 cores. The company's own applications are
resampled to those sizes; for the 20,000-row training the target is drawn from a fixed
function of the features (timing only: the real target needs matured contracts)."""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from lafa_core.credit import artifacts, queries, service
from lafa_core.credit.features import application_features
from lafa_core.credit.model import ModelRejected, TrainingDataError, fit_credit_model, prepare_training_table
from lafa_core.db import make_engine
from lafa_core.identity import Actor
from lafa_core.uow import UnitOfWork

SCORE_ROWS = 10_000
TRAIN_ROWS = 20_000
SINGLE_REPEATS = 30


def _resample(apps: pd.DataFrame, rows: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sample = apps.iloc[rng.integers(0, len(apps), rows)].reset_index(drop=True)
    # Spread earnings so rows are not exact copies (the booster would see a few hundred points).
    jitter = np.exp(rng.normal(0, 0.1, rows))
    earnings = sample["platform_weekly_earnings_centavos"] * jitter
    sample["platform_weekly_earnings_centavos"] = earnings.round(-2).astype(int)
    sample["id"] = np.arange(1, rows + 1)
    return sample


def _timing_training_table(apps: pd.DataFrame, seed: int) -> pd.DataFrame:
    sample = _resample(apps, TRAIN_ROWS, seed)
    frame = application_features(sample).dropna(axis=1, how="all")
    z = -2.2 - 1.2 * np.log(frame["earnings_to_weekly_rate"].clip(0.5) / 2.8) + 0.4 * frame["thin_file"]
    frame["bad"] = (np.random.default_rng(seed).random(len(frame)) < 1 / (1 + np.exp(-z))).astype(int)
    frame["submitted_at"] = pd.date_range("2024-01-01", periods=len(frame), freq="30min", tz="UTC")
    return frame


def measure(database_url: str, vehicles: int) -> dict[str, float]:
    engine = make_engine(database_url)
    figures: dict[str, float] = {}
    try:
        uow = UnitOfWork(engine)  # read-only; each service call opens and closes it
        with uow:
            apps = queries.applications(session=uow.session)
        if apps.empty:
            return figures
        with tempfile.TemporaryDirectory() as models_dir:
            models_dir = Path(models_dir)
            started = time.perf_counter()
            try:
                publisher = UnitOfWork(engine, actor=Actor("bench", "credit_lead"))
                service.train_from_database(publisher, models_dir=models_dir, random_state=0, record=False)
                figures["credit_train_database_s"] = time.perf_counter() - started
                figures["credit_train_database_rows"] = float(artifacts.list_models(models_dir)[0]["rows"]["total"])
            except (TrainingDataError, ModelRejected):
                pass  # too little matured history at this size; the 20,000-row timing still runs

            table = prepare_training_table(_timing_training_table(apps, seed=vehicles), "bad", "submitted_at")
            started = time.perf_counter()
            timing_model = fit_credit_model(table, random_state=0)
            figures["credit_train_20k_s"] = time.perf_counter() - started

            # Scored with the 20,000-row model: its trees are the size a grown company's will be.
            model = timing_model
            pending = apps[apps["status"] == "pending"]
            one = int((pending if len(pending) else apps)["id"].iloc[0])
            service.assess_application(uow, model, one)  # warm: explainer built once per model
            durations = []
            for _ in range(SINGLE_REPEATS):
                started = time.perf_counter()
                service.assess_application(uow, model, one)
                durations.append(time.perf_counter() - started)
            figures["credit_score_explain_one_ms"] = statistics.median(durations) * 1000

            batch = _resample(apps, SCORE_ROWS, seed=vehicles + 1)
            started = time.perf_counter()
            service.assess_frame(model, batch)
            figures["credit_score_explain_10k_s"] = time.perf_counter() - started
    finally:
        engine.dispose()
    return figures
