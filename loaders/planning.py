"""Questions the Radix Team asks when preparing visits, and the profile of one municipality.

Plain functions over a `Registry` and the gazetteer frame (nis, names, region, province,
population); the pages only render what these return.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from loaders import registry

PLANNING_COLUMNS = [
    "nis", "region", "province", "population", "status", "cell_name", "visits", "last_visit", "days_since_visit",
]


def plan_visits(reg: registry.Registry, municipalities: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Municipalities whose cell is not operational on `day`, never visited first, then longest ago."""
    status = registry.status_on(reg, day)
    visits = registry.visits_by_municipality(reg, dt.date.min, day)
    frame = (
        municipalities[["nis", "region", "province", "population"]]
        .merge(status[["nis", "status", "cell_name"]], on="nis", how="left")
        .merge(visits, on="nis", how="left")
    )
    frame["status"] = frame["status"].fillna("unknown")
    frame["cell_name"] = frame["cell_name"].fillna("")
    frame["visits"] = frame["visits"].fillna(0).astype("int64")
    frame["last_visit"] = frame["last_visit"].astype(object).where(frame["last_visit"].notna(), None)
    frame["days_since_visit"] = pd.array(
        [(day - last).days if last is not None else None for last in frame["last_visit"]], dtype="Int64"
    )
    frame = frame[frame["status"] != "operational"]
    never = frame["last_visit"].isna()
    ordered = pd.concat(
        [
            frame[never].sort_values("nis"),
            frame[~never].sort_values(["last_visit", "nis"], key=lambda s: s.map(_sortable)),
        ]
    )
    return ordered[PLANNING_COLUMNS].reset_index(drop=True)


def _sortable(value):
    return value.toordinal() if isinstance(value, dt.date) else value


def classify_recency(last_visit: dt.date | None, day: dt.date) -> str:
    """The class of `vocabulary/recency.toml` of a last visit, seen on `day`."""
    if last_visit is None:
        return "never"
    days = (day - last_visit).days
    if days > 3 * 365:
        return "over_3_years"
    if days > 365:
        return "1_to_3_years"
    return "under_1_year"


def _chosen_visits(reg, start, end, teams, offers, municipalities) -> pd.DataFrame:
    visits = reg.visits
    chosen = (visits["date"] >= start) & (visits["date"] <= end)
    if teams is not None:
        chosen &= visits["team"].isin(list(teams))
    if offers is not None:
        chosen &= visits["offer"].isin(list(offers))
    picked = visits.loc[chosen]
    if municipalities is not None:
        places = reg.visit_municipalities
        # A join, not isin: isin against 100,000 ids walks them in Python for Arrow strings.
        wanted = places.loc[places["nis_2025"].isin(list(municipalities)), ["visit_id"]].drop_duplicates()
        picked = picked.merge(wanted, on="visit_id")
    return picked


def count_visits(reg, start, end, teams=None, offers=None, municipalities=None) -> int:
    """Visits (each counted once, however many municipalities it covered) matching the filters."""
    return len(_chosen_visits(reg, start, end, teams, offers, municipalities))


def visits_per_quarter(
    reg: registry.Registry,
    start: dt.date,
    end: dt.date,
    teams: list[str] | None = None,
    offers: list[str] | None = None,
    municipalities=None,
) -> pd.DataFrame:
    """Visits per calendar quarter (e.g. '2016-Q2'), team and offer, between two days included;
    `municipalities` (2025 codes) keeps the visits to at least one of them."""
    picked = _chosen_visits(reg, start, end, teams, offers, municipalities)
    quarters = [f"{d.year}-Q{(d.month - 1) // 3 + 1}" for d in picked["date"]]
    counted = (
        picked.assign(quarter=quarters)
        .groupby(["quarter", "team", "offer"], sort=True)
        .size()
        .rename("visits")
        .reset_index()
    )
    return counted.astype({"visits": "int64"})


def status_history(reg: registry.Registry, nis: str) -> pd.DataFrame:
    """Every status event of a 2025 municipality (its old parts included), oldest first."""
    names = dict(zip(reg.cells["cell_id"], reg.cells["name"]))
    events = reg.status[reg.status["nis_2025"] == nis].sort_values(["date"], kind="stable")
    return pd.DataFrame(
        {
            "date": events["date"].tolist(),
            "status": events["status"].tolist(),
            "municipality": events["municipality"].tolist(),
            "cell_name": [names.get(c, "") for c in events["cell_id"]],
            "source": events["source"].tolist(),
        },
        columns=["date", "status", "municipality", "cell_name", "source"],
    )


def visits_to(reg: registry.Registry, nis: str, internal: bool = False) -> pd.DataFrame:
    """Visits to a 2025 municipality, newest first; follow-ups and notes only when `internal`."""
    ids = set(reg.visit_municipalities.loc[reg.visit_municipalities["nis_2025"] == nis, "visit_id"])
    visits = reg.visits[reg.visits["visit_id"].isin(ids)].sort_values("date", ascending=False, kind="stable")
    columns = ["date", "team", "offer", "report_delivered"] + (["follow_up", "internal_notes"] if internal else [])
    return visits[columns].reset_index(drop=True)


def programmes_of(reg: registry.Registry, nis: str) -> list[str]:
    return sorted(set(reg.programmes.loc[reg.programmes["nis_2025"] == nis, "programme"]))


def figures_by_region(
    reg: registry.Registry, municipalities: pd.DataFrame, day: dt.date, status: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Per region on `day`: municipalities, those covered by an operational cell, cells, visits so far.

    `municipalities` may be of any vintage (with `status` keyed the same way, e.g. from
    `registry.status_on_vintage`); visits are counted through their 2025 codes.
    """
    status = registry.status_on(reg, day) if status is None else status
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


def visit_ids_to(reg: registry.Registry, nis: str) -> list[str]:
    """Ids of the visits to a 2025 municipality, newest first (the order of `visits_to`)."""
    ids = set(reg.visit_municipalities.loc[reg.visit_municipalities["nis_2025"] == nis, "visit_id"])
    visits = reg.visits[reg.visits["visit_id"].isin(ids)].sort_values("date", ascending=False, kind="stable")
    return visits["visit_id"].tolist()
