"""The national map: LIVC-R status by municipality, filtered by region and province."""

from __future__ import annotations

import datetime as dt
import gc

import streamlit as st
from streamlit_folium import st_folium

from geo import boundaries, choropleth, gazetteer
from loaders import store, vocabulary
from pages.ui import auth, cached, config, factsheet, first_paint, render, search, tables, views
from pages.ui.text import format_date, format_number, format_period, format_share, t

visitor = auth.require_page("map")
lang = visitor.lang
settings = config.get_config()

municipalities = cached.get_boundaries(2025)
# The first view draws the map alone (its area from the link); the filters come with the rest.
map_alone = first_paint.map_waiting("map")
area = views.AreaView.from_query(st.query_params) if map_alone else render.region_filter(lang)
today = dt.date.today()
status = cached.get_status(today)


@st.cache_resource(show_spinner=False)
def _freeze_long_lived_objects() -> bool:
    """Once per server process, after the first map: the modules and cached data loaded so
    far leave the garbage collector's view. Streamlit collects garbage after every run
    (runner.postScriptGC); without this, each collection walks some 180,000 long-lived
    objects (70 ms on a small machine) holding the GIL, while the page waits for its last
    messages and the browser for its files."""
    gc.collect()
    gc.freeze()
    return True


# The base map (geometry, names, words) is the same on every rerun of a language, so
# streamlit-folium keeps the mounted map and only swaps the selection layer (a few kB).
# Both are built afresh each run (a few ms): st_folium renames the elements of the map it
# is given, so a cached folium.Map would reach the browser with dangling variable names.
def render_map(selection, status, lang: str, focus: str | None, view):
    geometry = cached.get_served_geometry(2025)
    text = render.status_map_text(lang)
    statuses = dict(zip(status["nis"], status["status"]))
    base = choropleth.build_base_map(
        geometry,
        cached.vintage_names(2025, lang),
        text,
        config.STATIC_URL,
        tiles_url=settings.tiles_url,
        tiles_attribution=settings.tiles_attribution,
        announce_painted=settings.map_first,
    )
    return st_folium(
        base,
        key=first_paint.MAP_KEY,
        height=640,
        use_container_width=True,
        returned_objects=["last_clicked"],
        feature_group_to_add=choropleth.build_selection(
            geometry, selection, statuses, text, focus=focus, view=view,
        ),
    )


# The figures' height on a screen (a row of metrics and the caption under it: 114 px).
FIGURES_HEIGHT = "7.2rem"


def _choose(nis: str, note: str) -> None:
    """A place found: it is selected, outlined, and the map moves to it (a new view key)."""
    st.session_state["selected_nis"] = nis
    st.session_state["search_note"] = note
    st.session_state["map_moves"] = st.session_state.get("map_moves", 0) + 1
    frame = municipalities[municipalities["nis"] == nis]
    st.session_state["map_view"] = choropleth.View(
        f"place:{nis}:{st.session_state['map_moves']}", choropleth.bounds_of(frame, margin=1.0),
    )


selection = area.select(municipalities)

if "selected_nis" not in st.session_state:
    st.session_state["selected_nis"] = views.MapView.from_query(st.query_params).nis
# A click is read before the map is drawn (its value is in the session already), so the
# outline follows the click in the same run.
point = (st.session_state.get(first_paint.MAP_KEY) or {}).get("last_clicked")
if point and point != st.session_state.get("last_clicked"):
    st.session_state["last_clicked"] = point
    clicked_nis = boundaries.municipality_at(selection, point["lat"], point["lng"])
    if clicked_nis:
        st.session_state["selected_nis"] = clicked_nis
        st.session_state.pop("search_note", None)

# The figures sit above the map on a screen and below it on a phone (constant CSS); the map
# is sent first, so the browser starts on it while the figures are computed. Their place is
# kept while the map is drawn alone, so the map does not move when they come.
render.add_css(
    f".st-key-map_figures {{min-height: {FIGURES_HEIGHT}}}"
    "@media (max-width: 640px) {div:has(> .st-key-map_main) {order: 1}"
    " div:has(> .st-key-map_figures), div:has(> .st-key-map_main) ~ div {order: 2}}"
)
figures = st.container(key="map_figures")
main = st.container(key="map_main")
map_col, detail_col = main.columns([3, 1])
# The search sits at the top of the details column (the map keeps the width and the fold);
# it is read before the map is drawn, so a place found is outlined and zoomed to at once.
with detail_col:
    if not map_alone:
        # The box says what it found; a text it did not know is read by the resolver, which says how.
        search.render_choices(search.render_place_search(lang, key="map_search"), lang, "search", _choose)
