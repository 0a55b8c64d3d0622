"""The fact sheet: what it says (whole sheets of a tiny registry written here), what the public
version leaves out, how long lists are cut, and the page it is drawn on (one A4 page, PDF text
that can be read back with its accents, the PNG's size) in the three languages; the profile
and cells pages offer it to staff.

The tiny registry below is invented for these tests (real NIS codes of Hainaut and Liège, no
real cell, status or visit); its facts are chosen so that every field shows once: a cell with a
member that left and one that joined, a status from an import file, visits with and without a
follow-up and a note, a planned visit, a programme.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pandas as pd
import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from geo import factsheet as drawing
from geo import gazetteer
from geo.factsheet import Sheet, SheetMap, SheetRow, SheetTable
from geo.settings import ROOT
from loaders import registry, store, vocabulary
from loaders.store import editing, factsheet

DAY = dt.date(2026, 12, 1)
ECAUSSINNES, BRAINE, SOIGNIES, LIEGE, BUTGENBACH = "55050", "55004", "55040", "62063", "63013"
BLUE, LIGHT_BLUE = vocabulary.STATUSES.colour("operational"), vocabulary.STATUSES.colour("being_set_up")
CELL = "CSIL-R Écaussinnes – Braine-le-Comte"
# The internal fields of the tiny registry: none may reach a public sheet.
INTERNAL = {
    "note": "Internal: the mayor wants a second session",
    "note_2": "Internal: prevention officer leaving in 2023",
    "planned_note": "Internal: bring the cartography",
    "follow_up": "01/10/2018",
    "source": "survey 27 May 2016",
    "file": "hainaut-csil-r-2023.xlsx",
}

FILES = {
    "cells.csv": f"""cell_id,name,kind,established
C1,{CELL},several,2016-03-01
C2,CSIL-R Liège,single,2019-01-15
C3,Zelle Bütgenbach,single,2020-06-01
""",
    "cell_members.csv": f"""cell_id,municipality,joined,left
C1,{ECAUSSINNES},2016-03-01,
C1,{BRAINE},2016-03-01,2023-06-30
C1,{SOIGNIES},2023-07-01,
C2,{LIEGE},2019-01-15,
C3,{BUTGENBACH},2020-06-01,
""",
    "status.csv": f"""date,municipality,cell_id,status,source
2016-05-27,{ECAUSSINNES},C1,operational,{INTERNAL["source"]}
2016-05-27,{BRAINE},C1,operational,{INTERNAL["source"]}
2023-07-01,{SOIGNIES},C1,being_set_up,import of {INTERNAL["file"]}
2019-01-15,{LIEGE},,planned,call with the prevention service
2021-03-01,{LIEGE},C2,operational,import of liege-suivi.csv
2020-06-01,{BUTGENBACH},C3,operational,Gemeinde Bütgenbach
""",
    "visits.csv": f"""visit_id,date,team,offer,municipalities,report_delivered,follow_up,internal_notes
V1,2018-04-12,mobile_team,field_analysis,{ECAUSSINNES};{BRAINE},true,2018-10-01,{INTERNAL["note"]}
V2,2022-11-08,radix_front_office,awareness_day,{ECAUSSINNES},false,,{INTERNAL["note_2"]}
V3,2020-02-03,radix_front_office,livcr_setup_support,{LIEGE},true,,
V4,2024-05-21,radix_front_office,training,{BUTGENBACH},true,2024-09-01,Intern: Schulung für das Personal
""",
    "programmes.csv": f"""programme,municipality
