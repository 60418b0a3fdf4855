"""One settings object, read from the environment once and validated there.

A wrong setting raises `ConfigError` naming the variable and the fix (in English for the
command line; `key` and `values` give the page its translated sentence).
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from lafa_core.errors import LocalizedError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
MODELS_DIR = PROJECT_ROOT / "models"
LOCAL_TZ = ZoneInfo("America/Mexico_City")

# The demo company `make run` builds when no database exists yet.
DEMO_VEHICLES = 500
DEMO_WEEKS = 52
DEMO_SEED = 42

DEFAULT_LANGUAGE = "es"
# SQLite (the standard driver) and PostgreSQL through psycopg 3 (`postgresql://` means psycopg here).
SUPPORTED_DRIVERS = ("sqlite", "sqlite+pysqlite", "postgresql", "postgres", "postgresql+psycopg")
URL_EXAMPLES = "sqlite:///data/lafa.db or postgresql://user@host:5432/lafa"


class ConfigError(LocalizedError, ValueError):
    """A setting (environment variable or command-line option) is wrong. The message names it
    and says how to fix it; `variable` is its name."""

    def __init__(self, message: str, *, variable: str, key: str, **values):
        super().__init__(message, key=key, variable=variable, **values)
        self.variable = variable


def default_sqlite_url() -> str:
    return f"sqlite:///{DATA_DIR / 'lafa.db'}"


def shown_url(raw: str) -> str:
    """A database URL fit to print: the password hidden, even when the URL does not parse."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(raw).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - unparseable: hide whatever sits between "user:" and "@"
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", raw)


def check_database_url(raw: str, variable: str = "LAFA_DATABASE_URL"):
    """The parsed URL when `raw` names a SQLite file or a PostgreSQL database, else ConfigError."""
    from sqlalchemy.engine import make_url

    value = shown_url(raw)
    default = " (or unset it to use data/lafa.db)" if variable == "LAFA_DATABASE_URL" else ""
    try:
        url = make_url(raw)
    except Exception:  # noqa: BLE001 - ArgumentError, or ValueError for a port that is no number
        raise ConfigError(
            f"{variable}={value!r} is not a database URL. Set it to {URL_EXAMPLES}{default}.",
            variable=variable, key="config.database_url.unparseable", value=value) from None
    if url.drivername not in SUPPORTED_DRIVERS:
        raise ConfigError(
            f"{variable}={value!r} uses {url.drivername!r}, which is not supported: "
            f"use SQLite or PostgreSQL, e.g. {URL_EXAMPLES}.",
            variable=variable, key="config.database_url.dialect", value=value, dialect=url.drivername)
    if not url.database or url.database == ":memory:":
        raise ConfigError(
            f"{variable}={value!r} names no database: add it at the end, e.g. {URL_EXAMPLES}.",
            variable=variable, key="config.database_url.no_database", value=value)
    return url


def check_language(raw: str) -> str:
    from lafa_core.i18n import LANGUAGES  # i18n never imports this module: no cycle

    language = raw.strip().lower()
    if language not in LANGUAGES:
        choices = " or ".join(LANGUAGES)
        raise ConfigError(
            f"LAFA_LANGUAGE={raw!r} is not an available language: set it to {choices} "
            f"(or unset it for Spanish).",
            variable="LAFA_LANGUAGE", key="config.language", value=raw, choices=" / ".join(LANGUAGES))
    return language


def check_seed(raw: str, variable: str = "LAFA_SEED") -> int:
    try:
        seed = int(raw)
    except ValueError:
        seed = -1
    if seed < 0:
        raise ConfigError(
            f"{variable}={raw!r} is not a non-negative integer: set it to a whole number such as "
            f"{DEMO_SEED} (or unset it to use {DEMO_SEED}).",
            variable=variable, key="config.seed", value=raw, default=DEMO_SEED)
    return seed


def check_models_dir(raw: str, path: Path, variable: str = "LAFA_MODELS_DIR") -> Path:
    """`path` when it is a writable folder, or does not exist yet and can be created."""
    def refuse(kind: str, where: Path, problem: str):
        return ConfigError(
            f"{variable}={raw!r}: {where} {problem}. Point {variable} at a writable folder "
            f"(or unset it to use models/).",
            variable=variable, key=f"config.models_dir.{kind}", value=raw, path=str(where))

    nearest = path
    try:
        while not nearest.exists() and nearest.parent != nearest:
            nearest = nearest.parent
        if not nearest.is_dir():
            raise refuse("not_dir", nearest, "is not a folder")
    except OSError as error:  # an unreadable parent, a symlink loop
        raise refuse("not_writable", nearest, f"cannot be read ({error.strerror or error})") from None
    if not os.access(nearest, os.W_OK | os.X_OK):
        raise refuse("not_writable", nearest, "is not writable")
    return path


