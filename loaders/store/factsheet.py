"""What a fact sheet says: one municipality, or one cell, on a day, in a language, for staff or
for the public, as a `geo.factsheet.Sheet` (plain data) that `geo.factsheet` draws on one A4 page.

Two variants. `public` carries what the public pages may show: names, codes, status and since
when, the cell and its members, past visits with their teams, offers and report flag,
programmes. `staff` adds what only staff may read: the planned visits (the Radix Team's plans
are not published), each visit's internal note and follow-up date, each status's source (where
an import's file name is kept), and it says
"internal — staff only" at the top and in the footer. A demo registry adds "DEMO DATA".

Long lists keep the latest rows (`LIMITS`); the page draws as many of them as fit with its text
at 6.5–9.5 pt (notes and sources take room) and says how many more there are.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache

import pandas as pd

from geo import gazetteer, mergers
from geo.factsheet import Sheet, SheetMap, SheetRow, SheetTable
from loaders import vocabulary
from loaders.registry import Registry
from loaders.store.municipality import summarise_municipality
from loaders.store.status import precisions, status_on
from locales import format_date, format_number, format_period, text

STAFF, PUBLIC = "staff", "public"
VARIANTS = (STAFF, PUBLIC)
# The most rows a table gives, the latest (or soonest) first: what is worth printing for a visit.
# The page may show fewer when they do not all fit (`geo.factsheet`), and says how many more.
LIMITS = {"members": 12, "history": 10, "visits": 12, "planned": 5, "cell_members": 20}
# The fewest rows the page keeps of each, however full: the visits before the planned ones.
MIN_ROWS = {"members": 5, "history": 3, "visits": 4, "planned": 2, "cell_members": 8}


def municipality_sheet(reg: Registry, places: pd.DataFrame, nis: str, day: dt.date, lang: str, variant: str) -> Sheet:
    """The fact sheet of a 2025 municipality on `day`. `places` holds today's municipalities
    (nis, name_nl, name_fr, name_de, region, province, population): the gazetteer or the
    boundaries. KeyError for a code that is not one of them."""
    staff = _variant(variant)
    places = places.set_index("nis", drop=False)
    row = places.loc[nis]
    name = gazetteer.display_name(row, lang)
    summary = summarise_municipality(reg, nis, day)
    status = status_on(reg, day)
    statuses = dict(zip(status["nis"], status["status"]))
    visits = _visits(reg, {nis}, day)
    planned = _planned(reg, {nis})
    facts = [
        (text("names", lang), " · ".join(dict.fromkeys(n for n in (row["name_nl"], row["name_fr"], row["name_de"])
                                                       if isinstance(n, str) and n))),
        (text("nis_code", lang), nis),
        (text("region", lang), gazetteer.region_label(row["region"], lang)),
        (text("province", lang), gazetteer.province_label(row["province"], lang)),
        (text("population", lang), _population(row["population"], lang)),
        (text("status_title", lang), _status_text(summary.status, summary.since, summary.since_precision, lang)),
    ]
    if staff:
        facts.append((text("fs_status_source", lang), summary.status_source or "—"))
    cell_kind = _cell_kind(reg, summary.cell_id, lang) if summary.cell_id else ""
    facts += [
        (text("cell", lang), text("fs_cell_value", lang, name=summary.cell_name, kind=cell_kind)
         if summary.cell_id else text("no_cell", lang)),
        (text("fs_visits", lang), _visit_count(summary.visits, summary.last_visit, summary.last_visit_precision, lang)),
    ]
    if staff:
        facts.append((text("fs_next_visit", lang), _next_visit(planned, lang)))
    if summary.programmes:
        facts.append((text("programmes", lang), ", ".join(_programme(p, lang) for p in summary.programmes)))
    if summary.formed_from:
        facts.append((text("merged_from", lang), ", ".join(
            f"{m.old_name_fr if lang == 'fr' else m.old_name_nl} ({m.old_code})" for m in summary.formed_from)))

    members = _members_table(reg, places, summary.cell_id, statuses, day, lang, staff, nis) if summary.cell_id else \
        SheetTable(text("fs_members_heading", lang), (), (), empty=text("no_cell", lang))
    cell_members = [m for m in summary.cell_members if m != nis]
    return Sheet(
        kicker=text("fs_kicker", lang),
        title=name,
        subtitle=" · ".join([text("fs_kind_municipality", lang), f"{text('nis_code', lang)} {nis}",
                             gazetteer.region_label(row["region"], lang), _area_label([row["province"]], lang)]),
        as_of=text("fs_as_of", lang, date=format_date(day, lang)),
        facts=tuple(facts),
        map=_map(places, [nis], [nis, *cell_members], statuses, [row["province"]], row["region"], lang,
                 labels=[(nis, name)]),
        blocks=(
            (members,),
            (_history_table(reg, nis, day, lang, staff),),
            (_visits_table(visits, places, lang, staff, LIMITS["visits"], others_of=nis),),
            *([(_planned_table(planned, places, lang, staff, others_of=nis),)] if staff else []),
        ),
        source=_source(reg, lang),
        marks=_marks(reg, staff, lang),
        staff=staff,
        file_stem=file_stem(reg, places, lang, variant, nis=nis),
        footer=text("fs_footer_staff" if staff else "fs_footer_public", lang),
    )


def cell_sheet(reg: Registry, places: pd.DataFrame, cell_id: str, day: dt.date, lang: str, variant: str) -> Sheet:
    """The fact sheet of a cell on `day`: its members (now and before) and their status, the
    visits to any of them. KeyError for an unknown cell."""
    staff = _variant(variant)
    cells = reg.cells.set_index("cell_id", drop=False)
    cell = cells.loc[cell_id]
    places = places.set_index("nis", drop=False)
    status = status_on(reg, day)
    statuses = dict(zip(status["nis"], status["status"]))
    rows = reg.members[reg.members["cell_id"] == cell_id]
    ever = list(dict.fromkeys(n for n in rows["nis_2025"] if n in places.index))
    now = sorted({n for n, joined, left in zip(rows["nis_2025"], rows["joined"], rows["left"])
                  if _day(joined) <= day and (_day(left) is None or _day(left) > day) and n in places.index},
                 key=lambda n: _name(places, n, lang).casefold())
    visits = _visits(reg, set(ever), day)
    planned = _planned(reg, set(ever))
    counts = {}
    for nis in now:
        counts[statuses.get(nis, "unknown")] = counts.get(statuses.get(nis, "unknown"), 0) + 1
    population = sum(int(p) for p in places.loc[now, "population"] if pd.notna(p)) if now else 0
    last = visits.iloc[0] if not visits.empty else None
    facts = [
        (text("cells_col_kind", lang), _cell_kind(reg, cell_id, lang)),
        (text("fs_established", lang), format_date(_day(cell["established"]), lang) or "—"),
        (text("fs_members_now", lang), ", ".join(_name(places, n, lang) for n in now) or "—"),
        (text("population", lang), _population(population, lang) if now else "—"),
        (text("fs_members_status", lang), " · ".join(
            f"{vocabulary.STATUSES.label(code, lang)} {counts[code]}" for code in vocabulary.STATUSES.codes if code in counts
        ) or "—"),
        (text("fs_visits", lang), _visit_count(len(visits), last["date"] if last is not None else None,
                                               last["precision"] if last is not None else "day", lang)),
    ]
    if staff:
        facts.append((text("fs_next_visit", lang), _next_visit(planned, lang)))
    programmes = reg.programmes[reg.programmes["nis_2025"].isin(now)]
    if not programmes.empty:
        facts.append((text("programmes", lang), "; ".join(
            f"{_programme(p, lang)}: {', '.join(_name(places, n, lang) for n in sorted(set(group)))}"
            for p, group in programmes.groupby("programme")["nis_2025"]
        )))
    provinces = list(dict.fromkeys(places.loc[ever, "province"])) if ever else []
    regions = list(dict.fromkeys(places.loc[ever, "region"])) if ever else []
    subtitle = [text("fs_kind_cell", lang), _cell_kind(reg, cell_id, lang),
                text("fs_members_count", lang, count=len(now))]
    if provinces:
        subtitle.append(_area_label(provinces, lang))
    return Sheet(
        kicker=text("fs_kicker", lang),
        title=str(cell["name"]),
        subtitle=" · ".join(subtitle),
        as_of=text("fs_as_of", lang, date=format_date(day, lang)),
        facts=tuple(facts),
        map=_map(places, now, now, statuses, provinces, regions[0] if regions else "", lang,
                 labels=[(n, _name(places, n, lang)) for n in now] if len(now) <= 8 else []),
        blocks=(
            (_members_table(reg, places, cell_id, statuses, day, lang, staff, None, with_visits=visits),),
            (_visits_table(visits, places, lang, staff, LIMITS["visits"], among=set(ever)),),
            *([(_planned_table(planned, places, lang, staff, among=set(ever)),)] if staff else []),
        ),
        source=_source(reg, lang),
        marks=_marks(reg, staff, lang),
        staff=staff,
        file_stem=file_stem(reg, places, lang, variant, cell_id=cell_id),
        footer=text("fs_footer_staff" if staff else "fs_footer_public", lang),
    )


def file_stem(reg: Registry, places: pd.DataFrame, lang: str, variant: str, nis: str | None = None,
              cell_id: str | None = None) -> str:
    """The name a sheet's file is downloaded under, without its extension:
    "factsheet-liege-62063-public-fr", "factsheet-livc-r-antwerpen-c001-staff-nl"."""
    if nis is not None:
        row = places.set_index("nis", drop=False).loc[nis]
        return f"factsheet-{_slug(gazetteer.display_name(row, lang))}-{nis}-{variant}-{lang}"
    name = dict(zip(reg.cells["cell_id"], reg.cells["name"]))[cell_id]
    return f"factsheet-{_slug(str(name))}-{_slug(cell_id)}-{variant}-{lang}"


# --- the parts ------------------------------------------------------------------------------


def _variant(variant: str) -> bool:
    if variant not in VARIANTS:
        raise ValueError(f"unknown fact sheet variant {variant!r}: {', '.join(VARIANTS)}")
    return variant == STAFF


def _marks(reg: Registry, staff: bool, lang: str) -> tuple[str, ...]:
    return tuple(m for m, shown in ((text("fs_mark_staff", lang), staff), (text("fs_mark_demo", lang), reg.is_demo)) if shown)


def _source(reg: Registry, lang: str) -> str:
    return text("fs_source", lang, kind=text("fs_source_demo" if reg.is_demo else "fs_source_real", lang))


def _day(value) -> dt.date | None:
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, dt.datetime) else value


def _population(value, lang: str) -> str:
    return text("unavailable", lang) if value is None or pd.isna(value) else format_number(int(value), lang)


def _status_text(code: str, since, precision, lang: str) -> str:
    label = vocabulary.STATUSES.label(code, lang)
    since = _day(since)
    return text("fs_status_value", lang, status=label, since=format_period(since, precision, lang)) if since else label


def _visit_count(count: int, last, precision, lang: str) -> str:
    last = _day(last)
    if not count:
        return text("fs_visits_none", lang)
    return text("fs_visits_value", lang, count=count, date=format_period(last, precision, lang))


def _next_visit(planned: pd.DataFrame, lang: str) -> str:
    if planned.empty:
        return text("fs_no_planned_short", lang)
    first = planned.iloc[0]
    return " · ".join([format_period(_day(first["date"]), first["precision"], lang),
                       vocabulary.TEAMS.label(first["team"], lang), vocabulary.OFFERS.label(first["offer"], lang)])


def _cell_kind(reg: Registry, cell_id: str, lang: str) -> str:
    kinds = dict(zip(reg.cells["cell_id"], reg.cells["kind"]))
    kind = kinds.get(cell_id, "")
    return vocabulary.CELL_KINDS.label(kind, lang) if kind in vocabulary.CELL_KINDS else kind


def _programme(code: str, lang: str) -> str:
    return vocabulary.PROGRAMMES.label(code, lang) if code in vocabulary.PROGRAMMES else code


def _name(places: pd.DataFrame, nis: str, lang: str) -> str:
    return gazetteer.display_name(places.loc[nis], lang) if nis in places.index else nis


@cache
def _former_names() -> dict[str, mergers.Merger]:
    return {m.old_code: m for m in mergers.load_mergers() if not m.is_recode}


def _former_name(nis: str, given: str, lang: str) -> str:
    """The name of the former municipality a record was made for ("Moerbeke" for a record of
    44045, now Lokeren), or "" when it was made for today's municipality."""
    try:
        code = mergers.normalise_code(given)
    except ValueError:
        return ""
    former = _former_names().get(code) if code != nis else None
    return (former.old_name_fr if lang == "fr" else former.old_name_nl) if former else ""


