"""LIVC-R national cartography: entry point, navigation and the shared sidebar."""

from __future__ import annotations

import streamlit as st

from geo.settings import ROOT
from pages import common
from pages.text import t

PAGES = ROOT / "pages"

st.set_page_config(page_title="LIVC-R", page_icon="🗺️", layout="wide")

# The language is read before its switch is drawn, so the navigation is titled in it.
lang = common.language()
navigation = st.navigation(
    [
        st.Page(PAGES / "map.py", title=t("map_page", lang), icon="🗺️", url_path="map", default=True),
        st.Page(PAGES / "data.py", title=t("data_page", lang), icon="🗂️", url_path="data"),
        st.Page(PAGES / "about.py", title=t("about_page", lang), icon="ℹ️", url_path="about"),
    ]
)
common.render_sidebar()
navigation.run()
