"""dispatch: a shift planned on the dispatch board is confirmed, then checked in and checked out
(wall clock) before it counts as worked; every existing shift was worked

Revision ID: 0008_dispatch
Revises: 0007_credit_models
Written by hand (no autogenerate: other capabilities add tables concurrently).
"""
from alembic import op
import sqlalchemy as sa

import lafa_core.types

revision = "0008_dispatch"
down_revision = "0007_credit_models"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("shift") as batch:
        batch.add_column(sa.Column("status", sa.String(length=12), nullable=False, server_default="worked"))
        batch.add_column(sa.Column("checked_in_at", lafa_core.types.AwareDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("checked_out_at", lafa_core.types.AwareDateTime(timezone=True), nullable=True))
    # The board reads a depot's shifts of a day.
    op.create_index("ix_shift_depot_work_date", "shift", ["depot_id", "work_date"])


def downgrade() -> None:
    op.drop_index("ix_shift_depot_work_date", table_name="shift")
    with op.batch_alter_table("shift") as batch:
        batch.drop_column("checked_out_at")
        batch.drop_column("checked_in_at")
        batch.drop_column("status")
