"""Municipality profile: find a municipality by any name or code; its history, cell, visits."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from streamlit_folium import st_folium

from geo import choropleth, gazetteer
from geo.resolver import resolve_municipality
from loaders import access, store, vocabulary
from loaders.store import editing
from pages.ui import auth, cached, config, render, views
from pages.ui.text import DATE_INPUT_FORMAT, t

visitor = auth.require_page("profile")
lang = visitor.lang
municipalities = cached.get_boundaries(2025)
reg = cached.get_registry()
today = dt.date.today()

if "profile_query" not in st.session_state:
    st.session_state["profile_query"] = views.ProfileView.from_query(st.query_params).query
query = st.text_input(
    t("search_municipality", lang), key="profile_query", placeholder="Luik, Mons, 46013, Kelmis…",
    max_chars=views.MAX_QUERY_CHARS,
)
if not query.strip():
    st.info(t("search_hint", lang))
    st.stop()

found = resolve_municipality(query)
nis = found.nis
if found.outcome == "ambiguous":
    nis = st.radio(
        t("which_one", lang), list(found.candidates), key="profile_candidate",
        format_func=lambda c: gazetteer.display_name(municipalities.set_index("nis").loc[c].to_dict() | {"nis": c}, lang),
    )
elif found.outcome == "unknown":
    st.warning(render.plain(found.note.render(lang)))
    st.stop()
if found.outcome == "merged":
    st.caption(render.plain(found.note.render(lang)))
render.write_view(views.ProfileView(query=nis))

row = municipalities.set_index("nis").loc[nis].to_dict() | {"nis": nis}
st.header(gazetteer.display_name(row, lang))
render.render_municipality_facts(row, lang, store.formed_from(nis))
summary_status = cached.get_status(today)
current = summary_status[summary_status["nis"] == nis]

left, right = st.columns([3, 2])
with left:
    st.subheader(t("status_history", lang))
    history = store.status_history(reg, nis)
    if history.empty:
        st.caption(t("no_status", lang))
    else:
        render.render_table(
            history.assign(status=history["status"].map(vocabulary.STATUSES.labels(lang))),
            {"date": "date", "status": "status_title", "municipality": "as_given", "cell_name": "cell", "source": "source"},
            lang, key="history_table", periods={"date": "precision"},
        )
    st.subheader(t("visits", lang))
    visits = store.visits_to(reg, nis, internal=True)
    if visits.empty:
        st.caption(t("never_visited", lang))
    else:
        render.render_table(
            visits.assign(
                team=visits["team"].map(vocabulary.TEAMS.labels(lang)),
                offer=visits["offer"].map(vocabulary.OFFERS.labels(lang)),
                report_delivered=visits["report_delivered"].map({True: t("yes", lang), False: t("no", lang)}),
            ),
            {"date": "date", "team": "col_team", "offer": "col_offer", "report_delivered": "col_report_delivered",
             "follow_up": "follow_up", "internal_notes": "internal_notes"},
            lang, key="visits_table", periods={"date": "precision"},
        )
    programmes = store.programmes_of(reg, nis)
    if programmes:
        st.markdown(
            f"**{t('programmes', lang)}:** "
            + render.plain(", ".join(render.programme_label(p, lang) for p in programmes))
        )

with right:
    st.subheader(t("cell", lang))
    if current.empty or not current.iloc[0]["cell_id"]:
        st.caption(t("no_cell", lang))
    else:
        cell_id, cell_name = current.iloc[0]["cell_id"], current.iloc[0]["cell_name"]
        members = store.cell_members_on(reg, cell_id, today)
        st.markdown(f"**{render.plain(cell_name)}**")
        member_frame = municipalities[municipalities["nis"].isin(set(members) | {nis})]
        st.markdown(
            f"{t('members', lang)}: "
            + render.plain(", ".join(gazetteer.display_name(r, lang) for _, r in member_frame.iterrows()))
        )
        statuses = dict(zip(summary_status["nis"], summary_status["status"]))
        text = render.status_map_text(lang)
        cell_map = choropleth.build_map(
            member_frame, cached.names_in(member_frame, lang), statuses, text, config.STATIC_URL, height=320,
        )
        st_folium(cell_map, key="cell_map", height=320, use_container_width=True, returned_objects=[])

if visitor.may(access.IMPORT_ROLE) and not visits.empty:
    st.subheader(t("edit_visit", lang))
    ids = visits.index.tolist()
    visit_id = st.selectbox(t("visit", lang), ids, key="edit_visit_id")
    # The revision the editor opened: a save checks it, so a change made meanwhile by someone
    # else is reported instead of being overwritten by this rerun's fresh read.
    opened = st.session_state.setdefault(f"opened_{visit_id}", store.read_visit(cached.get_engine(), visit_id))
    stored = opened
    with st.form("edit_visit_form"):
        follow_up = st.date_input(
            t("follow_up", lang), value=stored["follow_up"], key="edit_follow_up", format=DATE_INPUT_FORMAT,
        )
        notes = st.text_area(t("internal_notes", lang), value=stored["internal_notes"], key="edit_notes")
        if st.form_submit_button(t("save", lang)):
            auth.require_role(access.IMPORT_ROLE)
            try:
                editing.edit_visit(
                    cached.get_engine(), visit_id, stored["revision"],
                    {"follow_up": follow_up, "internal_notes": notes}, visitor.user,
                )
            except editing.EditConflict as conflict:
                st.error(render.plain(conflict))
                st.session_state.pop(f"opened_{visit_id}", None)  # the next run shows the current text
            else:
                st.session_state.pop(f"opened_{visit_id}", None)
                st.success(t("saved", lang))
