"""A content hash per table, engine-independent: proves a build is reproducible."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone

from sqlalchemy import Engine, select
from sqlmodel import SQLModel


def _canonical(value) -> str:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(round(value, 6))
    return repr(value)


def company_fingerprint(engine: Engine, tables: list[str] | None = None) -> dict[str, str]:
    """sha256 of every table's rows in primary-key order (streamed, never held in memory)."""
    result = {}
    with engine.connect() as conn:
        for name, table in SQLModel.metadata.tables.items():
            if tables is not None and name not in tables:
                continue
            digest = hashlib.sha256()
            query = select(table).order_by(*table.primary_key.columns)
            for row in conn.execution_options(yield_per=20_000).execute(query):
                digest.update("|".join(_canonical(v) for v in row).encode())
                digest.update(b"\n")
            result[name] = digest.hexdigest()
    return result
