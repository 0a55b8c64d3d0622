"""Which column is which field: the header row found, its words matched to the fields of a kind of table."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from itertools import chain

from loaders.reading.cells import _text
from loaders.reading.table import (
    COLUMNS_READ,
    HEADER_ROWS_SEARCHED,
    MIN_HEADER_FIELDS,
    Column,
    ReadError,
    _Header,
    _Record,
)
from locales import Message

# Fields of each kind of table, True when required. Each required field may be given by any
# column of its group (REQUIRED): a municipality by its name, its code or its postal code.
KINDS: dict[str, dict[str, bool]] = {
    "status": {
        "municipality": True,  # a name (or a code, when there is no code column)
        "municipality_code": False,  # a NIS code beside the name: both are used together
        "postal_code": False,
        "status": True,
        "status_yes_no": False,  # "Werkt de cel?": yes is operational, no is none
        "date": True,  # the day the status took effect
        "cell": False,  # cell name (or id, when there is no id column)
        "cell_id": False,  # what our own exports write, so that they re-import to the same cells
        "cell_kind": False,
        "source": False,
    },
    "visits": {
        "date": True,
        "municipalities": True,  # one or several
        "municipality_code": False,
        "postal_code": False,  # beside a single municipality
        "team": True,
        "offer": True,
        "visit_id": False,
        "report_delivered": False,
        "follow_up": False,  # a date
        "internal_notes": False,
    },
}

# What a required field needs: one column of its group.
REQUIRED: dict[str, dict[str, tuple[str, ...]]] = {
    "status": {
        "municipality": ("municipality", "municipality_code", "postal_code"),
        "status": ("status", "status_yes_no"),
        "date": ("date",),
    },
    "visits": {
        "date": ("date",),
        "municipalities": ("municipalities", "municipality_code"),
        "team": ("team",),
        "offer": ("offer",),
    },
}

IGNORE = "ignore"  # what a decision gives a column that is not read

DATE_FIELDS = frozenset({"date", "follow_up"})

# Headers as people write them, NL/FR/EN; compared without case, accents or punctuation,
# so "Date d'effet", "DATE D EFFET" and "date-d'effet" are one. The first few of each are
# quoted in messages. A header means one field per kind (checked by the tests).
HEADERS: dict[str, tuple[str, ...]] = {
    "municipality": (
        "Gemeente", "Commune", "Municipality", "Gemeente/Commune", "Commune/Gemeente", "Gemeinde",
    ),
    "municipality_code": (
        "NIS", "NIS-code", "Code INS", "REFNIS", "Niscode", "NIS code", "NIS5", "INS", "Code NIS",
        "Code REFNIS", "Gemeentecode", "Municipality code", "NIS-codes", "Codes INS",
    ),
    "postal_code": ("Postcode", "Code postal", "Postal code", "PLZ", "Postleitzahl"),
    "status_yes_no": ("Operationeel", "Opérationnelle", "Operational", "LIVC-R operationeel", "CSIL-R opérationnelle"),
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
        "Gemeente", "Commune", "Municipality", "Gemeente/Commune", "Gemeinde",
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
    exact = {_key(name): name for name in KINDS[kind]}  # our own exports' headers
    exact.update({_key(header): name for name in KINDS[kind] for header in HEADERS.get(name, ())})
    return exact


def field_of_header(header: str, kind: str) -> str | None:
    """The field a header names exactly in a table of `kind` ("Date d'effet" -> date), or None."""
    return _header_fields(kind).get(_key(header))


# The words a header is made of, by what they speak of, in NL/FR/DE/EN: "Naam gemeente",
# "Commune concernée", "Besuchsdatum", "Werkt de cel?". A word matches whole, or as the
# start or end of a compound of at least COMPOUND_MIN letters ("bezoekdatum", "gemeentenaam").
CONCEPTS: dict[str, tuple[str, ...]] = {
    "place": (
        "gemeente", "gemeenten", "commune", "communes", "municipality", "municipalities", "gemeinde",
        "gemeinden", "stad", "ville", "city", "town", "localite", "entite", "plaats", "ort", "deelgemeente",
        "section", "lokaal bestuur", "pouvoir local", "bestuur",
    ),
    "code": ("nis", "ins", "refnis", "niscode", "nis5", "inscode", "code", "kode", "kennziffer"),
    "postal": ("postcode", "postal", "postale", "postaux", "plz", "postleitzahl", "zip", "cp", "postnummer"),
    "status": ("status", "statut", "stand", "etat", "stadium", "zustand", "situation", "stavaza", "toestand"),
    "yes_no": (
        "operationeel", "operationele", "operational", "operationnel", "operationnelle", "operativ",
        "actief", "active", "actif", "aktiv", "werkt", "functioneert", "fonctionne", "fonctionnelle",
        "existe", "bestaat", "besteht", "existiert", "opgericht", "constituee", "eingerichtet", "aanwezig",
        "vorhanden", "ja nee", "oui non", "yes no", "ja nein", "j n", "o n", "y n",
    ),
    "date": (
        "datum", "date", "sinds", "depuis", "since", "vanaf", "seit", "effet", "ingang", "jour", "dag", "day",
        "wanneer", "quand", "when", "jaar", "year", "annee", "jahr", "maand", "mois", "month", "periode",
        "period", "zeitpunkt", "tag", "moment", "datums", "dates",
    ),
    "follow_up": (
        "opvolging", "suivi", "follow", "followup", "vervolg", "nachverfolgung", "nachbereitung",
        "weiterverfolgung", "relance", "nazorg", "volgende afspraak", "prochain rendez vous", "next appointment",
        "nachster termin", "afspraak", "rendez vous", "termin", "next step", "volgende stap",
    ),
    "visit": ("bezoek", "visite", "visit", "besuch", "passage", "bezocht", "visitee", "visitees", "visited", "besucht"),
    "team": (
        "team", "equipe", "ploeg", "teams", "equipes", "intervenant", "dienst", "uitgevoerd door", "gedaan door",
        "effectue par", "realise par", "durchgefuhrt von", "carried out by", "done by", "wer",
    ),
    "offer": (
        "aanbod", "offre", "offer", "type", "soort", "accompagnement", "begeleiding", "ondersteuning",
        "activiteit", "activite", "activity", "angebot", "art", "dienstverlening", "prestation", "interventie",
        "intervention", "onderwerp", "sujet", "subject", "thema", "theme", "format", "vorm", "forme", "kind",
        "aard", "nature",
    ),
    "id": ("id", "nr", "no", "nummer", "numero", "ref", "reference", "referentie", "kenmerk", "identifiant", "n"),
    "report": ("rapport", "verslag", "report", "bericht", "compte rendu", "pv"),
    "notes": (
        "notities", "notitie", "notes", "note", "opmerkingen", "opmerking", "remarques", "remarque", "commentaar",
        "commentaires", "commentaire", "comment", "comments", "bemerkungen", "bemerkung", "anmerkungen",
        "anmerkung", "notizen", "notiz", "memo", "toelichting", "observations", "interne", "internal", "intern",
    ),
    "cell": ("cel", "cellule", "cell", "zelle", "livc", "livcr", "csil", "csilr", "lic", "ivc"),
    "kind_word": ("soort", "type", "art", "kind", "vorm", "forme", "typ", "aard", "nature"),
    "source": ("bron", "source", "quelle", "herkomst", "origine", "bronnen", "sources", "quellen"),
    "name": ("naam", "nom", "name", "benaming", "denomination", "bezeichnung", "libelle"),
    "total": ("totaal", "total", "totaux", "gesamt", "summe", "aantal", "nombre", "number", "count", "anzahl"),
}
COMPOUND_MIN = 4


@cache
def _concept_words() -> tuple[dict[str, set[str]], list[tuple[str, str]]]:
    whole: dict[str, set[str]] = {}
    phrases: list[tuple[str, str]] = []
    for concept, words in CONCEPTS.items():
        for word in words:
            if " " in word:
                phrases.append((concept, word))
            else:
                whole.setdefault(word, set()).add(concept)
    return whole, phrases


def _concepts(header: str) -> dict[str, list[str]]:
    """Each concept a header's words speak of, with the words that did."""
    key = _key(header)
    whole, phrases = _concept_words()
    found: dict[str, list[str]] = {}
    for concept, phrase in phrases:
        if f" {phrase} " in f" {key} ":
            found.setdefault(concept, []).append(phrase)
    for word in key.split():
        hits = whole.get(word)
        if hits is None and len(word) > COMPOUND_MIN:
            # A compound: "bezoekdatum" is bezoek + datum, "gemeentenaam" gemeente + naam.
            hits = set()
            for part, concepts in whole.items():
                if len(part) >= COMPOUND_MIN and part != word and (word.startswith(part) or word.endswith(part)):
                    hits |= concepts
        for concept in hits or ():
            found.setdefault(concept, []).append(word)
    words = key.split()
    if words and words[-1] in ("le", "op", "am", "on") and "visit" in found:
        found.setdefault("date", []).append(words[-1])  # "Visité le", "Bezocht op", "Visited on"
    if header.rstrip().endswith("?") and "yes_no" not in found and found.keys() & {"cell", "status"}:
        found["yes_no"] = ["?"]
    return found


