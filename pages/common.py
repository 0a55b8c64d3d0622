"""What every page shares: settings, cached data, the sidebar, the demo label.

Caching lives here, in the UI layer; geo/ and loaders/ stay plain functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo import boundaries, gazetteer, settings
from geo.assets import install_leaflet
from loaders import registry, store
from pages.text import LANGUAGES, t

STATIC_DIR = settings.ROOT / "static"
STATIC_URL = "/app/static"
REGION_SLUGS = {
    "flanders": gazetteer.REGION_FLANDERS,
    "wallonia": gazetteer.REGION_WALLONIA,
    "brussels": gazetteer.REGION_BRUSSELS,
}


@dataclass(frozen=True)
class Config:
    data_dir: Path
    cache_dir: Path
    boundary_source: str
    database_url: str
    tiles_url: str
    tiles_attribution: str
    language: str


@st.cache_resource
def get_config() -> Config:
    """Settings are read once per server process."""
    install_leaflet(STATIC_DIR)
    return Config(
        data_dir=settings.find_data_dir(),
        cache_dir=Path(settings.CACHE_DIR.read()),
        boundary_source=settings.BOUNDARY_SOURCE.read(),
        database_url=store.database_url(),
        tiles_url=settings.TILES_URL.read(),
        tiles_attribution=settings.TILES_ATTRIBUTION.read(),
        language=settings.LANGUAGE.read() if settings.LANGUAGE.read() in LANGUAGES else "en",
    )


def boundary_source() -> Path:
    """The boundary file to use; downloads Statbel's file (once, with a progress bar) if set so."""
    config = get_config()
    if config.boundary_source == "auto":
        return boundaries.find_boundary_file(config.data_dir)
    if config.boundary_source != "statbel":
        return Path(config.boundary_source)
    from geo import statbel

    name = Path(statbel.DEFAULT_URL).name
    target = config.cache_dir / "statbel"
    if (target / name).exists():
        return target / name
    bar = st.progress(0.0, text=f"Statbel: {name}")

    def report(done: int, total: int | None) -> None:
        bar.progress(min(done / total, 1.0) if total else 0.0, text=f"Statbel: {name} ({done / 1e6:.1f} MB)")

    path = statbel.download_file(statbel.DEFAULT_URL, target, progress=report)
    bar.empty()
    return path


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
        st.error(f"{t('data_error', language())}: {exc}")
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
    return registry.status_on(_registry(version), day)


def get_status(day: dt.date) -> pd.DataFrame:
    return _status(day, store_version())


def language() -> str:
    """The interface language: the switch's value, else the URL's `lang`, else the setting.

    Read before the switch is drawn, so the navigation can be titled in it: a widget's new
    value is in the session state before the script reruns.
    """
    config = get_config()
    if "language" not in st.session_state:
        wanted = st.query_params.get("lang", config.language)
        st.session_state["language"] = wanted if wanted in LANGUAGES else config.language
    return st.session_state["language"]


def render_sidebar() -> str:
    """The language switch, shared by all pages; returns the chosen language."""
    language()
    lang = st.sidebar.radio(
        "Language · Taal · Langue",
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="language",
        horizontal=True,
    )
    st.query_params["lang"] = lang
    return lang


def render_demo_banner(lang: str) -> None:
    if get_registry().is_demo:
        st.warning(t("demo_banner", lang), icon="⚠️")


def region_filter(lang: str, frame: pd.DataFrame) -> tuple[str, str]:
    """Region and province selectboxes (keys 'region' and 'province'), kept in the URL."""
    slugs = ["all", *REGION_SLUGS]
    if "region" not in st.session_state:
        wanted = st.query_params.get("region", "all")
        st.session_state["region"] = wanted if wanted in slugs else "all"
    region_slug = st.sidebar.selectbox(
        t("region", lang),
        slugs,
        key="region",
        format_func=lambda s: t("all_regions", lang) if s == "all" else gazetteer.region_label(REGION_SLUGS[s], lang),
    )
    region = REGION_SLUGS.get(region_slug, "")
    in_region = frame if not region else frame[frame["region"] == region]
    provinces = ["all", *sorted(p for p in in_region["province"].unique() if p)]
    if "province" not in st.session_state:
        st.session_state["province"] = st.query_params.get("province", "all")
    if st.session_state["province"] not in provinces:
        st.session_state["province"] = "all"
    province = st.sidebar.selectbox(
        t("province", lang),
        provinces,
        key="province",
        format_func=lambda p: t("all_provinces", lang) if p == "all" else gazetteer.province_label(p, lang),
        disabled=region == gazetteer.REGION_BRUSSELS,
    )
    _set_param("region", region_slug, "all")
    _set_param("province", province, "all")
    return region, "" if province == "all" else province


def _set_param(name: str, value: str, default: str) -> None:
    if value == default:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = value


def names_in(frame: pd.DataFrame, lang: str) -> dict[str, str]:
    return {row["nis"]: gazetteer.display_name(row, lang) for _, row in frame.iterrows()}


_MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|~>"


def plain(text: object) -> str:
    """Text from data, safe inside st.markdown: no HTML, no Markdown links or emphasis."""
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join(f"\\{c}" if c in _MARKDOWN_SPECIALS else c for c in escaped)
