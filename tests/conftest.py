"""Fixtures that build fresh databases: SQLite files always, PostgreSQL when
LAFA_TEST_DATABASE_URL is set (and under CI=true it must be reachable)."""
from __future__ import annotations

import os
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lafa_core.db import make_engine, migrate, normalize_url  # noqa: E402

IN_CI = os.environ.get("CI", "").lower() == "true"


def _postgres_server_url() -> str | None:
    url = os.environ.get("LAFA_TEST_DATABASE_URL")
    if not url:
        if IN_CI:
            pytest.fail("CI=true but LAFA_TEST_DATABASE_URL is not set: PostgreSQL tests must run in CI")
        pytest.skip("LAFA_TEST_DATABASE_URL not set (PostgreSQL tests run in CI)")
    return normalize_url(url)


def fresh_postgres_url() -> tuple[str, callable]:
    """Create a throw-away database on the test server; returns its URL and a dropper."""
    server_url = make_url(_postgres_server_url())
    name = f"lafa_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server_url.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any connection failure means the same here
        admin.dispose()
        message = f"PostgreSQL test server unreachable at {server_url}: {exc}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return server_url.set(database=name).render_as_string(hide_password=False), drop


@contextmanager
def owner_and_app_role():
    """A throw-away PostgreSQL database and a fresh app role for it (roles are cluster-wide: each
    test makes its own, so parallel runs never collide). Yields (owner URL, role name, app URL);
    the caller migrates as the owner with `migrate(owner, app_role=role)`. Dropped afterwards."""
    url, drop = fresh_postgres_url()
    role = f"lafa_app_{uuid.uuid4().hex[:10]}"
    owner = make_engine(url)
    with owner.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE'))
    owner.dispose()
    try:
        yield url, role, make_url(url).set(username=role).render_as_string(hide_password=False)
    finally:
        drop()
        admin = make_engine(make_url(url).set(database="postgres").render_as_string(hide_password=False),
                            isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'lafa.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def memory_engine():
    """An in-memory SQLite database with every table (no migrations, no server): for fast
    service tests. One shared connection, so every unit of work sees the same database."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool
    from sqlmodel import SQLModel

    import lafa_core.tables  # noqa: F401 - registers the tables

    engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_engine():
    url, drop = fresh_postgres_url()
    engine = make_engine(url)
    migrate(engine)
    yield engine
    engine.dispose()
    drop()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request):
    """A fresh, migrated database on each engine: persistence tests run on both."""
    fixture = {"sqlite": "sqlite_engine", "postgresql": "postgres_engine"}[request.param]
    yield request.getfixturevalue(fixture)


@pytest.fixture
def use_database(monkeypatch):
    """Point the app (pages run with AppTest) at a given engine's database."""
    from lafa_core.config import get_settings

    def _use(engine) -> None:
        monkeypatch.setenv("LAFA_DATABASE_URL", engine.url.render_as_string(hide_password=False))
        get_settings.cache_clear()

    yield _use
    get_settings.cache_clear()


def module_engine(kind: str, tmp_path_factory):
    """A migrated database shared by one test module: a SQLite file, or a throw-away PostgreSQL
    database. A generator for module-scoped fixtures parametrized over ("sqlite", "postgresql")."""
    if kind == "sqlite":
        engine, drop = make_engine(f"sqlite:///{tmp_path_factory.mktemp('module') / 'lafa.db'}"), None
    else:
        url, drop = fresh_postgres_url()
        engine = make_engine(url)
    migrate(engine)
    yield engine
    engine.dispose()
    if drop:
        drop()


def pytest_collection_modifyitems(session, config, items):
    """The real-browser tests run first (`make test` keeps this order: --no-loadscope-reorder): they
    are the longest files, and started last they left one worker running them alone at the end.
    An idle Chromium costs nothing once its tests are over (measured: 0.02 s of CPU in 10 s)."""
    items.sort(key=lambda item: "tests/browser/" not in item.nodeid.replace("\\", "/"))
