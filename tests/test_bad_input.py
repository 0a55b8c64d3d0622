"""Nothing a file or a field can do to the store: the bad-input corpus of tests/data/bad.

Each file is checked and imported against a fresh SQLite store. A refused file (unreadable,
or with a row in error) leaves the store file byte-for-byte as it was; a file whose only
oddity is hostile text imports, and the text is stored verbatim (pages escape it at
display, exports neutralise formulas). The large and binary files (a million rows, zip
bombs, a file over the size limit) are written here at run time, never committed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from geo.settings import ROOT
from conftest import store_state
from loaders import importer, reading, store
from loaders.store import export
from loaders.importer import RowReport
from loaders.reading import ReadError

BAD = Path(__file__).parent / "data" / "bad"
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "=cmd|' /C calc'!A0", "+SUM(1)", "@A1", "-2+3"]


# ---------------------------------------------------------------------------------------
# Files written at run time: too large to commit, or a hazard in a repository


def status_workbook_parts() -> dict[str, bytes]:
    """The parts of a small, valid status workbook."""
    buffer = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active.append(["Gemeente", "Status", "Datum"])
    wb.active.append(["Gent", "operationeel", "2016-05-27"])
    wb.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_padded_workbook(path: Path, part: str, megabytes: int) -> Path:
    """A workbook whose `part` is followed by megabytes of spaces (valid XML, 1000:1 deflated)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in status_workbook_parts().items():
            if name != part:
                archive.writestr(name, data)
                continue
            with archive.open(name, "w") as stream:
                stream.write(data)
                for _ in range(megabytes):
                    stream.write(b" " * 1_000_000)
    return path


def write_zip_bomb(path: Path) -> Path:
    # 110 MB of sheet: more than a workbook may unpack to, whatever its compression ratio.
    return write_padded_workbook(path, "xl/worksheets/sheet1.xml", 110)


def write_ratio_bomb(path: Path) -> Path:
    # 60 MB under the size limit, but at a ratio no workbook has.
    return write_padded_workbook(path, "xl/worksheets/sheet1.xml", 60)


def write_lying_bomb(path: Path) -> Path:
    """styles.xml claims its true size and checksum but unpacks to 50 MB more.

    openpyxl reads styles.xml whole, trusting the claim: it would unpack all of it (up to
    2 GB from a 20 MB file) before cutting it to the claimed size, which then matches.
    """
    styles = status_workbook_parts()["xl/styles.xml"]
    write_padded_workbook(path, "xl/styles.xml", 50)
    return set_header_fields(path, "xl/styles.xml", {
        (16, 14): zlib.crc32(styles).to_bytes(4, "little"),  # CRC-32
        (24, 22): len(styles).to_bytes(4, "little"),  # uncompressed size
    })


