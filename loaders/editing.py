"""Edits of stored records, safe against two editors at once, each one written to the audit log."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from loaders import store

EDITABLE_VISIT_FIELDS = ("follow_up", "internal_notes", "report_delivered")


class EditConflict(RuntimeError):
    """The record changed since the editor read it: nothing was written."""


def read_visit(engine: sa.Engine, visit_id: str) -> dict:
    with engine.connect() as connection:
        row = connection.execute(sa.select(store.visits).where(store.visits.c.visit_id == visit_id)).first()
    if row is None:
        raise KeyError(f"no visit {visit_id!r}")
    return dict(row._mapping)


def edit_visit(engine: sa.Engine, visit_id: str, revision: int, changes: dict, actor: str) -> int:
    """Apply `changes` if the visit is still at `revision`; returns the new revision.

    The check and the write are one UPDATE … WHERE revision = :seen, so of two editors who
    read the same revision exactly one succeeds and the other gets EditConflict.
    """
    unknown = set(changes) - set(EDITABLE_VISIT_FIELDS)
    if unknown:
        raise ValueError(f"these fields cannot be edited: {', '.join(sorted(unknown))}")
    if "follow_up" in changes and changes["follow_up"] is not None and not isinstance(changes["follow_up"], dt.date):
        raise ValueError("follow_up must be a date or empty")
    with engine.begin() as connection:
        before = connection.execute(sa.select(store.visits).where(store.visits.c.visit_id == visit_id)).first()
        if before is None:
            raise KeyError(f"no visit {visit_id!r}")
        result = connection.execute(
            sa.update(store.visits)
            .where(store.visits.c.visit_id == visit_id, store.visits.c.revision == revision)
            .values(**changes, revision=revision + 1)
        )
        if result.rowcount != 1:
            raise EditConflict(
                f"visit {visit_id} was changed by someone else (now revision {before.revision}, you had {revision}); "
                "reload it and apply your change again"
            )
        old = {k: before._mapping[k] for k in changes}
        store.write_audit(connection, actor, "edit", "visits", visit_id, old, dict(changes))
    return revision + 1


def audit_entries(engine: sa.Engine, limit: int = 200) -> list[dict]:
    with engine.connect() as connection:
        rows = connection.execute(sa.select(store.audit_log).order_by(store.audit_log.c.audit_id.desc()).limit(limit))
        return [dict(r._mapping) for r in rows]
