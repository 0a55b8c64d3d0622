"""The domain's words as data: statuses, teams, offers, cell kinds, programmes, recency classes.

Each is one TOML file in this folder, in the manner of pycountry's databases: a list of
`[[term]]` tables, in their order (legend order, and for statuses the order that settles ties),
each with its `code`, its label in every interface language, a `colour` where it is drawn,
and the `synonyms` that files may use for it. Adding a term is editing one file; the reader,
the importer, the map and its legend all take it from here.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FOLDER = Path(__file__).parent
LANGUAGES = ("en", "nl", "fr")


@lru_cache(maxsize=65536)
def value_key(text: str) -> str:
    """A value compared without case, accents, dashes, underscores, apostrophes or dots."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\s_\-–—'’.]+", " ", bare.casefold()).split())


def plain_text(text: str) -> str:
    """A text compared without case or accents (but with its punctuation): cell names, kinds."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


@dataclass(frozen=True)
class Term:
    code: str
    labels: dict[str, str]
    colour: str | None
    synonyms: tuple[str, ...]
    # Words that, found in a phrase ("up and running"), point at the term: "word", "stem*",
    # "*ending" or "several words". `hints` count only when no term's keyword is found.
    keywords: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    # How it is drawn besides its colour (one of PATTERNS), so a map never tells by colour alone.
    pattern: str = "solid"


# Fills drawn over a class's colour (geo.choropleth draws them on the map and in the legend).
PATTERNS = ("solid", "stripes", "dots", "cross")


@dataclass(frozen=True)
class Interpretation:
    """What a value means: `code` only when certain, with the `evidence` (the words that
    decided, None for a word of the vocabulary itself); otherwise the `suggestions` a person
    may choose from, never applied by themselves."""

    code: str | None
    evidence: str | None = None
    suggestions: tuple[str, ...] = ()


SUGGESTION_CUTOFF = 0.8


def _matches(keyword: str, words: list[str], phrase: str) -> bool:
    if " " in keyword:
        return f" {keyword} " in f" {phrase} "
    if keyword.endswith("*"):
        return any(w.startswith(keyword[:-1]) for w in words)
    if keyword.startswith("*"):
        return any(w.endswith(keyword[1:]) for w in words)
    return keyword in words


class Vocabulary:
    """The terms of one file: `codes`, `label(code, lang)`, `colour(code)`, `parse(text)`."""

    def __init__(self, name: str, terms: list[Term]):
        self.name = name
        self.terms = {term.code: term for term in terms}
        if len(self.terms) != len(terms):
            raise ValueError(f"{name}: a code is listed twice")
        self.codes: tuple[str, ...] = tuple(self.terms)
        self._words: dict[str, str] = {}
        for term in terms:
            for word in (term.code, *term.labels.values(), *term.synonyms):
                owner = self._words.setdefault(value_key(word), term.code)
                if owner != term.code:
                    raise ValueError(f"{name}: {word!r} would mean both {owner!r} and {term.code!r}")
        self._cache: dict[str, Interpretation] = {}

    @classmethod
    def from_file(cls, path: Path) -> Vocabulary:
        with path.open("rb") as f:
            entries = tomllib.load(f).get("term", [])
        terms = []
        for entry in entries:
            missing = [key for key in ("code", *LANGUAGES) if not entry.get(key)]
            if missing:
                raise ValueError(f"{path.name}: term {entry.get('code', '?')!r} lacks {', '.join(missing)}")
            terms.append(Term(
                code=entry["code"], labels={lang: entry[lang] for lang in LANGUAGES},
                colour=entry.get("colour"), synonyms=tuple(entry.get("synonyms", ())),
                keywords=tuple(_keyword(k) for k in entry.get("keywords", ())),
                hints=tuple(_keyword(k) for k in entry.get("hints", ())),
                pattern=entry.get("pattern", "solid"),
            ))
            if terms[-1].pattern not in PATTERNS:
                raise ValueError(f"{path.name}: term {entry['code']!r} has pattern {terms[-1].pattern!r}, not one of {PATTERNS}")
        return cls(path.stem, terms)

    def __contains__(self, code: object) -> bool:
        return code in self.terms

    def __iter__(self):
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def label(self, code: str, lang: str) -> str:
        return self.terms[code].labels[lang]

    def labels(self, lang: str) -> dict[str, str]:
        """Every code's label in `lang`, in order."""
        return {code: term.labels[lang] for code, term in self.terms.items()}

    def colour(self, code: str) -> str:
        colour = self.terms[code].colour
        if colour is None:
            raise KeyError(f"{self.name}: {code!r} has no colour")
        return colour

    def colours(self) -> dict[str, str]:
        """Every code's colour, in order (the legend's)."""
        return {code: self.colour(code) for code in self.codes}

    def patterns(self) -> dict[str, str]:
        """Every code's pattern, in order."""
        return {code: term.pattern for code, term in self.terms.items()}

    def parse(self, text: str | None) -> str | None:
        """The code a file's word stands for (a code, a label in any language, a synonym); None if none."""
        return self._words.get(value_key(text)) if text else None


    def interpret(self, text: str | None) -> Interpretation:
        """What a file's phrase means: a word of the vocabulary, or the one term whose keywords
        it holds ("up and running" -> operational, evidence "running"). Keywords of several
        terms ("niet operationeel": none and operational) or none at all leave it a question,
        with suggestions (keywords found, else the vocabulary's words spelled alike)."""
        key = value_key(text) if text else ""
        if not key:
            return Interpretation(None)
        known = self._cache.get(key)
        if known is None:
            known = self._cache[key] = self._interpret(key)
        return known

    def _interpret(self, key: str) -> Interpretation:
        if key in self._words:
            return Interpretation(self._words[key])
        words = re.findall(r"\w+", key)  # "nee (in oprichting)": the words, not the brackets
        key = " ".join(words)
        for kind in ("keywords", "hints"):
            found = {
                code: [k for k in getattr(term, kind) if _matches(k, words, key)]
                for code, term in self.terms.items()
            }
            found = {code: hits for code, hits in found.items() if hits}
            if len(found) == 1:
                (code, hits), = found.items()
                return Interpretation(code, ", ".join(hits))
            if found:
                return Interpretation(None, suggestions=tuple(found))
        close = difflib.get_close_matches(key, list(self._words), n=3, cutoff=SUGGESTION_CUTOFF)
        return Interpretation(None, suggestions=tuple(dict.fromkeys(self._words[c] for c in close)))


def _keyword(word: str) -> str:
    """A keyword compared as values are, keeping its * marks."""
    return ("*" if word.startswith("*") else "") + value_key(word.strip("*")) + ("*" if word.endswith("*") else "")


def load(name: str, folder: Path = FOLDER) -> Vocabulary:
    return Vocabulary.from_file(folder / f"{name}.toml")


STATUSES = load("statuses")
TEAMS = load("teams")
OFFERS = load("offers")
CELL_KINDS = load("cell_kinds")
PROGRAMMES = load("programmes")
RECENCY = load("recency")
