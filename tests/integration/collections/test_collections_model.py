"""The roll predictor trained on a generated company's payment history, persisted with metadata."""
import json
from datetime import datetime, time, timedelta

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from lafa_core import collections as col
from lafa_core.collections.roll import training_frame
from lafa_core.config import LOCAL_TZ
from lafa_core.generate import build_company
from lafa_core.tables import Payment
from tests.collections_support import uow


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    from lafa_core.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('company') / 'lafa.db'}")
    build_company(engine, vehicles=150, weeks=40, seed=11)
    with Session(engine) as session:
        last = session.scalar(select(func.max(Payment.paid_on)))
    yield engine, datetime.combine(last + timedelta(days=1), time(10), tzinfo=LOCAL_TZ)
    engine.dispose()


def test_training_rows_are_weekly_snapshots_labelled_by_what_happened_a_week_later(company):
    engine, now = company
    frame = training_frame(uow(engine, None, now))
    assert frame["as_of"].nunique() > 4 and frame["rolled"].isin([0, 1]).all()
    assert 0 < frame["rolled"].mean() < 0.5
    # Accounts already late roll more often than accounts not yet due.
    late, not_yet = frame[frame["days_past_due"] > 0], frame[frame["days_past_due"] <= 0]
    assert late["rolled"].mean() > not_yet["rolled"].mean()


def test_roll_model_is_saved_with_metadata_and_reloaded_for_the_same_data(company, tmp_path):
    engine, now = company
    model = col.roll_model(uow(engine, None, now), models_dir=tmp_path)
    metadata = json.loads((tmp_path / "collections-roll.json").read_text())
    assert metadata["kind"] == "lafa-collections-roll-model" and metadata["prior_only"] is False
    assert metadata["features"] == ["days_past_due", "overdue_installments", "late_share", "weeks_observed", "is_payroll"]
    assert metadata["data_fingerprint"] and metadata["artifact_sha256"] and metadata["training_rows"] > 100
    assert metadata["version"] == metadata["artifact_sha256"][:12]  # the artifact's hash, not the data's
    assert "loaded_from" not in model.metadata  # trained, not loaded
    again = col.roll_model(uow(engine, None, now), models_dir=tmp_path)
    assert again.metadata["loaded_from"] == str(tmp_path / "collections-roll.joblib")  # a reload, not a retrain
    assert again.metadata["version"] == metadata["version"]
    queue = col.build_queue(uow(engine, None, now), model=again)
    assert len(queue) > 0 and queue["roll_probability"].between(0, 1).all()
    deep, shallow = queue[queue["days_past_due"] > 14], queue[queue["days_past_due"] <= 0]
    assert len(deep) and len(shallow), "the generated company must hold both deep and not-yet-due accounts"
    assert deep["roll_probability"].mean() > shallow["roll_probability"].mean()
    # A file we did not write (hash mismatch) is never unpickled: the model is retrained instead.
    (tmp_path / "collections-roll.joblib").write_bytes(b"not ours")
    retrained = col.roll_model(uow(engine, None, now), models_dir=tmp_path)
    assert (tmp_path / "collections-roll.joblib").read_bytes() != b"not ours"  # rewritten by us
    assert "loaded_from" not in retrained.metadata  # retrained, not reloaded
    rebuilt = col.build_queue(uow(engine, None, now), model=retrained)
    assert np.allclose(rebuilt["roll_probability"], queue["roll_probability"])  # same data, same seed
