"""Questions about one municipality: what the public may know of it on a day, what it was formed from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from geo import mergers
from loaders.registry import Registry
from loaders.store.status import cell_members_on, status_on
from loaders.store.visits import VisitFilter, visits_by_municipality


@dataclass(frozen=True)
class MunicipalitySummary:
    nis: str
    status: str
    since: dt.date | None
    status_source: str
    cell_id: str | None
    cell_name: str | None
    cell_members: list[str]
    visits: int
    last_visit: dt.date | None
    programmes: list[str]
    formed_from: list[mergers.Merger] = field(default_factory=list)
    # How precisely `since` and `last_visit` are known (a vague one is its period's first day).
    since_precision: str = "day"
    last_visit_precision: str = "day"


def summarise_municipality(
    reg: Registry, nis: str, day: dt.date, status: pd.DataFrame | None = None
) -> MunicipalitySummary:
    """What the public may know of one municipality on a day: no notes, no follow-ups.

    `status` is `status_on(reg, day)` when the caller has it already.
    """
    status = status_on(reg, day) if status is None else status
    row = status[status["nis"] == nis]
    found = not row.empty
    first = row.iloc[0] if found else None
    cell_id = first["cell_id"] if found and isinstance(first["cell_id"], str) and first["cell_id"] else None
    visits = visits_by_municipality(reg, VisitFilter(end=day, municipalities=frozenset({nis})))
    visit_row = visits[visits["nis"] == nis]
    return MunicipalitySummary(
        nis=nis,
        status=first["status"] if found else "unknown",
        since=first["since"] if found else None,
        status_source=first["source"] if found else "",
        cell_id=cell_id,
        cell_name=first["cell_name"] if cell_id else None,
        cell_members=cell_members_on(reg, cell_id, day) if cell_id else [],
        visits=int(visit_row["visits"].iloc[0]) if not visit_row.empty else 0,
        last_visit=visit_row["last_visit"].iloc[0] if not visit_row.empty else None,
        programmes=programmes_of(reg, nis),
        formed_from=formed_from(nis),
        since_precision=(first.get("since_precision") or "day") if found else "day",
        last_visit_precision=visit_row["last_visit_precision"].iloc[0] if not visit_row.empty else "day",
    )


def programmes_of(reg: Registry, nis: str) -> list[str]:
    return sorted(set(reg.programmes.loc[reg.programmes["nis_2025"] == nis, "programme"]))


def formed_from(nis: str) -> list[mergers.Merger]:
    """The older municipalities that became `nis`, through any wave (not mere recodes)."""
    found = []
    for merger in mergers.mergers_into(nis):
        if merger.old_code == nis or merger.is_recode:
            continue
        found.append(merger)
        found.extend(formed_from(merger.old_code))
    return found
