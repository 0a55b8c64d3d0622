"""The data the pages read, prepared once and cached: boundaries, the store, status on a day.

Caching lives here, in the interface layer; geo/ and loaders/ stay plain functions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo import boundaries, export, gazetteer, mergers
from geo.assets import install_content
from loaders import registry, store, vocabulary
from pages.ui.config import STATIC_DIR, STATIC_URL, boundary_source, get_config
from pages.ui.text import format_date, language, t


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


# --- The briefing's figures and exports -----------------------------------------------------
SURVEY_DAY = dt.date(2016, 5, 27)  # the 2016 survey: where the briefing's replay starts
# How long a replay shows each step, on the page and in the GIF and MP4.
REPLAY_SECONDS = {"year": 1.5, "month": 0.5}


@st.cache_data(show_spinner=False, max_entries=256)
def _briefing_figures(day: dt.date, vintage: int, version: str) -> pd.DataFrame:
    return store.figures_by_region(_registry(version), get_boundaries(vintage), day, status=get_status_vintage(day, vintage))


def briefing_figures(day: dt.date) -> pd.DataFrame:
    """Per region on a day, on that day's map: municipalities, covered, cells, visits so far."""
    return _briefing_figures(day, mergers.vintage_of_date(day), store_version())


def briefing_caption(day: dt.date, lang: str, figures: pd.DataFrame | None = None) -> export.Caption:
    """What every briefing export says: title, day, figures, what they count, source, demo mark."""
    figures = briefing_figures(day) if figures is None else figures
    demo = get_registry().is_demo

    def detail(cells: int, visits: int) -> str:
        return f"{t('cells', lang)}: {cells} · {t('visits_so_far', lang)}: {visits}"

    rows = [
        export.Figure(
            t("belgium", lang), f"{int(figures['covered'].sum())} / {int(figures['municipalities'].sum())}",
            detail(int(figures["cells"].sum()), int(figures["visits"].sum())),
        ),
        *(
            export.Figure(gazetteer.region_label(r.region, lang), f"{r.covered} / {r.municipalities}", detail(r.cells, r.visits))
            for r in figures.itertuples()
        ),
    ]
    count = mergers.VINTAGE_COUNTS[mergers.vintage_of_date(day)]
    return export.Caption(
        title=t("briefing_title", lang),
        as_of=f"{t('as_of', lang)} {format_date(day, lang)}",
        source=t("export_source_demo" if demo else "export_source_registry", lang),
        figures=tuple(rows),
        note=f"{t('covered_help', lang)} · {count} {t('municipalities', lang).lower()}",
        demo_mark=t("export_demo_mark", lang) if demo else "",
    )


def _statuses(day: dt.date, vintage: int) -> dict[str, str]:
    status = get_status_vintage(day, vintage)
    return dict(zip(status["nis"], status["status"]))


@st.cache_data(show_spinner=False, max_entries=16)
def _briefing_png(day: dt.date, lang: str, version: str) -> bytes:
    vintage = mergers.vintage_of_date(day)
    return export.render_png(
        get_boundaries(vintage), _statuses(day, vintage), vocabulary.STATUSES.colours(),
        vocabulary.STATUSES.labels(lang), briefing_caption(day, lang), patterns=vocabulary.STATUSES.patterns(),
    )


def briefing_png(day: dt.date, lang: str) -> bytes:
    """A day's map as a full-HD slide with its caption (made when a download asks for it)."""
    return _briefing_png(day, lang, store_version())


@st.cache_data(show_spinner=False, max_entries=16)
def _briefing_html(day: dt.date, lang: str, version: str) -> bytes:
    from geo import choropleth
    from pages.ui import render

    vintage = mergers.vintage_of_date(day)
    frame = get_boundaries(vintage)
    fmap = choropleth.build_map(
        frame, names_in(frame, lang), _statuses(day, vintage), render.status_map_text(lang), STATIC_URL,
        legend_font_px=26, geometry=get_web_geometry(vintage),
    )
    return export.standalone_html(fmap, briefing_caption(day, lang)).encode("utf-8")


