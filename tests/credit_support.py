"""Credit test helpers: synthetic applications with a known signal, a trained model, rows in a database."""
from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta

import numpy as np
import pytest
import pandas as pd
from sqlmodel import Session

from lafa_core.clock import FixedClock
from lafa_core.config import LOCAL_TZ, get_settings
from lafa_core.credit.features import application_features
from lafa_core.tables import Contract, CreditApplication, Depot, Driver, Installment, Payment, Vehicle
from lafa_core.identity import Actor
from lafa_core.uow import UnitOfWork

ZONES = ["Iztapalapa", "Coyoacán", "Gustavo A. Madero", "Tlalpan"]
NOW = datetime(2026, 7, 6, 10, 30, tzinfo=LOCAL_TZ)  # the tests' wall clock: after every fixture's data


def work(engine, actor: str | None = None, now: datetime = NOW, role: str = "credit_analyst") -> UnitOfWork:
    """A unit of work for one service call, on a stopped clock, acting as `actor` in `role`."""
    return UnitOfWork(engine, actor=None if actor is None else Actor(actor, role), clock=FixedClock(now))


def synthetic_applications(n: int, seed: int = 0, start: datetime | None = None) -> pd.DataFrame:
    """credit_application columns plus `bad`, drawn from a known latent risk: a low bureau
    score, thin affordability and a low rating raise it."""
    rng = np.random.default_rng(seed)
    start = start or datetime(2025, 1, 6, 10, tzinfo=LOCAL_TZ)
    thin = rng.random(n) < 0.5
    bureau = np.where(thin, np.nan, np.clip(rng.normal(640, 90, n), 380, 850))
    rate = rng.choice([250_000, 300_000, 350_000], n)
    earnings = np.clip(rng.normal(800_000, 220_000, n), 200_000, 1_600_000).round(-2)
    rating = np.clip(5 - np.abs(rng.normal(0.12, 0.15, n)), 4.0, 5.0).round(2)
    z = (-2.0 + np.where(thin, 0.5, -(np.nan_to_num(bureau, nan=640) - 640) / 60)
         - 1.6 * np.log(earnings / rate / 2.8) - 0.5 * (rating - 4.85) / 0.15)
    bad = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(int)
    frame = pd.DataFrame({
        "id": np.arange(1, n + 1), "code": [f"APP-{i:06d}" for i in range(1, n + 1)],
        "applicant_name": [f"Solicitante {i}" for i in range(1, n + 1)],
        "submitted_at": [start + timedelta(hours=6 * i) for i in range(n)],
        "status": "pending",
        "age": rng.integers(22, 60, n), "zone": rng.choice(ZONES, n), "has_valid_licence": True,
        "bureau_score": pd.array([None if np.isnan(b) else int(b) for b in bureau], dtype="Int64"),
        "thin_file": thin, "platform_weekly_earnings_centavos": earnings.astype(int),
        "platform_trips_per_week": rng.integers(40, 140, n), "platform_rating": rating,
        "platform_tenure_months": rng.integers(1, 60, n),
        "declared_monthly_income_centavos": (earnings * 4.4).round(-2).astype(int),
        "dependants": rng.integers(0, 4, n), "dae_driver_id": None, "dae_weeks_employed": 0,
        "dae_goal_met_rate": None, "dae_incidents": 0, "requested_term_weeks": 208,
        "requested_deposit_centavos": rate * 3, "requested_weekly_rate_centavos": rate, "bad": bad,
    })
    return frame


def training_table(apps: pd.DataFrame) -> pd.DataFrame:
    """What `python -m lafa_core.credit export` writes: model features, `bad`, `submitted_at`."""
    frame = application_features(apps).dropna(axis=1, how="all")
    frame["bad"] = apps["bad"].to_numpy()
    frame["submitted_at"] = [t.isoformat() for t in apps["submitted_at"]]
    return frame


def write_training_csv(path, n: int = 1500, seed: int = 0) -> pd.DataFrame:
    frame = training_table(synthetic_applications(n, seed))
    frame.to_csv(path, index=False)
    return frame


def train_model(models_dir, tmp_path, n: int = 1500, seed: int = 0, trained_by: str | None = None) -> dict:
    """A candidate trained on synthetic applications (the credit features' directions constrained)."""
    from lafa_core.credit import train_from_csv
    from lafa_core.credit.features import MONOTONE

    csv = tmp_path / f"training-{seed}.csv"
    frame = write_training_csv(csv, n, seed)
    return train_from_csv(csv, "bad", "submitted_at", models_dir=models_dir, random_state=seed,
                          monotone={c: s for c, s in MONOTONE.items() if c in frame}, trained_by=trained_by)


def add_fleet(session: Session) -> None:
    """One depot and one vehicle: enough for the app to call the database ready."""
    session.add(Depot(id=1, code="DEP-1", name="Depot 1", zone="Iztapalapa", lat=19.35, lon=-99.06,
                      charger_count=4, charger_kw=22.0))
    session.flush()
    session.add(Vehicle(id=1, vin="VIN00000000000001", oem="Geely", model="Geometry C", plate="ABC-001",
                        battery_kwh=53.0, status="available", depot_id=1, in_service_on=date(2025, 1, 1),
                        acquisition_cost_centavos=45_000_000))


