"""Visit planning and profiles on the hand-made registry in tests/data/registry/small; the
planning list of the Visits page (its filters, its words, its downloads) on it and on the demo."""

import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import locales
from geo import gazetteer
from geo.settings import ROOT
from loaders import registry, store, vocabulary
from pages.ui import files, forms, tables, views

DASHBOARD = (ROOT / "dashboard.py").read_text(encoding="utf-8")

SMALL = Path(__file__).parent / "data" / "registry" / "small"
DAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def reg():
    return registry.load_registry(SMALL)


@pytest.fixture(scope="module")
def places():
    # Six municipalities of 2025, with invented populations, two of them never in the registry.
    return pd.DataFrame(
        {
            "nis": ["11001", "11005", "11013", "12041", "82039", "21004"],
            "region": ["02000", "02000", "02000", "02000", "03000", "04000"],
            "province": ["10000", "10000", "10000", "10000", "80000", ""],
            "population": pd.array([100, 200, 300, 400, 500, None], dtype="Int64"),
        }
    )


def test_planning_lists_cells_not_operational_never_visited_first(reg, places):
    plan = store.plan_visits(reg, places, dt.date(2020, 6, 1))
    assert plan[["nis", "status", "visits", "last_visit", "days_since_visit"]].astype(object).values.tolist() == [
        ["11005", "unknown", 0, None, pd.NA],
        ["11013", "planned", 0, None, pd.NA],
        ["21004", "unknown", 0, None, pd.NA],
        ["11001", "being_set_up", 1, dt.date(2020, 3, 3), 90],
    ]


def test_planning_after_everything_is_operational(reg, places):
    plan = store.plan_visits(reg, places, DAY)
    assert plan["nis"].tolist() == ["11005", "11013", "21004"]


@pytest.mark.parametrize(
    "last, expected",
    [(None, "never"), (dt.date(2022, 12, 1), "over_3_years"), (dt.date(2024, 6, 1), "1_to_3_years"),
     (dt.date(2025, 6, 1), "under_1_year")],
)
def test_recency_classes(last, expected):
    assert store.classify_recency(last, DAY) == expected


def test_visits_per_quarter(reg):
    counted = store.visits_per_quarter(reg, store.VisitFilter(dt.date(2016, 1, 1), DAY))
    assert counted.values.tolist() == [
        ["2017-Q2", "mobile_team", "field_analysis", 1],
        ["2018-Q4", "mobile_team", "awareness_day", 1],
        ["2019-Q2", "radix_front_office", "livcr_setup_support", 1],
        ["2020-Q1", "radix_front_office", "training", 1],
        ["2025-Q2", "radix_front_office", "livcr_setup_support", 1],
    ]
    only = store.visits_per_quarter(reg, store.VisitFilter(dt.date(2016, 1, 1), DAY, ("mobile_team",), ("awareness_day",)))
    assert only["quarter"].tolist() == ["2018-Q4"]


def test_status_history_gathers_the_old_parts(reg):
    history = store.status_history(reg, "12041")
    assert history[["date", "status", "municipality"]].values.tolist() == [
        [dt.date(2017, 3, 1), "operational", "12030"],
        [dt.date(2018, 6, 1), "being_set_up", "12034"],
        [dt.date(2019, 3, 1), "operational", "12041"],
    ]
    assert set(history["cell_name"]) == {"LIVC-R Puurs – Sint-Amands"}


@pytest.mark.parametrize("internal, columns", [
    (False, ["date", "precision", "team", "offer", "report_delivered"]),
    (True, ["date", "precision", "team", "offer", "report_delivered", "follow_up", "internal_notes"]),
])
def test_visits_to_hides_internal_fields_unless_asked(reg, internal, columns):
    visits = store.visits_to(reg, "12041", internal=internal)
    assert list(visits.columns) == columns
    assert visits["date"].tolist() == [dt.date(2018, 11, 20), dt.date(2017, 5, 2)]


def test_programmes_and_region_figures(reg, places):
    assert store.programmes_of(reg, "12041") == ["pilot_grant_2016"]
    assert store.programmes_of(reg, "11001") == []
    figures = store.figures_by_region(reg, places, DAY)
    assert figures.values.tolist() == [
        ["02000", 4, 2, 2, 4],
        ["03000", 1, 1, 1, 2],
        ["04000", 1, 0, 0, 0],
    ]


# --- the planning list follows the Visits page's filters (issue 14) ----------------------------

BEFORE_MERGER_CELLS = dt.date(2019, 1, 1)  # every place of the fixture still without an operational cell
SPRING_2020 = dt.date(2020, 6, 1)
PUURS = "LIVC-R Puurs – Sint-Amands"
BOOM = "LIVC-R Aartselaar – Boom"


