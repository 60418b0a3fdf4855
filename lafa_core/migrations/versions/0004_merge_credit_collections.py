"""Join the credit and collections branches into one history (no schema change)

Revision ID: 0004_merge
Revises: 0002_credit, 0003_collections
"""

revision = "0004_merge"
down_revision = ("0002_credit", "0003_collections")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
