"""Imports of the spreadsheets people actually have: propose, ask, check every row, then land
what was chosen, whole.

`check_bytes` reads a CSV/XLSX (`loaders.reading.read_tables`: every sheet whose header fits,
each column proposed a field from its header's words), applies a person's decisions
(`loaders.mapping`: from the Data page, a `--map` file, or saved for the header layout),
resolves each municipality (`geo.resolver`: a code and a name together, sections, postal
codes) and interprets each value (`loaders.vocabulary`: words and keywords, never a guess),
reporting every row and every question left. `import_checked` writes that checked file in one
transaction: whole (refused when any row is in error), or, when asked explicitly, only its
rows without problems, the others left out, logged and given back to fix. Importing the same
file twice changes nothing. The check runs once: its report and records are what is imported.

Row outcomes: `ok`, `merged` (an older municipality, followed to today), `section` (a
sub-municipality), `postal_code` (a postal code of one municipality): these land. `total`
(a total or subtotal row) and `skipped` (a value or place a person chose to leave out) never
land, nor does `note` (a heading or note between the rows). `ambiguous`, `unknown`, `invalid` and `question` (a value the mapping must decide) are
errors.

Values are data, whatever they hold: "<script>" or "=cmd|..." is stored as written (pages
escape at display, exports neutralise formulas). Only the apostrophe our exports put before
formula-like text is taken off again, so that an export re-imports to the same store. A
value longer than its column in the store, or holding a control character that no
spreadsheet can hold, is an invalid row rather than a failed write or export,
and so is a CSV row with values beyond the last column (a value holding the delimiter
that was not quoted shifts the row). A file with a header and no rows is refused.

What a row's checker is told is a list of `locales.Message` (`RowReport.messages`), rendered in
the interface's language; `RowReport.message` is the same in English, as the command line and
its JSON print it.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from geo import resolver
from geo.resolver import NOT_GIVEN, Day, Joined, Named
from loaders import mapping, reading, store, vocabulary
from loaders.mapping import SKIP, Decisions
from loaders.reading import Number, headers
from loaders.reading.dates import Period, parse_period
from loaders.store import writing
from locales import Message

RESOLVED = ("ok", "merged", "section", "postal_code")
NOT_IMPORTED = ("total", "note", "skipped")
ERROR_OUTCOMES = ("ambiguous", "unknown", "invalid", "question")
OUTCOMES = (*RESOLVED, *NOT_IMPORTED, *ERROR_OUTCOMES)
ROW_OK = Message("row_ok")
ALREADY_STORED = Message("row_already_stored")
QUESTION_ROWS_SHOWN = 5  # rows named by a question: enough to find them in the file


@dataclass
class RowReport:
    row: int  # 1-based over the whole file (a workbook's sheets one after the other)
    input: str
    nis: str | None
    outcome: str  # one of OUTCOMES
    message: str  # `messages` in English, joined by "; " ("ok" when there are none)
    duplicate: bool = False
    # What the row's checker is told, in any language. Not compared: a report is equal to one
    # built from its English alone (as the tests do).
    messages: list[Message] = field(default_factory=list, compare=False, repr=False)
    sheet: str | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)  # CSV line or sheet row, where it starts

    @property
    def note(self) -> Message:
        """The row's messages as one: "Borsbeek (11007) merged into ...; status.csv, row 2, ..."."""
        return Joined(self.messages) if self.messages else ROW_OK

    def render(self, lang: str) -> str:
        """`message` in `lang`."""
        return self.note.render(lang)

    @property
    def lands(self) -> bool:
        return self.outcome in RESOLVED and not self.duplicate

    def as_json(self, lang: str = "en") -> dict:
        return {
            "row": self.row, "sheet": self.sheet, "line": self.line, "input": self.input, "nis": self.nis,
            "outcome": self.outcome, "message": self.message if lang == "en" else self.render(lang),
            "duplicate": self.duplicate,
        }


