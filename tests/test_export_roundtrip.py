"""An export imported into a new store gives back what was stored, in CSV and XLSX alike:
vague dates at each precision, long notes, formula-like text, the demo dataset. What a
format cannot keep (an XLSX cell over 32,767 characters, a control character, a carriage
return) is reported by `export_file`, never dropped silently."""

from __future__ import annotations

import contextlib
import csv
import io
import pickle

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

import locales
from conftest import TEST_DATABASE_URL, fresh_postgresql_database
from loaders import importer, reading, store
from loaders.reading import Number
from loaders.reading.dates import parse_period
from loaders.store import export
from loaders.store.schema import cells, status_events, visit_municipalities, visits

KINDS = ("status", "visits")
LIMIT = export.XLSX_CELL_LIMIT

# Every precision, formula-like sources and cell names, a status given by an old code.
STATUS_CSV = """gemeente;status;datum;cel;soort cel;bron
Gent;in oprichting;Q2 2018;+Gent;;"=HYPERLINK(""http://example.invalid/"",""klik"")"
Gent;operationeel;03/2019;+Gent;;-1+2
Luik;gepland;2017;;;@SUM(A1)
46013;opgericht;12/03/2019;LIVC-R Kruibeke;politiezone;''=quoted twice
Beveren-Kruibeke-Zwijndrecht;operationeel;2e kwartaal 2025;LIVC-R Kruibeke;politiezone;"Radix; with a semicolon"
Brugge;gepland;2019-10;;;"quoted, with comma ""and quotes"" inside"
"""

LONG_NOTE = "".join(
    f"Regel {i}: opvolging gepland; \"quotes\", commas, é ü ç ß — 👩‍💼 {'x' * (i % 17)}\n" for i in range(1600)
)
assert 2 * LIMIT < len(LONG_NOTE) < csv.field_size_limit()  # beyond XLSX, within the importer's CSV cells

VISITS = [
    # date, municipalities, team, offer, report, follow-up, notes
    ("2019", "Gent", "Radix", "veldanalyse", "ja", "", "known by its year"),
    ("Q3 2019", "Gent;Luik", "Radix", "opleiding", "nee", "2020-01-15", "=1+1"),
    ("07/2019", "Luik", "Mobile Team", "sensibiliseringsdag", "", "", "+32 2 123 45 67"),
    ("2019-07-01", "46013", "Radix", "andere", "ja", "2019-09-01", LONG_NOTE),
    ("12/03/2019", "Brugge", "Radix", "andere", "", "", "line one\r\nline two, with a \"quote\""),
    ("2021-02-03", "Brugge", "Radix", "andere", "", "", "@mention 'and' ''=twice"),
]


def visits_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["datum", "gemeenten", "team", "aanbod", "verslag", "opvolging", "notities"])
    writer.writerows(VISITS)
    return out.getvalue()


def stored(engine) -> dict[str, list[tuple]]:
    """What the store holds of each kind, as the import format carries it: every field of a
    status event (its cell by name and kind) and of a visit (its places as given and resolved)."""
    with engine.connect() as connection:
        events = sorted(
            tuple(row) for row in connection.execute(
                sa.select(
                    status_events.c.municipality, status_events.c.given_code, status_events.c.nis_2025,
                    status_events.c.status, status_events.c.effective, status_events.c.precision,
                    status_events.c.source, cells.c.name, cells.c.kind,
                ).select_from(status_events.outerjoin(cells))
            )
        )
        places: dict[str, list[tuple]] = {}
        for visit_id, *place in connection.execute(sa.select(
            visit_municipalities.c.visit_id, visit_municipalities.c.municipality,
            visit_municipalities.c.given_code, visit_municipalities.c.nis_2025,
        )):
            places.setdefault(visit_id, []).append(tuple(place))
        made = sorted(
            (*row, tuple(sorted(places.get(row[0], []))))
            for row in connection.execute(sa.select(
                visits.c.visit_id, visits.c.visited_on, visits.c.precision, visits.c.team, visits.c.offer,
                visits.c.report_delivered, visits.c.follow_up, visits.c.internal_notes,
            ))
        )
    return {"status": events, "visits": made}


