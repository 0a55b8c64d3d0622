"""Briefing mode: the national map for a big screen, with key figures per region, any day in
history, and a replay of the years (or months) since the 2016 survey.

Public: it shows statuses and counts only — never internal notes, follow-ups, sources or
file names, neither on the page nor in the map's HTML nor in its downloads.

Everything that follows the day shown (title, map, figures, controls) is one fragment: a
replay reruns only it, on a timer, and the map keeps its mounted base (one per boundary
vintage) while only the coloured selection is swapped in.
"""

from __future__ import annotations

import datetime as dt
import time

import streamlit as st
from branca.element import Element
from streamlit_folium import st_folium

from geo import choropleth, export, gazetteer, mergers
from loaders import vocabulary
from pages.ui import auth, cached, config, render, search, views
from pages.ui.text import DATE_INPUT_FORMAT, format_date, t

visitor = auth.require_page("briefing")
lang = visitor.lang
today = dt.date.today()

# Type for the back of a room, sized by the window's height so that the title, the controls,
# the whole map and every figure fit one screen from 1280 x 720 up. Constant CSS, no data.
render.add_css(
    """
    .block-container {padding-top: 3.2rem; padding-bottom: 1rem;}
    h1 {font-size: clamp(1.5rem, 4.4vh, 2.4rem) !important; padding: 0 0 .25rem 0 !important;}
    .st-key-briefing_demo [data-testid="stAlert"] p {font-size: clamp(.95rem, 2.1vh, 1.35rem); font-weight: 600;}
    .st-key-briefing_demo [data-testid="stAlertContainer"] {padding: .35rem .8rem;}
    .st-key-briefing_figures [data-testid="stMetricValue"] {font-size: clamp(1.45rem, 4.6vh, 2.8rem);}
    .st-key-briefing_figures [data-testid="stMetricLabel"] p {font-size: clamp(.95rem, 2.3vh, 1.25rem);}
    .st-key-briefing_figures [data-testid="stCaptionContainer"] {margin-top: -.6rem;}
    .st-key-briefing_map iframe {height: calc(100vh - 11.25rem) !important; min-height: 20rem;}
    @media (max-width: 640px) {
        .block-container {padding-top: 3.5rem;}
        h1 {font-size: 1.45rem !important;}
        .st-key-briefing_map iframe {height: min(75vh, 115vw) !important; min-height: 0;}
    }
    """
)
# Inside the map's frame: the map fills the frame (streamlit-folium sizes it in pixels) and the
# legend's type follows the map's size, so it never covers the country on a phone.
MAP_FRAME_CSS = Element(
    """<style>
    html, body {margin: 0; overflow: hidden;}
    #map_div {height: 100vh !important;}
    .livcr-legend > div {font-size: clamp(11px, min(3.3vh, 3.6vw), 24px) !important;}
    </style>"""
)

# The day shown lives in `briefing_shown`, not in a widget: while a replay plays, the timer's
# reruns can carry widget values the browser had before the last step reached it, and a
# widget holding the day would take them for the presenter going back. So the day's widgets
# are keyed and live only while paused; playing, they are drawn disabled from the day.
state = st.session_state
if "briefing_shown" not in state:
    state["briefing_shown"] = views.BriefingView.from_query(st.query_params, today=today).day
state.setdefault("replay_step", "year")
state.setdefault("replay_playing", False)


def _replay_days() -> list[dt.date]:
    return export.replay_days(state["replay_step"] or "year", cached.SURVEY_DAY, today)


def _go_to(day: dt.date) -> None:
    state["briefing_shown"] = day


def _picked_day() -> None:
    state["briefing_shown"] = state["briefing_day"]


def _slid() -> None:
    state["briefing_shown"] = state["replay_at"]


def _play_or_pause() -> None:
    if state["replay_playing"]:
        state["replay_playing"] = False
        return
    days = _replay_days()
    if state["briefing_shown"] >= days[-1]:
        state["briefing_shown"] = days[0]  # played to the end: play again from the start
    state["briefing_shown"] = _step_shown(days, state["briefing_shown"])
    state["replay_playing"] = True
    state["replay_ticked"] = time.monotonic()  # the first run shows this step; the timer advances


def _step_shown(days: list[dt.date], day: dt.date) -> dt.date:
    """The replay step at or before a day (a day picked by date may fall between steps)."""
    return max((d for d in days if d <= day), default=days[0])


