"""Sign-in rules, pure: password strength, lockout after repeated failures, inactivity expiry."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

MAX_FAILURES = 5  # the fifth wrong password in a row locks the account
LOCKOUT = timedelta(minutes=15)
DEFAULT_INACTIVITY = timedelta(minutes=30)
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256  # longer input is refused before it is hashed
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")
_COMMON = {"password", "contraseña", "contrasena", "123456789012", "qwertyuiopas", "lafalafalafa", "administrator"}


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and now < locked_until


def after_failure(failed_attempts: int, now: datetime) -> tuple[int, datetime | None]:
    """(failures so far, locked until) after one more wrong password."""
    attempts = failed_attempts + 1
    return attempts, (now + LOCKOUT if attempts >= MAX_FAILURES else None)


def expired(last_seen_at: datetime, now: datetime, inactivity: timedelta = DEFAULT_INACTIVITY) -> bool:
    """A session lapses once it has been idle for the whole inactivity window."""
    return now - last_seen_at >= inactivity


def password_problems(password: str, username: str = "") -> list[str]:
    """Why a password is too weak (message keys); empty when it is acceptable."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append("auth.password.short")
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append("auth.password.long")
    classes = sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]"))
    if classes < 3 and len(password) < 20:
        problems.append("auth.password.mixed")
    lowered = password.lower()
    if lowered in _COMMON or (username and username.lower() in lowered) or len(set(password)) < 5:
        problems.append("auth.password.guessable")
    return problems


def valid_username(username: str) -> bool:
    return bool(USERNAME.match(username or ""))
