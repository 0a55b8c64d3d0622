"""Vague dates (a month, a quarter or a year instead of a day): written as such in every
language, carried from the store through the questions asked of it, shown as such on the pages."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import locales
from geo.settings import ROOT
from loaders import importer, registry, store
from loaders.reading.dates import PRECISIONS, parse_period

D = dt.date


@pytest.mark.parametrize("day, precision, lang, long, short", [
    # A day: as format_date writes it.
    (D(2019, 3, 12), "day", "en", "12 March 2019", "12/03/2019"),
    (D(2019, 3, 12), "day", "nl", "12 maart 2019", "12/03/2019"),
    (D(2019, 3, 1), "day", "fr", "1er mars 2019", "01/03/2019"),
    # A month.
    (D(2019, 3, 1), "month", "en", "March 2019", "03/2019"),
    (D(2019, 3, 1), "month", "nl", "maart 2019", "03/2019"),
    (D(2019, 3, 1), "month", "fr", "mars 2019", "03/2019"),
    (D(2016, 12, 1), "month", "fr", "décembre 2016", "12/2016"),
    # A quarter, by the first day of its first month.
    (D(2019, 4, 1), "quarter", "en", "Q2 2019", "Q2 2019"),
    (D(2019, 4, 1), "quarter", "nl", "2e kwartaal 2019", "Q2 2019"),
    (D(2019, 4, 1), "quarter", "fr", "2e trimestre 2019", "Q2 2019"),
    (D(2020, 1, 1), "quarter", "en", "Q1 2020", "Q1 2020"),
    (D(2020, 1, 1), "quarter", "nl", "1e kwartaal 2020", "Q1 2020"),
    (D(2020, 1, 1), "quarter", "fr", "1er trimestre 2020", "Q1 2020"),
    (D(2018, 10, 1), "quarter", "nl", "4e kwartaal 2018", "Q4 2018"),
    (D(2018, 7, 1), "quarter", "fr", "3e trimestre 2018", "Q3 2018"),
    # A year.
    (D(2019, 1, 1), "year", "en", "2019", "2019"),
    (D(2019, 1, 1), "year", "nl", "2019", "2019"),
    (D(2019, 1, 1), "year", "fr", "2019", "2019"),
])
def test_periods_are_written_as_precisely_as_known(day, precision, lang, long, short):
    assert locales.format_period(day, precision, lang) == long
    assert locales.format_period(day, precision, lang, style="short") == short


@pytest.mark.parametrize("lang", sorted(locales.LANGUAGES))
def test_a_day_is_written_as_format_date_writes_it(lang):
    day = D(2026, 12, 1)
    for precision in (None, "", "day"):
        assert locales.format_period(day, precision, lang) == locales.format_date(day, lang)
        assert locales.format_period(day, precision, lang, "short") == locales.format_date(day, lang, "short")
    assert locales.format_period(None, "month", lang) == ""


def test_every_precision_of_the_reader_can_be_written_and_nothing_else():
    for precision in PRECISIONS:
        for lang in locales.LANGUAGES:
            assert locales.format_period(D(2019, 1, 1), precision, lang)
    with pytest.raises(ValueError):
        locales.format_period(D(2019, 1, 1), "week", "en")


@pytest.mark.parametrize("text", ["03/2019", "Q2 2019", "2e kwartaal 2019", "2019", "12/03/2019", "T4 2018"])
def test_the_short_form_reads_back_at_the_same_precision(text):
    """What a table shows, typed into a spreadsheet, is read back as the same period."""
    period = parse_period(text)
    assert parse_period(locales.format_period(period.day, period.precision, "en", "short")) == period


# --- through the store ------------------------------------------------------------------------

STATUS_CSV = """gemeente;status;datum;bron
Gent;in oprichting;Q2 2018;vaag kwartaal
Gent;operationeel;03/2019;vaag maand
Luik;gepland;2017;vaag jaar
Luik;operationeel;2020-05-04;precies
"""
VISITS_CSV = """datum;gemeenten;team;aanbod;notities
2019;Gent;Radix;veldanalyse;jaar
Q3 2019;Gent;Radix;opleiding;kwartaal
2019-07-01;Luik;Radix;andere;dag
07/2019;Luik;Radix;opleiding;maand
Q1 2021;Brugge;Radix;andere;nooit een status
"""


def vague_store(engine, tmp_path):
    for kind, text in (("status", STATUS_CSV), ("visits", VISITS_CSV)):
        path = tmp_path / f"vague-{kind}.csv"
        path.write_text(text, encoding="utf-8")
        importer.import_file(engine, path, kind)
    return store.load_registry_frames(engine)


def test_the_store_frames_carry_the_precision(engine, tmp_path):
    reg = vague_store(engine, tmp_path)
    assert sorted(reg.status[["municipality", "date", "precision"]].values.tolist()) == [
        ["Gent", D(2018, 4, 1), "quarter"], ["Gent", D(2019, 3, 1), "month"],
        ["Luik", D(2017, 1, 1), "year"], ["Luik", D(2020, 5, 4), "day"],
    ]
    assert sorted(reg.visits[["date", "precision", "internal_notes"]].values.tolist()) == [
        [D(2019, 1, 1), "year", "jaar"], [D(2019, 7, 1), "day", "dag"],
        [D(2019, 7, 1), "month", "maand"], [D(2019, 7, 1), "quarter", "kwartaal"],
        [D(2021, 1, 1), "quarter", "nooit een status"],
    ]


def test_questions_say_how_precisely_their_dates_are_known(engine, tmp_path):
    reg = vague_store(engine, tmp_path)
    gent, luik = "44021", "62063"
    assert store.status_history(reg, gent)[["date", "status", "precision"]].values.tolist() == [
        [D(2018, 4, 1), "being_set_up", "quarter"], [D(2019, 3, 1), "operational", "month"],
    ]
    status = store.status_on(reg, D(2026, 1, 1)).set_index("nis")
    assert status.loc[gent, ["since", "since_precision"]].tolist() == [D(2019, 3, 1), "month"]
    assert status.loc[luik, ["since", "since_precision"]].tolist() == [D(2020, 5, 4), "day"]
    assert store.status_on(reg, D(2018, 1, 1)).set_index("nis").loc[luik, "since_precision"] == "year"
    # Three visits start on 1 July 2019 in Luik: the last visit is known to the day.
    visited = store.visits_by_municipality(reg).set_index("nis")
    assert visited.loc[gent, ["visits", "last_visit", "last_visit_precision"]].tolist() == [2, D(2019, 7, 1), "quarter"]
    assert visited.loc[luik, ["visits", "last_visit", "last_visit_precision"]].tolist() == [2, D(2019, 7, 1), "day"]
    assert store.visits_to(reg, gent)[["date", "precision"]].values.tolist() == [
        [D(2019, 7, 1), "quarter"], [D(2019, 1, 1), "year"],
    ]
    summary = store.summarise_municipality(reg, gent, D(2026, 1, 1))
    assert (summary.since, summary.since_precision, summary.last_visit, summary.last_visit_precision) == (
        D(2019, 3, 1), "month", D(2019, 7, 1), "quarter",
    )
    # A visit known by its year alone is not put in a quarter it may not belong to.
    assert store.visits_per_quarter(reg)[["quarter", "offer", "visits"]].values.tolist() == [
        ["2019", "field_analysis", 1], ["2019-Q3", "other", 1], ["2019-Q3", "training", 2], ["2021-Q1", "other", 1],
    ]


def test_a_csv_registry_has_days():
    demo = registry.load_registry(registry.DEMO_DIR)
    assert set(demo.status["precision"]) == {"day"} and set(demo.visits["precision"]) == {"day"}
    assert set(store.status_on(demo, D(2026, 1, 1))["since_precision"]) == {"day"}


def test_tables_keep_days_as_dates_until_one_is_vague():
    from pages.ui import render

    days = pd.Series([D(2019, 3, 12), D(2019, 3, 1), None])
    assert render.shown_periods(days, pd.Series(["day", "day", None]), "nl") is days
    assert render.shown_periods(days, pd.Series(["day", "month", None]), "nl").tolist() == ["12/03/2019", "03/2019", None]


# --- on the pages ---------------------------------------------------------------------------

DASHBOARD = (ROOT / "dashboard.py").read_text(encoding="utf-8")


@pytest.fixture
def vague_app(tmp_path, monkeypatch):
    """The dashboard on a store of its own holding the vague dates above (caches cleared
    before and after, so no other test sees this store)."""
    url = f"sqlite:///{tmp_path / 'vague.sqlite'}"
    engine = store.open_store(url)
    vague_store(engine, tmp_path)
    engine.dispose()
    monkeypatch.setenv("LIVCR_DATABASE_URL", url)
    AppTest.from_string("import streamlit as st\nst.cache_resource.clear()\nst.cache_data.clear()").run()

    def start(lang: str = "en", role: str | None = "staff", **query) -> AppTest:
        at = AppTest.from_string(DASHBOARD, default_timeout=120)
        if role:
            at.session_state["role"], at.session_state["user"] = role, f"test-{role}"
        at.query_params["lang"] = lang
        for name, value in query.items():
            at.query_params[name] = value
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    yield start
    AppTest.from_string("import streamlit as st\nst.cache_resource.clear()\nst.cache_data.clear()").run()


@pytest.mark.parametrize("lang, history, visits", [
    ("en", ["Q2 2018", "03/2019"], ["Q3 2019", "2019"]),
    ("nl", ["Q2 2018", "03/2019"], ["Q3 2019", "2019"]),
])
def test_the_profile_shows_vague_dates_as_such(vague_app, lang, history, visits):
    at = vague_app(lang)
    at.switch_page(str(ROOT / "pages" / "profile.py")).run()
    at.text_input(key="profile_query").input("Gent").run()
    assert not at.exception, [e.value for e in at.exception]
    date = locales.text("date", lang)
    assert at.dataframe[0].value[date].tolist() == history
    assert at.dataframe[1].value[date].tolist() == visits


@pytest.mark.parametrize("lang, since, last", [
    ("en", "since March 2019", "last Q3 2019"),
    ("nl", "sinds maart 2019", "laatste 3e kwartaal 2019"),
    ("fr", "depuis mars 2019", "dernière 3e trimestre 2019"),
])
def test_the_map_details_say_since_when_as_precisely_as_known(vague_app, lang, since, last):
    at = vague_app(lang, role=None, nis="44021")
    shown = " ".join(m.value for m in at.markdown)
    assert since in shown and last in shown


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_planning_list_shows_a_vague_last_visit(vague_app, lang):
    at = vague_app(lang, region="flanders")
    at.switch_page(str(ROOT / "pages" / "visits.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    # The planning list: the table with the next planned visit (the recency table comes first).
    (plan,) = [d.value for d in at.dataframe if locales.text("form_next_planned", lang) in d.value.columns]
    plan = plan.set_index(locales.text("nis_code", lang))
    # Gent is operational, so not listed; Brugge has no status and one visit, known by its quarter.
    assert "44021" not in plan.index
    never = locales.text("last_visit_never", lang)
    assert plan[locales.text("last_visit_column", lang)][lambda v: v != never].to_dict() == {"31005": "Q1 2021"}
