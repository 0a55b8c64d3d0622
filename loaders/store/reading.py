"""Every SELECT on the store: the registry read back as frames, the cache version, single records.

The frames carry the names the rest of the product uses (`date`, `left`, ...): the one
place where the store's column names are turned into them is `load_registry_frames`.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from loaders import registry
from loaders.store.schema import (
    DEMO_ORIGIN, audit_log, imports, store_changes, cell_members, cells, import_mappings, programmes, status_events,
    visit_municipalities, visits,
)

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


def load_registry_frames(engine: sa.Engine) -> registry.Registry:
    """The store read back as a Registry, so every question of `loaders.registry` works on it.

    The status and visits frames carry `precision` beside `date` (day, month, quarter or
    year: `loaders.reading.dates.PRECISIONS`); a vague date is the first day of its period.
    """
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
        standing = status_events.c.withdrawn_at.is_(None)
        status_frame = frame(
            sa.select(
                status_events.c.effective.label("date"), status_events.c.municipality,
                sa.func.coalesce(status_events.c.cell_id, "").label("cell_id"), status_events.c.status,
                status_events.c.source, status_events.c.nis_2025, status_events.c.precision,
            ).where(standing).order_by(status_events.c.event_id)
        )
        event_frame = frame(
            sa.select(
                status_events.c.event_id, status_events.c.revision, status_events.c.effective.label("date"),
                status_events.c.precision, status_events.c.municipality, status_events.c.nis_2025,
                sa.func.coalesce(status_events.c.cell_id, "").label("cell_id"), status_events.c.status,
                status_events.c.source, status_events.c.withdrawn_at, status_events.c.withdrawn_by,
                status_events.c.withdrawn_reason,
            ).order_by(status_events.c.event_id)
        )
        visit_columns = (
            visits.c.visit_id, visits.c.visited_on.label("date"), visits.c.team, visits.c.offer,
            visits.c.report_delivered, visits.c.follow_up, visits.c.internal_notes, visits.c.precision,
        )
        made = visits.c.withdrawn_at.is_(None) & visits.c.planned.is_(False)
        visit_frame = frame(sa.select(*visit_columns).where(made).order_by(visits.c.visited_on, visits.c.visit_id))
        planned_frame = frame(
            sa.select(*visit_columns, visits.c.revision)
            .where(visits.c.withdrawn_at.is_(None) & visits.c.planned.is_(True))
            .order_by(visits.c.visited_on, visits.c.visit_id)
        )
        withdrawn_frame = frame(
            sa.select(*visit_columns, visits.c.withdrawn_at, visits.c.withdrawn_by, visits.c.withdrawn_reason)
            .where(visits.c.withdrawn_at.is_not(None)).order_by(visits.c.visited_on, visits.c.visit_id)
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
        events=event_frame,
        planned=planned_frame,
        withdrawn_visits=withdrawn_frame,
    )


def version(engine: sa.Engine) -> str:
    """The key of the UI's caches: the change counter, which every write transaction after
    seeding (import, demo replacement, edit, restore) increments with its audit line."""
    with engine.connect() as connection:
        return str(connection.execute(sa.select(store_changes.c.counter).where(store_changes.c.id == 1)).scalar_one())


# The import format's fields, which the export writes: an export re-imports to the same state.
EXPORT_COLUMNS = {
    "status": ("municipality", "status", "date", "cell_id", "cell", "cell_kind", "source"),
    "visits": ("visit_id", "date", "municipalities", "team", "offer", "report_delivered", "follow_up", "internal_notes"),
}


def export_rows(engine: sa.Engine, kind: str) -> tuple[tuple[str, ...], list[list[str]]]:
    """Header and rows of a kind, oldest first, with municipalities as they were given.

    A date is written as precisely as it is stored, in a form the importer reads back at that
    precision (`loaders.reading.dates.parse_period`): "2019-03-12" a day, "2019-03" a month,
    "2019-Q2" a quarter, "2019" a year.
    """

    def written(day, precision: str) -> str:
        if precision == "month":
            return f"{day.year:04d}-{day.month:02d}"
        if precision == "quarter":
            return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
        if precision == "year":
            return f"{day.year:04d}"
        return day.isoformat()

    with engine.connect() as connection:
        if kind == "status":
            query = (
                sa.select(
                    status_events.c.municipality, status_events.c.status, status_events.c.effective,
                    status_events.c.cell_id, cells.c.name, cells.c.kind, status_events.c.source,
                    status_events.c.precision,
                )
                .select_from(status_events.outerjoin(cells))
                .where(status_events.c.withdrawn_at.is_(None))  # withdrawn: not a fact to carry on
                .order_by(status_events.c.effective, status_events.c.event_id)
            )
            rows = [
                [m, s, written(d, p), c or "", n or "", k or "", src]
                for m, s, d, c, n, k, src, p in connection.execute(query)
            ]
            return EXPORT_COLUMNS["status"], rows
        if kind != "visits":
            raise ValueError(f"unknown kind {kind!r}: use status or visits")
        places: dict[str, list[str]] = {}
        for visit_id, municipality in connection.execute(
            sa.select(visit_municipalities.c.visit_id, visit_municipalities.c.municipality)
            .order_by(visit_municipalities.c.visit_id, visit_municipalities.c.municipality)
        ):
            places.setdefault(visit_id, []).append(municipality)
        # Made visits only: a withdrawn one is no fact, a planned one not made yet (the import
        # format has no column for either).
        query = (
            sa.select(visits).where(visits.c.withdrawn_at.is_(None) & visits.c.planned.is_(False))
            .order_by(visits.c.visited_on, visits.c.visit_id)
        )
        rows = [
            [
                v.visit_id, written(v.visited_on, v.precision), ";".join(places.get(v.visit_id, [])), v.team, v.offer,
                "" if v.report_delivered is None else str(bool(v.report_delivered)).lower(),
                v.follow_up.isoformat() if v.follow_up else "", v.internal_notes or "",
            ]
            for v in connection.execute(query)
        ]
        return EXPORT_COLUMNS["visits"], rows


def read_visit(engine: sa.Engine, visit_id: str) -> dict:
    with engine.connect() as connection:
        row = connection.execute(sa.select(visits).where(visits.c.visit_id == visit_id)).first()
    if row is None:
        raise KeyError(f"no visit {visit_id!r}")
    return dict(row._mapping)


def audit_entries(engine: sa.Engine, limit: int = 200) -> list[dict]:
    with engine.connect() as connection:
        rows = connection.execute(sa.select(audit_log).order_by(audit_log.c.audit_id.desc()).limit(limit))
        return [dict(r._mapping) for r in rows]


def table_rows(connection: sa.Connection, table: sa.Table) -> list[dict]:
    """Every row of a table in its primary key's order (a backup's content)."""
    return [dict(row._mapping) for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns))]



def stored_row_keys(engine: sa.Engine, kind: str, keys: list[str]) -> set[str]:
    """Which of the content keys of a file's rows are in the store already."""
    with engine.connect() as connection:
        return stored_keys_in(connection, kind, keys)


