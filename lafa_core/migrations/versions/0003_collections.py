"""collections: call queue with claims, restructuring offers, DaE payroll shortfalls

Revision ID: 0003_collections
Revises: 0001
Written by hand (no autogenerate: other capabilities add tables concurrently).
Contacts and outcomes reuse the append-only `collection_contact` table of 0001.
"""
from alembic import op
import sqlalchemy as sa

import lafa_core.types

revision = "0003_collections"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "collection_queue_item",
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=False),
        sa.Column("product", sa.String(length=3), nullable=False),
        sa.Column("days_past_due", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.String(length=8), nullable=False),
        sa.Column("stage", sa.String(length=30), nullable=False),
        sa.Column("amount_overdue_centavos", sa.BigInteger(), nullable=False),
        sa.Column("exposure_centavos", sa.BigInteger(), nullable=False),
        sa.Column("roll_probability", sa.Float(), nullable=False),
        sa.Column("broken_promises", sa.Integer(), nullable=False),
        sa.Column("priority_centavos", sa.BigInteger(), nullable=False),
        sa.Column("blocked_reason", sa.String(length=30), nullable=True),
        sa.Column("workable_from", lafa_core.types.AwareDateTime(timezone=True), nullable=True),
        sa.Column("refreshed_at", lafa_core.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("holder", sa.String(length=60), nullable=True),
        sa.Column("held_until", lafa_core.types.AwareDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["contract_id"], ["contract.id"]),
        sa.ForeignKeyConstraint(["driver_id"], ["driver.id"]),
        sa.PrimaryKeyConstraint("contract_id"),
    )
    op.create_index("ix_collection_queue_item_rank", "collection_queue_item", ["priority_centavos", "contract_id"])
    op.create_table(
        "restructuring_offer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("parameter", sa.Integer(), nullable=False),
        sa.Column("balance_centavos", sa.BigInteger(), nullable=False),
        sa.Column("schedule", sa.Text(), nullable=False),
        sa.Column("proposed_by", sa.String(length=60), nullable=False),
        sa.Column("proposed_at", lafa_core.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=60), nullable=True),
        sa.Column("decided_at", lafa_core.types.AwareDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["contract_id"], ["contract.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_restructuring_offer_contract_id", "restructuring_offer", ["contract_id"])
    op.create_index("ix_restructuring_offer_status", "restructuring_offer", ["status"])
    op.create_table(
        "payroll_shortfall",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("due_centavos", sa.BigInteger(), nullable=False),
        sa.Column("deducted_centavos", sa.BigInteger(), nullable=False),
        sa.Column("settled_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["contract_id"], ["contract.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_payroll_shortfall_contract_id", "payroll_shortfall", ["contract_id"])
    op.create_index("ix_payroll_shortfall_due_on", "payroll_shortfall", ["due_on"])
    # What is still owed, in due-date order: the queue build reads only this slice of the schedules.
    op.create_index("ix_installment_unpaid_due", "installment",
                    ["paid_on", "due_on", "contract_id", "amount_centavos", "paid_centavos"],
                    sqlite_where=sa.text("paid_on IS NULL"), postgresql_where=sa.text("paid_on IS NULL"))


def downgrade() -> None:
    op.drop_index("ix_installment_unpaid_due", table_name="installment")
    op.drop_index("ix_payroll_shortfall_due_on", table_name="payroll_shortfall")
    op.drop_index("ix_payroll_shortfall_contract_id", table_name="payroll_shortfall")
    op.drop_table("payroll_shortfall")
    op.drop_index("ix_restructuring_offer_status", table_name="restructuring_offer")
    op.drop_index("ix_restructuring_offer_contract_id", table_name="restructuring_offer")
    op.drop_table("restructuring_offer")
    op.drop_index("ix_collection_queue_item_rank", table_name="collection_queue_item")
    op.drop_table("collection_queue_item")