@pytest.fixture
def new_store(store_url, tmp_path):
    """Makes empty stores (no demo) on the backend of the test's store."""
    with contextlib.ExitStack() as stack:
        def make(name: str):
            if store_url.startswith("sqlite"):
                url = f"sqlite:///{tmp_path / f'{name}.sqlite'}"
            else:
                url = stack.enter_context(fresh_postgresql_database(TEST_DATABASE_URL))
            engine = store.open_store(url, seed_demo=False)
            stack.callback(engine.dispose)
            return engine

        yield make


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def fill(engine, tmp_path) -> None:
    for kind, text in (("status", STATUS_CSV), ("visits", visits_csv())):
        report = importer.import_file(engine, write(tmp_path, f"given-{kind}.csv", text), kind)
        assert (report.errors, report.written) == (0, 6), kind


def copied(engine, new_store, tmp_path, suffix: str, name: str = "copy") -> tuple[object, dict[str, list]]:
    """A new store holding the import of each kind's export; and the warnings of each export."""
    copy, warnings = new_store(name), {}
    for kind in KINDS:
        out = tmp_path / f"{name}-{kind}.{suffix}"
        exported = export.export_file(engine, kind, out)
        warnings[kind] = exported.warnings
        report = importer.import_file(copy, out, kind)
        assert report.errors == 0 and report.written == exported == len(store.export_rows(engine, kind)[1])
    return copy, warnings


def test_the_data_holds_every_case(engine, tmp_path):
    fill(engine, tmp_path)
    held = stored(engine)
    assert {row[5] for row in held["status"]} == {"day", "month", "quarter", "year"}
    assert {row[2] for row in held["visits"]} == {"day", "month", "quarter", "year"}
    notes = {row[7] for row in held["visits"]}
    assert LONG_NOTE.strip() in notes and "line one\r\nline two, with a \"quote\"" in notes and "=1+1" in notes
    assert '=HYPERLINK("http://example.invalid/","klik")' in {row[6] for row in held["status"]}


def test_a_csv_export_imports_back_to_exactly_what_was_stored(engine, new_store, tmp_path):
    fill(engine, tmp_path)
    copy, warnings = copied(engine, new_store, tmp_path, "csv")
    assert warnings == {"status": [], "visits": []}
    assert stored(copy) == stored(engine)


