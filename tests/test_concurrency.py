"""Several processes on one store: replicas starting together, imports at once, readers during a
long import, a change seen by every process, a restore into a new database. Each on every backend."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import sqlalchemy as sa

from geo.settings import ROOT
from loaders import registry, store
from loaders.store import backup, editing, writing

STATUS_FILE = "gemeente;status;datum;cel;bron\n" + "".join(
    f"{name};operationeel;2020-0{1 + i % 9}-1{i % 9};LIVC-R Politiezone Noord;test {i}\n"
    for i, name in enumerate(["Gent", "Brugge", "Leuven", "Namur", "Mons", "Hasselt"] * 5)
)


def run_all(commands: list[list[str]], env: dict) -> list[subprocess.CompletedProcess]:
    """Start every command at once and wait for all: what replicas do when they start together."""
    processes = [
        subprocess.Popen(c, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    return [subprocess.CompletedProcess(p.args, p.wait(timeout=300), *p.communicate()) for p in processes]


def counts(url: str) -> dict[str, int]:
    engine = store.create_engine(url)
    with engine.connect() as connection:
        found = {
            t.name: connection.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in store.schema.BACKUP_TABLES
        }
    engine.dispose()
    return found


def test_replicas_starting_together_on_an_empty_store_seed_it_once(store_url):
    opener = "from loaders import store; store.open_store(); print('ready')"
    results = run_all([[sys.executable, "-c", opener]] * 4, dict(os.environ, LIVCR_DATABASE_URL=store_url))
    assert [(r.returncode, r.stdout.strip(), "Traceback" in r.stderr) for r in results] == [(0, "ready", False)] * 4
    demo = registry.load_registry(registry.DEMO_DIR)
    found = counts(store_url)
    assert (found["cells"], found["status_events"], found["visits"]) == (len(demo.cells), len(demo.status), len(demo.visits))


def test_two_imports_at_once_take_turns_and_write_each_row_once(store_url, tmp_path):
    store.open_store(store_url).dispose()
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(STATUS_FILE, encoding="utf-8")
    second.write_text(STATUS_FILE, encoding="utf-8")  # the same rows, and the same new cell
    env = dict(os.environ, LIVCR_DATABASE_URL=store_url)
    results = run_all(
        [[sys.executable, "-m", "loaders", "import", str(path), "--kind", "status"] for path in (first, second)], env,
    )
    assert [(r.returncode, "Traceback" in r.stderr) for r in results] == [(0, False), (0, False)], [r.stderr for r in results]
    written = sorted(int(r.stdout.split("imported: ")[1].split()[0]) for r in results)
    assert written == [0, 30]  # the second, waiting its turn, found every row already there
    found = counts(store_url)
    assert (found["status_events"], found["cells"], found["imports"]) == (30, 1, 2)


def test_a_change_committed_while_another_waits_is_seen_by_every_reader(store_url):
    """Two writers in two processes, the second waiting behind the first's open transaction:
    each commit moves the change counter on, so no reader can miss either."""
    engine = store.open_store(store_url)
    reader = store.create_engine(store_url)
    versions = [store.version(reader)]
    held = engine.connect()
    transaction = held.begin()
    writing.write_audit(held, "first", "edit", "visits", "V0002", None, {"held": True})  # not committed yet
    second = subprocess.Popen(
        [sys.executable, "-c", "import sys; from loaders import store; from loaders.store import editing; "
         "editing.edit_visit(store.create_engine(sys.argv[1]), 'V0003', 1, {'internal_notes': 'second'}, 'b')", store_url],
        cwd=ROOT, stderr=subprocess.PIPE, text=True,
    )
    time.sleep(1.0)  # time for the second process to start and reach its wait
    assert second.poll() is None and store.version(reader) == versions[0]
    transaction.commit()
    held.close()
    versions.append(store.version(reader))
    assert second.wait(timeout=60) == 0, second.stderr.read()
    versions.append(store.version(reader))
    # Each commit moves the counter on (the second may already be in by the time it is read).
    first, after_one, after_both = (int(v) for v in versions)
    assert after_one >= first + 1 and after_both == first + 2
    assert store.read_visit(reader, "V0003")["internal_notes"] == "second"
    engine.dispose()
    reader.dispose()


def test_readers_keep_reading_while_a_long_import_writes_to_sqlite(tmp_path):
    """SQLite only: in WAL mode a reader reads the last committed state while a writer writes."""
    url = f"sqlite:///{tmp_path / 'long.sqlite'}"
    store.open_store(url).dispose()
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as f:
        f.write("municipality,status,date,source\n")
        for i in range(60_000):
            f.write(f"{['11002', '21004', '44021', '62063'][i % 4]},operational,20{10 + i % 15:02d}-01-{1 + i % 28:02d},row {i}\n")
    log = (tmp_path / "import.log").open("w")  # a file: a pipe nobody reads would fill and stop the import
    process = subprocess.Popen(
        [sys.executable, "-m", "loaders", "import", str(big), "--kind", "status"],
        cwd=ROOT, env=dict(os.environ, LIVCR_DATABASE_URL=url), stdout=log, stderr=subprocess.STDOUT,
    )
    wal = tmp_path / "long.sqlite-wal"
    reader = store.create_engine(url)
    reads, during_write, errors = 0, 0, []
    while process.poll() is None:
        try:
            frames = store.load_registry_frames(reader)
            reads += 1
            during_write += wal.exists() and wal.stat().st_size > 0 and len(frames.status) < 60_000
        except sa.exc.OperationalError as error:
            errors.append(str(error))
    log.close()
    assert process.returncode == 0, (tmp_path / "import.log").read_text()[-2000:]
    assert errors == [] and reads > 3 and during_write > 0
    assert len(store.load_registry_frames(reader).status) == 60_000
    reader.dispose()


def test_a_backup_restores_into_a_new_store_which_then_takes_imports(store_url, tmp_path):
    source = store.open_store(f"sqlite:///{tmp_path / 'source.sqlite'}")
    archive = tmp_path / "backup.zip"
    backup.backup_store(source, archive)
    target = store.open_store(store_url, seed_demo=False)
    backup.restore_store(target, archive, actor="admin")
    assert counts(store_url) == counts(f"sqlite:///{tmp_path / 'source.sqlite'}") | {"audit_log": counts(store_url)["audit_log"]}
    # New rows after the restored ones: every id sequence stands past them.
    editing.edit_visit(target, "V0002", 1, {"internal_notes": "after the restore"}, "admin")
    path = tmp_path / "after.csv"
    path.write_text(STATUS_FILE, encoding="utf-8")
    from loaders import importer

    assert importer.import_file(target, path, "status").written == 30
    target.dispose()
    source.dispose()


def test_the_command_line_refuses_an_emptied_store_with_its_own_exit_code(tmp_path):
    path = tmp_path / "livcr.sqlite"
    store.open_store(f"sqlite:///{path}").dispose()
    path.write_bytes(b"")  # truncated to 0 bytes
    result = subprocess.run(
        [sys.executable, "-m", "loaders", "export", "--kind", "status", str(tmp_path / "out.csv")],
        cwd=ROOT, env=dict(os.environ, LIVCR_DATABASE_URL=f"sqlite:///{path}"), capture_output=True, text=True,
    )
    assert (result.returncode, result.stdout, "Traceback" in result.stderr) == (4, "", False)
    assert "is empty (0 bytes)" in result.stderr and "python -m loaders restore" in result.stderr
    assert path.stat().st_size == 0  # nothing was seeded into it


def test_the_data_page_says_so_when_another_import_holds_the_store(tmp_path, monkeypatch):
    """SQLite only (its write lock is what a second importer waits for): the page waits its
    time, then says another import is being written; nothing is written, no traceback."""
    import sqlite3

    from streamlit.testing.v1 import AppTest

    from loaders.store import engine as store_engine

    path = tmp_path / "busy.sqlite"
    store.open_store(f"sqlite:///{path}").dispose()
    monkeypatch.setenv("LIVCR_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setattr(store_engine, "SQLITE_BUSY_TIMEOUT_S", 1)
    clear = "import streamlit as st\nst.cache_resource.clear()\nst.cache_data.clear()"
    AppTest.from_string(clear).run()
    try:
        at = AppTest.from_string((ROOT / "dashboard.py").read_text(encoding="utf-8"), default_timeout=120)
        at.session_state["role"], at.session_state["user"] = "editor", "test-editor"
        at.run()
        at.switch_page(str(ROOT / "pages" / "data.py")).run()
        upload = "gemeente;status;datum\nGent;operationeel;2020-01-01\n".encode()
        at.file_uploader(key="upload").set_value(("one.csv", upload, "text/csv")).run()
        other = sqlite3.connect(path)
        other.execute("BEGIN IMMEDIATE")  # another import's write transaction, open
        try:
            at.button(key="import_button").click().run()
        finally:
            other.rollback()
            other.close()
        assert not at.exception, [e.value for e in at.exception]
        assert [e.value.replace("\\", "") for e in at.error] == [  # shown escaped (render.plain)
            "one.csv: another import is being written to the registry and did not finish in time; nothing was "
            "imported. Try again in a minute."
        ]
        assert counts(f"sqlite:///{path}")["imports"] == 0
        at.button(key="import_button").click().run()  # the store free again: it lands
        assert at.success[0].value == "Imported: 1 rows written, 0 already present."
    finally:
        AppTest.from_string(clear).run()


def test_pooled_connections_cut_by_the_database_are_replaced_not_shown(store_url):
    """What a database restart does to a running replica: every pooled connection is cut.
    The store's engine checks a connection before use and takes a new one; an engine without
    that check would show the error (on SQLite, a file, there is nothing to cut)."""
    if not store_url.startswith("postgresql"):
        engine = store.open_store(store_url)
        before = store.version(engine)
        engine.pool.dispose()  # the nearest SQLite has: its pooled connections gone
        assert store.version(engine) == before
        engine.dispose()
        return
    engine = store.open_store(store_url)
    plain = sa.create_engine(store_url)
    before = store.version(engine)
    with plain.connect() as connection:
        connection.execute(sa.text("SELECT 1"))

    def cut_every_connection():
        with sa.create_engine(store_url, isolation_level="AUTOCOMMIT").connect() as admin:
            admin.execute(sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ))

    cut_every_connection()
    assert store.version(engine) == before
    try:
        with plain.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError:
        pass
    else:
        raise AssertionError("a cut connection went unnoticed: the test would not see a missing check")
    engine.dispose()
    plain.dispose()
