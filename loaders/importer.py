"""Imports of the spreadsheets people actually have: check every row, then land all or nothing.

`check_file` reads a CSV/XLSX (`loaders.reading`), resolves each municipality (`geo.resolver`)
and validates each value, reporting every row. `import_file` refuses a file with any error
and otherwise writes it in one transaction, skipping rows already in the store, so that
importing the same file twice changes nothing. Each import is logged with the file's hash.

Values are data, whatever they hold: "<script>" or "=cmd|..." is stored as written (pages
escape at display, exports neutralise formulas). Only the apostrophe our exports put before
formula-like text is taken off again, so that an export re-imports to the same store. A
value longer than its column in the store, or holding a control character that no
spreadsheet can hold, is an invalid row rather than a failed write or export,
and so is a CSV row with values beyond the last column (a value holding the delimiter
that was not quoted shifts the row). A file with a header and no rows is refused.

What a row's checker is told is a list of `locales.Message` (`RowReport.messages`), rendered in
the interface's language; `RowReport.message` is the same in English, as the command line and
its JSON print it. Only English is written while checking (a resolution's English is cached
with it): the other languages are rendered when a page shows them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from geo.resolver import NOT_GIVEN, Joined, resolve_municipality
from loaders import reading, store, vocabulary
from loaders.store import writing
from loaders.reading import Number
from locales import Message

ERROR_OUTCOMES = ("ambiguous", "unknown", "invalid")
ROW_OK = Message("row_ok")
ALREADY_STORED = Message("row_already_stored")


@dataclass
class RowReport:
    row: int
    input: str
    nis: str | None
    outcome: str  # ok | merged | ambiguous | unknown | invalid
    message: str  # `messages` in English, joined by "; " ("ok" when there are none)
    duplicate: bool = False
    # What the row's checker is told, in any language. Not compared: a report is equal to one
    # built from its English alone (as the tests do).
    messages: list[Message] = field(default_factory=list, compare=False, repr=False)

    @property
    def note(self) -> Message:
        """The row's messages as one: "Borsbeek (11007) merged into ...; status.csv, row 2, ..."."""
        return Joined(self.messages) if self.messages else ROW_OK

    def render(self, lang: str) -> str:
        """`message` in `lang`."""
        return self.note.render(lang)

    def as_json(self, lang: str = "en") -> dict:
        return {
            "row": self.row, "input": self.input, "nis": self.nis, "outcome": self.outcome,
            "message": self.message if lang == "en" else self.render(lang), "duplicate": self.duplicate,
        }


@dataclass
class ImportReport:
    file: str
    kind: str
    sha256: str
    rows: list[RowReport] = field(default_factory=list)
    written: int = 0
    skipped: int = 0
    replaced_demo: bool = False
    import_id: int | None = None

    @property
    def errors(self) -> int:
        return sum(r.outcome in ERROR_OUTCOMES for r in self.rows)

    def as_json(self) -> dict:
        return {
            "file": self.file, "kind": self.kind, "sha256": self.sha256,
            "rows": [r.as_json() for r in self.rows], "errors": self.errors,
            "written": self.written, "skipped": self.skipped,
        }


class ImportRefused(ValueError):
    """A file with at least one row in error: nothing was written. `problem` says so in any
    language, naming the first row in error; `str()` is its English text."""

    def __init__(self, report: ImportReport):
        self.report = report
        first = next(r for r in report.rows if r.outcome in ERROR_OUTCOMES)
        self.problem = Message("refused_rows_in_error", file=report.file, errors=report.errors, row=first.row, first=first.note)
        super().__init__(str(self.problem))


class ImportBusy(RuntimeError):
    """Another import held the store longer than this one could wait: nothing was written."""

    def __init__(self, file: str):
        self.problem = Message("refused_busy", file=file)
        super().__init__(str(self.problem))


@dataclass
class Place:
    given: str
    given_code: str | None
    nis: str


@dataclass
class StatusRecord:
    row: int
    place: Place
    status: str
    effective: dt.date
    source: str
    cell_id: str | None
    cell_name: str | None
    cell_kind: str

    @property
    def key(self) -> str:
        return store.status_key(self.place.given, self.effective, self.status, self.source, self.cell_id or self.cell_name)


