"""The national map first: a visit's first view of it draws the map alone, the rest after.

A browser draws a Streamlit page's elements on one thread, the map's frame included: drawn
together, the filters, search, details and figures held the map's polygons back by ~0.4 s
(issue 15's trace). So a session's first run of the map page (with the `LIVCR_MAP_FIRST`
setting) draws the page's heading and the map, in the place they keep; the map tells the
server once its polygons have been painted (`choropleth.build_base_map(announce_painted=True)`
gives the value `{"painted": True}`), and the run that follows draws the rest around it.
Every later run draws the whole page at once. If the browser never says (a script blocked),
the rest comes after `FALLBACK_S` anyway.
"""

from __future__ import annotations

import streamlit as st

from pages.ui.config import get_config

PAINTED = "map_painted"
# The map's st_folium key on the map page: its value carries the browser's word.
MAP_KEY = "map"
FALLBACK_S = 3.0
_TICKS = "map_wait_ticks"


def map_waiting(page: str) -> bool:
    """Whether this run draws the map alone: the map page, the setting on, and the browser
    has not yet said it painted the map in this session."""
    if page != "map" or not get_config().map_first or st.session_state.get(PAINTED):
        return False
    if (st.session_state.get(MAP_KEY) or {}).get("painted"):
        st.session_state[PAINTED] = True
        return False
    return True


def render_fallback() -> None:
    """Draws nothing; if the browser has not said it painted the map `FALLBACK_S` after this
    run, the whole page is drawn anyway (a fragment rerun by the browser's clock)."""
    st.session_state[_TICKS] = 0
    _wait_for_map()


@st.fragment(run_every=FALLBACK_S)
def _wait_for_map() -> None:
    st.session_state[_TICKS] = st.session_state.get(_TICKS, 0) + 1
    if st.session_state[_TICKS] > 1 and not st.session_state.get(PAINTED):
        st.session_state[PAINTED] = True
        st.rerun(scope="app")
