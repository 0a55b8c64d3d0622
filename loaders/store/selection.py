"""The municipalities a map draws, as the rows of a table: the map's text alternative.

A map tells its classes apart by colour only; the same selection as rows (name, region,
province, status, since when, cell, and for staff the last visit) can be read, sorted,
searched and heard by a screen reader. Codes only: the page puts the words on them.

Public by construction: a status's `source` and a cell's id never leave this function, and
the visit columns are there only when the caller passes them (staff).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from loaders.store.visits import classify_recency

SELECTION_COLUMNS = ["name", "nis", "region", "province", "status", "since", "since_precision", "cell_name"]
VISIT_COLUMNS = ["last_visit", "last_visit_precision"]
RECENCY_COLUMN = "recency"
# What a municipality without any status event is, as the map draws it (its legend's last class).
UNKNOWN = "unknown"


def tabulate_selection(
    municipalities: pd.DataFrame,
    names: dict[str, str],
    status: pd.DataFrame,
    last_visits: pd.DataFrame | None = None,
    recency_day: dt.date | None = None,
) -> pd.DataFrame:
    """One row per municipality of `municipalities` (a frame with `nis`, `region`, `province`),
    sorted by its name in `names` (without case), with its status from `status` (`status_on`'s
    frame: "unknown" and no `since` for a municipality it lacks) and its cell's name.

    `last_visits` (`visits_by_municipality`'s frame) adds `last_visit` and its precision (None:
    never visited); with them, `recency_day` adds the class of `vocabulary/recency.toml` of that last visit
    seen on that day, the words of the recency map's legend."""
    places = municipalities[["nis", "region", "province"]].reset_index(drop=True)
    known = status[["nis", "status", "since", "since_precision", "cell_name"]]
    frame = places.merge(known, on="nis", how="left")
    frame.insert(0, "name", frame["nis"].map(lambda n: names.get(n, n)))
    frame["status"] = frame["status"].fillna(UNKNOWN)
    frame["cell_name"] = frame["cell_name"].fillna("").astype(object)
    for column in ("since", "since_precision"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    columns = list(SELECTION_COLUMNS)
    if recency_day is not None and last_visits is None:
        raise ValueError("a recency class needs the last visits")
    if last_visits is not None:
        frame = frame.merge(last_visits[["nis", *VISIT_COLUMNS]], on="nis", how="left")
        for column in VISIT_COLUMNS:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
        columns += VISIT_COLUMNS
    if recency_day is not None:
        frame[RECENCY_COLUMN] = [classify_recency(last, recency_day) for last in frame["last_visit"]]
        columns.append(RECENCY_COLUMN)
    order = sorted(range(len(frame)), key=lambda i: (frame["name"].iloc[i].casefold(), frame["nis"].iloc[i]))
    return frame.iloc[order][columns].reset_index(drop=True)
