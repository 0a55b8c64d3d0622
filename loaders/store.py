"""The registry's store: SQLAlchemy Core tables, migrations, and reading it back as a Registry.

SQLite by default (a file under ./data/), PostgreSQL through the same URL setting. The SQL
stays portable: no dialect-specific types, upserts done as "insert what is not there yet"
against unique row keys, every write inside one transaction.

Organisational facts only: cells, members, status events, visits, programmes, imports.
Nothing about persons followed by a cell has a place here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from geo import settings
from loaders import registry

MIGRATIONS = Path(__file__).with_name("migrations")
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
)

cells = sa.Table(
    "cells",
    metadata,
    sa.Column("cell_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("established", sa.Date, nullable=True),
    sa.Column("origin", sa.String(20), nullable=False),
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

# Children first, so deletes respect the foreign keys.
TABLES_CHILD_FIRST = (visit_municipalities, visits, status_events, cell_members, programmes, cells)


def database_url() -> str:
    url = settings.DATABASE_URL.read()
    if url:
        return url
    path = settings.ROOT / "data" / "livcr.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def create_engine(url: str | None = None) -> sa.Engine:
    engine = sa.create_engine(url or database_url(), future=True)
    if engine.dialect.name == "sqlite":
        # SQLite leaves foreign keys off unless asked, per connection.
        @sa.event.listens_for(engine, "connect")
        def _enable_foreign_keys(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


def _alembic_config(engine: sa.Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade_store(engine: sa.Engine) -> None:
    """Bring the schema to the newest migration (creating it on an empty database)."""
    command.upgrade(_alembic_config(engine), "head")


def migration_sql(dialect_name: str) -> str:
    """The DDL of every migration as it would run on `dialect_name` (e.g. "postgresql"), no server needed."""
    import io

    output = io.StringIO()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["dialect_name"] = dialect_name
    config.attributes["output"] = output
    command.upgrade(config, "head", sql=True)
    return output.getvalue()


def schema_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    return ScriptDirectory.from_config(_alembic_config(sa.create_engine("sqlite://"))).get_current_head()


def is_empty(engine: sa.Engine) -> bool:
    with engine.connect() as connection:
        return all(
            connection.execute(sa.select(sa.func.count()).select_from(t)).scalar_one() == 0
            for t in (cells, status_events, visits, programmes)
        )


def holds_demo(connection: sa.Connection) -> bool:
    return any(
        connection.execute(sa.select(t.c.origin).where(t.c.origin == DEMO_ORIGIN).limit(1)).first()
        for t in (cells, status_events, visits, programmes)
    )


def delete_demo(connection: sa.Connection) -> None:
    """Remove the demo dataset: a real import replaces it whole."""
    demo_visits = sa.select(visits.c.visit_id).where(visits.c.origin == DEMO_ORIGIN)
    connection.execute(sa.delete(visit_municipalities).where(visit_municipalities.c.visit_id.in_(demo_visits)))
    for table in (visits, status_events, cell_members, programmes, cells):
        connection.execute(sa.delete(table).where(table.c.origin == DEMO_ORIGIN))


def load_registry_frames(engine: sa.Engine) -> registry.Registry:
    """The store read back as a Registry, so every question of `loaders.registry` works on it."""
    with engine.connect() as connection:
        def frame(query) -> pd.DataFrame:
            result = connection.execute(query)
            return pd.DataFrame(result.fetchall(), columns=list(result.keys()))

        cell_frame = frame(sa.select(cells.c.cell_id, cells.c.name, cells.c.kind, cells.c.established))
        member_frame = frame(
            sa.select(
                cell_members.c.cell_id, cell_members.c.municipality, cell_members.c.joined,
                cell_members.c.left_on.label("left"), cell_members.c.nis_2025,
            ).order_by(cell_members.c.member_id)
        )
        status_frame = frame(
            sa.select(
                status_events.c.effective.label("date"), status_events.c.municipality,
                sa.func.coalesce(status_events.c.cell_id, "").label("cell_id"), status_events.c.status,
                status_events.c.source, status_events.c.nis_2025,
            ).order_by(status_events.c.event_id)
        )
        visit_frame = frame(
            sa.select(
                visits.c.visit_id, visits.c.visited_on.label("date"), visits.c.team, visits.c.offer,
                visits.c.report_delivered, visits.c.follow_up, visits.c.internal_notes,
            ).order_by(visits.c.visited_on, visits.c.visit_id)
        )
        visit_places = frame(
            sa.select(visit_municipalities.c.visit_id, visit_municipalities.c.municipality, visit_municipalities.c.nis_2025)
            .order_by(visit_municipalities.c.visit_id, visit_municipalities.c.municipality)
        )
        programme_frame = frame(sa.select(programmes.c.programme, programmes.c.municipality, programmes.c.nis_2025))
        demo = holds_demo(connection)
    for column in ("left",):
        member_frame[column] = member_frame[column].astype(object).where(member_frame[column].notna(), None)
    visit_frame["follow_up"] = visit_frame["follow_up"].astype(object).where(visit_frame["follow_up"].notna(), None)
    return registry.Registry(
        cells=cell_frame,
        members=member_frame,
        status=status_frame,
        visits=visit_frame,
        visit_municipalities=visit_places,
        programmes=programme_frame,
        is_demo=demo,
        source=engine.url.render_as_string(hide_password=True),
    )


def version(engine: sa.Engine) -> str:
    """A cheap fingerprint of the store's content, for the UI's caches.

    Every change after seeding (import, demo replacement, edit, restore) writes the audit
    log, so its last id changes with the data; the counts tell a seeded store from an empty one.
    """
    def count(table):
        return sa.select(sa.func.count()).select_from(table).scalar_subquery()

    query = sa.select(
        sa.select(sa.func.max(audit_log.c.audit_id)).scalar_subquery(), count(status_events), count(visits), count(cells)
    )
    with engine.connect() as connection:
        return repr(tuple(connection.execute(query).one()))


def classify_error(error: BaseException) -> str | None:
    """What a database error means for a visitor: 'busy', 'unreachable', 'damaged', or None
    when it is not a database error."""
    if isinstance(error, sa.exc.OperationalError):
        text = str(error.orig or error).lower()
        if "locked" in text or "busy" in text:
            return "busy"
        if "not a database" in text or "malformed" in text:
            return "damaged"
        return "unreachable"
    if isinstance(error, sa.exc.DatabaseError):
        return "damaged"
    if isinstance(error, sa.exc.DBAPIError) or isinstance(error, sa.exc.TimeoutError):
        return "unreachable"
    return None


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def write_audit(connection: sa.Connection, actor: str, action: str, table: str, key: str,
                before: dict | None, after: dict | None) -> None:
    """One line of the audit log, in the same transaction as the change it describes."""
    import json

    dump = lambda v: None if v is None else json.dumps(v, default=str, ensure_ascii=False, sort_keys=True)  # noqa: E731
    connection.execute(
        sa.insert(audit_log).values(
            at=utc_now(), actor=actor or "unknown", action=action, table_name=table, record_key=key,
            before=dump(before), after=dump(after),
        )
    )


def row_key(*parts: object) -> str:
    """A stable key of a record's content: re-importing the same row finds it already there."""
    import hashlib

    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def status_key(municipality: str, effective: dt.date, status: str, source: str, cell_id: str | None) -> str:
    return row_key("status", municipality, effective.isoformat(), status, source, cell_id or "")


