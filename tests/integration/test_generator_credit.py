"""The demo company teaches a credit model: deposit and affordability have a true effect on
default, the risk is partly visible in the application, the LTO book holds its history since the
launch (before the window when the window opens later), and payers pay with a realistic spread of
days late.

Matured leases, their outcome (`bad`) and the model's features come from the credit module itself
(`training_frame`: matured = the lease started at least the policy's performance window before the
data's as-of day; bad = default or 60+ days past due within it); the champion is the one the credit
module trains (`fit_credit_model`, the known directions constrained). Built on SQLite; every figure
is read back from the database."""
import time as timer
from datetime import date, datetime, time, timedelta

import pandas as pd
import pytest
from sqlalchemy import text

from lafa_core.clock import FixedClock
from lafa_core.config import LOCAL_TZ
from lafa_core.credit.features import MONOTONE
from lafa_core.credit.model import VALIDATION_SHARE, fit_credit_model, prepare_training_table
from lafa_core.credit.service import DATE_COLUMN, TARGET, training_frame
from lafa_core.db import make_engine
from lafa_core.generate import build_company
from lafa_core.generate.contracts import LTO_LAUNCH
from lafa_core.ledger import queries as ledger
from lafa_core.uow import UnitOfWork

END = date(2026, 11, 22)  # a Sunday
AFTER_END = FixedClock(datetime.combine(END + timedelta(days=1), time(9), tzinfo=LOCAL_TZ))


def _company(path, vehicles: int, weeks: int, seed: int = 42):
    engine = make_engine(f"sqlite:///{path}")
    build_company(engine, vehicles, weeks, seed, END)
    return engine


def _matured(engine) -> pd.DataFrame:
    """The credit module's training table: one row per matured lease, features + bad + date."""
    frame = training_frame(UnitOfWork(engine, clock=AFTER_END))
    return frame.sort_values(DATE_COLUMN, kind="stable").reset_index(drop=True)


def _champion(matured: pd.DataFrame) -> dict:
    """The metadata of the champion the credit module trains on these leases."""
    monotone = {c: s for c, s in MONOTONE.items() if c in matured.columns}
    table = prepare_training_table(matured, TARGET, DATE_COLUMN, monotone=monotone)
    return fit_credit_model(table, random_state=42).metadata


def _tercile_bad_rates(values: pd.Series, bad: pd.Series) -> list[float]:
    tercile = pd.qcut(values.rank(method="first"), 3, labels=False)
    return [float(bad[tercile == t].mean()) for t in range(3)]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo's shape: 500 vehicles × 52 weeks, seed 42."""
    engine = _company(tmp_path_factory.mktemp("demo") / "lafa.db", 500, 52)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def demo_champion(demo):
    matured = _matured(demo)
    return matured, _champion(matured)


def test_the_demo_validates_its_champion_out_of_time_on_at_least_100_matured_leases(demo_champion):
    matured, metadata = demo_champion
    # Fewer than SELECTION_MIN_ROWS in the validation period: the champion is chosen on the
    # out-of-time folds (rolling origin from the oldest half) plus the validation period.
    validated = sum(fold["rows"] for fold in metadata["selection"]["folds"])
    assert validated >= 100, (len(matured), metadata["selection"])
    assert metadata["rows"]["validation"] == round(len(matured) * VALIDATION_SHARE)
    assert 0.05 <= matured[TARGET].mean() <= 0.15  # business.yaml: 10–15 % default without scoring


def test_a_larger_deposit_lowers_and_a_heavier_payment_raises_realized_default(demo):
    matured = _matured(demo)
    bad = matured[TARGET]
    by_deposit = _tercile_bad_rates(matured["deposit_weeks"], bad)
    by_payment_to_earnings = _tercile_bad_rates(1 / matured["earnings_to_weekly_rate"], bad)
    assert by_deposit[2] < by_deposit[0], by_deposit
    assert by_payment_to_earnings[2] > by_payment_to_earnings[0], by_payment_to_earnings


def test_applicants_with_more_means_offer_larger_deposits(demo):
    with demo.connect() as conn:
        apps = pd.read_sql(text("""SELECT bureau_score, requested_deposit_centavos * 1.0 / requested_weekly_rate_centavos
                                   AS deposit_weeks FROM credit_application WHERE bureau_score IS NOT NULL"""), conn)
    assert apps["deposit_weeks"].between(2, 8.5).all()
    assert apps["deposit_weeks"].round(1).nunique() > 10  # a choice, not a fixed 2–4 weeks
    assert apps["deposit_weeks"].corr(apps["bureau_score"], method="spearman") > 0.2


