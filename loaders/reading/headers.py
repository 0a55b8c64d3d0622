"""Which column is which field: the header row found, its words matched to the fields of a kind of table."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from itertools import chain

from loaders.reading.cells import _text
from loaders.reading.table import (
    COLUMNS_READ,
    HEADER_ROWS_SEARCHED,
    MIN_HEADER_FIELDS,
    ReadError,
    _Header,
    _Record,
)
from locales import Message

KINDS: dict[str, dict[str, bool]] = {
    "status": {
        "municipality": True,
        "status": True,
        "date": True,  # the day the status took effect
        "cell": False,  # cell name (or id, when there is no id column)
        "cell_id": False,  # what our own exports write, so that they re-import to the same cells
        "cell_kind": False,
        "source": False,
    },
    "visits": {
        "date": True,
        "municipalities": True,  # one or several
        "team": True,
        "offer": True,
        "visit_id": False,
        "report_delivered": False,
        "follow_up": False,  # a date
        "internal_notes": False,
    },
}

DATE_FIELDS = frozenset({"date", "follow_up"})

# Headers as people write them, NL/FR/EN; compared without case, accents or punctuation,
# so "Date d'effet", "DATE D EFFET" and "date-d'effet" are one. The first few of each are
# quoted in messages. A header means one field per kind (checked by the tests).
HEADERS: dict[str, tuple[str, ...]] = {
    "municipality": (
        "Gemeente", "Commune", "Municipality", "NIS", "NIS-code", "Code INS", "REFNIS",
        "Gemeente/Commune", "Commune/Gemeente", "Niscode", "NIS code", "NIS5", "INS",
        "Code NIS", "Code REFNIS", "Gemeentecode", "Municipality code",
    ),
    "status": (
        "Status", "Statut", "Stand van zaken", "État", "LIVC-R status", "Statut CSIL-R",
        "Status LIVC-R", "Statut de la CSIL-R", "État CSIL-R", "État d'avancement",
    ),
    "date": (
        "Datum", "Date", "Sinds", "Depuis", "Since", "Date d'effet", "Ingangsdatum",
        "Datum bezoek", "Date de la visite", "Bezoekdatum", "Date visite", "Visit date",
        "Date of visit", "Effective date", "Vanaf", "À partir de",
    ),
    "cell": (
        "Cel", "Cellule", "Cell", "LIVC-R", "CSIL-R", "Naam cel", "Nom de la cellule",
        "Cell name",
    ),
    "cell_id": ("Cell id", "Cel-id", "Id cellule", "Cel id", "Cellule id"),
    "cell_kind": (
        "Soort cel", "Type cel", "Celtype", "Type de cellule", "Type cellule", "Cell type",
        "Cell kind",
    ),
    "source": ("Bron", "Source", "Bronnen", "Sources"),
    "municipalities": (
        "Gemeenten", "Communes", "Municipalities", "Gemeente(n)", "Commune(s)",
        "Municipality(ies)", "Municipalities visited", "Bezochte gemeenten",
        "Communes visitées",
        # A visit sheet often has a singular header even where a cell lists several.
        "Gemeente", "Commune", "Municipality", "Gemeente/Commune", "NIS", "NIS-code",
        "NIS-codes", "Code INS", "Codes INS",
    ),
    "team": ("Team", "Équipe", "Ploeg"),
    "offer": (
        "Aanbod", "Offre", "Offer", "Type", "Soort bezoek", "Type de visite", "Soort",
        "Type visite", "Visit type", "Type of visit",
    ),
    "visit_id": (
        "Id", "Nr", "N°", "No", "Nummer", "Numéro", "Ref", "Référence", "Referentie",
        "Visit id", "Bezoek-id", "Bezoeknummer", "Id visite",
    ),
    "report_delivered": (
        "Rapport", "Verslag", "Report", "Rapport remis", "Verslag bezorgd",
        "Report delivered", "Verslag afgeleverd", "Rapport envoyé",
    ),
    "follow_up": (
        "Opvolging", "Suivi", "Follow-up", "Follow-up date", "Datum opvolging",
        "Date de suivi", "Opvolgingsdatum",
    ),
    "internal_notes": (
        "Notities", "Notes", "Opmerkingen", "Remarques", "Interne nota", "Notes internes",
        "Interne notities", "Internal notes", "Opmerking", "Remarque", "Commentaar",
        "Commentaires",
    ),
}



def _key(text: str) -> str:
    """A header compared without case, accents, punctuation or spacing."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", bare.casefold()).split())


