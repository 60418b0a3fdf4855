"""battery: fleet operations' decisions on vehicles' batteries (append-only)

Revision ID: 0011_battery
Revises: 0010_fleet
Written by hand (no autogenerate: other capabilities add tables concurrently).
"""
from alembic import op
import sqlalchemy as sa

import lafa_core.types

revision = "0011_battery"
down_revision = "0010_fleet"
branch_labels = None
depends_on = None

TABLE = "battery_decision"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("decided_at", lafa_core.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=60), nullable=False),
        sa.Column("data_day", sa.Date(), nullable=False),
        sa.Column("soh_pct", sa.Float(), nullable=True),
        sa.Column("fade_ratio", sa.Float(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["vehicle_id"], ["vehicle.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_battery_decision_vehicle_id", TABLE, ["vehicle_id"])
    op.create_index("ix_battery_decision_decided_at", TABLE, ["decided_at"])
    # Append-only in the database itself, as credit decisions (0002). The app's PostgreSQL role gets
    # SELECT and INSERT only (lafa_core.db.APPEND_ONLY_TABLES, granted by `migrate`).
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION lafa_battery_refuse_change() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION lafa_battery_refuse_change()"
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
        op.execute("DROP FUNCTION IF EXISTS lafa_battery_refuse_change()")
    else:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{verb}")
    op.drop_index("ix_battery_decision_decided_at", table_name=TABLE)
    op.drop_index("ix_battery_decision_vehicle_id", table_name=TABLE)
    op.drop_table(TABLE)
