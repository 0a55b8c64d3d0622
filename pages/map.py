"""The national map: LIVC-R status by municipality, filtered by region and province."""

from __future__ import annotations

import datetime as dt
import gc

import streamlit as st
from streamlit_folium import st_folium

from geo import boundaries, choropleth, gazetteer
from loaders import store, vocabulary
from pages.ui import auth, cached, config, render, views
from pages.ui.text import format_date, format_number, format_period, format_share, t

visitor = auth.require_page("map")
lang = visitor.lang
settings = config.get_config()

municipalities = cached.get_boundaries(2025)
area = render.region_filter(lang)
today = dt.date.today()
status = cached.get_status(today)


@st.cache_resource(show_spinner=False)
def _names(source: str, vintage: int, lang: str) -> dict[str, str]:
    return cached.names_in(cached.get_boundaries(vintage), lang)


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
def render_map(selection, status, lang: str):
    source = str(config.boundary_source())
    geometry = cached.get_web_geometry(2025)
    text = render.status_map_text(lang)
    statuses = dict(zip(status["nis"], status["status"]))
    base = choropleth.build_base_map(
        geometry,
        _names(source, 2025, lang),
        text,
        config.STATIC_URL,
        tiles_url=settings.tiles_url,
        tiles_attribution=settings.tiles_attribution,
    )
    return st_folium(
        base,
        key="map",
        height=640,
        use_container_width=True,
        returned_objects=["last_clicked"],
        feature_group_to_add=choropleth.build_selection(geometry, selection, statuses, text),
    )


selection = area.select(municipalities)

key = store.compute_key_figures(selection, status)
cols = st.columns(4)
cols[0].metric(t("municipalities", lang), format_number(key.municipalities, lang))
cols[1].metric(t("with_operational", lang), f"{format_number(key.operational, lang)} ({format_share(key.operational_share, lang)})")
cols[2].metric(t("cells", lang), format_number(key.operational_cells, lang))
share = key.population_share
cols[3].metric(t("population_covered", lang), format_share(share, lang) if share is not None else t("unavailable", lang))
st.caption(f"{t('as_of', lang)} {format_date(today, lang)}. {t('population_note', lang)}")

map_col, detail_col = st.columns([3, 1])
with map_col:
    clicked = render_map(selection, status, lang)

point = (clicked or {}).get("last_clicked")
if point and point != st.session_state.get("last_clicked"):
    st.session_state["last_clicked"] = point
    nis = boundaries.municipality_at(selection, point["lat"], point["lng"])
    if nis:
        st.session_state["selected_nis"] = nis
if "selected_nis" not in st.session_state:
    st.session_state["selected_nis"] = views.MapView.from_query(st.query_params).nis
render.write_view(views.MapView(area=area, nis=st.session_state["selected_nis"]))

with detail_col:
    nis = st.session_state.get("selected_nis")
    known = municipalities[municipalities["nis"] == nis] if nis else municipalities.iloc[0:0]
    if known.empty:
        st.info(t("click_hint", lang))
    else:
        row = known.iloc[0]
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

_freeze_long_lived_objects()