with map_col:
    # The view moves to a place found, and back to the selection when the filter changes.
    if st.session_state.get("map_area") != area:
        st.session_state["map_area"] = area
        st.session_state.pop("map_view", None)
    render_map(selection, status, lang, st.session_state.get("selected_nis"), st.session_state.get("map_view"))

render.write_view(views.MapView(area=area, nis=st.session_state["selected_nis"]))
if map_alone:
    # An empty container is not drawn at all: a placeholder holds the figures' place open.
    figures.empty()
    # Under the map, in its container (on a phone the figures' container comes after it).
    with main:
        first_paint.render_fallback()
    _freeze_long_lived_objects()
    st.stop()

with detail_col:
    nis = st.session_state.get("selected_nis")
    known = municipalities[municipalities["nis"] == nis] if nis else municipalities.iloc[0:0]
    if known.empty:
        st.info(t("click_hint", lang))
    else:
        row = known.iloc[0]
        if st.session_state.get("search_note"):
            st.caption(render.plain(st.session_state["search_note"]))
            if not selection["nis"].eq(nis).any():
                st.info(t("search_outside", lang, name=gazetteer.display_name(row, lang)))
        summary = store.summarise_municipality(cached.get_registry(), nis, today, status)
        st.subheader(gazetteer.display_name(row, lang))
        render.render_municipality_facts(row.to_dict() | {"nis": nis}, lang, summary.formed_from)
        status_label = vocabulary.STATUSES.label(summary.status, lang)
        since = (
            f" ({t('since', lang)} {format_period(summary.since, summary.since_precision, lang)})" if summary.since else ""
        )
        st.markdown(f"**{t('status_title', lang)}:** {status_label}{since}")
        if summary.cell_name:
            st.markdown(f"**{t('cell', lang)}:** {render.plain(summary.cell_name)}")
            others = municipalities[municipalities["nis"].isin(summary.cell_members) & (municipalities["nis"] != nis)]
            if not others.empty:
                st.markdown(
                    f"**{t('members', lang)}:** "
                    + render.plain(", ".join(gazetteer.display_name(r, lang) for _, r in others.iterrows()))
                )
        else:
            st.markdown(f"**{t('cell', lang)}:** {t('no_cell', lang)}")
        last = (
            f"{t('last_visit', lang)} {format_period(summary.last_visit, summary.last_visit_precision, lang)}"
            if summary.last_visit
            else t("never_visited", lang)
        )
        st.markdown(f"**{t('visits', lang)}:** {summary.visits} ({last})")
        if summary.programmes:
            st.markdown(
                f"**{t('programmes', lang)}:** "
                + render.plain(", ".join(render.programme_label(p, lang) for p in summary.programmes))
            )
        # A public page: the public version for everyone (staff take theirs from the profile).
        factsheet.render_factsheet_downloads(lang, visitor, nis=nis, key="map_factsheet", variants=("public",))

tables.render_selection_table(selection, status, lang, visitor, "map_table", on_demand=True)

with figures:
    key = store.compute_key_figures(selection, status)
    cols = st.columns(4)
    cols[0].metric(t("municipalities", lang), format_number(key.municipalities, lang))
    cols[1].metric(
        t("with_operational", lang), f"{format_number(key.operational, lang)} ({format_share(key.operational_share, lang)})"
    )
    cols[2].metric(t("cells", lang), format_number(key.operational_cells, lang))
    share = key.population_share
    cols[3].metric(t("population_covered", lang), format_share(share, lang) if share is not None else t("unavailable", lang))
    st.caption(f"{t('as_of', lang)} {format_date(today, lang)}. {t('population_note', lang)}")

_freeze_long_lived_objects()
