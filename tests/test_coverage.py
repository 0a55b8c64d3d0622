"""Coverage over time: the monthly series on each day's map, the published figures as read,
and the public page that draws them (AppTest)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from test_locales import english_only, shown_texts, words

import locales
from geo import gazetteer, mergers
from geo.settings import ROOT
from loaders import published, registry, store, vocabulary
from loaders.store import coverage

D = dt.date
FIXTURE = Path(__file__).parent / "data" / "coverage"
BELGIUM, FLANDERS, WALLONIA, BRUSSELS = "01000", "02000", "03000", "04000"
DASHBOARD = (ROOT / "dashboard.py").read_text(encoding="utf-8")
PAGE = str(ROOT / "pages" / "coverage.py")


@pytest.fixture(scope="module")
def fixture_places() -> dict[int, pd.DataFrame]:
    frame = pd.read_csv(FIXTURE / "municipalities.csv", dtype={"nis": str, "region": str})
    frame["population"] = frame["population"].astype("Int64")
    return {v: g[["nis", "region", "population"]].reset_index(drop=True) for v, g in frame.groupby("vintage")}


@pytest.fixture(scope="module")
def demo():
    return registry.load_registry(None)


@pytest.fixture(scope="module")
def places():
    from geo import settings

    return coverage.coverage_places(settings.EMBEDDED_DATA_DIR / "population-2020.csv")


# --- the series -------------------------------------------------------------------------------


@pytest.mark.parametrize("first, today, days", [
    (D(2017, 3, 1), D(2017, 6, 10), [D(2017, 3, 31), D(2017, 4, 30), D(2017, 5, 31), D(2017, 6, 10)]),
    (D(2018, 11, 20), D(2019, 2, 1), [D(2018, 11, 30), D(2018, 12, 31), D(2019, 1, 31), D(2019, 2, 1)]),
    # Today a month's last day: once.
    (D(2019, 1, 15), D(2019, 3, 31), [D(2019, 1, 31), D(2019, 2, 28), D(2019, 3, 31)]),
    (D(2024, 2, 3), D(2024, 2, 3), [D(2024, 2, 3)]),
    (D(2024, 2, 3), D(2024, 2, 2), []),
])
def test_series_days_are_month_ends_and_today(first, today, days):
    assert coverage.series_days(first, today) == days


# Written by hand from tests/data/coverage (README.md there): per day, Belgium then each region.
COLUMNS = ["day", "area", "vintage", "municipalities", "operational", "cells", "without", "unknown",
           "population", "population_covered"]
EXPECTED = [
    # 2016: only Anderlecht has a cell; Puurs and Sint-Amands have no population figure of their own.
    (D(2016, 12, 31), BELGIUM, 2018, 6, 1, 1, 0, 5, 153_627, 120_000),
    (D(2016, 12, 31), FLANDERS, 2018, 3, 0, 0, 0, 3, 14_427, 0),
    (D(2016, 12, 31), WALLONIA, 2018, 2, 0, 0, 0, 2, 19_200, 0),
    (D(2016, 12, 31), BRUSSELS, 2018, 1, 1, 1, 0, 0, 120_000, 120_000),
    # End of 2018: "12041" of 2018-10-01 counts for both its parts; Aartselaar said none.
    (D(2018, 12, 31), BELGIUM, 2018, 6, 3, 2, 1, 2, 153_627, 120_000),
    (D(2018, 12, 31), FLANDERS, 2018, 3, 2, 1, 1, 0, 14_427, 0),
    (D(2018, 12, 31), WALLONIA, 2018, 2, 0, 0, 0, 2, 19_200, 0),
    (D(2018, 12, 31), BRUSSELS, 2018, 1, 1, 1, 0, 0, 120_000, 120_000),
    # June 2019, the 581 map: Puurs-Sint-Amands is one; Aartselaar's "unknown" is unknown.
    (D(2019, 6, 30), BELGIUM, 2019, 5, 3, 3, 1, 1, 170_627, 153_000),
    (D(2019, 6, 30), FLANDERS, 2019, 2, 1, 1, 0, 1, 31_427, 17_000),
    (D(2019, 6, 30), WALLONIA, 2019, 2, 1, 1, 1, 0, 19_200, 16_000),
    (D(2019, 6, 30), BRUSSELS, 2019, 1, 1, 1, 0, 0, 120_000, 120_000),
    # 2025, the 565 map: Bastogne is one (operational wins); Anderlecht said none in 2024.
    (D(2025, 3, 31), BELGIUM, 2025, 4, 2, 2, 1, 1, 170_627, 36_200),
    (D(2025, 3, 31), FLANDERS, 2025, 2, 1, 1, 0, 1, 31_427, 17_000),
    (D(2025, 3, 31), WALLONIA, 2025, 1, 1, 1, 0, 0, 19_200, 19_200),
    (D(2025, 3, 31), BRUSSELS, 2025, 1, 0, 0, 1, 0, 120_000, 0),
]


def expected_frame(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame = frame.astype({"population": "Int64", "population_covered": "Int64", "day": object, "area": object})
    frame["municipality_share"] = frame["operational"] / frame["municipalities"]
    frame["population_share"] = frame["population_covered"].astype(float) / frame["population"].astype(float)
    return frame


def test_the_series_of_the_fixture_is_the_one_written_by_hand(fixture_places):
    reg = registry.load_registry(FIXTURE)
    days = [D(2025, 3, 31), D(2016, 12, 31), D(2019, 6, 30), D(2018, 12, 31)]  # any order
    got = coverage.coverage_series(reg, fixture_places, days)
    pd.testing.assert_frame_equal(got, expected_frame(EXPECTED))


def test_a_registry_without_status_has_an_empty_series(fixture_places):
    reg = registry.load_registry(FIXTURE)
    empty = registry.Registry(
        cells=reg.cells, members=reg.members, status=reg.status.iloc[0:0], visits=reg.visits,
        visit_municipalities=reg.visit_municipalities, programmes=reg.programmes, is_demo=False, source="test",
    )
    got = coverage.coverage_series(empty, fixture_places, [D(2020, 1, 31)])
    assert (coverage.coverage_days(empty, D(2026, 1, 1)), list(got.columns), len(got)) == (
        [], coverage.COVERAGE_COLUMNS, 4 * 1,
    )
    assert set(got["unknown"]) == set(got["municipalities"])  # every municipality unknown, none without


DAYS = [D(2016, 5, 27), D(2018, 12, 31), D(2019, 6, 15), D(2021, 3, 31), D(2024, 12, 31), D(2025, 1, 1), D(2026, 11, 1)]


def test_the_series_agrees_with_the_briefing_s_figures_on_the_demo(demo, places):
    # The same question asked the product's slow way: status on that day's map, then the
    # briefing's figures per region (store.figures_by_region).
    got = coverage.coverage_series(demo, places, DAYS).set_index(["day", "area"])
    for day in DAYS:
        vintage = mergers.vintage_of_date(day)
        frame = gazetteer.load_gazetteer(vintage)
        status = store.status_on(demo, day) if vintage == 2025 else store.status_on_vintage(demo, day, vintage)
        figures = store.figures_by_region(demo, frame, day, status=status)
        mine = got.loc[day].loc[figures["region"], ["municipalities", "operational", "cells"]]
        theirs = figures.set_index("region")[["municipalities", "covered", "cells"]]
        assert mine.to_numpy().tolist() == theirs.to_numpy().tolist(), day
        known = set(status.loc[status["status"] != "unknown", "nis"])
        assert int(got.loc[(day, BELGIUM), "unknown"]) == len(frame) - len(known & set(frame["nis"])), day


def test_the_demo_series_meets_both_published_surveys_on_their_day(demo, places):
    table = published.published_table(places)
    got = coverage.coverage_series(demo, places, sorted(set(table["day"]))).set_index(["day", "area"])
    rows = table[table["area"].isin(vocabulary.load("areas").codes)]
    for row in rows.itertuples():
        counted = got.loc[(row.day, row.area)]
        printed = (row.cells, row.with_cell) + (() if pd.isna(row.without_cell) else (row.without_cell, row.unknown))
        mine = (counted["cells"], counted["operational"]) + (() if pd.isna(row.without_cell) else (
            counted["without"], counted["unknown"]))
        assert tuple(map(int, mine)) == tuple(map(int, printed)), (row.survey, row.area)


# --- the published figures ----------------------------------------------------------------------


def test_the_published_figures_as_read(places):
    table = published.published_table(places)
    shown = table.drop(columns=["share_with", "share_reach"]).astype(object).where(table.notna(), None)
    assert [tuple(r) for r in shown.itertuples(index=False)] == [
        ("mayors_2016", D(2016, 5, 27), 2018, BELGIUM, None, 589, 109, 152, None, None),
        ("mayors_2016", D(2016, 5, 27), 2018, FLANDERS, None, 308, 77, 112, None, None),
        ("mayors_2016", D(2016, 5, 27), 2018, WALLONIA, None, 262, 19, 27, None, None),
        ("mayors_2016", D(2016, 5, 27), 2018, BRUSSELS, None, 19, 13, 13, None, None),
        ("mobile_team_2019", D(2019, 6, 15), 2019, BELGIUM, None, 581, 253, 382, 116, 83),
        ("mobile_team_2019", D(2019, 6, 15), 2019, FLANDERS, None, 300, 164, 255, 30, 15),
        ("mobile_team_2019", D(2019, 6, 15), 2019, WALLONIA, None, 262, 70, 108, 86, 68),
        ("mobile_team_2019", D(2019, 6, 15), 2019, BRUSSELS, None, 19, 19, 19, 0, 0),
        ("mobile_team_2019", D(2019, 6, 15), 2019, "german_speaking", WALLONIA, 9, 2, 9, 0, 0),
    ]
    june = table[table["survey"] == "mobile_team_2019"].set_index("area")
    assert (round(june.loc[WALLONIA, "share_with"], 4), round(june.loc[WALLONIA, "share_reach"], 4)) == (0.4122, 0.6718)


@pytest.mark.parametrize("code", ["mayors_2016", "mobile_team_2019"])
def test_the_printed_regions_add_up_to_belgium(code):
    # The reading that makes the June 2019 table consistent: the German-speaking Community's
    # figures are inside Wallonia's, not beside them.
    survey = published.survey(code)
    regions = [a for a in survey.areas if a.area in (FLANDERS, WALLONIA, BRUSSELS)]
    whole = survey.area(BELGIUM)
    sums = (sum(a.cells for a in regions), sum(a.with_cell for a in regions))
    assert sums == (whole.cells, whole.with_cell)
    if whole.without_cell is not None:
        assert sum(a.without_cell for a in regions) == whole.without_cell
    for part in (a for a in survey.areas if a.part_of):
        whole_of = survey.area(part.part_of)
        assert (part.cells <= whole_of.cells, part.with_cell <= whole_of.with_cell) == (True, True)


def test_every_published_survey_names_its_source():
    assert [(s.code, s.url.startswith("https://"), bool(s.publisher and s.title), s.published >= s.day)
            for s in published.load_published()] == [("mayors_2016", True, True, True), ("mobile_team_2019", True, True, True)]


def test_the_chart_s_area_words_are_the_gazetteer_s():
    areas = vocabulary.load("areas")
    for lang in locales.LANGUAGES:
        assert areas.labels(lang) == {
            BELGIUM: locales.text("belgium", lang), **{r: gazetteer.region_label(r, lang) for r in (FLANDERS, WALLONIA, BRUSSELS)},
        }


# --- the page ---------------------------------------------------------------------------------------


def open_coverage(lang: str = "en") -> AppTest:
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart_spec(at: AppTest) -> dict:
    (chart,) = at.get("vega_lite_chart")
    return json.loads(chart.proto.spec)


def chart_rows(at: AppTest) -> list[list[dict]]:
    """The rows of every dataset the chart carries (Streamlit sends them as Arrow tables)."""
    (chart,) = at.get("vega_lite_chart")
    return [
        pa.ipc.open_stream(d.data.data).read_all().to_pandas().to_dict("records") for d in chart.proto.datasets
    ]


def test_an_anonymous_visitor_sees_the_chart_the_published_figures_and_the_demo_label(page_store):
    at = open_coverage()
    assert at.title[0].value == "Coverage over time"
    assert any(w.value.startswith("DEMO DATA") for w in at.warning)
    datasets = chart_rows(at)
    diamonds = next(rows for rows in datasets if rows and "description" in rows[0])
    assert sorted((r["area"], r["with_text"], r["cells"], r["unknown_text"]) for r in diamonds) == sorted([
        ("Belgium", "152 / 589", 109, "not printed"), ("Flanders", "112 / 308", 77, "not printed"),
        ("Wallonia", "27 / 262", 19, "not printed"), ("Brussels-Capital", "13 / 19", 13, "not printed"),
        ("Belgium", "382 / 581", 253, "83"), ("Flanders", "255 / 300", 164, "15"),
        ("Wallonia", "108 / 262", 70, "68"), ("Brussels-Capital", "19 / 19", 19, "0"),
    ])
    assert any(r.get("label") == "Law of 30 July 2018" for rows in datasets for r in rows)
    assert any(r.get("label") == "DEMO" for rows in datasets for r in rows)  # marked in the plot too
    config = chart_spec(at)["config"]  # sized for the back of a room
    assert (config["axis"]["labelFontSize"], config["legend"]["labelFontSize"]) == (16, 16)
    # The accessible table: the printed numbers as text.
    table = at.table[0].value
    assert table.iloc[5].tolist() == [
        "Mobile Team survey, 15 June 2019", "Flanders", "164", "255", "30", "15", "300", "85%", "85%",
    ]
    assert table.iloc[8, 1] == "of which the German-speaking Community"


def test_the_population_view_has_no_published_points_and_says_why(page_store):
    at = open_coverage()
    at.radio(key="coverage_measure").set_value("population").run()
    assert not at.exception
    datasets = chart_rows(at)
    assert [rows for rows in datasets if rows and "description" in rows[0]] == []
    assert any("The publications gave no population figures" in c.value for c in at.caption)


@pytest.fixture
def downloads(monkeypatch):
    """The files the page's download buttons offer: file name -> bytes."""
    kept: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, data, mimetype, kind, filename=None):
        kept[filename] = data
        return original(self, data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return kept


def test_the_download_is_the_table_shown_with_a_bom_and_semicolons(page_store, downloads):
    at = open_coverage("fr")
    shown = at.dataframe[0].value
    (name,) = [n for n in downloads if n.startswith("livcr-coverage")]
    data = downloads[name]
    back = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    days = coverage.coverage_days(store.load_registry_frames(page_store), dt.date.today())
    assert (name, data[:3], list(back.columns), len(back)) == (
        f"livcr-coverage-demo-{dt.date.today().isoformat()}.csv", b"\xef\xbb\xbf", list(shown.columns), 4 * len(days),
    )
    assert back.iloc[0].tolist() == [
        "2016-05-31", "Belgique", "589", "152", "26\u00a0%", "109", "0", "437", "11294993", "4338683", "38\u00a0%",
    ]


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_page_speaks_the_chosen_language(page_store, lang):
    at = open_coverage(lang)
    foreign = english_only(lang)
    texts = shown_texts(at) + [str(v) for v in at.table[0].value.to_numpy().ravel()]
    texts += [str(c) for c in at.table[0].value.columns]
    texts += [str(v) for rows in chart_rows(at) for r in rows for k, v in r.items() if k.endswith(("text", "label")) or k in ("area", "survey", "description", "mark")]
    assert {text: sorted(words(text) & foreign) for text in texts if words(text) & foreign} == {}
