"""Sign-in, sessions and accounts on an in-memory database, the wall clock injected."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from lafa_core.clock import FixedClock
from lafa_core.config import LOCAL_TZ
from lafa_core.tables import AuditLog, UserSession
from lafa_core.uow import UnitOfWork
from lafa_core.users import (
    Action, PermissionDenied, SessionEnded, SignInRefused, WeakPassword, actor_for_cli, create_admin_from_cli,
    create_demo_accounts, create_user, provider_sign_in, resume, sign_in, sign_out,
)
from lafa_core.identity import Actor

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=LOCAL_TZ)
PASSWORD = "Cobranza-2026!x"


def at(engine, moment=NOW, actor=None):
    return UnitOfWork(engine, actor=actor, clock=FixedClock(moment))


@pytest.fixture
def users(memory_engine):
    create_admin_from_cli(at(memory_engine), username="Admin", display_name="Administradora", password="Torre-Control-2026")
    admin = Actor("admin", "admin", 1)
    create_user(at(memory_engine, actor=admin), username="ana", display_name="Ana López", role="collections_agent",
                password=PASSWORD)
    return memory_engine


def _audits(engine, action):
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == action))


def test_sign_in_opens_a_session_that_carries_the_role_from_the_database(users):
    signed = sign_in(at(users), username=" Ana ", password=PASSWORD)
    assert (signed.username, signed.role) == ("ana", "collections_agent")
    assert signed.actor.user_id == signed.user_id
    assert resume(at(users, NOW + timedelta(minutes=10)), session_id=signed.session_id).role == "collections_agent"
    assert _audits(users, "auth.signed_in") == 1


@pytest.mark.parametrize("username, password", [
    ("ana", "wrong-password"), ("nadie", PASSWORD), ("' OR 1=1 --", PASSWORD), ("ana", "' OR '1'='1"),
    ("x" * 10_000, PASSWORD), ("ana", "y" * 10_000), ("", ""), ("ana\x00", PASSWORD), (None, None),
])
def test_bad_credentials_are_refused_with_one_message(users, username, password):
    with pytest.raises(SignInRefused) as refused:
        sign_in(at(users), username=username, password=password)
    assert refused.value.key == "auth.refused"


def test_five_failures_lock_the_account_and_say_until_when(users):
    for attempt in range(4):
        with pytest.raises(SignInRefused, match="refused"):
            sign_in(at(users, NOW + timedelta(seconds=attempt)), username="ana", password="nope")
    with pytest.raises(SignInRefused) as locked:
        sign_in(at(users, NOW + timedelta(seconds=5)), username="ana", password="nope")
    assert locked.value.key == "auth.locked" and locked.value.values["until"] == NOW + timedelta(minutes=15, seconds=5)
    with pytest.raises(SignInRefused, match="locked"):  # even the right password, while locked
        sign_in(at(users, NOW + timedelta(minutes=15, seconds=4)), username="ana", password=PASSWORD)
    assert sign_in(at(users, NOW + timedelta(minutes=15, seconds=5)), username="ana", password=PASSWORD)
    assert _audits(users, "auth.sign_in_failed") == 5


def test_a_session_expires_after_thirty_idle_minutes_and_activity_keeps_it_alive(users):
    signed = sign_in(at(users), username="ana", password=PASSWORD)
    resume(at(users, NOW + timedelta(minutes=29)), session_id=signed.session_id)  # activity at 10:29
    resume(at(users, NOW + timedelta(minutes=58)), session_id=signed.session_id)  # 29 min after it
    with pytest.raises(SessionEnded) as ended:
        resume(at(users, NOW + timedelta(minutes=88)), session_id=signed.session_id)
    assert ended.value.key == "auth.expired"
    with pytest.raises(SessionEnded):  # and it stays ended
        resume(at(users, NOW + timedelta(minutes=89)), session_id=signed.session_id)


def test_sign_out_ends_the_session(users):
    signed = sign_in(at(users), username="ana", password=PASSWORD)
    sign_out(at(users), session_id=signed.session_id)
    with pytest.raises(SessionEnded):
        resume(at(users), session_id=signed.session_id)
    with Session(users) as session:
        assert session.get(UserSession, signed.session_id).ended_at == NOW


@pytest.mark.parametrize("session_id", ["", "no-such-session", "x" * 10_000, None])
def test_unknown_sessions_are_refused(users, session_id):
    with pytest.raises(SessionEnded):
        resume(at(users), session_id=session_id)


def test_only_an_admin_creates_users_and_weak_passwords_are_refused(users):
    with pytest.raises(PermissionDenied):
        create_user(at(users, actor=Actor("ana", "collections_agent", 2)), username="beto", display_name="Beto",
                    role="admin", password=PASSWORD)
    with pytest.raises(WeakPassword):
        create_user(at(users, actor=Actor("admin", "admin", 1)), username="beto", display_name="Beto",
                    role="collections_agent", password="beto12345678")
    with pytest.raises(ValueError, match="role"):
        create_user(at(users, actor=Actor("admin", "admin", 1)), username="beto", display_name="Beto",
                    role="superuser", password=PASSWORD)


def test_demo_accounts_sign_in_with_their_documented_passwords(memory_engine):
    from lafa_core.users import DEMO_PASSWORDS

    assert create_demo_accounts(at(memory_engine)) == 9
    for role, password in DEMO_PASSWORDS.items():
        assert sign_in(at(memory_engine), username=role.value, password=password).role == role.value


def test_command_line_actions_name_a_user_whose_role_allows_them(users):
    assert actor_for_cli(at(users), "ADMIN", Action.CREDIT_TRAIN).name == "admin"
    with pytest.raises(PermissionDenied):
        actor_for_cli(at(users), "ana", Action.CREDIT_PUBLISH)
    with pytest.raises(SignInRefused):
        actor_for_cli(at(users), "nadie", Action.CREDIT_TRAIN)


def test_a_provider_user_signs_in_as_the_local_user_mapped_to_them(users):
    create_user(at(users, actor=Actor("admin", "admin", 1)), username="luz", display_name="Luz Ortega",
                role="credit_analyst", issuer="https://login.lafa.mx", subject="00u1abc")
    signed = provider_sign_in(at(users), issuer="https://login.lafa.mx", subject="00u1abc")
    assert (signed.username, signed.role) == ("luz", "credit_analyst")
    for issuer, subject in [("https://login.lafa.mx", "someone-else"), ("https://evil.example", "00u1abc")]:
        with pytest.raises(SignInRefused) as refused:
            provider_sign_in(at(users), issuer=issuer, subject=subject)
        assert refused.value.key == "auth.no_local_user"
    with pytest.raises(SignInRefused):  # a provider-only account has no password to guess
        sign_in(at(users), username="luz", password="")


def test_an_admin_unlocks_resets_and_deactivates_and_each_change_is_audited(users):
    from lafa_core.audit import search as audit_trail
    from lafa_core.users import reset_password, set_active, unlock_user

    admin = Actor("admin", "admin", 1)
    for _ in range(5):
        with pytest.raises(SignInRefused):
            sign_in(at(users), username="ana", password="nope")
    unlock_user(at(users, actor=admin), user_id=2)
    signed = sign_in(at(users), username="ana", password=PASSWORD)
    with pytest.raises(WeakPassword):
        reset_password(at(users, actor=admin), user_id=2, password="ana-2026")
    reset_password(at(users, actor=admin), user_id=2, password="Nueva-Clave-2026!")
    with pytest.raises(SessionEnded):  # a new password ends the sessions opened with the old one
        resume(at(users), session_id=signed.session_id)
    set_active(at(users, actor=admin), user_id=2, active=False)
    with pytest.raises(SignInRefused):
        sign_in(at(users), username="ana", password="Nueva-Clave-2026!")
    with pytest.raises(ValueError, match="own account"):
        set_active(at(users, actor=admin), user_id=1, active=False)
    actions = [r["action"] for r in audit_trail(at(users, actor=admin))]
    assert {"users.unlocked", "users.password_reset", "users.deactivated"} <= set(actions)
    with pytest.raises(PermissionDenied):
        audit_trail(at(users, actor=Actor("ana", "collections_agent", 2)))
    with pytest.raises(PermissionDenied):
        unlock_user(at(users, actor=Actor("ana", "collections_supervisor", 2)), user_id=1)
