"""Places people name that are not municipalities: sections, postal codes, exonyms.

Read from the tables the product ships (written by `python -m tools.embed_places`, provenance
in `geo/data/embedded/PROVENANCE.md`), so that a fresh clone resolves them with nothing
beside it:

- `embedded/sections.csv`: the 2,662 sections (deelgemeenten / sections de commune), each with
  the municipality it lay in before 2019 and the one it lies in today.
- `embedded/postal-codes.csv`: which 2025 municipalities each postal code serves (1,152 pairs
  of 1,149 postal codes; 1040, 1050 and 1804 serve two each).
- `exonyms.toml`: names no official list gives (English, German, Dutch and French exonyms,
  everyday short forms), each group with its source.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geo import settings

SECTIONS_CSV = settings.EMBEDDED_DATA_DIR / "sections.csv"
POSTAL_CODES_CSV = settings.EMBEDDED_DATA_DIR / "postal-codes.csv"
EXONYMS_TOML = Path(__file__).with_name("data") / "exonyms.toml"
# Rows that hold several sections' names in one ("Hoeke - Oostkerke" of Damme) are also
# known by each part.
_COMBINED = " - "


@dataclass(frozen=True)
class Section:
    code: str
    name_nl: str
    name_fr: str
    name_de: str
    nis_pre2019: str  # the municipality it lay in, 1983–2018
    nis_2025: str  # the municipality it lies in today
    source: str  # "upstream" (as the source has it), "upstream+fr" (French name filled in) or "added"

    @property
    def names(self) -> tuple[str, ...]:
        """Every name it is known by: each language's, and each part of a combined name."""
        names = [n for n in (self.name_nl, self.name_fr, self.name_de) if n]
        for name in list(names):
            if _COMBINED in name:
                names += [part.strip() for part in name.split(_COMBINED) if part.strip()]
        return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class Exonym:
    name: str
    codes: tuple[str, ...]  # the municipality (or, on purpose, municipalities) it names, any vintage
    group: str  # the id of its group in exonyms.toml, which gives the source


@cache
def sections() -> tuple[Section, ...]:
    with SECTIONS_CSV.open(encoding="utf-8", newline="") as f:
        return tuple(
            Section(r["section_code"], r["name_nl"], r["name_fr"], r["name_de"], r["nis_pre2019"], r["nis_2025"], r["source"])
            for r in csv.DictReader(f)
        )


@cache
def postal_codes() -> dict[str, tuple[str, ...]]:
    """Postal code -> the 2025 municipalities it serves, sorted."""
    served: dict[str, list[str]] = {}
    with POSTAL_CODES_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            served.setdefault(row["postal_code"], []).append(row["nis_2025"])
    return {code: tuple(sorted(set(found))) for code, found in served.items()}


@cache
def exonym_groups() -> tuple[dict, ...]:
    with EXONYMS_TOML.open("rb") as f:
        return tuple(tomllib.load(f)["group"])


@cache
def exonyms() -> tuple[Exonym, ...]:
    found = []
    for group in exonym_groups():
        for name, codes in group["names"].items():
            found.append(Exonym(name, (codes,) if isinstance(codes, str) else tuple(codes), group["id"]))
    return tuple(found)