pilot_grant_2016,{LIEGE}
""",
}


def with_planned(reg: registry.Registry, rows: list[dict]) -> registry.Registry:
    """The registry with planned visits (a store keeps them; a CSV registry has none)."""
    planned = pd.DataFrame([{k: v for k, v in r.items() if k != "places"} | {"precision": "day"} for r in rows])
    places = pd.DataFrame([{"visit_id": r["visit_id"], "municipality": n, "nis_2025": n} for r in rows for n in r["places"]])
    return dataclasses.replace(reg, planned=planned,
                               visit_municipalities=pd.concat([reg.visit_municipalities, places], ignore_index=True))


PLANNED = [{"visit_id": "P1", "date": dt.date(2027, 2, 15), "team": "radix_front_office", "offer": "project_support",
            "report_delivered": None, "follow_up": None, "internal_notes": INTERNAL["planned_note"],
            "places": [ECAUSSINNES, SOIGNIES]}]


@pytest.fixture
def tiny(tmp_path) -> registry.Registry:
    for name, content in FILES.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    return with_planned(registry.load_registry(tmp_path), PLANNED)


@pytest.fixture(scope="module")
def places(population_csv):
    return gazetteer.load_gazetteer(2025, population_csv)


@pytest.fixture(scope="module")
def shapes(web_boundaries):
    return web_boundaries[2025]


def hainaut(places) -> tuple[str, ...]:
    return tuple(places.loc[places["province"] == "50000", "nis"])


def population(places, *codes) -> str:
    total = sum(int(places.set_index("nis").loc[c, "population"]) for c in codes)
    return f"{total:,}".replace(",", "\u202f")


CAPTION = "Province: Hainaut. Black outline: this sheet's municipalities; in colour: the cell's members by status."
MORE = "… and {count} more, not shown"
SOURCE = ("Data: the LIVC-R registry of the Radix Team (FPS Home Affairs), as recorded on the day above. "
          "Boundaries and population (1 January 2020): Statbel.")


def test_the_public_sheet_of_a_municipality(tiny, places):
    sheet = factsheet.municipality_sheet(tiny, places, ECAUSSINNES, DAY, "en", "public")
    assert sheet == Sheet(
        kicker="LIVC-R national cartography · fact sheet",
        title="Ecaussinnes",
        subtitle="Municipality · NIS code 55050 · Wallonia · Province: Hainaut",
        as_of="As of 1 December 2026",
        facts=(
            ("Names", "Ecaussinnes"),
            ("NIS code", ECAUSSINNES),
            ("Region", "Wallonia"),
            ("Province", "Hainaut"),
            ("Population (2020)", population(places, ECAUSSINNES)),
            ("LIVC-R status", "Operational since 27 May 2016"),
            ("Cell", f"{CELL} (Several municipalities)"),
            ("Visits", "2 (the last: 8 November 2022)"),
        ),
        map=SheetMap(
            area=hainaut(places), fills=((ECAUSSINNES, BLUE), (SOIGNIES, LIGHT_BLUE)), focus=(ECAUSSINNES,),
            labels=((ECAUSSINNES, "Ecaussinnes"),), legend=(("Operational", BLUE), ("Being set up", LIGHT_BLUE)),
            caption=CAPTION,
        ),
        blocks=(
            (SheetTable(
                heading=f"Members of {CELL}", columns=("Municipality", "Joined", "Left", "Status"),
                rows=(
                    SheetRow(("Ecaussinnes", "01/03/2016", "—", "Operational"), emphasis=True),
                    SheetRow(("Soignies", "01/07/2023", "—", "Being set up")),
                    SheetRow(("Braine-le-Comte", "01/03/2016", "30/06/2023", "Operational")),
                ),
                total=3, more=MORE, empty="This cell has no members.", min_rows=5,
            ),),
            (SheetTable(
                heading="Status history, latest first", columns=("Date", "Status", "Cell"),
                rows=(SheetRow(("27/05/2016", "Operational", CELL)),), total=1, more=MORE, empty="No status recorded.",
                min_rows=3,
            ),),
            (SheetTable(
                heading="Visits, latest first", columns=("Date", "Team", "Offer", "Report", "Together with"),
                rows=(
                    SheetRow(("08/11/2022", "Radix Team Front-Office", "Awareness day", "no", "—")),
                    SheetRow(("12/04/2018", "Mobile Team", "Field analysis", "yes", "Braine-le-Comte")),
                ),
                total=2, more=MORE, empty="No visit recorded.", min_rows=4,
            ),),
        ),
        source=SOURCE,
        marks=(),
        staff=False,
        file_stem="factsheet-ecaussinnes-55050-public-en",
        footer="Public version: no internal notes, follow-ups or sources.",
    )


def test_the_staff_sheet_adds_the_internal_fields_and_says_so(tiny, places):
    public = factsheet.municipality_sheet(tiny, places, ECAUSSINNES, DAY, "en", "public")
    staff = factsheet.municipality_sheet(tiny, places, ECAUSSINNES, DAY, "en", "staff")
    (members,), (history,), (visits,) = public.blocks
    # The Radix Team's plans are internal too: the next planned visit and the planned visits.
    planned = SheetTable(
        heading="Planned visits, soonest first", columns=("Date", "Team", "Offer", "Together with"),
        rows=(SheetRow(("15/02/2027", "Radix Team Front-Office", "Project development support", "Soignies")),),
        total=1, more=MORE, empty="No visit planned.", min_rows=2,
    )
    assert staff == dataclasses.replace(
        public,
        marks=("INTERNAL — STAFF ONLY",),
        staff=True,
        facts=public.facts[:6] + (("Status source", "survey 27 May 2016"),) + public.facts[6:] + (
            ("Next planned visit", "15 February 2027 · Radix Team Front-Office · Project development support"),),
        blocks=(
            (members,),
            (dataclasses.replace(history, rows=(
                dataclasses.replace(history.rows[0], detail="Source: survey 27 May 2016"),)),),
            (dataclasses.replace(visits, rows=(
                dataclasses.replace(visits.rows[0], detail=f"Note: {INTERNAL['note_2']}"),
                dataclasses.replace(visits.rows[1], detail=f"Follow-up: 01/10/2018 · Note: {INTERNAL['note']}"),
            )),),
            (dataclasses.replace(planned, rows=(
                dataclasses.replace(planned.rows[0], detail=f"Note: {INTERNAL['planned_note']}"),)),),
        ),
        file_stem="factsheet-ecaussinnes-55050-staff-en",
        footer="Internal: holds notes, follow-ups and sources. Do not hand out.",
    )


def test_the_sheet_of_a_cell(tiny, places):
    sheet = factsheet.cell_sheet(tiny, places, "C1", DAY, "en", "staff")
    now = (ECAUSSINNES, SOIGNIES)
    assert sheet == Sheet(
        kicker="LIVC-R national cartography · fact sheet",
        title=CELL,
        subtitle="Cell · Several municipalities · 2 member(s) now · Province: Hainaut",
        as_of="As of 1 December 2026",
        facts=(
            ("Kind", "Several municipalities"),
            ("Established", "1 March 2016"),
            ("Members now", "Ecaussinnes, Soignies"),
            ("Population (2020)", population(places, *now)),
            ("Members' status", "Operational 1 · Being set up 1"),
            ("Visits", "2 (the last: 8 November 2022)"),
            ("Next planned visit", "15 February 2027 · Radix Team Front-Office · Project development support"),
        ),
        map=SheetMap(
            area=hainaut(places), fills=((ECAUSSINNES, BLUE), (SOIGNIES, LIGHT_BLUE)), focus=now,
            labels=((ECAUSSINNES, "Ecaussinnes"), (SOIGNIES, "Soignies")),
            legend=(("Operational", BLUE), ("Being set up", LIGHT_BLUE)), caption=CAPTION,
        ),
        blocks=(
            (
                SheetTable(
                    heading="Members, now and before",
                    columns=("Municipality", "NIS code", "Joined", "Left", "Status", "Since", "Last visit"),
                    rows=(
                        SheetRow(("Ecaussinnes", ECAUSSINNES, "01/03/2016", "—", "Operational", "27/05/2016", "08/11/2022"),
                                 detail="Source: survey 27 May 2016"),
                        SheetRow(("Soignies", SOIGNIES, "01/07/2023", "—", "Being set up", "01/07/2023", "—"),
                                 detail=f"Source: import of {INTERNAL['file']}"),
                        SheetRow(("Braine-le-Comte", BRAINE, "01/03/2016", "30/06/2023", "Operational", "27/05/2016",
                                  "12/04/2018"), detail="Source: survey 27 May 2016"),
                    ),
                    total=3, more=MORE, empty="This cell has no members.", min_rows=8,
                ),
            ),
            (
                SheetTable(
                    heading="Visits, latest first", columns=("Date", "Team", "Offer", "Report", "Members visited"),
                    rows=(
                        SheetRow(("08/11/2022", "Radix Team Front-Office", "Awareness day", "no", "Ecaussinnes"),
                                 detail=f"Note: {INTERNAL['note_2']}"),
                        SheetRow(("12/04/2018", "Mobile Team", "Field analysis", "yes", "Ecaussinnes, Braine-le-Comte"),
                                 detail=f"Follow-up: 01/10/2018 · Note: {INTERNAL['note']}"),
                    ),
                    total=2, more=MORE, empty="No visit recorded.", min_rows=4,
                ),
            ),
            (
                SheetTable(
                    heading="Planned visits, soonest first", columns=("Date", "Team", "Offer", "Members visited"),
                    rows=(SheetRow(("15/02/2027", "Radix Team Front-Office", "Project development support",
                                    "Ecaussinnes, Soignies"), detail=f"Note: {INTERNAL['planned_note']}"),),
                    total=1, more=MORE, empty="No visit planned.", min_rows=2,
                ),
            ),
        ),
        source=SOURCE,
        marks=("INTERNAL — STAFF ONLY",),
        staff=True,
        file_stem="factsheet-csil-r-ecaussinnes-braine-le-comte-c1-staff-en",
        footer="Internal: holds notes, follow-ups and sources. Do not hand out.",
    )


@pytest.mark.parametrize("kind, ident", [("municipality", ECAUSSINNES), ("municipality", LIEGE), ("cell", "C1"),
                                         ("cell", "C2")])
@pytest.mark.parametrize("lang", ["en", "nl", "fr"])
def test_no_internal_field_on_a_public_sheet(tiny, places, kind, ident, lang):
    build = factsheet.municipality_sheet if kind == "municipality" else factsheet.cell_sheet
    public = " ".join(build(tiny, places, ident, DAY, lang, "public").texts())
    staff = " ".join(build(tiny, places, ident, DAY, lang, "staff").texts())
    internal = [INTERNAL["note"], INTERNAL["note_2"], INTERNAL["planned_note"], INTERNAL["source"], INTERNAL["file"],
                "01/10/2018", "import of liege-suivi.csv", "call with the prevention service"]
    assert [i for i in internal if i in public] == []
    assert [i for i in internal if i in staff] != []


def test_a_demo_registry_marks_every_sheet_and_keeps_its_notes_internal(places, shapes):
    demo = registry.load_registry(registry.DEMO_DIR)
    noted = demo.visits[demo.visits["internal_notes"].str.startswith("DEMO internal note:")]
    places_of = demo.visit_municipalities.set_index("visit_id")["nis_2025"]
    nis = places_of.loc[noted["visit_id"].iloc[-1]]
    nis = nis if isinstance(nis, str) else nis.iloc[0]
    public = factsheet.municipality_sheet(demo, places, nis, DAY, "en", "public")
    staff = factsheet.municipality_sheet(demo, places, nis, DAY, "en", "staff")
    assert (public.marks, staff.marks) == (("DEMO DATA",), ("INTERNAL — STAFF ONLY", "DEMO DATA"))
    assert "demo data, invented" in public.source
    public_text, staff_text = pdf_text(drawing.render_pdf(public, shapes)), pdf_text(drawing.render_pdf(staff, shapes))
    assert ("DEMO DATA" in public_text, "DEMO internal note:" in public_text, "(demo)" in public_text) == (True, False, False)
    assert ("DEMO DATA" in staff_text, "DEMO internal note:" in staff_text, "STAFF ONLY" in staff_text) == (True, True, True)


def test_a_sheet_read_from_the_store_on_every_backend(engine, places):
    """The store's frames (planned visits, dates and flags as each database returns them) make
    the same sheet: a visit and a planned one recorded through the editing rules."""
    made = DAY - dt.timedelta(days=12)
    editing.record_visit(engine, "test", visited_on=made, team="radix_front_office", offer="training",
                         municipalities=[LIEGE], report_delivered=None, follow_up=DAY + dt.timedelta(days=60),
                         internal_notes="Note from the store", today=DAY)
    editing.record_visit(engine, "test", visited_on=DAY + dt.timedelta(days=30), team="radix_back_office",
                         offer="other", municipalities=[LIEGE, BUTGENBACH], internal_notes="Planned, from the store",
                         today=DAY)
    reg = store.load_registry_frames(engine)
    public = factsheet.municipality_sheet(reg, places, LIEGE, DAY, "fr", "public")
    staff = factsheet.municipality_sheet(reg, places, LIEGE, DAY, "fr", "staff")
    (_,), (_,), (visits,), (planned,) = staff.blocks
    assert (visits.rows[0], planned.rows, dict(staff.facts)["Prochaine visite prévue"]) == (
        SheetRow(("19/11/2026", "Radix Team Front-Office", "Formation", "—", "—"),
                 detail="Suivi : 30/01/2027 · Note : Note from the store"),
        (SheetRow(("31/12/2026", "Radix Team Back-Office", "Autre", "Butgenbach"), detail="Note : Planned, from the store"),),
        "31 décembre 2026 · Radix Team Back-Office · Autre",
    )
    assert [t for t in public.texts() if "from the store" in t or "30/01/2027" in t] == []
    assert (public.marks, staff.marks) == (("DONNÉES DE DÉMONSTRATION",),
                                           ("INTERNE — RÉSERVÉ AU PERSONNEL", "DONNÉES DE DÉMONSTRATION"))


def test_a_real_registry_has_no_demo_mark(tiny, places):
    assert factsheet.municipality_sheet(tiny, places, LIEGE, DAY, "en", "public").marks == ()


def test_unknown_variant_municipality_or_cell_is_refused(tiny, places):
    with pytest.raises(ValueError, match="variant"):
        factsheet.municipality_sheet(tiny, places, LIEGE, DAY, "en", "internal")
    with pytest.raises(KeyError):
        factsheet.municipality_sheet(tiny, places, "99999", DAY, "en", "public")
    with pytest.raises(KeyError):
        factsheet.cell_sheet(tiny, places, "C99", DAY, "en", "public")


# --- long lists ---------------------------------------------------------------------------

LONG_NOTE = ("Internal: " + "the cell asked for material in both national languages and a second awareness day "
             "for the social services, to be planned after the municipal council of the spring; ") * 3

QUOTED_NOTE = f'"{LONG_NOTE}"'  # it holds commas


@pytest.fixture
def crowded(tmp_path, places) -> registry.Registry:
    """Everything at once, and long: 30 visits with long notes and follow-ups, 20 status events
    with long sources, a cell of 30 municipalities of Hainaut, 10 planned visits."""
    members = [c for c in hainaut(places) if c != ECAUSSINNES][:29]
    files = dict(FILES)
    files["cell_members.csv"] = "cell_id,municipality,joined,left\n" + "".join(
        f"C1,{c},2016-03-01,\n" for c in [ECAUSSINNES, *members])
    statuses = ["planned", "being_set_up", "operational", "none"]
    files["status.csv"] = "date,municipality,cell_id,status,source\n" + "".join(
        f"{2016 + i // 3}-{1 + (i % 3) * 4:02d}-01,{ECAUSSINNES},C1,{statuses[i % 4]},import of "
        f"a-very-long-file-name-from-the-provincial-governors-service-{i}.xlsx\n" for i in range(20))
    files["visits.csv"] = "visit_id,date,team,offer,municipalities,report_delivered,follow_up,internal_notes\n" + "".join(
        f"V{i:02d},{2016 + i // 4}-{1 + (i % 4) * 3:02d}-10,radix_front_office,livcr_setup_support,"
        f"{ECAUSSINNES};{';'.join(members[i % 20:i % 20 + 6])},true,{2016 + i // 4}-12-20,{QUOTED_NOTE}\n" for i in range(30))
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    planned = [{"visit_id": f"P{i}", "date": dt.date(2027, 1 + i, 5), "team": "radix_back_office",
                "offer": "project_support", "report_delivered": None, "follow_up": dt.date(2027, 1 + i, 20),
                "internal_notes": LONG_NOTE, "places": [ECAUSSINNES, *members[:8]]} for i in range(10)]
    return with_planned(registry.load_registry(tmp_path), planned)


def test_long_lists_keep_the_latest_and_the_page_says_how_many_more(crowded, places, shapes):
    sheet = factsheet.municipality_sheet(crowded, places, ECAUSSINNES, DAY, "en", "staff")
    (members,), (history,), (visits,), (planned,) = sheet.blocks
    assert [(len(t.rows), t.total) for t in (members, history, visits, planned)] == [(12, 30), (10, 20), (12, 30), (5, 10)]
    assert [r.cells[0] for r in visits.rows] == [
        "10/04/2023", "10/01/2023", "10/10/2022", "10/07/2022", "10/04/2022", "10/01/2022", "10/10/2021", "10/07/2021",
        "10/04/2021", "10/01/2021", "10/10/2020", "10/07/2020"]
    assert [r.cells[0] for r in planned.rows] == ["05/01/2027", "05/02/2027", "05/03/2027", "05/04/2027", "05/05/2027"]
    assert [r.cells[:2] for r in history.rows[:2]] == [("01/05/2022", "No cell"), ("01/01/2022", "Operational")]
    # Notes two lines long take room: the page keeps the fewest rows it promises, and says so.
    measured = drawing.layout(sheet)
    assert (measured.kept, measured.fits) == (((5,), (3,), (4,), (2,)), True)
    text = pdf_text(drawing.render_pdf(sheet, shapes))
    assert [f"… and {n} more, not shown" in text for n in (25, 17, 26, 8)] == [True] * 4


@pytest.mark.parametrize("lang", ["en", "nl", "fr"])
@pytest.mark.parametrize("kind, ident", [("municipality", ECAUSSINNES), ("cell", "C1")])
def test_the_longest_content_fits_the_page(crowded, places, kind, ident, lang):
    build = factsheet.municipality_sheet if kind == "municipality" else factsheet.cell_sheet
    for variant in factsheet.VARIANTS:
        sheet = build(crowded, places, ident, DAY, lang, variant)
        measured = drawing.layout(sheet)
        tables = [table for block in sheet.blocks for table in block]
        kept = [n for block in measured.kept for n in block]
        assert measured.fits, (variant, measured)
        assert [k >= min(t.min_rows, len(t.rows)) for t, k in zip(tables, kept)] == [True] * len(tables), kept


def test_a_short_sheet_shows_every_row(tiny, places):
    sheet = factsheet.municipality_sheet(tiny, places, ECAUSSINNES, DAY, "en", "staff")
    assert drawing.layout(sheet).kept == ((3,), (1,), (2,), (1,))


# --- the page -----------------------------------------------------------------------------

A4_POINTS = (595.28, 841.89)


def pdf_text(data: bytes) -> str:
    """The PDF's text with its lines joined: a value wrapped over two lines reads as one."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_pdf_is_one_a4_page_and_png_is_a4_at_150_dpi(tiny, places, shapes):
    from PIL import Image

    sheet = factsheet.municipality_sheet(tiny, places, ECAUSSINNES, DAY, "en", "staff")
    reader = PdfReader(io.BytesIO(drawing.render_pdf(sheet, shapes)))
    box = reader.pages[0].mediabox
    image = Image.open(io.BytesIO(drawing.render_png(sheet, shapes)))
    assert (len(reader.pages), round(float(box.width), 1), round(float(box.height), 1), image.size, image.format) == (
        1, *(round(v, 1) for v in A4_POINTS), (1240, 1753), "PNG")


