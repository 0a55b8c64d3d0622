"""The shipped demo registry respects the programme's published facts, computed from the data."""

import datetime as dt

import pandas as pd
import pytest

from geo import gazetteer, mergers
from loaders import demo, published, registry, store, vocabulary

D = dt.date
FLANDERS, WALLONIA, BRUSSELS = "02000", "03000", "04000"


@pytest.fixture(scope="module")
def reg():
    return registry.load_registry(None)


@pytest.fixture(scope="module")
def regions():
    frame = gazetteer.load_gazetteer(2025)
    return dict(zip(frame["nis"], frame["region"]))


def test_demo_is_flagged_and_every_source_says_demo(reg):
    assert reg.is_demo is True
    assert sorted(s for s in reg.status["source"].unique() if "demo" not in s) == []


def test_survey_of_27_may_2016_counts_per_region(reg, regions):
    # Published: 109 cells for 152 municipalities; Flanders 77/112, Wallonia 19/27, Brussels 13/13.
    status = store.status_on(reg, D(2016, 5, 27))
    status["region"] = status["nis"].map(regions)
    counts = {
        region: (group["cell_id"].nunique(), len(group))
        for region, group in status[status["status"] == "operational"].groupby("region")
    }
    assert counts == {FLANDERS: (77, 112), WALLONIA: (19, 27), BRUSSELS: (13, 13)}
    assert store.status_on(reg, D(2016, 5, 26)).empty


def counted_on(reg, day, vintage):
    """Per area on a day's map, from the registry alone: cells, with, without a cell, unknown."""
    frame = gazetteer.load_gazetteer(vintage)
    status = store.status_on_vintage(reg, day, vintage)
    joined = frame[["nis", "region"]].merge(status, on="nis", how="left")
    joined["status"] = joined["status"].fillna("unknown")
    areas = {"01000": joined, **dict(tuple(joined.groupby("region"))),
             "german_speaking": joined[joined["nis"].isin(gazetteer.NAMES_DE)]}
    counts = {}
    for area, group in areas.items():
        operational = group[group["status"] == "operational"]
        counts[area] = {
            "cells": operational["cell_id"].replace("", None).dropna().nunique(),
            "with_cell": len(operational),
            "without_cell": int(group["status"].isin(["none", "planned", "being_set_up"]).sum()),
            "unknown": int((group["status"] == "unknown").sum()),
        }
    return counts


@pytest.mark.parametrize("code", ["mayors_2016", "mobile_team_2019"])
def test_both_published_surveys_computed_from_the_registry_on_their_day(reg, code):
    # The printed figures (loaders/published.toml) against the registry's statuses that day,
    # on that day's map; where no "without" count was printed, only cells and with.
    survey = published.survey(code)
    places = {survey.vintage: gazetteer.load_gazetteer(survey.vintage)}
    table = published.published_table(places, (survey,))
    counted = counted_on(reg, survey.day, survey.vintage)
    printed = {
        row.area: {k: getattr(row, k) for k in ("cells", "with_cell", "without_cell", "unknown") if not pd.isna(getattr(row, k))}
        for row in table.itertuples()
    }
    assert {area: {k: counted[area][k] for k in values} for area, values in printed.items()} == printed


def test_june_2019_survey_per_region_as_read(reg):
    # The reading of the printed table: the German-speaking Community inside Wallonia, the
    # municipalities neither with nor without reported as unknown.
    assert {area: tuple(c.values()) for area, c in counted_on(reg, D(2019, 6, 15), 2019).items()} == {
        "01000": (253, 382, 116, 83),
        FLANDERS: (164, 255, 30, 15),
        WALLONIA: (70, 108, 86, 68),
        BRUSSELS: (19, 19, 0, 0),
        "german_speaking": (2, 9, 0, 0),
    }


def test_german_speaking_municipalities_are_two_police_zone_cells_in_june_2019(reg):
    status = store.status_on_vintage(reg, D(2019, 6, 15), 2019)
    status = status[status["nis"].isin(gazetteer.NAMES_DE)]
    kinds = dict(zip(reg.cells["cell_id"], reg.cells["kind"]))
    zones = {}
    for cell, group in status.groupby("cell_id"):
        zones[kinds[cell]] = sorted(zones.get(kinds[cell], []) + [sorted(group["nis"])])
    assert (set(status["status"]), zones) == ({"operational"}, {"police_zone": sorted([
        ["63023", "63040", "63048", "63061"], ["63001", "63012", "63013", "63067", "63087"],
    ])})


def test_the_2019_picture_is_made_before_the_survey_day_and_today_s_after(reg):
    # No event on the day itself: the survey counts what happened before it.
    assert sorted(reg.status.loc[reg.status["date"] == D(2019, 6, 15), "municipality"]) == []


def test_survey_events_use_the_codes_of_2016(reg):
    survey = reg.status[reg.status["date"] == D(2016, 5, 27)]
    codes_2016 = mergers.codes_of_vintage(2018, gazetteer.codes_2025())
    assert (
        set(survey["status"]),
        set(survey["source"]),
        sorted(c for c in survey["municipality"] if c not in codes_2016),
    ) == ({"operational"}, {"survey 27 May 2016 (demo)"}, [])


