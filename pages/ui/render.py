"""Pieces of page the pages share: the language switch, filters, the demo label, escaped text, facts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from geo import gazetteer
from loaders import vocabulary
from pages.ui import views
from pages.ui.cached import get_registry
from pages.ui.config import get_config
from pages.ui.text import DATE_INPUT_FORMAT, LANGUAGES, format_date, format_number, format_period, language, t


def render_sidebar() -> str:
    """The language switch, shared by all pages; returns the chosen language."""
    lang = st.sidebar.radio(
        t("language_switch", language()),
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="language",
        horizontal=True,
    )
    if views.language_to_query(lang, get_config().language):
        st.query_params["lang"] = lang
    else:
        st.query_params.pop("lang", None)
    return lang


def render_table(
    frame: pd.DataFrame, headers: dict[str, str], lang: str, key: str, periods: dict[str, str] | None = None,
) -> None:
    """A table with its headers from the catalogue (`headers`: column -> key; other columns are
    left out) and its days written as everywhere else in the interface. `periods` names, for a
    date column, the column saying how precisely each date is known (`{"date": "precision"}`):
    such a column is shown by `shown_periods`."""
    if periods:
        frame = frame.assign(**{c: shown_periods(frame[c], frame[p], lang) for c, p in periods.items()})
    shown = frame[list(headers)].rename(columns={c: t(k, lang) for c, k in headers.items()})
    st.dataframe(shown, hide_index=True, width="stretch", key=key, column_config=date_columns(shown))


def date_columns(frame: pd.DataFrame) -> dict:
    """The column configuration writing every column of days as the interface does (DD/MM/YYYY)."""
    return {
        c: st.column_config.DateColumn(format=DATE_INPUT_FORMAT)
        for c in frame.columns
        if frame[c].map(lambda v: isinstance(v, dt.date)).any()
    }


def shown_periods(days: pd.Series, precisions: pd.Series, lang: str) -> pd.Series:
    """Dates as a table shows them: left as days (a date column, "12/03/2019", sorted as
    dates) while every one is known to the day; as text once one is vague, each as precisely
    as it is known: "12/03/2019", "03/2019", "Q2 2019", "2019" (`locales.format_period`)."""
    if not precisions.isin(["month", "quarter", "year"]).any():
        return days
    return pd.Series(
        [format_period(d, p, lang, "short") if isinstance(d, dt.date) else None for d, p in zip(days, precisions)],
        index=days.index, dtype=object,
    )


def add_css(css: str) -> None:
    """Constant CSS for this page (never data): a style-only st.html takes no room on the page."""
    st.html(f"<style>{css}</style>")


def render_heading(title: str, lang: str) -> None:
    """A page's title, and under it the demo label while the store holds the demo dataset."""
    st.title(title)
    render_demo_banner(lang)


def render_demo_banner(lang: str) -> None:
    if get_registry().is_demo:
        st.warning(t("demo_banner", lang), icon="⚠️")


def region_filter(lang: str) -> views.AreaView:
    """Region and province selectboxes (keys 'region' and 'province'), starting from the URL's area."""
    if "region" not in st.session_state:
        start = views.AreaView.from_query(st.query_params)
        st.session_state["region"], st.session_state["province"] = start.region, start.province
    region = st.sidebar.selectbox(
        t("region", lang),
        views.REGION_CHOICES,
        key="region",
        format_func=lambda s: t("all_regions", lang) if s == views.ALL else gazetteer.region_label(views.REGION_SLUGS[s], lang),
    )
    choices = (views.ALL, *views.provinces_in(region))
    if st.session_state.get("province") not in choices:
        st.session_state["province"] = views.ALL
    province = st.sidebar.selectbox(
        t("province", lang),
        choices,
        key="province",
        format_func=lambda p: t("all_provinces", lang) if p == views.ALL else gazetteer.province_label(p, lang),
        disabled=len(choices) == 1,
    )
    return views.AreaView(region, province)


def write_view(view) -> None:
    """Put a page's view in the URL: its own parameters only, defaults left out."""
    wanted = view.to_query()
    for name in view.PARAMETERS:
        if name in wanted:
            if st.query_params.get(name) != wanted[name]:
                st.query_params[name] = wanted[name]
        else:
            st.query_params.pop(name, None)


_MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|~>"


def plain(text: object) -> str:
    """Text from data, safe inside st.markdown: no HTML, no Markdown links or emphasis."""
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join(f"\\{c}" if c in _MARKDOWN_SPECIALS else c for c in escaped)


def programme_label(code: str, lang: str) -> str:
    return vocabulary.PROGRAMMES.label(code, lang) if code in vocabulary.PROGRAMMES else code


def status_map_text(lang: str):
    """The words and classes of a map of LIVC-R status, in `lang`."""
    from geo import choropleth

    return choropleth.MapText(
        legend_title=t("status_title", lang), name_label=t("municipality", lang), status_label=t("status_title", lang),
        status_names=vocabulary.STATUSES.labels(lang), colours=vocabulary.STATUSES.colours(),
        patterns=vocabulary.STATUSES.patterns(),
    )


def render_municipality_facts(row: dict, lang: str, formed_from: list) -> None:
    """Names, code, region, province, population and the municipalities it was formed from."""
    names = " · ".join(dict.fromkeys(n for n in (row["name_nl"], row["name_fr"], row["name_de"]) if n))
    population = row["population"]
    shown = t("unavailable", lang) if pd.isna(population) else format_number(int(population), lang)
    st.markdown(
        f"**{t('names', lang)}:** {plain(names)}  \n"
        f"**{t('nis_code', lang)}:** {row['nis']}  \n"
        f"**{t('region', lang)}:** {gazetteer.region_label(row['region'], lang)}  \n"
        f"**{t('province', lang)}:** {gazetteer.province_label(row['province'], lang)}  \n"
        f"**{t('population', lang)}:** {shown}"
    )
    if formed_from:
        st.markdown(
            f"**{t('merged_from', lang)}:** "
            + plain(", ".join(f"{m.old_name_nl} ({m.old_code}, {format_date(m.effective, lang)})" for m in formed_from))
        )
