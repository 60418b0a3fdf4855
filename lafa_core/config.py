"""One settings object, read from the environment once."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
MODELS_DIR = PROJECT_ROOT / "models"
LOCAL_TZ = ZoneInfo("America/Mexico_City")

# The demo company `make run` builds when no database exists yet.
DEMO_VEHICLES = 500
DEMO_WEEKS = 52
DEMO_SEED = 42


def default_sqlite_url() -> str:
    return f"sqlite:///{DATA_DIR / 'lafa.db'}"


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=default_sqlite_url)
    data_dir: Path = DATA_DIR
    models_dir: Path = MODELS_DIR
    random_seed: int = DEMO_SEED
    language: str = "es"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings(
        database_url=os.environ.get("LAFA_DATABASE_URL") or default_sqlite_url(),
        models_dir=Path(os.environ.get("LAFA_MODELS_DIR") or MODELS_DIR),
        random_seed=int(os.environ.get("LAFA_SEED", DEMO_SEED)),
        language=os.environ.get("LAFA_LANGUAGE", "es"),
    )
