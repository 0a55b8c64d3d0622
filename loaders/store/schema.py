"""The store's tables, declared once (SQLAlchemy Core); the migrations in loaders/migrations build them.

Organisational facts only: cells, members, status events, visits, programmes, imports.
Nothing about persons followed by a cell has a place here.
"""

from __future__ import annotations

import sqlalchemy as sa

DEMO_ORIGIN = "demo"


metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


imports = sa.Table(
    "imports",
    metadata,
    sa.Column("import_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("rows_total", sa.Integer, nullable=False),
    sa.Column("rows_written", sa.Integer, nullable=False),
    sa.Column("rows_skipped", sa.Integer, nullable=False),
    sa.Column("replaced_demo", sa.Boolean, nullable=False),
    # Rows of the file not imported (chosen to import only the rows without problems), and
    # why: JSON [{"sheet", "row", "line", "outcome", "reason"}].
    sa.Column("rows_left_out", sa.Integer, nullable=False, server_default="0"),
    sa.Column("left_out", sa.Text, nullable=True),
)


cells = sa.Table(
    "cells",
    metadata,
    sa.Column("cell_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("established", sa.Date, nullable=True),
    sa.Column("origin", sa.String(20), nullable=False),
    sa.Column("revision", sa.Integer, nullable=False, server_default="1"),  # bumped by every edit
)


cell_members = sa.Table(
    "cell_members",
    metadata,
    sa.Column("member_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("cell_id", sa.String(64), sa.ForeignKey("cells.cell_id"), nullable=False),
    # The municipality as given (code or name, any vintage) beside the 2025 code it resolves to.
    sa.Column("municipality", sa.String(255), nullable=False),
    sa.Column("given_code", sa.String(5), nullable=True),
    sa.Column("nis_2025", sa.String(5), nullable=False, index=True),
    sa.Column("joined", sa.Date, nullable=False),
    sa.Column("left_on", sa.Date, nullable=True),
    sa.Column("origin", sa.String(20), nullable=False),
    sa.UniqueConstraint("cell_id", "municipality", "joined", name="uq_cell_members_key"),
)


status_events = sa.Table(
    "status_events",
    metadata,
    sa.Column("event_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("row_key", sa.String(64), nullable=False, unique=True),
    sa.Column("municipality", sa.String(255), nullable=False),
    sa.Column("given_code", sa.String(5), nullable=True),
    sa.Column("nis_2025", sa.String(5), nullable=False, index=True),
    sa.Column("cell_id", sa.String(64), sa.ForeignKey("cells.cell_id"), nullable=True),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("effective", sa.Date, nullable=False, index=True),
    sa.Column("source", sa.String(255), nullable=False),
    sa.Column("origin", sa.String(20), nullable=False),
    # How precisely the file gave `effective`: day, or the first day of a month, quarter, year.
    sa.Column("precision", sa.String(8), nullable=False, server_default="day"),
    sa.Column("revision", sa.Integer, nullable=False, server_default="1"),
    # Withdrawn (entered by mistake): kept, with who, when and why; no question counts it.
    sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("withdrawn_by", sa.String(255), nullable=True),
    sa.Column("withdrawn_reason", sa.Text, nullable=True),
)


visits = sa.Table(
    "visits",
    metadata,
    sa.Column("visit_id", sa.String(64), primary_key=True),
    sa.Column("row_key", sa.String(64), nullable=False, unique=True),
    sa.Column("visited_on", sa.Date, nullable=False, index=True),
    sa.Column("team", sa.String(30), nullable=False),
    sa.Column("offer", sa.String(30), nullable=False),
    sa.Column("report_delivered", sa.Boolean, nullable=True),
    sa.Column("follow_up", sa.Date, nullable=True),
    sa.Column("internal_notes", sa.Text, nullable=False, default=""),
    sa.Column("origin", sa.String(20), nullable=False),
    # Bumped by every edit: an editor whose copy is older is told, never silently overwritten.
    sa.Column("revision", sa.Integer, nullable=False, server_default="1"),
    sa.Column("precision", sa.String(8), nullable=False, server_default="day"),  # of visited_on
    sa.Column("planned", sa.Boolean, nullable=False, server_default=sa.false()),  # not made yet
    sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("withdrawn_by", sa.String(255), nullable=True),
    sa.Column("withdrawn_reason", sa.Text, nullable=True),
)


visit_municipalities = sa.Table(
    "visit_municipalities",
    metadata,
    sa.Column("visit_id", sa.String(64), sa.ForeignKey("visits.visit_id"), primary_key=True),
    sa.Column("municipality", sa.String(255), primary_key=True),
    sa.Column("given_code", sa.String(5), nullable=True),
    sa.Column("nis_2025", sa.String(5), nullable=False, index=True),
)


programmes = sa.Table(
    "programmes",
    metadata,
    sa.Column("programme", sa.String(64), primary_key=True),
    sa.Column("municipality", sa.String(255), primary_key=True),
    sa.Column("nis_2025", sa.String(5), nullable=False),
    sa.Column("origin", sa.String(20), nullable=False),
)


audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("audit_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(255), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("table_name", sa.String(40), nullable=False),
    sa.Column("record_key", sa.String(255), nullable=False),
    sa.Column("before", sa.Text, nullable=True),  # JSON
    sa.Column("after", sa.Text, nullable=True),  # JSON
)


# What a person decided about a header layout (which column is which field, what each
# unrecognised value means), offered again for the next file with the same header row.
import_mappings = sa.Table(
    "import_mappings",
    metadata,
    sa.Column("layout", sa.String(32), primary_key=True),  # `reading.headers.layout_key`
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("decisions", sa.Text, nullable=False),  # JSON, as `loaders.mapping.Decisions.as_dict`
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("saved_by", sa.String(255), nullable=False),
)


# Sign-in attempts per account name, shared by every server process on the store, out of
# reach of any visitor (Streamlit's caches can be cleared from a client). Not a record of
# the registry: backups leave it out.
sign_in_throttle = sa.Table(
    "sign_in_throttle",
    metadata,
    sa.Column("account", sa.String(255), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    # Seconds since the epoch before which the name's next attempt is not checked.
    sa.Column("next_allowed", sa.Float, nullable=False),
)


# One row, whose counter every write transaction increments (with its audit line): ordered by
# commit, since each writer waits for the row's lock, so no replica can miss a change the way
# a key made of the last audit id and row counts could. Not in backups: a restore counts too.
store_changes = sa.Table(
    "store_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("counter", sa.BigInteger, nullable=False),
)

# Children first, so deletes respect the foreign keys.
TABLES_CHILD_FIRST = (visit_municipalities, visits, status_events, cell_members, programmes, cells)


# Parents first, for inserts (a backup's order); reversed for deletes.
BACKUP_TABLES = (
    imports, cells, cell_members, status_events, visits, visit_municipalities, programmes, audit_log, import_mappings,
)