@dataclass(frozen=True)
class Proposal:
    """What the reader thinks a column is: `field` (None: nothing it knows), whether that is
    `certain` (then it applies by itself), and the `evidence` (a Message) for the report."""

    field: str | None
    certain: bool
    evidence: Message


# (concepts all present, concepts none present, field), per kind, the first that fits wins.
# Order matters: "Datum opvolging" is a follow-up before it is a date, "Statut de la
# cellule" a status before a cell, "Code INS commune" a code before a place.
RULES: dict[str, tuple[tuple[frozenset, frozenset, str], ...]] = {}


def _rule(*needs: str, without: tuple[str, ...] = (), field: str) -> tuple[frozenset, frozenset, str]:
    return frozenset(needs), frozenset(without), field


RULES["status"] = (
    _rule("postal", field="postal_code"),
    _rule("code", without=("cell", "visit", "name"), field="municipality_code"),
    _rule("cell", "kind_word", field="cell_kind"),
    _rule("date", field="date"),  # "Date of status", "Statusdatum", "Operationeel sinds"
    _rule("yes_no", field="status_yes_no"),
    _rule("status", field="status"),
    _rule("cell", "id", field="cell_id"),
    _rule("cell", "code", field="cell_id"),
    _rule("cell", field="cell"),
    _rule("source", field="source"),
    _rule("place", field="municipality"),
)
RULES["visits"] = (
    _rule("postal", field="postal_code"),
    _rule("code", without=("visit", "name", "id"), field="municipality_code"),
    _rule("follow_up", field="follow_up"),
    _rule("report", field="report_delivered"),
    _rule("date", field="date"),
    _rule("notes", field="internal_notes"),
    _rule("team", field="team"),
    _rule("offer", field="offer"),
    _rule("visit", "kind_word", field="offer"),
    _rule("place", field="municipalities"),
    _rule("visit", "id", field="visit_id"),
    _rule("visit", "code", field="visit_id"),
    _rule("id", field="visit_id"),
)
# Concepts that only qualify another ("Naam gemeente", "Datum bezoek"): they never make a
# proposal uncertain.
QUALIFIERS = frozenset({"name", "visit", "kind_word", "id", "cell", "code"})


