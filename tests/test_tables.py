"""The map as a table (issue 14): the rows of a selection on the hand-made registry in
tests/data/registry/small, their words, and the table a page draws for the public and for staff."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo import gazetteer
from geo.settings import ROOT
from loaders import registry, store
from loaders.store.selection import tabulate_selection
from pages.ui import files, tables, views

SMALL = Path(__file__).parent / "data" / "registry" / "small"
DAY = dt.date(2026, 1, 1)
PUBLIC = ["name", "nis", "region", "province", "status", "since", "since_precision", "cell_name"]


@pytest.fixture(scope="module")
def reg():
    return registry.load_registry(SMALL)


@pytest.fixture(scope="module")
def places():
    return pd.DataFrame({
        "nis": ["11001", "11005", "11013", "12041", "82039", "21004"],
        "region": ["02000", "02000", "02000", "02000", "03000", "04000"],
        "province": ["10000", "10000", "10000", "10000", "80000", ""],
    })


# Their names; one in lower case, which sorts among the others whatever its case.
NAMES = {
    "11001": "Aartselaar", "11005": "Boom", "11013": "edegem", "12041": "Puurs-Sint-Amands", "82039": "Bastogne",
    "21004": "Bruxelles",
}


def rows_of(frame: pd.DataFrame) -> list[list]:
    return frame.astype(object).where(frame.notna(), None).values.tolist()


def test_a_selection_as_public_rows(reg, places):
    rows = tabulate_selection(places, NAMES, store.status_on(reg, DAY))
    assert list(rows.columns) == PUBLIC
    assert rows_of(rows) == [
        ["Aartselaar", "11001", "02000", "10000", "operational", dt.date(2020, 9, 1), "day", "LIVC-R Aartselaar – Boom"],
        ["Bastogne", "82039", "03000", "80000", "operational", dt.date(2019, 5, 1), "day", "CSIL-R Bastogne – Bertogne"],
        ["Boom", "11005", "02000", "10000", "unknown", None, None, ""],
        ["Bruxelles", "21004", "04000", "", "unknown", None, None, ""],
        ["edegem", "11013", "02000", "10000", "planned", dt.date(2019, 2, 1), "day", ""],
        ["Puurs-Sint-Amands", "12041", "02000", "10000", "operational", dt.date(2019, 3, 1), "day", "LIVC-R Puurs – Sint-Amands"],
    ]


def test_staff_rows_add_the_last_visit_and_its_recency(reg, places):
    last = store.visits_by_municipality(reg, store.VisitFilter(end=DAY))
    rows = tabulate_selection(places, NAMES, store.status_on(reg, DAY), last, recency_day=DAY)
    assert list(rows.columns) == [*PUBLIC, "last_visit", "last_visit_precision", "recency"]
    assert [r[:2] + r[-3:] for r in rows_of(rows)] == [
        ["Aartselaar", "11001", dt.date(2025, 4, 1), "day", "under_1_year"],
        ["Bastogne", "82039", dt.date(2025, 4, 1), "day", "under_1_year"],
        ["Boom", "11005", None, None, "never"],
        ["Bruxelles", "21004", None, None, "never"],
        ["edegem", "11013", None, None, "never"],
        ["Puurs-Sint-Amands", "12041", dt.date(2018, 11, 20), "day", "over_3_years"],
    ]
    with pytest.raises(ValueError):
        tabulate_selection(places, NAMES, store.status_on(reg, DAY), recency_day=DAY)


def test_no_internal_field_reaches_the_rows(reg, places):
    status = store.status_on(reg, DAY)
    assert {"source", "cell_id"} <= set(status.columns)  # what the status knows, and the table leaves out
    rows = tabulate_selection(places, NAMES, status)
    assert {"source", "cell_id"} & set(rows.columns) == set()
    assert not rows.isin(set(status["source"])).any().any()


@pytest.mark.parametrize("lang, headers, first", [
    ("en", ["Municipality", "NIS code", "Region", "Province", "LIVC-R status", "Since", "Cell", "Last visit",
            "Time since the last visit"],
     ["Aartselaar", "11001", "Flanders", "Antwerp", "Operational", "Q3 2020", "LIVC-R Aartselaar – Boom", "01/04/2025",
      "Within the last year"]),
    ("nl", ["Gemeente", "NIS-code", "Gewest", "Provincie", "Status LIVC-R", "Sinds", "Cel", "Laatste bezoek",
            "Tijd sinds het laatste bezoek"],
     ["Aartselaar", "11001", "Vlaanderen", "Antwerpen", "Operationeel", "Q3 2020", "LIVC-R Aartselaar – Boom",
      "01/04/2025", "Minder dan 1 jaar geleden"]),
])
def test_the_rows_in_words(reg, places, lang, headers, first):
    status = store.status_on(reg, DAY)
    # A start known only by its quarter: written as such, and the other days then as text too.
    status.loc[status["nis"] == "11001", ["since", "since_precision"]] = [dt.date(2020, 7, 1), "quarter"]
    last = store.visits_by_municipality(reg, store.VisitFilter(end=DAY))
    table = tables.selection_table(tabulate_selection(places, NAMES, status, last, DAY), lang)
    assert list(table.columns) == headers
    assert rows_of(table)[0] == first
    never = {"en": "never", "nl": "nooit"}[lang]
    assert table[headers[7]].tolist() == ["01/04/2025", "01/04/2025", never, never, never, "20/11/2018"]
    assert table[headers[5]].tolist() == ["Q3 2020", "01/05/2019", None, None, "01/02/2019", "01/03/2019"]


def test_the_rows_download_split_on_semicolons_with_a_bom(reg, places):
    table = tables.selection_table(tabulate_selection(places, NAMES, store.status_on(reg, DAY)), "fr")
    data = files.csv_bytes(table, delimiter=";")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Commune", "Code INS", "Région", "Province", "Statut CSIL-R", "Depuis", "Cellule"]
    # Days known to the day stay days: ISO in the file, which every spreadsheet reads as a date.
    assert rows[1] == ["Aartselaar", "11001", "Flandre", "Anvers", "Opérationnelle", "2020-09-01", "LIVC-R Aartselaar – Boom"]
    assert len(rows) == len(table) + 1


# --- on a page, for the public and for staff ---------------------------------------------------

def selection_app(role: str, region: str) -> None:
    """A page drawing the table of a region's municipalities, as the map page will."""
    import datetime as dt

    from geo import gazetteer
    from loaders import store
    from pages.ui import auth, cached, tables, views

    area = views.AreaView(region)
    selection = area.select(gazetteer.load_gazetteer(2025))
    tables.render_selection_table(
        selection, store.status_on(cached.get_registry(), dt.date.today()), "en",
        auth.Visitor(role=role, user=role, lang="en"), "map_table",
    )


