"""The server's entry point: `streamlit run app.py` serves `dashboard.py` and, before it
answers its first request, prepares what the first visitor would otherwise wait for.

Streamlit runs a page's script only when someone opens it, so the imports (geopandas,
SQLAlchemy, folium), the store (migrated, and seeded with the demo when empty), the boundaries,
the map's geometry and names and today's status would all be made on the first request. Here
they are made while the server starts, through the same cached functions the pages call: the
server reports healthy (`/_stcore/health`) once they are ready, so a load balancer, a test or
`deploy/run.sh` sends no visitor to a server still preparing (a start takes about 2 s longer; no
visit does). `streamlit run dashboard.py` still works, without this warm-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time

import streamlit as st
from starlette.middleware import Middleware

from pages.ui import preload

LOG = logging.getLogger("livcr")
# What the map pages' HTML tells the browser to fetch at once: filled by the warm-up, which
# knows the geometry's file (until then, and if it fails, pages go out as Streamlit makes them).
PRELOADS: list[preload.Preloads | None] = [None]


def warm_up() -> float:
    """What the national map's first visitor needs, in the configured language; the seconds it took."""
    started = time.monotonic()
    import datetime as dt

    from geo import choropleth
    from geo.assets import leaflet_urls
    from pages.ui import cached, config, render

    settings = config.get_config()
    cached.get_engine()
    cached.get_registry()
    frame = cached.get_boundaries(2025)
    geometry = cached.get_served_geometry(2025)
    names = cached.vintage_names(2025, settings.language)
    status = cached.get_status(dt.date.today())
    # One map built and rendered: folium's, branca's and the map's templates compiled.
    text = render.status_map_text(settings.language)
    base = choropleth.build_base_map(geometry, names, text, config.STATIC_URL)
    base.add_child(choropleth.build_selection(geometry, frame, dict(zip(status["nis"], status["status"])), text))
    base.get_root().render()
    # The map's component: declared by its import with no script running, it is registered
    # with no one (Streamlit registers a component only from a script's run, and the module
    # is imported once): registered here with the runtime, its frame is served to the first
    # visitor at once, preloaded like the rest.
    import streamlit_folium
    from streamlit import runtime

    if runtime.exists():  # (not when the warm-up is called on its own, as by the tests)
        runtime.get_instance().component_registry.register_component(streamlit_folium._component_func)
    # The map pages' HTML names the map's files, so a browser fetches them at once.
    (leaflet_js,), (leaflet_css,) = leaflet_urls(config.STATIC_URL)
    PRELOADS[0] = preload.build_preloads([leaflet_js[1], geometry.script_url], [leaflet_css[1]])
    # What is loaded now lives as long as the process: out of the collector's view, as the
    # map page does after its first run (pages/map.py).
    gc.collect()
    gc.freeze()
    return time.monotonic() - started


def _warm_up_logged() -> None:
    try:
        LOG.warning("warm-up done in %.1f s", warm_up())
    except Exception:  # noqa: BLE001 - the first visitor will meet the error and be told; the server starts
        LOG.exception("warm-up failed; the first visitor will prepare what it needs")


@contextlib.asynccontextmanager
async def lifespan(_app):
    # In a thread, so the event loop (and Streamlit's runtime, started before this) stays free.
    await asyncio.to_thread(_warm_up_logged)
    yield


app = st.App(
    "dashboard.py", lifespan=lifespan, middleware=[Middleware(preload.PreloadMiddleware, source=lambda: PRELOADS[0])],
)
