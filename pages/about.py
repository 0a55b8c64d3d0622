"""Where the data comes from, its licences, and what is demo."""

from __future__ import annotations

import streamlit as st

from geo import mergers
from pages.ui import auth, cached
from pages.ui.text import format_number, t

visitor = auth.require_page("about")
lang = visitor.lang
reg = cached.get_registry()
st.markdown(t(
    "about_text", lang,
    count=len(cached.get_boundaries(2025)),
    rows=len(mergers.load_mergers()),
    registry=t("about_registry_demo" if reg.is_demo else "about_registry_real", lang),
    sizes=" / ".join(format_number(n, lang) for n in (len(reg.cells), len(reg.status), len(reg.visits))),
))
