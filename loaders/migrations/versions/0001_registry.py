"""The registry: imports, cells, members, status events, visits, programmes.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("import_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows_total", sa.Integer, nullable=False),
        sa.Column("rows_written", sa.Integer, nullable=False),
        sa.Column("rows_skipped", sa.Integer, nullable=False),
        sa.Column("replaced_demo", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("import_id", name="pk_imports"),
    )
    op.create_table(
        "cells",
        sa.Column("cell_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("established", sa.Date, nullable=True),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("cell_id", name="pk_cells"),
    )
    op.create_table(
        "cell_members",
        sa.Column("member_id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("cell_id", sa.String(64), nullable=False),
        sa.Column("municipality", sa.String(255), nullable=False),
        sa.Column("given_code", sa.String(5), nullable=True),
        sa.Column("nis_2025", sa.String(5), nullable=False),
        sa.Column("joined", sa.Date, nullable=False),
        sa.Column("left_on", sa.Date, nullable=True),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("member_id", name="pk_cell_members"),
        sa.ForeignKeyConstraint(["cell_id"], ["cells.cell_id"], name="fk_cell_members_cell_id_cells"),
        sa.UniqueConstraint("cell_id", "municipality", "joined", name="uq_cell_members_key"),
    )
    op.create_index("ix_cell_members_nis_2025", "cell_members", ["nis_2025"])
    op.create_table(
        "status_events",
        sa.Column("event_id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("row_key", sa.String(64), nullable=False),
        sa.Column("municipality", sa.String(255), nullable=False),
        sa.Column("given_code", sa.String(5), nullable=True),
        sa.Column("nis_2025", sa.String(5), nullable=False),
        sa.Column("cell_id", sa.String(64), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("effective", sa.Date, nullable=False),
        sa.Column("source", sa.String(255), nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_status_events"),
        sa.ForeignKeyConstraint(["cell_id"], ["cells.cell_id"], name="fk_status_events_cell_id_cells"),
        sa.UniqueConstraint("row_key", name="uq_status_events_row_key"),
    )
    op.create_index("ix_status_events_nis_2025", "status_events", ["nis_2025"])
    op.create_index("ix_status_events_effective", "status_events", ["effective"])
    op.create_table(
        "visits",
        sa.Column("visit_id", sa.String(64), nullable=False),
        sa.Column("row_key", sa.String(64), nullable=False),
        sa.Column("visited_on", sa.Date, nullable=False),
        sa.Column("team", sa.String(30), nullable=False),
        sa.Column("offer", sa.String(30), nullable=False),
        sa.Column("report_delivered", sa.Boolean, nullable=True),
        sa.Column("follow_up", sa.Date, nullable=True),
        sa.Column("internal_notes", sa.Text, nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("visit_id", name="pk_visits"),
        sa.UniqueConstraint("row_key", name="uq_visits_row_key"),
    )
    op.create_index("ix_visits_visited_on", "visits", ["visited_on"])
    op.create_table(
        "visit_municipalities",
        sa.Column("visit_id", sa.String(64), nullable=False),
        sa.Column("municipality", sa.String(255), nullable=False),
        sa.Column("given_code", sa.String(5), nullable=True),
        sa.Column("nis_2025", sa.String(5), nullable=False),
        sa.PrimaryKeyConstraint("visit_id", "municipality", name="pk_visit_municipalities"),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.visit_id"], name="fk_visit_municipalities_visit_id_visits"),
    )
    op.create_index("ix_visit_municipalities_nis_2025", "visit_municipalities", ["nis_2025"])
    op.create_table(
        "programmes",
        sa.Column("programme", sa.String(64), nullable=False),
        sa.Column("municipality", sa.String(255), nullable=False),
        sa.Column("nis_2025", sa.String(5), nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("programme", "municipality", name="pk_programmes"),
    )


def downgrade() -> None:
    for table in ("programmes", "visit_municipalities", "visits", "status_events", "cell_members", "cells", "imports"):
        op.drop_table(table)
