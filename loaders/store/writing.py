"""Every INSERT, UPDATE and DELETE on the store, each inside the caller's transaction or its own.

One module writes, so every write is found here, keeps the audit log beside it, and uses
the same content keys (re-importing a row finds it already there).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

import sqlalchemy as sa

from loaders import registry
from loaders.store.reading import holds_demo, stored_keys_in
from loaders.vocabulary import plain_text
from loaders.store.schema import (
    DEMO_ORIGIN, audit_log, imports, store_changes, cell_members, cells, import_mappings, programmes, sign_in_throttle,
    status_events, visit_municipalities, visits,
)

def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def write_audit(connection: sa.Connection, actor: str, action: str, table: str, key: str,
                before: dict | None, after: dict | None) -> None:
    """One line of the audit log, in the same transaction as the change it describes, and one
    more on the change counter (`reading.version`): every replica sees the change on its next rerun."""
    dump = lambda v: None if v is None else json.dumps(v, default=str, ensure_ascii=False, sort_keys=True)  # noqa: E731
    count_change(connection)
    connection.execute(
        sa.insert(audit_log).values(
            at=utc_now(), actor=actor or "unknown", action=action, table_name=table, record_key=key,
            before=dump(before), after=dump(after),
        )
    )


def count_change(connection: sa.Connection) -> None:
    """One more on the change counter, in the transaction of the change (`reading.version`)."""
    connection.execute(sa.update(store_changes).where(store_changes.c.id == 1).values(counter=store_changes.c.counter + 1))


def row_key(*parts: object) -> str:
    """A stable key of a record's content: re-importing the same row finds it already there."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def status_key(municipality: str, effective: dt.date | str, status: str, source: str, cell_id: str | None) -> str:
    """`effective` is a day, or its text when the row gave none or a vague one ("2019-03-01/month")."""
    day = effective if isinstance(effective, str) else effective.isoformat()
    return row_key("status", municipality, day, status, source, cell_id or "")


def visit_key(visited_on: dt.date | str, team: str, offer: str, municipalities: list[str]) -> str:
    day = visited_on if isinstance(visited_on, str) else visited_on.isoformat()
    return row_key("visit", day, team, offer, *sorted(municipalities))


def write_registry(connection: sa.Connection, reg: registry.Registry, origin: str) -> None:
    """Insert a whole CSV registry (the demo dataset, or a store export) as one origin."""
    count_change(connection)
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


def delete_demo(connection: sa.Connection) -> None:
    """Remove the demo dataset: a real import replaces it whole."""
    count_change(connection)
    demo_visits = sa.select(visits.c.visit_id).where(visits.c.origin == DEMO_ORIGIN)
    connection.execute(sa.delete(visit_municipalities).where(visit_municipalities.c.visit_id.in_(demo_visits)))
    for table in (visits, status_events, cell_members, programmes, cells):
        connection.execute(sa.delete(table).where(table.c.origin == DEMO_ORIGIN))


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



def update_visit(engine: sa.Engine, visit_id: str, revision: int, changes: dict, actor: str) -> int | None:
    """Write `changes` to a visit still at `revision` (and the audit line); None when written,
    else the revision the visit is at. KeyError for no such visit."""
    with engine.begin() as connection:
        before = connection.execute(sa.select(visits).where(visits.c.visit_id == visit_id)).first()
        if before is None:
            raise KeyError(f"no visit {visit_id!r}")
        result = connection.execute(
            sa.update(visits)
            .where(visits.c.visit_id == visit_id, visits.c.revision == revision)
            .values(**changes, revision=revision + 1)
        )
        if result.rowcount != 1:
            return before.revision
        write_audit(connection, actor, "edit", "visits", visit_id, {k: before._mapping[k] for k in changes}, dict(changes))
    return None


def _move_sequences_past_rows(connection: sa.Connection, tables: tuple[sa.Table, ...]) -> None:
    """After rows were inserted with their own ids (a restore), PostgreSQL's sequences still
    stand where they were: move each past the largest id, or the next insert collides."""
    if connection.dialect.name != "postgresql":
        return  # SQLite takes the next id from the rows themselves
    for table in tables:
        for column in table.primary_key.columns:
            if column.autoincrement is True or (column.autoincrement == "auto" and isinstance(column.type, sa.Integer)
                                                and len(table.primary_key.columns) == 1):
                connection.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                    f"COALESCE(MAX({column.name}), 1), MAX({column.name}) IS NOT NULL) FROM {table.name}"
                ))


def replace_all(engine: sa.Engine, contents: dict[str, list[dict]], tables: tuple[sa.Table, ...], actor: str,
                note: tuple[str, dict]) -> None:
    """Replace the content of `tables` (parents first) by `contents`, in one transaction."""
    with engine.begin() as connection:
        for table in reversed(tables):
            connection.execute(sa.delete(table))
        for table in tables:
            if contents[table.name]:
                connection.execute(sa.insert(table), contents[table.name])
        _move_sequences_past_rows(connection, tables)
        # After the restore, so the restored audit log keeps this line too.
        write_audit(connection, actor, "restore", "all", note[0], None, note[1])



