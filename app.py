"""The server's entry point: `streamlit run app.py` serves `dashboard.py` and, as the server
starts, prepares in the background what the first visitor would otherwise wait for.

Streamlit runs a page's script only when someone opens it, so the imports (geopandas,
SQLAlchemy, folium), the store (migrated, and seeded with the demo when empty), the boundaries,
the map's geometry and names and today's status would all be made on the first request. Here
they are made at start-up, through the same cached functions the pages call, in a thread, so
the server answers at once; a visitor who comes sooner waits on the same computation (each
cached function computes once) rather than starting another. `streamlit run dashboard.py`
still works, without this warm-up.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time

import streamlit as st

LOG = logging.getLogger("livcr")


def warm_up() -> float:
    """What the national map's first visitor needs, in the configured language; the seconds it took."""
    started = time.monotonic()
    import datetime as dt

    # Not streamlit_folium: a component declared here, before the runtime's registry exists,
    # would be served by no one (its frame answers 404).
    from pages.ui import cached, config

    settings = config.get_config()
    cached.get_engine()
    cached.get_registry()
    cached.get_boundaries(2025)
    cached.get_served_geometry(2025)
    cached.vintage_names(2025, settings.language)
    cached.get_status(dt.date.today())
    return time.monotonic() - started


def _warm_up_logged() -> None:
    try:
        LOG.warning("warm-up done in %.1f s", warm_up())
    except Exception:  # noqa: BLE001 - the first visitor will meet the error and be told; the server stays up
        LOG.exception("warm-up failed; the first visitor will prepare what it needs")


@contextlib.asynccontextmanager
async def lifespan(_app):
    threading.Thread(target=_warm_up_logged, name="livcr-warm-up", daemon=True).start()
    yield


app = st.App("dashboard.py", lifespan=lifespan)