@dataclass
class Question:
    """What the import cannot know without a person, asked once however many rows it concerns.

    `kind`: "column" (what a column is), "missing" (which column gives a required field),
    "value" (what a value of a field means), "place" (which municipality a place is).
    `text` is the header, value or place as written; `suggestions` are fields, codes or NIS
    codes a person may choose from (never applied by themselves)."""

    kind: str
    field: str | None
    text: str
    note: Message
    sheet: str | None = None
    count: int = 0
    rows: list[int] = field(default_factory=list)  # the first few report rows it concerns
    suggestions: tuple[str, ...] = ()

    def as_json(self, lang: str = "en") -> dict:
        return {
            "kind": self.kind, "field": self.field, "text": self.text, "sheet": self.sheet, "count": self.count,
            "rows": self.rows, "suggestions": list(self.suggestions), "message": self.note.render(lang),
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
    left_out: int = 0  # rows not imported by choice (import of the rows without problems)
    # Each column of each table read: its header, the field it is read as, the proposal.
    columns: list[dict] = field(default_factory=list, compare=False)
    questions: list[Question] = field(default_factory=list, compare=False)
    sheets: list[str] = field(default_factory=list, compare=False)  # a workbook's sheets read
    skipped_sheets: list[str] = field(default_factory=list, compare=False)
    # What importing would remove when the store holds the demo dataset (`store.demo_summary`).
    demo: dict | None = field(default=None, compare=False)
    decisions: Decisions = field(default_factory=Decisions, compare=False, repr=False)
    saved_layouts: dict[str, dict] = field(default_factory=dict, compare=False, repr=False)  # applied
    layouts: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # sheet -> layout key
    # The tables read, for giving the rows left out back as they came.
    tables: list = field(default_factory=list, compare=False, repr=False)

    @property
    def errors(self) -> int:
        return sum(r.outcome in ERROR_OUTCOMES for r in self.rows)

    @property
    def demo_warning(self) -> Message | None:
        """What importing removes, when the store holds the demo dataset."""
        return Message("map_demo_replaced", **self.demo) if self.demo else None

    @property
    def good(self) -> int:
        """Rows that would land (not duplicates)."""
        return sum(r.lands for r in self.rows)

    def as_json(self, lang: str = "en") -> dict:
        return {
            "file": self.file, "kind": self.kind, "sha256": self.sha256,
            "rows": [r.as_json(lang) for r in self.rows], "errors": self.errors,
            "written": self.written, "skipped": self.skipped, "left_out": self.left_out,
            "sheets": self.sheets, "skipped_sheets": self.skipped_sheets,
            "proposals": self.columns, "questions": [q.as_json(lang) for q in self.questions],
            "replaces_demo": self.demo,
        }


class ImportRefused(ValueError):
    """A file with at least one row in error, imported whole: nothing was written. `problem`
    says so in any language, naming the first row in error; `str()` is its English text."""

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
    precision: str = "day"
    undated: bool = False  # no date given (a status of none or unknown): `effective` is the import day

    @functools.cached_property
    def key(self) -> str:
        # Undated, the same row is the same record whatever day it is imported on.
        day = UNDATED if self.undated else _day_key(self.effective, self.precision)
        # The cell by the id it has (or will get), so that the export of a cell given by name
        # (which writes its id) re-imports to the same record.
        cell = self.cell_id or (f"cell-{writing.cell_slug(self.cell_name)}" if self.cell_name else None)
        return store.status_key(self.place.given, day, self.status, self.source, cell)


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
    precision: str = "day"

    @functools.cached_property
    def key(self) -> str:
        return store.visit_key(_day_key(self.visited_on, self.precision), self.team, self.offer, [p.given for p in self.places])


def _day_key(day: dt.date, precision: str) -> dt.date | str:
    return day if precision == "day" else f"{day.isoformat()}/{precision}"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def check_file(path: Path, kind: str, engine: sa.Engine | None = None, decisions: Decisions | None = None) -> tuple[ImportReport, list]:
    """`check_bytes` of a file on disk (the command line's)."""
    path = Path(path)
    if kind not in reading.KINDS:
        raise ValueError(f"unknown kind {kind!r}: use {' or '.join(reading.KINDS)}")
    return check_bytes(reading.file_bytes(path), path.name, kind, engine, decisions)


def check_bytes(
    data: bytes, name: str, kind: str, engine: sa.Engine | None = None, decisions: Decisions | None = None,
    today: dt.date | None = None,
) -> tuple[ImportReport, list]:
    """Every row's outcome and every question, with nothing written: (report, records), the
    records lined up with `report.rows` (None where a row does not land).

    `decisions` are a person's answers; with an `engine`, the decisions saved for each header
    layout apply under them. Raises reading.ReadError for an unreadable file, and for one
    with no rows to import.
    """
    if kind not in reading.KINDS:
        raise ValueError(f"unknown kind {kind!r}: use {' or '.join(reading.KINDS)}")
    given = decisions or Decisions(kind)
    saved = store.saved_mappings(engine, kind) if engine is not None else {}
    applied: dict[str, dict] = {}
    effective: dict[str, Decisions] = {}

    def decisions_for(layout: str) -> Decisions:
        if layout not in effective:
            base = None
            if layout in saved:
                base = mapping.from_json(saved[layout]["decisions"], kind)
                applied[layout] = saved[layout]
            effective[layout] = given.over(base)
        return effective[layout]

    tables = reading.read_tables(data, name, kind, columns_for=lambda layout: decisions_for(layout).columns)
    if not any(table.rows for table in tables):
        # Importing nothing would still replace the demo dataset and log an import.
        raise reading.ReadError(Message("read_no_rows", file=name))
    report = ImportReport(
        file=name, kind=kind, sha256=hashlib.sha256(data).hexdigest(), tables=tables,
        sheets=[t.sheet for t in tables if t.sheet is not None],
        skipped_sheets=tables[0].skipped_sheets, saved_layouts=applied,
    )
    merged = given
    for layout in {t.layout_key for t in tables}:
        merged = decisions_for(layout).over(merged) if layout in applied else merged
    report.decisions = merged
    checker = _Checker(report, kind, today or dt.date.today())
    records: list = []
    for table in tables:
        report.layouts[table.sheet or ""] = table.layout_key
        records += checker.check_table(table, decisions_for(table.layout_key))
    report.questions = checker.questions()
    _mark_duplicates(report, records, engine, kind)
    if engine is not None:
        report.demo = store.demo_summary(engine)
    return report, records


def _restored(row: reading.Row) -> reading.Row:
    values = {name: None if value is None else reading.restore_formula(value) for name, value in row.values.items()}
    return reading.Row(row.number, row.line, values, row.extra, row.cells)


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
    # In a workbook, the row Excel shows in its margin; in CSV text, the data row (as always).
    number = row.line if table.sheet is not None else row.number
    return Message("row_cell", file=file, row=number, column=column, problem=problem)


TOTAL_ROW = re.compile(
    r"(?:sub ?|sous ?|zwischen|eind|grand |generaal |algemeen )?(?:totaal|total|totaux|totale|summe|som|gesamt|insgesamt)\b"
)
# "Not applicable" in an optional column: nothing to record, nothing to ask.
NOT_APPLICABLE = frozenset({
    "nvt", "n v t", "n a", "na", "s o", "so", "sans objet", "not applicable", "niet van toepassing", "nicht zutreffend",
    "entfallt", "-", "/", "x x",
})
# Fields whose values are words of a vocabulary, and that vocabulary's name in `loaders.vocabulary`
# (looked up when used: a vocabulary edited while the server runs is the one that counts).
VOCABULARIES = {"status": "STATUSES", "status_yes_no": "STATUSES", "team": "TEAMS", "offer": "OFFERS"}
# What a date column says when it gives none: the row is as if the cell were empty.
NO_DATE = NOT_APPLICABLE | {
    "k a", "ka", "keine angabe", "onbekend", "inconnu", "inconnue", "unknown", "unbekannt", "?", "n b", "nb",
    "niet gekend", "pas connu", "non connu",
}
UNDATED = "undated"  # the key's date of a status given without one


NOTE_ROW = re.compile(
    r"[*(]|(?:n ?b|note|notes|nota|opmerking|remarque|remarques|bemerkung|anmerkung|legende|legend|toelichting"
    r"|source|sources|bron|bronnen|quelle|info|ter info)\b"
)


def _first_text(row: reading.Row) -> str | None:
    for cell in row.cells:
        if cell is not None and (text := str(cell).strip()):
            return text
    return None


def _is_total(row: reading.Row) -> bool:
    """A total or subtotal row: its first non-empty cell says so ("Totaal provincie Antwerpen")."""
    first = _first_text(row)
    return first is not None and TOTAL_ROW.match(vocabulary.value_key(first)) is not None


def _is_note(row: reading.Row, resolves: bool) -> bool:
    """A heading or a note between the data ("Arrondissement de Charleroi", "* Opglabbeek en
    ... vormen Oudsbergen", "Bron: ..."): one cell filled, which names no municipality (or reads
    as a note)."""
    filled = [c for c in row.cells if c is not None and str(c).strip()]
    if len(filled) != 1 or row.extra:
        return False
    text = str(filled[0]).strip()
    return not resolves or NOTE_ROW.match(vocabulary.value_key(text)) is not None or text.startswith(("*", "("))


class _Checker:
    """Checks the rows of one file's tables, gathering the questions once per column, value
    and place however many rows ask them, and the values interpreted by their keywords."""

    def __init__(self, report: ImportReport, kind: str, today: dt.date):
        self.report, self.kind, self.today = report, kind, today
        self.number = 0
        self._questions: dict[tuple, Question] = {}
        self._readings: dict[tuple, dict] = {}
        self._places: dict[tuple, tuple] = {}
        self._periods: dict[str, Period | Message] = {}

    # --- tables and columns ---------------------------------------------------------------

    def check_table(self, table: reading.Table, decisions: Decisions) -> list:
        file = table.where
        for column in table.layout:
            self.report.columns.append({
                "sheet": table.sheet, "header": column.header, "column": column.index + 1, "field": column.field,
                "proposal": column.proposal.field, "certain": column.proposal.certain,
                "evidence": str(column.proposal.evidence), "decided_by": column.decided_by, "question": column.question,
            })
            if column.question:
                key = "question_column_duplicate" if column.duplicate else "question_column_uncertain"
                field_name = column.proposal.field
                note = Message(key, header=column.header, field=Message(f"read_field_{field_name}"), evidence=column.proposal.evidence)
                self._ask(("column", table.sheet, column.header), "column", field_name, column.header, note, table.sheet, None,
                          (field_name,) if field_name else ())
        missing = [name for name, group in headers.REQUIRED[self.kind].items() if not any(f in table.columns for f in group)]
        for name in missing:
            note = Message("question_missing", where=file, field=Message(f"read_field_{name}"))
            unread = tuple(c.header for c in table.layout if c.field is None)
            self._ask(("missing", table.sheet, name), "missing", name, name, note, table.sheet, None, unread)
        # A column still in question holds data nobody has placed: no row lands without it.
        undecided = [c.header for c in table.layout if c.question]
        records = []
        for row in table.rows:
            self.number += 1
            row = _restored(row)
            if _is_total(row):
                report, record = RowReport(self.number, _input(row, self.kind), None, "total", str(ROW_TOTAL), messages=[ROW_TOTAL]), None
            elif _is_note(row, self._resolves(_input(row, self.kind))):
                report, record = RowReport(self.number, _input(row, self.kind), None, "note", str(ROW_NOTE), messages=[ROW_NOTE]), None
            elif missing:
                fields = Joined((Message(f"read_field_{n}") for n in missing), "list_separator")
                note = Message("row_columns_missing", file=file, fields=fields)
                report, record = RowReport(self.number, _input(row, self.kind), None, "question", str(note), messages=[note]), None
            elif undecided:
                note = Message("row_columns_undecided", file=file, columns=", ".join(f"'{h}'" for h in undecided))
                report, record = RowReport(self.number, _input(row, self.kind), None, "question", str(note), messages=[note]), None
            elif self.kind == "status":
                report, record = self._status_row(file, table, row, decisions)
            else:
                report, record = self._visit_row(file, table, row, decisions)
            report.row, report.sheet, report.line = self.number, table.sheet, row.line
            if record is not None:
                record.row = self.number
            self.report.rows.append(report)
            records.append(record)
        return records

    def questions(self) -> list[Question]:
        self.report.readings = sorted(self._readings.values(), key=lambda r: (r["field"], -r["count"], r["text"]))
        order = {"missing": 0, "column": 1, "place": 2, "value": 3}
        return sorted(self._questions.values(), key=lambda q: (order[q.kind], q.field or "", -q.count, q.text))

    def _ask(self, key, kind, field_name, text, note, sheet, row, suggestions=()) -> None:
        question = self._questions.get(key)
        if question is None:
            question = self._questions[key] = Question(kind, field_name, text, note, sheet, suggestions=tuple(suggestions))
        if row is not None:
            question.count += 1
            if len(question.rows) < QUESTION_ROWS_SHOWN:
                question.rows.append(row)

    def _resolves(self, text: str) -> bool:
        parts = reading.split_municipalities(text) if self.kind == "visits" else [text]
        return bool(parts) and all(resolver.resolve_municipality(p).nis is not None for p in parts)

    # --- values -----------------------------------------------------------------------------

    def _value(self, file, table, row, field_name, decisions, problems, required=True):
        """(code or None, skipped): a vocabulary value, decided, interpreted, or asked about."""
        text = row.values.get(field_name)
        if text is None:
            if required:
                problems.append(_cell_message(file, table, row, field_name, Message("value_empty")))
            return None, False
        decided = decisions.value(field_name, text)
        if decided == SKIP:
            return None, True
        if decided is not None:
            return (decided == "true") if field_name == "report_delivered" else decided, False
        if field_name == "report_delivered":
            parsed = reading.parse_bool(text)
            if parsed is not None or vocabulary.value_key(text) in NOT_APPLICABLE:
                return parsed, False
            suggestions = ()
        else:
            if field_name == "status_yes_no":
                parsed = reading.parse_bool(text)
                if parsed is not None:
                    return ("operational" if parsed else "none"), False
            if not required and vocabulary.value_key(text) in NOT_APPLICABLE:
                return None, False
            interpretation = getattr(vocabulary, VOCABULARIES[field_name]).interpret(text)
            if interpretation.code is not None:
                if interpretation.evidence is not None:
                    self._read_as(field_name, text, interpretation)
                return interpretation.code, False
            suggestions = interpretation.suggestions
        key = vocabulary.value_key(text)
        note = Message("question_value", value=repr(text), field=Message(f"read_field_{field_name}"))
        self._ask(("value", field_name, key), "value", field_name, text, note, None, self.number + 0, suggestions)
        problems.append(_cell_message(file, table, row, field_name, Message("value_question", value=repr(text))))
        self._question_row = True
        return None, False

    def _read_as(self, field_name, text, interpretation) -> None:
        key = (field_name, vocabulary.value_key(text))
        reading_ = self._readings.get(key)
        if reading_ is None:
            reading_ = self._readings[key] = {
                "field": field_name, "text": text, "code": interpretation.code, "evidence": interpretation.evidence,
                "count": 0,
            }
        reading_["count"] += 1

    def _period(self, file, table, row, field_name, problems, day_only=False) -> Period | None:
        text = row.values.get(field_name)
        if text is None or vocabulary.value_key(text) in NO_DATE:
            return None
        known = self._periods.get(text)
        if known is None:
            try:
                known = parse_period(text)
            except reading.ValueProblem as error:
                known = error.problem
            self._periods[text] = known
        if isinstance(known, Message):
            problems.append(_cell_message(file, table, row, field_name, known))
            return None
        if day_only and known.precision != "day":
            problems.append(_cell_message(file, table, row, field_name, Message("value_not_a_day", value=repr(text))))
            return None
        return known

    # --- places -----------------------------------------------------------------------------

    def _place(self, file, table, row, decisions, name, code=None, postal=None, field_name="municipality"):
        """(place, outcome, note, its English, skipped) for one municipality as the row gives it."""
        given = name or code or postal or ""
        decided = decisions.place(given) if given else None
        if decided == SKIP:
            return None, "skipped", None, None, True
        key = (name, code, postal, decided)
        known = self._places.get(key)
        if known is None:
            known = self._places[key] = self._resolve_place(name, code, postal, decided)
        place, outcome, note, english, candidates = known
        if place is None:
            note = _cell_message(file, table, row, field_name, note)
            english = str(note)
            if given:
                ask = Message("question_place", place=repr(given), why=known[2])
                self._ask(("place", vocabulary.value_key(given)), "place", field_name, given, ask, None, self.number, candidates)
        return place, outcome, note, english, False

    @staticmethod
    def _resolve_place(name, code, postal, decided):
        if decided is not None:
            label = resolver.resolve_municipality(decided).note
            note = Message("row_place_decided", place=repr(name or code or postal), municipality=label)
            return Place(name or code or postal, None, decided), "ok", note, str(note), ()
        if hasattr(resolver, "reconcile_municipality") and (code or postal):
            resolution = resolver.reconcile_municipality(code=code, name=name, postal=postal)
        else:
            resolution = resolver.resolve_municipality(name or code or postal or "")
        if resolution.nis is not None:
            place = Place(resolution.given, resolution.given_code, resolution.nis)
            return place, resolution.outcome, resolution.note, resolution.message, ()
        return None, resolution.outcome, resolution.note, resolution.message, resolution.candidates

    # --- rows -------------------------------------------------------------------------------

    def _status_row(self, file, table, row, decisions):
        values = row.values
        place, outcome, note, english, skipped = self._place(
            file, table, row, decisions, values.get("municipality"), values.get("municipality_code"), values.get("postal_code"),
            field_name="municipality" if "municipality" in table.columns else "municipality_code",
        )
        problems: list[Message] = []
        status_field = "status" if "status" in table.columns else "status_yes_no"
        self._question_row = False
        status, skip_value = self._value(file, table, row, status_field, decisions, problems)
        period = self._period(file, table, row, "date", problems)
        notes: list[Message] = []
        undated = False
        no_date = values.get("date") is None or vocabulary.value_key(values["date"]) in NO_DATE
        if period is None and no_date and status in ("none", "unknown"):
            problems = [p for p in problems]  # the date is not needed: nothing was added for it
            period, undated = Period(self.today), True
            notes.append(Message("row_no_date_used", status=_label(vocabulary.STATUSES, status), day=Day(self.today)))
        elif period is None and no_date:
            problems.append(_cell_message(file, table, row, "date", Message("value_empty")))
        elif period is not None and period.precision != "day":
            notes.append(_vague_note(values["date"], period))
        problems += _structure_problems(file, table, row, "status")
        given = values.get("municipality") or values.get("municipality_code") or values.get("postal_code") or ""
        if skipped or skip_value:
            note = Message("row_skipped_by_mapping")
            return RowReport(self.number, given, None, "skipped", str(note), messages=[note]), None
        outcome, messages, message = self._outcome(outcome, note, english, problems, notes)
        record = None
        if outcome in RESOLVED:
            cell_text = values.get("cell_id") or values.get("cell")
            record = StatusRecord(
                row=row.number, place=place, status=status, effective=period.day,
                source=values.get("source") or f"import of {self.report.file}",
                cell_id=values.get("cell_id"), cell_name=values.get("cell") or cell_text,
                cell_kind=_cell_kind(values.get("cell_kind")), precision=period.precision, undated=undated,
            )
        nis = place.nis if place else None
        return RowReport(self.number, given, nis, outcome, message, messages=messages), record

    def _outcome(self, outcome, note, english, problems, notes):
        """The row's outcome, messages and English from its place and its other problems."""
        if outcome in RESOLVED:
            if not problems:
                messages = [note, *notes]
                return outcome, messages, "; ".join([english, *map(str, notes)])
            worst = "question" if self._question_row and all(_is_question(p) for p in problems) else "invalid"
            return worst, problems, "; ".join(map(str, problems))
        messages = [note, *problems]
        return outcome, messages, "; ".join([english, *map(str, problems)])

    def _visit_row(self, file, table, row, decisions):
        values = row.values
        given = values.get("municipalities") or values.get("municipality_code") or ""
        names = reading.split_municipalities(values.get("municipalities"))
        codes = reading.split_municipalities(values.get("municipality_code"))
        if names and codes and len(names) != len(codes):
            codes = []  # cannot be paired: the names alone, the codes are in the input
        pairs = list(zip(names, codes)) if names and codes else [(n, None) for n in names] or [(None, c) for c in codes]
        postal = values.get("postal_code") if len(pairs) == 1 else None
        places: list[Place] = []
        outcome, messages, texts = "ok", [], []  # texts: each message in English
        skipped = False
        if not pairs:
            outcome, messages = "unknown", [_cell_message(file, table, row, "municipalities", NOT_GIVEN)]
            texts = [str(messages[0])]
        for name, code in pairs:
            field_name = "municipalities" if name else "municipality_code"
            place, part_outcome, note, english, skip = self._place(
                file, table, row, decisions, name, code, postal, field_name=field_name,
            )
            if skip:
                skipped = True
            elif place:
                places.append(place)
                if part_outcome != "ok":
                    messages.append(note)
                    texts.append(english)
                    outcome = part_outcome if outcome == "ok" else outcome
            else:
                messages.append(note)
                texts.append(english)
                outcome = part_outcome if outcome not in ERROR_OUTCOMES else outcome
        problems: list[Message] = []
        self._question_row = False
        period = self._period(file, table, row, "date", problems)
        if period is None and (values.get("date") is None or vocabulary.value_key(values["date"]) in NO_DATE):
            problems.append(_cell_message(file, table, row, "date", Message("value_empty")))
        team, skip_team = self._value(file, table, row, "team", decisions, problems)
        offer, skip_offer = self._value(file, table, row, "offer", decisions, problems)
        report_delivered, skip_report = self._value(file, table, row, "report_delivered", decisions, problems, required=False)
        follow_up = self._period(file, table, row, "follow_up", problems, day_only=True)
        problems += _structure_problems(file, table, row, "visits")
        if skipped or skip_team or skip_offer or skip_report:
            note = Message("row_skipped_by_mapping")
            return RowReport(self.number, given, None, "skipped", str(note), messages=[note]), None
        if period is not None and period.precision != "day":
            note = _vague_note(values["date"], period)
            messages.append(note)
            texts.append(str(note))
        if problems:
            if outcome not in ERROR_OUTCOMES:
                outcome = "question" if self._question_row and all(_is_question(p) for p in problems) else "invalid"
            messages.extend(problems)
            texts.extend(map(str, problems))
        record = None
        if outcome not in ERROR_OUTCOMES:
            record = VisitRecord(
                row=row.number, visit_id=values.get("visit_id"), visited_on=period.day, team=team, offer=offer,
                places=places, report_delivered=report_delivered, follow_up=follow_up.day if follow_up else None,
                internal_notes=values.get("internal_notes") or "", precision=period.precision,
            )
        nis = ";".join(dict.fromkeys(p.nis for p in places)) or None
        message = "; ".join(texts) if texts else str(ROW_OK)
        return RowReport(self.number, given, nis, outcome, message, messages=messages), record


ROW_TOTAL = Message("row_total")
ROW_NOTE = Message("row_note")


def _label(words: vocabulary.Vocabulary, code: str) -> Named:
    return Named({lang: words.label(code, lang) for lang in vocabulary.LANGUAGES})


def _is_question(problem: Message) -> bool:
    """A row problem that a mapping decision can answer (a value not recognised)."""
    inner = problem.values.get("problem") if problem.key == "row_cell" else problem
    return isinstance(inner, Message) and inner.key == "value_question"


def _vague_note(text: str, period: Period) -> Message:
    return Message("row_vague_date", value=repr(text), precision=Message(f"value_precision_{period.precision}"), day=Day(period.day))


def _input(row: reading.Row, kind: str) -> str:
    values = row.values
    if kind == "status":
        return values.get("municipality") or values.get("municipality_code") or values.get("postal_code") or ""
    return values.get("municipalities") or values.get("municipality_code") or ""


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


def import_file(
    engine: sa.Engine, path: Path, kind: str, actor: str = "command line", decisions: Decisions | None = None,
    only_good: bool = False,
) -> ImportReport:
    """Check a file on disk, then `import_checked` it."""
    report, records = check_file(path, kind, engine, decisions)
    return import_checked(engine, report, records, actor, only_good)


def import_checked(
    engine: sa.Engine, report: ImportReport, records: list, actor: str = "command line", only_good: bool = False,
) -> ImportReport:
    """Write a checked file in one transaction: whole, or (`only_good`) its rows without
    problems, the others left out and logged. Whole with a row in error raises ImportRefused,
    writing nothing. The decisions used are saved for each header layout, in the same
    transaction; the audit log gets one line per import (and one when it replaced the demo
    dataset): who, when, which file by hash, the rows written and the rows left out.
    """
    if report.errors and not only_good:
        raise ImportRefused(report)
    fresh = [rec for rec, rep in zip(records, report.rows) if rec is not None and not rep.duplicate]
    left = left_out_rows(report)
    log = {
        "file_name": report.file, "sha256": report.sha256, "rows_total": len(report.rows), "rows_left_out": len(left),
        "left_out": json.dumps(
            [{"sheet": r.sheet, "row": r.row, "line": r.line, "outcome": r.outcome, "reason": r.message} for r in left],
            ensure_ascii=False,
        ) if left else None,
    }
    mappings = {layout: report.decisions.to_json() for layout in set(report.layouts.values()) if report.decisions}
    try:
        report.replaced_demo, report.import_id, report.written = writing.write_import(
            engine, report.kind, fresh, [rec for rec in records if rec is not None], actor, log, mappings,
        )
    except sa.exc.OperationalError as error:
        if store.classify_error(error) != "busy":
            raise
        raise ImportBusy(report.file) from error
    report.left_out = len(left)
    report.skipped = len(report.rows) - report.written - report.left_out
    return report


def left_out_rows(report: ImportReport) -> list[RowReport]:
    """The rows an import of only the good rows leaves out: those in error and those a person
    chose to skip (total rows are not data, and duplicates are already in)."""
    return [r for r in report.rows if r.outcome in ERROR_OUTCOMES or r.outcome == "skipped"]


def left_out_csv(report: ImportReport, lang: str = "en", delimiter: str = ";") -> bytes:
    """The rows left out as they came (the header row, then each row's cells), with the reason
    in a last column, for fixing and importing later: UTF-8 with a BOM, so that Excel in a
    Belgian locale opens it as it was. Text that a spreadsheet would run as a formula is
    neutralised, as in exports."""
    wanted = {(r.sheet, r.line): r for r in left_out_rows(report)}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    sheets = len(report.tables) > 1
    reason = Message("left_out_reason").render(lang)
    sheet_header = [Message("left_out_sheet").render(lang)] if sheets else []
    # One header for every sheet's rows: each column where a sheet first had its header (sheets
    # may order or name their columns differently). A workbook's rows are read COLUMNS_READ
    # cells wide: the empty columns after the last header or value are not written.
    def width(texts) -> int:
        return max((i + 1 for i, text in enumerate(texts) if text), default=0)

    written: list[str] = []
    at: dict[tuple[str, int], int] = {}
    placed: list[list[int]] = []  # per table: where each of its columns is written
    for table in report.tables:
        left = [row.texts() for row in table.rows if (table.sheet, row.line) in wanted]
        columns = max([width(table.headers), *map(width, left)])
        seen: dict[str, int] = {}
        positions = []
        for index, header in enumerate([*table.headers, *[""] * columns][:columns]):
            name = headers._key(header) if header else f"#{index}"
            key = (name, seen.setdefault(name, 0))  # two columns of one header stay two
            seen[name] += 1
            if key not in at:
                at[key] = len(written)
                written.append(header)
            positions.append(at[key])
        placed.append(positions)
    writer.writerow(sheet_header + [reading.neutralise_formula(h) for h in written] + [reason])
    for table, positions in zip(report.tables, placed):
        for row in table.rows:
            found = wanted.get((table.sheet, row.line))
            if found is None:
                continue
            cells = [""] * len(written)
            for position, cell in zip(positions, row.texts()):
                cells[position] = "" if cell is None else reading.neutralise_formula(cell)
            writer.writerow(([table.sheet] if sheets else []) + cells + [found.render(lang)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
