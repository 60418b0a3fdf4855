"""The ledger's rules spelled for the database, so aggregates stay in SQL on both engines.
Expression builders only: nothing here runs a statement (queries modules do)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Integer, and_, cast, func, or_

from lafa_core.ledger.rules import DPD_BUCKETS


def active_on(contract, day):
    """A contract runs on `day` from its start until the day it ends or defaults (both exclusive
    of that day), for a contract table (or alias) and a date or date column."""
    c = getattr(contract, "c", contract)
    return and_(c.start_on <= day, or_(c.end_on.is_(None), c.end_on > day),
                or_(c.defaulted_on.is_(None), c.defaulted_on > day))


def active_during(contract, first, last):
    """A contract runs on at least one day from `first` to `last` (inclusive): `active_on` for
    some day of the period."""
    c = getattr(contract, "c", contract)
    return and_(c.start_on <= last, or_(c.end_on.is_(None), c.end_on > first),
                or_(c.defaulted_on.is_(None), c.defaulted_on > first))


def in_service_on(vehicle, day):
    """A vehicle is in service on `day` from the day it entered service until the day it is retired
    (excluded), for a vehicle table (or alias) and a date or date column."""
    v = getattr(vehicle, "c", vehicle)
    return and_(v.in_service_on <= day, or_(v.retired_on.is_(None), v.retired_on > day))


def insured_on(policy, day):
    """An insurance policy covers `day` from its start (included) to its end (excluded: the day it
    ends it no longer covers), for a policy table (or alias) and a date or date column."""
    p = getattr(policy, "c", policy)
    return and_(p.starts_on <= day, p.ends_on > day)


def in_workshop_on(record, day):
    """A maintenance record keeps its vehicle in the workshop on `day` from the day it opens until
    the day it closes (that day the vehicle is back), for a maintenance table (or alias)."""
    m = getattr(record, "c", record)
    return and_(m.opened_on <= day, or_(m.closed_on.is_(None), m.closed_on > day))


def active_on_text(alias: str, day: str) -> str:
    """The same rule for raw SQL: `alias` names the contract table, `day` a date expression."""
    return (f"{alias}.start_on <= {day} AND ({alias}.end_on IS NULL OR {alias}.end_on > {day}) "
            f"AND ({alias}.defaulted_on IS NULL OR {alias}.defaulted_on > {day})")


def bucket_case_text(dpd: str) -> str:
    """`rules.dpd_bucket` as a CASE over a days-past-due expression."""
    whens = " ".join(f"WHEN {dpd} BETWEEN {low} AND {high} THEN '{label}'" if high is not None
                     else f"WHEN {dpd} >= {low} THEN '{label}'" for label, low, high in DPD_BUCKETS)
    return f"CASE {whens} ELSE '{DPD_BUCKETS[0][0]}' END"


def week_start_text(column: str, dialect: str) -> str:
    """The Monday of `column`'s week (clock.week_start)."""
    if dialect == "sqlite":
        return f"date({column}, '-' || ((CAST(strftime('%w', {column}) AS INTEGER) + 6) % 7) || ' days')"
    return f"CAST(date_trunc('week', {column}) AS date)"


def days_between_text(later: str, earlier: str, dialect: str) -> str:
    """Whole days from `earlier` to `later` (dates)."""
    if dialect == "sqlite":
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
    return f"({later} - {earlier})"


def days_between(later, earlier, dialect: str):
    """Whole days from `earlier` to `later` as a SQLAlchemy expression."""
    if dialect == "sqlite":
        return cast(func.julianday(later) - func.julianday(earlier), Integer)
    return later - earlier  # PostgreSQL: date − date is an integer of days


def date_param_text(name: str, dialect: str) -> str:
    """A bound date parameter typed for the engine (PostgreSQL needs the cast for arithmetic)."""
    return f":{name}" if dialect == "sqlite" else f"CAST(:{name} AS date)"


def as_date(value) -> date:
    """A date column's value as a date on both engines (SQLite may hand back text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
