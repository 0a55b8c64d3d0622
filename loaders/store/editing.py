"""Edits of stored records, safe against two editors at once, each one written to the audit log."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from loaders.store import writing

EDITABLE_VISIT_FIELDS = ("follow_up", "internal_notes", "report_delivered")


class EditConflict(RuntimeError):
    """The record changed since the editor read it: nothing was written."""


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
    current = writing.update_visit(engine, visit_id, revision, changes, actor)
    if current is not None:
        raise EditConflict(
            f"visit {visit_id} was changed by someone else (now revision {current}, you had {revision}); "
            "reload it and apply your change again"
        )
    return revision + 1
