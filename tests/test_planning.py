"""Visit planning and profiles on the hand-made registry in tests/data/registry/small."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from loaders import registry, store

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
    only = store.visits_per_quarter(reg, store.VisitFilter(dt.date(2016, 1, 1), DAY, tuple(["mobile_team"]), tuple(["awareness_day"])))
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