def visit_key(visited_on: dt.date, team: str, offer: str, municipalities: list[str]) -> str:
    return row_key("visit", visited_on.isoformat(), team, offer, *sorted(municipalities))


def write_registry(connection: sa.Connection, reg: registry.Registry, origin: str) -> None:
    """Insert a whole CSV registry (the demo dataset, or a store export) as one origin."""
    connection.execute(
        sa.insert(cells),
        [
            {"cell_id": r.cell_id, "name": r.name, "kind": r.kind, "established": r.established, "origin": origin}
            for r in reg.cells.itertuples()
        ],
    )
    connection.execute(
        sa.insert(cell_members),
        [
            {
                "cell_id": r.cell_id, "municipality": r.municipality, "given_code": _code_or_none(r.municipality),
                "nis_2025": r.nis_2025, "joined": r.joined, "left_on": r.left, "origin": origin,
            }
            for r in reg.members.itertuples()
        ],
    )
    connection.execute(
        sa.insert(status_events),
        [
            {
                "row_key": status_key(r.municipality, r.date, r.status, r.source, r.cell_id),
                "municipality": r.municipality, "given_code": _code_or_none(r.municipality),
                "nis_2025": r.nis_2025, "cell_id": r.cell_id or None, "status": r.status,
                "effective": r.date, "source": r.source, "origin": origin,
            }
            for r in reg.status.itertuples()
        ],
    )
    places = reg.visit_municipalities.groupby("visit_id")["municipality"].apply(list).to_dict()
    connection.execute(
        sa.insert(visits),
        [
            {
                "visit_id": r.visit_id, "row_key": visit_key(r.date, r.team, r.offer, places.get(r.visit_id, [])),
                "visited_on": r.date, "team": r.team, "offer": r.offer,
                "report_delivered": bool(r.report_delivered), "follow_up": r.follow_up,
                "internal_notes": r.internal_notes or "", "origin": origin,
            }
            for r in reg.visits.itertuples()
        ],
    )
    connection.execute(
        sa.insert(visit_municipalities),
        [
            {"visit_id": r.visit_id, "municipality": r.municipality, "given_code": _code_or_none(r.municipality),
             "nis_2025": r.nis_2025}
            for r in reg.visit_municipalities.drop_duplicates(["visit_id", "municipality"]).itertuples()
        ],
    )
    if len(reg.programmes):
        connection.execute(
            sa.insert(programmes),
            [
                {"programme": r.programme, "municipality": r.municipality, "nis_2025": r.nis_2025, "origin": origin}
                for r in reg.programmes.itertuples()
            ],
        )


