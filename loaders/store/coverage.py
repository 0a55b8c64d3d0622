"""Coverage over time: per region and for Belgium, month by month, the share of municipalities
with an operational cell and the share of the population they hold.

Each point is counted on the map valid that day (589 municipalities until 2018, 581 from 2019,
565 from 2025), with the statuses `status.status_on_vintage` gives that day: the same rules
(latest event wins; on one day the better status wins; an event of a merged municipality
counts for each of its parts). It answers ~130 days at once instead of asking
`status_on_vintage` ~130 times: the events are keyed to each vintage's municipalities once,
and every day's latest event is found by one as-of join.

Points: the last day of every month, from the month of the first status event to the month
before today's, and today (so "June 2019" is the state at the end of 30 June 2019).

Population is what the product ships (`geo.gazetteer.load_gazetteer` with the population
file): Statbel's 1 January 2020 figure per 2019 municipality, summed through the merger table
for today's. Before 2019 the 15 parts of the 2019 mergers (Deinze and Nevele, ...: 197,648
people of 11.3 million) have no figure of their own, since the 2020 file cannot split them:
they are left out of both the covered and the whole population of their region on those
days (`population` says how many people a share is of), never given an invented split.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from geo import gazetteer, mergers
from loaders import vocabulary
from loaders.registry import Registry

# The REFNIS code of the Kingdom, beside the regions' 02000, 03000 and 04000.
BELGIUM = "01000"
OPERATIONAL = "operational"
# The last status is what a municipality without any event is drawn as (statuses.toml);
# one recorded as such counts as unknown too, never as without a cell.
UNKNOWN = vocabulary.STATUSES.codes[-1]

COVERAGE_COLUMNS = [
    "day", "area", "vintage", "municipalities", "operational", "cells", "without", "unknown",
    "population", "population_covered", "municipality_share", "population_share",
]


def coverage_places(population_csv: Path | None) -> dict[int, pd.DataFrame]:
    """The municipalities of each vintage (nis, region, population), as the maps have them."""
    return {
        vintage: gazetteer.load_gazetteer(vintage, population_csv)[["nis", "region", "population"]]
        for vintage in mergers.VINTAGES
    }


def series_days(first: dt.date, today: dt.date) -> list[dt.date]:
    """The last day of each month from `first`'s month to the month before `today`'s, then today."""
    days = []
    year, month = first.year, first.month
    while (year, month) < (today.year, today.month):
        next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
        days.append(dt.date(next_year, next_month, 1) - dt.timedelta(days=1))
        year, month = next_year, next_month
    return [*days, today] if first <= today else []


def coverage_days(reg: Registry, today: dt.date) -> list[dt.date]:
    """`series_days` from the registry's first status event; none for a registry without one."""
    if reg.status.empty:
        return []
    return series_days(min(reg.status["date"]), today)


def coverage_series(reg: Registry, places: Mapping[int, pd.DataFrame], days: Iterable[dt.date]) -> pd.DataFrame:
    """One row per day and area (Belgium `BELGIUM` first, then each region by code).

    `places[vintage]` lists that vintage's municipalities (nis, region, population; population
    may be missing). Counts: `operational` municipalities and their `cells`, `without` (a
    known status other than operational: none, planned, being set up), `unknown` (no event
    yet, or one saying unknown); `population` is the known population of the area,
    `population_covered` that of its operational municipalities (both missing when no
    municipality of the area has a figure); shares are of `municipalities` and `population`.
    """
    days = sorted(set(days))
    frames = []
    for vintage in mergers.VINTAGES:
        those = [d for d in days if mergers.vintage_of_date(d) == vintage]
        if those:
            frames.append(_statuses_on(reg, places[vintage], vintage, those))
    if not frames:
        return _typed(pd.DataFrame(columns=COVERAGE_COLUMNS[:-2]))
    grid = pd.concat(frames, ignore_index=True)
    grid["is_operational"] = grid["status"] == OPERATIONAL
    grid["is_unknown"] = grid["status"].isna() | (grid["status"] == UNKNOWN)
    grid["people"] = grid["population"].astype("Float64")
    grid["people_covered"] = grid["people"].where(grid["is_operational"], 0)
    grid["cell"] = grid["cell_id"].where(grid["is_operational"] & grid["cell_id"].fillna("").ne(""))
    rows = pd.concat([grid.assign(region=BELGIUM), grid], ignore_index=True)
    counted = rows.groupby(["day", "region"], sort=True).agg(
        vintage=("vintage", "first"),
        municipalities=("nis", "size"),
        operational=("is_operational", "sum"),
        cells=("cell", "nunique"),
        unknown=("is_unknown", "sum"),
        with_figure=("people", "count"),
        population=("people", "sum"),
        population_covered=("people_covered", "sum"),
    ).reset_index().rename(columns={"region": "area"})
    counted["without"] = counted["municipalities"] - counted["operational"] - counted["unknown"]
    none_known = counted["with_figure"] == 0
    counted["population"] = counted["population"].mask(none_known)
    counted["population_covered"] = counted["population_covered"].mask(none_known)
    return _typed(counted)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.astype({
        "vintage": "int64", "municipalities": "int64", "operational": "int64", "cells": "int64",
        "without": "int64", "unknown": "int64", "population": "Int64", "population_covered": "Int64",
    })
    frame["day"] = frame["day"].astype(object)
    frame["area"] = frame["area"].astype(object)
    frame["municipality_share"] = (frame["operational"] / frame["municipalities"]).astype("float64")
    people = frame["population"].astype("Float64")
    frame["population_share"] = (frame["population_covered"].astype("Float64") / people.where(people > 0)).astype(
        "float64"
    )
    return frame[COVERAGE_COLUMNS].reset_index(drop=True)


