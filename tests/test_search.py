"""The place search's index (geo.search) and how the map page reads what the box gives back.

Expected entries are facts of Belgian geography written down before the index was built:
exonyms (Lüttich, Löwen), sections (Borgerhout in Antwerpen, Laken in Brussel), postal codes
(9000 Gent; 1050 shared by Brussel and Elsene), names and codes of merged municipalities
(Kruishoutem 45017, now Kruisem 45068), and names several municipalities answer to.
"""

from __future__ import annotations

import json

import pytest

from geo import search
from geo.resolver import normalise_name
from pages.ui.search import Found, read_choice


@pytest.fixture(scope="module")
def index():
    return search.build_index()


def entries_for(index: dict, text: str) -> set[tuple[str, str]]:
    """(kind, today's code) of every entry whose key is exactly the query's."""
    key = normalise_name(text)
    return {(index["kinds"][p[2]], index["municipalities"][p[3]][0]) for p in index["places"] if p[0] == key}


def test_the_shipped_index_is_what_the_code_builds(index):
    assert search.INDEX_JSON.read_text(encoding="utf-8") == search.index_json(index) + "\n"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Lüttich", {("exonym", "62063")}),
        ("Luik", {("municipality", "62063")}),
        ("LIEGE", {("municipality", "62063")}),
        ("Löwen", {("exonym", "24062")}),
        ("Borgerhout", {("section", "11002")}),
        ("Laeken", {("section", "21004")}),
        ("Laken", {("section", "21004")}),
        ("9000", {("postal_code", "44021")}),
        ("1050", {("postal_code", "21004"), ("postal_code", "21009")}),
        ("Kruishoutem", {("former", "45068")}),
        ("45017", {("former_code", "45068")}),
        ("44021", {("code", "44021")}),
        ("Saint-Nicolas", {("municipality", "62093"), ("exonym", "46021")}),
        ("St-Niklaas", {("municipality", "46021")}),
    ],
)
def test_an_entry_names_todays_municipality_and_says_what_it_is(index, query, expected):
    assert entries_for(index, query) == expected


def test_every_municipality_is_found_by_its_own_names_and_code(index):
    found = {(p[0], index["municipalities"][p[3]][0]) for p in index["places"]}
    for nis, name_en, name_nl, name_fr, _ in index["municipalities"]:
        assert (nis, nis) in found
        assert (normalise_name(name_nl), nis) in found
        assert (normalise_name(name_fr), nis) in found
    assert len(index["municipalities"]) == 565


def test_a_section_of_a_merged_municipality_names_the_one_it_was_part_of(index):
    # Wannegem-Lede lay in Kruishoutem, which merged into Kruisem in 2019.
    wannegem = [p for p in index["places"] if p[0] == normalise_name("Wannegem-Lede")]
    assert [(index["municipalities"][p[3]][0], p[4]) for p in wannegem] == [("45068", "Kruishoutem")]


def test_the_index_is_small_enough_to_fetch_once():
    assert len(search.INDEX_JSON.read_bytes()) < 250_000
    assert json.loads(search.INDEX_JSON.read_text(encoding="utf-8"))["version"] == search.INDEX_VERSION


@pytest.mark.parametrize(
    "chosen, lang, expected",
    [
        (
            {"nis": "62063", "text": "Lüttich", "kind": "exonym", "former": None}, "en",
            Found("Lüttich", "62063", "Found Lüttich: another name of Liège, in the province of Liège.", kind="exonym"),
        ),
        (
            {"nis": "11002", "text": "Borgerhout", "kind": "section", "former": None}, "nl",
            Found("Borgerhout", "11002", "Gevonden: Borgerhout: deelgemeente van Antwerpen, in de provincie Antwerpen.",
                  kind="section"),
        ),
    ],
)
def test_a_choice_of_the_box_is_taken_as_it_came(chosen, lang, expected):
    assert read_choice(chosen, lang) == expected


@pytest.mark.parametrize(
    "text, nis, candidates",
    [
        ("2140 Borgerhout", "11002", ()),
        ("Gent (Ledeberg)", "44021", ()),
        ("Beveren", None, ("34040", "36015", "38002", "46030")),
        ("Atlantis", None, ()),
    ],
)
def test_free_text_is_read_by_the_resolver_which_never_guesses(text, nis, candidates):
    found = read_choice({"nis": None, "text": text, "kind": None}, "en")
    assert (found.nis, found.candidates, found.kind) == (nis, candidates, None)
    assert found.note  # says how it was read, or why not
