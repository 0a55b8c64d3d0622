"""The demo registry: invented cells, status events and visits, shaped by published facts.

`python -m loaders.demo` rewrites `loaders/demo_data/*.csv`. The same seed and the same
merger table give byte-identical files, so the data can be checked in and regenerated.

What the programme published, and the demo therefore respects (see demo_data/README.md):
the survey of all mayors on 27 May 2016 (109 cells for 152 municipalities, per region), the
Mobile Team's survey of 15 June 2019 (per region: cells, municipalities with and without a
cell; the rest unreported), both read from `loaders/published.toml`; the 15 municipalities
of the 2016 pilot grant, and the Mobile Team's 84 visits in 2016–2019. Everything per
municipality is invented: status and visit records are not public. Only organisational facts
are made up; no person appears anywhere.

Events up to the day before the June 2019 survey make the 2019 picture; events from the day
after make today's, which keeps every cell of 2016 and 2019 operational.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from geo import gazetteer, mergers
from geo.gazetteer import REGION_BRUSSELS, REGION_FLANDERS, REGION_WALLONIA
from loaders import published
from loaders.registry import DEMO_DIR, FILES

SEED = 20180730  # the day of the law, for want of a better number
# The demo's "today" is November 2026: every event and visit lies before it.
LAST_DAY = dt.date(2026, 10, 31)
LAW_DAY = dt.date(2018, 7, 30)

REGIONS = (REGION_FLANDERS, REGION_WALLONIA, REGION_BRUSSELS)
SURVEY_2016 = published.survey("mayors_2016")
SURVEY_DAY = SURVEY_2016.day
SURVEY_SOURCE = "survey 27 May 2016 (demo)"
# Published: cells and the municipalities they cover, per region.
SURVEY_FACTS = {r: (SURVEY_2016.area(r).cells, SURVEY_2016.area(r).with_cell) for r in REGIONS}

SURVEY_2019 = published.survey("mobile_team_2019")
# The 2019 picture is made by events up to the day before the survey, today's by events from
# the day after: no event shares the survey's own day.
BEFORE_2019 = SURVEY_2019.day - dt.timedelta(days=1)
AFTER_2019 = SURVEY_2019.day + dt.timedelta(days=1)
RADIX_START = dt.date(2019, 2, 1)  # the Radix Team Front-Office's first visits
# The German-speaking Community's nine municipalities in two police-zone cells (published:
# 2 cells, 9 municipalities in June 2019; which zone holds which is the police zones' map).
GERMAN_SPEAKING_CELLS = {
    "Weser-Göhl": ("63023", "63040", "63048", "63061"),  # Eupen, Kelmis, Lontzen, Raeren
    "Eifel": ("63001", "63012", "63013", "63067", "63087"),  # Amel, Büllingen, Bütgenbach, Sankt Vith, Burg-Reuland
}
GERMAN_SPEAKING_UNITS = frozenset(c for members in GERMAN_SPEAKING_CELLS.values() for c in members)
# A municipality without a cell in June 2019: the status it had then, by what it is today.
STATUS_2019_BY_TARGET = {
    "operational": {"being_set_up": 0.5, "planned": 0.3, "none": 0.2},
    "being_set_up": {"planned": 0.5, "none": 0.5},
    "planned": {"none": 0.6, "planned": 0.4},
    "none": {"none": 0.7, "planned": 0.3},
}
MAX_CELL = 4  # municipalities of today in one of the cells counted in June 2019
# How many cells of each size make up those totals (the pilots count among the singles).
SURVEY_CELL_SIZES = {
    REGION_FLANDERS: {1: 52, 2: 15, 3: 10},
    REGION_WALLONIA: {1: 13, 2: 4, 3: 2},
    REGION_BRUSSELS: {1: 13},
}

PILOT_PROGRAMME = "pilot_grant_2016"
PILOTS = {
    "21001": "Anderlecht",
    "11002": "Antwerpen",
    "21004": "Brussel",
    "52011": "Charleroi",
    "71016": "Genk",
    "34022": "Kortrijk",
    "62063": "Liège",
    "72021": "Maaseik",
    "12025": "Mechelen",
    "34027": "Menen",
    "21012": "Molenbeek",
    "21015": "Schaarbeek",
    "21013": "Sint-Gillis",
    "63079": "Verviers",
    "23088": "Vilvoorde",
}

MOBILE_TEAM_VISITS = 84
MOBILE_TEAM_OFFERS = {"field_analysis": 60, "awareness_day": 14, "livcr_setup_support": 10}
FRONT_OFFICE_VISITS = 320
FRONT_OFFICE_OFFERS = {
    "livcr_setup_support": 35, "awareness_day": 25, "project_support": 20, "training": 12, "other": 8,
}

# The mix of statuses today, as shares of the 565 municipalities; the rest have no event.
CURRENT_MIX = {"operational": 0.75, "being_set_up": 0.10, "planned": 0.05, "none": 0.04}
JOIN_EXISTING_SHARE = 0.2  # of the new operational municipalities, those joining a 2016 cell
MOVERS = 4  # municipalities that leave one cell for another, to exercise `left`
STALE_SHARE = 0.35  # events given with the codes of the vintage before, to exercise resolution

NOTES = (
    "the cell asked for material in both national languages.",
    "follow-up depends on the next municipal council meeting.",
    "the local prevention service offered to host the next session.",
    "the cell wants an exchange with a municipality that has good practices.",
    "report to be sent to the municipal secretariat.",
    "questions on information sharing referred to the Back-Office.",
    "the police zone asked to join the next meeting.",
    "awareness session to be repeated for the social services.",
)
NOTE_PREFIX = "DEMO internal note: "


@dataclass
class Cell:
    cell_id: str
    region: str
    arrondissement: str  # first two digits of the first member's 2025 code
    multi_kind: str  # the kind it has when it serves several municipalities
    names: list[str]
    established: dt.date
    members: list[tuple[str, dt.date, dt.date | None]] = field(default_factory=list)
    title: str = ""  # a name of its own (a police zone's), instead of its members' names


class Places:
    """Municipality codes of the three vintages and how they map onto today's."""

    def __init__(self) -> None:
        self.gazetteers = {v: gazetteer.load_gazetteer(v) for v in mergers.VINTAGES}
        self.codes = {v: sorted(g["nis"]) for v, g in self.gazetteers.items()}
        self.region = {}
        self.name = {}
        for vintage in mergers.VINTAGES:
            for row in self.gazetteers[vintage].to_dict("records"):
                self.region[row["nis"]] = row["region"]
                self.name.setdefault(row["nis"], gazetteer.display_name(row, "en"))

    @cached_property
    def parts(self) -> dict[tuple[str, int], list[str]]:
        """(2025 code, vintage) -> the codes of that vintage that became it."""
        found: dict[tuple[str, int], list[str]] = {}
        for vintage, codes in self.codes.items():
            for code in codes:
                found.setdefault((mergers.code_in_vintage(code, 2025), vintage), []).append(code)
        return found

    def codes_on(self, unit: str, day: dt.date, stale: bool = False) -> list[str]:
        """The codes a 2025 municipality was known by on a day (or in the vintage before)."""
        vintage = mergers.vintage_of_date(day)
        if stale and vintage > 2018:
            vintage = mergers.VINTAGES[mergers.VINTAGES.index(vintage) - 1]
        return self.parts[(unit, vintage)]


