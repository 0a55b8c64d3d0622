"""Imports that ask: dates as precise as given, rows left out, mapping decisions per header layout.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("status_events") as batch:
        batch.add_column(sa.Column("precision", sa.String(8), nullable=False, server_default="day"))
    with op.batch_alter_table("visits") as batch:
        batch.add_column(sa.Column("precision", sa.String(8), nullable=False, server_default="day"))
    with op.batch_alter_table("imports") as batch:
        batch.add_column(sa.Column("rows_left_out", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("left_out", sa.Text, nullable=True))
    op.create_table(
        "import_mappings",
        sa.Column("layout", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("decisions", sa.Text, nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.String(255), nullable=False),
        sa.PrimaryKeyConstraint("layout", name="pk_import_mappings"),
    )


def downgrade() -> None:
    op.drop_table("import_mappings")
    with op.batch_alter_table("imports") as batch:
        batch.drop_column("left_out")
        batch.drop_column("rows_left_out")
    with op.batch_alter_table("visits") as batch:
        batch.drop_column("precision")
    with op.batch_alter_table("status_events") as batch:
        batch.drop_column("precision")