@pytest.mark.parametrize("role, visits_shown", [("public", False), ("staff", True), ("admin", True)])
def test_the_table_a_page_draws(page_store, role, visits_shown):
    at = AppTest.from_function(selection_app, args=(role, "brussels"), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    reg = store.load_registry_frames(page_store)
    today = dt.date.today()
    brussels = views.AreaView("brussels").select(gazetteer.load_gazetteer(2025))
    last = store.visits_by_municipality(reg, store.VisitFilter(end=today)) if visits_shown else None
    names = {row["nis"]: gazetteer.display_name(row, "en") for _, row in brussels.iterrows()}
    expected = tables.selection_table(tabulate_selection(brussels, names, store.status_on(reg, today), last), "en")
    shown = at.dataframe[0].value
    assert list(shown.columns) == list(expected.columns)
    assert ("Last visit" in shown.columns) == visits_shown
    assert rows_of(shown) == rows_of(expected) and len(shown) == 19
    assert [s.value for s in at.subheader] == ["The map as a table"]
    assert [(b.label, b.key) for b in at.get("download_button")] == [("CSV (;)", "map_table_csv"), ("XLSX", "map_table_xlsx")]
    assert at.radio(key="map_table_separator").options == ["; (Excel in Belgium)", ", (other programs)"]



def test_the_national_map_draws_its_table_when_asked(page_store):
    """The map page asks for the table with a switch (its grid would hold the map's first paint)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "The map as a table" in [s.value for s in at.subheader]
    assert [d for d in at.dataframe if "Municipality" in d.value.columns] == []
    at.toggle(key="map_table_shown").set_value(True).run()
    (table,) = [d.value for d in at.dataframe if "Municipality" in d.value.columns]
    assert len(table) == 565 and "Last visit" not in table.columns  # the public: no visits
    assert [b.key for b in at.get("download_button") if b.key.startswith("map_table")] == ["map_table_csv", "map_table_xlsx"]
