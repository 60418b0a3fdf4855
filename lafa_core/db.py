"""Engine, unit of work, migrations and a health check: the persistence layer's entry points."""
from __future__ import annotations

import enum
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, func, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError

from lafa_core.config import ConfigError, check_database_url, get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached; the message says what to do."""


def _first_line(error: BaseException) -> str:
    lines = str(getattr(error, "orig", None) or error).strip().splitlines()
    return lines[0] if lines else error.__class__.__name__


def sqlite_file(engine: Engine) -> str | None:
    """The SQLite database file behind `engine` (None for PostgreSQL)."""
    return engine.url.database if engine.dialect.name == "sqlite" else None


def is_corrupt_error(engine: Engine, error: BaseException) -> bool:
    """SQLite said the file is not a database (or is damaged) rather than that it cannot open it."""
    return (engine.dialect.name == "sqlite" and isinstance(error, DatabaseError)
            and not isinstance(error, OperationalError))


def unreachable_message(engine: Engine, error: BaseException | None = None) -> str:
    """One sentence for a command line: which database, why, what to do."""
    if error is not None and is_corrupt_error(engine, error):
        return state_message(engine, DatabaseState.CORRUPT)
    shown = engine.url.render_as_string(hide_password=True)
    reason = "" if error is None else f" ({_first_line(error)})"
    if engine.dialect.name == "sqlite":
        return (f"cannot reach the database {shown}{reason}. Check that the file's folder exists and is "
                "writable, and that LAFA_DATABASE_URL is right.")
    return (f"cannot reach the database {shown}{reason}. Check that the server is running, that the "
            "database exists (createdb), and that LAFA_DATABASE_URL is right.")


def normalize_url(url: str) -> str:
    """`postgresql://` means psycopg 3 here (SQLAlchemy would pick psycopg2)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str | None = None, **kwargs) -> Engine:
    """An engine for `url` (default LAFA_DATABASE_URL). ConfigError when the URL is not a SQLite
    or PostgreSQL URL, or a SQLite file's folder cannot be created."""
    url = normalize_url(url or get_settings().database_url)
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - ArgumentError, or ValueError for a port that is no number
        check_database_url(url)  # raises the ConfigError that names the fix
        raise
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        check_database_url(url)
    if url.startswith("sqlite"):
        database = parsed.database
        if database and database != ":memory:":
            folder = Path(database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                reason = ("a file is in the way" if isinstance(error, (FileExistsError, NotADirectoryError))
                          else error.strerror or str(error))
                raise ConfigError(
                    f"cannot create the folder {folder} for the SQLite database ({reason}). "
                    "Point LAFA_DATABASE_URL at a writable place, e.g. sqlite:///data/lafa.db.",
                    variable="LAFA_DATABASE_URL", key="config.database_url.folder", folder=str(folder)) from None
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




def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


# Written once, never changed or removed: the app's own role may only read and add to them.
APPEND_ONLY_TABLES = ("audit_log", "collection_contact", "credit_decision", "payslip", "credit_model_release",
                      "battery_decision")


def migrate(engine: Engine, app_role: str | None = None) -> None:
    """Create or upgrade the schema to the newest revision (all branch heads), as the owner; on
    PostgreSQL then grant the app's role (LAFA_APP_DB_ROLE) what it needs and nothing more."""
    from alembic import command

    command.upgrade(alembic_config(engine), "heads")
    role = app_role if app_role is not None else get_settings().app_db_role
    if role and engine.dialect.name == "postgresql":
        grant_app_role(engine, role)


def grant_app_role(engine: Engine, role: str) -> None:
    """Least privilege for the app's PostgreSQL role: read and write the business tables, only read
    and add to the append-only ones; never TRUNCATE, DROP, ALTER or disable a trigger (those need
    ownership, which stays with the migrating role)."""
    from sqlalchemy import inspect as inspect_schema
    from sqlalchemy import text

    quoted = engine.dialect.identifier_preparer.quote(role)
    tables = inspect_schema(engine).get_table_names()
    with engine.begin() as conn:
        conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {quoted}"))
        conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {quoted}"))
        for table in tables:
            name = engine.dialect.identifier_preparer.quote(table)
            rights = "SELECT, INSERT" if table in APPEND_ONLY_TABLES else "SELECT, INSERT, UPDATE, DELETE"
            conn.execute(text(f"GRANT {rights} ON TABLE {name} TO {quoted}"))
        conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}"))


