"""The editing forms under AppTest, each test on a store of its own: an editor records, plans,
corrects and withdraws; staff see no form; two sessions on one visit lose nothing."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

import locales
from geo import gazetteer
from geo.settings import ROOT
from loaders import registry, store
from pages.ui import auth

DASHBOARD = (ROOT / "dashboard.py").read_text(encoding="utf-8")
PROFILE, VISITS = str(ROOT / "pages" / "profile.py"), str(ROOT / "pages" / "visits.py")
TODAY = dt.date.today()
LIEGE, HERSTAL = "62063", "62051"
# A municipality without a working cell in the demo dataset today, so on the planning list
# (computed: the demo may be regenerated).
_WORKING = store.status_on(registry.load_registry(None), TODAY)
NO_WORKING_CELL = min(gazetteer.codes_2025() - set(_WORKING.loc[_WORKING["status"] == "operational", "nis"]))


def session(page: str, role: str = "editor", user: str = "test-editor", **query) -> AppTest:
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    at.session_state["role"], at.session_state["user"] = role, user
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def conflict_shown(at: AppTest) -> bool:
    return locales.text("edit_conflict", "en") in [e.value for e in at.error]


def comparison(at: AppTest) -> dict[str, tuple[str, str]]:
    frame = next(d.value for d in at.dataframe if "Your version" in d.value.columns)
    return {r["Field"]: (r["Saved meanwhile (theirs)"], r["Your version"]) for _, r in frame.iterrows()}


def test_record_a_visit_of_two_municipalities_from_the_profile(page_store):
    at = session(PROFILE, nis=LIEGE)
    assert at.multiselect(key="new_visit_profile_municipalities").value == [LIEGE]  # pre-filled
    before = len(at.dataframe[1].value)
    at.multiselect(key="new_visit_profile_municipalities").set_value([LIEGE, HERSTAL])
    at.selectbox(key="new_visit_profile_offer").set_value("training")
    at.text_area(key="new_visit_profile_internal_notes").input("met the mayor")
    click(at, "Save the visit")
    assert [s.value for s in at.success] == ["The visit was saved."]
    reg = store.load_registry_frames(page_store)
    new = reg.visits[reg.visits["internal_notes"] == "met the mayor"]
    assert len(new) == 1 and new["offer"].item() == "training"
    ids = reg.visit_municipalities.loc[reg.visit_municipalities["visit_id"] == new["visit_id"].item(), "nis_2025"]
    assert sorted(ids) == sorted([LIEGE, HERSTAL])
    visits = at.dataframe[1].value
    assert len(visits) == before + 1  # shown at once
    assert "None" not in visits["Report delivered"].astype(str).tolist()
    assert "—" in visits["Report delivered"].tolist()  # no report flag given: a dash
    assert store.audit_entries(page_store, limit=1)[0]["actor"] == "test-editor"


def test_plan_a_visit_then_record_it_as_made_on_the_visits_page(page_store):
    later = TODAY + dt.timedelta(days=20)
    at = session(PROFILE, nis=NO_WORKING_CELL)
    at.date_input(key="new_visit_profile_visited_on").set_value(later)
    click(at, "Save the visit")
    planned = next(d.value for d in at.dataframe if "Municipalities visited" in d.value.columns)
    assert len(planned) == 1
    visits = session(VISITS)
    plan = next(d.value for d in visits.dataframe if "Next planned visit" in d.value.columns)
    shown = dict(zip(plan["NIS code"], plan["Next planned visit"]))
    assert shown[NO_WORKING_CELL] == later.strftime("%d/%m/%Y") and set(shown.values()) - {later.strftime("%d/%m/%Y")} == {"—"}
    [visit_id] = store.load_registry_frames(page_store).planned["visit_id"]
    visits.selectbox(key="visits_visit_pick").set_value(visit_id).run()
    visits.date_input(key=f"edit_visit_{visit_id}_visited_on").set_value(TODAY)
    visits.radio(key=f"edit_visit_{visit_id}_report_delivered").set_value("yes")
    click(visits, "Record as made")
    reg = store.load_registry_frames(page_store)
    assert reg.planned.empty
    made = reg.visits.set_index("visit_id").loc[visit_id]
    assert (made["date"], bool(made["report_delivered"])) == (TODAY, True)
    assert store.audit_entries(page_store, limit=1)[0]["action"] == "record_planned_visit"
    assert visits.caption and "No planned visit." in [c.value for c in visits.caption]


def test_change_a_status_for_the_whole_cell_and_withdraw_one(page_store):
    at = session(PROFILE, nis=LIEGE)
    assert at.radio(key="status_form_scope").options == ["Liège", next(
        o for o in at.radio(key="status_form_scope").options if o.startswith("the whole cell"))]
    at.selectbox(key="status_form_status").set_value("being_set_up")
    at.text_input(key="status_form_source").input("letter of the mayor")
    at.radio(key="status_form_scope").set_value("cell")
    click(at, "Save the status")
    status = store.status_on(store.load_registry_frames(page_store), TODAY).set_index("nis")
    assert status.loc[LIEGE, "status"] == "being_set_up"
    members = status[status["cell_id"] == status.loc[LIEGE, "cell_id"]]
    assert set(members["status"]) == {"being_set_up"}
    history = at.dataframe[0].value
    assert history["Source"].tolist()[-1] == "letter of the mayor"  # shown at once

    events = store.load_registry_frames(page_store).events
    newest = int(events[(events["nis_2025"] == LIEGE)]["event_id"].max())
    at.selectbox(key="withdraw_status_pick").set_value(newest).run()
    click(at, "Withdraw this status entry")
    assert "say why it is withdrawn" in [e.value for e in at.error]
    at.text_input(key=f"withdraw_status_{newest}_reason").input("wrong municipality")
    click(at, "Withdraw this status entry")
    assert store.status_on(store.load_registry_frames(page_store), TODAY).set_index("nis").loc[LIEGE, "status"] != "being_set_up"
    assert "letter of the mayor" not in at.dataframe[0].value["Source"].tolist()  # hidden by default
    at.toggle(key="show_withdrawn").set_value(True).run()
    shown = at.dataframe[0].value
    marked = shown[shown["Source"] == "letter of the mayor"]["Withdrawn"].item()
    assert "by test-editor: wrong municipality" in marked


def test_staff_see_no_form_and_a_forced_save_is_refused(page_store, monkeypatch):
    for page in (PROFILE, VISITS):
        at = session(page, role="staff", user="sam", nis=LIEGE)
        assert not at.get("form") and not at.get("tab")
    # A staff session whose page drew the forms anyway (as a crafted request would reach the
    # write): the server checks the role again right before writing, and refuses.
    monkeypatch.setattr(auth.Visitor, "may", lambda self, needed: True)
    at = session(PROFILE, role="staff", user="sam", nis=LIEGE)
    state = store.version(page_store)
    at.text_area(key="new_visit_profile_internal_notes").input("forced")
    click(at, "Save the visit")
    assert locales.text("not_allowed", "en") in [e.value for e in at.error]
    at = session(PROFILE, role="staff", user="sam", nis=LIEGE)
    at.text_input(key="status_form_source").input("forced")
    click(at, "Save the status")
    assert locales.text("not_allowed", "en") in [e.value for e in at.error]
    assert store.version(page_store) == state


def test_two_sessions_on_one_visit_lose_nothing(page_store):
    """The overwrite of issue 12: after a refusal, neither form re-reads the record on its own."""
    a, b = session(PROFILE, user="alice", nis=LIEGE), session(PROFILE, user="bob", nis=LIEGE)
    visit_id = a.selectbox(key="profile_visit_pick").value
    assert b.selectbox(key="profile_visit_pick").value == visit_id
    notes = f"edit_visit_{visit_id}_internal_notes"
    opened = store.read_visit(page_store, visit_id)["revision"]

    a.text_area(key=notes).input("from A")
    click(a, "Save")
    assert [s.value for s in a.success] == ["The visit was saved."]

    b.text_area(key=notes).input("from B")
    click(b, "Save")
    assert conflict_shown(b)
    assert comparison(b)["Internal notes"] == ("from A", "from B")  # theirs and yours side by side
    assert b.text_area(key=notes).value == "from B"  # what B typed is kept
    assert store.read_visit(page_store, visit_id)["internal_notes"] == "from A"

    click(b, "Save")  # again, without choosing: still on the revision B opened, still refused
    assert conflict_shown(b) and b.text_area(key=notes).value == "from B"
    assert store.read_visit(page_store, visit_id)["internal_notes"] == "from A"
    assert store.read_visit(page_store, visit_id)["revision"] == opened + 1

    click(b, "Apply mine over theirs")
    assert store.read_visit(page_store, visit_id)["internal_notes"] == "from B"
    assert not conflict_shown(b)

    a.text_area(key=notes).input("from A, again")
    click(a, "Save")  # A never reloaded: its revision is stale too, and it is refused
    assert conflict_shown(a) and a.text_area(key=notes).value == "from A, again"
    assert comparison(a)["Internal notes"] == ("from B", "from A, again")
    assert store.read_visit(page_store, visit_id)["internal_notes"] == "from B"

    click(a, "Take theirs (reload the form)")
    assert not conflict_shown(a) and a.text_area(key=notes).value == "from B"
    a.text_area(key=notes).input("from A, on B's")
    click(a, "Save")
    assert store.read_visit(page_store, visit_id)["internal_notes"] == "from A, on B's"
    audits = [e for e in store.audit_entries(page_store) if e["record_key"] == visit_id]
    assert [e["actor"] for e in audits] == ["alice", "bob", "alice"]


def test_a_visit_withdrawn_from_the_profile_leaves_its_table(page_store):
    at = session(PROFILE, nis=LIEGE)
    visit_id = at.selectbox(key="profile_visit_pick").value
    before = len(at.dataframe[1].value)
    at.text_input(key=f"edit_visit_{visit_id}_reason").input("duplicate")
    click(at, "Withdraw this visit")
    assert [s.value for s in at.success] == ["The visit was withdrawn; the history keeps it, with who, when and why."]
    reg = store.load_registry_frames(page_store)
    assert visit_id in set(reg.withdrawn_visits["visit_id"]) and visit_id not in set(reg.visits["visit_id"])
    tables = [d.value for d in at.dataframe if "Report delivered" in d.value.columns]
    assert (len(tables[0]) if tables else 0) == before - 1
