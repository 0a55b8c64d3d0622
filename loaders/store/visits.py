"""Questions about visits: which were made (one `VisitFilter` for all of them), where, how often,
how long ago, and where to go next.

Plain functions over a `Registry`; the pages only render what they return.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import pandas as pd

from loaders.registry import Registry
from loaders.store.status import precisions, status_on

VISITS_BY_MUNICIPALITY_COLUMNS = ["nis", "visits", "last_visit", "last_visit_precision"]
PLANNING_COLUMNS = [
    "nis", "region", "province", "population", "status", "cell_name", "visits", "last_visit", "last_visit_precision",
    "days_since_visit",
]
# Of two visits whose dates start on the same day, the more precise one is the last visit.
_VAGUENESS = {"day": 0, "month": 1, "quarter": 2, "year": 3}


@dataclass(frozen=True)
class VisitFilter:
    """Which visits a question counts: between two days (both included), of some teams and
    offers (None: all), to at least one of some 2025 municipalities (None: anywhere)."""

    start: dt.date = dt.date.min
    end: dt.date = dt.date.max
    teams: tuple[str, ...] | None = None
    offers: tuple[str, ...] | None = None
    municipalities: frozenset[str] | None = None

    def __post_init__(self) -> None:
        # Lists and sets are accepted, kept as tuples and frozensets so a filter is a value.
        for name, kind in (("teams", tuple), ("offers", tuple), ("municipalities", frozenset)):
            value = getattr(self, name)
            if value is not None and not isinstance(value, kind):
                object.__setattr__(self, name, kind(value))

    def chosen(self, reg: Registry) -> pd.DataFrame:
        """The visits that pass, each once, however many municipalities it covered."""
        visits = reg.visits
        keep = (visits["date"] >= self.start) & (visits["date"] <= self.end)
        if self.teams is not None:
            keep &= visits["team"].isin(list(self.teams))
        if self.offers is not None:
            keep &= visits["offer"].isin(list(self.offers))
        picked = visits.loc[keep]
        if self.municipalities is not None:
            places = reg.visit_municipalities
            # A join, not isin: isin against 100,000 ids walks them in Python for Arrow strings.
            wanted = places.loc[places["nis_2025"].isin(list(self.municipalities)), ["visit_id"]].drop_duplicates()
            picked = picked.merge(wanted, on="visit_id")
        return picked


def visits_by_municipality(reg: Registry, chosen: VisitFilter = VisitFilter()) -> pd.DataFrame:
    """Visits per 2025 municipality: a visit to several municipalities counts once for each.

    `last_visit` is the latest visit's date, `last_visit_precision` how precisely it is known
    (a visit given as "2019" is dated 1 January 2019, precision "year")."""
    # Counted per municipality, a visit's places are joined anyway: the municipalities are
    # kept after that join rather than through a second one.
    picked = dataclasses.replace(chosen, municipalities=None).chosen(reg)
    picked = picked[["visit_id", "date"]].assign(precision=precisions(picked))
    joined = reg.visit_municipalities.merge(picked, on="visit_id")
    if chosen.municipalities is not None:
        joined = joined[joined["nis_2025"].isin(list(chosen.municipalities))]
    # One visit naming two old codes of a merged municipality is still one visit there.
    joined = joined.drop_duplicates(["visit_id", "nis_2025"])
    grouped = joined.groupby("nis_2025", sort=True).agg(visits=("visit_id", "size"), last_visit=("date", "max"))
    last_precision = pd.Series("day", index=grouped.index, dtype=object)
    vague = joined["precision"] != "day"
    if vague.any():  # only then: which of the visits on each last day is the most precise
        at_last = joined[joined["date"] == joined["nis_2025"].map(grouped["last_visit"])]
        least_vague = at_last["precision"].map(_VAGUENESS).groupby(at_last["nis_2025"]).min()
        by_rank = {rank: name for name, rank in _VAGUENESS.items()}
        last_precision = least_vague.map(by_rank).reindex(grouped.index).fillna("day").astype(object)
    return pd.DataFrame(
        {
            "nis": grouped.index.tolist(),
            "visits": grouped["visits"].astype("int64").tolist(),
            "last_visit": grouped["last_visit"].tolist(),
            "last_visit_precision": last_precision.tolist(),
        },
        columns=VISITS_BY_MUNICIPALITY_COLUMNS,
    ).astype({"visits": "int64"})


def count_visits(reg: Registry, chosen: VisitFilter = VisitFilter()) -> int:
    """Visits (each counted once, however many municipalities it covered) that pass the filter."""
    return len(chosen.chosen(reg))


def visits_per_quarter(reg: Registry, chosen: VisitFilter = VisitFilter()) -> pd.DataFrame:
    """Visits per calendar quarter (e.g. '2016-Q2'), team and offer. A visit known only by its
    year is counted under the year alone ('2019', before '2019-Q1'), not in a quarter it may
    not belong to; one known by its month or quarter is in that quarter."""
    picked = chosen.chosen(reg)
    quarters = [
        f"{d.year}" if precision == "year" else f"{d.year}-Q{(d.month - 1) // 3 + 1}"
        for d, precision in zip(picked["date"], precisions(picked))
    ]
    counted = (
        picked.assign(quarter=quarters)
        .groupby(["quarter", "team", "offer"], sort=True)
        .size()
        .rename("visits")
        .reset_index()
    )
    return counted.astype({"visits": "int64"})


def visits_to(reg: Registry, nis: str, internal: bool = False) -> pd.DataFrame:
    """Visits to a 2025 municipality, newest first, indexed by their ids; follow-ups and notes
    only when `internal`. `precision` says how precisely each `date` is known."""
    ids = set(reg.visit_municipalities.loc[reg.visit_municipalities["nis_2025"] == nis, "visit_id"])
    visits = reg.visits[reg.visits["visit_id"].isin(ids)].sort_values("date", ascending=False, kind="stable")
    visits = visits.assign(precision=precisions(visits))
    columns = ["date", "precision", "team", "offer", "report_delivered"] + (
        ["follow_up", "internal_notes"] if internal else []
    )
    return visits.set_index("visit_id")[columns]


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


def plan_visits(
    reg: Registry, municipalities: pd.DataFrame, day: dt.date, chosen: VisitFilter = VisitFilter(),
) -> pd.DataFrame:
    """Municipalities whose cell is not operational on `day`, never visited first, then longest ago.

    The visits counted are those `chosen` lets through (every visit by default), never one after
    `day`: the number of visits, the last visit and the days since it are theirs, so a municipality
    visited only by a team left out is "never visited" here. The Visits page passes its own filter
    (teams, offers, area) ending on its period's last day, the recency map's. Rows are those of
    `municipalities`, within `chosen.municipalities` when it names some."""
    if chosen.municipalities is not None:
        municipalities = municipalities[municipalities["nis"].isin(list(chosen.municipalities))]
    chosen = dataclasses.replace(chosen, end=min(chosen.end, day))
    status = status_on(reg, day)
    visits = visits_by_municipality(reg, chosen)
    frame = (
        municipalities[["nis", "region", "province", "population"]]
        .merge(status[["nis", "status", "cell_name"]], on="nis", how="left")
        .merge(visits, on="nis", how="left")
    )
    frame["status"] = frame["status"].fillna("unknown")
    frame["cell_name"] = frame["cell_name"].fillna("")
    frame["visits"] = frame["visits"].fillna(0).astype("int64")
    frame["last_visit"] = frame["last_visit"].astype(object).where(frame["last_visit"].notna(), None)
    frame["last_visit_precision"] = frame["last_visit_precision"].astype(object).where(frame["last_visit"].notna(), None)
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