def briefing_html(day: dt.date, lang: str) -> bytes:
    """A day's map as one offline HTML file filling the window under its title bar."""
    return _briefing_html(day, lang, store_version())


def replay_frames(step: str, lang: str, today: dt.date) -> list[export.Frame]:
    """Every step of the briefing's replay: its day, map, statuses and caption."""
    frames = []
    for day in export.replay_days(step, SURVEY_DAY, today):
        vintage = mergers.vintage_of_date(day)
        frames.append(export.Frame(day, vintage, _statuses(day, vintage), briefing_caption(day, lang)))
    return frames


# A month-step ZIP is some 30 MB: few are kept, and not for long.
@st.cache_data(show_spinner=False, max_entries=3, ttl=3600)
def _replay_file(step: str, kind: str, lang: str, today: dt.date, version: str) -> bytes:
    frames = replay_frames(step, lang, today)
    maps = {vintage: get_boundaries(vintage) for vintage in sorted({f.vintage for f in frames})}
    images = export.render_frames(
        frames, maps, vocabulary.STATUSES.colours(), vocabulary.STATUSES.labels(lang),
        size=export.SEQUENCE_SIZES[step], patterns=vocabulary.STATUSES.patterns(),
    )
    seconds = REPLAY_SECONDS[step]
    if kind == "gif":
        return export.gif_bytes(images, seconds)
    if kind == "mp4":
        return export.mp4_bytes(images, seconds)
    if kind == "zip":
        return export.zip_bytes(
            (f"livcr-{index + 1:03d}-{frame.day.isoformat()}.png", export.png_bytes(image))
            for index, (frame, image) in enumerate(zip(frames, images))
        )
    raise ValueError(f"no replay file of kind {kind!r}")


def replay_file(step: str, kind: str, lang: str, today: dt.date) -> bytes:
    """The replay as a GIF, an MP4 or a ZIP of PNG frames (made when a download asks for it)."""
    return _replay_file(step, kind, lang, today, store_version())


@st.cache_resource(show_spinner=False)
def _web_geometry(source: str, vintage: int):
    from geo import choropleth

    config = get_config()
    encoded = boundaries.load_web_topology(
        vintage, Path(source), config.cache_dir, boundaries.population_file(config.data_dir)
    )
    return choropleth.WebGeometry.from_encoded(encoded)


@st.cache_resource(show_spinner=False)
def _served_geometry(source: str, vintage: int):
    geometry = _web_geometry(source, vintage)
    path = install_content(geometry.script_source().encode("utf-8"), STATIC_DIR, "geometry", f"municipalities-{vintage}", ".js")
    return geometry.served_at(f"{STATIC_URL}/{path}")


def get_web_geometry(vintage: int = 2025):
    """The encoded topology the browser draws (all municipalities of a vintage), cached."""
    return _web_geometry(str(boundary_source()), vintage)


def get_served_geometry(vintage: int = 2025):
    """The same, which a live map fetches as a static script the browser keeps across visits
    (an exported file carries its geometry: use `get_web_geometry`)."""
    return _served_geometry(str(boundary_source()), vintage)


def names_in(frame: pd.DataFrame, lang: str) -> dict[str, str]:
    return {row["nis"]: gazetteer.display_name(row, lang) for _, row in frame.iterrows()}


@st.cache_resource(show_spinner=False)
def _vintage_names(source: str, vintage: int, lang: str) -> dict[str, str]:
    return names_in(get_boundaries(vintage), lang)


def vintage_names(vintage: int, lang: str) -> dict[str, str]:
    """Every municipality's name of a vintage in a language (the maps' words), cached."""
    return _vintage_names(str(boundary_source()), vintage, lang)


@st.cache_data(show_spinner=False)
def municipality_labels(lang: str) -> dict[str, str]:
    """Today's municipalities, "name (code)" in a language, sorted by name: a list to pick from."""
    frame = gazetteer.load_gazetteer(2025)
    labels = {row["nis"]: f"{gazetteer.display_name(row, lang)} ({row['nis']})" for _, row in frame.iterrows()}
    return dict(sorted(labels.items(), key=lambda item: item[1].casefold()))
