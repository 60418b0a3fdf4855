"""Argon2id password hashes (argon2-cffi's defaults: RFC 9106's low-memory profile)."""
from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()


@cache
def _dummy() -> str:
    """Verified against when the user does not exist, so an unknown name costs as much as a wrong
    password. Made on first need, not at import (a server's first page does not wait for it)."""
    return _HASHER.hash("not-a-real-password-0")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash or _dummy(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