PILOTS = {
    "21001": "Anderlecht",
    "11002": "Antwerpen",
    "21004": "Brussel",
    "52011": "Charleroi",
    "71016": "Genk",
    "34022": "Kortrijk",
    "62063": "Luik",
    "72021": "Maaseik",
    "12025": "Mechelen",
    "34027": "Menen",
    "21012": "Sint-Jans-Molenbeek",
    "21015": "Schaarbeek",
    "21013": "Sint-Gillis",
    "63079": "Verviers",
    "23088": "Vilvoorde",
}


def test_pilot_grant_2016_has_the_15_published_municipalities_all_surveyed(reg):
    names = gazetteer.load_gazetteer(2018).set_index("nis")["name_nl"]
    pilots = reg.programmes[reg.programmes["programme"] == "pilot_grant_2016"]
    assert {code: names[code] for code in pilots["municipality"]} == PILOTS
    surveyed = store.status_on(reg, D(2016, 5, 27))
    surveyed = surveyed[surveyed["status"] == "operational"]
    assert sorted(set(pilots["nis_2025"]) - set(surveyed["nis"])) == []


@pytest.mark.parametrize(
    "team, first, last, offers, fewest, most",
    [
        # Published: the Mobile Team made 84 field visits in 2016–2019.
        ("mobile_team", D(2016, 1, 1), D(2019, 12, 31), {"field_analysis", "awareness_day", "livcr_setup_support"}, 84, 84),
        # A few hundred, from 2019 to October 2026.
        (
            "radix_front_office", D(2019, 1, 1), D(2026, 10, 31),
            {"livcr_setup_support", "awareness_day", "project_support", "training", "other"}, 100, 600,
        ),
    ],
)
def test_visits_per_team(reg, team, first, last, offers, fewest, most):
    visits = reg.visits[reg.visits["team"] == team]
    assert (
        visits["date"].min() >= first,
        visits["date"].max() <= last,
        set(visits["offer"]) <= offers,
        fewest <= len(visits) <= most,
    ) == (True, True, True, True)


def test_mobile_team_visits_are_mostly_field_analyses_with_reports(reg):
    visits = reg.visits[reg.visits["team"] == "mobile_team"]
    analyses = visits[visits["offer"] == "field_analysis"]
    assert (len(analyses) > len(visits) / 2, analyses["report_delivered"].mean() > 0.8) == (True, True)


def test_internal_notes_say_demo(reg):
    notes = reg.visits["internal_notes"]
    filled = notes[notes != ""]
    assert (len(filled) > len(notes) / 3, sorted(n for n in filled if not n.startswith("DEMO internal note:"))) == (
        True, [],
    )


def test_status_in_november_2026_is_a_believable_mix(reg):
    status = store.status_on(reg, D(2026, 11, 1))
    counts = status["status"].value_counts().to_dict()
    counts["unknown"] = 565 - len(status)
    shares = {code: round(counts.get(code, 0) / 565, 2) for code in vocabulary.STATUSES.codes}
    assert shares == {"operational": 0.75, "being_set_up": 0.10, "planned": 0.05, "none": 0.04, "unknown": 0.06}


def test_every_code_resolves_to_a_2025_municipality(reg):
    codes_2025 = gazetteer.codes_2025()
    frames = [reg.members, reg.status, reg.visit_municipalities, reg.programmes]
    assert [sorted(set(f["nis_2025"]) - codes_2025) for f in frames] == [[], [], [], []]


def test_codes_are_given_as_on_their_day_or_one_vintage_older(reg):
    codes_2025 = gazetteer.codes_2025()
    vintage_codes = {v: mergers.codes_of_vintage(v, codes_2025) for v in mergers.VINTAGES}

    def fits(code, day):
        vintage = mergers.vintage_of_date(day)
        older = mergers.VINTAGES[max(0, mergers.VINTAGES.index(vintage) - 1)]
        return code in vintage_codes[vintage] or code in vintage_codes[older]

    events = reg.status
    late = events[events["date"] >= D(2025, 1, 1)]
    stale_after_2025 = sorted(set(late.loc[late["municipality"] != late["nis_2025"], "municipality"]))
    assert (
        [(d, c) for d, c in zip(events["date"], events["municipality"]) if not fits(c, d)],
        len(stale_after_2025) > 0,
    ) == ([], True)


def test_status_events_name_a_cell_the_municipality_belongs_to(reg):
    events = reg.status[reg.status["cell_id"] != ""]
    outside = [
        (day, nis, cell)
        for day, nis, cell in zip(events["date"], events["nis_2025"], events["cell_id"])
        if nis not in store.cell_members_on(reg, cell, day)
    ]
    assert outside == []


def test_regenerating_gives_byte_identical_files(tmp_path):
    demo.write_demo(tmp_path)
    names = sorted(p.name for p in registry.DEMO_DIR.glob("*.csv"))
    assert names == sorted(registry.FILES)
    assert {n: (tmp_path / n).read_bytes() == (registry.DEMO_DIR / n).read_bytes() for n in names} == {
        n: True for n in names
    }
