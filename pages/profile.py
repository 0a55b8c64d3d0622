"""Municipality profile: find a municipality by any name or code; its history, cell, visits."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from streamlit_folium import st_folium

from geo import choropleth, gazetteer
from geo.resolver import resolve_municipality
from loaders import store, vocabulary
from pages.ui import auth, cached, config, factsheet, forms, render, views
from pages.ui.text import t

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
factsheet.render_factsheet_downloads(lang, visitor, nis=nis, key="profile_factsheet")
summary_status = cached.get_status(today)
current = summary_status[summary_status["nis"] == nis]

forms.show_flash(lang)
editor = visitor.may(forms.EDITOR)

left, right = st.columns([3, 2])
with left:
    st.subheader(t("status_history", lang))
    show_withdrawn = st.toggle(t("form_show_withdrawn", lang), key="show_withdrawn")
    history = forms.history_with_withdrawn(reg, nis, lang) if show_withdrawn else store.status_history(reg, nis)
    if history.empty:
        st.caption(t("no_status", lang))
    else:
        headers = {"date": "date", "status": "status_title", "municipality": "as_given", "cell_name": "cell", "source": "source"}
        if show_withdrawn:
            headers["withdrawn"] = "form_withdrawn_col"
        render.render_table(
            history.assign(status=history["status"].map(vocabulary.STATUSES.labels(lang))),
            headers, lang, key="history_table", periods={"date": "precision"},
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
                report_delivered=visits["report_delivered"].map(lambda v: forms.report_label(v, lang)),
            ),
            {"date": "date", "team": "col_team", "offer": "col_offer", "report_delivered": "col_report_delivered",
             "follow_up": "follow_up", "internal_notes": "internal_notes"},
            lang, key="visits_table", periods={"date": "precision"},
        )
    planned = forms.planned_table(reg, lang, {nis})
    if not planned.empty:
        st.subheader(t("form_planned_visits", lang))
        st.dataframe(planned, hide_index=True, width="stretch", key="planned_table",
                     column_config=render.date_columns(planned))
    programmes = store.programmes_of(reg, nis)
    if programmes:
        st.markdown(
            f"**{t('programmes', lang)}:** "
            + render.plain(", ".join(render.programme_label(p, lang) for p in programmes))
        )

cell = None
with right:
    st.subheader(t("cell", lang))
    if current.empty or not current.iloc[0]["cell_id"]:
        st.caption(t("no_cell", lang))
    else:
        cell_id, cell_name = current.iloc[0]["cell_id"], current.iloc[0]["cell_name"]
        cell = (cell_id, cell_name)
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

if editor:  # staff see no form; every write checks the role again on the server (pages/ui/forms.py)
    tabs = st.tabs([t("form_record_visit_title", lang), t("form_correct_visit_title", lang),
                    t("form_change_status_title", lang), t("form_withdraw_status_title", lang)],
                   key="profile_tabs")  # keyed: a save's message above does not send the editor back to the first tab
    with tabs[0]:
        forms.record_visit_form(lang, visitor, "profile", [nis])
    with tabs[1]:
        forms.visit_editor(lang, visitor, forms.visit_choices(reg, nis), "profile_visit")
    with tabs[2]:
        forms.status_form(lang, visitor, nis, gazetteer.display_name(row, lang), cell)
    with tabs[3]:
        forms.withdraw_status_form(lang, visitor, reg, nis)