@pytest.mark.parametrize("lang, words", [
    ("en", ["As of 1 December 2026", "Operational since 1 March 2021", "Visits, latest first", "Liège"]),
    ("nl", ["Toestand op 1 december 2026", "Operationeel sinds 1 maart 2021", "Bezoeken, recentste eerst", "Luik"]),
    ("fr", ["Situation au 1er décembre 2026", "Opérationnelle depuis 1er mars 2021", "Visites, la plus récente d'abord",
            "Liège"]),
])
def test_pdf_text_in_every_language_with_accents(tiny, places, shapes, lang, words):
    liege = pdf_text(drawing.render_pdf(factsheet.municipality_sheet(tiny, places, LIEGE, DAY, lang, "public"), shapes))
    cell = pdf_text(drawing.render_pdf(factsheet.cell_sheet(tiny, places, "C1", DAY, lang, "public"), shapes))
    butgenbach = pdf_text(drawing.render_pdf(factsheet.municipality_sheet(tiny, places, BUTGENBACH, DAY, lang, "staff"),
                                             shapes))
    label = vocabulary.PROGRAMMES.label("pilot_grant_2016", lang)
    assert [w for w in [*words, label] if w not in liege] == []
    assert ("CSIL-R Écaussinnes – Braine-le-Comte" in cell, "Bütgenbach" in butgenbach,
            "Schulung für das Personal" in butgenbach) == (True, True, True)


