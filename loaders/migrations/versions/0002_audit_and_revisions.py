"""Audit log of every change; a revision number on visits for concurrent edits.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("audit_id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(255), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("table_name", sa.String(40), nullable=False),
        sa.Column("record_key", sa.String(255), nullable=False),
        sa.Column("before", sa.Text, nullable=True),
        sa.Column("after", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("audit_id", name="pk_audit_log"),
    )
    with op.batch_alter_table("visits") as batch:
        batch.add_column(sa.Column("revision", sa.Integer, nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("visits") as batch:
        batch.drop_column("revision")
    op.drop_table("audit_log")
