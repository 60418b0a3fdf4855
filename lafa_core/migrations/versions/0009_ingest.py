"""ingest: every payment carries its reference (the bank's or OXXO's folio), the key an imported
payments sheet is matched on

Revision ID: 0009_ingest
Revises: 0008_dispatch
Written by hand (no autogenerate: other capabilities add tables concurrently).

Existing payments get `PAY-` and their id on eight digits (PAY-00000042), the same reference the
demo company's generator gives them, so a payments sheet exported from the app and imported again
finds every one of them. Contracts already have their number (`contract.code`), drivers their CURP
and vehicles their VIN.
"""
from alembic import op
import sqlalchemy as sa

revision = "0009_ingest"
down_revision = "0008_dispatch"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payment") as batch_op:
        batch_op.add_column(sa.Column("reference", sa.String(length=40), nullable=True))
    # One statement on both engines: SQLite's || and PostgreSQL's || concatenate, and both pad with
    # substr/lpad-free arithmetic (100000000 + id keeps the leading zeros for ids below 10^8).
    op.execute("UPDATE payment SET reference = 'PAY-' || substr(CAST(100000000 + id AS VARCHAR(12)), 2) "
               "WHERE reference IS NULL")
    op.create_index("ix_payment_reference", "payment", ["reference"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_payment_reference", table_name="payment")
    with op.batch_alter_table("payment") as batch_op:
        batch_op.drop_column("reference")