def _member_name(places: pd.DataFrame, nis: str, given: str, lang: str) -> str:
    """Today's name, after the former municipality's when the record was made for one
    ("Moerbeke → Lokeren"): two memberships of one merged municipality stay apart."""
    name, old = _name(places, nis, lang), _former_name(nis, given, lang)
    return text("fs_member_formerly", lang, name=name, old=old) if old and old != name else name


def _area_label(provinces: list[str], lang: str) -> str:
    """"Province: Liège", "Provinces: Hainaut, Namur", or the Brussels region (no province)."""
    named = [gazetteer.province_label(p, lang) for p in provinces if p]
    if not named:
        return gazetteer.region_label(gazetteer.REGION_BRUSSELS, lang)
    if len(named) == 1:
        return f"{text('province', lang)}: {named[0]}"
    return f"{text('fs_provinces', lang)}: {', '.join(named)}"


def _slug(name: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", bare.casefold()).strip("-") or "sheet"


def _short(day, precision, lang: str) -> str:
    day = _day(day)
    return format_period(day, precision, lang, "short") if day else "—"


def _visits(reg: Registry, municipalities: set[str], day: dt.date) -> pd.DataFrame:
    """The visits made to any of `municipalities` up to `day`, latest first, with their places."""
    return _with_places(reg, reg.visits, municipalities, lambda d: d <= day, latest_first=True)


def _planned(reg: Registry, municipalities: set[str]) -> pd.DataFrame:
    """The planned visits of any of `municipalities`, soonest first, with their places."""
    return _with_places(reg, reg.planned, municipalities, lambda d: True, latest_first=False)


def _with_places(reg, frame, municipalities, keep, latest_first: bool) -> pd.DataFrame:
    columns = ["visit_id", "date", "precision", "team", "offer", "report_delivered", "follow_up", "internal_notes",
               "places"]
    if frame is None or frame.empty:
        return pd.DataFrame(columns=columns)
    places = reg.visit_municipalities
    grouped = {v: list(dict.fromkeys(g)) for v, g in places.groupby("visit_id", sort=False)["nis_2025"]}
    wanted = [bool(set(grouped.get(v, ())) & municipalities) and keep(_day(d))
              for v, d in zip(frame["visit_id"], frame["date"])]
    chosen = frame.loc[pd.Series(wanted, index=frame.index, dtype=bool)]
    chosen = chosen.assign(precision=precisions(chosen), places=chosen["visit_id"].map(lambda v: grouped.get(v, [])))
    ordered = chosen.sort_values(["date", "visit_id"], ascending=not latest_first, kind="stable",
                                 key=lambda c: c.map(str))
    return ordered.reindex(columns=columns).reset_index(drop=True)


def _report(value, lang: str) -> str:
    if value is None or (not isinstance(value, bool) and pd.isna(value)):
        return "—"
    return text("yes", lang) if bool(value) else text("no", lang)


def _visit_detail(visit, lang: str) -> str:
    """A visit's internal fields, for staff: its follow-up date and note."""
    parts = []
    follow_up = _day(visit["follow_up"])
    if follow_up:
        parts.append(text("fs_detail_follow_up", lang, date=format_date(follow_up, lang, "short")))
    note = visit["internal_notes"]
    if isinstance(note, str) and note.strip():
        parts.append(text("fs_detail_note", lang, note=" ".join(note.split())))
    return " · ".join(parts)


def _visit_rows(visits: pd.DataFrame, places, lang: str, staff: bool, report: bool, others_of=None, among=None):
    rows = []
    for _, visit in visits.iterrows():
        shown = [n for n in visit["places"] if n != others_of] if others_of else [n for n in visit["places"] if n in among]
        cells = [_short(visit["date"], visit["precision"], lang), vocabulary.TEAMS.label(visit["team"], lang),
                 vocabulary.OFFERS.label(visit["offer"], lang)]
        if report:
            cells.append(_report(visit["report_delivered"], lang))
        cells.append(", ".join(_name(places, n, lang) for n in shown) or "—")
        rows.append(SheetRow(tuple(cells), detail=_visit_detail(visit, lang) if staff else ""))
    return tuple(rows)


def _visits_table(visits, places, lang, staff, limit, others_of=None, among=None) -> SheetTable:
    kept = visits.head(limit)
    return SheetTable(
        heading=text("fs_visits_heading", lang),
        columns=(text("date", lang), text("col_team", lang), text("col_offer", lang), text("fs_col_report", lang),
                 text("fs_col_with" if others_of else "fs_col_municipalities", lang)),
        rows=_visit_rows(kept, places, lang, staff, True, others_of, among),
        total=len(visits), more=text("fs_more", lang), min_rows=MIN_ROWS["visits"],
        empty=text("fs_never_visited", lang),
    )


def _planned_table(planned, places, lang, staff, others_of=None, among=None) -> SheetTable:
    kept = planned.head(LIMITS["planned"])
    return SheetTable(
        heading=text("fs_planned_heading", lang),
        columns=(text("date", lang), text("col_team", lang), text("col_offer", lang),
                 text("fs_col_with" if others_of else "fs_col_municipalities", lang)),
        rows=_visit_rows(kept, places, lang, staff, False, others_of, among),
        total=len(planned), more=text("fs_more", lang), min_rows=MIN_ROWS["planned"],
        empty=text("fs_no_planned", lang),
    )


def _history_table(reg: Registry, nis: str, day: dt.date, lang: str, staff: bool) -> SheetTable:
    names = dict(zip(reg.cells["cell_id"], reg.cells["name"]))
    events = reg.status[(reg.status["nis_2025"] == nis) & reg.status["date"].map(lambda d: _day(d) <= day)]
    events = events.assign(precision=precisions(events), _row=range(len(events)))
    events = events.sort_values(["date", "_row"], ascending=False, kind="stable", key=lambda c: c.map(str)
                                if c.name == "date" else c)
    kept = events.head(LIMITS["history"])
    # Events recorded for former municipalities (the parts of a merger) say which one.
    recorded = [_former_name(nis, given, lang) for given in kept["municipality"]]
    parts = any(recorded)
    rows = tuple(
        SheetRow(
            (_short(e["date"], e["precision"], lang), vocabulary.STATUSES.label(e["status"], lang),
             *([former or "—"] if parts else []), names.get(e["cell_id"], "") or "—"),
            detail=text("fs_detail_source", lang, source=e["source"]) if staff and e["source"] else "",
        )
        for (_, e), former in zip(kept.iterrows(), recorded)
    )
    return SheetTable(
        heading=text("fs_history_heading", lang),
        columns=(text("date", lang), text("fs_col_status", lang), *([text("as_given", lang)] if parts else []),
                 text("cell", lang)),
        rows=rows, total=len(events), more=text("fs_more", lang), empty=text("no_status", lang),
        min_rows=MIN_ROWS["history"],
    )


def _members_table(reg, places, cell_id, statuses, day, lang, staff, focus, with_visits=None) -> SheetTable:
    """The cell's memberships: those running on `day` first (by name), then the ended ones,
    latest ended first; for a cell sheet also each member's status since and last visit."""
    rows = reg.members[reg.members["cell_id"] == cell_id]
    records = []
    for nis, given, joined, left in zip(rows["nis_2025"], rows["municipality"], rows["joined"], rows["left"]):
        left = _day(left)
        records.append((nis, _member_name(places, nis, given, lang), _day(joined), left, left is None or left > day))
    records.sort(key=lambda r: (not r[4], -(r[3].toordinal() if r[3] else 0), r[1].casefold()))
    limit = LIMITS["members" if focus else "cell_members"]
    kept = records[:limit]
    cell_sheet = focus is None
    status = None
    if cell_sheet:
        status = status_on(reg, day).set_index("nis")
    last_visit = {}
    if with_visits is not None:
        for _, visit in with_visits.iloc[::-1].iterrows():  # oldest first, so the latest wins
            for nis in visit["places"]:
                last_visit[nis] = (visit["date"], visit["precision"])
    table_rows = []
    for nis, name, joined, left, _running in kept:
        code = statuses.get(nis, "unknown")
        cells = [name]
        if cell_sheet:
            cells.append(nis)
        cells += [format_date(joined, lang, "short") if joined else "—", format_date(left, lang, "short") if left else "—",
                  vocabulary.STATUSES.label(code, lang)]
        detail = ""
        if cell_sheet:
            found = status.loc[nis] if nis in status.index else None
            cells.append(_short(found["since"], found["since_precision"], lang) if found is not None else "—")
            cells.append(_short(*last_visit[nis], lang) if nis in last_visit else "—")
            if staff and found is not None and found["source"]:
                detail = text("fs_detail_source", lang, source=found["source"])
        table_rows.append(SheetRow(tuple(cells), detail=detail, emphasis=nis == focus))
    columns = [text("municipality", lang)] + ([text("nis_code", lang)] if cell_sheet else []) + [
        text("fs_col_joined", lang), text("fs_col_left", lang), text("fs_col_status", lang)]
    if cell_sheet:
        columns += [text("fs_col_since", lang), text("last_visit_column", lang)]
    name = dict(zip(reg.cells["cell_id"], reg.cells["name"])).get(cell_id, cell_id)
    return SheetTable(
        heading=text("fs_members_heading", lang) if cell_sheet else text("fs_members_of", lang, cell=name),
        columns=tuple(columns), rows=tuple(table_rows), total=len(records), more=text("fs_more", lang),
        min_rows=MIN_ROWS["members" if focus else "cell_members"],
        empty=text("cells_no_members", lang),
    )


def _map(places, focus, filled, statuses, provinces, region, lang, labels) -> SheetMap:
    """The province(s) around (the region for Brussels), the cell's members in their status
    colours, the sheet's municipality or members outlined."""
    wanted = [p for p in provinces if p]
    if wanted:
        area = places[places["province"].isin(wanted)]["nis"]
    else:
        area = places[places["region"] == (region or gazetteer.REGION_BRUSSELS)]["nis"]
    colours = vocabulary.STATUSES.colours()
    fills = tuple((n, colours[statuses.get(n, "unknown")]) for n in dict.fromkeys(filled))
    shown = [statuses.get(n, "unknown") for n, _ in fills]
    legend = tuple((vocabulary.STATUSES.label(code, lang), colours[code]) for code in vocabulary.STATUSES.codes
                   if code in shown)
    return SheetMap(
        area=tuple(area), fills=fills, focus=tuple(focus), labels=tuple(labels), legend=legend,
        caption=text("fs_map_caption", lang, area=_area_label(wanted, lang)),
    )
