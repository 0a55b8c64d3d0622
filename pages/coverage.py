"""Coverage over time: the share of municipalities (or of the population) with an operational
cell, month by month per region and for Belgium, beside the figures the programme published.

Public: counts and shares only — never internal notes, follow-ups, sources of records or
file names; the sources it names are the publications'.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import boundaries, gazetteer
from loaders import published
from loaders.store import coverage
from pages.ui import auth, cached, config, files, render
from pages.ui import coverage_chart as chart
from pages.ui.text import format_date, t

visitor = auth.require_page("coverage")
lang = visitor.lang
today = dt.date.today()


@st.cache_data(show_spinner=False, max_entries=2)
def _places(population: str | None) -> dict[int, pd.DataFrame]:
    return coverage.coverage_places(Path(population) if population else None)


@st.cache_data(show_spinner=False, max_entries=8)
def _numbers(version: str, day: dt.date, population: str | None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The registry's series, the published table and the registry on the published days
    (keyed by the store's version: a change to the registry is seen on the next run)."""
    reg = cached.get_registry()
    places = _places(population)
    series = coverage.coverage_series(reg, places, coverage.coverage_days(reg, day))
    table = published.published_table(places)
    days = sorted(set(table["day"]))
    # The German-speaking Community as an area of its own, for the row the 2019 survey gives it.
    community = {
        vintage: frame[frame["nis"].isin(gazetteer.NAMES_DE)].assign(region=published.GERMAN_SPEAKING)
        for vintage, frame in places.items()
    }
    then = coverage.coverage_series(reg, places, days)
    within = coverage.coverage_series(reg, community, days)
    then = pd.concat([then, within[within["area"] == published.GERMAN_SPEAKING]], ignore_index=True)
    return series, table, then


population_file = boundaries.population_file(config.get_config().data_dir)
series, table, then = _numbers(cached.store_version(), today, str(population_file) if population_file else None)
is_demo = cached.get_registry().is_demo

# Type and spacing for a projector: the chart in the first screen at 1366×768 (constant CSS, no data in it).
render.add_css(
    ".block-container {padding-top: 2.5rem;} h1 {font-size: 2.4rem !important; padding-top: 0 !important;}"
)
heading = st.empty()
# On the left, under the title: the chart's toolbar, shown at its top right while the pointer
# is over it, would cover a switch placed there.
measure = st.radio(
    t("cov_measure", lang), chart.MEASURES, key="coverage_measure", horizontal=True, label_visibility="collapsed",
    format_func=lambda m: t(f"cov_measure_{m}", lang),
)
title, key = chart.chart_caption(measure, lang, is_demo)
heading.markdown(f"#### {title}")
if series.empty:
    st.info(t("cov_empty", lang))
else:
    st.altair_chart(
        chart.build_chart(series, table, measure, lang, is_demo), width="stretch", theme=None, key="coverage_chart",
        alt=t("cov_chart_alt", lang, measure=t(f"cov_what_{measure}", lang),
              first=format_date(min(series["day"]), lang), last=format_date(max(series["day"]), lang)),
    )
    st.markdown(key)
if measure == "population":
    st.caption(t("cov_population_note", lang))
st.markdown(t("cov_intro", lang))

st.subheader(t("cov_published_heading", lang))
# An HTML table (not a canvas grid): read as it is by screen readers, and by the page's text search.
st.table(chart.published_rows(table, then, lang), hide_index=True)
st.caption(t("cov_published_note", lang))
sources = [
    t("cov_source_line", lang, survey=chart.survey_label(s.code, lang), publisher=s.publisher, title=s.title,
      url=s.url, published=format_date(s.published, lang))
    for s in published.load_published()
]
st.caption(f"**{t('cov_sources', lang)}** · " + " · ".join(sources))

if not series.empty:
    st.subheader(t("cov_series_heading", lang))
    shown = chart.series_table(series, lang)
    st.dataframe(
        shown, hide_index=True, width="stretch", key="coverage_table", alt=t("cov_series_alt", lang),
        column_config=render.date_columns(shown), placeholder="",
    )
    st.download_button(
        t("cov_download", lang), files.csv_bytes(shown, delimiter=";"),
        file_name=f"livcr-coverage{'-demo' if is_demo else ''}-{today.isoformat()}.csv", mime="text/csv",
        key="coverage_csv", icon=":material/download:",
    )
