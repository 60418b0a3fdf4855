"""Benchmark rows of sign-in, run by `python -m lafa_core.bench` against a built company.

Budget (issue 9): permission checks add under 5 ms to a service call. Also measured: resuming a
session (what every page run does before anything else) and a password sign-in (Argon2)."""
from __future__ import annotations

from statistics import median
from time import perf_counter

from lafa_core.db import make_engine
from lafa_core.identity import Actor, acting
from lafa_core.uow import UnitOfWork
from lafa_core.users import DEMO_PASSWORDS, Action, Role, resume, sign_in


def measure(database_url: str, vehicles: int) -> dict[str, float]:
    engine = make_engine(database_url)
    try:
        actor = Actor("collections_agent", Role.COLLECTIONS_AGENT.value, 1)
        checks = 10_000
        started = perf_counter()
        for _ in range(checks):
            acting(actor, Action.COLLECTIONS_WORK)
        check_ms = (perf_counter() - started) * 1000 / checks
        sign_ins = []
        for _ in range(3):
            started = perf_counter()
            signed = sign_in(UnitOfWork(engine), username="executive", password=DEMO_PASSWORDS[Role.EXECUTIVE])
            sign_ins.append(perf_counter() - started)
        resumes = []
        for _ in range(50):
            started = perf_counter()
            resume(UnitOfWork(engine), session_id=signed.session_id)
            resumes.append(perf_counter() - started)
    finally:
        engine.dispose()
    return {
        "permission_check_ms": round(check_ms, 4),
        "session_resume_ms": round(median(resumes) * 1000, 2),
        "password_sign_in_ms": round(median(sign_ins) * 1000, 1),
    }