def set_header_fields(path: Path, part: str, fields: dict[tuple[int, int], bytes]) -> Path:
    """Overwrite bytes of a part's central and local headers: {(central, local offset): bytes}."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    local = data.rfind(b"PK\x03\x04", 0, data.find(name))
    for (central_at, local_at), value in fields.items():
        data[central + central_at: central + central_at + len(value)] = value
        data[local + local_at: local + local_at + len(value)] = value
    path.write_bytes(bytes(data))
    return path


def write_encrypted_part(path: Path) -> Path:
    # The "encrypted" flag on one part: zipfile would ask for a password.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in status_workbook_parts().items():
            archive.writestr(name, data)
    return set_header_fields(path, "xl/workbook.xml", {(8, 6): b"\x01"})


def write_bzip2_workbook(path: Path) -> Path:
    # zipfile unpacks bzip2 without any bound on the output of a chunk.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in status_workbook_parts().items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_BZIP2 if name.endswith("sheet1.xml") else None)
    return path


def write_million_rows(path: Path) -> Path:
    # 14 MB: under the size limit, so the row limit has to catch it.
    path.write_bytes(b"Gemeente;Status;Datum\n" + b"Gent;x;1/1/19\n" * 1_000_000)
    return path


def write_too_large(path: Path) -> Path:
    with path.open("wb") as f:  # sparse: 25 MB on paper, nothing on disk
        f.truncate(25_000_000)
    return path


def write_huge_cell(path: Path) -> Path:
    path.write_text("Gemeente;Status;Datum;Bron\nGent;gepland;2019-01-01;" + "x" * 200_000 + "\n")
    return path


def write_sheet(path: Path, rows: dict[int, dict[str, str]]) -> Path:
    """A status workbook whose sheet has the given {row number: {column letter: text}}."""
    parts = status_workbook_parts()
    head, rest = parts["xl/worksheets/sheet1.xml"].decode().split("<sheetData>")
    tail = rest.split("</sheetData>")[1]
    data = "".join(
        f'<row r="{number}">'
        + "".join(f'<c r="{column}{number}" t="inlineStr"><is><t>{text}</t></is></c>' for column, text in cells.items())
        + "</row>"
        for number, cells in rows.items()
    )
    parts["xl/worksheets/sheet1.xml"] = f"{head}<sheetData>{data}</sheetData>{tail}".encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return path


HEADER_CELLS = {"A": "Gemeente", "B": "Status", "C": "Datum"}
ROW_CELLS = {"A": "Gent", "B": "operationeel", "C": "2016-05-27"}


GENERATED = {
    "million_rows.csv": write_million_rows,
    "too_large.csv": write_too_large,
    "huge_cell.csv": write_huge_cell,
    "zip_bomb.xlsx": write_zip_bomb,
    "zip_bomb_ratio.xlsx": write_ratio_bomb,
    "zip_bomb_lying.xlsx": write_lying_bomb,
    "bzip2.xlsx": write_bzip2_workbook,
    "encrypted_part.xlsx": write_encrypted_part,
}


def bad_file(tmp_path: Path, name: str) -> Path:
    if name in GENERATED:
        return GENERATED[name](tmp_path / name)
    path = BAD / name
    assert path.is_file(), f"{name} is missing from tests/data/bad: run tests/data/bad/make_bad.py"
    return path


# ---------------------------------------------------------------------------------------
# The store


def store_hash(engine: sa.Engine) -> str:
    """The store's state (conftest.store_state: the SQLite file's bytes; every row on PostgreSQL)."""
    return store_state(engine)


def stored(engine: sa.Engine, kind: str) -> list[tuple]:
    """What an import wrote of `kind`, oldest first, as the store holds it."""
    with engine.connect() as connection:
        if kind == "status":
            events, cells = store.schema.status_events, store.schema.cells
            query = (
                sa.select(events.c.municipality, events.c.nis_2025, events.c.status, events.c.effective, events.c.source,
                          cells.c.name)
                .select_from(events.outerjoin(cells))
                .where(events.c.origin != store.schema.DEMO_ORIGIN)
                .order_by(events.c.event_id)
            )
        else:
            visits, places = store.schema.visits, store.schema.visit_municipalities
            query = (
                sa.select(visits.c.visit_id, visits.c.visited_on, visits.c.team, visits.c.offer,
                          visits.c.internal_notes, places.c.municipality)
                .join(places)
                .where(visits.c.origin != store.schema.DEMO_ORIGIN)
                .order_by(visits.c.visited_on, visits.c.visit_id)
            )
        return [tuple(v.isoformat() if hasattr(v, "isoformat") else v for v in row) for row in connection.execute(query)]


# ---------------------------------------------------------------------------------------
# Files that cannot be read at all

# A value no word or keyword of the vocabulary explains: a question for the mapping.
NOT_RECOGNISED = "not recognised: {}; say what it means in the mapping, or leave these rows out"
NO_STATUS_HEADER = "no header row found in the first 10 rows (a status table needs headers such as 'Gemeente', 'Status', 'Datum')"

UNREADABLE = [
    ("truncated_mid_quote.csv", "status", "truncated_mid_quote.csv: the quote opened on line 3 is never closed"),
    ("truncated.xlsx", "status", "truncated.xlsx: damaged or incomplete Excel workbook (File is not a zip file)"),
    ("garbage.csv", "status", "garbage.csv: binary content, not a CSV text file"),
    ("png_renamed.xlsx", "status",
     "png_renamed.xlsx: not an Excel workbook (an .xlsx file is a zip archive, this one is not)"),
    ("utf16le_no_bom.csv", "status",
     'utf16le_no_bom.csv: UTF-16 text without a byte order mark (BOM); save it from Excel as "CSV UTF-8" or as '
     '"Unicode text"'),
    ("wrong_delimiter.csv", "status",
     f"wrong_delimiter.csv: {NO_STATUS_HEADER}; line 1 looks like a header with its columns separated by ':', "
     "which is not a CSV delimiter (use ; , TAB or |)"),
    ("empty.csv", "status", "empty.csv: the file is empty"),
    ("header_only.csv", "status", "header_only.csv: a header and no rows below it; nothing to import"),
    ("blank_lines.csv", "status", "blank_lines.csv: the file is empty"),
    ("nul_byte.csv", "status",
     "nul_byte.csv: a NUL character on line 3, which no CSV text has; remove it or save the file again from Excel"),
    ("docx_renamed.xlsx", "status", "docx_renamed.xlsx: a zip archive, but not an Excel workbook"),
    ("password_protected.xlsx", "status",
     "password_protected.xlsx: an old Excel .xls workbook or a password-protected one; save it without a "
     "password as .xlsx or as CSV"),
    ("entity_expansion.xlsx", "status",
     "entity_expansion.xlsx: not a safe Excel workbook: part 'xl/worksheets/sheet1.xml' declares a DTD"),
    ("external_entity.xlsx", "status",
     "external_entity.xlsx: not a safe Excel workbook: part 'xl/worksheets/sheet1.xml' declares a DTD"),
    # Generated at run time:
    ("million_rows.csv", "status",
     "million_rows.csv: more than 200,000 rows, the most a file may have; split it into several files"),
    ("too_large.csv", "status", "too_large.csv: 25 MB, more than the 20 MB a file may have; split it into several files"),
    ("huge_cell.csv", "status",
     "huge_cell.csv: a cell of more than 131,072 characters on line 2; is a quote never closed?"),
    ("zip_bomb.xlsx", "status",
     "zip_bomb.xlsx: looks like a zip bomb, not a workbook: it would unpack to 110.1 MB, more than the 100 MB a "
     "workbook may; save large tables as CSV"),
    ("zip_bomb_ratio.xlsx", "status",
     "zip_bomb_ratio.xlsx: looks like a zip bomb, not a workbook: part 'xl/worksheets/sheet1.xml' would unpack "
     "to 60.1 MB, more than 100 times its packed size"),
    ("zip_bomb_lying.xlsx", "status",
     "zip_bomb_lying.xlsx: looks like a zip bomb, not a workbook: part 'xl/styles.xml' unpacks to more than it "
     "declares"),
    ("bzip2.xlsx", "status",
     "bzip2.xlsx: looks like a zip bomb, not a workbook: part 'xl/worksheets/sheet1.xml' uses a compression method "
     "Excel never writes"),
    ("encrypted_part.xlsx", "status",
     "encrypted_part.xlsx: part 'xl/workbook.xml' is encrypted; save the workbook without a password"),
]


@pytest.mark.parametrize("name, kind, message", UNREADABLE, ids=[c[0] for c in UNREADABLE])
def test_an_unreadable_file_is_refused_and_the_store_is_untouched(tmp_path, engine, name, kind, message):
    path = bad_file(tmp_path, name)
    before = store_hash(engine)
    with pytest.raises(ReadError) as checked:
        importer.check_file(path, kind, engine)
    with pytest.raises(ReadError) as imported:
        importer.import_file(engine, path, kind)
    assert (str(checked.value), str(imported.value), store_hash(engine)) == (message, message, before)


MESSAGES = {name: message for name, _, message in UNREADABLE}


# Readable, but a person must say which column is which: asked, and nothing lands until then.
ASKED = [
    # Two columns named alike: neither is picked.
    ("duplicated_headers.csv", "status", [("missing", "municipality"), ("column", "Gemeente")],
     "duplicated_headers.csv: no column gives the municipality yet; say which one in the mapping"),
    # A status table given as visits: no team, no offer.
    ("status_as_visits.csv", "visits", [("missing", "offer"), ("missing", "team")],
     "status_as_visits.csv: no column gives the team, offer yet; say which one in the mapping"),
    # A visits table given as status: its dates and places are known, its status is not.
    ("visits_as_status.csv", "status", [("missing", "status")],
     "visits_as_status.csv: no column gives the status yet; say which one in the mapping"),
]


@pytest.mark.parametrize("name, kind, questions, row_message", ASKED, ids=[c[0] for c in ASKED])
def test_a_file_whose_columns_are_not_known_asks_and_lands_nothing(tmp_path, engine, name, kind, questions, row_message):
    path = bad_file(tmp_path, name)
    before = store_hash(engine)
    report, _ = importer.check_file(path, kind, engine)
    asked = [(q.kind, q.field if q.kind == "missing" else q.text) for q in report.questions]
    with pytest.raises(importer.ImportRefused):
        importer.import_file(engine, path, kind)
    rows = [(r.outcome, r.message) for r in report.rows]
    assert (asked, rows, store_hash(engine)) == (questions, [("question", row_message)] * len(rows), before)


@pytest.mark.parametrize(
    "name, seconds, megabytes",
    [
        ("million_rows.csv", 1.5, 64),  # the file itself is 14 MB, its text as much again
        ("too_large.csv", 0.1, 1),  # refused by its size, never read
        ("zip_bomb.xlsx", 0.2, 4),
        ("zip_bomb_ratio.xlsx", 0.2, 4),
        ("zip_bomb_lying.xlsx", 0.2, 8),  # unpacked 1 MB at a time, and only just past its claim
        ("bzip2.xlsx", 0.2, 4),
    ],
)
def test_large_files_and_zip_bombs_are_refused_quickly_in_little_memory(tmp_path, name, seconds, megabytes):
    path = bad_file(tmp_path, name)
    start = time.perf_counter()
    with pytest.raises(ReadError):
        reading.read_table(path, "status")
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    try:
        with pytest.raises(ReadError):
            reading.read_table(path, "status")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (elapsed < seconds, peak < megabytes * 1_000_000) == (True, True), (elapsed, peak)


def test_a_value_in_column_xfd_does_not_make_every_row_16384_cells_of_work(tmp_path):
    # 5,000 rows with a note in the sheet's last column read about as fast as without it
    # (read whole, each row of 16,384 cells took four times as long). Timed against the
    # same sheet without the notes, so that a busy machine slows both alike.
    rows = {1: HEADER_CELLS} | {n: ROW_CELLS for n in range(2, 5_002)}
    timings, tables = [], []
    for name, sheet_rows in [("narrow.xlsx", rows), ("wide.xlsx", {n: c | {"XFD": "far away"} for n, c in rows.items()})]:
        path = write_sheet(tmp_path / name, sheet_rows)
        start = time.perf_counter()
        tables.append(reading.read_table(path, "status"))
        timings.append(time.perf_counter() - start)
    assert (tables[1].rows == tables[0].rows, len(tables[1].rows), timings[1] < 2.5 * timings[0]) == (
        True, 5_000, True
    ), timings


@pytest.mark.parametrize(
    "last_row, outcome",
    [
        pytest.param(1_048_576, "2 rows", id="Excel's last row"),  # the gap before it is skipped, quickly
        pytest.param(99_999_999, "damaged Excel workbook (ValueError: a row past Excel's last, 1,048,576)",
                     id="past Excel's last row"),
    ],
)
def test_a_row_far_below_is_read_or_refused_in_bounded_time(tmp_path, last_row, outcome):
    path = write_sheet(tmp_path / "far.xlsx", {1: HEADER_CELLS, 2: ROW_CELLS, last_row: ROW_CELLS})
    start = time.perf_counter()
    try:
        result = f"{len(reading.read_table(path, 'status').rows)} rows"
    except ReadError as error:
        result = str(error).removeprefix("far.xlsx: ")
    assert (result, time.perf_counter() - start < 1) == (outcome, True)


# ---------------------------------------------------------------------------------------
# Files that read, with rows in error: refused whole


def error(row, given, nis, outcome, message) -> RowReport:
    return RowReport(row, given, nis, outcome, message)


def ok(row, given, nis, message) -> RowReport:
    return RowReport(row, given, nis, "ok", message)


ROW_ERRORS = [
    ("dates_impossible.csv", "status", [
        error(1, "Gent", "44021", "invalid", "dates_impossible.csv, row 1, column 'Datum': impossible date '31/02/2019'"),
        error(2, "Genk", "71016", "invalid", "dates_impossible.csv, row 2, column 'Datum': impossible date '2019-13-01'"),
        error(3, "Menen", "34027", "invalid", "dates_impossible.csv, row 3, column 'Datum': impossible date '00/00/0000'"),
    ]),
    ("codes_leading_zeros.csv", "status", [
        ok(1, "11001", "11001", "Aartselaar (11001)"),
        ok(2, "11001.0", "11001", "Aartselaar (11001)"),
        error(3, "1001", None, "unknown",
              "codes_leading_zeros.csv, row 3, column 'Gemeente': 1001 is not a NIS code (they have 5 digits)"),
        error(4, "01001", None, "unknown",
              "codes_leading_zeros.csv, row 4, column 'Gemeente': 01001 is not a municipality code of 2018, 2019 or 2025"),
    ]),
    ("extra_cells.csv", "status", [
        ok(1, "Gent", "44021", "Gent (44021)"),
        error(2, "Genk", "71016", "invalid",
              "extra_cells.csv, row 2, column 5 (no header): 'Genk en Menen' lies beyond the last column; quote any "
              "value holding ',', or give the column a header"),
    ]),
    ("unknown_status.csv", "status", [
        ok(1, "Gent", "44021", "Gent (44021)"),
        error(2, "Genk", "71016", "question", "unknown_status.csv, row 2, column 'Status': " + NOT_RECOGNISED.format("'misschien'")),
    ]),
    ("unknown_team.csv", "visits", [
        error(1, "Genk", "71016", "question", "unknown_team.csv, row 1, column 'Ploeg': " + NOT_RECOGNISED.format("'A-Team'")),
    ]),
    ("visit_without_municipality.csv", "visits", [
        error(1, "", None, "unknown", "visit_without_municipality.csv, row 1, column 'Gemeenten': no municipality given"),
    ]),
    ("too_long_values.csv", "status", [
        error(1, "Gent", "44021", "invalid",
              "too_long_values.csv, row 1, column 'Bron': 256 characters, more than the 255 the registry keeps; "
              "too_long_values.csv, row 1, column 'Cell id': 65 characters, more than the 64 the registry keeps"),
    ]),
    ("control_characters.csv", "visits", [
        error(1, "Genk", "71016", "invalid",
              "control_characters.csv, row 1, column 'Notities': a control character (U+001B) that no spreadsheet "
              "can hold; remove it"),
    ]),
]


@pytest.mark.parametrize("name, kind, rows", ROW_ERRORS, ids=[c[0] for c in ROW_ERRORS])
def test_a_file_with_rows_in_error_is_refused_whole_and_the_store_is_untouched(engine, name, kind, rows):
    path = BAD / name
    before = store_hash(engine)
    report, _ = importer.check_file(path, kind, engine)
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_file(engine, path, kind)
    assert (report.rows, refused.value.report.rows, store_hash(engine)) == (rows, rows, before)


def test_hostile_text_in_every_column_is_reported_verbatim_and_refused(engine):
    # Values of every column, the municipality included, are a script or a formula: each is
    # an error, and each message quotes the value as it was (escaping is the page's job).
    before = store_hash(engine)
    report, _ = importer.check_file(BAD / "hostile_every_column.csv", "visits", engine)
    assert [(r.row, r.input, r.outcome, r.nis) for r in report.rows] == [
        (row, hostile, "unknown", None) for row, hostile in enumerate(HOSTILE, start=1)
    ]
    # The date column's message quotes the whole value (the municipalities cell is split at / and |).
    assert [f"column 'Datum': not a date: '{hostile}'" in r.message for r, hostile in zip(report.rows, HOSTILE)] == [
        True
    ] * len(HOSTILE)
    with pytest.raises(importer.ImportRefused):
        importer.import_file(engine, BAD / "hostile_every_column.csv", "visits")
    assert store_hash(engine) == before


# ---------------------------------------------------------------------------------------
# Files that import, oddities and all

IMPORTED = [
    ("cp1252_accents.csv", "status", [
        ("Liège", "62063", "operational", "2016-05-27", "Enquête été", "CSIL-R Liège"),
        ("Écaussinnes", "55050", "planned", "2018-03-01", "import of cp1252_accents.csv", None),
    ]),
    ("bom_crlf.csv", "status", [("Gent", "44021", "operational", "2016-05-27", "Bevraging", "LIVC-R Gent")]),
    ("dates_five_formats.csv", "status", [
        ("Gent", "44021", "operational", "2016-05-27", "iso", None),
        ("Genk", "71016", "operational", "2016-05-27", "dd/mm/yyyy", None),
        ("Menen", "34027", "operational", "2016-05-27", "dd-mm-yy", None),
        ("Kortrijk", "34022", "operational", "2016-05-27", "written in Dutch", None),
    ]),
    ("dates_excel_serial.xlsx", "status", [
        ("Brugge", "31005", "operational", "2016-05-27", "serial number", None),
        ("Oostende", "35013", "operational", "2016-05-27", "date cell", None),
    ]),
    ("hostile_status.csv", "status", [
        ("Gent", "44021", "operational", "2016-05-27", HOSTILE[1], HOSTILE[0]),
        ("Genk", "71016", "planned", "2017-01-01", HOSTILE[3], HOSTILE[2]),
        ("Menen", "34027", "being_set_up", "2018-02-02", HOSTILE[5], HOSTILE[4]),
    ]),
    ("hostile_visits.csv", "visits", [
        (hostile, f"2019-01-0{day}", "radix_front_office", "field_analysis", hostile, "Genk")
        for day, hostile in enumerate(HOSTILE, start=1)
    ]),
    ("hostile_cells.xlsx", "status", [
        ("Gent", "44021", "operational", "2016-05-01", HOSTILE[5], HOSTILE[0]),
        ("Genk", "71016", "operational", "2016-05-02", HOSTILE[4], HOSTILE[1]),
        ("Menen", "34027", "operational", "2016-05-03", HOSTILE[3], HOSTILE[2]),
    ]),
    # Formulas are never run: Gent and the date are the values Excel cached; the cell and
    # the source have none, so they are empty (the source then says where the row came from).
    ("formula_cells.xlsx", "status", [
        ("Gent", "44021", "operational", "2016-05-27", "import of formula_cells.xlsx", None),
    ]),
    ("header_on_row_5.xlsx", "status", [("Gent", "44021", "operational", "2016-05-27", "Bevraging", "LIVC-R Gent")]),
    # The link to http://example.invalid/evil.xlsx is not loaded; the cached value is read.
    ("external_link.xlsx", "status", [("Gent", "44021", "operational", "2016-05-27", "Bevraging", None)]),
    ("macro.xlsm", "status", [("Gent", "44021", "operational", "2016-05-27", "Bevraging", None)]),
    # Our exports' apostrophe before a formula comes off, once; any other stays.
    ("apostrophe_formulas.csv", "visits", [
        ("V-1", "2019-02-01", "radix_front_office", "field_analysis", "=1+1", "Genk"),
        ("V-2", "2019-02-02", "radix_front_office", "field_analysis", "'-2", "Genk"),
        ("V-3", "2019-02-03", "radix_front_office", "field_analysis", "'quoted", "Genk"),
    ]),
]


@pytest.mark.parametrize("name, kind, expected", IMPORTED, ids=[c[0] for c in IMPORTED])
def test_a_file_whose_oddities_are_data_imports_verbatim(engine, name, kind, expected):
    report = importer.import_file(engine, BAD / name, kind)
    assert (report.errors, report.written, stored(engine, kind)) == (0, len(expected), expected)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
@pytest.mark.parametrize("name, kind", [("hostile_status.csv", "status"), ("hostile_visits.csv", "visits")])
def test_hostile_text_exports_inert_and_reimports_verbatim(tmp_path, engine, name, kind, suffix):
    importer.import_file(engine, BAD / name, kind)
    out = tmp_path / f"export.{suffix}"
    export.export_file(engine, kind, out)
    if suffix == "csv":
        cells = [cell for row in csv.reader(out.read_text(encoding="utf-8").splitlines()) for cell in row]
        kinds = {"s"}
    else:
        sheet = openpyxl.load_workbook(out).active  # not read-only: it tells formulas apart
        cells = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
        kinds = {cell.data_type for row in sheet.iter_rows() for cell in row if cell.value is not None}
    # Nothing a spreadsheet would run: every formula-like value carries the apostrophe.
    assert ([c for c in cells if c.startswith(reading.FORMULA_STARTS)], kinds) == ([], {"s"})
    fresh = store.open_store(f"sqlite:///{tmp_path / 'fresh.sqlite'}", seed_demo=False)
    importer.import_file(fresh, out, kind)
    assert stored(fresh, kind) == stored(engine, kind)
    fresh.dispose()


# ---------------------------------------------------------------------------------------
# The command line, as the team would run it


def run_cli(*args: str, url: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, LIVCR_DATABASE_URL=url)
    return subprocess.run([sys.executable, "-m", "loaders", *args], capture_output=True, text=True, cwd=ROOT, env=env)


@pytest.mark.parametrize(
    "command, name, kind, code, stderr",
    [
        pytest.param("check", "nul_byte.csv", "status", 2, MESSAGES["nul_byte.csv"], id="check nul_byte.csv"),
        pytest.param("check", "zip_bomb.xlsx", "status", 2, MESSAGES["zip_bomb.xlsx"], id="check zip_bomb.xlsx"),
        pytest.param("import", "zip_bomb_lying.xlsx", "status", 2, MESSAGES["zip_bomb_lying.xlsx"],
                     id="import zip_bomb_lying.xlsx"),
        pytest.param("check", "dates_impossible.csv", "status", 1, "", id="check dates_impossible.csv"),
        pytest.param(
            "import", "unknown_status.csv", "status", 1,
            "unknown_status.csv: 1 row(s) in error, nothing imported; first: row 2: unknown_status.csv, row 2, "
            "column 'Status': " + NOT_RECOGNISED.format("'misschien'"),
            id="import unknown_status.csv",
        ),
        pytest.param("check", "hostile_visits.csv", "visits", 0, "", id="check hostile_visits.csv"),
    ],
)
def test_cli_refuses_without_touching_the_store(tmp_path, engine, command, name, kind, code, stderr):
    path = bad_file(tmp_path, name)
    before = store_hash(engine)
    result = run_cli(command, str(path), "--kind", kind, "--json", url=str(engine.url))
    rows = [r.as_json() for r in importer.check_file(path, kind)[0].rows] if code != 2 else None
    payload = json.loads(result.stdout)["rows"] if code != 2 else None
    assert (result.returncode, result.stderr.strip(), payload, store_hash(engine)) == (code, stderr, rows, before)


def test_the_corpus_is_documented():
    """Each committed file is in README.md, and each file README.md names exists or is generated."""
    readme = (BAD / "README.md").read_text(encoding="utf-8")
    listed = {line.split("`")[1] for line in readme.splitlines() if line.startswith("| `")}
    committed = {p.name for p in BAD.iterdir() if p.name not in ("README.md", "make_bad.py")}
    assert (committed - listed, listed - committed - set(GENERATED)) == (set(), set())
    assert len(committed) >= 30
