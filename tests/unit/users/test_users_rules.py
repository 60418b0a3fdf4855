"""Passwords, lockout, inactivity and the role matrices, as pure rules."""
from datetime import datetime, timedelta

import pytest

from lafa_core.config import LOCAL_TZ
from lafa_core.identity import Actor
from lafa_core.users import Action, Page, PermissionDenied, PersonalData, Role, can, can_open, require, sees
from lafa_core.users.passwords import hash_password, verify_password
from lafa_core.users.rules import LOCKOUT, MAX_FAILURES, after_failure, expired, is_locked, password_problems
from lafa_core.users.session_cookie import sign, unsign

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=LOCAL_TZ)


def test_hashes_verify_only_the_same_password_and_are_salted():
    first, second = hash_password("Cobranza-2026!x"), hash_password("Cobranza-2026!x")
    assert first != second and first.startswith("$argon2id$")
    assert verify_password(first, "Cobranza-2026!x") and not verify_password(first, "cobranza-2026!x")
    assert not verify_password(None, "anything") and not verify_password("garbage", "anything")


def test_the_fifth_failure_locks_for_fifteen_minutes():
    attempts, until = 0, None
    for _ in range(MAX_FAILURES - 1):
        attempts, until = after_failure(attempts, NOW)
        assert until is None
    attempts, until = after_failure(attempts, NOW)
    assert attempts == 5 and until == NOW + LOCKOUT
    assert is_locked(until, NOW + LOCKOUT - timedelta(seconds=1))
    assert not is_locked(until, NOW + LOCKOUT)


def test_a_session_lapses_after_exactly_the_inactivity_window():
    assert not expired(NOW, NOW + timedelta(minutes=29, seconds=59))
    assert expired(NOW, NOW + timedelta(minutes=30))
    assert not expired(NOW, NOW + timedelta(minutes=59), timedelta(hours=1))


@pytest.mark.parametrize("password, weak", [
    ("short-1A", True), ("alllowercaseletters", True), ("administrator", True), ("aaaaaaaaaaaaaaaaaaaaaaaa", True),
    ("Ana.lopez-2026x", True),  # holds the user name
    ("Cobranza-2026!x", False), ("a long passphrase of many words", False), ("x" * 300, True),
])
def test_weak_passwords_are_refused(password, weak):
    assert bool(password_problems(password, "ana.lopez")) is weak


def test_a_signed_cookie_cannot_be_altered_or_forged():
    cookie = sign("session-123", "secret-a")
    assert unsign(cookie, "secret-a") == "session-123"
    assert unsign(cookie, "secret-b") is None
    assert unsign(cookie[:-2] + "xx", "secret-a") is None
    assert unsign("", "secret-a") is None and unsign(None, "secret-a") is None


# The whole matrix, written out: every role × every page and action, allowed or refused.
PAGE_MATRIX = {
    Role.EXECUTIVE: {Page.HOME, Page.COLLECTIONS_SUPERVISOR, Page.ROADMAP, Page.BATTERY},
    Role.COLLECTIONS_AGENT: {Page.HOME, Page.COLLECTIONS},
    Role.COLLECTIONS_SUPERVISOR: {Page.HOME, Page.COLLECTIONS, Page.COLLECTIONS_SUPERVISOR},
    Role.CREDIT_ANALYST: {Page.HOME, Page.CREDIT},
    Role.CREDIT_LEAD: {Page.HOME, Page.CREDIT},
    Role.FLEET_OPS: {Page.HOME, Page.CHARGING, Page.DISPATCH, Page.BATTERY, Page.FLEET_MAP, Page.VEHICLE,
                     Page.MAINTENANCE, Page.INCIDENTS, Page.INSURANCE},
    Role.HR_PAYROLL: {Page.HOME, Page.PAYROLL, Page.DISPATCH},
    Role.FINANCE: {Page.HOME, Page.CREDIT, Page.ROADMAP, Page.PAYROLL, Page.CHARGING, Page.DISPATCH, Page.FINANCE,
                   Page.IMPORTS, Page.BATTERY, Page.INSURANCE},
    Role.ADMIN: set(Page) - {Page.FINANCE},
}
ACTION_MATRIX = {
    Role.EXECUTIVE: set(),
    Role.COLLECTIONS_AGENT: {Action.COLLECTIONS_WORK, Action.COLLECTIONS_OUTBOUND},
    Role.COLLECTIONS_SUPERVISOR: {Action.COLLECTIONS_WORK, Action.COLLECTIONS_DECIDE, Action.COLLECTIONS_OUTBOUND,
                                     Action.COLLECTIONS_REPORT},
    Role.CREDIT_ANALYST: {Action.CREDIT_DECIDE},
    Role.CREDIT_LEAD: {Action.CREDIT_DECIDE, Action.CREDIT_TRAIN, Action.CREDIT_PUBLISH},
    Role.FLEET_OPS: {Action.CHARGING_PLAN, Action.DISPATCH, Action.BATTERY_DECIDE, Action.FLEET_MAINTAIN,
                     Action.FLEET_INCIDENTS, Action.INSURANCE_CLAIMS},
    Role.HR_PAYROLL: {Action.PAYROLL_IMPORT, Action.PAYROLL_CLOSE, Action.PAYROLL_EXPORT},
    Role.FINANCE: {Action.PAYROLL_EXPORT, Action.FINANCE_STATEMENTS, Action.DATA_IMPORT, Action.MONEY_IMPORT,
                   Action.COLLECTIONS_REPORT, Action.INSURANCE_CLAIMS},
    # The admin loads drivers and vehicles, never money (contracts, payments: finance's).
    Role.ADMIN: {Action.USERS_MANAGE, Action.AUDIT_VIEW, Action.PREVIEW_ROLES, Action.CREDIT_TRAIN,
                 Action.DATA_IMPORT},
}


@pytest.mark.parametrize("role", Role)
@pytest.mark.parametrize("app_page", Page)
def test_role_page_matrix(role, app_page):
    assert can_open(role, app_page) is (app_page in PAGE_MATRIX[role])


@pytest.mark.parametrize("role", Role)
@pytest.mark.parametrize("action", Action)
def test_role_action_matrix(role, action):
    allowed = action in ACTION_MATRIX[role]
    assert can(role, action) is allowed
    actor = Actor("alguien", role.value, 7)
    if allowed:
        assert require(actor, action) is actor
    else:
        with pytest.raises(PermissionDenied):
            require(actor, action)


@pytest.mark.parametrize("role", [None, "", "superuser", "ADMIN", " admin"])
def test_anything_that_is_not_a_role_may_do_nothing(role):
    assert not any(can(role, a) for a in Action) and not any(can_open(role, p) for p in Page)
    assert not any(sees(role, d) for d in PersonalData)


def test_executives_and_finance_see_no_personal_data_and_agents_see_phones_not_curp():
    assert not any(sees(Role.EXECUTIVE, d) for d in PersonalData)
    assert not any(sees(Role.FINANCE, d) for d in PersonalData)
    assert sees(Role.COLLECTIONS_AGENT, PersonalData.PHONE) and not sees(Role.COLLECTIONS_AGENT, PersonalData.CURP)
    assert sees(Role.CREDIT_ANALYST, PersonalData.CURP) and not sees(Role.CREDIT_ANALYST, PersonalData.LTO_POSITION)
