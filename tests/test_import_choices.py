"""The import's choices (issue 11): questions answered by a decisions file, decisions saved per
header layout and applied to the next file, only the good rows imported and the others given
back, the demo warning, every province sheet of a workbook, totals and notes, vague and absent
dates, no temporary files, the command line's JSON.

Every file is tiny and each row's outcome is written beside it, decided before the importer ran.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tempfile
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from test_importer import run_cli

from loaders import __main__ as command_line
from loaders import importer, mapping, registry, store
from loaders.store.schema import DEMO_ORIGIN, status_events

CHOICES = Path(__file__).parent / "data" / "choices"


def stored_status(engine) -> list[tuple]:
    """The status events imports wrote, sorted (the store writes them in date order): (as given, 2025
    code, status, day, precision)."""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(status_events.c.municipality, status_events.c.nis_2025, status_events.c.status,
                      status_events.c.effective, status_events.c.precision)
            .where(status_events.c.origin != DEMO_ORIGIN).order_by(status_events.c.event_id)
        )
        return sorted((m, nis, s, e.isoformat(), p) for m, nis, s, e, p in rows)


def rows_of(report) -> list[tuple]:
    return [(r.row, r.input, r.outcome, r.nis) for r in report.rows]


def last_json(stdout: str) -> dict:
    return json.loads(stdout.strip().splitlines()[-1])


@pytest.fixture
def cli(monkeypatch, capsys, store_url):
    """`python -m loaders ...` on the test's store, in this process (a second and a half less
    than a new interpreter each time): (exit status, stdout, stderr)."""
    monkeypatch.setenv("LIVCR_DATABASE_URL", store_url)

    def run(*args) -> tuple[int, str, str]:
        capsys.readouterr()
        code = command_line.main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


# --- questions, a decisions file, the decisions saved for the next file ----------------------

FIRST, SECOND, DECISIONS = CHOICES / "voortgang-2019.csv", CHOICES / "voortgang-2020.csv", CHOICES / "keuzes.toml"


def test_the_questions_of_a_file_with_an_unknown_header_and_values(engine):
    report, _ = importer.check_file(FIRST, "status", engine)
    # No column gives the status: that is the one question, and no row can be read yet.
    assert [q.as_json() for q in report.questions] == [{
        "kind": "missing", "field": "status", "text": "status", "sheet": None, "count": 0, "rows": [],
        "suggestions": ["Vordering"], "message": "voortgang-2019.csv: which column gives the status?",
    }]
    assert [r.outcome for r in report.rows] == ["question"] * 4
    # Once the column is said, the values and the place it cannot know are asked, once each.
    column_only = mapping.parse_decisions('[columns]\n"Vordering" = "status"\n', "status", "kolom.toml")
    report, records = importer.check_file(FIRST, "status", engine, column_only)
    assert [(q.kind, q.field, q.text, q.count, q.rows) for q in report.questions] == [
        ("place", "municipality", "Beveren", 1, [3]),
        ("value", "status", "loopt", 2, [1, 4]),
        ("value", "status", "in de steigers", 1, [3]),
    ]
    assert "46030" in report.questions[0].suggestions  # a choice offered, never applied by itself
    assert rows_of(report) == [
        (1, "Gent", "question", "44021"),
        (2, "Leuven", "ok", "24062"),
        (3, "Beveren", "ambiguous", None),
        (4, "Borsbeek", "question", "11002"),
    ]
    assert [r is not None for r in records] == [False, True, False, False]


def test_a_map_file_makes_the_file_import_and_the_next_file_of_that_layout_needs_none(tmp_path, store_url, cli):
    code, out, err = cli("check", FIRST, "--kind", "status", "--json")
    assert code == 1, err
    assert [q["kind"] for q in last_json(out)["questions"]] == ["missing"]

    saved_map = tmp_path / "applied.toml"
    code, out, err = cli("check", FIRST, "--kind", "status", "--json", "--map", DECISIONS, "--save-map", saved_map)
    assert code == 0, out + err
    payload = last_json(out)
    assert (payload["questions"], payload["errors"]) == ([], 0)
    assert [(r["row"], r["input"], r["outcome"], r["nis"]) for r in payload["rows"]] == [
        (1, "Gent", "ok", "44021"),
        (2, "Leuven", "ok", "24062"),
        (3, "Beveren", "ok", "46030"),  # the place decided
        (4, "Borsbeek", "merged", "11002"),
    ]
    written = mapping.parse_decisions(saved_map.read_text(encoding="utf-8"), "status", saved_map.name)
    given = mapping.parse_decisions(DECISIONS.read_text(encoding="utf-8"), "status", DECISIONS.name)
    assert written == given and written.as_dict() == given.as_dict()

    # The real command, in a process of its own.
    imported = run_cli("import", str(FIRST), "--kind", "status", "--map", str(DECISIONS), env_url=store_url)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    engine = store.open_store(store_url)
    try:
        assert stored_status(engine) == sorted([
            ("Gent", "44021", "operational", "2019-03-01", "day"),
            ("Leuven", "24062", "operational", "2019-04-01", "day"),
            ("Beveren", "46030", "being_set_up", "2019-05-01", "day"),
            ("Borsbeek", "11002", "operational", "2019-06-01", "day"),
        ])
        # The next year's file, same header in other case: the saved decisions read it unasked.
        report, records = importer.check_file(SECOND, "status", engine)
        assert (report.questions, report.errors) == ([], 0)
        assert list(report.saved_layouts) == list(report.layouts.values()) and len(report.saved_layouts) == 1
        assert next(iter(report.saved_layouts.values()))["saved_by"] == "command line"
        assert rows_of(report) == [(1, "Beveren", "ok", "46030"), (2, "Gent", "ok", "44021"), (3, "Mechelen", "ok", "12025")]
        assert [r.status for r in records] == ["operational", "being_set_up", "operational"]
        # Another layout (a column more) is another file: nothing saved applies to it.
        other = SECOND.read_bytes().replace(b"datum\r\n", b"datum;Bron\r\n", 1)
        report, _ = importer.check_bytes(other, "voortgang-bron.csv", "status", engine)
        assert (report.saved_layouts, [q.kind for q in report.questions]) == ({}, ["missing"])
    finally:
        engine.dispose()
    code, out, err = cli("check", SECOND, "--kind", "status", "--json")
    assert (code, last_json(out)["questions"]) == (0, []), out + err


OLD_NIS = '[places]\n"Beveren" = "46003"\n'
OLD_NIS_REFUSED = "keuzes.toml: Beveren is mapped to '46003', which is not a NIS code of today's municipalities (or skip)"


@pytest.mark.parametrize(
    "command, text, stderr",
    [
        ("check", OLD_NIS, OLD_NIS_REFUSED),
        ("import", OLD_NIS, OLD_NIS_REFUSED),
        ("import", 'kind = "visits"\n', "keuzes.toml: decisions for a visits file, not for a status file"),
        ("import", None, "keuzes.toml: not a TOML or JSON file of decisions (No such file or directory)"),
    ],
    ids=["check, old NIS code", "import, old NIS code", "import, other kind", "import, no such file"],
)
def test_a_bad_map_file_stops_the_command_line_with_status_2(tmp_path, engine, cli, command, text, stderr):
    decisions = tmp_path / "keuzes.toml"
    if text is not None:
        decisions.write_text(text, encoding="utf-8")
    code, out, err = cli(command, FIRST, "--kind", "status", "--map", decisions)
    assert (code, out, err.strip()) == (2, "", stderr)
    assert store.load_registry_frames(engine).is_demo and stored_status(engine) == []


# --- only the good rows ---------------------------------------------------------------------

STAND_CSV = (
    b"Gemeente;Status;Datum\r\n"
    b"Gent;operationeel;2019-03-01\r\n"  # row 1, line 2: lands
    b"Atlantis;operationeel;2019-03-01\r\n"  # row 2: no such municipality
    b"Leuven;misschien;2019-04-01\r\n"  # row 3: a status nobody can read
    b"Mechelen;operationeel;31/02/2019\r\n"  # row 4: an impossible day
    b"Totaal;3;\r\n"  # row 5: a total, not data
    b"Brugge;gepland;2019-05-01\r\n"  # row 6: lands
)
STAND_ROWS = [
    (1, "Gent", "ok", "44021"),
    (2, "Atlantis", "unknown", None),
    (3, "Leuven", "question", "24062"),
    (4, "Mechelen", "invalid", "12025"),
    (5, "Totaal", "total", None),
    (6, "Brugge", "ok", "31005"),
]


def test_only_the_good_rows_land_and_the_others_come_back_to_fix(engine):
    report, records = importer.check_bytes(STAND_CSV, "stand.csv", "status", engine)
    assert rows_of(report) == STAND_ROWS
    importer.import_checked(engine, report, records, "alice", only_good=True)
    assert (report.written, report.left_out, report.skipped, report.replaced_demo) == (2, 3, 1, True)
    first = [("Brugge", "31005", "planned", "2019-05-01", "day"), ("Gent", "44021", "operational", "2019-03-01", "day")]
    assert stored_status(engine) == first
    log = store.import_history(engine)[0]
    assert {k: log[k] for k in ("file_name", "rows_total", "rows_written", "rows_skipped", "rows_left_out")} == {
        "file_name": "stand.csv", "rows_total": 6, "rows_written": 2, "rows_skipped": 1, "rows_left_out": 3,
    }
    assert json.loads(log["left_out"]) == [
        {"sheet": None, "row": r.row, "line": r.line, "outcome": r.outcome, "reason": r.message}
        for r in report.rows if r.row in (2, 3, 4)
    ]

    given_back = importer.left_out_csv(report, "nl")
    assert given_back.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(given_back.decode("utf-8-sig")), delimiter=";"))
    assert table == [
        ["Gemeente", "Status", "Datum", "Waarom weggelaten"],
        ["Atlantis", "operationeel", "2019-03-01", report.rows[1].render("nl")],
        ["Leuven", "misschien", "2019-04-01", report.rows[2].render("nl")],
        ["Mechelen", "operationeel", "31/02/2019", report.rows[3].render("nl")],
    ]
    assert report.rows[3].render("nl") != report.rows[3].message  # the reasons in the language asked

    # Read back by the importer, the same header gives the same fields; fixed, the rows land.
    fixed = given_back.replace(b"Atlantis;", b"Antwerpen;").replace(b"misschien", b"gepland").replace(b"31/02/", b"28/02/")
    again, again_records = importer.check_bytes(fixed, "stand-weggelaten.csv", "status", engine)
    assert [(c["header"], c["field"]) for c in again.columns] == [
        ("Gemeente", "municipality"), ("Status", "status"), ("Datum", "date"), ("Waarom weggelaten", None),
    ]
    assert (rows_of(again), again.questions) == (
        [(1, "Antwerpen", "ok", "11002"), (2, "Leuven", "ok", "24062"), (3, "Mechelen", "ok", "12025")], [],
    )
    importer.import_checked(engine, again, again_records, "alice")
    assert again.written == 3
    assert stored_status(engine) == sorted(first + [
        ("Antwerpen", "11002", "operational", "2019-03-01", "day"),
        ("Leuven", "24062", "planned", "2019-04-01", "day"),
        ("Mechelen", "12025", "operational", "2019-02-28", "day"),
    ])


@pytest.mark.parametrize("lang, reason", [("en", "Why it was left out"), ("fr", "Pourquoi elle a été laissée de côté")])
def test_the_left_out_file_reads_back_in_every_language(lang, reason):
    report, _ = importer.check_bytes(STAND_CSV, "stand.csv", "status")
    again, _ = importer.check_bytes(importer.left_out_csv(report, lang), "weggelaten.csv", "status")
    assert [(c["header"], c["field"], c["question"]) for c in again.columns][-1] == (reason, None, False)
    assert [(r.input, r.outcome) for r in again.rows] == [("Atlantis", "unknown"), ("Leuven", "question"), ("Mechelen", "invalid")]


def test_the_rows_left_out_of_a_workbook_come_back_under_one_header(engine):
    # Two sheets ordering their columns differently, the second with one more; a workbook is
    # read a thousand cells wide, which the file given back must not be.
    book = openpyxl.Workbook()
    book.active.title = "Antwerpen"
    for row in (["Gemeente", "Status", "Datum"],
                ["Atlantis", "operationeel", "2019-01-01"],  # left out: no such municipality
                ["Gent", "operationeel", "2019-01-01"]):  # lands
        book.active.append(row)
    limburg = book.create_sheet("Limburg")
    for row in (["Datum", "Gemeente", "Status", "Bron"],
                ["2019-02-01", "Genk", "misschien", "gouverneur"],  # left out: the status is asked
                ["2019-03-01", "Hasselt", "gepland", "gouverneur"]):  # lands
        limburg.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    report, records = importer.check_bytes(buffer.getvalue(), "provincies.xlsx", "status", engine)
    assert [(r.sheet, r.input, r.outcome) for r in report.rows] == [
        ("Antwerpen", "Atlantis", "unknown"), ("Antwerpen", "Gent", "ok"),
        ("Limburg", "Genk", "question"), ("Limburg", "Hasselt", "ok"),
    ]
    importer.import_checked(engine, report, records, only_good=True)
    given_back = importer.left_out_csv(report, "nl")
    assert list(csv.reader(io.StringIO(given_back.decode("utf-8-sig")), delimiter=";")) == [
        ["Blad", "Gemeente", "Status", "Datum", "Bron", "Waarom weggelaten"],
        ["Antwerpen", "Atlantis", "operationeel", "2019-01-01", "", report.rows[0].render("nl")],
        ["Limburg", "Genk", "misschien", "2019-02-01", "gouverneur", report.rows[2].render("nl")],
    ]
    fixed = given_back.replace(b"Atlantis", b"Antwerpen").replace(b"misschien", b"gepland")
    again, again_records = importer.check_bytes(fixed, "weggelaten.csv", "status", engine)
    assert [(r.input, r.outcome, r.nis) for r in again.rows] == [("Antwerpen", "ok", "11002"), ("Genk", "ok", "71016")]
    assert (again.errors, again.questions) == (0, [])
    importer.import_checked(engine, again, again_records)
    assert [row[:4] for row in stored_status(engine)] == [
        ("Antwerpen", "11002", "operational", "2019-01-01"),
        ("Genk", "71016", "planned", "2019-02-01"),
        ("Gent", "44021", "operational", "2019-01-01"),
        ("Hasselt", "71072", "planned", "2019-03-01"),
    ]


def test_cli_only_good_writes_the_left_out_rows(tmp_path, cli):
    source, out = tmp_path / "stand.csv", tmp_path / "weggelaten.csv"
    source.write_bytes(STAND_CSV)
    code, stdout, stderr = cli("import", source, "--kind", "status")
    assert (code, out.exists()) == (1, False), stdout + stderr  # whole, or nothing
    code, stdout, stderr = cli("import", source, "--kind", "status", "--only-good", "--left-out", out)
    assert code == 0, stdout + stderr
    assert stdout.strip().splitlines()[-1] == "imported: 2 written, 1 skipped, 3 left out (the demo dataset was replaced)"
    assert out.read_bytes() == importer.left_out_csv(importer.check_bytes(STAND_CSV, "stand.csv", "status")[0])


# --- the demo dataset -------------------------------------------------------------------------


def test_the_dry_run_on_the_demo_names_what_importing_removes(engine):
    demo = registry.load_registry(registry.DEMO_DIR)
    expected = {
        "status_events": len(demo.status), "municipalities": demo.status["nis_2025"].nunique(),
        "visits": len(demo.visits), "cells": len(demo.cells),
    }
    report, records = importer.check_bytes(STAND_CSV, "stand.csv", "status", engine)
    assert report.demo == expected and min(expected.values()) > 0
    for lang in ("en", "nl", "fr"):
        warning = report.demo_warning.render(lang)
        assert all(str(n) in warning for n in expected.values()), warning
    assert report.as_json()["replaces_demo"] == expected
    importer.import_checked(engine, report, records, only_good=True)
    after, _ = importer.check_bytes(STAND_CSV, "stand.csv", "status", engine)
    assert (after.demo, after.demo_warning, after.as_json()["replaces_demo"]) == (None, None, None)


def test_the_dry_run_on_an_empty_store_says_nothing_of_a_demo(store_url):
    engine = store.open_store(store_url, seed_demo=False)
    try:
        report, _ = importer.check_bytes(STAND_CSV, "stand.csv", "status", engine)
        assert (report.demo, report.demo_warning) == (None, None)
    finally:
        engine.dispose()


# --- a workbook with a sheet per province, totals and notes ---------------------------------

TITLE = "Bevraging LIVC-R juni 2019 – provincie {}"
HEADER = ["Gemeente", "Status", "Datum"]
# Each sheet as written (rows 1-2: a title and a blank row, the header on row 3), then each
# data row's (sheet, sheet row, input, outcome, NIS code) as the check must report it.
PROVINCES = {
    "Antwerpen": [
        ["Antwerpen", "operationeel", "2016-05-27"],
        ["Mechelen", "in oprichting", "03/2019"],
        ["Totaal", 2, None],
    ],
    "Limburg": [
        ["Genk", "gepland", "2e kwartaal 2019"],
        ["Hasselt", "operationeel", "2018"],
        ["* Opglabbeek en Meeuwen-Gruitrode vormen samen Oudsbergen", None, None],
        ["Totaal provincie Limburg", 2, None],
    ],
    "West-Vlaanderen": [
        ["Brugge", "geen cel", None],
        ["Oostende", "operationeel", "2017-09-01"],
    ],
}
WORKBOOK_ROWS = [
    ("Antwerpen", 4, "Antwerpen", "ok", "11002"),
    ("Antwerpen", 5, "Mechelen", "ok", "12025"),
    ("Antwerpen", 6, "Totaal", "total", None),
    ("Limburg", 4, "Genk", "ok", "71016"),
    ("Limburg", 5, "Hasselt", "ok", "71072"),
    ("Limburg", 6, "* Opglabbeek en Meeuwen-Gruitrode vormen samen Oudsbergen", "note", None),
    ("Limburg", 7, "Totaal provincie Limburg", "total", None),
    ("West-Vlaanderen", 4, "Brugge", "ok", "31005"),
    ("West-Vlaanderen", 5, "Oostende", "ok", "35013"),
]


def provinces_workbook() -> bytes:
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Toelichting"
    for line in ("Toelichting bij de bevraging", "Status: operationeel, in oprichting, gepland of geen cel",
                 "Bron: diensten van de gouverneurs, juni 2019"):
        notes.append([line])
    for province, rows in PROVINCES.items():
        sheet = book.create_sheet(province)
        sheet.append([TITLE.format(province)])
        sheet.append([])
        sheet.append(HEADER)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_every_province_sheet_is_read_and_totals_and_notes_are_not_imported(engine):
    day = dt.date(2026, 12, 1)  # the import's day, which an undated status is recorded as of
    report, records = importer.check_bytes(provinces_workbook(), "bevraging-2019.xlsx", "status", engine, today=day)
    assert (report.sheets, report.skipped_sheets) == (list(PROVINCES), ["Toelichting"])
    assert [(r.sheet, r.line, r.input, r.outcome, r.nis) for r in report.rows] == WORKBOOK_ROWS
    assert [r.row for r in report.rows] == list(range(1, len(WORKBOOK_ROWS) + 1))
    assert (report.errors, report.questions) == (0, [])
    importer.import_checked(engine, report, records)
    assert (report.written, report.skipped, report.left_out) == (6, 3, 0)
    assert stored_status(engine) == sorted([
        ("Antwerpen", "11002", "operational", "2016-05-27", "day"),
        ("Mechelen", "12025", "being_set_up", "2019-03-01", "month"),
        ("Genk", "71016", "planned", "2019-04-01", "quarter"),
        ("Hasselt", "71072", "operational", "2018-01-01", "year"),
        ("Brugge", "31005", "none", "2026-12-01", "day"),  # no date: as of the import day
        ("Oostende", "35013", "operational", "2017-09-01", "day"),
    ])


def test_cli_json_keeps_one_row_object_per_data_row(tmp_path, cli):
    path = tmp_path / "bevraging-2019.xlsx"
    path.write_bytes(provinces_workbook())
    code, out, err = cli("check", path, "--kind", "status", "--json")
    assert code == 0, out + err
    payload = last_json(out)
    assert len(payload["rows"]) == sum(len(rows) for rows in PROVINCES.values())
    assert all({"row", "sheet", "line", "input", "outcome", "nis"} <= row.keys() for row in payload["rows"])
    assert [(r["sheet"], r["line"], r["input"], r["outcome"], r["nis"]) for r in payload["rows"]] == WORKBOOK_ROWS
    assert [r["row"] for r in payload["rows"]] == list(range(1, len(WORKBOOK_ROWS) + 1))
    assert (payload["sheets"], payload["skipped_sheets"]) == (list(PROVINCES), ["Toelichting"])


# --- dates --------------------------------------------------------------------------------

VAGUE = [
    # (municipality, date as written, 2025 code, the day it is counted from, precision)
    ("Gent", "03/2019", "44021", "2019-03-01", "month"),
    ("Leuven", "2e kwartaal 2019", "24062", "2019-04-01", "quarter"),
    ("Mechelen", "2019", "12025", "2019-01-01", "year"),
    ("Brugge", "juni 2019", "31005", "2019-06-01", "month"),
    ("Genk", "Q3 2020", "71016", "2020-07-01", "quarter"),
    ("Oostende", "12/03/2019", "35013", "2019-03-12", "day"),
]


def test_vague_dates_land_with_their_precision(engine):
    text = "Gemeente;Status;Datum\n" + "".join(f"{name};operationeel;{date}\n" for name, date, *_ in VAGUE)
    report, records = importer.check_bytes(text.encode(), "vaag.csv", "status", engine)
    assert [(r.input, r.outcome) for r in report.rows] == [(name, "ok") for name, *_ in VAGUE]
    importer.import_checked(engine, report, records)
    assert stored_status(engine) == sorted((name, nis, "operational", day, precision) for name, _, nis, day, precision in VAGUE)


def test_a_status_of_no_cell_without_a_date_lands_once(engine):
    first_day, later = dt.date(2026, 12, 1), dt.date(2027, 3, 15)
    text = (
        b"Gemeente;Status;Datum\n"
        b"Brugge;geen cel;\n"  # none, no date: lands as of the import day
        b"Gent;onbekend;n.v.t.\n"  # unknown, "not applicable" for a date: the same
        b"Leuven;operationeel;\n"  # any other status needs its date
    )
    report, _ = importer.check_bytes(text, "geen-cel.csv", "status", engine, today=first_day)
    assert rows_of(report) == [(1, "Brugge", "ok", "31005"), (2, "Gent", "ok", "44021"), (3, "Leuven", "invalid", "24062")]
    good = text.replace(b"Leuven;operationeel;\n", b"")
    report, records = importer.check_bytes(good, "geen-cel.csv", "status", engine, today=first_day)
    importer.import_checked(engine, report, records)
    landed = [("Brugge", "31005", "none", "2026-12-01", "day"), ("Gent", "44021", "unknown", "2026-12-01", "day")]
    assert (report.written, stored_status(engine)) == (2, landed)
    # Months later, the same file is the same rows: nothing is written again.
    again, again_records = importer.check_bytes(good, "geen-cel.csv", "status", engine, today=later)
    assert [(r.duplicate, r.message) for r in again.rows] == [(True, "already in the store: skipped")] * 2
    importer.import_checked(engine, again, again_records)
    assert (again.written, again.skipped, stored_status(engine)) == (0, 2, landed)


# --- no temporary files ---------------------------------------------------------------------


def test_check_bytes_writes_no_temporary_file(engine, tmp_path, monkeypatch):
    # Written first: openpyxl itself writes a workbook through temporary files.
    files = ((STAND_CSV, "stand.csv"), (provinces_workbook(), "bevraging-2019.xlsx"))
    # A temporary folder of the test's own, so that other processes' files cannot interfere.
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    monkeypatch.setenv("TMPDIR", str(private))
    assert tempfile.gettempdir() == str(private)
    before = sorted(os.listdir(tempfile.gettempdir()))
    for data, name in files:
        report, _ = importer.check_bytes(data, name, "status", engine)
        assert report.rows
    assert sorted(os.listdir(tempfile.gettempdir())) == before == []
