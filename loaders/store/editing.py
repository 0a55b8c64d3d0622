"""Edits of the registry from the browser: record or plan a visit, change a status, keep cells
and their members, withdraw what was entered by mistake, correct a visit.

Every edit is one transaction that checks, writes and writes its audit line (who, what, before,
after). An edit of an existing record carries the revision it was made on: the write is an
UPDATE … WHERE revision = :seen, so of two editors who read the same revision, on one server or
on several sharing the store, exactly one succeeds; the other gets `EditConflict` holding the
record as it is now, to show beside what they typed. Nothing is ever deleted: a withdrawn
status event or visit stays, with who withdrew it, when and why, and no question counts it.

Rules a page cannot break, because they are checked here: the team, offer, status and cell
kind are codes of the vocabulary; municipalities are today's NIS codes; a municipality belongs
to at most one cell on a given day. A broken rule is `EditRefused`, whose `problem` says why in
any language.

Roles are checked by the caller (`pages/ui/auth.require_role`) before any of these runs.
"""

from __future__ import annotations

import datetime as dt
import secrets

import sqlalchemy as sa

from loaders import vocabulary
from loaders.store import reading, writing
from loaders.store.schema import cells, status_events, visits
from locales import Message

EDITABLE_VISIT_FIELDS = (
    "visited_on", "team", "offer", "municipalities", "report_delivered", "follow_up", "internal_notes", "planned",
)
UI_ORIGIN = "edit"  # the origin of records made in the browser
NOTE_LIMIT = 32_767  # what an XLSX export can keep of a note


class EditConflict(RuntimeError):
    """The record changed since the editor read it: nothing was written. `current` is the
    record as it is now (its `revision` the one to make the edit on again)."""

    def __init__(self, message: str, current: dict | None = None):
        super().__init__(message)
        self.current = current or {}
        self.problem = Message("edit_conflict")


class EditRefused(ValueError):
    """An edit that would break a rule of the registry: nothing was written."""

    def __init__(self, problem: Message):
        super().__init__(str(problem))
        self.problem = problem


def _codes_2025() -> frozenset[str]:
    from geo import gazetteer

    return frozenset(gazetteer.codes_2025())


def _check_visit(values: dict) -> None:
    if "team" in values and values["team"] not in vocabulary.TEAMS:
        raise EditRefused(Message("edit_unknown_code", value=repr(values["team"])))
    if "offer" in values and values["offer"] not in vocabulary.OFFERS:
        raise EditRefused(Message("edit_unknown_code", value=repr(values["offer"])))
    if "municipalities" in values:
        places = values["municipalities"]
        if not places:
            raise EditRefused(Message("edit_no_municipality"))
        unknown = [p for p in places if p not in _codes_2025()]
        if unknown:
            raise EditRefused(Message("edit_unknown_municipality", codes=", ".join(unknown)))
    for name in ("visited_on", "follow_up"):
        if values.get(name) is not None and not isinstance(values[name], dt.date):
            raise EditRefused(Message("edit_not_a_date", field=name))
    if values.get("visited_on") is None and "visited_on" in values:
        raise EditRefused(Message("edit_not_a_date", field="visited_on"))
    if len(values.get("internal_notes") or "") > NOTE_LIMIT:
        raise EditRefused(Message("edit_note_too_long", limit=NOTE_LIMIT))


def _places(visit_id: str, municipalities: list[str]) -> list[dict]:
    return [{"visit_id": visit_id, "municipality": nis, "given_code": nis, "nis_2025": nis}
            for nis in dict.fromkeys(municipalities)]


def record_visit(
    engine: sa.Engine, actor: str, *, visited_on: dt.date, team: str, offer: str, municipalities: list[str],
    report_delivered: bool | None = None, follow_up: dt.date | None = None, internal_notes: str = "",
    planned: bool | None = None, today: dt.date | None = None,
) -> str:
    """A new visit (or, dated after today or `planned`, a planned one) of one or several
    municipalities; returns its id."""
    values = {
        "visited_on": visited_on, "team": team, "offer": offer, "municipalities": list(municipalities),
        "report_delivered": report_delivered, "follow_up": follow_up, "internal_notes": internal_notes or "",
    }
    _check_visit(values)
    planned = visited_on > (today or dt.date.today()) if planned is None else planned
    with engine.begin() as connection:
        taken = reading.visit_ids(connection, f"v-{visited_on:%Y%m%d}-")
        visit_id = next(i for i in (f"v-{visited_on:%Y%m%d}-{secrets.token_hex(3)}" for _ in range(100)) if i not in taken)
        row = {
            "visit_id": visit_id, "row_key": writing.row_key("edit", visit_id), "visited_on": visited_on, "team": team,
            "offer": offer, "report_delivered": report_delivered, "follow_up": follow_up,
            "internal_notes": values["internal_notes"], "origin": UI_ORIGIN, "planned": planned,
        }
        writing.insert_visit(connection, row, _places(visit_id, values["municipalities"]))
        writing.write_audit(connection, actor, "plan_visit" if planned else "record_visit", "visits", visit_id, None,
                            {**{k: v for k, v in row.items() if k != "row_key"}, "municipalities": values["municipalities"]})
    return visit_id