def preferred_language() -> str:
    """LAFA_LANGUAGE when it is valid, else Spanish. Never raises: a page needs a language
    before it can say which setting is wrong."""
    try:
        return check_language(os.environ.get("LAFA_LANGUAGE") or DEFAULT_LANGUAGE)
    except ConfigError:
        return DEFAULT_LANGUAGE


def check_session_minutes(raw: str, variable: str = "LAFA_SESSION_MINUTES") -> int:
    """Minutes of inactivity after which a signed-in session ends: 1 to 1,440."""
    if not raw.strip().isdigit() or not 1 <= int(raw) <= 1440:
        raise ConfigError(
            f"{variable}={raw!r} is not a number of minutes from 1 to 1440: set it to e.g. "
            f"{DEFAULT_SESSION_MINUTES} (or unset it to use {DEFAULT_SESSION_MINUTES}).",
            variable=variable, key="config.session_minutes", value=raw, default=DEFAULT_SESSION_MINUTES)
    return int(raw)


DEFAULT_SESSION_MINUTES = 30


def check_clock(raw: str, variable: str = "LAFA_CLOCK") -> datetime:
    """A moment with its UTC offset (e.g. 2026-11-24T11:00:00-06:00) at which a demo or training
    server's collections pages act; never set in production (the app shows that it is set)."""
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ConfigError(
            f"{variable}={raw!r} is not a moment with its UTC offset: set it to e.g. 2026-11-24T11:00:00-06:00 "
            "(or unset it to use the wall clock).", variable=variable, key="config.clock", value=raw)
    return moment


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=default_sqlite_url)
    data_dir: Path = DATA_DIR
    models_dir: Path = MODELS_DIR
    random_seed: int = DEMO_SEED
    language: str = DEFAULT_LANGUAGE
    session_minutes: int = DEFAULT_SESSION_MINUTES
    # PostgreSQL: the owner migrates and builds (LAFA_ADMIN_DATABASE_URL); the app connects as a
    # role that cannot erase the audit trail (LAFA_DATABASE_URL), granted by name (LAFA_APP_DB_ROLE).
    admin_database_url: str | None = None
    app_db_role: str | None = None
    # A demo or training server's pinned business clock (LAFA_CLOCK); None: the wall clock.
    frozen_clock: datetime | None = None

    @property
    def owner_database_url(self) -> str:
        """Where migrations and the generator connect: the owner's URL, else the app's."""
        return self.admin_database_url or self.database_url

    @property
    def inactivity(self) -> timedelta:
        """How long a signed-in session may stay idle before it ends."""
        return timedelta(minutes=self.session_minutes)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The validated settings (cached once valid). Raises ConfigError naming the first wrong one.
    An empty variable counts as unset."""
    database_url = os.environ.get("LAFA_DATABASE_URL") or default_sqlite_url()
    check_database_url(database_url)
    language = check_language(os.environ.get("LAFA_LANGUAGE") or DEFAULT_LANGUAGE)
    seed = os.environ.get("LAFA_SEED") or str(DEMO_SEED)
    models_dir = os.environ.get("LAFA_MODELS_DIR") or str(MODELS_DIR)
    return Settings(
        database_url=database_url,
        models_dir=check_models_dir(models_dir, Path(models_dir)),
        random_seed=check_seed(seed),
        language=language,
        session_minutes=check_session_minutes(os.environ.get("LAFA_SESSION_MINUTES") or str(DEFAULT_SESSION_MINUTES)),
        admin_database_url=_admin_url(),
        app_db_role=_app_role(),
        frozen_clock=check_clock(os.environ["LAFA_CLOCK"]) if os.environ.get("LAFA_CLOCK") else None,
    )


def _admin_url() -> str | None:
    url = os.environ.get("LAFA_ADMIN_DATABASE_URL") or None
    if url is not None:
        check_database_url(url, "LAFA_ADMIN_DATABASE_URL")
    return url


def _app_role() -> str | None:
    """LAFA_APP_DB_ROLE, else the user name of LAFA_DATABASE_URL when an owner URL is set apart."""
    import re

    role = os.environ.get("LAFA_APP_DB_ROLE") or None
    if role is None and os.environ.get("LAFA_ADMIN_DATABASE_URL") and os.environ.get("LAFA_DATABASE_URL"):
        from sqlalchemy.engine import make_url

        role = make_url(os.environ["LAFA_DATABASE_URL"]).username
    if role is not None and not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        raise ConfigError(f"LAFA_APP_DB_ROLE={role!r} is not a PostgreSQL role name: use lowercase letters, digits "
                          "and underscores (e.g. lafa_app).", variable="LAFA_APP_DB_ROLE", key="config.app_role",
                          value=role)
    return role
