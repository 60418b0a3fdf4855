"""DaE payroll: versioned payroll weeks and their append-only payslips; imported DiDi trips carry
no vehicle or km until matched to a shift; shifts from HR's check-in sheet carry no vehicle

Revision ID: 0006_payroll
Revises: 0005_users
"""
from alembic import op
import sqlalchemy as sa

import lafa_core.types

revision = "0006_payroll"
down_revision = "0005_users"
branch_labels = None
depends_on = None

APPEND_ONLY = "payslip"


def upgrade() -> None:
    with op.batch_alter_table("trip") as batch:
        batch.alter_column("vehicle_id", existing_type=sa.Integer(), nullable=True)
        batch.alter_column("km", existing_type=sa.Float(), nullable=True)
    with op.batch_alter_table("shift") as batch:
        batch.alter_column("vehicle_id", existing_type=sa.Integer(), nullable=True)
        batch.alter_column("depot_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("source", sa.String(length=16), nullable=False, server_default="dispatch"))
    op.create_index("ix_shift_driver_starts", "shift", ["driver_id", "starts_at"])
    op.create_table(
        "payroll_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("opened_at", lafa_core.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(length=60), nullable=False),
        sa.Column("closed_at", lafa_core.types.AwareDateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=60), nullable=True),
        sa.Column("drivers", sa.Integer(), nullable=False),
        sa.Column("total_centavos", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("week_start", "version"),
    )
    op.create_index("ix_payroll_run_week_start", "payroll_run", ["week_start"])
    money = ["billed", "tips", "support", "base", "bonus", "overtime", "rule_total", "minimum_wage_topup", "total"]
    op.create_table(
        "payslip",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=False),
        sa.Column("trips", sa.Integer(), nullable=False),
        sa.Column("minutes_worked", sa.Integer(), nullable=False),
        sa.Column("previous_week_minutes", sa.Integer(), nullable=True),
        sa.Column("weekdays_worked", sa.Integer(), nullable=False),
        sa.Column("days_employed", sa.Integer(), nullable=False),
        sa.Column("goal_met", sa.Boolean(), nullable=False),
        sa.Column("overtime_minutes", sa.Integer(), nullable=False),
        sa.Column("minutes_over_legal_limit", sa.Integer(), nullable=False),
        *[sa.Column(f"{name}_centavos", sa.BigInteger(), nullable=False) for name in money],
        sa.ForeignKeyConstraint(["run_id"], ["payroll_run.id"]),
        sa.ForeignKeyConstraint(["driver_id"], ["driver.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "driver_id"),
    )
    op.create_index("ix_payslip_run_id", "payslip", ["run_id"])
    op.create_index("ix_payslip_driver_id", "payslip", ["driver_id"])
    # Append-only in the database itself, as the audit tables (0001).
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION lafa_payslip_refuse_change() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql")
        op.execute(f"CREATE TRIGGER {APPEND_ONLY}_append_only BEFORE UPDATE OR DELETE ON {APPEND_ONLY} "
                   "FOR EACH ROW EXECUTE FUNCTION lafa_payslip_refuse_change()")
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {APPEND_ONLY}_no_{verb.lower()} BEFORE {verb} ON {APPEND_ONLY} "
                       f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY} is append-only'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {APPEND_ONLY}_append_only ON {APPEND_ONLY}")
        op.execute("DROP FUNCTION IF EXISTS lafa_payslip_refuse_change()")
    else:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {APPEND_ONLY}_no_{verb}")
    op.drop_index("ix_payslip_driver_id", table_name="payslip")
    op.drop_index("ix_payslip_run_id", table_name="payslip")
    op.drop_table("payslip")
    op.drop_index("ix_payroll_run_week_start", table_name="payroll_run")
    op.drop_table("payroll_run")
    op.drop_index("ix_shift_driver_starts", table_name="shift")
    with op.batch_alter_table("shift") as batch:
        batch.drop_column("source")
        batch.alter_column("depot_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("vehicle_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("trip") as batch:
        batch.alter_column("km", existing_type=sa.Float(), nullable=False)
        batch.alter_column("vehicle_id", existing_type=sa.Integer(), nullable=False)