@cache
def _relevant(kind: str) -> frozenset[str]:
    return frozenset(c for needs, _, _ in RULES[kind] for c in needs)


def propose_field(header: str, kind: str) -> Proposal:
    """The field a header's words propose, with its evidence: an exact header is certain; one
    whose words name a field is certain when no other concept competes ("Naam gemeente"),
    a question otherwise ("Status bezoek" in a visits table)."""
    exact = field_of_header(header, kind)
    if exact is not None:
        return Proposal(exact, True, Message("map_evidence_header", header=header))
    found = _concepts(header)
    if "total" in found and len(found) == 1:
        return Proposal(None, True, Message("map_evidence_nothing", header=header))
    for needs, without, name in RULES[kind]:
        if needs <= found.keys() and not (without & found.keys()):
            words = ", ".join(dict.fromkeys(w for c in sorted(needs) for w in found[c]))
            # Only concepts that name a field of this kind compete ("Type of cell" in a status
            # table: "type" could be a visit's offer, which a status table has not).
            competing = (found.keys() - needs - QUALIFIERS - {"total"}) & _relevant(kind)
            if name == "status_yes_no":
                competing -= {"status"}
            if name in ("municipality_code", "postal_code", "date"):
                competing -= {"place", "status", "yes_no"}
            if name in ("follow_up", "report_delivered", "internal_notes"):
                competing -= {"date", "visit"}
            if name == "report_delivered":
                competing -= {"yes_no"}  # "Report sent (Y/N)", "Verslag bezorgd?"
            evidence = Message("map_evidence_words", header=header, words=words)
            return Proposal(name, not competing, evidence)
    return Proposal(None, False, Message("map_evidence_nothing", header=header))


