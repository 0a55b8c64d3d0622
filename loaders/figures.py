"""Key figures and municipality summaries computed from the registry, for any page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from geo import mergers
from loaders import registry


@dataclass(frozen=True)
class KeyFigures:
    municipalities: int
    operational: int
    operational_cells: int
    population: int | None  # None when no population figure is known for the selection
    population_covered: int | None

    @property
    def operational_share(self) -> float:
        return self.operational / self.municipalities if self.municipalities else 0.0

    @property
    def population_share(self) -> float | None:
        if not self.population or self.population_covered is None:
            return None
        return self.population_covered / self.population


def compute_key_figures(selection: pd.DataFrame, status: pd.DataFrame) -> KeyFigures:
    """Figures for the municipalities in `selection` (columns nis, population) from `status_on`'s frame."""
    joined = selection[["nis", "population"]].merge(status, on="nis", how="left")
    operational = joined[joined["status"] == "operational"]
    population = joined["population"]
    known = population.notna().all() and len(joined) > 0
    return KeyFigures(
        municipalities=len(joined),
        operational=len(operational),
        operational_cells=operational["cell_id"].dropna().nunique(),
        population=int(population.sum()) if known else None,
        population_covered=int(operational["population"].sum()) if known else None,
    )


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


def summarise_municipality(
    reg: registry.Registry, nis: str, day: dt.date, status: pd.DataFrame | None = None
) -> MunicipalitySummary:
    """What the public may know of one municipality on a day: no notes, no follow-ups.

    `status` is `registry.status_on(reg, day)` when the caller has it already.
    """
    status = registry.status_on(reg, day) if status is None else status
    row = status[status["nis"] == nis]
    found = not row.empty
    first = row.iloc[0] if found else None
    cell_id = first["cell_id"] if found and isinstance(first["cell_id"], str) and first["cell_id"] else None
    visits = registry.visits_by_municipality(reg, dt.date(1900, 1, 1), day)
    visit_row = visits[visits["nis"] == nis]
    programmes = reg.programmes
    in_programmes = sorted(
        programmes.loc[programmes["nis_2025"] == nis, "programme"].unique()
    ) if "nis_2025" in programmes.columns else []
    return MunicipalitySummary(
        nis=nis,
        status=first["status"] if found else "unknown",
        since=first["since"] if found else None,
        status_source=first["source"] if found else "",
        cell_id=cell_id,
        cell_name=first["cell_name"] if cell_id else None,
        cell_members=registry.cell_members_on(reg, cell_id, day) if cell_id else [],
        visits=int(visit_row["visits"].iloc[0]) if not visit_row.empty else 0,
        last_visit=visit_row["last_visit"].iloc[0] if not visit_row.empty else None,
        programmes=list(in_programmes),
        formed_from=formed_from(nis),
    )


def formed_from(nis: str) -> list[mergers.Merger]:
    """The older municipalities that became `nis`, through any wave (not mere recodes)."""
    found = []
    for merger in mergers.mergers_into(nis):
        if merger.old_code == nis or merger.is_recode:
            continue
        found.append(merger)
        found.extend(formed_from(merger.old_code))
    return found
