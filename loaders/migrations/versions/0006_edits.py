"""Edits in the browser: planned visits, withdrawn entries (who, when, why), revisions of status events and cells.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

WITHDRAWN = ("withdrawn_at", "withdrawn_by", "withdrawn_reason")


def _withdrawn_columns() -> list[sa.Column]:
    return [
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by", sa.String(255), nullable=True),
        sa.Column("withdrawn_reason", sa.Text, nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("visits") as batch:
        batch.add_column(sa.Column("planned", sa.Boolean, nullable=False, server_default=sa.false()))
        for column in _withdrawn_columns():
            batch.add_column(column)
    with op.batch_alter_table("status_events") as batch:
        batch.add_column(sa.Column("revision", sa.Integer, nullable=False, server_default="1"))
        for column in _withdrawn_columns():
            batch.add_column(column)
    with op.batch_alter_table("cells") as batch:
        batch.add_column(sa.Column("revision", sa.Integer, nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("cells") as batch:
        batch.drop_column("revision")
    with op.batch_alter_table("status_events") as batch:
        for name in (*WITHDRAWN, "revision"):
            batch.drop_column(name)
    with op.batch_alter_table("visits") as batch:
        for name in (*WITHDRAWN, "planned"):
            batch.drop_column(name)
