import pandas as pd
import pytest

from geo import gazetteer


@pytest.fixture(scope="module")
def names_2025(population_csv):
    return gazetteer.load_gazetteer(2025, population_csv).set_index("nis")


@pytest.mark.parametrize(
    "nis, language, expected",
    [
        ("62063", "nl", "Luik"),
        ("62063", "fr", "Liège"),
        ("62063", "en", "Liège"),
        ("53053", "nl", "Bergen"),
        ("53053", "en", "Mons"),
        ("21012", "en", "Molenbeek-Saint-Jean / Sint-Jans-Molenbeek"),
        ("21001", "en", "Anderlecht"),
        ("11002", "fr", "Anvers"),
        ("11002", "en", "Antwerpen"),
        ("63040", "en", "Kelmis"),
        ("63040", "fr", "La Calamine"),
        ("63067", "en", "Sankt Vith"),
        ("46030", "en", "Beveren-Kruibeke-Zwijndrecht"),
    ],
)
def test_display_name(names_2025, nis, language, expected):
    row = names_2025.loc[nis].to_dict() | {"nis": nis}
    assert gazetteer.display_name(row, language) == expected


def test_the_nine_german_speaking_municipalities(names_2025):
    german = names_2025[names_2025["name_de"] != ""]
    assert sorted(german["name_de"]) == [
        "Amel", "Burg-Reuland", "Büllingen", "Bütgenbach", "Eupen", "Kelmis", "Lontzen", "Raeren", "Sankt Vith",
    ]
    assert set(german["province"]) == {"60000"}


@pytest.mark.parametrize(
    "vintage, nis, expected",
    [
        (2018, "12030", {"name_nl": "Puurs", "nis_2025": "12041", "province": "10000", "population": None}),
        (2018, "54007", {"name_nl": "Moeskroen", "nis_2025": "57096", "province": "50000", "population": 58_767}),
        (2019, "46013", {"name_nl": "Kruibeke", "nis_2025": "46030", "province": "40000", "population": 16_846}),
        (2025, "82039", {"name_nl": "Bastenaken", "nis_2025": "82039", "province": "80000", "population": 19_932}),
        (2025, "21004", {"name_nl": "Brussel", "nis_2025": "21004", "province": "", "population": 185_103}),
    ],
)
def test_rows_of_each_vintage(population_csv, vintage, nis, expected):
    frame = gazetteer.load_gazetteer(vintage, population_csv).set_index("nis")
    row = frame.loc[nis, list(expected)].to_dict()
    row["population"] = None if pd.isna(row["population"]) else int(row["population"])
    assert row == expected


def test_population_sums_through_the_mergers(population_csv):
    totals = {v: int(gazetteer.load_gazetteer(v, population_csv)["population"].sum()) for v in (2019, 2025)}
    assert totals == {2019: 11_492_641, 2025: 11_492_641}