def stored_keys_in(connection: sa.Connection, kind: str, keys: list[str]) -> set[str]:
    table = status_events if kind == "status" else visits
    found: set[str] = set()
    for start in range(0, len(keys), 500):  # keep IN lists short for every backend
        chunk = keys[start:start + 500]
        found |= set(connection.execute(sa.select(table.c.row_key).where(table.c.row_key.in_(chunk))).scalars())
    return found


def import_history(engine: sa.Engine) -> list[dict]:
    with engine.connect() as connection:
        rows = connection.execute(sa.select(imports).order_by(imports.c.import_id.desc()))
        return [dict(row._mapping) for row in rows]


def demo_summary(engine: sa.Engine) -> dict | None:
    """What the demo dataset holds, when the store holds it (the first real import replaces
    it whole): counts of status events, municipalities with a status, visits and cells."""
    with engine.connect() as connection:
        if not holds_demo(connection):
            return None

        def count(query) -> int:
            return connection.execute(query).scalar_one()

        demo = status_events.c.origin == DEMO_ORIGIN
        return {
            "status_events": count(sa.select(sa.func.count()).select_from(status_events).where(demo)),
            "municipalities": count(sa.select(sa.func.count(sa.distinct(status_events.c.nis_2025))).where(demo)),
            "visits": count(sa.select(sa.func.count()).select_from(visits).where(visits.c.origin == DEMO_ORIGIN)),
            "cells": count(sa.select(sa.func.count()).select_from(cells).where(cells.c.origin == DEMO_ORIGIN)),
        }


def saved_mappings(engine: sa.Engine, kind: str) -> dict[str, dict]:
    """The decisions saved for each header layout of a kind: layout -> {decisions (JSON text),
    saved_at, saved_by}."""
    with engine.connect() as connection:
        rows = connection.execute(sa.select(import_mappings).where(import_mappings.c.kind == kind))
        return {row.layout: dict(row._mapping) for row in rows}


