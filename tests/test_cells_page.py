"""The Cells page under AppTest, on a store of its own: an editor creates a police-zone cell of
three municipalities, renames it, adds and removes members; an overlap is refused with its
message; a stale save is refused with both versions shown and nothing typed lost; staff read
the cells and get no form."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from geo import gazetteer
from geo.settings import ROOT
from loaders import registry, store
from loaders.store import editing, reading

DASHBOARD = (ROOT / "dashboard.py").read_text(encoding="utf-8")
CELLS = str(ROOT / "pages" / "cells.py")
DEMO = registry.load_registry(None)
NAMES = gazetteer.load_gazetteer(2025).set_index("nis")


def label(nis: str) -> str:
    """A municipality as the pickers list it: "Boechout (11004)"."""
    return f"{gazetteer.display_name(NAMES.loc[nis].to_dict(), 'en')} ({nis})"


# Three municipalities the demo dataset never puts in a cell, and one more (computed, so a
# regenerated demo keeps these tests about the page, not about the data).
FIRST, SECOND, THIRD, FOURTH = sorted(gazetteer.codes_2025() - set(DEMO.members["nis_2025"]))[:4]
ANTWERPEN = "11002"  # a member of one of the demo's 2016 cells, from 2015 on
ANTWERPEN_MEMBERSHIP = DEMO.members[(DEMO.members["nis_2025"] == ANTWERPEN) & DEMO.members["left"].isna()].iloc[0]
ANTWERPEN_CELL = DEMO.cells.set_index("cell_id").loc[ANTWERPEN_MEMBERSHIP["cell_id"], "name"]


@pytest.fixture
def engine(page_store):
    return page_store  # the pages' own store (conftest), under the name these tests use


def open_cells(role: str = "editor", user: str = "test-editor", **query) -> AppTest:
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    at.session_state["role"], at.session_state["user"] = role, user
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(CELLS).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Cells"
    return at


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def find_cell(engine, name: str) -> dict:
    return next(c for c in reading.cells_with_revision(engine).values() if c["name"] == name)


def current_members(cell: dict) -> dict[str, tuple]:
    return {m["nis_2025"]: (m["joined"], m["left_on"]) for m in cell["members"]}


def create_police_zone(at: AppTest) -> AppTest:
    at.text_input(key="cell_new_name").input("PZ Noorderkempen")
    at.selectbox(key="cell_new_kind").set_value("police_zone")
    at.multiselect(key="cell_new_members").set_value([FIRST, SECOND, THIRD])
    at.date_input(key="cell_new_joined").set_value(dt.date(2024, 1, 1))
    return click(at, "Create the cell")


def test_an_editor_creates_renames_and_changes_the_members_of_a_cell(engine):
    at = open_cells()
    before = len(reading.cells_with_revision(engine))
    create_police_zone(at)
    assert [s.value for s in at.success] == ["Cell PZ Noorderkempen created with 3 member(s)."]
    cell = find_cell(engine, "PZ Noorderkempen")
    assert len(reading.cells_with_revision(engine)) == before + 1
    assert (cell["kind"], cell["revision"], cell["established"]) == ("police_zone", 1, dt.date(2024, 1, 1))
    assert current_members(cell) == {n: (dt.date(2024, 1, 1), None) for n in (FIRST, SECOND, THIRD)}
    # The new cell is opened, with its members, and listed with the others.
    assert at.selectbox(key="cell_pick").value == cell["cell_id"]
    assert at.query_params["cell"] == cell["cell_id"]
    members = at.dataframe[1].value
    assert sorted(members["Municipality"]) == sorted(map(label, (FIRST, SECOND, THIRD)))
    listed = at.dataframe[0].value
    row = listed[listed["Name"] == "PZ Noorderkempen"]
    assert row[["Kind", "Members today"]].values.tolist() == [["Police zone", 3]]
    assert at.text_input(key="cell_new_name").value == ""  # the create form starts empty again

    # Rename.
    at.text_input(key="cell_edit_name").input("PZ Noorderkempen-Noord")
    click(at, "Save the cell")
    assert [s.value for s in at.success] == ["PZ Noorderkempen-Noord saved (revision 2)."]
    cell = find_cell(engine, "PZ Noorderkempen-Noord")
    assert (cell["revision"], cell["kind"]) == (2, "police_zone")

    # The third leaves on 30 June 2025, the fourth joins on 1 July 2025, in one save.
    at.multiselect(key="cell_edit_remove").set_value([THIRD])
    at.date_input(key="cell_edit_left").set_value(dt.date(2025, 6, 30))
    at.multiselect(key="cell_edit_add").set_value([FOURTH])
    at.date_input(key="cell_edit_joined").set_value(dt.date(2025, 7, 1))
    click(at, "Save the cell")
    assert [s.value for s in at.success] == ["PZ Noorderkempen-Noord saved (revision 3)."]
    cell = find_cell(engine, "PZ Noorderkempen-Noord")
    assert current_members(cell) == {
        FIRST: (dt.date(2024, 1, 1), None), SECOND: (dt.date(2024, 1, 1), None),
        THIRD: (dt.date(2024, 1, 1), dt.date(2025, 6, 30)), FOURTH: (dt.date(2025, 7, 1), None),
    }
    shown = at.dataframe[1].value
    third = shown[shown["Municipality"] == label(THIRD)]
    assert third[["Joined", "Left"]].values.tolist() == [[dt.date(2024, 1, 1), "30/06/2025"]]
    assert shown[shown["Municipality"] == label(FOURTH)]["Left"].tolist() == ["—"]
    assert at.multiselect(key="cell_edit_remove").options == [label(FIRST), label(SECOND), label(FOURTH)]
    # The registry the other pages read follows at once (the store's change counter moved).
    registry = store.load_registry_frames(engine)
    assert set(registry.members[registry.members["cell_id"] == cell["cell_id"]]["nis_2025"]) == {
        FIRST, SECOND, THIRD, FOURTH,
    }

    # Every change is in the audit log, by the editor, with before and after.
    audit = [(e["actor"], e["action"], e["record_key"]) for e in store.audit_entries(engine)[:3]]
    assert audit == [("test-editor", "edit_cell", cell["cell_id"])] * 2 + [("test-editor", "create_cell", cell["cell_id"])]


def test_a_municipality_of_another_cell_is_refused_with_its_reason(engine):
    at = open_cells()
    create_police_zone(at)
    cell = find_cell(engine, "PZ Noorderkempen")
    at.multiselect(key="cell_edit_add").set_value([ANTWERPEN])
    at.date_input(key="cell_edit_joined").set_value(dt.date(2025, 1, 1))
    click(at, "Save the cell")
    errors = [e.value.replace("\\", "") for e in at.error]
    assert errors == [
        (f"11002 already belongs to {ANTWERPEN_CELL} from {ANTWERPEN_MEMBERSHIP['joined'].isoformat()} (until —): "
         "a municipality belongs to one cell at a time; end that membership first"),
    ]
    assert not at.success
    assert find_cell(engine, "PZ Noorderkempen")["revision"] == cell["revision"]  # nothing written
    assert at.multiselect(key="cell_edit_add").value == [ANTWERPEN]  # what was typed is kept
    # The same rule when creating.
    at.text_input(key="cell_new_name").input("Kempen bis")
    at.multiselect(key="cell_new_members").set_value([FIRST])
    click(at, "Create the cell")
    assert [e.value.replace("\\", "") for e in at.error][0].startswith(f"{FIRST} already belongs to PZ Noorderkempen from 2024-01-01")
    assert not [c for c in reading.cells_with_revision(engine).values() if c["name"] == "Kempen bis"]
    assert at.text_input(key="cell_new_name").value == "Kempen bis"


def test_a_stale_save_is_refused_with_both_versions_and_nothing_lost(engine):
    """The issue's overwrite: A opens the cell; B saves; A is refused. B saves again and A, whose
    form is still open, applies theirs on the revision they were shown: refused again, never an
    overwrite. Then A applies on the revision it is now."""
    cell_id = editing.create_cell(engine, "B", name="PZ Kempen", kind="police_zone",
                                  members=[(FIRST, dt.date(2024, 1, 1)), (SECOND, dt.date(2024, 1, 1))])
    at = open_cells(user="A", cell=cell_id)
    assert at.selectbox(key="cell_pick").value == cell_id
    at.text_input(key="cell_edit_name").input("PZ Noorderkempen (A)")
    at.multiselect(key="cell_edit_add").set_value([THIRD])
    at.date_input(key="cell_edit_joined").set_value(dt.date(2025, 1, 1))
    # B renames the cell meanwhile, from another session or server on the same store.
    editing.edit_cell(engine, cell_id, 1, "B", name="PZ Kempen (B)")
    click(at, "Save the cell")
    assert [e.value for e in at.error] == [
        "Someone else saved this record after you opened it. Their version and yours are shown below; nothing of yours is lost."
    ]
    texts = [m.value.replace("\\", "") for m in at.markdown]
    assert "**As it is now (revision 2)**" in texts and "**Your changes (made on revision 1)**" in texts
    assert any("PZ Kempen (B)" in t for t in texts)
    assert any("PZ Noorderkempen (A)" in t and f"{label(THIRD)} (01/01/2025)" in t for t in texts)
    # Nothing of A's is lost: the form holds what A typed; the store holds B's.
    assert at.text_input(key="cell_edit_name").value == "PZ Noorderkempen (A)"
    assert at.multiselect(key="cell_edit_add").value == [THIRD]
    assert (reading.cells_with_revision(engine)[cell_id]["name"], reading.cells_with_revision(engine)[cell_id]["revision"]) == (
        "PZ Kempen (B)", 2,
    )

    # B saves again; A applies on revision 2, which is no longer the cell's: refused again.
    editing.edit_cell(engine, cell_id, 2, "B", kind="several")
    click(at, "Apply my changes on revision 2")
    assert at.error[0].value.startswith("Someone else saved this record after you opened it.")
    assert reading.cells_with_revision(engine)[cell_id]["kind"] == "several"  # B's save stands
    assert "**As it is now (revision 3)**" in [m.value.replace("\\", "") for m in at.markdown]
    # A saves the stale form itself again: refused too (the form stays on what it was opened on).
    click(at, "Save the cell")
    assert at.error[0].value.startswith("Someone else saved this record after you opened it.")
    assert reading.cells_with_revision(engine)[cell_id]["revision"] == 3

    click(at, "Apply my changes on revision 3")
    assert [s.value for s in at.success] == ["PZ Noorderkempen (A) saved (revision 4)."]
    now = reading.cells_with_revision(engine)[cell_id]
    assert (now["name"], now["kind"], now["revision"]) == ("PZ Noorderkempen (A)", "several", 4)  # B's kind kept
    assert set(current_members(now)) == {FIRST, SECOND, THIRD}
    assert not at.error
    assert [(e["actor"], e["action"]) for e in store.audit_entries(engine)[:4]] == [
        ("A", "edit_cell"), ("B", "edit_cell"), ("B", "edit_cell"), ("B", "create_cell"),
    ]


def test_dropping_ones_changes_reopens_the_cell_as_it_is(engine):
    cell_id = editing.create_cell(engine, "B", name="PZ Kempen", kind="police_zone",
                                  members=[(FIRST, dt.date(2024, 1, 1))])
    at = open_cells(user="A", cell=cell_id)
    at.text_input(key="cell_edit_name").input("Mine")
    editing.edit_cell(engine, cell_id, 1, "B", name="Theirs")
    click(at, "Save the cell")
    click(at, "Drop my changes and reload the cell")
    assert not at.error
    assert at.text_input(key="cell_edit_name").value == "Theirs"
    at.text_input(key="cell_edit_name").input("Mine after all")
    click(at, "Save the cell")
    assert [s.value for s in at.success] == ["Mine after all saved (revision 3)."]


def test_staff_read_the_cells_and_get_no_form(engine):
    cell_id = editing.create_cell(engine, "B", name="PZ Kempen", kind="police_zone",
                                  members=[(FIRST, dt.date(2024, 1, 1))])
    at = open_cells(role="staff", user="test-staff", cell=cell_id)
    assert at.selectbox(key="cell_pick").value == cell_id
    assert at.dataframe[1].value["Municipality"].tolist() == [label(FIRST)]
    assert [i.value for i in at.info] == ["Creating and editing cells needs an editor's account."]
    assert not at.text_input and not at.multiselect and not at.date_input
    assert [b.label for b in at.button] == ["Sign out"]


def test_an_editor_demoted_before_the_save_writes_nothing(engine):
    """The role is read again on the server at the submit: a form drawn for an editor saves
    nothing once the session is no longer one."""
    cell_id = editing.create_cell(engine, "B", name="PZ Kempen", kind="police_zone",
                                  members=[(FIRST, dt.date(2024, 1, 1))])
    at = open_cells(cell=cell_id)
    at.text_input(key="cell_edit_name").input("Renamed")
    at.text_input(key="cell_new_name").input("Another")
    at.session_state["role"] = "staff"
    click(at, "Save the cell")
    assert reading.cells_with_revision(engine)[cell_id]["name"] == "PZ Kempen"
    assert not [c for c in reading.cells_with_revision(engine).values() if c["name"] == "Another"]
    assert not at.success and not at.text_input


def test_the_cells_page_refuses_anonymous_visitors(engine):
    at = AppTest.from_file(CELLS, default_timeout=120).run()
    assert [e.value for e in at.error] == ["This page is for signed-in staff of the Radix Team."]
    assert not at.dataframe
