"""fleet: an incident says where it happened in words (a typed address, a depot or a zone) besides
its coordinates, and when it was resolved (resolution time); one insurance claim per incident

Revision ID: 0010_fleet
Revises: 0009_ingest
Written by hand (no autogenerate: other capabilities add tables concurrently).

Incidents already closed keep `resolved_at` empty (their resolution time is unknown); the app's
PostgreSQL role gets its rights on the table from `lafa_core.db.grant_app_role`, which `migrate`
runs after every upgrade (no new table here).
"""
from alembic import op
import sqlalchemy as sa

import lafa_core.types

revision = "0010_fleet"
down_revision = "0009_ingest"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incident") as batch:
        batch.add_column(sa.Column("place", sa.String(length=120), nullable=False, server_default=""))
        batch.add_column(sa.Column("resolved_at", lafa_core.types.AwareDateTime(timezone=True), nullable=True))
    op.create_index("ix_maintenance_record_vehicle_opened", "maintenance_record", ["vehicle_id", "opened_on"])
    # One claim per incident, even when two people file it at once.
    op.create_index("ux_insurance_claim_incident", "insurance_claim", ["incident_id"], unique=True,
                    sqlite_where=sa.text("incident_id IS NOT NULL"), postgresql_where=sa.text("incident_id IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("ux_insurance_claim_incident", table_name="insurance_claim")
    op.drop_index("ix_maintenance_record_vehicle_opened", table_name="maintenance_record")
    with op.batch_alter_table("incident") as batch:
        batch.drop_column("resolved_at")
        batch.drop_column("place")
