"""Faults: concurrent edits, audit, backup/restore, and an import killed with SIGKILL."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from geo.settings import ROOT
from loaders import store
from loaders.store import backup, editing


def contents(engine) -> dict:
    with engine.connect() as connection:
        return {t.name: sorted(map(repr, connection.execute(sa.select(t)))) for t in backup.TABLES}


def test_the_second_of_two_editors_is_told_and_nothing_is_overwritten(engine):
    visit = store.read_visit(engine, "V0002")
    first, second = dict(visit), dict(visit)  # both editors opened the same revision
    new = editing.edit_visit(engine, "V0002", first["revision"], {"internal_notes": "from editor A"}, "alice")
    with pytest.raises(editing.EditConflict, match="changed by someone else"):
        editing.edit_visit(engine, "V0002", second["revision"], {"internal_notes": "from editor B"}, "bob")
    stored = store.read_visit(engine, "V0002")
    assert (stored["internal_notes"], stored["revision"], new) == ("from editor A", visit["revision"] + 1, 2)
    log = store.audit_entries(engine)
    assert [(e["actor"], e["action"], e["table_name"], e["record_key"]) for e in log] == [
        ("alice", "edit", "visits", "V0002")
    ]
    assert log[0]["before"] == '{"internal_notes": ""}' and log[0]["after"] == '{"internal_notes": "from editor A"}'


@pytest.mark.parametrize("changes, message", [
    ({"revision": 7}, "cannot be edited: revision"),  # the store's own bookkeeping
    ({"origin": "demo"}, "cannot be edited: origin"),
    ({"follow_up": "tomorrow"}, "follow_up: a date is needed"),
    ({"team": "A-Team"}, "'A-Team' is not a code"),
])
def test_edits_are_limited_to_editable_fields(engine, changes, message):
    with pytest.raises(ValueError, match=message):
        editing.edit_visit(engine, "V0002", 1, changes, "alice")


def test_backup_and_restore_give_back_the_same_store(engine, tmp_path):
    editing.edit_visit(engine, "V0002", 1, {"internal_notes": "before the backup"}, "alice")
    before = contents(engine)
    manifest = backup.backup_store(engine, tmp_path / "backup.zip")
    assert manifest["tables"]["visits"]["rows"] == 404
    with engine.begin() as connection:
        store.delete_demo(connection)
    editing_after = contents(engine)
    assert editing_after != before
    backup.restore_store(engine, tmp_path / "backup.zip", actor="admin")
    restored = contents(engine)
    assert {k: v for k, v in restored.items() if k != "audit_log"} == {k: v for k, v in before.items() if k != "audit_log"}
    assert [(e["actor"], e["action"]) for e in store.audit_entries(engine)] == [("admin", "restore"), ("alice", "edit")]


def test_a_damaged_backup_changes_nothing(engine, tmp_path):
    path = tmp_path / "backup.zip"
    backup.backup_store(engine, path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    before = contents(engine)
    with pytest.raises(ValueError, match="damaged.zip"):
        backup.restore_store(engine, damaged)
    assert contents(engine) == before


@pytest.mark.parametrize("moment", ["while_checking", "while_writing"])
def test_an_import_killed_at_a_random_moment_leaves_the_store_as_it_was(tmp_path, moment):
    database = tmp_path / "killed.sqlite"
    url = f"sqlite:///{database}"
    store.open_store(url).dispose()
    digest = hashlib.sha256(database.read_bytes()).hexdigest()
    big = tmp_path / "big.csv"
    codes = ["11002", "21004", "44021", "62063", "52011", "34022", "71016", "63079"]
    with big.open("w", encoding="utf-8") as f:
        f.write("municipality,status,date,source\n")
        for i in range(60_000):
            day = f"20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            f.write(f"{codes[i % len(codes)]},operational,{day},load test {i}\n")
    env = dict(os.environ, LIVCR_DATABASE_URL=url)
    process = subprocess.Popen(
        [sys.executable, "-m", "loaders", "import", str(big), "--kind", "status"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    # The store runs in WAL mode: written pages go to the write-ahead log, which stays empty
    # until the import's write transaction writes its first page.
    wal = database.with_name(database.name + "-wal")
    if moment == "while_checking":
        # A random moment in the first seconds, while rows are read and resolved.
        deadline = time.monotonic() + random.uniform(1.5, 4.0)
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.02)
    else:
        deadline = time.monotonic() + 120
        while not (wal.exists() and wal.stat().st_size > 0) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(random.uniform(0.0, 0.2))
    assert process.poll() is None, "the import finished before it could be killed: make the file bigger"
    process.send_signal(signal.SIGKILL)
    process.wait()
    store.open_store(url, seed_demo=False).dispose()  # reopening recovers from the log
    with store.create_engine(url).connect() as connection:
        counts = {t.name: connection.execute(sa.select(sa.func.count()).select_from(t)).scalar_one() for t in backup.TABLES}
    demo = store.load_registry_frames(store.create_engine(url))
    assert demo.is_demo and counts["imports"] == 0
    assert counts["status_events"] == len(demo.status)
    assert hashlib.sha256(database.read_bytes()).hexdigest() == digest


def _tampered(source: Path, target: Path, table: str, change) -> None:
    """A copy of a backup with one table's rows changed and its checksum recomputed, as
    someone who knows the format could make."""
    import hashlib
    import json
    import zipfile

    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    rows = [json.loads(line) for line in parts[f"{table}.jsonl"].decode().splitlines()]
    change(rows)
    body = "\n".join(json.dumps(r, sort_keys=True) for r in rows).encode()
    parts[f"{table}.jsonl"] = body
    manifest = json.loads(parts["manifest.json"])
    manifest["tables"][table] = {"rows": len(rows), "sha256": hashlib.sha256(body).hexdigest()}
    parts["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@pytest.mark.parametrize("table, change, message", [
    ("status_events", lambda rows: rows[0].update(status="bogus<img>"),
     r"status_events.jsonl, row 1, column status: 'bogus<img"),
    ("status_events", lambda rows: rows[3].update(nis_2025="99999"), r"status_events.jsonl, row 4, column nis_2025: '99999'"),
    ("visits", lambda rows: rows[1].update(visited_on="yesterday"), r"visits.jsonl, row 2, column visited_on: not a date"),
    ("visit_municipalities", lambda rows: rows[0].update(visit_id="V9999"), r"visit_municipalities.jsonl, row 1, column visit_id"),
    ("cells", lambda rows: rows[0].update(name="x" * 300), r"cells.jsonl, row 1, column name: longer than 255"),
])
def test_a_tampered_backup_is_refused_before_anything_is_written(engine, tmp_path, table, change, message):
    good = tmp_path / "backup.zip"
    backup.backup_store(engine, good)
    bad = tmp_path / "tampered.zip"
    _tampered(good, bad, table, change)
    before = contents(engine)
    with pytest.raises(ValueError, match=message):
        backup.restore_store(engine, bad)
    assert contents(engine) == before


def test_a_backup_that_unpacks_to_too_much_is_refused_unread(engine, tmp_path):
    import tracemalloc
    import zipfile

    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("manifest.json", "w", force_zip64=True) as member:
            for _ in range(1100):
                member.write(b"\0" * 1_000_000)  # 1.1 GB of zeros, about 1 MB packed
    assert bomb.stat().st_size < 2_000_000
    before = contents(engine)
    tracemalloc.start()
    with pytest.raises(ValueError, match="bomb.zip: unpacks to 1,100 MB"):
        backup.restore_store(engine, bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 50_000_000 and contents(engine) == before