def edit_visit(engine: sa.Engine, visit_id: str, revision: int, changes: dict, actor: str) -> int:
    """Apply `changes` if the visit is still at `revision`; returns the new revision.

    `changes` may hold any of EDITABLE_VISIT_FIELDS ("planned": False records a planned visit
    as made). Raises EditConflict (with the visit as it is now) when someone else changed it,
    EditRefused when a value breaks a rule, KeyError for no such visit.
    """
    unknown = set(changes) - set(EDITABLE_VISIT_FIELDS)
    if unknown:
        raise ValueError(f"these fields cannot be edited: {', '.join(sorted(unknown))}")
    _check_visit(changes)
    with engine.begin() as connection:
        before = reading.visit_row(connection, visit_id)
        if before is None:
            raise KeyError(f"no visit {visit_id!r}")
        if before["withdrawn_at"] is not None:
            raise EditRefused(Message("edit_withdrawn"))
        columns = {k: v for k, v in changes.items() if k != "municipalities"}
        if "visited_on" in changes and changes["visited_on"] != before["visited_on"]:
            columns["precision"] = "day"  # a date picked in a form is a day, whatever was known before
        if not writing.update_revised(connection, visits, visits.c.visit_id, visit_id, revision, columns):
            raise EditConflict(
                f"visit {visit_id} was changed by someone else (now revision {before['revision']}, you had {revision}); "
                "reload it and apply your change again", before,
            )
        if "municipalities" in changes:
            writing.replace_visit_places(connection, visit_id, _places(visit_id, changes["municipalities"]))
        action = "record_planned_visit" if before["planned"] and changes.get("planned") is False else "edit"
        writing.write_audit(connection, actor, action, "visits", visit_id,
                            {k: before[k] for k in changes}, dict(changes))
    return revision + 1


def withdraw_visit(engine: sa.Engine, visit_id: str, revision: int, reason: str, actor: str) -> None:
    """Withdraw a visit entered by mistake: kept with who, when and why; counted nowhere."""
    _withdraw(engine, visits, visits.c.visit_id, visit_id, revision, reason, actor, reading.visit_row)


def withdraw_status(engine: sa.Engine, event_id: int, revision: int, reason: str, actor: str) -> None:
    """Withdraw a status event entered by mistake: the status on its day is as if it never was."""
    _withdraw(engine, status_events, status_events.c.event_id, event_id, revision, reason, actor, reading.event_row)


def _withdraw(engine, table, key, value, revision, reason, actor, read) -> None:
    if not (reason or "").strip():
        raise EditRefused(Message("edit_reason_needed"))
    with engine.begin() as connection:
        before = read(connection, value)
        if before is None:
            raise KeyError(f"no {table.name} {value!r}")
        if before["withdrawn_at"] is not None:
            raise EditRefused(Message("edit_withdrawn"))
        changes = {"withdrawn_at": writing.utc_now(), "withdrawn_by": actor, "withdrawn_reason": reason.strip()}
        if not writing.update_revised(connection, table, key, value, revision, changes):
            raise EditConflict(f"{table.name} {value} was changed by someone else", before)
        writing.write_audit(connection, actor, "withdraw", table.name, str(value),
                            {k: before[k] for k in ("withdrawn_at", "withdrawn_by", "withdrawn_reason")}, changes)


def record_status(
    engine: sa.Engine, actor: str, *, status: str, since: dt.date, source: str,
    municipalities: list[str] | None = None, cell_id: str | None = None,
) -> list[int]:
    """A new status event for municipalities, or for every member of a cell on `since`;
    returns the new events' ids. Shown at once on the map (the change counter moves)."""
    if status not in vocabulary.STATUSES:
        raise EditRefused(Message("edit_unknown_code", value=repr(status)))
    if not isinstance(since, dt.date):
        raise EditRefused(Message("edit_not_a_date", field="since"))
    if not (source or "").strip():
        raise EditRefused(Message("edit_source_needed"))
    with engine.begin() as connection:
        places = list(municipalities or [])
        if cell_id is not None:
            cell = reading.cell_row(connection, cell_id)
            if cell is None:
                raise KeyError(f"no cell {cell_id!r}")
            places += [m["nis_2025"] for m in cell["members"] if _member_on(m, since)]
        places = list(dict.fromkeys(places))
        if not places:
            raise EditRefused(Message("edit_no_municipality"))
        unknown = [p for p in places if p not in _codes_2025()]
        if unknown:
            raise EditRefused(Message("edit_unknown_municipality", codes=", ".join(unknown)))
        stamp = writing.utc_now().isoformat()
        rows = [{
            "row_key": writing.row_key("edit", nis, since.isoformat(), status, stamp), "municipality": nis,
            "given_code": nis, "nis_2025": nis, "cell_id": cell_id, "status": status, "effective": since,
            "source": source.strip(), "origin": UI_ORIGIN, "precision": "day",
        } for nis in places]
        ids = writing.insert_status_events(connection, rows)
        for event_id, row in zip(ids, rows):
            writing.write_audit(connection, actor, "record_status", "status_events", str(event_id), None,
                                {k: v for k, v in row.items() if k != "row_key"})
    return ids


