"""Imports on a real SQLite store: every outcome, all-or-nothing, idempotence, round trips."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from sqlalchemy.dialects import postgresql

from geo.settings import ROOT
from loaders import importer, registry, store
from loaders.store import export

STATUS_CSV = """gemeente;status;datum;cel;bron
Antwerpen;operationeel;27/05/2016;LIVC-R Antwerpen;survey 27 May 2016
Borsbeek;in oprichting;2019-03-01;LIVC-R Antwerpen;Radix
46013;opgericht;01/02/2021;LIVC-R Kruibeke;Radix
Beveren-Kruibeke-Zwijndrecht;operationeel;2025-02-01;LIVC-R Kruibeke;Radix
Luik;gepland;2020-06-30;;Radix
"""


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def table_contents(engine) -> dict[str, list[tuple]]:
    """Every row of every data table, ids included: 'nothing changed' means all of this is equal."""
    with engine.connect() as connection:
        return {
            t.name: sorted(tuple(map(str, row)) for row in connection.execute(sa.select(t)))
            for t in store.schema.TABLES_CHILD_FIRST
        }


def test_check_reports_every_row(tmp_path, engine):
    report, _ = importer.check_file(write(tmp_path, "status.csv", STATUS_CSV), "status", engine)
    assert [(r.row, r.input, r.nis, r.outcome) for r in report.rows] == [
        (1, "Antwerpen", "11002", "ok"),
        (2, "Borsbeek", "11002", "merged"),
        (3, "46013", "46030", "merged"),
        (4, "Beveren-Kruibeke-Zwijndrecht", "46030", "ok"),
        (5, "Luik", "62063", "ok"),
    ]
    assert "merged into Beveren-Kruibeke-Zwijndrecht (46030) on 2025-01-01" in report.rows[2].message
    assert report.errors == 0
    assert store.load_registry_frames(engine).is_demo  # a check writes nothing


@pytest.mark.parametrize(
    "line, outcome, fragment",
    [
        ("Atlantis;operationeel;2020-01-01;;x", "unknown", "column 'gemeente'"),
        ("Saint-Nicolas;operationeel;2020-01-01;;x", "ambiguous", "Sint-Niklaas"),
        ("Gent;misschien;2020-01-01;;x", "question", "column 'status'"),
        ("Gent;operationeel;31/02/2020;;x", "invalid", "impossible date"),
        ("Gent;operationeel;;;x", "invalid", "column 'datum': empty"),
    ],
)
def test_a_bad_row_in_the_middle_refuses_the_whole_file(tmp_path, engine, line, outcome, fragment):
    lines = STATUS_CSV.splitlines()
    path = write(tmp_path, "status.csv", "\n".join(lines[:3] + [line] + lines[3:]) + "\n")
    before = table_contents(engine)
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_file(engine, path, "status")
    bad = refused.value.report.rows[2]
    assert (bad.row, bad.outcome) == (3, outcome)
    assert fragment in bad.message and "status.csv, row 3" in bad.message or outcome == "ambiguous"
    assert refused.value.report.errors == 1
    assert table_contents(engine) == before


def test_import_replaces_the_demo_and_reimport_changes_nothing(tmp_path, engine):
    path = write(tmp_path, "status.csv", STATUS_CSV)
    report = importer.import_file(engine, path, "status")
    assert (report.written, report.skipped, report.replaced_demo) == (5, 0, True)
    reg = store.load_registry_frames(engine)
    assert not reg.is_demo
    status = store.status_on(reg, dt.date(2026, 1, 1)).set_index("nis")
    assert status.loc[["11002", "46030", "62063"], ["status", "cell_name"]].to_dict("index") == {
        "11002": {"status": "being_set_up", "cell_name": "LIVC-R Antwerpen"},
        "46030": {"status": "operational", "cell_name": "LIVC-R Kruibeke"},
        "62063": {"status": "planned", "cell_name": ""},
    }
    # Kept as given beside the resolution: Borsbeek and Kruibeke, not only their 2025 codes.
    assert sorted(reg.status["municipality"]) == sorted(
        ["Antwerpen", "Borsbeek", "46013", "Beveren-Kruibeke-Zwijndrecht", "Luik"]
    )
    assert store.cell_members_on(reg, reg.cells.loc[reg.cells["name"] == "LIVC-R Kruibeke", "cell_id"].iloc[0],
                                    dt.date(2026, 1, 1)) == ["46030"]
    before = table_contents(engine)
    again = importer.import_file(engine, path, "status")
    assert (again.written, again.skipped) == (0, 5)
    assert all(r.duplicate and r.message == "already in the store: skipped" for r in again.rows)
    assert table_contents(engine) == before
    audit = [(e["actor"], e["action"], e["table_name"]) for e in store.audit_entries(engine)]
    assert audit == [("command line", "import", "status_events")] * 2 + [("command line", "replace_demo", "all")]
    history = store.import_history(engine)
    assert [(h["file_name"], h["rows_total"], h["rows_written"]) for h in history] == [
        ("status.csv", 5, 0), ("status.csv", 5, 5)
    ]
    assert history[0]["sha256"] == importer.file_sha256(path)


def test_duplicate_rows_within_a_file_are_reported(tmp_path, engine):
    lines = STATUS_CSV.splitlines()
    report, _ = importer.check_file(write(tmp_path, "s.csv", "\n".join(lines + [lines[1]]) + "\n"), "status", engine)
    assert (report.rows[-1].duplicate, report.rows[-1].message, report.errors) == (True, "same as row 1: skipped", 0)


@pytest.mark.parametrize("encoding, delimiter", [("utf-8-sig", ";"), ("cp1252", ";"), ("utf-8", ","), ("utf-8", "\t")])
def test_encodings_and_delimiters(tmp_path, engine, encoding, delimiter):
    text = "commune{d}statut{d}date\nLiège{d}opérationnelle{d}27/05/2016\nSint-Jans-Molenbeek{d}en cours{d}2019-01-15\n"
    report, _ = importer.check_file(write(tmp_path, "f.csv", text.format(d=delimiter), encoding), "status", engine)
    assert [(r.nis, r.outcome) for r in report.rows] == [("62063", "ok"), ("21012", "ok")]


VISITS_CSV = """datum,gemeenten,team,aanbod,verslag,opvolging,notities
2017-03-02,Kortrijk;Menen,Mobile Team,veldanalyse,ja,,DEMO internal note A
2021-10-05,Kruibeke,Radix,sensibiliseringsdag,nee,2022-01-10,
2025-06-01,Bastogne,Radix,formation,,,"quoted, with comma"
"""


# Fine municipalities, text a spreadsheet would run as a formula: exported with an
# apostrophe before it, imported without. The status is the latest of all, so that the
# copy makes its cells in the same order as the original.
FORMULA_STATUS_CSV = """gemeente;status;datum;cel;bron
Gent;operationeel;2025-06-01;+Gent;"=HYPERLINK(""http://example.invalid/"",""klik"")"
"""
FORMULA_VISITS_CSV = """datum,gemeenten,team,aanbod,notities
2019-04-01,Gent,Radix,veldanalyse,-1+2
2019-04-02,Gent,Radix,opleiding,@SUM(A1)
2019-04-03,Gent,Radix,andere,''=quoted twice
"""


def test_visits_import_and_round_trip_through_export(tmp_path, engine):
    path = write(tmp_path, "visits.csv", VISITS_CSV)
    report = importer.import_file(engine, path, "visits")
    assert [(r.nis, r.outcome) for r in report.rows] == [("34022;34027", "ok"), ("46030", "merged"), ("82039", "ok")]
    importer.import_file(engine, write(tmp_path, "status.csv", STATUS_CSV), "status")
    importer.import_file(engine, write(tmp_path, "formula-status.csv", FORMULA_STATUS_CSV), "status")
    importer.import_file(engine, write(tmp_path, "formula-visits.csv", FORMULA_VISITS_CSV), "visits")
    for suffix in ("csv", "xlsx"):
        fresh = store.open_store(f"sqlite:///{tmp_path / f'fresh-{suffix}.sqlite'}", seed_demo=False)
        for kind in ("status", "visits"):
            out = tmp_path / f"{kind}.{suffix}"
            export.export_file(engine, kind, out)
            importer.import_file(fresh, out, kind)
        original, copy = store.load_registry_frames(engine), store.load_registry_frames(fresh)
        day = dt.date(2026, 1, 1)
        pd.testing.assert_frame_equal(store.status_on(copy, day), store.status_on(original, day))
        pd.testing.assert_frame_equal(copy.visits, original.visits)
        pd.testing.assert_frame_equal(copy.visit_municipalities, original.visit_municipalities)
        assert copy.cells[["name", "kind"]].values.tolist() == original.cells[["name", "kind"]].values.tolist()
        # Byte for byte in the store, after the apostrophes of the export came and went.
        assert (
            sorted(copy.status["source"]), sorted(copy.visits["internal_notes"]), sorted(copy.cells["name"])
        ) == (
            sorted(original.status["source"]), sorted(original.visits["internal_notes"]), sorted(original.cells["name"])
        )
        assert {
            '=HYPERLINK("http://example.invalid/","klik")', "-1+2", "@SUM(A1)", "'=quoted twice", "+Gent"
        } <= set(copy.status["source"]) | set(copy.visits["internal_notes"]) | set(copy.cells["name"])


@pytest.mark.parametrize(
    "given, stored, exported",
    [
        ('=HYPERLINK("http://example.invalid/","klik")', '=HYPERLINK("http://example.invalid/","klik")',
         '\'=HYPERLINK("http://example.invalid/","klik")'),
        ("-1+2", "-1+2", "'-1+2"),
        ("@SUM(A1)", "@SUM(A1)", "'@SUM(A1)"),
        ("+Gent", "+Gent", "'+Gent"),
        ("'-1+2", "-1+2", "'-1+2"),  # as our export wrote it: the apostrophe comes off
        ("''=1", "'=1", "''=1"),  # one off on import, one more on export
        ("'quoted", "'quoted", "'quoted"),  # not before a formula: left alone both ways
        ("Radix, 27 May", "Radix, 27 May", "Radix, 27 May"),
    ],
)
def test_exports_neutralise_formulas_and_imports_restore_them(tmp_path, engine, given, stored, exported):
    text = f"datum;gemeenten;team;aanbod;notities\n2019-04-01;Gent;Radix;andere;{given}\n"
    importer.import_file(engine, write(tmp_path, "v.csv", text), "visits")
    export.export_file(engine, "visits", tmp_path / "out.csv")
    export.export_file(engine, "visits", tmp_path / "out.xlsx")
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as f:
        csv_notes = [row["internal_notes"] for row in csv.DictReader(f)]
    sheet = load_workbook(tmp_path / "out.xlsx").active
    column = [c.value for c in sheet[1]].index("internal_notes")
    xlsx_notes = [(row[column].value, row[column].data_type) for row in sheet.iter_rows(min_row=2)]
    notes = store.load_registry_frames(engine).visits["internal_notes"].tolist()
    assert (notes, csv_notes, xlsx_notes) == ([stored], [exported], [(exported, "s")])


def test_every_statement_compiles_for_postgresql(tmp_path):
    """The PostgreSQL path: each statement the store runs, compiled by SQLAlchemy's PG dialect."""
    engine = store.create_engine(f"sqlite:///{tmp_path / 'pg.sqlite'}")
    seen = []
    sa.event.listen(engine, "before_execute", lambda conn, clause, *args: seen.append(clause))
    store.upgrade_store(engine)
    with engine.begin() as connection:
        store.write_registry(connection, registry.load_registry(registry.DEMO_DIR), store.schema.DEMO_ORIGIN)
    importer.import_file(engine, write(tmp_path, "s.csv", STATUS_CSV), "status")
    importer.import_file(engine, write(tmp_path, "v.csv", VISITS_CSV), "visits")
    store.load_registry_frames(engine)
    store.version(engine)
    for kind in ("status", "visits"):
        store.export_rows(engine, kind)
    statements = [c for c in seen if isinstance(c, sa.sql.ClauseElement)]
    kinds = {type(c).__name__ for c in statements}
    assert {"Select", "Insert", "Delete"} <= kinds
    for clause in statements:
        assert str(clause.compile(dialect=postgresql.dialect()))


