"""The LIVC-R registry as frames, and read from a directory of CSV files (the demo dataset's format).

The questions asked of it are in `loaders.store` (status, visits, municipality, figures).

A registry directory holds five UTF-8, comma-separated files:

- `cells.csv`: cell_id, name, kind (a code of `vocabulary/cell_kinds.toml`), established
- `cell_members.csv`: cell_id, municipality, joined, left (empty while still a member)
- `status.csv`: date, municipality, cell_id, status, source — one event each: the
  municipality's status from that date on
- `visits.csv`: visit_id, date, team, offer, municipalities (';'-separated),
  report_delivered (true | false), follow_up (a date or empty), internal_notes
- `programmes.csv`: programme, municipality

Dates are days (ISO 8601). The status and visits frames carry a `precision` beside `date`, as
the store's frames do (`loaders.store.reading.load_registry_frames`), where an import may have
kept a month, a quarter or a year; read from CSV it is always "day".

Municipalities are NIS codes of any vintage (589, 581 or 565), kept as given beside the
2025 code they resolve to (`nis_2025`), so that nothing is lost by resolution.

A registry is demo data when it is read from `DEMO_DIR`, the generated data shipped with
the product (`loaders/demo.py`); any other directory is taken as real.

A directory that cannot be read raises `RegistryError`, a ValueError whose `problem` is a
`locales.Message` naming the file, row and column (`str()` is its English text).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from geo import gazetteer, mergers
from loaders import vocabulary
from locales import Message

DEMO_DIR = Path(__file__).with_name("demo_data")
# The precision of the dates of a CSV registry (`loaders.reading.dates.PRECISIONS`).
DAY_PRECISION = "day"

FILES = {
    "cells.csv": ("cell_id", "name", "kind", "established"),
    "cell_members.csv": ("cell_id", "municipality", "joined", "left"),
    "status.csv": ("date", "municipality", "cell_id", "status", "source"),
    "visits.csv": (
        "visit_id", "date", "team", "offer", "municipalities",
        "report_delivered", "follow_up", "internal_notes",
    ),
    "programmes.csv": ("programme", "municipality"),
}


@dataclass
class Registry:
    """The registry's frames: `status` (date, precision, municipality, cell_id, status, source,
    nis_2025) and `visits` (visit_id, date, precision, team, offer, report_delivered, follow_up,
    internal_notes) among them; `date` is the first day of its period when `precision` is not
    "day"."""

    cells: pd.DataFrame
    members: pd.DataFrame
    status: pd.DataFrame
    visits: pd.DataFrame
    visit_municipalities: pd.DataFrame
    programmes: pd.DataFrame
    is_demo: bool
    source: str
    # From a store only: every status event with its id, revision and withdrawal (withdrawn ones
    # are left out of `status`, so no question counts them), the planned visits (left out of
    # `visits`: not made yet) with their municipalities, and the withdrawn visits.
    events: pd.DataFrame = field(default_factory=pd.DataFrame)
    planned: pd.DataFrame = field(default_factory=pd.DataFrame)
    withdrawn_visits: pd.DataFrame = field(default_factory=pd.DataFrame)


class RegistryError(ValueError):
    """A registry file that cannot be read; `problem` says where and why, in any language."""

    def __init__(self, problem: Message):
        super().__init__(str(problem))
        self.problem = problem


def load_registry(directory: Path | None = None) -> Registry:
    """Read and check a registry directory (the demo data when None).

    Raises RegistryError (a ValueError) naming the file, the 1-based data row and the column of the first
    value that cannot be read: an unknown municipality code, a bad date, an unknown status,
    team, offer, kind or cell.
    """
    directory = Path(directory) if directory is not None else DEMO_DIR
    frames = {name: _read_csv(directory / name, columns) for name, columns in FILES.items()}

    cells = frames["cells.csv"]
    _check_values(cells, "cells.csv", "kind", vocabulary.CELL_KINDS.codes)
    _check_unique(cells, "cells.csv", "cell_id")
    cells["established"] = _parse_dates(cells, "cells.csv", "established", required=True)
    cell_ids = set(cells["cell_id"])

    members = frames["cell_members.csv"]
    _check_values(members, "cell_members.csv", "cell_id", cell_ids, what="cell")
    members["joined"] = _parse_dates(members, "cell_members.csv", "joined", required=True)
    members["left"] = _parse_dates(members, "cell_members.csv", "left", required=False)
    members["nis_2025"] = _resolve_codes(members, "cell_members.csv", "municipality")

    status = frames["status.csv"]
    status["date"] = _parse_dates(status, "status.csv", "date", required=True)
    _check_values(status, "status.csv", "status", vocabulary.STATUSES.codes)
    _check_values(status, "status.csv", "cell_id", cell_ids | {""}, what="cell")
    status["nis_2025"] = _resolve_codes(status, "status.csv", "municipality")
    status["precision"] = DAY_PRECISION

    visits = frames["visits.csv"]
    _check_unique(visits, "visits.csv", "visit_id")
    visits["date"] = _parse_dates(visits, "visits.csv", "date", required=True)
    _check_values(visits, "visits.csv", "team", vocabulary.TEAMS.codes)
    _check_values(visits, "visits.csv", "offer", vocabulary.OFFERS.codes)
    visits["report_delivered"] = _parse_booleans(visits, "visits.csv", "report_delivered")
    visits["follow_up"] = _parse_dates(visits, "visits.csv", "follow_up", required=False)
    visits["precision"] = DAY_PRECISION

    programmes = frames["programmes.csv"]
    programmes["nis_2025"] = _resolve_codes(programmes, "programmes.csv", "municipality")

    return Registry(
        cells=cells,
        members=members,
        status=status,
        visits=visits,
        visit_municipalities=_explode_visits(visits),
        programmes=programmes,
        is_demo=directory.resolve() == DEMO_DIR.resolve(),
        source=str(directory),
    )


def _read_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    if not path.exists():
        raise RegistryError(Message("registry_file_missing", file=path.name, folder=str(path.parent)))
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise RegistryError(Message("registry_missing_columns", file=path.name, columns=", ".join(missing)))
    frame = frame[list(columns)].copy()
    for column in columns:
        frame[column] = frame[column].str.strip()
    return frame


def _fail(file: str, index: int, column: str, problem: Message) -> RegistryError:
    # Rows are counted as a spreadsheet user sees them below the header: the first data row is 1.
    return RegistryError(Message("registry_cell", file=file, row=index + 1, column=column, problem=problem))


def _check_values(frame, file, column, allowed, what="value"):
    """`what` is "value" or "cell": the message says "unknown cell 'K9'"."""
    allowed = set(allowed)
    for index, value in enumerate(frame[column]):
        if value not in allowed:
            raise _fail(file, index, column, Message(f"registry_unknown_{what}", value=repr(value)))


def _check_unique(frame, file, column):
    seen = set()
    for index, value in enumerate(frame[column]):
        if not value or value in seen:
            raise _fail(file, index, column, Message("registry_bad_id", value=repr(value)))
        seen.add(value)


def _parse_dates(frame, file, column, required):
    days = []
    for index, text in enumerate(frame[column]):
        if not text and not required:
            days.append(None)
            continue
        try:
            days.append(dt.date.fromisoformat(text))
        except ValueError:
            raise _fail(file, index, column, Message("registry_not_a_date", value=repr(text))) from None
    return pd.Series(days, index=frame.index, dtype=object)


def _parse_booleans(frame, file, column):
    values = []
    for index, text in enumerate(frame[column]):
        lowered = text.lower()
        if lowered not in ("true", "false"):
            raise _fail(file, index, column, Message("registry_not_a_boolean", value=repr(text)))
        values.append(lowered == "true")
    return pd.Series(values, index=frame.index, dtype=bool)


@cache
def _known_codes() -> frozenset[str]:
    codes_2025 = gazetteer.codes_2025()
    return frozenset().union(*(mergers.codes_of_vintage(v, codes_2025) for v in mergers.VINTAGES))


def resolve_code(code: str) -> str:
    """The 2025 code of a municipality code of any vintage; RegistryError when no vintage has it."""
    try:
        normal = mergers.normalise_code(code)
    except ValueError:
        raise RegistryError(Message("registry_not_a_code", value=repr(code))) from None
    if normal not in _known_codes():
        raise RegistryError(Message("registry_unknown_code", value=repr(code)))
    return mergers.code_in_vintage(normal, 2025)


def _resolve_codes(frame, file, column):
    resolved = []
    for index, code in enumerate(frame[column]):
        try:
            resolved.append(resolve_code(code))
        except RegistryError as error:
            raise _fail(file, index, column, error.problem) from None
    return pd.Series(resolved, index=frame.index, dtype=str)


def _explode_visits(visits: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for index, (visit_id, listed) in enumerate(zip(visits["visit_id"], visits["municipalities"])):
        codes = [c.strip() for c in listed.split(";") if c.strip()]
        if not codes:
            raise _fail("visits.csv", index, "municipalities", Message("resolve_not_given"))
        for code in codes:
            try:
                nis = resolve_code(code)
            except RegistryError as error:
                raise _fail("visits.csv", index, "municipalities", error.problem) from None
            rows.append({"visit_id": visit_id, "municipality": code, "nis_2025": nis})
    return pd.DataFrame(rows, columns=["visit_id", "municipality", "nis_2025"])