def write_import(
    engine: sa.Engine, kind: str, fresh: list, every: list, actor: str, log: dict, mappings: dict[str, str] | None = None,
) -> tuple[bool, int, int]:
    """Write an import's records in one transaction: `fresh` (the rows not yet stored), or
    `every` record once when the import replaces the demo dataset (whose rows are then gone,
    so rows "already in the store" may be new). Logs the import and its audit lines.
    Returns (replaced the demo, import id, rows written).

    `log` may carry `rows_left_out` and `left_out` (rows chosen not to import, and why);
    `mappings` ({layout: decisions as JSON}) are saved for the next file of each layout.

    Imports take turns: the transaction first takes the import lock (PostgreSQL: an advisory
    lock held until commit; SQLite: the database's write lock, waited for up to its busy
    timeout, after which SQLite says "database is locked"). Then what the store holds is read
    again, so rows another import wrote meanwhile are skipped, not written twice.
    """
    with engine.begin() as connection:
        _take_import_lock(connection)
        replaced_demo = holds_demo(connection)
        if replaced_demo:
            delete_demo(connection)
            fresh = list({rec.key: rec for rec in reversed(every)}.values())[::-1]
        else:
            stored = stored_keys_in(connection, kind, [rec.key for rec in fresh])
            fresh = [rec for rec in fresh if rec.key not in stored]
        origin = f"import:{log['sha256'][:12]}"
        if kind == "status":
            _write_status(connection, fresh, origin)
        else:
            _write_visits(connection, fresh, origin, log["sha256"])
        left_out = log.get("rows_left_out", 0)
        import_id = connection.execute(
            sa.insert(imports).values(
                **log, kind=kind, imported_at=utc_now(), rows_written=len(fresh),
                rows_skipped=log["rows_total"] - len(fresh) - left_out, replaced_demo=replaced_demo,
            )
        ).inserted_primary_key[0]
        for layout, decisions in (mappings or {}).items():
            _save_mapping(connection, layout, kind, decisions, actor)
        if replaced_demo:
            write_audit(connection, actor, "replace_demo", "all", "demo", {"dataset": "demo"}, None)
        write_audit(
            connection, actor, "import", "status_events" if kind == "status" else "visits", log["sha256"], None,
            {"file": log["file_name"], "import_id": import_id, "rows_written": len(fresh),
             "rows_skipped": log["rows_total"] - len(fresh) - left_out, "rows_left_out": left_out,
             "rows": [rec.row for rec in fresh]},
        )
    return replaced_demo, import_id, len(fresh)


def _save_mapping(connection: sa.Connection, layout: str, kind: str, decisions: str, actor: str) -> None:
    before = connection.execute(sa.select(import_mappings.c.decisions).where(import_mappings.c.layout == layout)).scalar()
    if before == decisions:
        return
    values = {"kind": kind, "decisions": decisions, "saved_at": utc_now(), "saved_by": actor}
    if before is None:
        connection.execute(sa.insert(import_mappings).values(layout=layout, **values))
    else:
        connection.execute(sa.update(import_mappings).where(import_mappings.c.layout == layout).values(**values))
    write_audit(
        connection, actor, "save_mapping", "import_mappings", layout,
        None if before is None else json.loads(before), json.loads(decisions),
    )


def cell_slug(text: str) -> str:
    """The id a cell named `text` gets when an import creates it: "cell-" and this."""
    return _slug(text)


def _slug(text: str) -> str:
    # 59: with "cell-" before it, an id fits the store's 64 characters.
    return re.sub(r"[^a-z0-9]+", "-", plain_text(text)).strip("-")[:59] or "cell"


# Any 64-bit number the product owns: the key of PostgreSQL's advisory lock for imports.
IMPORT_LOCK_KEY = 7_317_2019


def _take_import_lock(connection: sa.Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK_KEY})
    else:
        count_change(connection)  # the first write of the transaction takes SQLite's write lock


