"""A counter that every write transaction increments: the key of every replica's caches.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "store_changes",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("counter", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_store_changes"),
    )
    op.bulk_insert(table, [{"id": 1, "counter": 0}])


def downgrade() -> None:
    op.drop_table("store_changes")
