"""LIVC-R national cartography: entry point, navigation and the shared sidebar."""

from __future__ import annotations

import streamlit as st

from pages import common
from pages.text import t

st.set_page_config(page_title="LIVC-R", page_icon="🗺️", layout="wide")

common.get_config()
lang = common.render_sidebar()
navigation = st.navigation(
    [
        st.Page("pages/map.py", title=t("map_page", lang), icon="🗺️", url_path="map", default=True),
        st.Page("pages/about.py", title=t("about_page", lang), icon="ℹ️", url_path="about"),
    ]
)
navigation.run()