def _write_status(connection: sa.Connection, records: list, origin: str) -> None:
    """Status records (`loaders.importer.StatusRecord`), oldest first, with the cells they name
    (found by id or by name, created when new) and the membership of their municipality.
    Decided in Python against what the store holds, then written in batches: one INSERT per
    table and batch, not one per row."""
    known = {row.cell_id for row in connection.execute(sa.select(cells.c.cell_id))}
    by_name = {plain_text(row.name): row.cell_id for row in connection.execute(sa.select(cells.c.cell_id, cells.c.name))}
    members = {tuple(row) for row in connection.execute(sa.select(cell_members.c.cell_id, cell_members.c.nis_2025))}
    new_cells, new_members, events = [], [], []
    for record in sorted(records, key=lambda r: (r.effective, r.row)):
        cell_id = None
        if record.cell_id or record.cell_name:
            cell_id = record.cell_id if record.cell_id in known else by_name.get(plain_text(record.cell_name or ""))
            if cell_id is None:
                cell_id = record.cell_id or f"cell-{_slug(record.cell_name)}"
                new_cells.append({
                    "cell_id": cell_id, "name": record.cell_name or cell_id, "kind": record.cell_kind,
                    "established": record.effective, "origin": origin,
                })
                known.add(cell_id)
                by_name[plain_text(record.cell_name or cell_id)] = cell_id
            if (cell_id, record.place.nis) not in members:
                members.add((cell_id, record.place.nis))
                new_members.append({
                    "cell_id": cell_id, "municipality": record.place.given, "given_code": record.place.given_code,
                    "nis_2025": record.place.nis, "joined": record.effective, "left_on": None, "origin": origin,
                })
        events.append({
            "row_key": record.key, "municipality": record.place.given, "given_code": record.place.given_code,
            "nis_2025": record.place.nis, "cell_id": cell_id, "status": record.status, "effective": record.effective,
            "source": record.source, "origin": origin, "precision": getattr(record, "precision", "day"),
        })
    for table, rows in ((cells, new_cells), (cell_members, new_members), (status_events, events)):
        _insert_in_batches(connection, table, rows)


def _write_visits(connection: sa.Connection, records: list, origin: str, sha256: str) -> None:
    existing = set(connection.execute(sa.select(visits.c.visit_id)).scalars())
    rows, places = [], []
    for record in records:
        visit_id = record.visit_id if record.visit_id and record.visit_id not in existing else f"v-{record.key[:16]}"
        existing.add(visit_id)
        rows.append({
            "visit_id": visit_id, "row_key": record.key, "visited_on": record.visited_on, "team": record.team,
            "offer": record.offer, "report_delivered": record.report_delivered, "follow_up": record.follow_up,
            "internal_notes": record.internal_notes, "origin": origin, "precision": getattr(record, "precision", "day"),
        })
        places += [
            {"visit_id": visit_id, "municipality": p.given, "given_code": p.given_code, "nis_2025": p.nis}
            for p in {p.given: p for p in record.places}.values()
        ]
    _insert_in_batches(connection, visits, rows)
    _insert_in_batches(connection, visit_municipalities, places)


# Rows per INSERT: large enough that a 60,000-row file is a dozen statements, small enough
# for every driver's parameter limits.
BATCH_ROWS = 5_000


def _insert_in_batches(connection: sa.Connection, table: sa.Table, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH_ROWS):
        connection.execute(sa.insert(table), rows[start:start + BATCH_ROWS])


# ---------------------------------------------------------------------------------------
# Edits in the browser (`loaders.store.editing` holds their rules): each one transaction with
# its audit line, each refused when the record moved on since the editor read it.


def insert_visit(connection: sa.Connection, row: dict, places: list[dict]) -> None:
    connection.execute(sa.insert(visits).values(**row))
    connection.execute(sa.insert(visit_municipalities), places)


def replace_visit_places(connection: sa.Connection, visit_id: str, places: list[dict]) -> None:
    connection.execute(sa.delete(visit_municipalities).where(visit_municipalities.c.visit_id == visit_id))
    connection.execute(sa.insert(visit_municipalities), places)


def visit_places(connection: sa.Connection, visit_id: str) -> list[str]:
    return [r.nis_2025 for r in connection.execute(
        sa.select(visit_municipalities.c.nis_2025).where(visit_municipalities.c.visit_id == visit_id)
        .order_by(visit_municipalities.c.nis_2025)
    )]


def update_revised(connection: sa.Connection, table: sa.Table, key: sa.Column, value, revision: int, changes: dict) -> bool:
    """UPDATE … WHERE key = value AND revision = seen: True when it was still at `revision`."""
    result = connection.execute(
        sa.update(table).where(key == value, table.c.revision == revision).values(**changes, revision=revision + 1)
    )
    return result.rowcount == 1


def insert_status_events(connection: sa.Connection, rows: list[dict]) -> list[int]:
    return [connection.execute(sa.insert(status_events).values(**row)).inserted_primary_key[0] for row in rows]


def insert_cell(connection: sa.Connection, row: dict) -> None:
    connection.execute(sa.insert(cells).values(**row))


def insert_member(connection: sa.Connection, row: dict) -> None:
    connection.execute(sa.insert(cell_members).values(**row))


def end_member(connection: sa.Connection, member_id: int, left_on: dt.date) -> None:
    connection.execute(sa.update(cell_members).where(cell_members.c.member_id == member_id).values(left_on=left_on))


def bump_cell(connection: sa.Connection, cell_id: str, revision: int) -> bool:
    return update_revised(connection, cells, cells.c.cell_id, cell_id, revision, {})