def _code_or_none(text: str) -> str | None:
    from geo.mergers import normalise_code

    try:
        return normalise_code(text)
    except ValueError:
        return None


class StoreThrottle:
    """`access.Throttle` kept in the store: a booking is one short transaction that locks the
    name's row (PostgreSQL: SELECT … FOR UPDATE; SQLite: the write lock taken by the insert),
    so parallel attempts on any number of servers are booked one after another."""

    def __init__(self, engine: sa.Engine, policy=None):
        from loaders.access import ThrottlePolicy

        self.engine = engine
        self.policy = policy or ThrottlePolicy()

    def reserve(self, name: str, now: float) -> float:
        table = sign_in_throttle
        with self.engine.begin() as connection:
            _insert_missing(connection, table, {"account": name, "failures": 0, "next_allowed": 0.0})
            failures, next_allowed = connection.execute(
                sa.select(table.c.failures, table.c.next_allowed).where(table.c.account == name).with_for_update()
            ).one()
            turn = max(now, next_allowed)
            if turn - now <= self.policy.max_wait_s:
                # Booked as a failure now; a success undoes it.
                connection.execute(
                    sa.update(table).where(table.c.account == name).values(
                        failures=failures + 1, next_allowed=turn + self.policy.delay_after(failures + 1)
                    )
                )
        return turn - now

    def succeeded(self, name: str, now: float) -> None:
        with self.engine.begin() as connection:
            connection.execute(sa.delete(sign_in_throttle).where(sign_in_throttle.c.account == name))

    def failures(self, name: str) -> int:
        with self.engine.connect() as connection:
            found = connection.execute(
                sa.select(sign_in_throttle.c.failures).where(sign_in_throttle.c.account == name)
            ).scalar_one_or_none()
        return found or 0


def _insert_missing(connection: sa.Connection, table: sa.Table, values: dict) -> None:
    """INSERT … ON CONFLICT DO NOTHING on the primary key, in either dialect."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    connection.execute(insert(table).values(**values).on_conflict_do_nothing())


def open_store(url: str | None = None, seed_demo: bool = True) -> sa.Engine:
    """An engine on an up-to-date schema; an empty store gets the demo dataset (labelled as such)."""
    engine = create_engine(url)
    upgrade_store(engine)
    if seed_demo and is_empty(engine):
        with engine.begin() as connection:
            write_registry(connection, registry.load_registry(registry.DEMO_DIR), DEMO_ORIGIN)
    return engine
