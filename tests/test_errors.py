"""No traceback reaches a visitor: a short message in their language with an incident id, and
the traceback in the server log under the same id; the sign-in throttle outlives Streamlit's caches."""

from __future__ import annotations

import logging
import re

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from geo.settings import ROOT
from loaders import access, store

DASHBOARD = (ROOT / "dashboard.py").read_text(encoding="utf-8")
FAILING = """
import streamlit as st
from pages.ui import errors
st.session_state["language"] = {lang!r}
with errors.friendly_errors():
    st.write("before")
    raise RuntimeError("boom in /srv/livcr/secret/path.py: SELECT * FROM visits")
"""


def clear_caches():
    AppTest.from_string("import streamlit as st\nst.cache_resource.clear()\nst.cache_data.clear()").run()


@pytest.fixture
def visitor_mode(monkeypatch):
    monkeypatch.setenv("LIVCR_SHOW_ERRORS", "false")


@pytest.mark.parametrize("lang, opening", [
    ("en", "Something went wrong while preparing this page."),
    ("nl", "Er ging iets mis bij het voorbereiden van deze pagina."),
    ("fr", "Un problème est survenu lors de la préparation de cette page."),
])
def test_an_unexpected_error_shows_a_short_message_and_logs_the_traceback(visitor_mode, caplog, lang, opening):
    caplog.set_level(logging.ERROR, logger="livcr")
    at = AppTest.from_string(FAILING.format(lang=lang)).run()
    assert not at.exception
    [message] = [e.value for e in at.error]
    incident = re.search(r"\b([0-9a-f]{8})\b", message).group(1)
    assert message.startswith(opening) and "boom" not in message and "SELECT" not in message
    [record] = [r for r in caplog.records if r.name == "livcr"]
    assert incident in record.getMessage()
    assert record.exc_info[0] is RuntimeError and "boom" in str(record.exc_info[1])


def test_errors_are_shown_whole_when_asked(monkeypatch):
    monkeypatch.setenv("LIVCR_SHOW_ERRORS", "true")
    at = AppTest.from_string(FAILING.format(lang="en")).run()
    assert "boom" in at.exception[0].message


@pytest.mark.parametrize("content, expected", [
    (b"this is not an sqlite file at all, " * 100, "The registry's database (SQLite) cannot be read"),
    (b"", "The registry's database file (SQLite) is empty (0 bytes)"),
    (None, "The registry's database cannot be reached right now."),
])
def test_a_broken_store_gets_its_own_message(visitor_mode, monkeypatch, tmp_path, content, expected):
    path = tmp_path / "livcr.sqlite"
    if content is None:
        path = tmp_path / "no-such-folder" / "livcr.sqlite"  # SQLite cannot create the file
    else:
        path.write_bytes(content)
    monkeypatch.setenv("LIVCR_DATABASE_URL", f"sqlite:///{path}")
    clear_caches()
    try:
        at = AppTest.from_string(DASHBOARD, default_timeout=120).run()
        assert not at.exception
        assert [e.value for e in at.error if e.value.startswith(expected)], [e.value for e in at.error]
        assert not [e for e in at.error if "Traceback" in e.value or str(tmp_path) in e.value]
    finally:
        monkeypatch.undo()
        clear_caches()


def test_clearing_streamlit_caches_does_not_reset_the_sign_in_throttle(isolated_store):
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    at.secrets["livcr"] = {"session_secret": "y" * 40, "accounts": {
        "tess": {"role": "staff", "password_hash": access.hash_password("right")},
    }}
    at.run()
    free = access.ThrottlePolicy().free_attempts
    for _ in range(free):
        at.text_input(key="sign_in_user").input("tess")
        at.text_input(key="sign_in_password").input("wrong")
        next(b for b in at.button if b.label == "Sign in (staff)").click().run()
    # What any visitor's client can ask for: Streamlit's caches cleared.
    clear_caches()
    throttle = store.StoreThrottle(store.create_engine(isolated_store))
    assert throttle.failures("tess") == free
    # The next attempt still owes the delay: it is counted on, not from zero.
    assert throttle.policy.delay_after(free) > 0
    at.text_input(key="sign_in_password").input("wrong")
    next(b for b in at.button if b.label == "Sign in (staff)").click().run()
    assert throttle.failures("tess") == free + 1


def _locked_error(tmp_path):
    import sqlite3

    path = tmp_path / "locked.sqlite"
    holder = sqlite3.connect(path)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    engine = sa.create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("INSERT INTO t VALUES (1)"))
    except Exception as error:  # noqa: BLE001 - returned for classification
        return error
    finally:
        holder.close()


def _error_of(url: str):
    try:
        with sa.create_engine(url).connect() as connection:
            connection.execute(sa.text("SELECT count(*) FROM sqlite_master"))
    except Exception as error:  # noqa: BLE001 - returned for classification
        return error


@pytest.mark.parametrize("make, kind", [
    (_locked_error, "busy"),
    (lambda tmp: _error_of(f"sqlite:///{tmp / 'no-folder' / 'x.sqlite'}"), "unreachable"),
    (lambda tmp: (tmp / "junk.sqlite").write_bytes(b"junk" * 1000) and _error_of(f"sqlite:///{tmp / 'junk.sqlite'}"), "damaged"),
    (lambda tmp: ValueError("not a database error"), None),
])
def test_database_errors_are_told_apart(tmp_path, make, kind):
    error = make(tmp_path)
    assert error is not None
    assert store.classify_error(error) == kind
