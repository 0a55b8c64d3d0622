"""The fact sheet's download buttons: one A4 page (PDF or PNG) of a municipality or a cell,
made only when a button is clicked, and cached per store version.

Staff get the internal version (notes, follow-ups, sources) and may choose the public one;
anyone else gets the public version only: the role is checked here, on the server, whatever
a page asks for.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from geo import factsheet as drawing
from loaders.store import factsheet as content
from pages.ui import cached
from pages.ui.auth import Visitor
from pages.ui.text import t

STAFF_ROLE = "staff"
FORMATS = {"pdf": "application/pdf", "png": "image/png"}


def offered_variants(visitor: Visitor, variants: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The versions a visitor may download, in the order offered (the first is the default):
    the internal one only for staff, whatever the page asked for."""
    wanted = variants or content.VARIANTS
    allowed = tuple(v for v in wanted if v in content.VARIANTS and (v != content.STAFF or visitor.may(STAFF_ROLE)))
    return allowed or (content.PUBLIC,)


def build_sheet(reg, places, nis: str | None, cell_id: str | None, day: dt.date, lang: str, variant: str):
    if nis is not None:
        return content.municipality_sheet(reg, places, nis, day, lang, variant)
    return content.cell_sheet(reg, places, cell_id, day, lang, variant)


@st.cache_data(show_spinner=False, max_entries=32)
def _sheet_file(nis, cell_id, day, lang, variant, fmt, version, _reg, _boundaries) -> bytes:
    """One sheet's file, keyed by what it shows and the store version (the registry and the
    boundaries, not hashed, are those of that version and of this server)."""
    sheet = build_sheet(_reg, _boundaries, nis, cell_id, day, lang, variant)
    render = drawing.render_pdf if fmt == "pdf" else drawing.render_png
    return render(sheet, _boundaries)


def render_factsheet_downloads(lang: str, visitor: Visitor, nis: str | None = None, cell_id: str | None = None,
                               key: str = "factsheet", variants: tuple[str, ...] | None = None) -> None:
    """PDF and PNG buttons for the fact sheet of a municipality (`nis`, a 2025 code) or a cell
    (`cell_id`); `variants` narrows the versions offered (e.g. `("public",)` on a public page).
    The file is drawn when a button is clicked, not before."""
    if (nis is None) == (cell_id is None):
        raise ValueError("a fact sheet is of one municipality (nis) or one cell (cell_id)")
    offered = offered_variants(visitor, variants)
    labels = {content.STAFF: t("fs_variant_staff", lang), content.PUBLIC: t("fs_variant_public", lang)}
    st.markdown(f"**{t('fs_download_heading', lang)}**")
    if len(offered) > 1:
        variant = st.radio(t("fs_variant", lang), offered, format_func=labels.get, horizontal=True,
                           key=f"{key}_variant")
    else:
        variant = offered[0]
    if variant not in offered:  # a value kept in the session from a role the visitor no longer has
        variant = offered[0]
    day = dt.date.today()
    # Captured now, while the page runs: the click's callable runs outside the script, where
    # Streamlit commands (and so the cached getters' spinners) are not available.
    version, reg, places = cached.store_version(), cached.get_registry(), cached.get_boundaries(2025)
    stem = content.file_stem(reg, places, lang, variant, nis=nis, cell_id=cell_id)
    columns = st.columns(2)
    for column, fmt in zip(columns, FORMATS):
        column.download_button(
            t(f"fs_download_{fmt}_{variant}", lang),
            data=lambda fmt=fmt: _sheet_file(nis, cell_id, day, lang, variant, fmt, version, reg, places),
            file_name=f"{stem}.{fmt}", mime=FORMATS[fmt], key=f"{key}_{fmt}",
            help=t("fs_download_help", lang), icon=":material/download:",
        )