def test_payers_spread_over_the_days_after_the_due_date(demo):
    with demo.connect() as conn:
        days_late = pd.read_sql(text("""SELECT CAST(ROUND(julianday(paid_on) - julianday(due_on)) AS INTEGER) AS days
                                        FROM installment WHERE paid_on IS NOT NULL"""), conn)["days"]
    share = days_late.value_counts(normalize=True)
    assert 0.35 < share.get(0, 0) < 0.65  # the due date is the most common day, not nearly everyone's
    assert share.get(0, 0) == share.max()
    assert 0.05 < share[share.index < 0].sum() < 0.25  # some pay early (the reminder two days before)
    assert all(share.get(d, 0) >= 0.002 for d in range(1, 11)), share.sort_index().head(14)  # no empty day
    assert share.get(1, 0) > share.get(2, 0) > share.get(4, 0) > share.get(6, 0)  # fewer each day later
    assert share[(share.index >= -2) & (share.index <= 3)].sum() > 0.80  # most pay on time or 1–3 days late …
    assert 0.01 < share[share.index > 7].sum() < 0.10  # … with a tail
    # The tail thins out: each week after the first holds fewer payers than the one before.
    weeks = [share[(share.index > 7 * w) & (share.index <= 7 * (w + 1))].sum() for w in range(4)]
    assert weeks == sorted(weeks, reverse=True), weeks


def test_the_lto_book_holds_its_history_since_the_launch_before_the_window(tmp_path):
    weeks = 20  # the window opens in July 2026, seven months after the LTO launch
    engine = _company(tmp_path / "lafa.db", 120, weeks, seed=3)
    first_day = END - timedelta(days=7 * weeks - 1)
    with engine.connect() as conn:
        leases = conn.execute(text("SELECT COUNT(*), MIN(start_on) FROM contract WHERE product = 'LTO' "
                                   "AND start_on < :d"), {"d": first_day}).one()
        declined = conn.execute(text("SELECT COUNT(*) FROM credit_application WHERE status = 'declined' "
                                     "AND submitted_at < :d"), {"d": first_day}).scalar()
        unmatched = conn.execute(text("""SELECT COUNT(*) FROM contract c LEFT JOIN credit_application a
                                         ON a.id = c.application_id WHERE c.product = 'LTO' AND a.id IS NULL""")).scalar()
        paid_before = conn.execute(text("SELECT COUNT(*) FROM payment WHERE paid_on < :d"), {"d": first_day}).scalar()
        # The operations (telemetry, shifts, trips, charging) cover the window only.
        operations = {table: conn.execute(text(f"SELECT MIN({column}) FROM {table}")).scalar()
                      for table, column in (("telemetry_daily", "day"), ("shift", "work_date"),
                                            ("trip", "started_at"), ("charging_session", "charge_date"))}
    assert leases[0] >= 10 and date.fromisoformat(str(leases[1])) >= LTO_LAUNCH
    assert declined > 0 and unmatched == 0 and paid_before > 0
    assert all(str(first) >= str(first_day) for first in operations.values()), operations
    assert len(_matured(engine)) >= leases[0] // 2  # leases from before the window have matured
    with UnitOfWork(engine, clock=AFTER_END) as uow:  # the as-of day is the window's last day
        assert uow.as_of() == END
        snapshot = ledger.portfolio_snapshot(session=uow.session, as_of=END)
    assert snapshot.active_contracts > 0


@pytest.fixture(scope="module")
def grown():
    """2,000 vehicles × 52 weeks, seed 42: built and trained once (about a minute)."""
    import tempfile
    from pathlib import Path

    started = timer.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        engine = _company(Path(folder) / "lafa.db", 2000, 52)
        matured = _matured(engine)
        metadata = _champion(matured)
        engine.dispose()
    print(f"\n2,000 vehicles built and trained in {timer.perf_counter() - started:.0f}s")
    return matured, metadata


@pytest.mark.slow
def test_at_2000_vehicles_the_champion_ranks_the_newest_leases(grown):
    _, metadata = grown
    auc = metadata["metrics"]["champion"]["roc_auc"]
    assert auc >= 0.75, f"out-of-time ROC AUC {auc:.3f} on {metadata['rows']['validation']} leases"


@pytest.mark.slow
def test_at_2000_vehicles_realized_bad_rates_rise_from_green_to_red(grown):
    _, metadata = grown
    bands = {row["band"]: row for row in metadata["band_table"]}
    assert all(bands[b]["rows"] >= 10 for b in ("green", "yellow", "red")), bands
    assert bands["green"]["bad_rate"] < bands["yellow"]["bad_rate"] < bands["red"]["bad_rate"], bands


@pytest.mark.slow
def test_at_2000_vehicles_default_falls_with_the_deposit_and_rises_with_the_payments_weight(grown):
    matured, _ = grown
    bad = matured[TARGET]
    by_deposit = _tercile_bad_rates(matured["deposit_weeks"], bad)
    by_payment_to_earnings = _tercile_bad_rates(1 / matured["earnings_to_weekly_rate"], bad)
    assert by_deposit[0] > by_deposit[1] > by_deposit[2], by_deposit
    assert by_payment_to_earnings[0] < by_payment_to_earnings[1] < by_payment_to_earnings[2], by_payment_to_earnings
