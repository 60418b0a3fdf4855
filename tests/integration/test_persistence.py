"""Schema, migrations and the persistence rules, on SQLite and PostgreSQL."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError, StatementError
from sqlmodel import Session, SQLModel, select

from lafa_core.config import LOCAL_TZ
from lafa_core.db import DatabaseState, database_state, migrate, schema_is_current
from tests.factories import unit_of_work
from lafa_core.tables import AuditLog, CreditApplication, CreditDecision, Depot


def test_migrations_create_every_table_and_are_current(engine):
    tables = set(inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    assert schema_is_current(engine)
    migrate(engine)  # a second upgrade is a no-op
    assert schema_is_current(engine)


def test_fresh_schema_reports_empty(engine):
    assert database_state(engine) is DatabaseState.EMPTY


def test_database_state_before_migrations(tmp_path):
    from lafa_core.db import make_engine

    assert database_state(make_engine(f"sqlite:///{tmp_path / 'new.db'}")) is DatabaseState.NO_SCHEMA


def test_unreachable_database_is_reported_not_raised():
    from lafa_core.db import make_engine

    engine = make_engine("postgresql://postgres@127.0.0.1:1/nothing", connect_args={"connect_timeout": 2})
    assert database_state(engine) is DatabaseState.UNREACHABLE


def _audit(**overrides) -> AuditLog:
    values = dict(occurred_at=datetime(2026, 1, 5, 9, 30, tzinfo=LOCAL_TZ), actor="analista.01",
                  action="credit.decided", entity="credit_application", entity_id="7", details="{}")
    return AuditLog(**(values | overrides))


def test_timestamps_keep_their_instant_and_read_back_in_mexico_city(engine):
    utc_instant = datetime(2026, 1, 5, 15, 30, tzinfo=timezone.utc)
    with unit_of_work(engine) as session:
        session.add(_audit(occurred_at=utc_instant))
    with Session(engine) as session:
        stored = session.exec(select(AuditLog)).one().occurred_at
    assert stored == utc_instant
    assert stored.tzinfo is not None and stored.utcoffset().total_seconds() == -6 * 3600
    assert (stored.hour, stored.minute) == (9, 30)


def test_naive_timestamps_are_refused(engine):
    with pytest.raises(StatementError, match="naive datetime"):
        with unit_of_work(engine) as session:
            session.add(_audit(occurred_at=datetime(2026, 1, 5, 9, 30)))


def _credit_decision(session) -> None:
    """An analyst's decision, on the application it decides."""
    session.add(CreditApplication(
        id=7, code="APP-000007", applicant_name="Solicitante 7", curp="CURP00000000000007", phone="+52 55 0000 0000",
        submitted_at=datetime(2026, 1, 2, 10, tzinfo=LOCAL_TZ), status="approved", age=30, zone="Iztapalapa",
        has_valid_licence=True, thin_file=True, platform_weekly_earnings_centavos=800_000, platform_trips_per_week=90,
        platform_rating=4.9, platform_tenure_months=12, declared_monthly_income_centavos=3_500_000, dependants=1,
        requested_term_weeks=208, requested_deposit_centavos=900_000, requested_weekly_rate_centavos=300_000))
    session.flush()
    session.add(CreditDecision(application_id=7, decided_at=datetime(2026, 1, 5, 9, 30, tzinfo=LOCAL_TZ),
                               analyst="analista.01", decision="approved", model_version="credit-test", score=640,
                               probability_of_default=0.04, band="green"))


# The append-only records (database triggers refuse UPDATE and DELETE): table → (writes one row, who wrote it).
APPEND_ONLY = {
    "audit_log": (lambda session: session.add(_audit()), "actor"),
    "credit_decision": (_credit_decision, "analyst"),
}


@pytest.mark.parametrize("table", sorted(APPEND_ONLY))
@pytest.mark.parametrize("statement", ["UPDATE {table} SET {column} = 'someone else'", "DELETE FROM {table}"])
def test_audit_records_are_append_only(engine, table, statement):
    write, column = APPEND_ONLY[table]
    with unit_of_work(engine) as session:
        write(session)
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as conn:
            conn.execute(text(statement.format(table=table, column=column)))
    with engine.connect() as conn:
        assert conn.execute(text(f"SELECT {column} FROM {table}")).scalars().all() == ["analista.01"]


def test_unit_of_work_rolls_back_when_the_block_fails(engine):
    with pytest.raises(RuntimeError):
        with unit_of_work(engine) as session:
            session.add(Depot(code="DEP-01", name="Vallejo", zone="Azcapotzalco", lat=19.49, lon=-99.16,
                              charger_count=4, charger_kw=7.2))
            session.flush()
            raise RuntimeError("something went wrong after the write")
    with Session(engine) as session:
        assert session.exec(select(Depot)).all() == []


def test_money_columns_are_integers_on_the_engine(engine):
    columns = {c["name"]: c for c in inspect(engine).get_columns("installment")}
    for name in ("amount_centavos", "paid_centavos"):
        assert "INT" in str(columns[name]["type"]).upper()


def test_generated_timestamps_are_stored_like_the_orm_stores_them(tmp_path):
    """Times compare as text on SQLite: bulk-loaded and ORM-written rows must share one format."""
    from datetime import date as day

    from lafa_core.db import make_engine
    from lafa_core.generate import build_company

    engine = make_engine(f"sqlite:///{tmp_path / 'lafa.db'}")
    build_company(engine, 10, 4, 1, day(2026, 11, 22))
    with unit_of_work(engine) as session:
        session.add(_audit(occurred_at=datetime(2026, 11, 23, 0, 0, tzinfo=LOCAL_TZ)))  # same instant as the generator's
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT occurred_at FROM audit_log ORDER BY id")).scalars().all()
    assert stored[0] == stored[1] == "2026-11-23 06:00:00.000000"


def test_migration_history_has_one_head_and_downgrades_to_nothing(sqlite_engine):
    from alembic import command
    from alembic.script import ScriptDirectory

    from lafa_core.db import alembic_config

    config = alembic_config(sqlite_engine)
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1  # `alembic upgrade head` works too
    command.downgrade(config, "base")
    assert set(inspect(sqlite_engine).get_table_names()) <= {"alembic_version"}
