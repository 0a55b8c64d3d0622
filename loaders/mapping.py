"""A person's answers to an import's questions: which column is which field, what a value
means, which municipality a place is. The same decisions come from the Data page's mapping
screen, from `python -m loaders check|import --map FILE` (TOML or JSON), or from the store,
where they are saved per header layout and offered again for the next file of that layout.

    kind = "status"
    [columns]                       # header as written -> field, or "ignore"
    "Werkt de cel?" = "status_yes_no"
    [values.status]                 # field -> value as written -> code, or "skip" (leave the rows out)
    "loopt" = "operational"
    [places]                        # place as written -> 2025 NIS code, or "skip"
    "Beveren" = "46030"

Headers, values and places are compared the way the reader compares them (no case, accents
or punctuation), so a decision about "Werkt de cel?" holds for "WERKT DE CEL". A decision
is never a guess: only what a person chose (or saved) is here.

Never imports streamlit.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field

from loaders.reading import headers
from loaders.reading.headers import IGNORE, KINDS
from loaders.vocabulary import value_key
from locales import Message

SKIP = "skip"  # a value or place whose rows are left out of the import

# The vocabulary each field's values are decided in (codes), for checking a decision.
VALUE_FIELDS = ("status", "status_yes_no", "team", "offer", "report_delivered", "cell_kind")


class MappingError(ValueError):
    """A decisions file that cannot be used; `problem` says why in any language."""

    def __init__(self, problem: Message):
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Decisions:
    kind: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # header key -> field or IGNORE
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> value key -> code or SKIP
    places: dict[str, str] = field(default_factory=dict)  # place key -> nis or SKIP
    # How each decision was written, for a file a person reads back: key -> as written.
    written: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __bool__(self) -> bool:
        return bool(self.columns or self.values or self.places)

    def column(self, header: str) -> str | None:
        return self.columns.get(headers._key(header)) if self.columns else None

    def value(self, field_name: str, text: str) -> str | None:
        codes = self.values.get(field_name)
        return codes.get(value_key(text)) if codes else None

    def place(self, text: str) -> str | None:
        return self.places.get(place_key(text)) if self.places else None

    def set_column(self, header: str, field_name: str) -> None:
        self.columns[headers._key(header)] = field_name
        self.written[f"c:{headers._key(header)}"] = header

    def set_value(self, field_name: str, text: str, code: str) -> None:
        self.values.setdefault(field_name, {})[value_key(text)] = code
        self.written[f"v:{field_name}:{value_key(text)}"] = text

    def set_place(self, text: str, nis: str) -> None:
        self.places[place_key(text)] = nis
        self.written[f"p:{place_key(text)}"] = text

    def over(self, base: Decisions | None) -> Decisions:
        """These decisions, with `base`'s where these say nothing (a file's over the saved ones)."""
        if base is None:
            return self
        merged = Decisions(self.kind or base.kind)
        merged.columns = {**base.columns, **self.columns}
        merged.values = {f: {**base.values.get(f, {}), **self.values.get(f, {})} for f in {*base.values, *self.values}}
        merged.places = {**base.places, **self.places}
        merged.written = {**base.written, **self.written}
        return merged

    def columns_for(self, layout: str) -> dict[str, str]:
        return self.columns

    def as_dict(self) -> dict:
        """Headers, values and places as they were written (the keys of a decisions file)."""
        return {
            "kind": self.kind,
            "columns": {self.written.get(f"c:{k}", k): v for k, v in sorted(self.columns.items())},
            "values": {
                f: {self.written.get(f"v:{f}:{k}", k): v for k, v in sorted(codes.items())}
                for f, codes in sorted(self.values.items()) if codes
            },
            "places": {self.written.get(f"p:{k}", k): v for k, v in sorted(self.places.items())},
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True)

    def to_toml(self) -> str:
        """The decisions as a TOML file a person can read and edit."""
        lines = ["# Decisions for importing a file: see `python -m loaders check --help`."]
        if self.kind:
            lines.append(f"kind = {_toml_string(self.kind)}")
        data = self.as_dict()
        for table in ("columns", "places"):
            if data[table]:
                lines += ["", f"[{table}]"] + [f"{_toml_string(k)} = {_toml_string(v)}" for k, v in data[table].items()]
        for field_name, codes in data["values"].items():
            lines += ["", f"[values.{field_name}]"] + [f"{_toml_string(k)} = {_toml_string(v)}" for k, v in codes.items()]
        return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    # A JSON string is a TOML basic string (the same escapes), for any text.
    return json.dumps(text, ensure_ascii=False)


def place_key(text: str) -> str:
    return value_key(text)


def from_dict(data: dict, kind: str, source: str = "decisions") -> Decisions:
    """Decisions from a parsed file, checked: fields of the kind, codes of the vocabulary."""
    from loaders import vocabulary

    if not isinstance(data, dict):
        raise MappingError(Message("map_file_not_a_table", file=source))
    given_kind = data.get("kind")
    if given_kind not in (None, kind):
        raise MappingError(Message("map_file_other_kind", file=source, given=str(given_kind), kind=kind))
    decisions = Decisions(kind)
    for header, name in _table(data, "columns", source).items():
        if name != IGNORE and name not in KINDS[kind]:
            raise MappingError(Message("map_file_unknown_field", file=source, header=header, field=str(name)))
        decisions.set_column(header, name)
    words = {
        "status": vocabulary.STATUSES, "status_yes_no": vocabulary.STATUSES, "team": vocabulary.TEAMS,
        "offer": vocabulary.OFFERS, "cell_kind": vocabulary.CELL_KINDS,
    }
    for field_name, codes in _table(data, "values", source).items():
        if field_name not in KINDS[kind]:
            raise MappingError(Message("map_file_unknown_field", file=source, header=field_name, field=field_name))
        if not isinstance(codes, dict):
            raise MappingError(Message("map_file_not_a_table", file=f"{source}: values.{field_name}"))
        for text, code in codes.items():
            allowed = words.get(field_name)
            if field_name == "report_delivered":
                ok = code in ("true", "false", SKIP)
            else:
                ok = code == SKIP or (allowed is not None and code in allowed)
            if not ok:
                raise MappingError(Message(
                    "map_file_unknown_code", file=source, value=repr(text), code=str(code),
                    field=Message(f"read_field_{field_name}"),
                ))
            decisions.set_value(field_name, text, code)
    from geo import gazetteer

    codes_2025 = gazetteer.codes_2025()
    for text, nis in _table(data, "places", source).items():
        if nis != SKIP and nis not in codes_2025:
            raise MappingError(Message("map_file_unknown_place", file=source, value=text, code=str(nis)))
        decisions.set_place(text, nis)
    return decisions


def _table(data, name: str, source: str) -> dict:
    table = data.get(name, {}) if isinstance(data, dict) else {}
    if not isinstance(table, dict):
        raise MappingError(Message("map_file_not_a_table", file=f"{source}: {name}"))
    return table


def parse_decisions(text: str, kind: str, source: str) -> Decisions:
    """Decisions from the text of a TOML or JSON file (JSON when it starts with "{")."""
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        raise MappingError(Message("map_file_unreadable", file=source, error=str(error))) from None
    return from_dict(data, kind, source)


def from_json(text: str, kind: str) -> Decisions:
    """Saved decisions, as the store keeps them (`to_json`)."""
    return from_dict(json.loads(text), kind, "store")