APPLICATION_FIELDS = [c for c in CreditApplication.model_fields if c not in ("decided_at", "driver_id")]


def insert_applications(session: Session, apps: pd.DataFrame) -> list[int]:
    ids = []
    for row in apps.to_dict("records"):
        values = {k: (None if pd.isna(v) else v) if not isinstance(v, (list, dict)) else v
                  for k, v in row.items() if k in APPLICATION_FIELDS}
        for k in ("age", "platform_trips_per_week", "platform_tenure_months", "dependants", "dae_weeks_employed",
                  "dae_incidents", "requested_term_weeks", "platform_weekly_earnings_centavos",
                  "declared_monthly_income_centavos", "requested_deposit_centavos", "requested_weekly_rate_centavos"):
            values[k] = int(values[k])
        if values.get("bureau_score") is not None:
            values["bureau_score"] = int(values["bureau_score"])
        values["thin_file"] = bool(values["thin_file"])
        values["curp"] = f"CURP{values['id']:014d}"
        values["phone"] = "+52 55 0000 0000"
        session.add(CreditApplication(**values))
        ids.append(int(values["id"]))
    session.flush()
    return ids


@pytest.fixture
def models_dir(tmp_path, monkeypatch):
    """Model artifacts go to a fresh directory, never the project's models/."""
    path = tmp_path / "models"
    monkeypatch.setenv("LAFA_MODELS_DIR", str(path))
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def trained_model_files(tmp_path_factory):
    """One model trained on 1,200 synthetic applications, shared by the tests that only need
    *a* model (each copies the files into its own models_dir)."""
    directory = tmp_path_factory.mktemp("credit_model")
    train_model(directory, directory, n=1200, seed=1)
    return directory


def install_model(trained_model_files, models_dir, engine=None):
    """Copy the shared model into `models_dir`; returns it loaded. With `engine`, it is also
    recorded live in that database (as a set-up publication), as the page needs."""
    from lafa_core.credit import load_model

    shutil.copytree(trained_model_files, models_dir, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.csv"))
    model = load_model(models_dir=models_dir)
    if engine is not None:
        make_live(engine, model.version)
    return model


def make_live(engine, version: str, kind: str = "setup", by: str = "setup", trained_by: str = "") -> None:
    """Record `version` as the live credit model (a release row), as the set-up or a publication would."""
    from lafa_core.tables import CreditModelRelease

    with Session(engine) as session:
        session.add(CreditModelRelease(version=version, kind=kind, published_at=NOW, published_by=by,
                                       trained_by=trained_by, details="{}"))
        session.commit()


def lease_driver(i: int, zone: str = "Iztapalapa", joined_on: date = date(2025, 1, 1)) -> Driver:
    return Driver(id=i, code=f"DRV-{i:06d}", full_name=f"Conductor {i}", curp=f"DRV{i:015d}", rfc=f"RFC{i:010d}",
                  phone="+52 55 0000 0000", birth_date=date(1990, 1, 1), product="LTO", status="active",
                  zone=zone, home_lat=19.35, home_lon=-99.06, joined_on=joined_on)


def insert_history(session: Session, apps: pd.DataFrame, as_of: date = date(2026, 6, 28)) -> None:
    """Each application approved and leased a week after it was submitted; a bad applicant
    stops paying from the third installment, the rest pay on time. One payment on `as_of`
    marks the data's last day, long after every lease matured."""
    apps = apps.assign(status="approved")
    insert_applications(session, apps)
    for row in apps.to_dict("records"):
        i = int(row["id"])
        session.add(lease_driver(i, row["zone"], row["submitted_at"].date()))
    session.flush()
    for row in apps.to_dict("records"):
        i, start = int(row["id"]), row["submitted_at"].date() + timedelta(days=7)
        session.add(Contract(id=i, code=f"LTO-{i:06d}", driver_id=i, vehicle_id=1, product="LTO", kind="lease",
                             start_on=start, term_weeks=208,
                             weekly_rate_centavos=int(row["requested_weekly_rate_centavos"]),
                             status="active", application_id=i))
    session.flush()
    for row in apps.to_dict("records"):
        i, start = int(row["id"]), row["submitted_at"].date() + timedelta(days=7)
        for seq in range(1, 11):
            due = start + timedelta(days=7 * seq)
            paid_on = None if row["bad"] and seq >= 3 else due
            session.add(Installment(contract_id=i, seq=seq, due_on=due, amount_centavos=300_000,
                                    paid_centavos=0 if paid_on is None else 300_000, paid_on=paid_on))
    session.add(Payment(contract_id=int(apps["id"].iloc[0]), paid_at=datetime(as_of.year, as_of.month, as_of.day, 12,
                                                                              tzinfo=LOCAL_TZ),
                        paid_on=as_of, amount_centavos=300_000, method="spei"))
    session.flush()