@lru_cache(maxsize=1)
def migration_heads() -> frozenset[str]:
    """The revisions the shipped migrations end at. Read once per process: loading every migration
    file on each page run was a tenth of the server's time, and the files do not change under it."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return frozenset(ScriptDirectory.from_config(cfg).get_heads())


def schema_is_current(engine: Engine) -> bool:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads()) == migration_heads()


class DatabaseState(str, enum.Enum):
    READY = "ready"
    UNREACHABLE = "unreachable"
    NO_SCHEMA = "no_schema"
    OUTDATED = "outdated"
    EMPTY = "empty"
    CORRUPT = "corrupt"              # the SQLite file is not a database, or is damaged
    MISSING_TABLE = "missing_table"  # the schema is current but a table was dropped


def expected_tables() -> set[str]:
    """The tables `lafa_core.tables` defines (what the migrations build)."""
    from sqlmodel import SQLModel

    import lafa_core.tables as tables

    return {obj.__table__.name for obj in vars(tables).values()
            if isinstance(obj, type) and issubclass(obj, SQLModel) and obj.__module__ == tables.__name__
            and hasattr(obj, "__table__")}


def missing_tables(engine: Engine) -> list[str]:
    """The schema's tables the database lacks, sorted."""
    return sorted(expected_tables() - set(inspect(engine).get_table_names()))


def database_state(engine: Engine) -> DatabaseState:
    """What a page must tell the user before it can show anything."""
    from lafa_core.tables import Vehicle

    try:
        present = set(inspect(engine).get_table_names())
        if "vehicle" not in present and "alembic_version" not in present:
            return DatabaseState.NO_SCHEMA
        if not schema_is_current(engine):
            return DatabaseState.OUTDATED
        if expected_tables() - present:
            return DatabaseState.MISSING_TABLE
        with engine.connect() as conn:
            has_vehicles = conn.execute(select(func.count()).select_from(select(Vehicle.id).limit(1).subquery())).scalar()
        return DatabaseState.READY if has_vehicles else DatabaseState.EMPTY
    except OperationalError:
        return DatabaseState.UNREACHABLE
    except DatabaseError as error:
        return DatabaseState.CORRUPT if is_corrupt_error(engine, error) else DatabaseState.UNREACHABLE
    except SQLAlchemyError:
        return DatabaseState.UNREACHABLE


BUILD_COMMAND = "python -m lafa_core.generate --vehicles 500 --weeks 52 --seed 42"
MIGRATE_COMMAND = "python -m lafa_core.migrate"


def state_message(engine: Engine, state: DatabaseState) -> str:
    """One English sentence for a command line: the database's state and what to do about it."""
    shown = engine.url.render_as_string(hide_password=True)
    if state is DatabaseState.READY:
        return f"the database {shown} is ready."
    if state is DatabaseState.UNREACHABLE:
        return unreachable_message(engine)
    if state is DatabaseState.NO_SCHEMA:
        return f"the database {shown} has no tables yet: run {BUILD_COMMAND} (or make run) to build the demo company."
    if state is DatabaseState.OUTDATED:
        return f"the database {shown} has an older schema than this version: run {MIGRATE_COMMAND}."
    if state is DatabaseState.EMPTY:
        return f"the database {shown} holds no company yet: run {BUILD_COMMAND} (or make run)."
    if state is DatabaseState.CORRUPT:
        return (f"the file {sqlite_file(engine)} is not a SQLite database (damaged, or another kind of file): "
                "move it away and run make run to build the demo company again.")
    try:
        missing = ", ".join(missing_tables(engine)) or "?"
    except SQLAlchemyError:
        missing = "?"
    return (f"the database {shown} lacks the table(s) {missing} although its schema version is current "
            f"({MIGRATE_COMMAND} cannot recreate them): restore it from a backup, or rebuild it with "
            f"{BUILD_COMMAND} --replace (this deletes its data).")
