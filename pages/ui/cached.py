"""The data the pages read, prepared once and cached: boundaries, the store, status on a day.

Caching lives here, in the interface layer; geo/ and loaders/ stay plain functions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo import boundaries, gazetteer
from loaders import registry, store, vocabulary
from pages.ui.config import boundary_source, get_config
from pages.ui.text import language, t


@st.cache_resource(show_spinner=False)
def _load_boundaries(source: str, vintage: int) -> gpd.GeoDataFrame:
    config = get_config()
    return boundaries.load_boundaries(
        vintage, Path(source), config.cache_dir, boundaries.population_file(config.data_dir)
    )


def get_boundaries(vintage: int = 2025) -> gpd.GeoDataFrame:
    """Web-ready municipalities of a vintage, prepared once per source file and server.

    A missing or unusable boundary file stops the page with the reason, not a traceback.
    """
    try:
        with st.spinner(t("preparing", language())):
            return _load_boundaries(str(boundary_source()), vintage)
    except (OSError, ValueError) as exc:
        st.error(f"{t('data_error', language())}: {exc}. {t('data_error_hint', language())}")
        st.stop()


@st.cache_resource(show_spinner=False)
def get_engine():
    """The store, migrated; an empty store receives the demo dataset."""
    return store.open_store(get_config().database_url)


def store_version() -> str:
    """Changes whenever the store does (an import, a replaced demo): the key of cached reads."""
    return store.version(get_engine())


@st.cache_resource(show_spinner=False, max_entries=4)
def _registry(version: str) -> registry.Registry:
    return store.load_registry_frames(get_engine())


def get_registry() -> registry.Registry:
    return _registry(store_version())


@st.cache_data(show_spinner=False, max_entries=64)
def _status(day: dt.date, version: str) -> pd.DataFrame:
    return store.status_on(_registry(version), day)


def get_status(day: dt.date) -> pd.DataFrame:
    return _status(day, store_version())


@st.cache_data(show_spinner=False, max_entries=64)
def _status_vintage(day: dt.date, vintage: int, version: str) -> pd.DataFrame:
    return store.status_on_vintage(_registry(version), day, vintage)


def get_status_vintage(day: dt.date, vintage: int) -> pd.DataFrame:
    """Status on a day keyed by the municipalities of that day's map (589, 581 or 565)."""
    if vintage == 2025:
        return get_status(day)
    return _status_vintage(day, vintage, store_version())


@st.cache_data(show_spinner=False, max_entries=16)
def _briefing_png(vintage: int, day: dt.date, lang: str, title: str, subtitle: str, version: str) -> bytes:
    from geo import export

    frame = get_boundaries(vintage)
    status = get_status_vintage(day, vintage)
    return export.render_png(
        frame, dict(zip(status["nis"], status["status"])), vocabulary.STATUSES.colours(),
        vocabulary.STATUSES.labels(lang), title, subtitle,
    )


def briefing_png(vintage: int, day: dt.date, lang: str, title: str, subtitle: str) -> bytes:
    return _briefing_png(vintage, day, lang, title, subtitle, store_version())


@st.cache_resource(show_spinner=False)
def _web_geometry(source: str, vintage: int):
    from geo import choropleth

    config = get_config()
    encoded = boundaries.load_web_topology(
        vintage, Path(source), config.cache_dir, boundaries.population_file(config.data_dir)
    )
    return choropleth.WebGeometry.from_encoded(encoded)


def get_web_geometry(vintage: int = 2025):
    """The encoded topology the browser draws (all municipalities of a vintage), cached."""
    return _web_geometry(str(boundary_source()), vintage)


def names_in(frame: pd.DataFrame, lang: str) -> dict[str, str]:
    return {row["nis"]: gazetteer.display_name(row, lang) for _, row in frame.iterrows()}


@st.cache_data(show_spinner=False)
def municipality_labels(lang: str) -> dict[str, str]:
    """Today's municipalities, "name (code)" in a language, sorted by name: a list to pick from."""
    frame = gazetteer.load_gazetteer(2025)
    labels = {row["nis"]: f"{gazetteer.display_name(row, lang)} ({row['nis']})" for _, row in frame.iterrows()}
    return dict(sorted(labels.items(), key=lambda item: item[1].casefold()))
