"""Briefing mode: the national map for a big screen, with key figures per region, any day in history.

Public: it shows statuses and counts only — never internal notes, follow-ups, sources or
file names, neither on the page nor in the map's HTML.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st
from streamlit_folium import st_folium

from geo import choropleth, export, gazetteer, mergers
from loaders import store
from pages.ui import auth, cached, config, render, views
from pages.ui.text import DATE_INPUT_FORMAT, format_date, t

visitor = auth.require_page("briefing")
lang = visitor.lang
today = dt.date.today()
SURVEY_DAY = dt.date(2016, 5, 27)

# Type for the back of a room: constant CSS, no data in it.
st.markdown(
    """<style>
    [data-testid="stMetricValue"] {font-size: 2.8rem;}
    [data-testid="stMetricLabel"] p {font-size: 1.25rem;}
    h1 {font-size: 2.4rem !important; padding-top: 0 !important;}
    .block-container {padding-top: 2.5rem;}
    </style>""",
    unsafe_allow_html=True,
)
if "briefing_day" not in st.session_state:
    st.session_state["briefing_day"] = views.BriefingView.from_query(st.query_params, today=today).day


def _go_to(day: dt.date) -> None:
    st.session_state["briefing_day"] = day  # a callback: runs before the date widget is drawn


day = st.sidebar.date_input(
    t("as_of", lang), min_value=views.FIRST_DAY, max_value=today, key="briefing_day", format=DATE_INPUT_FORMAT,
)
st.sidebar.button(t("survey_2016", lang), key="briefing_survey", on_click=_go_to, args=(SURVEY_DAY,))
st.sidebar.button(t("today", lang), key="briefing_today", on_click=_go_to, args=(today,))
view = views.BriefingView(day=day, today=today)
render.write_view(view)

vintage = view.vintage
frame = cached.get_boundaries(vintage)
reg = cached.get_registry()
status = cached.get_status_vintage(day, vintage)
statuses = dict(zip(status["nis"], status["status"]))
render.render_heading(f"{t('briefing_title', lang)} — {format_date(day, lang)}", lang)

figures = store.figures_by_region(reg, frame, day, status=status)
total_covered, total = int(figures["covered"].sum()), int(figures["municipalities"].sum())
text = render.status_map_text(lang)
names = cached.names_in(frame, lang)
map_col, figures_col = st.columns([3, 1])
with figures_col:
    st.metric(t("belgium", lang), f"{total_covered} / {total}", help=t("covered_help", lang))
    st.caption(f"{t('cells', lang)}: {int(figures['cells'].sum())} · {t('visits_so_far', lang)}: {int(figures['visits'].sum())}")
    for row in figures.itertuples():
        st.metric(gazetteer.region_label(row.region, lang), f"{row.covered} / {row.municipalities}")
        st.caption(f"{t('cells', lang)}: {row.cells} · {t('visits_so_far', lang)}: {row.visits}")
    st.caption(f"{t('covered_help', lang)} · {mergers.VINTAGE_COUNTS[vintage]} {t('municipalities', lang).lower()}")
with map_col:
    fmap = choropleth.build_map(
        frame, names, statuses, text, config.STATIC_URL, legend_font_px=24, height=760,
    )
    st_folium(fmap, key="briefing_map", height=760, use_container_width=True, returned_objects=[])

title = f"{t('briefing_title', lang)} — {format_date(day, lang)}"
downloads = st.columns(2)
subtitle = f"{t('covered_help', lang)}: {total_covered} / {total}"
# Both files are made only when their button is clicked, not on every rerun of the page.
downloads[0].download_button(
    t("download_html", lang),
    lambda: export.standalone_html(
        choropleth.build_map(frame, names, statuses, text, config.STATIC_URL, legend_font_px=26), title
    ).encode("utf-8"),
    file_name=f"livcr-{day.isoformat()}.html", mime="text/html", key="download_html",
)
downloads[1].download_button(
    t("download_png", lang),
    lambda: cached.briefing_png(vintage, day, lang, title, subtitle),
    file_name=f"livcr-{day.isoformat()}.png", mime="image/png", key="download_png",
)
