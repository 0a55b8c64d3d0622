"""LIVC-R national cartography: entry point, navigation and the shared sidebar."""

from __future__ import annotations

import streamlit as st

from geo.settings import ROOT
from loaders import access
from pages import common
from pages.text import t

PAGES = ROOT / "pages"

st.set_page_config(page_title="LIVC-R", page_icon="🗺️", layout="wide")

# The language is read before its switch is drawn, so the navigation is titled in it.
lang = common.language()
role = common.current_role()
PAGE_LIST = [
    # (url path, file, title key, icon)
    ("map", "map.py", "map_page", ":material/map:"),
    ("briefing", "briefing.py", "briefing_page", ":material/co_present:"),
    ("visits", "visits.py", "visits_page", ":material/route:"),
    ("profile", "profile.py", "profile_page", ":material/account_balance:"),
    ("data", "data.py", "data_page", ":material/folder_open:"),
    ("about", "about.py", "about_page", ":material/info:"),
]
# Links only for the pages this role may open; each page checks the role again itself.
navigation = st.navigation(
    [
        st.Page(PAGES / file, title=t(title, lang), icon=icon, url_path=path, default=path == "map")
        for path, file, title, icon in PAGE_LIST
        if access.may_open(role, path)
    ]
)
common.render_sidebar()
common.render_sign_in(lang)
navigation.run()
