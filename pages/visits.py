"""Visits: where the Mobile Team and the Radix Team went, and where to go next."""

from __future__ import annotations

import dataclasses
import datetime as dt

import streamlit as st
from streamlit_folium import st_folium

from geo import choropleth
from loaders import store, vocabulary
from pages.ui import auth, cached, config, forms, render, tables, views
from pages.ui.text import DATE_INPUT_FORMAT, format_date, t

visitor = auth.require_page("visits")
lang = visitor.lang
municipalities = cached.get_boundaries(2025)
area = render.region_filter(lang)
reg = cached.get_registry()
today = dt.date.today()

forms.show_flash(lang)
first_visit = min(reg.visits["date"]) if len(reg.visits) else dt.date(2016, 1, 1)
view = views.VisitsView.from_query(st.query_params, today=today, first_visit=first_visit)
# The view comes back from the URL once per session, each widget on its own: a run cut short
# (the sign-in cookie's rerun) may leave one seeded and the next not yet drawn.
for name, value in (("visit_period", view.period), ("teams", list(view.teams)), ("offers", list(view.offers))):
    if name not in st.session_state:
        st.session_state[name] = value
period = st.date_input(
    t("period", lang), min_value=views.FIRST_DAY, max_value=today, key="visit_period", format=DATE_INPUT_FORMAT,
)
if isinstance(period, (tuple, list)) and len(period) == 2:  # a period half picked keeps the last one
    view = dataclasses.replace(view, start=period[0], end=period[1])
cols = st.columns(2)
teams = cols[0].multiselect(
    t("teams", lang), list(vocabulary.TEAMS.codes), key="teams", format_func=vocabulary.TEAMS.labels(lang).get,
)
offers = cols[1].multiselect(
    t("offers", lang), list(vocabulary.OFFERS.codes), key="offers", format_func=vocabulary.OFFERS.labels(lang).get,
)
view = dataclasses.replace(view, teams=tuple(teams), offers=tuple(offers), area=area)
render.write_view(view)
start, end = view.period
teams, offers = list(view.teams), list(view.offers)

selection = area.select(municipalities)
chosen = frozenset(selection["nis"])
# The page's filter; "never visited" and "last visit" look at every visit until the period's end.
# All of Belgium is no filter on places at all (the same visits, without a join over every place).
scope = chosen if len(selection) < len(municipalities) else None
in_period = store.VisitFilter(start, end, tuple(teams), tuple(offers), scope)
until_end = store.VisitFilter(end=end, teams=tuple(teams), offers=tuple(offers), municipalities=scope)

metrics = st.columns(3)
metrics[0].metric(t("visits_in_period", lang), store.count_visits(reg, in_period))
metrics[1].metric(t("municipalities_visited", lang), len(store.visits_by_municipality(reg, in_period)))
metrics[2].metric(t("never_visited_count", lang), len(chosen) - len(
    store.visits_by_municipality(reg, store.VisitFilter(end=today, municipalities=scope))
))

st.subheader(t("recency_map", lang))
last_visits = store.visits_by_municipality(reg, until_end)
last = dict(zip(last_visits["nis"], last_visits["last_visit"]))
classes = {nis: store.classify_recency(last.get(nis), end) for nis in selection["nis"]}
text = choropleth.MapText(
    legend_title=t("recency_legend", lang, day=format_date(end, lang)),
    name_label=t("municipality", lang),
    status_label=t("last_visit_column", lang),
    status_names=vocabulary.RECENCY.labels(lang),
    colours=vocabulary.RECENCY.colours(),
    patterns=vocabulary.RECENCY.patterns(),
)
visits_map = choropleth.build_map(
    selection, cached.names_in(selection, lang), classes, text, config.STATIC_URL, height=560,
    geometry=cached.get_served_geometry(2025),
)
st_folium(visits_map, key="visits_map", height=560, use_container_width=True, returned_objects=[])
tables.render_selection_table(
    selection, cached.get_status(end), lang, visitor, "recency_table", visits=until_end, recency_day=end,
    heading=(t("recency_table_title", lang), t("recency_table_hint", lang, day=format_date(end, lang))),
    last_visits=last_visits,
)

st.subheader(t("per_quarter", lang))
by = st.radio(t("split_by", lang), ["team", "offer"], key="split_by", horizontal=True,
              format_func=lambda v: t("teams" if v == "team" else "offers", lang))
quarters = store.visits_per_quarter(reg, in_period)
if quarters.empty:
    st.caption(t("no_visits", lang))
else:
    labels = (vocabulary.TEAMS if by == "team" else vocabulary.OFFERS).labels(lang)
    pivot = (
        quarters.assign(group=quarters[by].map(labels))
        .pivot_table(index="quarter", columns="group", values="visits", aggfunc="sum", fill_value=0)
    )
    st.bar_chart(pivot, height=320)

st.subheader(t("form_planned_visits", lang))
planned = forms.planned_table(reg, lang, None if scope is None else set(scope))
if planned.empty:
    st.caption(t("form_no_planned", lang))
else:
    st.dataframe(planned, hide_index=True, width="stretch", key="planned_table", column_config=render.date_columns(planned))

st.subheader(t("planning", lang))
st.caption(t("planning_rule", lang, day=format_date(end, lang)))
# The page's filter up to the period's end, as the recency map: a team left out did not visit.
plan = store.plan_visits(reg, selection, end, until_end)
table = tables.planning_table(plan, cached.names_in(selection, lang), forms.next_planned(reg), lang)
tables.render_table(table, "planning_table", t("planning", lang))
tables.render_downloads(table, f"livcr-planning-{today.isoformat()}", t("planning", lang), lang, "planning")

if visitor.may(forms.EDITOR):  # staff see no form; every write checks the role again on the server
    tabs = st.tabs([t("form_record_visit_title", lang), t("form_correct_visit_title", lang)], key="visits_tabs")
    with tabs[0]:
        forms.record_visit_form(lang, visitor, "visits")
    with tabs[1]:
        forms.visit_editor(lang, visitor, forms.visit_choices(reg), "visits_visit")
