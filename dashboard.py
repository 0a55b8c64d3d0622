"""LIVC-R national cartography: entry point, navigation and the shared sidebar."""

from __future__ import annotations

import streamlit as st

from geo.settings import ROOT
from loaders import access
from pages.ui import auth, errors, first_paint, render
from pages.ui.text import language, t

PAGES = ROOT / "pages"
PAGE_LIST = [
    # (url path, file, title key, heading key (None: the page titles itself), icon)
    ("map", "map.py", "map_page", "app_title", ":material/map:"),
    ("briefing", "briefing.py", "briefing_page", None, ":material/co_present:"),
    ("coverage", "coverage.py", "coverage_page", "coverage_page", ":material/show_chart:"),
    ("visits", "visits.py", "visits_page", "visits_page", ":material/route:"),
    ("profile", "profile.py", "profile_page", "profile_page", ":material/account_balance:"),
    ("cells", "cells.py", "cells_page", "cells_page", ":material/hub:"),
    ("data", "data.py", "data_page", "data_page", ":material/folder_open:"),
    ("admin", "admin.py", "admin_page", "admin_page", ":material/admin_panel_settings:"),
    ("about", "about.py", "about_page", "about_page", ":material/info:"),
]
HEADINGS = {path: heading for path, _, _, heading, _ in PAGE_LIST}
# Streamlit serves the default page at the root only, though it reserves its own path: the
# map is the default under a path nobody links to, and /map is a hidden second entry.
DEFAULT_PATH = "national-map"

st.set_page_config(page_title="LIVC-R", page_icon="🗺️", layout="wide")

with errors.friendly_errors():
    # The language is read before its switch is drawn, so the navigation is titled in it.
    lang = language()
    role = auth.current_role()
    # Every page is registered, so a link to any of them lands on it (never on Streamlit's
    # "page not found"); only those this role may open are listed. Each checks the role again.
    pages = [
        st.Page(
            PAGES / file, title=t(title, lang), icon=icon, url_path=DEFAULT_PATH if path == "map" else path,
            default=path == "map", visibility="visible" if access.may_open(role, path) else "hidden",
        )
        for path, file, title, _, icon in PAGE_LIST
    ]
    pages.append(st.Page(PAGES / "map.py", title=t("map_page", lang), url_path="map", visibility="hidden"))
    navigation = st.navigation(pages)
    page = {DEFAULT_PATH: "map", "": "map"}.get(navigation.url_path, navigation.url_path)
    # The briefing is for a big screen: its sidebar starts closed (its controls are on the page).
    st.set_page_config(initial_sidebar_state="collapsed" if page == "briefing" else "auto")
    # A visit's first view of the national map draws the map before anything else (pages/ui/first_paint.py).
    map_alone = first_paint.map_waiting(page)
    if not map_alone:
        render.render_sidebar()
    if access.may_open(role, page):
        if not map_alone:
            auth.render_sign_in(lang)
        auth.sync_session_cookie()
        if HEADINGS[page]:
            render.render_heading(t(HEADINGS[page], lang), lang)
        navigation.run()
    else:
        auth.sync_session_cookie()
        auth.render_refusal(lang, role, navigation.title)