# ---------------------------------------------------------------------------------------
# One record as an edit finds it, inside the edit's transaction.


def visit_row(connection: sa.Connection, visit_id: str) -> dict | None:
    row = connection.execute(sa.select(visits).where(visits.c.visit_id == visit_id)).first()
    if row is None:
        return None
    found = dict(row._mapping)
    found["municipalities"] = [r.nis_2025 for r in connection.execute(
        sa.select(visit_municipalities.c.nis_2025).where(visit_municipalities.c.visit_id == visit_id)
        .order_by(visit_municipalities.c.nis_2025)
    )]
    return found


def event_row(connection: sa.Connection, event_id: int) -> dict | None:
    row = connection.execute(sa.select(status_events).where(status_events.c.event_id == event_id)).first()
    return None if row is None else dict(row._mapping)


def cell_row(connection: sa.Connection, cell_id: str) -> dict | None:
    row = connection.execute(sa.select(cells).where(cells.c.cell_id == cell_id)).first()
    if row is None:
        return None
    found = dict(row._mapping)
    found["members"] = [dict(r._mapping) for r in connection.execute(
        sa.select(cell_members).where(cell_members.c.cell_id == cell_id).order_by(cell_members.c.member_id)
    )]
    return found


def memberships(connection: sa.Connection, nis: str) -> list[dict]:
    """Every membership of a municipality, any cell, with the cell's name."""
    return [dict(r._mapping) for r in connection.execute(
        sa.select(cell_members, cells.c.name).join(cells).where(cell_members.c.nis_2025 == nis)
        .order_by(cell_members.c.joined)
    )]


def visit_ids(connection: sa.Connection, prefix: str) -> set[str]:
    return {r.visit_id for r in connection.execute(sa.select(visits.c.visit_id).where(visits.c.visit_id.like(f"{prefix}%")))}


def cell_ids(connection: sa.Connection) -> set[str]:
    return {r.cell_id for r in connection.execute(sa.select(cells.c.cell_id))}


# ---------------------------------------------------------------------------------------
# What the Cells and Admin pages read.


def cells_with_revision(engine: sa.Engine) -> dict[str, dict]:
    """Every cell as an edit opens it: cell_id -> its row (name, kind, established, origin,
    `revision`, the one to make an edit on) with `members`, every membership in the order
    they were recorded (nis_2025, joined, left_on, member_id)."""
    with engine.connect() as connection:
        found = {r.cell_id: {**dict(r._mapping), "members": []}
                 for r in connection.execute(sa.select(cells).order_by(cells.c.name, cells.c.cell_id))}
        for r in connection.execute(sa.select(cell_members).order_by(cell_members.c.member_id)):
            if r.cell_id in found:
                found[r.cell_id]["members"].append(dict(r._mapping))
    return found


def audit_choices(engine: sa.Engine) -> tuple[list[str], list[str]]:
    """Who appears in the audit log and which kinds of change it holds, each sorted."""
    with engine.connect() as connection:
        actors = sorted(connection.execute(sa.select(audit_log.c.actor).distinct()).scalars(), key=str.casefold)
        actions = sorted(connection.execute(sa.select(audit_log.c.action).distinct()).scalars())
    return actors, actions


def audit_bounds(engine: sa.Engine):
    """The first and last moment of the audit log (None, None when it is empty)."""
    with engine.connect() as connection:
        return tuple(connection.execute(sa.select(sa.func.min(audit_log.c.at), sa.func.max(audit_log.c.at))).one())


def audit_query(engine: sa.Engine, actors=None, actions=None, since=None, until=None, limit: int | None = None) -> list[dict]:
    """Audit lines, newest first, of these people (`actors`) and kinds of change (`actions`),
    at or after `since` and before `until` (aware datetimes; None: no bound). An empty list
    of actors or actions means any."""
    query = sa.select(audit_log)
    if actors:
        query = query.where(audit_log.c.actor.in_(list(actors)))
    if actions:
        query = query.where(audit_log.c.action.in_(list(actions)))
    if since is not None:
        query = query.where(audit_log.c.at >= since)
    if until is not None:
        query = query.where(audit_log.c.at < until)
    query = query.order_by(audit_log.c.at.desc(), audit_log.c.audit_id.desc())
    if limit is not None:
        query = query.limit(limit)
    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(query)]
