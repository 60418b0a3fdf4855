"""The browser's session cookie: the session id, signed so that it cannot be forged or altered."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from itsdangerous import BadSignature, URLSafeSerializer

from lafa_core.config import DATA_DIR

COOKIE_NAME = "lafa_session"
_SALT = "lafa-session"


def cookie_secret() -> str:
    """LAFA_SESSION_SECRET, else a random secret kept in data/.session_secret (created once, 0600)."""
    if value := os.environ.get("LAFA_SESSION_SECRET"):
        return value
    path = Path(DATA_DIR) / ".session_secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def sign(session_id: str, secret: str | None = None) -> str:
    return URLSafeSerializer(secret or cookie_secret(), salt=_SALT).dumps(session_id)


def unsign(cookie: str | None, secret: str | None = None) -> str | None:
    """The session id of a cookie we signed; None for a missing, altered or foreign one."""
    if not cookie:
        return None
    try:
        value = URLSafeSerializer(secret or cookie_secret(), salt=_SALT).loads(cookie)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None
