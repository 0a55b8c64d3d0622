"""Briefing mode: the national map for a big screen, with key figures per region, any day in history.

Public: it shows statuses and counts only — never internal notes, follow-ups, sources or
file names, neither on the page nor in the map's HTML.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st
from streamlit_folium import st_folium

from geo import choropleth, export, gazetteer, mergers
from loaders import planning, registry
from pages import common
from pages.text import t

common.require_page("briefing")
lang = common.language()
today = dt.date.today()
SURVEY_DAY = dt.date(2016, 5, 27)

st.markdown(
    """<style>
    [data-testid="stMetricValue"] {font-size: 3.2rem;}
    [data-testid="stMetricLabel"] p {font-size: 1.3rem;}
    h1 {font-size: 3rem !important;}
    </style>""",
    unsafe_allow_html=True,
)
if "briefing_day" not in st.session_state:
    wanted = st.query_params.get("day", "")
    try:
        st.session_state["briefing_day"] = dt.date.fromisoformat(wanted)
    except ValueError:
        st.session_state["briefing_day"] = today


def _go_to(day: dt.date) -> None:
    st.session_state["briefing_day"] = day  # a callback: runs before the date widget is drawn


controls = st.columns([2, 1, 1])
day = controls[0].date_input(
    t("as_of", lang), min_value=dt.date(2015, 1, 1), max_value=today, key="briefing_day", format="DD/MM/YYYY",
)
controls[1].button(t("survey_2016", lang), key="briefing_survey", on_click=_go_to, args=(SURVEY_DAY,))
controls[2].button(t("today", lang), key="briefing_today", on_click=_go_to, args=(today,))
st.query_params["day"] = day.isoformat()

vintage = mergers.vintage_of_date(day)
frame = common.get_boundaries(vintage)
reg = common.get_registry()
status = common.get_status_vintage(day, vintage)
statuses = dict(zip(status["nis"], status["status"]))
st.title(f"{t('briefing_title', lang)} — {day.strftime('%d/%m/%Y')}")
common.render_demo_banner(lang)

figures = planning.figures_by_region(reg, frame, day, status=status)
cols = st.columns(len(figures) + 1)
total_covered, total = int(figures["covered"].sum()), int(figures["municipalities"].sum())
cols[0].metric(t("belgium", lang), f"{total_covered} / {total}", help=t("covered_help", lang))
for col, row in zip(cols[1:], figures.itertuples()):
    col.metric(gazetteer.region_label(row.region, lang), f"{row.covered} / {row.municipalities}")
cells_row = st.columns(len(figures) + 1)
cells_row[0].caption(f"{t('cells', lang)}: {int(figures['cells'].sum())} · {t('visits_so_far', lang)}: {int(figures['visits'].sum())}")
for col, row in zip(cells_row[1:], figures.itertuples()):
    col.caption(f"{t('cells', lang)}: {row.cells} · {t('visits_so_far', lang)}: {row.visits}")

text = choropleth.MapText(
    legend_title=t("status_title", lang), name_label=t("municipality", lang), status_label=t("status_title", lang),
    status_names={code: registry.STATUS_LABELS[code][lang] for code in registry.STATUSES},
)
fmap = choropleth.build_map(
    frame, common.names_in(frame, lang), statuses, text, common.STATIC_URL, legend_font_px=26, height=820,
)
st_folium(fmap, key="briefing_map", height=820, use_container_width=True, returned_objects=[])
st.caption(f"{t('as_of', lang)} {day.isoformat()} · {mergers.VINTAGE_COUNTS[vintage]} {t('municipalities', lang).lower()}")

title = f"{t('briefing_title', lang)} — {day.strftime('%d/%m/%Y')}"
downloads = st.columns(2)
downloads[0].download_button(
    t("download_html", lang),
    export.standalone_html(
        choropleth.build_map(frame, common.names_in(frame, lang), statuses, text, common.STATIC_URL, legend_font_px=26),
        title,
    ).encode("utf-8"),
    file_name=f"livcr-{day.isoformat()}.html", mime="text/html", key="download_html",
)
downloads[1].download_button(
    t("download_png", lang),
    common.briefing_png(vintage, day, lang, title, f"{t('covered_help', lang)}: {total_covered} / {total}"),
    file_name=f"livcr-{day.isoformat()}.png", mime="image/png", key="download_png",
)
