"""Key figures: for a selection of municipalities, and per region on any day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from loaders.registry import Registry
from loaders.store.status import status_on


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


def figures_by_region(
    reg: Registry, municipalities: pd.DataFrame, day: dt.date, status: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Per region on `day`: municipalities, those covered by an operational cell, cells, visits so far.

    `municipalities` may be of any vintage (with `status` keyed the same way, e.g. from
    `status.status_on_vintage`); visits are counted through their 2025 codes.
    """
    status = status_on(reg, day) if status is None else status
    joined = municipalities[["nis", "region"]].merge(status[["nis", "status", "cell_id"]], on="nis", how="left")
    operational = joined[joined["status"] == "operational"]
    successor = municipalities["nis_2025"] if "nis_2025" in municipalities else municipalities["nis"]
    regions = pd.DataFrame({"nis_2025": successor, "region": municipalities["region"]}).drop_duplicates("nis_2025")
    places = reg.visit_municipalities.merge(reg.visits[["visit_id", "date"]], on="visit_id")
    places = places[places["date"] <= day].merge(regions, on="nis_2025")
    rows = []
    for region in sorted(municipalities["region"].unique()):
        rows.append(
            {
                "region": region,
                "municipalities": int((joined["region"] == region).sum()),
                "covered": int((operational["region"] == region).sum()),
                "cells": int(operational.loc[operational["region"] == region, "cell_id"].replace("", pd.NA).dropna().nunique()),
                "visits": int(places.loc[places["region"] == region, "visit_id"].nunique()),
            }
        )
    return pd.DataFrame(rows, columns=["region", "municipalities", "covered", "cells", "visits"])