def never(nis: str, status: str = "unknown", cell: str = "") -> tuple:
    return (nis, status, cell, 0, None, None, None)


@pytest.mark.parametrize("day, chosen, expected", [
    pytest.param(BEFORE_MERGER_CELLS, store.VisitFilter(), [
        never("11001"), never("11005"), never("11013"), never("21004"), never("82039"),
        ("12041", "being_set_up", PUURS, 2, dt.date(2018, 11, 20), "day", 42),
    ], id="every visit"),
    pytest.param(BEFORE_MERGER_CELLS, store.VisitFilter(offers=("field_analysis",)), [
        never("11001"), never("11005"), never("11013"), never("21004"), never("82039"),
        ("12041", "being_set_up", PUURS, 1, dt.date(2017, 5, 2), "day", 609),
    ], id="one offer: the older visit is the last"),
    pytest.param(BEFORE_MERGER_CELLS, store.VisitFilter(teams=("mobile_team",), offers=("awareness_day",)), [
        never("11001"), never("11005"), never("11013"), never("21004"), never("82039"),
        ("12041", "being_set_up", PUURS, 1, dt.date(2018, 11, 20), "day", 42),
    ], id="a team and an offer"),
    pytest.param(BEFORE_MERGER_CELLS, store.VisitFilter(teams=("radix_front_office",)), [
        never("11001"), never("11005"), never("11013"), never("12041", "being_set_up", PUURS), never("21004"),
        never("82039"),
    ], id="a team that had not been there: never, sorted with the others"),
    pytest.param(BEFORE_MERGER_CELLS, store.VisitFilter(end=dt.date(2030, 1, 1), teams=("mobile_team",)), [
        never("11001"), never("11005"), never("11013"), never("21004"), never("82039"),
        ("12041", "being_set_up", PUURS, 2, dt.date(2018, 11, 20), "day", 42),
    ], id="a filter ending later: no visit after the day counts"),
    pytest.param(SPRING_2020, store.VisitFilter(), [
        never("11005"), never("11013", "planned"), never("21004"),
        ("11001", "being_set_up", BOOM, 1, dt.date(2020, 3, 3), "day", 90),
    ], id="spring 2020, every visit"),
    pytest.param(SPRING_2020, store.VisitFilter(teams=()), [
        never("11001", "being_set_up", BOOM), never("11005"), never("11013", "planned"), never("21004"),
    ], id="no team chosen: nobody visited"),
    pytest.param(SPRING_2020, store.VisitFilter(end=dt.date(2020, 1, 1)), [
        never("11001", "being_set_up", BOOM), never("11005"), never("11013", "planned"), never("21004"),
    ], id="a period ending before the visit"),
    pytest.param(SPRING_2020, store.VisitFilter(end=SPRING_2020, municipalities=frozenset({"11001", "11005"})), [
        never("11005"), ("11001", "being_set_up", BOOM, 1, dt.date(2020, 3, 3), "day", 90),
    ], id="an area: its rows only"),
])
def test_planning_follows_the_filter(reg, places, day, chosen, expected):
    plan = store.plan_visits(reg, places, day, chosen)
    facts = places.set_index("nis")
    assert list(plan.columns) == [
        "nis", "region", "province", "population", "status", "cell_name", "visits", "last_visit",
        "last_visit_precision", "days_since_visit",
    ]
    assert plan.astype(object).where(plan.notna(), None).values.tolist() == [
        [nis, facts.at[nis, "region"], facts.at[nis, "province"],
         None if pd.isna(facts.at[nis, "population"]) else facts.at[nis, "population"], *rest]
        for nis, *rest in expected
    ]


# --- what the page shows and downloads ---------------------------------------------------------

BOM = "\ufeff".encode()


@pytest.fixture(scope="module")
def demo():
    return registry.load_registry(registry.DEMO_DIR)


@pytest.fixture(scope="module")
def belgium(population_csv):
    return gazetteer.load_gazetteer(2025, population_csv)


def shown_plan(reg, places, day, chosen, lang="en") -> pd.DataFrame:
    # The hand-made places have no names: a table then shows their codes.
    names = {row["nis"]: gazetteer.display_name(row, lang) for _, row in places.iterrows()} if "name_nl" in places else {}
    return tables.planning_table(store.plan_visits(reg, places, day, chosen), names, forms.next_planned(reg), lang)


def read_csv(data: bytes, delimiter: str) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8")), delimiter=delimiter))


