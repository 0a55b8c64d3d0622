"""What a search box on the map can find: every name, code and postal code people use for a
municipality, each pointing at today's (2025) municipality and saying what it is.

One entry per (name, municipality): today's names in Dutch, French and German; exonyms and
short forms (Lüttich, Bergen, Löwen); names of municipalities that have merged since
(Kruishoutem); section names (Borgerhout, Laken/Laeken); NIS codes of every vintage; postal
codes. A name that several municipalities answer to (Saint-Nicolas, Beveren) gives one entry
for each, so the box can ask which one was meant; nothing is resolved by guessing.

The entries come from the resolver that reads spreadsheets (`geo.resolver`), so a name the
importer understands is a name the map finds, and from the shipped postal-code table.
`python -m geo.search` writes them as `embedded/place-index.json`, language-neutral (names
for each interface language are in the file, the words around them in the catalogues), which
the dashboard serves as a static, cacheable file; `tests/test_search.py` checks the shipped
file is what the code builds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from geo import gazetteer, mergers, places, resolver, settings

INDEX_JSON = settings.EMBEDDED_DATA_DIR / "place-index.json"
INDEX_VERSION = 1
# In the order a list of suggestions prefers them when they match equally well.
KINDS = ("municipality", "exonym", "former", "section", "postal_code", "code", "former_code")
INTERFACE_LANGUAGES = ("en", "nl", "fr")


@dataclass(frozen=True)
class Place:
    key: str  # the normalised form a query is compared with (`resolver.normalise_name`)
    text: str  # as it is written
    kind: str  # one of KINDS
    nis: str  # today's municipality
    former: str | None = None  # former / section: the code of the municipality it was (part of)


def list_places(source: resolver.Resolver | None = None) -> tuple[Place, ...]:
    """Every entry, sorted by key, kind and municipality."""
    source = source or _index_resolver()
    today = gazetteer.load_gazetteer(2025)
    official = {
        row["nis"]: {resolver.normalise_name(n) for n in (row["name_nl"], row["name_fr"], row["name_de"]) if n}
        for row in today.to_dict("records")
    }
    exonyms = {resolver.normalise_name(e.name) for e in places.exonyms()}
    found: dict[tuple[str, str], Place] = {}
    for key, spelling, nis, kind, former in source.known_names():
        if kind == "name":
            kind = "municipality" if key in official[nis] else "exonym" if key in exonyms else "former"
        place = Place(key, spelling, kind, nis, None if kind in ("municipality", "exonym") else former)
        known = found.get((key, nis))
        if known is None or _preference(place) < _preference(known):
            found[(key, nis)] = place
    for code in source.known_codes():
        nis = mergers.code_in_vintage(code, 2025)
        kind = "code" if code == nis else "former_code"
        found[(code, nis)] = Place(code, code, kind, nis, None if kind == "code" else code)
    for postal, served in places.postal_codes().items():
        for nis in served:
            found[(postal, nis)] = Place(postal, postal, "postal_code", nis)
    return tuple(sorted(found.values(), key=lambda p: (p.key, KINDS.index(p.kind), p.nis)))


def _preference(place: Place) -> tuple:
    return KINDS.index(place.kind), place.text


def build_index(entries: tuple[Place, ...] | None = None) -> dict:
    """The index as the browser reads it: municipalities (code, name per interface language,
    province or region code) and the entries pointing into them ([key, text, kind's position,
    municipality's position] and, for a former municipality's name or code or a section of a
    merged one, the former municipality's name)."""
    entries = list_places() if entries is None else entries
    today = gazetteer.load_gazetteer(2025).sort_values("nis")
    rows = today.to_dict("records")
    position = {row["nis"]: i for i, row in enumerate(rows)}
    names = {row["nis"]: row for row in rows}
    municipalities = [
        [row["nis"], *(gazetteer.display_name(row, lang) for lang in INTERFACE_LANGUAGES), row["province"] or row["region"]]
        for row in rows
    ]
    former_names = _former_names()
    compact = []
    for place in entries:
        item = [place.key, place.text, KINDS.index(place.kind), position[place.nis]]
        if place.kind == "former_code":
            item.append(former_names.get(place.former) or place.text)
        elif place.kind in ("former", "section") and place.former and place.former != place.nis:
            # The municipality it was part of, when that is not today's (a section of a merged one).
            item.append(former_names.get(place.former) or gazetteer.display_name(names[place.nis], "nl"))
        compact.append(item)
    return {
        "version": INDEX_VERSION,
        "languages": list(INTERFACE_LANGUAGES),
        "kinds": list(KINDS),
        "municipalities": municipalities,
        "places": compact,
    }


def _former_names() -> dict[str, str]:
    """Names of municipalities that exist no more, by code (Dutch or French as they were)."""
    out: dict[str, str] = {}
    for m in mergers.load_mergers():
        if m.old_code != m.new_code:
            out.setdefault(m.old_code, m.old_name_nl if m.old_name_nl == m.old_name_fr else
                           " / ".join(dict.fromkeys(n for n in (m.old_name_nl, m.old_name_fr) if n)))
    return out


def index_json(index: dict | None = None) -> str:
    return json.dumps(build_index() if index is None else index, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _index_resolver() -> resolver.Resolver:
    # The shipped population file only: the index must not depend on what lies beside a clone.
    return resolver.Resolver(settings.EMBEDDED_DATA_DIR / "population-2020.csv")


def write_index(path: Path = INDEX_JSON) -> Path:
    path.write_text(index_json() + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_index())