def _member_on(member: dict, day: dt.date) -> bool:
    return member["joined"] <= day and (member["left_on"] is None or member["left_on"] > day)


def _overlap(connection: sa.Connection, nis: str, joined: dt.date, left_on: dt.date | None, cell_id: str) -> dict | None:
    """Another membership of the municipality that shares a day with [joined, left_on)."""
    for other in reading.memberships(connection, nis):
        ends = other["left_on"] or dt.date.max
        if other["joined"] < (left_on or dt.date.max) and joined < ends:
            return other
    return None


def create_cell(
    engine: sa.Engine, actor: str, *, name: str, kind: str, members: list[tuple[str, dt.date]], established: dt.date | None = None,
) -> str:
    """A new cell with its members (NIS code, day it joined); returns its id."""
    name = (name or "").strip()
    if not name:
        raise EditRefused(Message("edit_name_needed"))
    if kind not in vocabulary.CELL_KINDS:
        raise EditRefused(Message("edit_unknown_code", value=repr(kind)))
    with engine.begin() as connection:
        taken = reading.cell_ids(connection)
        base = f"cell-{writing.cell_slug(name)}"
        cell_id = base if base not in taken else next(f"{base}-{n}" for n in range(2, 1000) if f"{base}-{n}" not in taken)
        first = min((day for _, day in members), default=None)
        writing.insert_cell(connection, {"cell_id": cell_id, "name": name, "kind": kind,
                                         "established": established or first, "origin": UI_ORIGIN})
        for nis, joined in members:
            _add_member(connection, cell_id, nis, joined)
        writing.write_audit(connection, actor, "create_cell", "cells", cell_id, None,
                            {"name": name, "kind": kind, "members": [[n, d.isoformat()] for n, d in members]})
    return cell_id


def _add_member(connection: sa.Connection, cell_id: str, nis: str, joined: dt.date) -> None:
    if nis not in _codes_2025():
        raise EditRefused(Message("edit_unknown_municipality", codes=nis))
    if not isinstance(joined, dt.date):
        raise EditRefused(Message("edit_not_a_date", field="joined"))
    clash = _overlap(connection, nis, joined, None, cell_id)
    if clash is not None:
        raise EditRefused(Message(
            "edit_member_elsewhere", nis=nis, cell=clash["name"], joined=clash["joined"].isoformat(),
            left=clash["left_on"].isoformat() if clash["left_on"] else "—",
        ))
    writing.insert_member(connection, {
        "cell_id": cell_id, "municipality": nis, "given_code": nis, "nis_2025": nis, "joined": joined, "left_on": None,
        "origin": UI_ORIGIN,
    })


def edit_cell(engine: sa.Engine, cell_id: str, revision: int, actor: str, *, name: str | None = None,
              kind: str | None = None, add: list[tuple[str, dt.date]] = (), remove: list[tuple[str, dt.date]] = ()) -> int:
    """Rename a cell, set its kind, add members (NIS, joined) and end memberships (NIS, left on),
    if it is still at `revision`; returns the new revision."""
    changes = {}
    if name is not None:
        if not name.strip():
            raise EditRefused(Message("edit_name_needed"))
        changes["name"] = name.strip()
    if kind is not None:
        if kind not in vocabulary.CELL_KINDS:
            raise EditRefused(Message("edit_unknown_code", value=repr(kind)))
        changes["kind"] = kind
    with engine.begin() as connection:
        before = reading.cell_row(connection, cell_id)
        if before is None:
            raise KeyError(f"no cell {cell_id!r}")
        if not writing.update_revised(connection, cells, cells.c.cell_id, cell_id, revision, changes):
            raise EditConflict(f"cell {cell_id} was changed by someone else", before)
        for nis, left_on in remove:
            current = [m for m in before["members"] if m["nis_2025"] == nis and m["left_on"] is None]
            if not current:
                raise EditRefused(Message("edit_not_a_member", nis=nis))
            if left_on <= current[-1]["joined"]:
                raise EditRefused(Message("edit_left_before_joined", nis=nis))
            writing.end_member(connection, current[-1]["member_id"], left_on)
        for nis, joined in add:
            _add_member(connection, cell_id, nis, joined)
        writing.write_audit(
            connection, actor, "edit_cell", "cells", cell_id,
            {"name": before["name"], "kind": before["kind"]},
            {**changes, "add": [[n, d.isoformat()] for n, d in add], "remove": [[n, d.isoformat()] for n, d in remove]},
        )
    return revision + 1