@dataclass
class VisitRecord:
    row: int
    visit_id: str | None
    visited_on: dt.date
    team: str
    offer: str
    places: list[Place]
    report_delivered: bool | None
    follow_up: dt.date | None
    internal_notes: str

    @property
    def key(self) -> str:
        return store.visit_key(self.visited_on, self.team, self.offer, [p.given for p in self.places])


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def check_file(path: Path, kind: str, engine: sa.Engine | None = None) -> tuple[ImportReport, list]:
    """Every row's outcome, with nothing written.

    Raises reading.ReadError for an unreadable file, and for one with no rows to import.
    """
    path = Path(path)
    if kind not in reading.KINDS:
        raise ValueError(f"unknown kind {kind!r}: use {' or '.join(reading.KINDS)}")
    table = reading.read_table(path, kind)
    if not table.rows:
        # Importing nothing would still replace the demo dataset and log an import.
        raise reading.ReadError(Message("read_no_rows", file=path.name))
    report = ImportReport(file=path.name, kind=kind, sha256=file_sha256(path))
    records: list = []
    check = _check_status_row if kind == "status" else _check_visit_row
    for row in table.rows:
        row = _restored(row)
        row_report, record = check(path.name, table, row)
        report.rows.append(row_report)
        records.append(record)
    _mark_duplicates(report, records, engine, kind)
    return report, records


def _restored(row: reading.Row) -> reading.Row:
    values = {name: None if value is None else reading.restore_formula(value) for name, value in row.values.items()}
    return reading.Row(row.number, row.line, values, row.extra)


# C0 control characters but tab and line breaks: no XLSX can hold them (the export would
# fail) and, printed by the command line, they drive the terminal.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# Text fields kept as given, and the store column each lands in: a longer value would
# fail the whole write on PostgreSQL (SQLite does not check), so it is a row error.
STORED_TEXT = {
    "status": {"source": store.schema.status_events.c.source, "cell": store.schema.cells.c.name, "cell_id": store.schema.cells.c.cell_id},
    "visits": {"visit_id": store.schema.visits.c.visit_id},
}


def _structure_problems(file: str, table: reading.Table, row: reading.Row, kind: str) -> list[Message]:
    """Control characters, values too long for the store, values beyond the last CSV column."""
    problems = []
    for field_name, value in row.values.items():
        if value is not None and (control := CONTROL_CHARACTERS.search(value)):
            problems.append(_cell_message(
                file, table, row, field_name, Message("row_control_character", code=f"{ord(control[0]):04X}"),
            ))
    for field_name, column in STORED_TEXT[kind].items():
        value = row.values.get(field_name)
        if value is not None and len(value) > column.type.length:
            problems.append(_cell_message(
                file, table, row, field_name,
                Message("row_too_long", length=Number(len(value)), limit=Number(column.type.length)),
            ))
    if row.extra:
        column, text = row.extra[0]
        problems.append(Message(
            "row_beyond_last_column", file=file, row=row.number, column=column, text=repr(text),
            delimiter=repr(table.delimiter),
        ))
    return problems


def _cell_message(file: str, table: reading.Table, row: reading.Row, field_name: str, problem: Message) -> Message:
    column = table.columns.get(field_name, field_name)
    return Message("row_cell", file=file, row=row.number, column=column, problem=problem)


def _resolve(file: str, table, row, field_name: str, text: str | None) -> tuple[Place | None, str, Message, str]:
    """(place, outcome, note, its English) for one municipality text.

    The English of a resolution comes cached with it: a large file's rows are not rendered again.
    """
    resolution = resolve_municipality(text or "")
    if resolution.outcome in ("ok", "merged"):
        place = Place(resolution.given, resolution.given_code, resolution.nis)
        return place, resolution.outcome, resolution.note, resolution.message
    note = _cell_message(file, table, row, field_name, resolution.note)
    return None, resolution.outcome, note, str(note)


def _parse(parser, file, table, row, field_name, problems, required=True):
    value = row.values.get(field_name)
    if value is None:
        if required:
            problems.append(_cell_message(file, table, row, field_name, Message("value_empty")))
        return None
    try:
        parsed = parser(value)
    except reading.ValueProblem as error:
        problems.append(_cell_message(file, table, row, field_name, error.problem))
        return None
    if parsed is None:
        problems.append(_cell_message(file, table, row, field_name, Message("value_not_recognised", value=repr(value))))
    return parsed


def _check_status_row(file, table, row):
    given = row.values.get("municipality") or ""
    place, outcome, note, english = _resolve(file, table, row, "municipality", given)
    problems: list[Message] = []
    status = _parse(reading.parse_status, file, table, row, "status", problems)
    effective = _parse(reading.parse_date, file, table, row, "date", problems)
    problems += _structure_problems(file, table, row, "status")
    if not problems:
        messages, message = [note], english
    elif outcome in ("ok", "merged"):
        outcome, messages, message = "invalid", problems, "; ".join(map(str, problems))
    else:
        messages, message = [note, *problems], "; ".join([english, *map(str, problems)])
    record = None
    if outcome in ("ok", "merged"):
        cell_text = row.values.get("cell_id") or row.values.get("cell")
        record = StatusRecord(
            row=row.number, place=place, status=status, effective=effective,
            source=row.values.get("source") or f"import of {file}",
            cell_id=row.values.get("cell_id"), cell_name=row.values.get("cell") or cell_text,
            cell_kind=_cell_kind(row.values.get("cell_kind")),
        )
    nis = place.nis if place else None
    return RowReport(row.number, given, nis, outcome, message, messages=messages), record


