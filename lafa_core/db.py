"""Engine, unit of work, migrations and a health check: the persistence layer's entry points."""
from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, func, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session

from lafa_core.config import get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached; the message says what to do."""


def unreachable_message(engine: Engine, error: BaseException) -> str:
    """One sentence for a command line: which database, why, what to do."""
    shown = engine.url.render_as_string(hide_password=True)
    reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
    return (f"cannot reach the database {shown} ({reason}). Check that the server is running, that the "
            "database exists (createdb), and that LAFA_DATABASE_URL is right.")


def normalize_url(url: str) -> str:
    """`postgresql://` means psycopg 3 here (SQLAlchemy would pick psycopg2)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str | None = None, **kwargs) -> Engine:
    url = normalize_url(url or get_settings().database_url)
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    return make_engine(url)


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back when it raises."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest revision (all branch heads)."""
    from alembic import command

    command.upgrade(alembic_config(engine), "heads")


def schema_is_current(engine: Engine) -> bool:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads()) == heads


class DatabaseState(str, enum.Enum):
    READY = "ready"
    UNREACHABLE = "unreachable"
    NO_SCHEMA = "no_schema"
    OUTDATED = "outdated"
    EMPTY = "empty"


def database_state(engine: Engine) -> DatabaseState:
    """What a page must tell the user before it can show anything."""
    from lafa_core.tables import Vehicle

    try:
        if not inspect(engine).has_table("vehicle"):
            return DatabaseState.NO_SCHEMA
        if not schema_is_current(engine):
            return DatabaseState.OUTDATED
        with engine.connect() as conn:
            has_vehicles = conn.execute(select(func.count()).select_from(select(Vehicle.id).limit(1).subquery())).scalar()
        return DatabaseState.READY if has_vehicles else DatabaseState.EMPTY
    except OperationalError:
        return DatabaseState.UNREACHABLE
    except SQLAlchemyError:
        return DatabaseState.UNREACHABLE
