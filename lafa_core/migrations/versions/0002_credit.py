"""credit: analysts' decisions on LTO applications (append-only)

Revision ID: 0002_credit
Revises: 0001
Written by hand (no autogenerate: other capabilities add tables concurrently).
"""
from alembic import op
import sqlalchemy as sa

import lafa_core.types

revision = "0002_credit"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLE = "credit_decision"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", lafa_core.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("analyst", sa.String(length=60), nullable=False),
        sa.Column("decision", sa.String(length=32), nullable=False),
        sa.Column("model_version", sa.String(length=80), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("probability_of_default", sa.Float(), nullable=False),
        sa.Column("band", sa.String(length=8), nullable=False),
        sa.Column("rules_fired", sa.Text(), nullable=False),
        sa.Column("top_reasons", sa.Text(), nullable=False),
        sa.Column("conditions", sa.String(length=300), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["credit_application.id"]),
        sa.PrimaryKeyConstraint("id"),
        # One decision per application: the last line of defence behind the conditional update.
        sa.UniqueConstraint("application_id"),
    )
    op.create_index("ix_credit_decision_decided_at", TABLE, ["decided_at"])
    # Append-only in the database itself, as for the audit tables of 0001.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION lafa_credit_refuse_change() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION lafa_credit_refuse_change()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {TABLE}_no_{verb.lower()} BEFORE {verb} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
        op.execute("DROP FUNCTION IF EXISTS lafa_credit_refuse_change()")
    else:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{verb}")
    op.drop_index("ix_credit_decision_decided_at", table_name=TABLE)
    op.drop_table(TABLE)