def _check_visit_row(file, table, row):
    given = row.values.get("municipalities") or ""
    places: list[Place] = []
    outcome, messages, texts = "ok", [], []  # texts: each message in English
    parts = reading.split_municipalities(given)
    if not parts:
        outcome, messages = "unknown", [_cell_message(file, table, row, "municipalities", NOT_GIVEN)]
        texts = [str(messages[0])]
    for part in parts:
        place, part_outcome, note, english = _resolve(file, table, row, "municipalities", part)
        if place:
            places.append(place)
            if part_outcome == "merged":
                messages.append(note)
                texts.append(english)
                outcome = "merged" if outcome == "ok" else outcome
        else:
            messages.append(note)
            texts.append(english)
            outcome = part_outcome if outcome not in ERROR_OUTCOMES else outcome
    problems: list[Message] = []
    visited_on = _parse(reading.parse_date, file, table, row, "date", problems)
    team = _parse(reading.parse_team, file, table, row, "team", problems)
    offer = _parse(reading.parse_offer, file, table, row, "offer", problems)
    report_delivered = _parse(reading.parse_bool, file, table, row, "report_delivered", problems, required=False)
    follow_up = _parse(reading.parse_date, file, table, row, "follow_up", problems, required=False)
    problems += _structure_problems(file, table, row, "visits")
    if problems:
        outcome = "invalid" if outcome not in ERROR_OUTCOMES else outcome
        messages.extend(problems)
        texts.extend(map(str, problems))
    record = None
    if outcome not in ERROR_OUTCOMES:
        record = VisitRecord(
            row=row.number, visit_id=row.values.get("visit_id"), visited_on=visited_on, team=team, offer=offer,
            places=places, report_delivered=report_delivered, follow_up=follow_up,
            internal_notes=row.values.get("internal_notes") or "",
        )
    nis = ";".join(dict.fromkeys(p.nis for p in places)) or None
    message = "; ".join(texts) if texts else str(ROW_OK)
    return RowReport(row.number, given, nis, outcome, message, messages=messages), record


def _cell_kind(text: str | None) -> str:
    if not text:
        return "single"
    if vocabulary.CELL_KINDS.parse(text):
        return vocabulary.CELL_KINDS.parse(text)
    lowered = vocabulary.plain_text(text)
    if "zone" in lowered or "politie" in lowered or "police" in lowered:
        return "police_zone"
    return "several" if any(w in lowered for w in ("several", "meerdere", "plusieurs", "inter")) else "single"




def _mark_duplicates(report: ImportReport, records: list, engine: sa.Engine | None, kind: str) -> None:
    seen: dict[str, int] = {}
    already = str(ALREADY_STORED)  # once, not once per row of a file imported twice
    stored = store.stored_row_keys(engine, kind, [r.key for r in records if r is not None]) if engine else set()
    for row_report, record in zip(report.rows, records):
        if record is None:
            continue
        if record.key in seen:
            same = Message("row_same_as", row=seen[record.key])
            row_report.duplicate, row_report.messages, row_report.message = True, [same], str(same)
        elif record.key in stored:
            row_report.duplicate, row_report.messages, row_report.message = True, [ALREADY_STORED], already
        else:
            seen[record.key] = record.row


def import_file(engine: sa.Engine, path: Path, kind: str, actor: str = "command line") -> ImportReport:
    """Check, then write the whole file in one transaction (or raise ImportRefused, writing nothing).

    The audit log gets one line per import (and one when it replaced the demo dataset), in
    the same transaction: who, when, which file by hash, and the rows it wrote.
    """
    report, records = check_file(path, kind, engine)
    if report.errors:
        raise ImportRefused(report)
    fresh = [rec for rec, rep in zip(records, report.rows) if rec is not None and not rep.duplicate]
    try:
        report.replaced_demo, report.import_id, report.written = writing.write_import(
            engine, kind, fresh, [rec for rec in records if rec is not None], actor,
            {"file_name": report.file, "sha256": report.sha256, "rows_total": len(report.rows)},
        )
    except sa.exc.OperationalError as error:
        if store.classify_error(error) != "busy":
            raise
        raise ImportBusy(report.file) from error
    report.skipped = len(report.rows) - report.written
    return report
