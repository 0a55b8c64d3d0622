"""Shared fixtures: the boundaries the product ships and prepared boundaries, built once per session.

The facts (counts per vintage, areas, enclaves, accuracy against the NGI cantons) are tested
on the embedded files, which are what a fresh clone draws; nothing outside the repository is read.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from geo import boundaries, settings
from loaders import store

DATA = Path(__file__).parent / "data"


@contextlib.contextmanager
def _environment(name: str, value: str):
    """`name` set to `value` in this process (and the servers it starts), then put back."""
    previous = os.environ.get(name)
    os.environ[name] = value
    try:
        yield value
    finally:
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous


@pytest.fixture(scope="session", autouse=True)
def errors_shown():
    """Tests see an unexpected error as an exception (AppTest's `at.exception`, the browser's
    stException); the tests of the visitor's message turn this off for themselves."""
    with _environment("LIVCR_SHOW_ERRORS", "true"):
        yield


@pytest.fixture(scope="session", autouse=True)
def map_page_whole():
    """AppTest has no browser to say it painted the map: its runs draw the map page whole.
    The map drawn alone first is tested on its own (test_first_paint.py) and in the browser
    (servers the tests start get the setting as shipped: tests/streamlit_server.py)."""
    with _environment("LIVCR_MAP_FIRST", "false"):
        yield


@pytest.fixture(scope="session", autouse=True)
def isolated_store(tmp_path_factory):
    """Pages and servers started by the tests use a store of their own, never ./data's."""
    path = tmp_path_factory.mktemp("store") / "livcr.sqlite"
    with _environment("LIVCR_DATABASE_URL", f"sqlite:///{path}") as url:
        yield url


def clear_app_caches() -> None:
    """Streamlit's caches, emptied: a page test's engine and reads start from its own store."""
    from streamlit.testing.v1 import AppTest

    AppTest.from_string("import streamlit as st\nst.cache_resource.clear()\nst.cache_data.clear()").run()


@pytest.fixture
def page_store(tmp_path, monkeypatch):
    """A store of its own (the demo dataset in SQLite) that AppTest pages open, with Streamlit's
    caches emptied before and after; yields its engine."""
    url = f"sqlite:///{tmp_path / 'page-store.sqlite'}"
    monkeypatch.setenv("LIVCR_DATABASE_URL", url)
    clear_app_caches()
    engine = store.open_store(url)
    yield engine
    engine.dispose()
    clear_app_caches()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shipped data directory, the last (and, on a fresh clone, the only) place looked in."""
    return settings.EMBEDDED_DATA_DIR


@pytest.fixture(scope="session")
def source_file(data_dir) -> Path:
    path = boundaries.find_boundary_file(data_dir)
    assert path.name == settings.EMBEDDED_BOUNDARY_FILE
    return path


@pytest.fixture(scope="session")
def population_csv(data_dir) -> Path:
    path = data_dir / boundaries.POPULATION_FILE
    assert path.exists(), f"{path} is missing from the repository"
    return path


@pytest.fixture(scope="session")
def full_boundaries(source_file, population_csv):
    """Full-precision municipalities of each vintage, in Lambert 72."""
    return {v: boundaries.build_boundaries(source_file, v, population_csv) for v in (2018, 2019, 2025)}


@pytest.fixture(scope="session")
def web_boundaries(source_file, population_csv, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    return {v: boundaries.load_boundaries(v, source_file, cache, population_csv) for v in (2018, 2019, 2025)}


# --- the store on every backend -------------------------------------------------------------

# An administrator's URL of a PostgreSQL server for the tests (`.ci/run` starts one): each test
# gets a database of its own there, made for it and dropped after it.
TEST_DATABASE_URL = os.environ.get("LIVCR_TEST_DATABASE_URL", "").strip()
BACKENDS = ["sqlite", "postgresql"] if TEST_DATABASE_URL else ["sqlite"]


@contextlib.contextmanager
def fresh_postgresql_database(admin_url: str):
    """A new, empty PostgreSQL database; its URL is yielded, and it is dropped afterwards
    (with every connection a test left open)."""
    import uuid

    import sqlalchemy as sa

    name = f"livcr_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path):
    """The URL of a store nothing was written to yet: an SQLite file to be, and, when
    LIVCR_TEST_DATABASE_URL is set, a new PostgreSQL database too (the test runs on each)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'livcr.sqlite'}"
        return
    with fresh_postgresql_database(TEST_DATABASE_URL) as url:
        yield url


@pytest.fixture
def engine(store_url):
    """A store made for the test, holding the demo dataset, on each backend."""
    from loaders import store

    engine = store.open_store(store_url)
    yield engine
    engine.dispose()


def store_state(engine) -> str:
    """A fingerprint of everything the store holds, to show that something changed nothing.

    On SQLite it is the file's bytes (once every connection is closed), which also catches a
    change a query would not show; on PostgreSQL, which has no such file, it is every row of
    every table, in key order.
    """
    import hashlib

    import sqlalchemy as sa

    from loaders import store

    if engine.dialect.name == "sqlite":
        engine.dispose()
        return hashlib.sha256(Path(engine.url.database).read_bytes()).hexdigest()
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for table in store.schema.metadata.sorted_tables:
            for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns)):
                digest.update(repr((table.name, tuple(row))).encode())
    return digest.hexdigest()
