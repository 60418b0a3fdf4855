"""Date arithmetic spelled for each engine, so aggregates stay in SQL on both."""
from __future__ import annotations


def week_start_sql(column: str, dialect: str) -> str:
    """The Monday of `column`'s week."""
    if dialect == "sqlite":
        return f"date({column}, '-' || ((CAST(strftime('%w', {column}) AS INTEGER) + 6) % 7) || ' days')"
    return f"CAST(date_trunc('week', {column}) AS date)"


def days_between_sql(later: str, earlier: str, dialect: str) -> str:
    """Whole days from `earlier` to `later` (dates)."""
    if dialect == "sqlite":
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
    return f"({later} - {earlier})"


def date_param_sql(name: str, dialect: str) -> str:
    """A bound date parameter typed for the engine (PostgreSQL needs the cast for arithmetic)."""
    return f":{name}" if dialect == "sqlite" else f"CAST(:{name} AS date)"
