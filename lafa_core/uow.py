"""The unit of work: one transaction per use case, with the clock and the acting user.

A service takes a `UnitOfWork`, opens it (`with uow:`), reads and writes through `uow.session`
(via its capability's queries module) and calls `uow.commit()` once; leaving the block without
committing rolls back. `uow.now()` is the wall clock (injectable); `uow.actor` is who acts.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine
from sqlmodel import Session

from lafa_core.clock import Clock, SystemClock, data_as_of, require_aware
from lafa_core.identity import Actor


class UnitOfWork:
    def __init__(self, engine: Engine, *, actor: Actor | str | None = None, clock: Clock | None = None):
        self.engine = engine
        self.actor = Actor(actor) if isinstance(actor, str) else actor
        self.clock = clock or SystemClock()
        self.session: Session | None = None
        self.commits = 0

    def __enter__(self) -> "UnitOfWork":
        if self.session is not None:
            raise RuntimeError("unit of work already open")
        self.session = Session(self.engine, expire_on_commit=False)
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.session.rollback()  # nothing committed after the last commit() survives
        finally:
            self.session.close()
            self.session = None

    def commit(self) -> None:
        self.session.commit()
        self.commits += 1

    def rollback(self) -> None:
        self.session.rollback()

    def now(self) -> datetime:
        """The wall clock, in Mexico City."""
        return require_aware(self.clock.now())

    def as_of(self) -> date | None:
        """The data's as-of day (needs the unit of work open)."""
        return data_as_of(session=self.session, wall_clock=self.clock)
