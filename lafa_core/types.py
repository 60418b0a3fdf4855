"""Column types shared by the tables: timezone-aware timestamps on both engines."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

from lafa_core.config import LOCAL_TZ


class AwareDateTime(TypeDecorator):
    """Stores UTC, returns America/Mexico_City. Naive datetimes are refused:
    a time of day without a zone is ambiguous for shifts, payments and contacts."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: attach a time zone")
        value = value.astimezone(timezone.utc)
        # SQLite has no zone type: store naive UTC text.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(LOCAL_TZ)
