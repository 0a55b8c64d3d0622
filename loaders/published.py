"""The figures the programme published on coverage (`published.toml`), and how they read.

They are declared once, as printed, in `published.toml`; the demo generator shapes its data on
them and the coverage page draws them beside the registry's line. `published_table` adds what
the print leaves to the reader: how many municipalities the map had that day, hence how many
were not reported (neither with nor without a cell), and the shares.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from geo import gazetteer

PUBLISHED_TOML = Path(__file__).with_name("published.toml")
BELGIUM = "01000"
GERMAN_SPEAKING = "german_speaking"

PUBLISHED_COLUMNS = [
    "survey", "day", "vintage", "area", "part_of", "municipalities", "cells", "with_cell", "without_cell",
    "unknown", "share_with", "share_reach",
]


@dataclass(frozen=True)
class PublishedArea:
    area: str  # a REFNIS code, or GERMAN_SPEAKING
    cells: int
    with_cell: int
    without_cell: int | None  # None: not printed
    part_of: str | None = None  # the region whose figures include this area's


@dataclass(frozen=True)
class PublishedSurvey:
    code: str
    day: dt.date  # the day the figures describe
    vintage: int  # the map of that day (geo.mergers.VINTAGES)
    publisher: str
    title: str
    url: str
    published: dt.date
    areas: tuple[PublishedArea, ...]

    def area(self, code: str) -> PublishedArea:
        return next(a for a in self.areas if a.area == code)


@cache
def load_published(path: Path = PUBLISHED_TOML) -> tuple[PublishedSurvey, ...]:
    with path.open("rb") as f:
        data = tomllib.load(f)
    return tuple(
        PublishedSurvey(
            code=s["code"], day=s["day"], vintage=s["vintage"], publisher=s["publisher"], title=s["title"],
            url=s["url"], published=s["published"],
            areas=tuple(
                PublishedArea(a["area"], a["cells"], a["with_cell"], a.get("without_cell"), a.get("part_of"))
                for a in s["areas"]
            ),
        )
        for s in data["survey"]
    )


def survey(code: str) -> PublishedSurvey:
    return next(s for s in load_published() if s.code == code)


def area_municipalities(places: pd.DataFrame, area: str) -> int:
    """How many municipalities of a vintage's `places` (nis, region) an area holds."""
    if area == BELGIUM:
        return len(places)
    if area == GERMAN_SPEAKING:
        return int(places["nis"].isin(gazetteer.NAMES_DE).sum())
    return int((places["region"] == area).sum())


def published_table(places: Mapping[int, pd.DataFrame], surveys: tuple[PublishedSurvey, ...] | None = None) -> pd.DataFrame:
    """One row per survey and area: the printed numbers, the municipalities of that day's map,
    those not reported (`unknown`: missing when no "without" count was printed), the share
    with a cell and the share the area could reach were every unreported one to have a cell."""
    rows = []
    for s in load_published() if surveys is None else surveys:
        for a in s.areas:
            total = area_municipalities(places[s.vintage], a.area)
            unknown = None if a.without_cell is None else total - a.with_cell - a.without_cell
            rows.append({
                "survey": s.code, "day": s.day, "vintage": s.vintage, "area": a.area, "part_of": a.part_of,
                "municipalities": total, "cells": a.cells, "with_cell": a.with_cell, "without_cell": a.without_cell,
                "unknown": unknown, "share_with": a.with_cell / total,
                "share_reach": None if unknown is None else (a.with_cell + unknown) / total,
            })
    frame = pd.DataFrame(rows, columns=PUBLISHED_COLUMNS)
    return frame.astype({
        "municipalities": "int64", "cells": "int64", "with_cell": "int64", "without_cell": "Int64",
        "unknown": "Int64", "share_with": "float64", "share_reach": "float64",
    })
