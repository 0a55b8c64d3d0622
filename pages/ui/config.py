"""Settings read once per server process, and the boundary file they point to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from geo import boundaries, search, settings
from geo.assets import install_leaflet, install_versioned
from loaders import store
from locales import LANGUAGES

STATIC_DIR = settings.ROOT / "static"
STATIC_URL = "/app/static"


@dataclass(frozen=True)
class Config:
    data_dir: Path
    cache_dir: Path
    boundary_source: str
    database_url: str
    tiles_url: str
    tiles_attribution: str
    language: str
    # Where the browser fetches the place search's index (a static file, cached for good).
    place_index_url: str
    map_first: bool = False


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
        place_index_url=f"{STATIC_URL}/{install_versioned(search.INDEX_JSON, STATIC_DIR, 'search')}",
        map_first=settings.MAP_FIRST.read().lower() == "true",
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
