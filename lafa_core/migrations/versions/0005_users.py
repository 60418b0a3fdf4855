"""users and sign-in: local accounts (Argon2 hashes, lockout, OpenID Connect mapping) and sessions;
restructuring offers remember the user ids of who proposed and who decided (maker-checker by id)

Revision ID: 0005_users
Revises: 0004_merge
"""
from alembic import op
import sqlalchemy as sa

import lafa_core.types

revision = "0005_users"
down_revision = "0004_merge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", lafa_core.types.AwareDateTime(timezone=True), nullable=True),
        sa.Column("oidc_issuer", sa.String(length=200), nullable=True),
        sa.Column("oidc_subject", sa.String(length=200), nullable=True),
        sa.Column("created_at", lafa_core.types.AwareDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("oidc_issuer", "oidc_subject"),
    )
    op.create_index("ix_app_user_username", "app_user", ["username"], unique=True)
    op.create_table(
        "user_session",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", lafa_core.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", lafa_core.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", lafa_core.types.AwareDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_user_session_user_id", "user_session", ["user_id"])
    with op.batch_alter_table("restructuring_offer") as batch:
        batch.add_column(sa.Column("proposed_by_user_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("decided_by_user_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("restructuring_offer") as batch:
        batch.drop_column("decided_by_user_id")
        batch.drop_column("proposed_by_user_id")
    op.drop_index("ix_user_session_user_id", table_name="user_session")
    op.drop_table("user_session")
    op.drop_index("ix_app_user_username", table_name="app_user")
    op.drop_table("app_user")
