"""What the readers, the importer, the resolver and the registry report, in three languages.

Each problem is a `locales.Message` whose English is exactly what the command line printed
before problems were Messages; in Dutch and French it is filled in completely and differs from
the English. Every key the code names is in the three `problems.toml`, which have the same keys
and placeholders. Checking a file renders English only: the other languages wait for a page.
"""

from __future__ import annotations

import re
import string
import tomllib
from pathlib import Path

import openpyxl
import pytest

import locales
from geo import gazetteer
from geo.resolver import Resolver
from geo.settings import ROOT
from loaders import importer, reading, registry, store
from loaders.reading.dates import PRECISIONS
from locales import Message

STATUS_HEADER = "Gemeente;Status;Datum;Cel;Bron"
VISITS_HEADER = "Datum;Gemeenten;Ploeg;Aanbod;Nr;Notities"
SOURCES = [
    ROOT / "geo" / "resolver.py", *(ROOT / "loaders" / name for name in ("importer.py", "registry.py", "mapping.py")),
    *sorted((ROOT / "loaders" / "reading").glob("*.py")),
    ROOT / "loaders" / "store" / "engine.py",
]
# What the readers, the importer and the resolver say: problems.toml, and the files of the
# subjects that came later (mapping.toml: the import's questions; places.toml: the resolver's).
PROBLEM_FILES = ("problems.toml", "mapping.toml", "places.toml")
PLACEHOLDERS = string.Formatter()


@pytest.fixture(scope="module")
def resolver(population_csv):
    return Resolver(population_csv)


