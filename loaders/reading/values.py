"""Values as people write them: statuses, teams, offers, yes and no, formulas, lists of places."""

from __future__ import annotations

import re

from loaders import vocabulary
from loaders.vocabulary import value_key

BOOLEAN_WORDS = {
    True: ("ja", "oui", "yes", "true", "waar", "vrai", "wahr", "1", "x", "✓", "✔", "☑", "y", "j", "o", "si", "ok"),
    False: ("nee", "neen", "non", "no", "nein", "false", "onwaar", "faux", "falsch", "0", "n", "✗", "✘", "☐"),
}

_BOOLEANS = {value_key(word): value for value, words in BOOLEAN_WORDS.items() for word in words}


def parse_status(text: str | None) -> str | None:
    """The status code for a word of `vocabulary/statuses.toml` ("Opérationnelle", "in oprichting")."""
    return vocabulary.STATUSES.parse(text)


def parse_team(text: str | None) -> str | None:
    """The team code for a word of `vocabulary/teams.toml` ("Mobiel Team", "Front-Office", "Radix")."""
    return vocabulary.TEAMS.parse(text)


def parse_offer(text: str | None) -> str | None:
    """The offer code for a word of `vocabulary/offers.toml` ("veldanalyse")."""
    return vocabulary.OFFERS.parse(text)


def parse_bool(text: str | None) -> bool | None:
    """ja/oui/yes/true/1/x/✓ -> True, nee/non/no/false/0 -> False; None when empty or not one.

    The caller tells an empty cell from an unreadable one by the text.
    """
    return _BOOLEANS.get(value_key(text)) if text else None


# Formula injection: a spreadsheet program runs text starting with one of these as a
# formula (=, + and - start a sum, @ a function; some programs drop a leading tab or CR
# first). Exports put an apostrophe before such text, which Excel shows as text and never
# runs; imports take exactly that apostrophe off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """Text a spreadsheet shows but never runs: "=1+1" -> "'=1+1", "Gent" unchanged.

    Text that already starts with apostrophes before a formula start gets one more, so
    that `restore_formula(neutralise_formula(text)) == text` for every text.
    """
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def restore_formula(text: str) -> str:
    """Undo `neutralise_formula`: "'=1+1" -> "=1+1"; any other text is left as it is."""
    return text[1:] if text.startswith("'") and text[1:].lstrip("'").startswith(FORMULA_STARTS) else text


def split_municipalities(text: str | None) -> list[str]:
    """The municipalities of a cell listing one or several, by ; | / + & newline or comma, or
    the words en, et, und, and between names ("Ruiselede + Beernem", "Menen en Wervik").

    No Belgian municipality name contains those characters or words. A bilingual
    "Elsene/Ixelles" gives two names of one municipality: the resolver counts it once.
    """
    if not text:
        return []
    return [part.strip() for part in LIST_SEPARATORS.split(text) if part.strip()]


LIST_SEPARATORS = re.compile(r"[;|/,+&\r\n]+|\s+(?:en|et|und|and)\s+", re.IGNORECASE)