def _statuses_on(reg: Registry, places: pd.DataFrame, vintage: int, days: list[dt.date]) -> pd.DataFrame:
    """Every municipality of `places` on every day: its status and cell then (missing: no event)."""
    daily = _daily_events(reg, vintage)
    codes = places["nis"].to_numpy(dtype=object)
    grid = pd.DataFrame(
        {
            "nis": np.tile(codes, len(days)),
            "day": np.repeat(pd.to_datetime(pd.Series(days)).to_numpy(), len(codes)),
        }
    )
    if daily.empty:
        found = grid.assign(status=pd.NA, cell_id=pd.NA)
    else:
        found = pd.merge_asof(
            grid.sort_values("day"), daily.sort_values("date"), left_on="day", right_on="date",
            by="nis", direction="backward",
        )
    found = found.merge(places[["nis", "region", "population"]], on="nis", how="left")
    found["day"] = found["day"].dt.date
    found["vintage"] = vintage
    return found[["day", "nis", "region", "population", "vintage", "status", "cell_id"]]


def _daily_events(reg: Registry, vintage: int) -> pd.DataFrame:
    """The events keyed by `vintage`'s municipalities, one per municipality and day (the better
    status of that day), as `status.status_on` ranks them."""
    events = reg.status
    if events.empty:
        return pd.DataFrame(columns=["nis", "date", "status", "cell_id"])
    keys = _keys_in_vintage(events, vintage)
    rows = [index for index, targets in enumerate(keys) for _ in targets]
    keyed = events.iloc[rows].assign(nis=[target for targets in keys for target in targets])
    rank = {code: i for i, code in enumerate(vocabulary.STATUSES.codes)}
    keyed = keyed.assign(_rank=keyed["status"].map(rank), _row=rows)
    daily = (
        keyed.sort_values(["nis", "date", "_rank", "_row"])
        .drop_duplicates(["nis", "date"], keep="first")
    )
    return pd.DataFrame(
        {
            "nis": daily["nis"].to_numpy(),
            "date": pd.to_datetime(daily["date"]).to_numpy(),
            "status": daily["status"].to_numpy(),
            "cell_id": daily["cell_id"].to_numpy(),
        }
    )


def _keys_in_vintage(events: pd.DataFrame, vintage: int) -> list[list[str]]:
    """For each event, the municipalities of `vintage` it counts for (`status.status_on_vintage`'s
    rule), resolving each distinct code once."""
    if vintage == mergers.VINTAGES[-1]:
        return [[code] for code in events["nis_2025"]]
    from geo.resolver import resolve_municipality

    parts_of: dict[str, list[str]] = {}
    for code in sorted(mergers.codes_of_vintage(vintage, gazetteer.codes_2025())):
        parts_of.setdefault(mergers.code_in_vintage(code, 2025), []).append(code)
    in_vintage: dict[str, str | None] = {}
    for given in set(events["municipality"]):
        resolution = resolve_municipality(given)
        code = resolution.given_code or resolution.nis
        in_vintage[given] = mergers.code_in_vintage(code, vintage) if code else None
    return [
        [in_vintage[given]] if in_vintage[given] else parts_of.get(nis, [])
        for given, nis in zip(events["municipality"], events["nis_2025"])
    ]
