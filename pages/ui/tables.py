"""Tables people read instead of a map, and download: the planning list, the map as a table.

The frames come from loaders.store (`plan_visits`, `selection.tabulate_selection`); here they
get their words in the interface language, the same for the screen and for the files, so a
download is what the page shows. A never-visited municipality reads "never" (translated) in
its last-visit cell and has an empty days-since cell: that column stays one of numbers, so a
click on its header sorts it as numbers (the last-visit column is text, "never" among dates).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from geo import gazetteer
from loaders import store, vocabulary
from loaders.store.selection import RECENCY_COLUMN, tabulate_selection
from pages.ui import cached, files, render
from pages.ui.text import format_date, format_period, t

# Excel in a Belgian locale splits on ';' only; ',' for other programs, on request.
SEPARATORS = {";": "csv_semicolon", ",": "csv_comma"}
STAFF = "staff"


def shown_last_visits(days: pd.Series, precisions: pd.Series, lang: str) -> pd.Series:
    """Last visits as text, each as precisely as it is known ("12/03/2019", "Q2 2019"), and
    "never" where there was none: one kind of value per column, for the screen and the files."""
    never = t("last_visit_never", lang)
    return pd.Series(
        [format_period(d, p, lang, "short") if isinstance(d, dt.date) else never for d, p in zip(days, precisions)],
        index=days.index, dtype=object,
    )


def planning_table(plan: pd.DataFrame, names: dict[str, str], next_planned: dict[str, dt.date], lang: str) -> pd.DataFrame:
    """`store.plan_visits`'s frame as the page shows and downloads it."""
    return pd.DataFrame(
        {
            t("municipality", lang): plan["nis"].map(lambda n: names.get(n, n)),
            t("nis_code", lang): plan["nis"],
            t("region", lang): plan["region"].map(lambda r: gazetteer.region_label(r, lang)),
            t("province", lang): plan["province"].map(lambda p: gazetteer.province_label(p, lang)),
            t("population", lang): plan["population"],
            t("status_title", lang): plan["status"].map(vocabulary.STATUSES.labels(lang)),
            t("cell", lang): plan["cell_name"],
            t("visits", lang): plan["visits"],
            t("last_visit_column", lang): shown_last_visits(plan["last_visit"], plan["last_visit_precision"], lang),
            t("days_since", lang): plan["days_since_visit"],
            t("form_next_planned", lang): plan["nis"].map(
                lambda n: format_date(next_planned[n], lang, "short") if n in next_planned else "—"
            ),
        }
    )


def selection_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`tabulate_selection`'s frame as the page shows and downloads it: a column for each of
    its columns (the visit columns only when it has them)."""
    table = {
        t("municipality", lang): rows["name"],
        t("nis_code", lang): rows["nis"],
        t("region", lang): rows["region"].map(lambda r: gazetteer.region_label(r, lang)),
        t("province", lang): rows["province"].map(lambda p: gazetteer.province_label(p, lang)),
        t("status_title", lang): rows["status"].map(vocabulary.STATUSES.labels(lang)),
        t("form_since", lang): render.shown_periods(rows["since"], rows["since_precision"], lang),
        t("cell", lang): rows["cell_name"],
    }
    if "last_visit" in rows:
        table[t("last_visit_column", lang)] = shown_last_visits(rows["last_visit"], rows["last_visit_precision"], lang)
    if RECENCY_COLUMN in rows:
        table[t("recency_map", lang)] = rows[RECENCY_COLUMN].map(vocabulary.RECENCY.labels(lang))
    return pd.DataFrame(table)


def render_downloads(table: pd.DataFrame, file_stem: str, sheet: str, lang: str, key: str) -> None:
    """A CSV button ("CSV (;)": ';' and a BOM, unless ',' is chosen beside it) and an XLSX button; keys
    `{key}_separator`, `{key}_csv`, `{key}_xlsx`. The CSV is made with the page (a few ms), so a
    click still gets it when the page has rerun since (as the sign-in cookie's confirmation does);
    the XLSX when its button is clicked (565 rows take some 150 ms, every rerun would pay it). A
    click does not rerun the page."""
    cols = st.columns([4, 1, 1, 2], vertical_alignment="bottom")  # the buttons side by side, beside the choice
    separator = cols[0].radio(
        t("csv_separator", lang), list(SEPARATORS), key=f"{key}_separator", horizontal=True,
        format_func=lambda s: t(SEPARATORS[s], lang),
    )
    # The button says what it gives: the choice beside it applies once the page has rerun.
    cols[1].download_button(
        f"CSV ({separator})", files.csv_bytes(table, delimiter=separator), file_name=f"{file_stem}.csv",
        mime="text/csv", key=f"{key}_csv", on_click="ignore",
    )
    cols[2].download_button(
        "XLSX", lambda: files.xlsx_bytes(table, sheet), file_name=f"{file_stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}_xlsx", on_click="ignore",
    )


def render_table(table: pd.DataFrame, key: str, alt: str) -> None:
    """A sortable table; an empty cell stays empty (not "None"), and the grid has a name for screen readers."""
    st.dataframe(
        table, hide_index=True, width="stretch", key=key, column_config=render.date_columns(table), placeholder="",
        alt=alt,
    )


def render_selection_table(
    selection: pd.DataFrame,
    status: pd.DataFrame,
    lang: str,
    visitor,
    key: str,
    visits: store.VisitFilter | None = None,
    recency_day: dt.date | None = None,
    heading: tuple[str, str] | None = None,
    last_visits: pd.DataFrame | None = None,
    on_demand: bool = False,
) -> pd.DataFrame | None:
    """The map's municipalities (`selection`, filtered as the map is) as a sortable table with
    CSV and XLSX downloads: name, code, region, province, status (from `status`, `status_on`'s
    frame of the map's day), since when, cell; for staff also the last visit of the visits
    `visits` lets through (default: every visit until today) and, with `recency_day`, the
    recency map's class of it (`last_visits`: those last visits, when the page has them already,
    `store.visits_by_municipality`'s frame). `heading`: (title, hint), the map's by default.
    With `on_demand`, the table and its downloads are made once asked for (a switch): a grid
    of 565 rows costs the browser about as much as the map itself, and making it holds the
    server while the map's files are being fetched from it, so the national map's first paint
    should not wait for it. Returns the table (None while not asked for)."""
    title, hint = heading or (t("selection_table_title", lang), t("selection_table_hint", lang))
    st.subheader(title)
    st.caption(hint)
    if on_demand and not st.toggle(t("selection_table_show", lang), key=f"{key}_shown"):
        return None
    if not visitor.may(STAFF):  # the public never sees visits
        last_visits = None
    elif last_visits is None:
        chosen = visits if visits is not None else store.VisitFilter(end=dt.date.today())
        last_visits = store.visits_by_municipality(cached.get_registry(), chosen)
    rows = tabulate_selection(
        selection, cached.names_in(selection, lang), status, last_visits, recency_day if last_visits is not None else None,
    )
    table = selection_table(rows, lang)
    render_table(table, key, t("selection_table_alt", lang))
    render_downloads(table, f"livcr-municipalities-{dt.date.today().isoformat()}", t("municipalities", lang), lang, key)
    return table