def write(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_problem(path: Path, kind: str = "status") -> Message:
    with pytest.raises(reading.ReadError) as raised:
        importer.check_file(path, kind)
    assert str(raised.value) == str(raised.value.problem)
    return raised.value.problem


def strict_read_problem(path: Path, kind: str = "status") -> Message:
    """What a strict read says (the importer asks about columns instead)."""
    with pytest.raises(reading.ReadError) as raised:
        reading.read_table(path, kind)
    return raised.value.problem


def row_note(path: Path, kind: str, row: int) -> Message:
    report, _ = importer.check_file(path, kind)
    found = report.rows[row - 1]
    assert found.render("en") == found.message
    return found.note


def assert_in_three_languages(message: Message, english: str) -> dict[str, str]:
    texts = {lang: message.render(lang) for lang in locales.LANGUAGES}
    assert (str(message), texts["en"]) == (english, english)
    for lang in ("nl", "fr"):
        assert "{" not in texts[lang] and "}" not in texts[lang], (lang, texts[lang])
        assert texts[lang] != english, lang
    return texts


# ---------------------------------------------------------------------------------------------
# Files that cannot be read


def test_a_missing_file(tmp_path):
    texts = assert_in_three_languages(read_problem(tmp_path / "status.csv"), "status.csv: file not found")
    assert texts["nl"] == "status.csv: bestand niet gevonden"
    assert texts["fr"] == "status.csv : fichier introuvable"


def test_a_header_split_at_another_character(tmp_path):
    path = write(tmp_path, "colons.csv", ["Gemeente:Status:Datum", "Gent:operationeel:2020-01-01"])
    texts = assert_in_three_languages(read_problem(path), (
        "colons.csv: no header row found in the first 10 rows (a status table needs headers such as "
        "'Gemeente', 'Status', 'Datum'); line 1 looks like a header with its columns separated by ':', "
        "which is not a CSV delimiter (use ; , TAB or |)"
    ))
    assert "een statustabel" in texts["nl"] and "un tableau des statuts" in texts["fr"]


def test_a_sheet_without_a_required_column(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Blad1"
    workbook.active.append(["Gemeente", "Status"])
    workbook.active.append(["Gent", "operationeel"])
    workbook.save(tmp_path / "sheet.xlsx")
    texts = assert_in_three_languages(strict_read_problem(tmp_path / "sheet.xlsx"), (
        "sheet.xlsx, sheet 'Blad1': no column for the required field date (a header such as 'Datum', 'Date', "
        "'Sinds', 'Depuis', 'Since'); headers found: 'Gemeente', 'Status'"
    ))
    assert texts["nl"].startswith("sheet.xlsx, werkblad 'Blad1': geen kolom voor het verplichte veld datum")
    assert texts["fr"].startswith("sheet.xlsx, feuille 'Blad1' : aucune colonne pour le champ obligatoire date")


def test_sizes_and_counts_are_written_in_each_language(tmp_path, monkeypatch):
    monkeypatch.setattr(reading.limits, "MAX_FILE_BYTES", 1_500_000)
    path = tmp_path / "large.csv"
    path.write_bytes(b"x" * 2_345_678)
    texts = assert_in_three_languages(
        read_problem(path), "large.csv: 2.4 MB, more than the 1.5 MB a file may have; split it into several files",
    )
    assert texts["nl"].startswith("large.csv: 2,4 MB, meer dan de 1,5 MB")
    assert texts["fr"].startswith("large.csv : 2,4 Mo, plus que les 1,5 Mo")

    monkeypatch.setattr(reading.limits, "MAX_ROWS", 1_500)
    path = write(tmp_path, "long.csv", [STATUS_HEADER] + ["Gent;operationeel;2020-01-01;;x"] * 1_501)
    texts = assert_in_three_languages(
        read_problem(path), "long.csv: more than 1,500 rows, the most a file may have; split it into several files",
    )
    assert texts["nl"].startswith("long.csv: meer dan 1\u202f500 rijen")


def test_a_header_and_no_rows(tmp_path):
    path = write(tmp_path, "empty.csv", [STATUS_HEADER])
    assert_in_three_languages(read_problem(path), "empty.csv: a header and no rows below it; nothing to import")


def test_a_value_that_is_not_a_date():
    with pytest.raises(ValueError) as raised:
        reading.parse_date("31/02/2019")
    assert_in_three_languages(raised.value.problem, "impossible date '31/02/2019'")
    assert str(raised.value) == "impossible date '31/02/2019'"


# ---------------------------------------------------------------------------------------------
# Rows of an import


@pytest.fixture
def status_file(tmp_path) -> Path:
    return write(tmp_path, "status.csv", [
        STATUS_HEADER,
        "Atlantis;operationeel;2020-01-01;;x",
        "Gent;misschien;31/02/2020;;x",
        "Borsbeek;operationeel;2020-01-01;;x",
        "Gent;operationeel;2020-01-01;;" + "x" * 300,
        "Gent;operationeel;2020-01-01;;x;shifted",
        "Borsbeek;operationeel;2020-01-01;;x",
    ])


@pytest.mark.parametrize("row, english", [
    (1, "status.csv, row 1, column 'Gemeente': Atlantis is not a known municipality name or NIS code"),
    (2, "status.csv, row 2, column 'Status': not recognised: 'misschien'; say what it means in the mapping, or leave "
        "these rows out; status.csv, row 2, column 'Datum': impossible date '31/02/2020'"),
    (3, "Borsbeek (11007) merged into Antwerpen (11002) on 2025-01-01"),
    (4, "status.csv, row 4, column 'Bron': 300 characters, more than the 255 the registry keeps"),
    (5, "status.csv, row 5, column 6 (no header): 'shifted' lies beyond the last column; "
        "quote any value holding ';', or give the column a header"),
    (6, "same as row 3: skipped"),
])
def test_a_status_row(status_file, row, english):
    assert_in_three_languages(row_note(status_file, "status", row), english)


def test_a_status_row_in_dutch_and_french(status_file):
    note = row_note(status_file, "status", 2)
    assert note.render("nl") == (
        "status.csv, rij 2, kolom 'Status': niet herkend: 'misschien'; zeg in de koppeling wat het betekent, of laat "
        "deze rijen weg; status.csv, rij 2, kolom 'Datum': onmogelijke datum '31/02/2020'"
    )
    assert note.render("fr") == (
        "status.csv, ligne 2, colonne 'Status' : non reconnu : 'misschien' ; dites ce que cela signifie dans la "
        "correspondance, ou laissez ces lignes de côté ; status.csv, ligne 2, colonne 'Datum' : date impossible '31/02/2020'"
    )


@pytest.mark.parametrize("row, english", [
    (1, "visits.csv, row 1, column 'Gemeenten': no municipality given"),
    (2, "Kruibeke (46013) merged into Beveren-Kruibeke-Zwijndrecht (46030) on 2025-01-01; "
        "visits.csv, row 2, column 'Ploeg': not recognised: 'Ploeg Zuid'; say what it means in the mapping, or leave "
        "these rows out"),
    (3, "ok"),
])
def test_a_visits_row(tmp_path, row, english):
    path = write(tmp_path, "visits.csv", [
        VISITS_HEADER,
        "2020-01-01;;Mobiel Team;veldanalyse;;",
        "2020-01-01;Gent/Kruibeke;Ploeg Zuid;veldanalyse;;",
        "2020-02-01;Gent;Mobiel Team;veldanalyse;;",
    ])
    texts = assert_in_three_languages(row_note(path, "visits", row), english)
    if row == 2:
        assert texts["fr"].startswith("Kruibeke (46013) a rejoint Beveren-Kruibeke-Zwijndrecht (46030) le 1er janvier 2025 ; ")


def test_a_refused_import(tmp_path, status_file):
    engine = store.open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_file(engine, status_file, "status")
    assert_in_three_languages(refused.value.problem, (
        "status.csv: 4 row(s) in error, nothing imported; first: row 1: "
        "status.csv, row 1, column 'Gemeente': Atlantis is not a known municipality name or NIS code"
    ))
    assert str(refused.value) == str(refused.value.problem)


def test_report_rows_render_in_the_language_asked(status_file):
    report, _ = importer.check_file(status_file, "status")
    row = report.rows[0]
    assert row.as_json()["message"] == row.message
    assert row.as_json("nl")["message"] == "status.csv, rij 1, kolom 'Gemeente': Atlantis is geen gekende gemeentenaam of NIS-code"


def test_checking_renders_english_only(status_file, monkeypatch):
    """The other languages are rendered when a page shows them, not for every row of a file."""
    asked = []
    original = locales.text
    monkeypatch.setattr(locales, "text", lambda key, lang, **values: asked.append(lang) or original(key, lang, **values))
    importer.check_file(status_file, "status")
    assert asked and set(asked) == {"en"}


# ---------------------------------------------------------------------------------------------
# Municipalities as typed


@pytest.mark.parametrize("text, english", [
    ("Kruibeke", "Kruibeke (46013) merged into Beveren-Kruibeke-Zwijndrecht (46030) on 2025-01-01"),
    ("54007", "Mouscron (54007) was recoded as Mouscron (57096) on 2019-01-01"),
    ("Saint-Nicolas", "Saint-Nicolas is ambiguous: Sint-Niklaas (46021, East Flanders) or Saint-Nicolas (62093, Liège); "
                      "give the NIS code"),
    ("Antwerpn", "Antwerpn is not a known municipality name or NIS code; did you mean Antwerpen, Antwerp?"),
    ("Luxembourg", "Luxembourg is the province Luxembourg (80000), not a municipality"),
    ("9000", "9000 is not a NIS code (they have 5 digits); as a postal code it belongs to Gent (44021)"),
    ("10000", "10000 is the code of the province Antwerp, not of a municipality"),
    ("Limburg", "Limbourg (63046), the municipality in the province of Liège, not the province Limburg (70000)"),
    (None, "no municipality given"),
])
def test_a_resolution(resolver, text, english):
    resolution = resolver.resolve(text)
    assert resolution.message == english
    assert_in_three_languages(resolution.note, english)


@pytest.mark.parametrize("text, lang, expected", [
    ("Borsbeek", "nl", "Borsbeek (11007) is op 1 januari 2025 opgegaan in Antwerpen (11002)"),
    ("Borsbeek", "fr", "Borsbeek (11007) a rejoint Anvers (11002) le 1er janvier 2025"),
    ("Saint-Nicolas", "nl", "Saint-Nicolas is dubbelzinnig: Sint-Niklaas (46021, Oost-Vlaanderen) of Saint-Nicolas (62093, Luik); "
                            "geef de NIS-code op"),
    ("10000", "fr", "10000 est le code attribué à la province d'Anvers, pas à une commune"),
    ("Brussels", "nl", "Brussel (21004)"),
])
def test_names_and_days_are_each_languages_own(resolver, text, lang, expected):
    assert resolver.resolve(text).note.render(lang) == expected


# ---------------------------------------------------------------------------------------------
# The registry's own files


def test_a_registry_file_that_cannot_be_read(tmp_path):
    with pytest.raises(ValueError) as raised:
        registry.load_registry(tmp_path)
    assert_in_three_languages(raised.value.problem, f"cells.csv: file missing in {tmp_path}")
    with pytest.raises(ValueError) as raised:
        registry.resolve_code("8200")
    assert_in_three_languages(raised.value.problem, "unknown municipality code '8200'")


# ---------------------------------------------------------------------------------------------
# The catalogues


def problems(lang: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in PROBLEM_FILES:
        path = ROOT / "locales" / lang / name
        if path.exists():
            with path.open("rb") as f:
                found |= tomllib.load(f)
    return found


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in PLACEHOLDERS.parse(text) if name}


# Keys the code builds from a value (f"read_field_{name}"), with every value that can fill them.
AREAS = [*gazetteer.REGION_LABELS, *gazetteer.PROVINCE_LABELS]
FAMILIES = {
    "read_field_": sorted({name for fields in reading.KINDS.values() for name in fields}),
    "read_table_": sorted(reading.KINDS),
    "resolve_area_": AREAS,
    "resolve_within_": AREAS,
    "registry_unknown_": ["value", "cell"],
    "value_precision_": list(PRECISIONS),
}
PREFIXES = r"(?:read|value|row|refused|resolve|registry|store|map|question|left_out|place)_"


def keys_in_code() -> set[str]:
    source = "\n".join(path.read_text(encoding="utf-8") for path in SOURCES)
    named = set(re.findall(rf'(?<![\w{{])"({PREFIXES}[a-z0-9_]*[a-z0-9])"', source))
    named |= set(re.findall(r'"([a-z]+_separator|resolve_or)"', source))
    built = set(re.findall(rf'f"({PREFIXES}[a-z0-9_]*_)\{{', source))
    assert built == set(FAMILIES), "a new family of keys: list its values in FAMILIES"
    return named | {prefix + value for prefix, values in FAMILIES.items() for value in values}


def test_every_key_the_code_names_is_in_every_catalogue():
    named = keys_in_code()
    assert len(named) > 80
    for lang in locales.LANGUAGES:
        assert sorted(named - set(problems(lang))) == [], lang


def test_the_three_catalogues_have_the_same_keys_and_placeholders():
    english = problems("en")
    for lang in ("nl", "fr"):
        other = problems(lang)
        assert sorted(set(english) ^ set(other)) == [], lang
        assert {k: placeholders(v) for k, v in other.items()} == {k: placeholders(v) for k, v in english.items()}, lang
        assert [k for k, v in other.items() if not v.strip()] == [], lang
    # No key of the problems is also the interface's: the catalogue refuses a key in two files.
    assert all(locales.catalogue(lang) for lang in locales.LANGUAGES)


def test_every_key_of_the_catalogue_is_used():
    assert sorted(set(problems("en")) - keys_in_code()) == []


def test_english_areas_name_the_regions_and_provinces_as_the_gazetteer_does():
    english = problems("en")
    for code in gazetteer.REGION_LABELS:
        assert english[f"resolve_area_{code}"] == f"the region {gazetteer.region_label(code, 'en')}"
    for code in gazetteer.PROVINCE_LABELS:
        assert english[f"resolve_area_{code}"] == f"the province {gazetteer.province_label(code, 'en')}"
        assert english[f"resolve_within_{code}"] == f"in the province of {gazetteer.province_label(code, 'en')}"