def _header_texts(record: _Record, above: _Record | None) -> list[str]:
    texts = [_text(v) or "" for v in record.cells[:COLUMNS_READ]]
    # Only the row just above may lend a label: a title further up names no column.
    if above is not None and above.end + 1 == record.line:
        lent = [_text(v) or "" for v in above.cells[:COLUMNS_READ]]
        # The header row may stop short of a label merged down into it from above.
        texts += [""] * (len(lent) - len(texts))
        texts = [t or (lent[i] if i < len(lent) else "") for i, t in enumerate(texts)]
    return texts


def _combined_texts(record: _Record, above: _Record | None) -> list[str] | None:
    """A header written over two rows, each column's label the upper text and the lower one
    ("Gemeinde" over "Name" and "PLZ", "Statut de" over "la cellule"); a label of the upper row
    stands over the empty cells to its right (Excel keeps a merged label in its first cell).
    None unless the row just above has labels in two columns at least (a title has one)."""
    if above is None or above.end + 1 != record.line:
        return None
    upper = [_text(v) or "" for v in above.cells[:COLUMNS_READ]]
    lower = [_text(v) or "" for v in record.cells[:COLUMNS_READ]]
    if sum(bool(t) for t in upper) < 2 or sum(bool(t) for t in lower) < 2:
        return None
    if any(_is_number(t) for t in lower if t):
        return None  # a row with numbers or dates is data under a header, not its second line
    width = max(len(upper), len(lower))
    upper += [""] * (width - len(upper))
    lower += [""] * (width - len(lower))
    combined, group = [], ""
    for top, bottom in zip(upper, lower):
        group = top or (group if bottom else "")
        combined.append(" ".join(t for t in (group, bottom) if t))
    return combined


def _score(texts: list[str], kind: str) -> tuple[int, int]:
    """(fields named exactly, fields proposed at all) by a row's texts."""
    exact = {field_of_header(t, kind) for t in texts if t} - {None}
    proposed = {propose_field(t, kind).field for t in texts if t and not _is_number(t)} - {None}
    return len(exact), len(proposed | exact)


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[\d\s.,/:-]+", text))


ColumnsFor = Callable[[str], dict[str, str]]  # layout key -> {header key: field or IGNORE}


def _no_decisions(layout: str) -> dict[str, str]:
    return {}


