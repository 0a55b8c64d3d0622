"""Municipality codes across the vintages 589 (until 2018), 581 (2019–2024) and 565 (from 2025).

A vintage is named by the first year of its map: 2018 stands for the 589 municipalities
of 1983–2018, 2019 for the 581 of 2019–2024, 2025 for the 565 of today. The Bastogne and
Bertogne merger took effect on 2024-12-02, a month before the others: `code_on` honours
each row's own date, while maps use the three whole vintages.
"""

from __future__ import annotations

from collections.abc import Iterable

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MERGERS_CSV = Path(__file__).with_name("data") / "mergers.csv"

VINTAGES = (2018, 2019, 2025)
VINTAGE_COUNTS = {2018: 589, 2019: 581, 2025: 565}
# The first day each vintage's map is valid.
VINTAGE_START = {2018: dt.date(1983, 1, 1), 2019: dt.date(2019, 1, 1), 2025: dt.date(2025, 1, 1)}


@dataclass(frozen=True)
class Merger:
    old_code: str
    old_name_nl: str
    old_name_fr: str
    new_code: str
    new_name_nl: str
    new_name_fr: str
    effective: dt.date

    @property
    def is_recode(self) -> bool:
        """True when only the code changed (Hainaut arrondissements, 2019): nothing else joined it.

        A name kept across a merger (Bastogne, Deinze, Hasselt) does not make it a recode.
        """
        return self.old_code != self.new_code and len(mergers_into(self.new_code)) == 1


@cache
def load_mergers() -> tuple[Merger, ...]:
    with MERGERS_CSV.open(encoding="utf-8", newline="") as f:
        return tuple(
            Merger(
                old_code=row["old_code"],
                old_name_nl=row["old_name_nl"],
                old_name_fr=row["old_name_fr"],
                new_code=row["new_code"],
                new_name_nl=row["new_name_nl"],
                new_name_fr=row["new_name_fr"],
                effective=dt.date.fromisoformat(row["effective_date"]),
            )
            for row in csv.DictReader(f)
        )


def vintage_of_date(day: dt.date) -> int:
    """The vintage whose map was valid on a day."""
    return max(v for v in VINTAGES if VINTAGE_START[v] <= day)


@cache
def _wave(vintage: int) -> tuple[Merger, ...]:
    """The rows that lead into a vintage (2019: the 2019 rows; 2025: the 2024–2025 rows)."""
    if vintage == 2019:
        return tuple(m for m in load_mergers() if m.effective == dt.date(2019, 1, 1))
    if vintage == 2025:
        return tuple(m for m in load_mergers() if m.effective > dt.date(2019, 1, 1))
    return ()


@cache
def code_in_vintage(code: str, vintage: int) -> str | None:
    """The code that a municipality code of any older (or the same) vintage has in `vintage`.

    None for a code that only exists in a later vintage: a merged municipality cannot be
    split back into its parts.
    """
    code = normalise_code(code)
    for v in VINTAGES:
        if v > vintage:
            wave = _wave(v)
            if code in {m.new_code for m in wave} - {m.old_code for m in wave}:
                return None
            continue
        for m in _wave(v):
            if m.old_code == code:
                code = m.new_code
                break
    return code


def code_on(code: str, day: dt.date) -> str:
    """The code a municipality had on a day, following each merger from its own date."""
    code = normalise_code(code)
    for m in load_mergers():
        if m.old_code == code and m.effective <= day:
            code = m.new_code
    return code


def mergers_into(code: str) -> tuple[Merger, ...]:
    """The rows whose municipality became `code` (directly)."""
    return tuple(m for m in load_mergers() if m.new_code == code)


@cache
def codes_of_vintage(vintage: int, codes_2025: frozenset[str]) -> frozenset[str]:
    """The code set of a vintage, derived backwards from today's 565 through the table."""
    codes = set(codes_2025)
    for v in sorted(VINTAGES, reverse=True):
        if v <= vintage:
            break
        wave = _wave(v)
        codes -= {m.new_code for m in wave}
        codes |= {m.old_code for m in wave}
    return frozenset(codes)


def codes_forming(nis_2025: str, codes: Iterable[str]) -> tuple[str, ...]:
    """Today's municipality as it stands among an older map's `codes`: itself, or the
    municipalities it was formed from (Kruisem on the 2018 map: Kruishoutem and Zingem)."""
    return tuple(c for c in codes if code_in_vintage(c, 2025) == nis_2025) or (nis_2025,)


def normalise_code(code: object) -> str:
    """A NIS code as a 5-character string ('1001' or 1001 -> '01001')."""
    text = str(code).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or len(text) > 5:
        raise ValueError(f"not a NIS code: {code!r}")
    return text.zfill(5)