def run_cli(*args, env_url: str) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ, LIVCR_DATABASE_URL=env_url)
    return subprocess.run([sys.executable, "-m", "loaders", *args], capture_output=True, text=True, cwd=ROOT, env=env)


def test_cli_check_json_and_exit_codes(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    good = write(tmp_path, "good.csv", STATUS_CSV)
    result = run_cli("check", str(good), "--kind", "status", "--json", env_url=url)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout.strip().splitlines()[-1])
    assert payload["errors"] == 0
    assert payload["rows"][1] == {
        "row": 2, "sheet": None, "line": 3, "input": "Borsbeek", "nis": "11002", "outcome": "merged",
        "message": payload["rows"][1]["message"], "duplicate": False,
    }
    bad = write(tmp_path, "bad.csv", STATUS_CSV + "Atlantis;operationeel;2020-01-01;;x\n")
    assert run_cli("check", str(bad), "--kind", "status", "--json", env_url=url).returncode == 1
    unreadable = tmp_path / "binary.csv"
    unreadable.write_bytes(b"\x00\x01\x02" * 100)
    result = run_cli("check", str(unreadable), "--kind", "status", env_url=url)
    assert result.returncode == 2 and "binary.csv" in result.stderr
    assert run_cli("import", str(good), "--kind", "status", env_url=url).returncode == 0
    out = tmp_path / "export.csv"
    assert run_cli("export", "--kind", "status", str(out), env_url=url).returncode == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == ",".join(store.EXPORT_COLUMNS["status"])