def _find_header(records: Iterable[_Record], kind: str, columns_for: ColumnsFor = _no_decisions) -> _Header | None:
    """The header among the first non-blank records, or None when no row names a field.

    The row naming most fields wins (fields named exactly first), the upper one on a tie;
    a row needs two fields, or one when no row has two (a header the reader barely knows is
    still the header: its columns become questions, not "no header found").
    """
    records = iter(records)
    seen: list[_Record] = []
    best: tuple[tuple[int, int], int] | None = None  # (score, index in seen)
    chosen: list[str] = []
    for record in records:
        seen.append(record)
        above = seen[-2] if len(seen) > 1 else None
        candidates = [_header_texts(record, above)]
        if (combined := _combined_texts(record, above)) is not None:
            candidates.append(combined)
        for texts in candidates:
            score = _score(texts, kind)
            if score[1] >= 1 and (best is None or (score[1], score[0]) > (best[0][1], best[0][0])):
                best, chosen = (score, len(seen) - 1), texts
        if len(seen) == HEADER_ROWS_SEARCHED:
            break
    if best is None:
        return None
    index = best[1]
    texts = chosen
    decisions = columns_for(layout_key(texts, kind))
    if best[0][1] < MIN_HEADER_FIELDS and best[0][0] == 0 and not decisions:
        # One field guessed from words alone is not enough to call a row the header.
        return None
    return _header(texts, kind, decisions, chain(seen[index + 1 :], records), seen[index].line)


def layout_key(texts: Iterable[str], kind: str) -> str:
    """The same for every file whose header row says the same, whatever its case or accents."""
    joined = "\x1f".join([kind, *(_key(t) for t in texts)]).rstrip("\x1f")
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


def _header(texts: list[str], kind: str, decisions: dict[str, str], rest, line: int) -> _Header:
    """Columns from a header row: each proposal, the decisions over it, and the questions left."""
    layout: list[Column] = []
    for position, text in enumerate(texts):
        if not text:
            continue
        proposal = propose_field(text, kind)
        decided = decisions.get(_key(text))
        if decided is not None:
            name = None if decided == IGNORE else decided
            layout.append(Column(position, text, proposal, name, "decision"))
        else:
            layout.append(Column(position, text, proposal, proposal.field if proposal.certain else None, "reader"))
    # Two columns for one field: a person's decision or else the one exact header keeps it, the
    # other is asked about; when neither stands out, both are (a careful reader does not pick).
    by_field: dict[str, list[Column]] = {}
    for column in layout:
        if column.field is not None:
            by_field.setdefault(column.field, []).append(column)
    duplicates = []
    for name, claims in by_field.items():
        if len(claims) < 2:
            continue
        duplicates.append((name, claims[0].header, claims[1].header))
        decided = [c for c in claims if c.decided_by == "decision"]
        exact = [c for c in claims if field_of_header(c.header, kind) == name]
        keep = decided[0] if len(decided) == 1 else exact[0] if not decided and len(exact) == 1 else None
        for c in claims:
            if c is not keep:
                c.field, c.duplicate = None, True
    columns = {c.field: (c.index, c.header) for c in layout if c.field is not None}
    unknown = [c.header for c in layout if c.field is None]
    return _Header(
        columns, unknown, duplicates, rest=rest, width=len(texts), layout=layout,
        layout_key=layout_key(texts, kind), line=line, texts=tuple(texts),
    )


def missing_fields(header: _Header, kind: str) -> list[str]:
    """The required fields no column gives."""
    return [name for name, group in REQUIRED[kind].items() if not any(f in header.columns for f in group)]


def _check_header(where: str | Message, header: _Header, kind: str) -> None:
    """A strict read: two columns for a field, or a required field without one, is an error."""
    if header.duplicates:
        name, first, second = header.duplicates[0]
        raise ReadError(Message(
            "read_duplicate_columns", where=where, first=first, second=second, field=Message(f"read_field_{name}"),
        ))
    found = ", ".join(f"'{c.header}'" for c in header.layout)
    for name in missing_fields(header, kind):
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
