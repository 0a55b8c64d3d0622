"""Page views read from and written to the URL: every parameter, its default, hostile values.

Tables of query → whole view: a bad value is replaced by its default and nothing else
changes. No Streamlit here, and none in the module under test.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from loaders import vocabulary
from pages.ui import views
from pages.ui.views import AreaView, BriefingView, MapView, ProfileView, VisitsView

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 1)
FIRST_VISIT = dt.date(2016, 3, 14)
TEAMS, OFFERS = vocabulary.TEAMS.codes, vocabulary.OFFERS.codes
LONG = "x" * 100_000
FLEMISH = ("10000", "20001", "30000", "40000", "70000")
WALLOON = ("20002", "50000", "60000", "80000", "90000")


def visits(**changes) -> VisitsView:
    """The default visits view of TODAY and FIRST_VISIT, with some fields changed."""
    fields = {"start": FIRST_VISIT, "end": TODAY, "today": TODAY, "default_start": FIRST_VISIT}
    return VisitsView(**(fields | changes))


# --- module ------------------------------------------------------------------------------


def test_the_module_does_not_import_streamlit():
    code = "import sys, pages.ui.views; print('streamlit' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "False"


def test_the_module_source_names_no_streamlit():
    tree = ast.parse(Path(views.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not {name for name in imported if name.split(".")[0] == "streamlit"}


def test_views_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        MapView().nis = "21004"


# --- area --------------------------------------------------------------------------------


@pytest.mark.parametrize("query, expected", [
    ({}, AreaView("all", "all")),
    ({"region": "flanders"}, AreaView("flanders", "all")),
    ({"region": "wallonia", "province": "60000"}, AreaView("wallonia", "60000")),
    ({"region": "brussels"}, AreaView("brussels", "all")),
    ({"province": "70000"}, AreaView("all", "70000")),  # all of Belgium: any province
    ({"region": "atlantis"}, AreaView("all", "all")),
    ({"region": "atlantis", "province": "70000"}, AreaView("all", "70000")),
    ({"region": "Flanders"}, AreaView("all", "all")),  # slugs are lower case, as the page wrote them
    ({"region": ""}, AreaView("all", "all")),
    ({"region": LONG, "province": LONG}, AreaView("all", "all")),
    ({"region": "flanders", "province": "99999"}, AreaView("flanders", "all")),
    ({"region": "flanders", "province": "60000"}, AreaView("flanders", "all")),  # Liège is Walloon
    ({"region": "wallonia", "province": "20001"}, AreaView("wallonia", "all")),  # Flemish Brabant
    ({"region": "brussels", "province": "20001"}, AreaView("brussels", "all")),  # Brussels has none
    ({"region": "brussels", "province": "04000"}, AreaView("brussels", "all")),  # nor its region's code
    ({"region": "flanders", "province": ""}, AreaView("flanders", "all")),
    ({"region": ["flanders"], "province": None}, AreaView("all", "all")),  # not strings: absent
])
def test_area_from_query(query, expected):
    assert AreaView.from_query(query) == expected


@pytest.mark.parametrize("area, query", [
    (AreaView(), {}),
    (AreaView("wallonia"), {"region": "wallonia"}),
    (AreaView("flanders", "70000"), {"region": "flanders", "province": "70000"}),
    (AreaView("all", "90000"), {"province": "90000"}),
])
def test_area_to_query_leaves_defaults_out(area, query):
    assert area.to_query() == query


@pytest.mark.parametrize("region, province", [("atlantis", "all"), ("brussels", "21000"), ("flanders", "50000"), ("all", "99999")])
def test_an_area_that_cannot_be_is_refused(region, province):
    with pytest.raises(ValueError):
        AreaView(region, province)


@pytest.mark.parametrize("area, region_code, province_code, choices, has_provinces", [
    (AreaView(), "", "", ("all", *sorted(FLEMISH + WALLOON)), True),
    (AreaView("flanders", "70000"), "02000", "70000", ("all", *FLEMISH), True),
    (AreaView("wallonia"), "03000", "", ("all", *WALLOON), True),
    (AreaView("brussels"), "04000", "", ("all",), False),
])
def test_area_derived_values(area, region_code, province_code, choices, has_provinces):
    assert (area.region_code, area.province_code, area.province_choices, area.has_provinces) == (
        region_code, province_code, choices, has_provinces
    )


def test_area_selects_the_rows_of_a_frame():
    import pandas as pd

    frame = pd.DataFrame({
        "nis": ["11002", "21004", "62063", "71022"],
        "region": ["02000", "04000", "03000", "02000"],
        "province": ["10000", "", "60000", "70000"],
    })
    assert AreaView().select(frame)["nis"].tolist() == ["11002", "21004", "62063", "71022"]
    assert AreaView("flanders").select(frame)["nis"].tolist() == ["11002", "71022"]
    assert AreaView("flanders", "70000").select(frame)["nis"].tolist() == ["71022"]
    assert AreaView("brussels").select(frame)["nis"].tolist() == ["21004"]


# --- map ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query, expected", [
    ({}, MapView()),
    ({"region": "brussels", "nis": "21012", "lang": "fr"}, MapView(area=AreaView("brussels"), nis="21012")),
    ({"region": "wallonia", "province": "60000", "nis": "62063"}, MapView(area=AreaView("wallonia", "60000"), nis="62063")),
    # the details show any municipality, wherever the filter points (as before)
    ({"region": "flanders", "nis": "21004"}, MapView(area=AreaView("flanders"), nis="21004")),
    ({"nis": "99999"}, MapView()),
    ({"nis": "12030"}, MapView()),  # Puurs, merged in 2019: not on today's map
    ({"nis": "21004 "}, MapView()),
    ({"nis": ""}, MapView()),
    ({"nis": LONG, "region": "atlantis", "province": "99999"}, MapView()),
    ({"nis": "<script>alert(1)</script>"}, MapView()),
])
def test_map_from_query(query, expected):
    assert MapView.from_query(query) == expected


@pytest.mark.parametrize("view, query", [
    (MapView(), {}),
    (MapView(nis="21012"), {"nis": "21012"}),
    (MapView(area=AreaView("brussels"), nis="21012"), {"region": "brussels", "nis": "21012"}),
    (MapView(area=AreaView("wallonia", "90000")), {"region": "wallonia", "province": "90000"}),
])
def test_map_to_query_leaves_defaults_out(view, query):
    assert view.to_query() == query


def test_a_map_of_an_unknown_municipality_is_refused():
    with pytest.raises(ValueError):
        MapView(nis="99999")


# --- visits ------------------------------------------------------------------------------


@pytest.mark.parametrize("query, expected", [
    ({}, visits()),
    (
        {"teams": "mobile_team", "offers": "awareness_day,training", "from": "2016-01-01", "to": "2019-06-30"},
        visits(teams=("mobile_team",), offers=("awareness_day", "training"),
               start=dt.date(2016, 1, 1), end=dt.date(2019, 6, 30)),
    ),
    ({"region": "wallonia", "province": "50000"}, visits(area=AreaView("wallonia", "50000"))),
    # teams and offers
    ({"teams": "radix_back_office,mobile_team"}, visits(teams=("mobile_team", "radix_back_office"))),
    ({"teams": "mobile_team,mobile_team,mobile_team"}, visits(teams=("mobile_team",))),
    ({"teams": "mobile_team," * 10_000}, visits(teams=("mobile_team",))),
    ({"teams": ",,x"}, visits()),
    ({"teams": "x,mobile_team"}, visits(teams=("mobile_team",))),
    ({"teams": "Mobile_Team"}, visits()),  # codes, not labels or synonyms
    ({"teams": LONG, "offers": LONG}, visits()),
    ({"teams": ""}, visits(teams=())),  # what the page writes when every team is removed
    ({"offers": ""}, visits(offers=())),
    ({"offers": ",".join(OFFERS)}, visits()),
    # dates
    ({"from": "2019-13-40"}, visits()),
    ({"from": "2019-13-40", "to": "2019-06-30"}, visits(end=dt.date(2019, 6, 30))),
    ({"from": "2017-02-03", "to": "soon"}, visits(start=dt.date(2017, 2, 3))),
    ({"from": "2017-02-03"}, visits(start=dt.date(2017, 2, 3))),
    ({"to": "2019-06-30"}, visits(end=dt.date(2019, 6, 30))),
    ({"from": "20170203"}, visits(start=dt.date(2017, 2, 3))),  # date.fromisoformat, as before
    ({"from": "2014-12-31"}, visits()),  # before the widget's first day
    ({"from": "2015-01-01"}, visits(start=dt.date(2015, 1, 1))),
    ({"from": "2026-12-02"}, visits()),  # after today
    ({"to": "2099-01-01"}, visits()),
    ({"to": "2026-12-01"}, visits()),
    ({"from": "2026-12-01"}, visits(start=TODAY)),
    ({"from": LONG, "to": LONG}, visits()),
    ({"from": "2016-01-01T00:00:00"}, visits()),
    # backwards: swapped
    ({"from": "2019-06-30", "to": "2016-01-01"}, visits(start=dt.date(2016, 1, 1), end=dt.date(2019, 6, 30))),
    ({"to": "2015-06-01"}, visits(start=dt.date(2015, 6, 1), end=FIRST_VISIT)),
])
def test_visits_from_query(query, expected):
    assert VisitsView.from_query(query, today=TODAY, first_visit=FIRST_VISIT) == expected


@pytest.mark.parametrize("first_visit, default_start", [
    (dt.date(2016, 3, 14), dt.date(2016, 3, 14)),
    (dt.date(2003, 5, 1), dt.date(2015, 1, 1)),  # older records: the widget starts in 2015
    (dt.date(2030, 1, 1), TODAY),  # a visit planned in the future
])
def test_the_default_period_starts_with_the_first_visit(first_visit, default_start):
    assert VisitsView.from_query({}, today=TODAY, first_visit=first_visit) == visits(
        start=default_start, default_start=default_start
    )


@pytest.mark.parametrize("view, query", [
    (visits(), {}),
    (visits(start=dt.date(2016, 1, 1)), {"from": "2016-01-01"}),
    (visits(end=dt.date(2019, 6, 30)), {"to": "2019-06-30"}),
    (visits(teams=TEAMS, offers=OFFERS), {}),
    (visits(teams=("radix_front_office", "mobile_team")), {"teams": "mobile_team,radix_front_office"}),
    (visits(teams=(), offers=()), {"teams": "", "offers": ""}),
    (
        visits(area=AreaView("flanders", "30000"), offers=("other",), start=dt.date(2015, 1, 1), end=dt.date(2015, 1, 1)),
        {"region": "flanders", "province": "30000", "offers": "other", "from": "2015-01-01", "to": "2015-01-01"},
    ),
])
def test_visits_to_query_leaves_defaults_out(view, query):
    assert view.to_query() == query


def test_visits_are_stored_in_one_spelling():
    assert visits(teams=["radix_back_office", "mobile_team", "mobile_team"]).teams == ("mobile_team", "radix_back_office")
    assert visits(teams=["mobile_team"]) == visits(teams=("mobile_team",))


@pytest.mark.parametrize("changes, error", [
    ({"teams": ("x",)}, ValueError),
    ({"offers": ("mobile_team",)}, ValueError),
    ({"start": dt.date(2019, 1, 1), "end": dt.date(2018, 1, 1)}, ValueError),
    ({"start": dt.date(2014, 12, 31)}, ValueError),
    ({"end": dt.date(2026, 12, 2)}, ValueError),
    ({"default_start": dt.date(2014, 1, 1)}, ValueError),
    ({"teams": "mobile_team"}, TypeError),  # a string, not a collection of codes
    ({"start": dt.datetime(2016, 3, 14)}, TypeError),  # never equal to a date: would not round-trip
])
def test_a_visits_view_that_cannot_be_is_refused(changes, error):
    with pytest.raises(error):
        visits(**changes)


def test_visits_period():
    assert visits(end=dt.date(2019, 6, 30)).period == (FIRST_VISIT, dt.date(2019, 6, 30))


# --- briefing ----------------------------------------------------------------------------


@pytest.mark.parametrize("query, expected", [
    ({}, BriefingView(day=TODAY, today=TODAY)),
    ({"day": "2016-05-27"}, BriefingView(day=dt.date(2016, 5, 27), today=TODAY)),
    ({"day": "2015-01-01"}, BriefingView(day=dt.date(2015, 1, 1), today=TODAY)),
    ({"day": "2026-12-01"}, BriefingView(day=TODAY, today=TODAY)),
    ({"day": "tomorrow"}, BriefingView(day=TODAY, today=TODAY)),
    ({"day": "2026-12-02"}, BriefingView(day=TODAY, today=TODAY)),  # the widget stops at today
    ({"day": "2014-12-31"}, BriefingView(day=TODAY, today=TODAY)),  # and starts in 2015
    ({"day": "2019-13-40"}, BriefingView(day=TODAY, today=TODAY)),
    ({"day": ""}, BriefingView(day=TODAY, today=TODAY)),
    ({"day": LONG}, BriefingView(day=TODAY, today=TODAY)),
    ({"day": "27/05/2016"}, BriefingView(day=TODAY, today=TODAY)),
])
def test_briefing_from_query(query, expected):
    assert BriefingView.from_query(query, today=TODAY) == expected


@pytest.mark.parametrize("view, query", [
    (BriefingView(day=TODAY, today=TODAY), {}),
    (BriefingView(day=dt.date(2016, 5, 27), today=TODAY), {"day": "2016-05-27"}),
])
def test_briefing_to_query_leaves_the_default_out(view, query):
    assert view.to_query() == query


@pytest.mark.parametrize("day, vintage", [
    (dt.date(2016, 5, 27), 2018), (dt.date(2019, 1, 1), 2019), (dt.date(2024, 12, 31), 2019), (dt.date(2025, 1, 1), 2025),
])
def test_briefing_vintage(day, vintage):
    assert BriefingView(day=day, today=TODAY).vintage == vintage


@pytest.mark.parametrize("day", [dt.date(2014, 12, 31), dt.date(2026, 12, 2)])
def test_a_briefing_out_of_range_is_refused(day):
    with pytest.raises(ValueError):
        BriefingView(day=day, today=TODAY)


# --- profile -----------------------------------------------------------------------------


@pytest.mark.parametrize("query, expected", [
    ({}, ProfileView()),
    ({"nis": "62063"}, ProfileView(query="62063")),
    ({"nis": "Luik"}, ProfileView(query="Luik")),
    ({"nis": " Sankt Vith "}, ProfileView(query=" Sankt Vith ")),  # as typed; the page strips
    ({"nis": "<script>alert(1)</script>"}, ProfileView(query="<script>alert(1)</script>")),  # escaped at display
    ({"nis": "a" * views.MAX_QUERY_CHARS}, ProfileView(query="a" * views.MAX_QUERY_CHARS)),
    ({"nis": "a" * (views.MAX_QUERY_CHARS + 1)}, ProfileView()),
    ({"nis": LONG}, ProfileView()),
    ({"nis": ""}, ProfileView()),
])
def test_profile_from_query(query, expected):
    assert ProfileView.from_query(query) == expected


def test_profile_to_query_and_search_text():
    assert ProfileView().to_query() == {}
    assert ProfileView(query="62063").to_query() == {"nis": "62063"}
    assert ProfileView(query="  Mons ").search_text == "Mons"
    with pytest.raises(ValueError):
        ProfileView(query=LONG)


# --- round trips -------------------------------------------------------------------------

VIEWS = [
    (MapView(), {}),
    (MapView(nis="21012"), {}),
    (MapView(area=AreaView("brussels"), nis="21012"), {}),
    (MapView(area=AreaView("all", "80000")), {}),
    (MapView(area=AreaView("flanders", "40000"), nis="44083"), {}),
    (visits(), {"today": TODAY, "first_visit": FIRST_VISIT}),
    (visits(teams=(), offers=()), {"today": TODAY, "first_visit": FIRST_VISIT}),
    (visits(teams=("radix_front_office",), start=dt.date(2015, 1, 1)), {"today": TODAY, "first_visit": FIRST_VISIT}),
    (visits(start=TODAY), {"today": TODAY, "first_visit": FIRST_VISIT}),
    (visits(start=dt.date(2015, 6, 1), end=FIRST_VISIT), {"today": TODAY, "first_visit": FIRST_VISIT}),
    (visits(area=AreaView("wallonia", "20002"), end=dt.date(2020, 2, 29)), {"today": TODAY, "first_visit": FIRST_VISIT}),
    (BriefingView(day=TODAY, today=TODAY), {"today": TODAY}),
    (BriefingView(day=dt.date(2016, 5, 27), today=TODAY), {"today": TODAY}),
    (ProfileView(), {}),
    (ProfileView(query="Saint-Nicolas"), {}),
    (ProfileView(query="  "), {}),
]


@pytest.mark.parametrize("view, context", VIEWS)
def test_a_view_survives_its_url(view, context):
    assert type(view).from_query(view.to_query(), **context) == view


@pytest.mark.parametrize("view, context", VIEWS)
def test_every_parameter_written_is_one_the_view_owns(view, context):
    assert set(view.to_query()) <= set(view.PARAMETERS)


def test_every_area_survives_its_url():
    for region in views.REGION_CHOICES:
        for province in AreaView(region).province_choices:
            area = AreaView(region, province)
            assert AreaView.from_query(area.to_query()) == area
            assert MapView.from_query(MapView(area=area).to_query()) == MapView(area=area)


def test_every_team_choice_survives_its_url():
    for size in range(len(TEAMS) + 1):
        chosen = TEAMS[:size]
        view = visits(teams=chosen, offers=OFFERS[size:])
        assert VisitsView.from_query(view.to_query(), today=TODAY, first_visit=FIRST_VISIT) == view


# --- language and the whole query --------------------------------------------------------


@pytest.mark.parametrize("query, default, expected", [
    ({}, "en", "en"),
    ({}, "nl", "nl"),
    ({"lang": "fr"}, "en", "fr"),
    ({"lang": "nl"}, "fr", "nl"),
    ({"lang": "de"}, "nl", "nl"),  # German is not an interface language
    ({"lang": "FR"}, "en", "en"),
    ({"lang": ""}, "en", "en"),
    ({"lang": LONG}, "en", "en"),
])
def test_language_from_query(query, default, expected):
    assert views.language_from_query(query, default) == expected


def test_language_to_query_leaves_the_default_out():
    assert views.language_to_query("en", "en") == {}
    assert views.language_to_query("fr", "en") == {"lang": "fr"}


def test_update_query_replaces_the_views_parameters_only():
    before = {"lang": "fr", "region": "flanders", "province": "70000", "nis": "71022", "utm": "x"}
    assert views.update_query(before, MapView(area=AreaView("brussels"))) == {
        "lang": "fr", "utm": "x", "region": "brussels",
    }
    assert views.update_query({"lang": "nl", "day": "2016-05-27"}, BriefingView(day=TODAY, today=TODAY)) == {"lang": "nl"}