@cache
def _header_fields(kind: str) -> dict[str, str]:
    return {_key(header): name for name in KINDS[kind] for header in HEADERS[name]}


def field_of_header(header: str, kind: str) -> str | None:
    """The canonical field a header names in a table of `kind` ("Date d'effet" -> date), or None."""
    return _header_fields(kind).get(_key(header))


def _header_texts(record: _Record, above: _Record | None) -> list[str]:
    texts = [_text(v) or "" for v in record.cells[:COLUMNS_READ]]
    # Only the row just above may lend a label: a title further up names no column.
    if above is not None and above.end + 1 == record.line:
        lent = [_text(v) or "" for v in above.cells[:COLUMNS_READ]]
        # The header row may stop short of a label merged down into it from above.
        texts += [""] * (len(lent) - len(texts))
        texts = [t or (lent[i] if i < len(lent) else "") for i, t in enumerate(texts)]
    return texts


def _find_header(records: Iterable[_Record], kind: str) -> _Header | None:
    """The header among the first non-blank records, or None when no row names 2 fields."""
    fields = _header_fields(kind)
    records = iter(records)
    seen: list[_Record] = []
    best: tuple[int, int] | None = None  # (score, index in seen)
    for record in records:
        seen.append(record)
        texts = _header_texts(record, seen[-2] if len(seen) > 1 else None)
        score = len({fields[_key(t)] for t in texts if _key(t) in fields})
        if score >= MIN_HEADER_FIELDS and (best is None or score > best[0]):
            best = (score, len(seen) - 1)
        if len(seen) == HEADER_ROWS_SEARCHED:
            break
    if best is None:
        return None
    index = best[1]
    record = seen[index]
    texts = _header_texts(record, seen[index - 1] if index else None)
    columns: dict[str, tuple[int, str]] = {}
    duplicates: list[tuple[str, str, str]] = []
    unknown = []
    for position, text in enumerate(texts):
        if not text:
            continue
        name = fields.get(_key(text))
        if name is None:
            unknown.append(text)
        elif name in columns:
            duplicates.append((name, columns[name][1], text))
        else:
            columns[name] = (position, text)
    # Duplicates are reported by _check_header, which knows the file (and sheet) name.
    return _Header(columns, unknown, duplicates, rest=chain(seen[index + 1 :], records), width=len(texts))


def _check_header(where: str | Message, header: _Header, kind: str) -> None:
    if header.duplicates:
        name, first, second = header.duplicates[0]
        raise ReadError(Message(
            "read_duplicate_columns", where=where, first=first, second=second, field=Message(f"read_field_{name}"),
        ))
    found = ", ".join(f"'{text}'" for _, text in sorted(header.columns.values()))
    found = ", ".join(filter(None, [found, *(f"'{text}'" for text in header.unknown)]))
    for name, required in KINDS[kind].items():
        if required and name not in header.columns:
            examples = ", ".join(f"'{h}'" for h in HEADERS[name][:5])
            raise ReadError(Message(
                "read_missing_column", where=where, field=Message(f"read_field_{name}"), examples=examples, found=found,
            ))


def _delimiter_hint(records: list[_Record], kind: str) -> dict | None:
    """When a line in one column would be a header split at some other character, its number
    and that character."""
    fields = _header_fields(kind)
    for record in records[:HEADER_ROWS_SEARCHED]:
        texts = [t for t in (_text(v) for v in record.cells[:COLUMNS_READ]) if t]
        if len(texts) != 1:
            continue
        line = texts[0]
        # The most frequent first, then by code point: the same message every run.
        for separator in sorted({c for c in line if not c.isalnum()}, key=lambda c: (-line.count(c), c)):
            names = {fields.get(_key(part)) for part in line.split(separator)} - {None}
            if len(names) >= MIN_HEADER_FIELDS:
                return {"line": record.line, "separator": repr(separator)}
    return None


def _no_header_values(kind: str) -> dict:
    """The values of the messages saying no header row was found."""
    examples = ", ".join(f"'{HEADERS[name][0]}'" for name, required in KINDS[kind].items() if required)
    return {"rows": HEADER_ROWS_SEARCHED, "table": Message(f"read_table_{kind}"), "examples": examples}