def _advance(days: list[dt.date], seconds: float) -> None:
    """One tick of the replay: the next step; after the last one, stop and drop the timer.

    Only a tick of the timer advances: any other rerun of the fragment (the map mounting
    the next vintage's base, say) comes sooner than the step's time and shows the same step."""
    now = time.monotonic()
    if now - state.get("replay_ticked", 0.0) < 0.8 * seconds:
        return
    state["replay_ticked"] = now
    later = [d for d in days if d > state["briefing_shown"]]
    if later:
        state["briefing_shown"] = later[0]
    if len(later) <= 1:
        state["replay_playing"] = False
        st.rerun(scope="app")


def _find(nis: str, _note: str = "") -> None:
    """A place found: outlined on every step's map, and the map moves to it (a new view key)."""
    state["briefing_focus"] = nis
    state["briefing_moves"] = state.get("briefing_moves", 0) + 1


def _show_all() -> None:
    state.pop("briefing_focus", None)
    state.pop("briefing_candidates", None)
    state["briefing_moves"] = state.get("briefing_moves", 0) + 1


def render_search(day: dt.date, vintage: int) -> None:
    """The place search; what it found is named with its status on the day shown."""
    search.render_choices(search.render_place_search(lang, key="briefing_search"), lang, "briefing", _find, horizontal=True)
    nis = state.get("briefing_focus")
    if nis:
        status = cached.get_status_vintage(day, vintage)
        statuses = dict(zip(status["nis"], status["status"]))
        parts = _parts_of(nis, vintage)
        words = ", ".join(dict.fromkeys(vocabulary.STATUSES.label(statuses.get(c, "unknown"), lang) for c in parts))
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(f"**{render.plain(search.candidate_label(nis, lang))}**: {render.plain(words)}")
            st.button(t("search_show_all", lang), key="briefing_show_all", on_click=_show_all)


def _parts_of(nis: str, vintage: int) -> tuple[str, ...]:
    return mergers.codes_forming(nis, cached.get_web_geometry(vintage).codes)


def render_map(day: dt.date, vintage: int) -> None:
    # The base (geometry, names, words) is the same for every day of one vintage, so
    # streamlit-folium keeps the mounted map and swaps only the selection (a few kB) from one
    # step to the next; a new vintage (2019, 2025) mounts that vintage's base once.
    geometry = cached.get_served_geometry(vintage)
    text = render.status_map_text(lang)
    status = cached.get_status_vintage(day, vintage)
    base = choropleth.build_base_map(geometry, cached.vintage_names(vintage, lang), text, config.STATIC_URL, height=760)
    base.get_root().header.add_child(MAP_FRAME_CSS, name="briefing_frame_css")
    frame = cached.get_boundaries(vintage)
    nis = state.get("briefing_focus")
    parts = _parts_of(nis, vintage) if nis else ()
    moves = state.get("briefing_moves", 0)
    # The view stays on a place found through the replay's steps, and on Belgium otherwise.
    view = choropleth.View(f"place:{nis}:{moves}", choropleth.bounds_of(frame[frame["nis"].isin(parts)], margin=1.0)) \
        if nis else choropleth.View(f"belgium:{moves}", choropleth.bounds_of(frame))
    selection = choropleth.build_selection(
        geometry, frame, dict(zip(status["nis"], status["status"])), text, legend_font_px=24, focus=parts, view=view,
    )
    with st.container(key="briefing_map"):
        st_folium(
            base, key=f"briefing_map_{vintage}", height=760, use_container_width=True, returned_objects=[],
            feature_group_to_add=selection,
        )


