"""Every text people read, one catalogue per language, and the one place dates and numbers are written.

A language's catalogue is the TOML files of its folder (`en/`, `nl/`, `fr/`), merged: one
file per subject (`interface.toml` for the pages, `problems.toml` for what the readers and
the importer report, `about.toml` for the About page's prose, `periods.toml` for vague dates
and what exports could not keep), each a flat table of
`key = "text"` where `{name}` marks a value filled in. TOML because translators can read and
edit it without tools (multi-line prose included), Python reads it with the standard library,
and a missing key is a test failure rather than a silent fallback (`tests/test_locales.py`);
gettext would add a compile step and hide the keys behind English sentences.

Nothing here imports Streamlit or the rest of the product: `geo/`, `loaders/` (the CLI speaks
English) and the pages all read from it.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).parent
LANGUAGES = {"en": "English", "nl": "Nederlands", "fr": "Français"}


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every key of a language, from all the files of its folder; a key in two files is an error."""
    if lang not in LANGUAGES:
        raise KeyError(f"no catalogue for language {lang!r}")
    merged: dict[str, str] = {}
    for path in sorted((FOLDER / lang).glob("*.toml")):
        with path.open("rb") as f:
            table = tomllib.load(f)
        for key, value in table.items():
            if key in merged:
                raise ValueError(f"{lang}/{path.name}: key {key!r} is also in another file")
            if not isinstance(value, str):
                raise ValueError(f"{lang}/{path.name}: {key!r} is not a text")
            merged[key] = value
    return merged


def text(key: str, lang: str, **values) -> str:
    """The text of `key` in `lang`, with `values` filled in. An unknown key raises KeyError."""
    template = catalogue(lang)[key]
    return template.format(**values) if values else template


def format_date(day: dt.date | None, lang: str, style: str = "long") -> str:
    """A day as people write it: "1 December 2026" / "1 december 2026" / "1 décembre 2026"
    (`long`), or "01/12/2026" in every language (`short`, as Belgian forms and tables do)."""
    if day is None:
        return ""
    if style == "short":
        return day.strftime("%d/%m/%Y")
    month = text(f"month_{day.month}", lang)
    first = text("first_of_month", lang) if day.day == 1 else str(day.day)
    return f"{first} {month} {day.year}"


def format_period(day: dt.date | None, precision: str | None, lang: str, style: str = "long") -> str:
    """A date as precisely as it is known (`day` the first day of its period): a day as
    `format_date` writes it; a month "March 2019" / "maart 2019" / "mars 2019" (`short`:
    "03/2019"); a quarter "Q2 2019" / "2e kwartaal 2019" / "2e trimestre 2019" (`short`:
    "Q2 2019"); a year "2019". A missing or empty precision is a day."""
    if day is None:
        return ""
    if precision in (None, "", "day"):
        return format_date(day, lang, style)
    if precision == "month":
        if style == "short":
            return text("period_month_short", lang, month=f"{day.month:02d}", year=day.year)
        return text("period_month_long", lang, month=text(f"month_{day.month}", lang), year=day.year)
    if precision == "quarter":
        quarter = (day.month - 1) // 3 + 1
        if style == "short":
            return text("period_quarter_short", lang, quarter=quarter, year=day.year)
        return text(f"period_quarter_{quarter}", lang, year=day.year)
    if precision == "year":
        return str(day.year)
    raise ValueError(f"unknown precision {precision!r}: day, month, quarter or year")


def format_number(value: int | float, lang: str, decimals: int = 0) -> str:
    """Thousands apart with a narrow space (as the Belgian norms and the EU style guide do), and
    a decimal comma in Dutch and French: 11 492 641, 12,5."""
    written = f"{value:,.{decimals}f}".replace(",", "\u202f")
    return written.replace(".", ",") if lang in ("nl", "fr") else written


def format_share(share: float, lang: str) -> str:
    """A share as a whole percentage: 75% in English, 75 % in Dutch and French."""
    number = f"{share * 100:.0f}"
    return f"{number}%" if lang == "en" else f"{number}\u00a0%"


class Message:
    """A text for people, kept as its key and values until a language is chosen.

    What `geo/` and `loaders/` report (a row's problem, why a file cannot be read, how a name
    was resolved) is a Message: the interface renders it in the visitor's language, the
    command line and logs in English (`str()`). Equal when key and values are.
    """

    __slots__ = ("key", "values")

    def __init__(self, key: str, **values):
        self.key = key
        self.values = values

    def render(self, lang: str) -> str:
        return text(self.key, lang, **{k: _rendered(v, lang) for k, v in self.values.items()})

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Message({self.key!r}, {self.values!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.key, self.values) == (other.key, other.values)

    def __hash__(self) -> int:
        return hash((self.key, tuple(sorted((k, repr(v)) for k, v in self.values.items()))))


def _rendered(value, lang: str):
    """Values that are themselves Messages (or lists of them) are rendered in the same language."""
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, (list, tuple)) and any(isinstance(v, Message) for v in value):
        return type(value)(_rendered(v, lang) for v in value)
    return value


def format_moment(at: dt.datetime, lang: str) -> str:
    """A moment in Belgian time, day first: "01/12/2026 09:21". The store keeps UTC; a moment
    read back without its zone (SQLite) is taken as UTC."""
    from zoneinfo import ZoneInfo

    aware = at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)
    return aware.astimezone(ZoneInfo("Europe/Brussels")).strftime("%d/%m/%Y %H:%M")
