"""Sign-in, sessions and accounts. Every service takes a unit of work and commits once; the
browser holds only a signed session id, and the role is read from the database on every run."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from lafa_core import audit, bounds
from lafa_core.errors import LocalizedError
from lafa_core.identity import Actor
from lafa_core.users import queries
from lafa_core.users.passwords import hash_password, verify_password
from lafa_core.users.roles import Action, Role, require, role_of
from lafa_core.users.rules import (
    DEFAULT_INACTIVITY, MAX_PASSWORD_LENGTH, after_failure, expired, is_locked, password_problems, valid_username,
)
from lafa_core.tables import AppUser
from lafa_core.uow import UnitOfWork

# make run prints these; they exist only in a generated demo database.
DEMO_PASSWORDS = {role: f"Demo-2026-{role.value}" for role in Role}
DEMO_PEOPLE = {  # the demo's staff, one per role (fictitious)
    Role.EXECUTIVE: "Mariana Ortiz", Role.COLLECTIONS_AGENT: "Luis Hernández", Role.COLLECTIONS_SUPERVISOR: "Sofía Ramírez",
    Role.CREDIT_ANALYST: "Andrea Castillo", Role.CREDIT_LEAD: "Jorge Medina", Role.FLEET_OPS: "Diego Navarro",
    Role.HR_PAYROLL: "Patricia Flores", Role.FINANCE: "Gabriela Ruiz", Role.ADMIN: "Carmen Vega",
}
TOUCH_EVERY = timedelta(minutes=1)  # a session's last activity is written at most once a minute


class SignInRefused(LocalizedError, PermissionError):
    """Wrong user name or password (never says which), a locked or an inactive account."""


class SessionEnded(LocalizedError, PermissionError):
    """The session expired after inactivity, was signed out, or never existed."""


class WeakPassword(LocalizedError, ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("password: too weak (" + ", ".join(problems) + ")", key=problems[0])
        self.problems = problems


@dataclass(frozen=True)
class SignedIn:
    session_id: str
    user_id: int
    username: str
    display_name: str
    role: str

    @property
    def actor(self) -> Actor:
        return Actor(self.username, self.role, self.user_id)


def _refused() -> SignInRefused:
    return SignInRefused("sign-in refused: unknown user name or wrong password", key="auth.refused")


def _audit(uow: UnitOfWork, actor: str, action: str, user_id, **details) -> None:
    audit.record(uow, action, "app_user", user_id, actor=actor, **details)


def sign_in(uow: UnitOfWork, *, username: str, password: str) -> SignedIn:
    """Check a user name and password. Five wrong passwords in a row lock the account for 15
    minutes; the message then says until when. Failures are recorded even though sign-in fails."""
    if not isinstance(username, str) or not isinstance(password, str):
        raise _refused()
    name = username.strip().lower()
    if not valid_username(name) or len(password) > MAX_PASSWORD_LENGTH or "\x00" in password:
        verify_password(None, "x")  # the same cost as a real attempt
        raise _refused()
    with uow:
        now = uow.now()
        user = queries.user_by_username(session=uow.session, username=name)
        if user is None or not user["active"]:
            verify_password(None, password)
            raise _refused()
        if is_locked(user["locked_until"], now):
            raise SignInRefused(f"account {name} locked until {user['locked_until'].isoformat()}",
                                key="auth.locked", until=user["locked_until"])
        if not verify_password(user["password_hash"], password):
            attempts, locked_until = after_failure(user["failed_attempts"], now)
            queries.record_failure(session=uow.session, user_id=user["id"], attempts=attempts, locked_until=locked_until)
            _audit(uow, name, "auth.sign_in_failed", user["id"], attempts=attempts, locked=locked_until is not None)
            uow.commit()
            if locked_until is not None:
                raise SignInRefused(f"account {name} locked until {locked_until.isoformat()}", key="auth.locked",
                                    until=locked_until)
            raise _refused()
        signed = _open(uow, user, now)
        _audit(uow, name, "auth.signed_in", user["id"], method="password")
        uow.commit()
    return signed


def _open(uow: UnitOfWork, user: dict, now: datetime) -> SignedIn:
    session_id = secrets.token_urlsafe(32)
    queries.record_success(session=uow.session, user_id=user["id"])
    queries.open_session(session=uow.session, session_id=session_id, user_id=user["id"], now=now)
    return SignedIn(session_id, user["id"], user["username"], user["display_name"], user["role"])


def provider_sign_in(uow: UnitOfWork, *, issuer: str, subject: str) -> SignedIn:
    """An OpenID Connect user (issuer + subject) signs in as the local user mapped to them."""
    with uow:
        user = queries.user_by_provider(session=uow.session, issuer=issuer, subject=subject)
        if user is None or not user["active"]:
            raise SignInRefused(f"no local user for {issuer} / {subject}", key="auth.no_local_user")
        signed = _open(uow, user, uow.now())
        _audit(uow, user["username"], "auth.signed_in", user["id"], method="oidc", issuer=issuer)
        uow.commit()
    return signed


def resume(uow: UnitOfWork, *, session_id: str, inactivity: timedelta = DEFAULT_INACTIVITY) -> SignedIn:
    """The signed-in user of a live session, its role read now; ends it after `inactivity` idle."""
    if not isinstance(session_id, str) or not 0 < len(session_id) <= 64:
        raise SessionEnded("no such session", key="auth.signed_out")
    with uow:
        now = uow.now()
        found = queries.live_session(session=uow.session, session_id=session_id)
        if found is None or found["ended_at"] is not None or not found["active"] or role_of(found["role"]) is None:
            raise SessionEnded("session ended", key="auth.signed_out")
        if expired(found["last_seen_at"], now, inactivity):
            queries.end_session(session=uow.session, session_id=session_id, now=now)
            _audit(uow, found["username"], "auth.session_expired", found["user_id"])
            uow.commit()
            raise SessionEnded("session expired after inactivity", key="auth.expired",
                               minutes=int(inactivity.total_seconds() // 60))
        if now - found["last_seen_at"] >= TOUCH_EVERY:
            queries.touch_session(session=uow.session, session_id=session_id, now=now)
            uow.commit()
    return SignedIn(session_id, found["user_id"], found["username"], found["display_name"], found["role"])


def sign_out(uow: UnitOfWork, *, session_id: str) -> None:
    with uow:
        found = queries.live_session(session=uow.session, session_id=session_id)
        if found is not None and found["ended_at"] is None:
            queries.end_session(session=uow.session, session_id=session_id, now=uow.now())
            _audit(uow, found["username"], "auth.signed_out", found["user_id"])
            uow.commit()


def _new_user(uow: UnitOfWork, *, username: str, display_name: str, role: str, password: str | None,
              check_strength: bool = True, issuer: str | None = None, subject: str | None = None) -> int:
    name = bounds.text(username, "username", max_length=60, required=True).strip().lower()
    if not valid_username(name):
        raise bounds.InvalidInput("username", "use 2 to 60 lowercase letters, digits, dots, dashes or underscores",
                                  key="auth.username_invalid")
    display = bounds.name(display_name, "display_name", max_length=120)
    chosen = role_of(role)
    if chosen is None:
        bounds.choice(role, "role", [r.value for r in Role])
    if password is not None and check_strength:
        if problems := password_problems(password, name):
            raise WeakPassword(problems)
    if queries.user_by_username(session=uow.session, username=name) is not None:
        raise bounds.InvalidInput("username", f"{name} already exists", key="auth.username_taken")
    return queries.add_user(session=uow.session, user=AppUser(
        username=name, display_name=display, role=chosen.value, password_hash=None if password is None else hash_password(password),
        oidc_issuer=issuer, oidc_subject=subject, created_at=uow.now()))


def create_user(uow: UnitOfWork, *, username: str, display_name: str, role: str, password: str | None = None,
                issuer: str | None = None, subject: str | None = None) -> int:
    """An administrator adds an account (a password, or a provider's issuer + subject)."""
    require(uow.actor, Action.USERS_MANAGE)
    with uow:
        user_id = _new_user(uow, username=username, display_name=display_name, role=role, password=password,
                            issuer=issuer, subject=subject)
        _audit(uow, uow.actor.name, "users.created", user_id, username=username, role=role)
        uow.commit()
    return user_id


def create_admin_from_cli(uow: UnitOfWork, *, username: str, display_name: str, password: str) -> int:
    """The first administrator of a database, from the server's command line (no one is signed in)."""
    with uow:
        user_id = _new_user(uow, username=username, display_name=display_name, role=Role.ADMIN.value, password=password)
        _audit(uow, "command-line", "users.admin_created_from_cli", user_id, username=username)
        uow.commit()
    return user_id


def create_demo_accounts(uow: UnitOfWork) -> int:
    """One account per role, its user name the role's name, for a generated demo company only."""
    with uow:
        for role, password in DEMO_PASSWORDS.items():
            _new_user(uow, username=role.value, display_name=DEMO_PEOPLE[role], role=role.value, password=password,
                      check_strength=False)
        uow.commit()
    return len(DEMO_PASSWORDS)


def demo_accounts_in_use(uow: UnitOfWork) -> dict[str, str]:
    """The demo accounts of this database that still sign in with their documented password."""
    with uow:
        found = {role.value: queries.user_by_username(session=uow.session, username=role.value) for role in Role}
    return {name: DEMO_PASSWORDS[Role(name)] for name, user in found.items()
            if user is not None and verify_password(user["password_hash"], DEMO_PASSWORDS[Role(name)])}


def _existing(uow: UnitOfWork, user_id: int) -> dict:
    user = queries.user_by_id(session=uow.session, user_id=user_id)
    if user is None:
        raise bounds.InvalidInput("user", f"no user {user_id}", key="auth.no_such_user", user=user_id)
    return user


def unlock_user(uow: UnitOfWork, *, user_id: int) -> None:
    """An administrator lifts a lockout before its 15 minutes are over."""
    admin = require(uow.actor, Action.USERS_MANAGE)
    with uow:
        user = _existing(uow, user_id)
        queries.unlock(session=uow.session, user_id=user_id)
        _audit(uow, admin.name, "users.unlocked", user_id, username=user["username"])
        uow.commit()


def reset_password(uow: UnitOfWork, *, user_id: int, password: str) -> None:
    """An administrator sets a new password (as strong as any other); the user's sessions end."""
    admin = require(uow.actor, Action.USERS_MANAGE)
    with uow:
        user = _existing(uow, user_id)
        if problems := password_problems(password, user["username"]):
            raise WeakPassword(problems)
        queries.set_password(session=uow.session, user_id=user_id, password_hash=hash_password(password))
        queries.end_user_sessions(session=uow.session, user_id=user_id, now=uow.now())
        _audit(uow, admin.name, "users.password_reset", user_id, username=user["username"])
        uow.commit()


def set_active(uow: UnitOfWork, *, user_id: int, active: bool) -> None:
    """Deactivate (sessions end at once) or reactivate an account; nobody deactivates themself."""
    admin = require(uow.actor, Action.USERS_MANAGE)
    with uow:
        user = _existing(uow, user_id)
        if not active and admin.is_(user["username"], user_id):
            raise bounds.InvalidInput("user", "you cannot deactivate your own account", key="auth.not_yourself")
        queries.set_active(session=uow.session, user_id=user_id, active=active)
        if not active:
            queries.end_user_sessions(session=uow.session, user_id=user_id, now=uow.now())
        _audit(uow, admin.name, "users.activated" if active else "users.deactivated", user_id,
               username=user["username"])
        uow.commit()


def list_users(uow: UnitOfWork) -> list[dict]:
    require(uow.actor, Action.USERS_MANAGE)
    with uow:
        return queries.users(session=uow.session)


def actor_for_cli(uow: UnitOfWork, username: str, action: Action) -> Actor:
    """`--as USER` on the command line: an existing, active user whose role allows `action`."""
    with uow:
        user = queries.user_by_username(session=uow.session, username=(username or "").strip().lower())
    if user is None or not user["active"]:
        raise SignInRefused(f"--as {username}: no such active user", key="auth.no_such_user", user=username)
    actor = Actor(user["username"], user["role"], user["id"])
    return require(actor, action)
