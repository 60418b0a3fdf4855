"""Alembic environment: runs on the engine handed in by `lafa_core.db.migrate`,
or on LAFA_DATABASE_URL when called from the alembic command line."""
from alembic import context
from sqlmodel import SQLModel

import lafa_core.tables  # noqa: F401  (registers every table on the metadata)
from lafa_core.db import make_engine

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = context.config.attributes.get("engine") or make_engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
