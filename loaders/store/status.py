"""Questions about status: a municipality's status on any day, of any vintage, its history, a cell's members.

Plain functions over a `Registry` (the store's frames, `loaders.store.reading.load_registry_frames`,
or a CSV dataset, `loaders.registry.load_registry`); the pages only render what they return.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from geo import gazetteer, mergers
from loaders import vocabulary
from loaders.registry import Registry

STATUS_ON_COLUMNS = ["nis", "status", "since", "cell_id", "cell_name", "source", "since_precision"]


def precisions(frame: pd.DataFrame) -> pd.Series:
    """A frame's `precision` column (how precisely each `date` is known), "day" for a frame
    without one."""
    if "precision" in frame.columns:
        return frame["precision"].fillna("day")
    return pd.Series("day", index=frame.index, dtype=object)


def status_on(registry: Registry, day: dt.date) -> pd.DataFrame:
    """The status of each 2025 municipality on `day`, from its latest event on or before it.

    When several older municipalities became one, their events count as one history: the
    latest wins, and on a day with several events the better status wins (the order of
    `vocabulary/statuses.toml`). `since` is the first day of the unbroken run of that status, so a status
    confirmed again keeps its original date; `since_precision` is how precisely it is known
    (an event given as "2019" counts from 1 January 2019, its `since_precision` "year").
    Municipalities without any event are absent: the caller treats them as unknown.
    """
    events = registry.status[registry.status["date"] <= day]
    if events.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in STATUS_ON_COLUMNS})
    rank = {code: i for i, code in enumerate(vocabulary.STATUSES.codes)}
    events = events.assign(_rank=events["status"].map(rank), _row=range(len(events)), _precision=precisions(events))
    daily = (
        events.sort_values(["nis_2025", "date", "_rank", "_row"])
        .drop_duplicates(["nis_2025", "date"], keep="first")
        .reset_index(drop=True)
    )
    new_run = (daily["nis_2025"] != daily["nis_2025"].shift()) | (daily["status"] != daily["status"].shift())
    daily["since"] = daily["date"].where(new_run).ffill()
    daily["since_precision"] = daily["_precision"].where(new_run).ffill()
    latest = daily.drop_duplicates("nis_2025", keep="last")
    names = dict(zip(registry.cells["cell_id"], registry.cells["name"]))
    return pd.DataFrame(
        {
            "nis": latest["nis_2025"].tolist(),
            "status": latest["status"].tolist(),
            "since": latest["since"].tolist(),
            "cell_id": latest["cell_id"].tolist(),
            "cell_name": [names.get(c, "") for c in latest["cell_id"]],
            "source": latest["source"].tolist(),
            "since_precision": latest["since_precision"].tolist(),
        },
        columns=STATUS_ON_COLUMNS,
    )


def status_on_vintage(registry: Registry, day: dt.date, vintage: int) -> pd.DataFrame:
    """Like `status_on`, keyed by the municipalities of `vintage` (e.g. the 589 of 2016).

    An event recorded for an older municipality counts for the one it became in `vintage`;
    an event recorded for a newer, merged one counts for each of its parts, since a status
    given to the whole applies to every part.
    """
    from geo.resolver import resolve_municipality

    codes = mergers.codes_of_vintage(vintage, gazetteer.codes_2025())
    parts_of: dict[str, list[str]] = {}
    for code in codes:
        parts_of.setdefault(mergers.code_in_vintage(code, 2025), []).append(code)
    rows, keys = [], []
    for index, given in enumerate(registry.status["municipality"]):
        resolution = resolve_municipality(given)
        given_code = resolution.given_code or resolution.nis
        in_vintage = mergers.code_in_vintage(given_code, vintage) if given_code else None
        targets = [in_vintage] if in_vintage else parts_of.get(registry.status["nis_2025"].iloc[index], [])
        for target in targets:
            rows.append(index)
            keys.append(target)
    events = registry.status.iloc[rows].assign(nis_2025=keys)
    return status_on(Registry(
        cells=registry.cells, members=registry.members, status=events, visits=registry.visits,
        visit_municipalities=registry.visit_municipalities, programmes=registry.programmes,
        is_demo=registry.is_demo, source=registry.source,
    ), day)


def status_history(reg: Registry, nis: str) -> pd.DataFrame:
    """Every status event of a 2025 municipality (its old parts included), oldest first;
    `precision` says how precisely each `date` is known (a vague one is its period's first day)."""
    names = dict(zip(reg.cells["cell_id"], reg.cells["name"]))
    events = reg.status[reg.status["nis_2025"] == nis].sort_values(["date"], kind="stable")
    return pd.DataFrame(
        {
            "date": events["date"].tolist(),
            "status": events["status"].tolist(),
            "municipality": events["municipality"].tolist(),
            "cell_name": [names.get(c, "") for c in events["cell_id"]],
            "source": events["source"].tolist(),
            "precision": precisions(events).tolist(),
        },
        columns=["date", "status", "municipality", "cell_name", "source", "precision"],
    )


def cell_members_on(registry: Registry, cell_id: str, day: dt.date) -> list[str]:
    """The 2025 codes of the municipalities in a cell on `day` (a member leaves on its `left` day)."""
    if cell_id not in set(registry.cells["cell_id"]):
        raise KeyError(f"no cell {cell_id!r} in the registry")
    members = registry.members[registry.members["cell_id"] == cell_id]
    present = [
        nis
        for nis, joined, left in zip(members["nis_2025"], members["joined"], members["left"])
        if joined <= day and (left is None or left > day)
    ]
    return sorted(set(present))