def test_an_xlsx_export_imports_back_to_what_was_stored_but_what_it_reports(engine, new_store, tmp_path):
    fill(engine, tmp_path)
    copy, warnings = copied(engine, new_store, tmp_path, "xlsx")
    original, back = stored(engine), stored(copy)
    assert back["status"] == original["status"]
    long_id = next(row[0] for row in original["visits"] if row[7] == LONG_NOTE.strip())
    crlf_id = next(row[0] for row in original["visits"] if "\r\n" in row[7])
    assert warnings["status"] == []
    ids = [row[0] for row in store.export_rows(engine, "visits")[1]]
    sheet_row = {visit_id: index + 2 for index, visit_id in enumerate(ids)}  # row 1 is the header
    assert sorted(warnings["visits"], key=lambda m: m.key) == [
        Message_cut(long_id, sheet_row[long_id], len(LONG_NOTE.strip().encode("utf-16-le")) // 2),
        Message_line_breaks(crlf_id, sheet_row[crlf_id]),
    ]
    # Everything else exactly; the long note as its first 32,767 characters, the CR LF as LF.
    changed = {long_id, crlf_id}
    assert [r for r in back["visits"] if r[0] not in changed] == [r for r in original["visits"] if r[0] not in changed]
    notes = {row[0]: row[7] for row in back["visits"]}
    kept = LONG_NOTE.strip().encode("utf-16-le")[: 2 * LIMIT].decode("utf-16-le", errors="ignore").strip()
    assert notes[long_id] == kept and LONG_NOTE.startswith(kept)
    assert notes[crlf_id] == "line one\nline two, with a \"quote\""


def Message_cut(visit_id: str, row: int, length: int) -> locales.Message:
    return locales.Message(
        "export_cell_cut", record=locales.Message("export_record_visit", visit_id=visit_id), field="internal_notes",
        row=row, length=Number(length), limit=Number(LIMIT),
    )


def Message_line_breaks(visit_id: str, row: int) -> locales.Message:
    return locales.Message(
        "export_cell_line_breaks", record=locales.Message("export_record_visit", visit_id=visit_id),
        field="internal_notes", row=row,
    )


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_vague_dates_are_exported_as_the_importer_reads_them(engine, tmp_path, suffix):
    fill(engine, tmp_path)
    for kind in KINDS:
        header, rows = store.export_rows(engine, kind)
        dates = [row[header.index("date")] for row in rows]
        written = {"status": {"2018-Q2", "2019-03", "2017", "2019-03-12", "2025-Q2", "2019-10"},
                   "visits": {"2019", "2019-Q3", "2019-07", "2019-07-01", "2019-03-12", "2021-02-03"}}[kind]
        assert set(dates) == written
        held = {(row[4], row[5]) for row in stored(engine)[kind]} if kind == "status" else {
            (row[1], row[2]) for row in stored(engine)[kind]
        }
        assert {(p.day, p.precision) for p in map(parse_period, dates)} == held
        out = tmp_path / f"{kind}.{suffix}"
        export.export_file(engine, kind, out)
        if suffix == "xlsx":  # text cells: a year stays "2019", never the number 2019
            sheet = load_workbook(out, read_only=True).active
            column = [c.value for c in next(sheet.iter_rows(max_row=1))].index("date")
            cells_ = [row[column] for row in sheet.iter_rows(min_row=2)]
            assert {c.value for c in cells_} == written and {c.data_type for c in cells_} == {"s"}


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_demo_dataset_exports_and_imports_back(engine, new_store, tmp_path, suffix):
    assert store.load_registry_frames(engine).is_demo
    copy, warnings = copied(engine, new_store, tmp_path, suffix)
    assert warnings == {"status": [], "visits": []}
    assert stored(copy) == stored(engine)
    assert len(stored(copy)["status"]) > 1000 and len(stored(copy)["visits"]) > 400


def test_an_export_of_the_copy_is_the_same_file(engine, new_store, tmp_path):
    """Export, import, export again: the two CSV files are byte for byte the same."""
    fill(engine, tmp_path)
    copy, _ = copied(engine, new_store, tmp_path, "csv")
    for kind in KINDS:
        export.export_file(engine, kind, tmp_path / f"first-{kind}.csv")
        export.export_file(copy, kind, tmp_path / f"second-{kind}.csv")
        assert (tmp_path / f"first-{kind}.csv").read_bytes() == (tmp_path / f"second-{kind}.csv").read_bytes()


# --- what a format cannot keep ----------------------------------------------------------------

def one_visit(engine, tmp_path, notes: str) -> str:
    """Replace the store's content by one visit with these notes (written in the store directly
    when the importer would refuse them); its id."""
    path = write(tmp_path, "one.csv", "visit_id;datum;gemeenten;team;aanbod\nV-LONG;2019-03-12;Gent;Radix;andere\n")
    importer.import_file(engine, path, "visits")
    with engine.begin() as connection:
        connection.execute(sa.update(visits).where(visits.c.visit_id == "V-LONG").values(internal_notes=notes))
    return "V-LONG"


def xlsx_notes(path) -> str:
    sheet = load_workbook(path, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    return rows[1][rows[0].index("internal_notes")]


@pytest.mark.parametrize("notes, kept", [
    ("n" * 40_000, LIMIT),  # plain text: the first 32,767 characters
    ("=" + "n" * LIMIT, LIMIT),  # with its apostrophe the cell would be 32,769
    ("👩" * 20_000, LIMIT - 1),  # two UTF-16 units each, as Excel counts: never half of one
])
def test_an_xlsx_export_reports_a_note_over_the_cell_limit(engine, tmp_path, notes, kept):
    visit_id = one_visit(engine, tmp_path, notes)
    out = tmp_path / "visits.xlsx"
    exported = export.export_file(engine, "visits", out)
    written = reading.neutralise_formula(notes)
    units = len(written.encode("utf-16-le")) // 2
    assert exported == 1 and exported.rows == 1
    assert exported.warnings == [Message_cut(visit_id, 2, units)]
    assert export.export_warnings(engine, "visits", ".xlsx") == exported.warnings
    cell = xlsx_notes(out)
    assert len(cell.encode("utf-16-le")) // 2 == kept and written.startswith(cell)
    message = exported.warnings[0]
    assert str(message) == (
        f"Visit {visit_id}, internal_notes (row 2 of the sheet): {units:,} characters, and an XLSX cell holds at most "
        "32,767; the XLSX export keeps the first 32,767. The CSV export keeps it whole."
    )
    for lang in ("nl", "fr"):
        assert visit_id in message.render(lang) and "32\u202f767" in message.render(lang)
    # The CSV export keeps the whole note, and says nothing.
    exported = export.export_file(engine, "visits", tmp_path / "visits.csv")
    assert exported.warnings == []
    with (tmp_path / "visits.csv").open(encoding="utf-8", newline="") as f:
        assert next(csv.DictReader(f))["internal_notes"] == written


def test_an_xlsx_export_reports_a_control_character_it_leaves_out(engine, tmp_path):
    visit_id = one_visit(engine, tmp_path, "bell\x07 here")  # an edit may store one; an import refuses it
    exported = export.export_file(engine, "visits", tmp_path / "visits.xlsx")
    assert [m.key for m in exported.warnings] == ["export_cell_control"]
    assert exported.warnings[0].values["code"] == "0007" and visit_id in str(exported.warnings[0])
    assert xlsx_notes(tmp_path / "visits.xlsx") == "bell here"
    assert export.export_file(engine, "visits", tmp_path / "visits.csv").warnings == []
    assert "bell\x07 here" in (tmp_path / "visits.csv").read_text(encoding="utf-8")


def test_a_csv_cell_the_importer_would_refuse_is_reported(engine, tmp_path):
    visit_id = one_visit(engine, tmp_path, "n" * (csv.field_size_limit() + 1))
    out = tmp_path / "visits.csv"
    exported = export.export_file(engine, "visits", out)
    assert [m.key for m in exported.warnings] == ["export_cell_beyond_import"]
    assert visit_id in str(exported.warnings[0])
    with pytest.raises(reading.ReadError):  # the warning is true: the importer refuses the file
        importer.check_file(out, "visits")


def test_files_beyond_the_importers_limits_are_reported(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(reading.limits, "MAX_ROWS", 10)
    monkeypatch.setattr(reading.limits, "MAX_FILE_BYTES", 1000)
    for suffix in ("csv", "xlsx"):
        exported = export.export_file(engine, "status", tmp_path / f"status.{suffix}")
        assert [m.key for m in exported.warnings] == ["export_beyond_import_rows", "export_beyond_import_size"]
        for lang in locales.LANGUAGES:
            assert all(m.render(lang) for m in exported.warnings)


def test_the_result_is_the_row_count_as_before(engine, tmp_path):
    exported = export.export_file(engine, "visits", tmp_path / "visits.csv")
    rows = len(store.export_rows(engine, "visits")[1])
    assert exported == rows and f"{exported} rows" == f"{rows} rows" and isinstance(exported, int)
    assert pickle.loads(pickle.dumps(exported)).warnings == exported.warnings == []
    with pytest.raises(ValueError):
        export.export_warnings(engine, "visits", ".ods")