@pytest.mark.parametrize("lang, never_word", [("en", "never"), ("nl", "nooit"), ("fr", "jamais")])
def test_never_visited_reads_never_and_its_days_since_are_empty(reg, places, lang, never_word):
    table = shown_plan(reg, places, SPRING_2020, store.VisitFilter(), lang)
    last, days = table.columns[8], table.columns[9]
    assert (last, days) == (locales.text("last_visit_column", lang), locales.text("days_since", lang))
    assert table[last].tolist() == [never_word, never_word, never_word, "03/03/2020"]
    assert table[days].astype(object).where(table[days].notna(), None).tolist() == [None, None, None, 90]
    rows = read_csv(files.csv_bytes(table, delimiter=";"), ";")
    assert rows == [list(table.columns)] + [
        [str(v) if not pd.isna(v) else "" for v in row] for row in table.astype(object).values.tolist()
    ]
    assert [row[8:10] for row in rows[1:]] == [[never_word, ""]] * 3 + [["03/03/2020", "90"]]


@pytest.mark.parametrize("delimiter", [";", ","])
def test_the_csv_splits_on_its_separator_with_a_bom(demo, belgium, delimiter):
    table = shown_plan(demo, belgium, TODAY, store.VisitFilter(end=TODAY))
    rows = read_csv(files.csv_bytes(table, delimiter=delimiter), delimiter)
    assert rows[0] == list(table.columns) and len(rows) == len(table) + 1
    assert {len(row) for row in rows} == {len(table.columns)}
    # Belgian numbers and names hold no ';': split on the other separator, the header is one field.
    other = "," if delimiter == ";" else ";"
    assert len(read_csv(files.csv_bytes(table, delimiter=delimiter), other)[0]) == 1


TODAY = dt.date.today()


def test_mobile_team_only_is_a_list_of_its_own_on_the_demo(demo, belgium):
    everyone = shown_plan(demo, belgium, TODAY, store.VisitFilter(end=TODAY))
    mobile = shown_plan(demo, belgium, TODAY, store.VisitFilter(end=TODAY, teams=("mobile_team",)))
    assert files.csv_bytes(mobile, delimiter=";") != files.csv_bytes(everyone, delimiter=";")
    # The same places (their status does not depend on the visits), fewer visits, none after the team's last.
    nis, visits, last = "NIS code", "Visits by the Mobile Team / Radix Team", "Last visit"
    assert sorted(mobile[nis]) == sorted(everyone[nis])
    counted = everyone.set_index(nis)[visits]
    assert all(counted[n] >= v for n, v in zip(mobile[nis], mobile[visits]))
    assert mobile[visits].sum() < everyone[visits].sum()
    final = max(demo.visits.loc[demo.visits["team"] == "mobile_team", "date"])
    shown = [dt.datetime.strptime(v, "%d/%m/%Y").date() for v in mobile[last] if v != "never"]
    assert shown and max(shown) <= final


@pytest.mark.parametrize("query, chosen", [
    ({"teams": "mobile_team", "region": "flanders", "province": "10000"}, {"teams": ("mobile_team",)}),
    ({"teams": "radix_front_office", "offers": "training,awareness_day", "region": "wallonia", "province": "60000",
      "from": "2018-01-01", "to": "2021-12-31"},
     {"teams": ("radix_front_office",), "offers": ("awareness_day", "training"), "end": dt.date(2021, 12, 31)}),
    ({"to": "2017-06-30"}, {"end": dt.date(2017, 6, 30)}),
])
def test_the_visits_page_plans_with_the_filters_of_its_url(page_store, belgium, query, chosen):
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    at.session_state["role"], at.session_state["user"] = "staff", "test-staff"
    for name, value in query.items():
        at.query_params[name] = value
    at.switch_page(str(ROOT / "pages" / "visits.py")).run()  # the link opened: /visits?...
    assert not at.exception, [e.value for e in at.exception]
    reg = store.load_registry_frames(page_store)
    area = views.AreaView.from_query(query)
    assert (at.selectbox(key="region").value, at.selectbox(key="province").value) == (area.region, area.province)
    assert tuple(at.multiselect(key="teams").value) == chosen.get("teams", vocabulary.TEAMS.codes)
    places = area.select(belgium)
    end = chosen.get("end", TODAY)
    scope = frozenset(places["nis"]) if area != views.AreaView() else None
    expected = shown_plan(reg, places, end, store.VisitFilter(**(chosen | {"end": end}), municipalities=scope))
    shown = at.dataframe[-1].value
    assert len(shown) > 0
    assert shown.astype(object).where(shown.notna(), None).values.tolist() == (
        expected.astype(object).where(expected.notna(), None).values.tolist()
    )
    assert list(shown.columns) == list(expected.columns)
    assert at.caption[-2].value.startswith(f"Municipalities without an operational cell on {locales.format_date(end, 'en')},")
    assert [(b.label, b.key) for b in at.get("download_button")][-2:] == [("CSV (;)", "planning_csv"), ("XLSX", "planning_xlsx")]
    assert at.radio(key="planning_separator").value == ";"