def test_public_pdf_leaves_out_what_the_staff_pdf_holds(tiny, places, shapes):
    texts = {v: pdf_text(drawing.render_pdf(factsheet.cell_sheet(tiny, places, "C1", DAY, "en", v), shapes))
             for v in factsheet.VARIANTS}
    shown = {v: [k for k, value in INTERNAL.items() if value in text] for v, text in texts.items()}
    assert shown == {"staff": list(INTERNAL), "public": []}
    assert ("INTERNAL — STAFF ONLY" in texts["staff"], "STAFF ONLY" in texts["public"]) == (True, False)


# --- the pages ----------------------------------------------------------------------------

DASHBOARD = (ROOT / "dashboard.py").read_text(encoding="utf-8")


def open_page(page: str, role: str, **query) -> AppTest:
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    at.session_state["role"], at.session_state["user"] = role, f"test-{role}"
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(str(ROOT / "pages" / f"{page}.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def downloads(at: AppTest) -> list[str]:
    return [button.proto.label for button in at.get("download_button")]


@pytest.mark.parametrize("role", ["staff", "editor"])
def test_the_profile_offers_both_versions_to_staff_the_internal_one_first(page_store, role):
    at = open_page("profile", role, nis=LIEGE)
    version = at.radio(key="profile_factsheet_variant")
    assert (downloads(at), version.options, version.value) == (
        ["Internal fact sheet (PDF, A4)", "Internal fact sheet (PNG)"], ["Internal (staff only)", "Public"], "staff")
    version.set_value("public").run()
    assert not at.exception and downloads(at) == ["Public fact sheet (PDF, A4)", "Public fact sheet (PNG)"]


def test_the_cells_page_offers_the_sheet_of_the_cell_picked(page_store):
    at = open_page("cells", "staff")
    assert downloads(at) == []
    cell = store.load_registry_frames(page_store).cells["cell_id"].iloc[0]
    at.selectbox(key="cell_pick").set_value(cell).run()
    assert not at.exception, [e.value for e in at.exception]
    assert (downloads(at), at.radio(key="cell_factsheet_variant").value) == (
        ["Internal fact sheet (PDF, A4)", "Internal fact sheet (PNG)"], "staff")


def widget_app(role: str, variants) -> AppTest:
    def app(role, variants):
        from pages.ui.auth import Visitor
        from pages.ui.factsheet import render_factsheet_downloads

        render_factsheet_downloads("nl", Visitor(role=role, user="x", lang="nl"), nis="62063", key="w", variants=variants)

    at = AppTest.from_function(app, default_timeout=120, args=(role, variants))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


PUBLIC_NL, INTERNAL_NL = ["Publieke fiche (PDF, A4)", "Publieke fiche (PNG)"], ["Interne fiche (PDF, A4)", "Interne fiche (PNG)"]


@pytest.mark.parametrize("role, variants, offered, buttons", [
    ("anonymous", None, None, PUBLIC_NL),
    ("anonymous", ("staff", "public"), None, PUBLIC_NL),  # a page asking for more than the role allows: public
    ("staff", None, ["Intern (enkel personeel)", "Publiek"], INTERNAL_NL),
    ("staff", ("public",), None, PUBLIC_NL),  # the public map's details panel: the public version, for staff too
])
def test_the_internal_version_is_for_staff_only(page_store, role, variants, offered, buttons):
    at = widget_app(role, variants)
    assert (downloads(at), [r.options for r in at.radio] or None) == (buttons, [offered] if offered else None)


@pytest.mark.parametrize("role, variants, expected", [
    ("anonymous", None, ("public",)), ("anonymous", ("staff",), ("public",)), ("staff", None, ("staff", "public")),
    ("editor", ("public", "staff"), ("public", "staff")), ("admin", ("public",), ("public",)),
])
def test_offered_variants(role, variants, expected):
    from pages.ui.auth import Visitor
    from pages.ui.factsheet import offered_variants

    assert offered_variants(Visitor(role=role, user="x", lang="en"), variants) == expected
