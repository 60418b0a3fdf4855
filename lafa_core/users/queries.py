"""The users capability's reads and writes."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lafa_core.tables import AppUser, UserSession

U = AppUser.__table__
S = UserSession.__table__


def _user(session: Session, condition) -> dict | None:
    row = session.execute(select(*U.columns).where(condition)).mappings().first()
    return dict(row) if row else None


def user_by_username(*, session: Session, username: str) -> dict | None:
    return _user(session, U.c.username == username)


def user_by_id(*, session: Session, user_id: int) -> dict | None:
    return _user(session, U.c.id == user_id)


def user_by_provider(*, session: Session, issuer: str, subject: str) -> dict | None:
    return _user(session, (U.c.oidc_issuer == issuer) & (U.c.oidc_subject == subject))


def users(*, session: Session) -> list[dict]:
    columns = [U.c.id, U.c.username, U.c.display_name, U.c.role, U.c.active, U.c.failed_attempts, U.c.locked_until]
    return [dict(r) for r in session.execute(select(*columns).order_by(U.c.username)).mappings()]


def count_users(*, session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(U)).scalar())


def add_user(*, session: Session, user: AppUser) -> int:
    session.add(user)
    session.flush()
    return int(user.id)


def record_failure(*, session: Session, user_id: int, attempts: int, locked_until: datetime | None) -> None:
    session.execute(update(U).where(U.c.id == user_id).values(failed_attempts=attempts, locked_until=locked_until))


def record_success(*, session: Session, user_id: int) -> None:
    session.execute(update(U).where(U.c.id == user_id).values(failed_attempts=0, locked_until=None))


def set_password(*, session: Session, user_id: int, password_hash: str) -> None:
    session.execute(update(U).where(U.c.id == user_id).values(password_hash=password_hash, failed_attempts=0,
                                                              locked_until=None))


def open_session(*, session: Session, session_id: str, user_id: int, now: datetime) -> None:
    session.add(UserSession(id=session_id, user_id=user_id, created_at=now, last_seen_at=now))


def live_session(*, session: Session, session_id: str) -> dict | None:
    """The session and its user's current role (read fresh on every page run)."""
    statement = (select(S.c.id, S.c.user_id, S.c.last_seen_at, S.c.ended_at, U.c.username, U.c.display_name,
                        U.c.role, U.c.active)
                 .join(U, U.c.id == S.c.user_id).where(S.c.id == session_id))
    row = session.execute(statement).mappings().first()
    return dict(row) if row else None


def touch_session(*, session: Session, session_id: str, now: datetime) -> None:
    session.execute(update(S).where(S.c.id == session_id).values(last_seen_at=now))


def end_session(*, session: Session, session_id: str, now: datetime) -> None:
    session.execute(update(S).where(S.c.id == session_id, S.c.ended_at.is_(None)).values(ended_at=now))


def unlock(*, session: Session, user_id: int) -> bool:
    return session.execute(update(U).where(U.c.id == user_id).values(failed_attempts=0, locked_until=None)).rowcount == 1


def set_active(*, session: Session, user_id: int, active: bool) -> bool:
    return session.execute(update(U).where(U.c.id == user_id).values(active=active)).rowcount == 1


def end_user_sessions(*, session: Session, user_id: int, now: datetime) -> None:
    session.execute(update(S).where(S.c.user_id == user_id, S.c.ended_at.is_(None)).values(ended_at=now))
