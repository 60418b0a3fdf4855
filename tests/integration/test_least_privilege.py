"""On PostgreSQL the app connects as a role that can read and add to the audit trail but never
erase it: TRUNCATE, UPDATE, DELETE, DROP and DISABLE TRIGGER all fail; the app's own work succeeds."""
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from lafa_core import collections as col
from lafa_core.db import make_engine, migrate
from tests.collections_support import NOW, TODAY, WEEKLY, build_book, prior_model, uow
from tests.conftest import owner_and_app_role


@pytest.fixture
def app_engine():
    """A throw-away database migrated by its owner, and an engine for a fresh app role."""
    with owner_and_app_role() as (url, role, app_url):
        owner = make_engine(url)
        migrate(owner, app_role=role)
        build_book(owner, [30, 12])
        app = make_engine(app_url)
        yield owner, app
        app.dispose()
        owner.dispose()


def test_the_apps_role_works_the_queue_and_adds_to_the_trail(app_engine):
    _, app = app_engine
    col.refresh_queue(uow(app, None, NOW), model=prior_model())
    assert col.next_account(uow(app, "ana", NOW, role="collections_agent")) == 1
    col.log_contact(uow(app, "ana", NOW, role="collections_agent"), contract_id=1, outcome="promise_to_pay",
                    promise_amount_centavos=WEEKLY, promise_due_on=TODAY + timedelta(days=2))
    with app.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() == 2  # the claim and the contact


@pytest.mark.parametrize("statement", [
    "TRUNCATE audit_log", "UPDATE audit_log SET actor = 'nadie'", "DELETE FROM audit_log",
    "DROP TABLE audit_log", "ALTER TABLE audit_log DISABLE TRIGGER ALL",
    "TRUNCATE collection_contact", "DELETE FROM credit_decision", "UPDATE credit_decision SET decision = 'approved'",
    "ALTER TABLE collection_contact DISABLE TRIGGER ALL", "DROP TABLE payment", "TRUNCATE installment",
])
def test_the_apps_role_cannot_erase_or_unguard_the_trail(app_engine, statement):
    owner, app = app_engine
    col.refresh_queue(uow(owner, None, NOW), model=prior_model())
    col.next_account(uow(owner, "ana", NOW, role="collections_agent"))  # one audit record to protect
    with pytest.raises(DBAPIError, match="permission denied|must be owner|append-only"):
        with app.begin() as conn:
            conn.execute(text(statement))
    with owner.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() == 1
