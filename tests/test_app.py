"""app.py, the server's entry point: its warm-up makes, through the pages' own cached
functions, what the national map's first visitor needs (the browser side is in
tests/test_fresh_clone.py, which starts the server as the README does)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import app
from conftest import clear_app_caches
from loaders import registry, store
from loaders.store import reading
from pages.ui import cached


def test_the_warm_up_seeds_the_store_and_fills_the_caches(tmp_path, monkeypatch):
    path = tmp_path / "fresh.sqlite"
    monkeypatch.setenv("LIVCR_DATABASE_URL", f"sqlite:///{path}")
    clear_app_caches()
    try:
        assert app.warm_up() > 0
        engine = store.open_store(f"sqlite:///{path}", seed_demo=False)
        assert not reading.is_empty(engine)
        engine.dispose()
        # The first visitor's calls now find everything made: the same objects, not new ones.
        geometry = cached.get_served_geometry(2025)
        assert cached.get_served_geometry(2025) is geometry and len(geometry.codes) == 565
        assert geometry.script_url.startswith("/app/static/geometry/municipalities-2025-")
        demo = store.status_on(registry.load_registry(registry.DEMO_DIR), dt.date.today())
        assert cached.get_status(dt.date.today())["nis"].tolist() == demo["nis"].tolist()
    finally:
        clear_app_caches()


def test_the_entry_point_is_an_app_streamlit_runs():
    from streamlit.web.server.app_discovery import discover_asgi_app

    assert discover_asgi_app(Path(app.__file__)).is_asgi_app
