"""credit models: which credit model is live, recorded in the database (append-only releases)

Revision ID: 0007_credit_models
Revises: 0006_payroll
Written by hand (no autogenerate: other capabilities add tables concurrently).
"""
from alembic import op
import sqlalchemy as sa

import lafa_core.types

revision = "0007_credit_models"
down_revision = "0006_payroll"
branch_labels = None
depends_on = None

TABLE = "credit_model_release"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("published_at", lafa_core.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(length=60), nullable=False),
        sa.Column("trained_by", sa.String(length=60), nullable=False),
        sa.Column("previous_version", sa.String(length=80), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_credit_model_release_version", TABLE, ["version"])
    op.create_index("ix_credit_model_release_published_at", TABLE, ["published_at"])
    # Append-only in the database itself, as credit_decision (0002): a rollback is a new row.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION lafa_credit_release_refuse_change() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql")
        op.execute(f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
                   "FOR EACH ROW EXECUTE FUNCTION lafa_credit_release_refuse_change()")
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {TABLE}_no_{verb.lower()} BEFORE {verb} ON {TABLE} "
                       f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
        op.execute("DROP FUNCTION IF EXISTS lafa_credit_release_refuse_change()")
    else:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{verb}")
    op.drop_index("ix_credit_model_release_published_at", table_name=TABLE)
    op.drop_index("ix_credit_model_release_version", table_name=TABLE)
    op.drop_table(TABLE)