def render_controls(days: list[dt.date], day: dt.date) -> None:
    playing = state["replay_playing"]
    with st.container(horizontal=True, vertical_alignment="bottom", key="briefing_controls"):
        label = t("briefing_day_label", lang)
        if playing:
            st.date_input(label, value=day, format=DATE_INPUT_FORMAT, disabled=True, width=130)
        else:
            state["briefing_day"] = day
            st.date_input(
                label, min_value=views.FIRST_DAY, max_value=today, key="briefing_day",
                format=DATE_INPUT_FORMAT, on_change=_picked_day, width=130,
            )
        st.button(t("survey_2016", lang), key="briefing_survey", on_click=_go_to, args=(cached.SURVEY_DAY,), disabled=playing)
        st.button(t("today", lang), key="briefing_today", on_click=_go_to, args=(today,), disabled=playing)
    with st.container(horizontal=True, vertical_alignment="center", key="briefing_replay"):
        st.segmented_control(
            t("replay_step_label", lang), ("year", "month"), key="replay_step", required=True, disabled=playing,
            format_func=lambda step: t(f"replay_step_{step}", lang), label_visibility="collapsed",
        )
        st.button(
            t("replay_pause" if playing else "replay_play", lang), key="replay_play", on_click=_play_or_pause,
            icon=":material/pause:" if playing else ":material/play_arrow:", type="primary",
        )
    slider = {"label": t("replay_label", lang), "options": days, "label_visibility": "collapsed",
              "format_func": lambda d: format_date(d, lang, "short")}
    if playing:
        st.select_slider(value=_step_shown(days, day), disabled=True, **slider)
    else:
        state["replay_at"] = _step_shown(days, day)
        st.select_slider(key="replay_at", on_change=_slid, **slider)


def render_figures(figures) -> None:
    covered, total = int(figures["covered"].sum()), int(figures["municipalities"].sum())
    rows = [(t("belgium", lang), covered, total, int(figures["cells"].sum()), int(figures["visits"].sum()))]
    rows += [
        (gazetteer.region_label(r.region, lang), r.covered, r.municipalities, r.cells, r.visits)
        for r in figures.itertuples()
    ]
    with st.container(key="briefing_figures"):
        for pair in (rows[:2], rows[2:]):
            for column, (label, covered, total, cells, visits) in zip(st.columns(2), pair):
                column.metric(label, f"{covered} / {total}", help=t("covered_help", lang))
                column.caption(f"{t('cells', lang)}: {cells} · {t('visits_so_far', lang)}: {visits}")


def render_downloads(day: dt.date, step: str) -> None:
    # Every file is made only when its button is clicked (in a thread of its own), not on
    # every rerun; each carries the title, the day, the figures, the source and, for demo
    # data, the DEMO DATA mark.
    first, last = cached.SURVEY_DAY.isoformat(), today.isoformat()
    with st.popover(t("downloads_label", lang), icon=":material/download:"):
        st.download_button(
            t("download_html", lang), lambda: cached.briefing_html(day, lang),
            file_name=f"livcr-{day.isoformat()}.html", mime="text/html", key="download_html",
        )
        st.download_button(
            t("download_png", lang), lambda: cached.briefing_png(day, lang),
            file_name=f"livcr-{day.isoformat()}.png", mime="image/png", key="download_png",
        )
        for kind, label, mime in (
            ("gif", "download_gif", "image/gif"), ("mp4", "download_mp4", "video/mp4"),
            ("zip", "download_frames", "application/zip"),
        ):
            st.download_button(
                t(label, lang), lambda kind=kind: cached.replay_file(step, kind, lang, today),
                file_name=f"livcr-replay-{step}-{first}-{last}.{kind}", mime=mime, key=f"download_{kind}",
            )
        st.caption(t("replay_files_help", lang))


def render_briefing(playing_on_timer: bool) -> None:
    if state["replay_playing"] != playing_on_timer:
        st.rerun(scope="app")  # Play or Pause was pressed: the timer is set by a whole run
    days = _replay_days()
    step = state["replay_step"] or "year"
    if state["replay_playing"]:
        _advance(days, cached.REPLAY_SECONDS[step])
    day = state["briefing_shown"]
    view = views.BriefingView(day=day, today=today)
    render.write_view(view)
    vintage = view.vintage
    st.title(f"{t('briefing_title', lang)} — {format_date(day, lang)}")
    if cached.get_registry().is_demo:
        with st.container(key="briefing_demo"):
            st.warning(t("briefing_demo_short", lang), icon="⚠️")
    map_col, side_col = st.columns([3, 2], gap="medium")
    with side_col:  # read before the map is drawn: a place found is outlined at once
        render_search(day, vintage)
    with map_col:
        render_map(day, vintage)
    with side_col:
        render_controls(days, day)
        render_figures(cached.briefing_figures(day))
        st.caption(f"{t('covered_help', lang)} · {mergers.VINTAGE_COUNTS[vintage]} {t('municipalities', lang).lower()}")
        render_downloads(day, step)


playing = state["replay_playing"]
st.fragment(render_briefing, run_every=cached.REPLAY_SECONDS[state["replay_step"] or "year"] if playing else None)(
    playing
)