class Generator:
    def __init__(self, places: Places, seed: int = SEED) -> None:
        self.places = places
        self.random = random.Random(seed)
        self.cells: list[Cell] = []
        self.events: list[tuple[dt.date, str, str, str, str]] = []
        self.visits: list[dict] = []
        self.cells_2016: dict[str, list[Cell]] = {}  # arrondissement -> the surveyed cells there
        self.operational_cells: list[tuple[Cell, dt.date]] = []  # set up after the law, first day running
        self.pending: list[tuple[Cell, list[str]]] = []  # being set up in June 2019
        self.joiners: list[tuple[str, Cell, list[str], dt.date]] = []  # joined a 2016 cell

    # -- helpers --------------------------------------------------------------------

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        return dt.date.fromordinal(self.random.randint(first.toordinal(), max(first, last).toordinal()))

    def stale(self) -> bool:
        return self.random.random() < STALE_SHARE

    def new_cell(self, region: str, codes: list[str], established: dt.date, title: str = "") -> Cell:
        cell = Cell(
            cell_id=f"C{len(self.cells) + 1:03d}",
            region=region,
            arrondissement=mergers.code_in_vintage(codes[0], 2025)[:2],
            multi_kind=self.random.choice(("several", "police_zone")),
            names=[self.places.name[c] for c in codes],
            established=established,
            title=title,
        )
        self.cells.append(cell)
        return cell

    def emit(self, day: dt.date, codes: list[str], status: str, cell: Cell | None, source: str) -> None:
        for code in codes:
            self.events.append((day, code, cell.cell_id if cell else "", status, source))

    def join(self, cell: Cell, codes: list[str], day: dt.date) -> None:
        cell.members.extend((code, day, None) for code in codes)

    def leave(self, cell: Cell, codes: list[str], day: dt.date) -> None:
        cell.members = [(c, j, day if c in codes and left is None else left) for c, j, left in cell.members]

    # -- the 2016 survey ------------------------------------------------------------

    def make_survey(self) -> dict[str, Cell]:
        """Cells counted on 27 May 2016, in that day's codes; returns 2025 code -> cell."""
        cell_of_unit: dict[str, Cell] = {}
        used_units: set[str] = set()

        def unit(code):
            return mergers.code_in_vintage(code, 2025)

        for region, sizes in SURVEY_CELL_SIZES.items():
            # The German-speaking Community's municipalities have cells of their own from 2018.
            codes = [
                c for c in self.places.codes[2018] if self.places.region[c] == region and c not in GERMAN_SPEAKING_UNITS
            ]
            pilots = [c for c in codes if c in PILOTS]
            groups = [[c] for c in pilots]
            used_units |= {unit(c) for c in pilots}
            # Big groups first: they need runs of free neighbours.
            wanted = [size for size in sorted(sizes, reverse=True) for _ in range(sizes[size])]
            wanted = wanted[: len(wanted) - len(pilots)]
            for size in wanted:
                while True:
                    start = self.random.randrange(len(codes) - size + 1)
                    group = codes[start : start + size]
                    # Neighbours: one arrondissement (first two digits), consecutive codes.
                    if len({c[:2] for c in group}) != 1:
                        continue
                    units = {unit(c) for c in group}
                    # Two surveyed codes never share a 2025 code, so the 2016 counts
                    # survive resolution to today's map.
                    if len(units) == size and not units & used_units:
                        break
                used_units |= units
                groups.append(group)
            assert len(groups) == SURVEY_FACTS[region][0]
            assert sum(map(len, groups)) == SURVEY_FACTS[region][1]
            for group in sorted(groups):
                established = self.day_between(dt.date(2015, 2, 1), dt.date(2016, 5, 13))
                cell = self.new_cell(region, group, established)
                self.join(cell, group, established)
                self.emit(SURVEY_DAY, group, "operational", cell, SURVEY_SOURCE)
                for code in group:
                    cell_of_unit[unit(code)] = cell
        return cell_of_unit

    def complete_surveyed(self, cell_of_unit: dict[str, Cell]) -> None:
        """After the law, the other parts of a surveyed municipality's merger join its cell."""
        for unit, cell in sorted(cell_of_unit.items()):
            surveyed = next(c for c, _, _ in cell.members if mergers.code_in_vintage(c, 2025) == unit)
            others_2018 = [c for c in self.places.parts[(unit, 2018)] if c != surveyed]
            if others_2018:
                merged_2019 = mergers.code_in_vintage(surveyed, 2019) == mergers.code_in_vintage(others_2018[0], 2019)
                # Parts that merged in 2019 must join while they still had their own code;
                # the others join before the June 2019 survey, which counts them.
                last = dt.date(2018, 12, 31) if merged_2019 else BEFORE_2019
                day = self.day_between(LAW_DAY, last)
                vintage = mergers.vintage_of_date(day)
                codes = [
                    c for c in self.places.parts[(unit, vintage)]
                    if c != mergers.code_in_vintage(surveyed, vintage)
                ]
                self.join(cell, codes, day)
                self.emit(day, codes, "operational", cell, "joined an existing cell (demo)")
            if self.random.random() < 0.3:
                day = self.day_between(dt.date(2019, 1, 1), dt.date(2026, 9, 30))
                vintage = mergers.vintage_of_date(day)
                if self.stale() and vintage > 2018:
                    vintage = mergers.VINTAGES[mergers.VINTAGES.index(vintage) - 1]
                code = mergers.code_in_vintage(surveyed, vintage)
                self.emit(day, [code], "operational", cell, "yearly check by the Radix Team (demo)")

    # -- from the law of 30 July 2018 to the survey of June 2019 --------------------------

    def weight(self, unit: str) -> int:
        """How many municipalities of 2019 a municipality of today was: the survey's unit."""
        return len(self.places.parts[(unit, 2019)])

    def plan_2019(self, surveyed: set[str]) -> dict[str, str]:
        """Today's municipalities outside the 2016 cells and the German-speaking Community:
        operational, without a cell or unreported on the survey day of June 2019, so that each
        region's counts on that day's 581 municipalities are the published ones."""
        stories: dict[str, str] = {}
        for region in REGIONS:
            facts = SURVEY_2019.area(region)
            units = [u for u in self.places.codes[2025] if self.places.region[u] == region]
            unknown = sum(map(self.weight, units)) - facts.with_cell - facts.without_cell
            candidates = [u for u in units if u not in surveyed and u not in GERMAN_SPEAKING_UNITS]
            self.random.shuffle(candidates)
            for story, wanted in (("unknown", unknown), ("without", facts.without_cell)):
                for unit in candidates:
                    if unit not in stories and self.weight(unit) <= wanted:
                        stories[unit] = story
                        wanted -= self.weight(unit)
                assert wanted == 0, (region, story)
            for unit in candidates:
                stories.setdefault(unit, "operational")
            operational = [u for u in units if u in surveyed or u in GERMAN_SPEAKING_UNITS or stories[u] == "operational"]
            assert sum(map(self.weight, operational)) == facts.with_cell, region
        return stories

    def assign_targets(self, surveyed: set[str], stories: dict[str, str]) -> dict[str, list[str]]:
        """Today's status of every municipality: the 2016 and 2019 cells stay operational; the
        others share out the rest of today's mix; only those unreported in 2019 may still
        have no record at all."""
        units = self.places.codes[2025]
        counts = {status: round(share * len(units)) for status, share in CURRENT_MIX.items()}
        unknown_count = len(units) - sum(counts.values())
        kept = [u for u in units if u in surveyed or u in GERMAN_SPEAKING_UNITS or stories.get(u) == "operational"]
        counts["operational"] -= len(kept)
        unreported = sorted(u for u, story in stories.items() if story == "unknown")
        self.random.shuffle(unreported)
        unknown = sorted(unreported[:unknown_count])
        others = sorted(u for u, story in stories.items() if story != "operational" and u not in unknown)
        self.random.shuffle(others)
        targets, start = {}, 0
        for status, count in counts.items():
            targets[status] = sorted(others[start : start + count])
            start += count
        assert start == len(others)
        targets["operational"] = sorted(targets["operational"] + kept)
        targets["unknown"] = unknown
        return targets

    def chunk(self, units: list[str]) -> list[list[str]]:
        """Neighbouring municipalities (one arrondissement, consecutive codes) grouped into cells."""
        groups, current = [], []
        size = 1
        for unit in units:
            if current and (len(current) == size or current[0][:2] != unit[:2]):
                groups.append(current)
                current = []
            if not current:
                size = self.random.choice((1, 1, 1, 1, 1, 1, 2, 2, 3, 4))
            current.append(unit)
        if current:
            groups.append(current)
        return groups

    def chunk_into(self, units: list[str], cells: int) -> list[list[str]]:
        """Neighbouring municipalities grouped into exactly `cells` cells of at most MAX_CELL."""
        groups = [[unit] for unit in units]
        while len(groups) > cells:
            joinable = [
                i for i in range(len(groups) - 1)
                if groups[i][0][:2] == groups[i + 1][0][:2] and len(groups[i]) + len(groups[i + 1]) <= MAX_CELL
            ]
            assert joinable, "too few neighbours to make that few cells"
            i = self.random.choice(joinable)
            groups[i : i + 2] = [groups[i] + groups[i + 1]]
        return groups

    def source(self, day: dt.date, what: str) -> str:
        """An event's source: the Mobile Team's until the Radix Team took over, then the Radix Team's."""
        team = "the Mobile Team" if day < RADIX_START else "the Radix Team"
        return f"{what} {team} (demo)"

    def prelude(self, units: list[str], before: dt.date, earliest: dt.date = LAW_DAY) -> None:
        """Sometimes a 'no cell' answer, then a plan, between `earliest` and a cell's set-up."""
        start = max(earliest, dt.date(2018, 9, 1))
        if before - start < dt.timedelta(days=60):
            return
        planned = None
        if self.random.random() < 0.4:
            planned = self.day_between(start, before - dt.timedelta(days=30))
        if self.random.random() < 0.15:
            first = planned or before
            if first - start > dt.timedelta(days=30):
                day = self.day_between(start, first - dt.timedelta(days=1))
                self.emit_units(day, units, "none", None, self.source(day, "inventory by"))
        if planned:
            self.emit_units(planned, units, "planned", None, self.source(planned, "intention noted by"))

    def emit_units(self, day, units, status, cell, source) -> list[str]:
        stale = self.stale()
        codes = [c for u in units for c in self.places.codes_on(u, day, stale)]
        self.emit(day, codes, status, cell, source)
        return codes

    def open_cell(self, group: list[str], set_up: dt.date, earliest: dt.date = LAW_DAY, title: str = "") -> Cell:
        """A cell decided on `set_up` (perhaps after a plan), its members from that day."""
        self.prelude(group, set_up, earliest)
        named = [c for u in group for c in self.places.codes_on(u, set_up)]
        cell = self.new_cell(self.places.region[group[0]], named, set_up, title)
        codes = self.emit_units(set_up, group, "being_set_up", cell, "municipal council decision (demo)")
        self.join(cell, codes, set_up)
        return cell

    def run_cell(self, cell: Cell, group: list[str], day: dt.date) -> None:
        self.emit_units(day, group, "operational", cell, "first cell meeting reported (demo)")
        self.operational_cells.append((cell, day))

    def join_existing(self, unit: str, day: dt.date, earliest: dt.date) -> None:
        self.prelude([unit], day, earliest)
        cell = self.random.choice(self.cells_2016[unit[:2]])
        codes = self.emit_units(day, [unit], "operational", cell, "joined an existing cell (demo)")
        self.join(cell, codes, day)
        self.joiners.append((unit, cell, codes, day))

    def split_joiners(self, units: list[str], keep: int = 0) -> tuple[list[str], list[str]]:
        """Some municipalities join a 2016 cell of their arrondissement, leaving at least `keep` others."""
        joiners, others = [], []
        for index, unit in enumerate(units):
            left = len(units) - index - 1 + len(others)
            if unit[:2] in self.cells_2016 and left >= keep and self.random.random() < JOIN_EXISTING_SHARE:
                joiners.append(unit)
            else:
                others.append(unit)
        return joiners, others

    def make_2019(self, surveyed: set[str], stories: dict[str, str], targets: dict[str, list[str]]) -> dict[str, str]:
        """Events up to the day before the June 2019 survey; returns the status each municipality
        without a cell had then (the cells being set up then run later: `make_after_2019`)."""
        for zone, members in GERMAN_SPEAKING_CELLS.items():
            set_up = self.day_between(dt.date(2018, 9, 1), dt.date(2019, 1, 31))
            cell = self.open_cell(list(members), set_up, title=f"CSIL-R Polizeizone {zone}")
            cell.multi_kind = "police_zone"
            self.run_cell(cell, list(members), self.day_between(set_up + dt.timedelta(days=60), BEFORE_2019))
        for region in REGIONS:
            units = sorted(u for u, story in stories.items() if story == "operational" and self.places.region[u] == region)
            cells = SURVEY_2019.area(region).cells - SURVEY_2016.area(region).cells
            cells -= len(GERMAN_SPEAKING_CELLS) if region == REGION_WALLONIA else 0
            joiners, others = self.split_joiners(units, keep=cells)
            for group in self.chunk_into(others, cells):
                set_up = self.day_between(dt.date(2018, 8, 15), dt.date(2019, 4, 15))
                cell = self.open_cell(group, set_up)
                self.run_cell(cell, group, self.day_between(set_up + dt.timedelta(days=30), BEFORE_2019))
            for unit in joiners:
                self.join_existing(unit, self.day_between(dt.date(2018, 9, 1), BEFORE_2019), LAW_DAY)

        target_of = {u: status for status, units in targets.items() for u in units}
        then = {}
        for unit in sorted(u for u, story in stories.items() if story == "without"):
            shares = STATUS_2019_BY_TARGET[target_of[unit]]
            then[unit] = self.random.choices(list(shares), weights=list(shares.values()))[0]
        for group in self.chunk(sorted(u for u, status in then.items() if status == "being_set_up")):
            cell = self.open_cell(group, self.day_between(dt.date(2018, 9, 1), BEFORE_2019))
            self.pending.append((cell, group))
        for unit, status in sorted(then.items()):
            day = self.day_between(dt.date(2018, 9, 1), BEFORE_2019)
            if status == "planned":
                if self.random.random() < 0.3 and day > dt.date(2018, 10, 15):
                    answer = self.day_between(LAW_DAY + dt.timedelta(days=30), day - dt.timedelta(days=14))
                    self.emit_units(answer, [unit], "none", None, self.source(answer, "inventory by"))
                self.emit_units(day, [unit], "planned", None, self.source(day, "intention noted by"))
            elif status == "none":
                self.emit_units(day, [unit], "none", None, "answer to the Mobile Team's survey (demo)")
        return then

    # -- after the survey of June 2019 -------------------------------------------------------

    def make_after_2019(self, targets: dict[str, list[str]], stories: dict[str, str], then: dict[str, str]) -> None:
        """From the day after the June 2019 survey: every municipality on its way to today's status."""
        for cell, group in self.pending:
            running = self.day_between(max(AFTER_2019, cell.established + dt.timedelta(days=60)), dt.date(2024, 6, 30))
            self.run_cell(cell, group, running)
        new = [u for u in targets["operational"] if stories.get(u) in ("without", "unknown") and then.get(u) != "being_set_up"]
        joiners, others = self.split_joiners(new)
        for group in self.chunk(others):
            set_up = self.day_between(AFTER_2019, dt.date(2024, 6, 30))
            cell = self.open_cell(group, set_up, AFTER_2019)
            running = min(set_up + dt.timedelta(days=self.random.randint(60, 540)), dt.date(2026, 9, 30))
            self.run_cell(cell, group, running)
        for unit in joiners:
            self.join_existing(unit, self.day_between(AFTER_2019, dt.date(2025, 6, 30)), AFTER_2019)
        for group in self.chunk(targets["being_set_up"]):
            self.open_cell(group, self.day_between(dt.date(2022, 1, 1), dt.date(2026, 9, 30)), AFTER_2019)
        for unit in targets["planned"]:
            day = self.day_between(AFTER_2019, dt.date(2026, 9, 30))
            if self.random.random() < 0.3 and day - AFTER_2019 > dt.timedelta(days=60):
                answer = self.day_between(AFTER_2019, day - dt.timedelta(days=60))
                self.emit_units(answer, [unit], "none", None, self.source(answer, "inventory by"))
            self.emit_units(day, [unit], "planned", None, self.source(day, "intention noted by"))
        for unit in targets["none"]:
            day = self.day_between(dt.date(2019, 10, 1), dt.date(2026, 6, 30))
            if self.random.random() < 0.25 and day - AFTER_2019 > dt.timedelta(days=90):
                plan = self.day_between(AFTER_2019, day - dt.timedelta(days=90))
                self.emit_units(plan, [unit], "planned", None, self.source(plan, "intention noted by"))
            self.emit_units(day, [unit], "none", None, self.source(day, "answer to"))
        self.move_some()

    def move_some(self) -> None:
        """A few municipalities that joined a 2016 cell move on to a newer cell next door: `left`."""
        movers = 0
        for unit, cell, codes, day in self.joiners:
            later = [
                (c, running) for c, running in self.operational_cells
                if c.arrondissement == unit[:2] and running > day + dt.timedelta(days=180)
            ]
            if movers < MOVERS and later:
                target, running = self.random.choice(later)
                self.leave(cell, codes, running)
                moved = self.emit_units(running, [unit], "operational", target, "moved to another cell (demo)")
                self.join(target, moved, running)
                movers += 1

    def confirm_merged(self) -> None:
        """A check after the 2025 mergers for each merged municipality with a history.

        Half of them are given with the codes from before the merger, as a file kept by
        an older habit would: resolution must bring them onto the new municipality.
        """
        latest: dict[str, tuple] = {}
        for event in self.events:
            unit = mergers.code_in_vintage(event[1], 2025)
            if unit not in latest or event[0] >= latest[unit][0]:
                latest[unit] = event
        for unit in self.places.codes[2025]:
            old_parts = self.places.parts[(unit, 2019)]
            if len(old_parts) < 2 or unit not in latest:
                continue
            last_day, _, cell_id, status, _ = latest[unit]
            day = self.day_between(max(last_day + dt.timedelta(days=1), dt.date(2025, 1, 6)), dt.date(2026, 9, 30))
            codes = old_parts if self.random.random() < 0.5 else [unit]
            for code in codes:
                self.events.append((day, code, cell_id, status, "check after the merger (demo)"))

    # -- visits -----------------------------------------------------------------------

    def visit_codes(self, unit: str, day: dt.date) -> list[str]:
        codes = self.places.codes_on(unit, day, self.stale())
        if len(codes) > 1:
            # Before a merger, a visit goes to one of the parts (the pilot city itself, say).
            codes = [unit if unit in codes else self.random.choice(codes)]
        if self.random.random() < 0.15:
            # A joint visit with the next municipality of the arrondissement.
            today = self.places.codes[2025]
            index = today.index(unit)
            if index + 1 < len(today) and today[index + 1][:2] == unit[:2]:
                codes = codes + self.places.codes_on(today[index + 1], day)
        return codes

    def note(self) -> str:
        return NOTE_PREFIX + "invented for testing; " + self.random.choice(NOTES) if self.random.random() < 0.6 else ""

    def make_visits(self, surveyed: list[str], targets: dict[str, list[str]]) -> None:
        pilots = sorted({mergers.code_in_vintage(c, 2025) for c in PILOTS})
        everyone = self.places.codes[2025]
        offers = [offer for offer, count in MOBILE_TEAM_OFFERS.items() for _ in range(count)]
        assert len(offers) == MOBILE_TEAM_VISITS
        self.random.shuffle(offers)
        for offer in offers:
            pool = self.random.choices((pilots, surveyed, everyone), weights=(35, 40, 25))[0]
            unit = self.random.choice(pool)
            day = self.day_between(dt.date(2016, 2, 1), dt.date(2019, 6, 30))
            follow_up = ""
            if self.random.random() < 0.25:
                follow_up = (day + dt.timedelta(days=self.random.randint(60, 240))).isoformat()
            report = self.random.random() < (0.9 if offer == "field_analysis" else 0.1)
            self.visits.append({
                "date": day, "team": "mobile_team", "offer": offer,
                "municipalities": ";".join(self.visit_codes(unit, day)),
                "report_delivered": "true" if report else "false",
                "follow_up": follow_up, "internal_notes": self.note(),
            })
        # The Front-Office goes where cells are still to be made more often.
        weights = {u: 1 for u in everyone}
        for status in ("being_set_up", "planned", "none"):
            for unit in targets[status]:
                weights[unit] = 3
        for _ in range(FRONT_OFFICE_VISITS):
            unit = self.random.choices(everyone, weights=[weights[u] for u in everyone])[0]
            offer = self.random.choices(list(FRONT_OFFICE_OFFERS), weights=list(FRONT_OFFICE_OFFERS.values()))[0]
            day = self.day_between(dt.date(2019, 2, 1), LAST_DAY)
            follow_up = ""
            if self.random.random() < 0.35:
                follow_up = (day + dt.timedelta(days=self.random.randint(30, 180))).isoformat()
            report = self.random.random() < (0.5 if offer == "livcr_setup_support" else 0.15)
            self.visits.append({
                "date": day, "team": "radix_front_office", "offer": offer,
                "municipalities": ";".join(self.visit_codes(unit, day)),
                "report_delivered": "true" if report else "false",
                "follow_up": follow_up, "internal_notes": self.note(),
            })

    # -- all together -----------------------------------------------------------------

    def generate(self) -> dict[str, list[tuple]]:
        cell_of_unit = self.make_survey()
        for unit, cell in sorted(cell_of_unit.items()):
            if cell not in self.cells_2016.setdefault(unit[:2], []):
                self.cells_2016[unit[:2]].append(cell)
        self.complete_surveyed(cell_of_unit)
        surveyed = set(cell_of_unit)
        stories = self.plan_2019(surveyed)
        targets = self.assign_targets(surveyed, stories)
        then = self.make_2019(surveyed, stories, targets)
        self.make_after_2019(targets, stories, then)
        self.confirm_merged()
        self.make_visits(sorted(cell_of_unit), targets)
        return self.tables()

    def tables(self) -> dict[str, list[tuple]]:
        cells, members = [], []
        for cell in self.cells:
            units = {mergers.code_in_vintage(code, 2025) for code, _, left in cell.members if left is None}
            kind = cell.multi_kind if len(units) > 1 else "single"
            cells.append((cell.cell_id, cell_name(cell, kind), kind, cell.established.isoformat()))
            for code, joined, left in cell.members:
                members.append((cell.cell_id, code, joined.isoformat(), left.isoformat() if left else ""))
        status = sorted((d.isoformat(), code, cell_id, s, source) for d, code, cell_id, s, source in self.events)
        visits = []
        for number, visit in enumerate(sorted(self.visits, key=lambda v: (v["date"], v["municipalities"])), 1):
            visits.append(
                (f"V{number:04d}", visit["date"].isoformat(), visit["team"], visit["offer"],
                 visit["municipalities"], visit["report_delivered"], visit["follow_up"], visit["internal_notes"])
            )
        programmes = [(PILOT_PROGRAMME, code) for code in sorted(PILOTS)]
        return {
            "cells.csv": cells,
            "cell_members.csv": sorted(members),
            "status.csv": status,
            "visits.csv": visits,
            "programmes.csv": programmes,
        }


def cell_name(cell: Cell, kind: str) -> str:
    """A name in the region's language(s): LIVC-R in Flanders, CSIL-R in Wallonia, both in Brussels."""
    if cell.title:
        return f"{cell.title} – {' – '.join(cell.names)}"
    prefix = {REGION_FLANDERS: "LIVC-R", REGION_WALLONIA: "CSIL-R", REGION_BRUSSELS: "LIVC-R/CSIL-R"}[cell.region]
    if kind == "police_zone":
        prefix += {REGION_FLANDERS: " politiezone", REGION_WALLONIA: " zone de police",
                   REGION_BRUSSELS: " PZ/ZP"}[cell.region]
    return f"{prefix} {' – '.join(cell.names)}"


def write_demo(directory: Path = DEMO_DIR, seed: int = SEED) -> None:
    tables = Generator(Places(), seed).generate()
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (directory / name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(FILES[name])
            writer.writerows(rows)


if __name__ == "__main__":
    write_demo()
    print(f"demo registry written to {DEMO_DIR}")
