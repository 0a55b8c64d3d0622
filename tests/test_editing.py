"""The editing API of the store (loaders/store/editing.py) on every backend: record and plan
visits, statuses for municipalities and cells, withdrawals, cells one at a time, revisions
that refuse a stale save, and an audit line with before/after for every edit."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest

from geo import gazetteer
from loaders import registry, store
from loaders.store import editing

TODAY = dt.date.today()
LIEGE, HERSTAL, SERAING = "62063", "62051", "62096"
# Two municipalities the demo dataset never puts in a cell (computed: the demo may be regenerated).
FREE, OTHER_FREE = sorted(gazetteer.codes_2025() - set(registry.load_registry(None).members["nis_2025"]))[:2]


def frames(engine):
    return store.load_registry_frames(engine)


def places_of(reg, visit_id):
    return sorted(reg.visit_municipalities.loc[reg.visit_municipalities["visit_id"] == visit_id, "nis_2025"])


def last_audit(engine):
    entry = store.audit_entries(engine, limit=1)[0]
    return entry, (json.loads(entry["before"]) if entry["before"] else None), json.loads(entry["after"])


def test_record_a_visit_of_two_municipalities(engine):
    version = store.version(engine)
    visit_id = editing.record_visit(
        engine, "alice", visited_on=TODAY, team="radix_front_office", offer="training",
        municipalities=[LIEGE, HERSTAL], report_delivered=None, internal_notes="two at once",
    )
    reg = frames(engine)
    made = reg.visits.set_index("visit_id").loc[visit_id]
    assert (made["team"], made["offer"], made["internal_notes"]) == ("radix_front_office", "training", "two at once")
    assert places_of(reg, visit_id) == sorted([LIEGE, HERSTAL])
    assert visit_id not in set(reg.planned["visit_id"])
    assert store.version(engine) != version  # the pages' caches move on
    entry, before, after = last_audit(engine)
    assert (entry["actor"], entry["action"], entry["record_key"], before) == ("alice", "record_visit", visit_id, None)
    assert after["municipalities"] == [LIEGE, HERSTAL]


def test_plan_a_visit_then_record_it_as_made(engine):
    later = TODAY + dt.timedelta(days=30)
    visit_id = editing.record_visit(engine, "alice", visited_on=later, team="radix_front_office",
                                    offer="awareness_day", municipalities=[SERAING])
    reg = frames(engine)
    assert visit_id in set(reg.planned["visit_id"]) and visit_id not in set(reg.visits["visit_id"])
    assert last_audit(engine)[0]["action"] == "plan_visit"
    # Planned explicitly although dated today.
    today_planned = editing.record_visit(engine, "alice", visited_on=TODAY, team="radix_front_office",
                                         offer="training", municipalities=[SERAING], planned=True)
    assert today_planned in set(frames(engine).planned["visit_id"])
    revision = int(reg.planned.set_index("visit_id").loc[visit_id, "revision"])
    new = editing.edit_visit(engine, visit_id, revision, {"planned": False, "visited_on": TODAY, "report_delivered": True}, "bob")
    assert new == revision + 1
    reg = frames(engine)
    assert visit_id in set(reg.visits["visit_id"]) and visit_id not in set(reg.planned["visit_id"])
    entry, before, after = last_audit(engine)
    assert (entry["action"], before["planned"], after["planned"]) == ("record_planned_visit", True, False)
    assert before["visited_on"] == later.isoformat() and after["visited_on"] == TODAY.isoformat()


def test_a_visit_is_checked_before_anything_is_written(engine):
    version = store.version(engine)
    cases = [
        dict(team="nobody", offer="training", municipalities=[LIEGE]),
        dict(team="radix_front_office", offer="training", municipalities=[]),
        dict(team="radix_front_office", offer="training", municipalities=["99999"]),
    ]
    for case in cases:
        with pytest.raises(editing.EditRefused) as refused:
            editing.record_visit(engine, "alice", visited_on=TODAY, **case)
        assert refused.value.problem.render("nl") and refused.value.problem.render("fr")
    assert store.version(engine) == version


def test_status_for_a_municipality_and_for_a_whole_cell(engine):
    day = TODAY - dt.timedelta(days=1)
    [event] = editing.record_status(engine, "alice", status="being_set_up", since=day, source="letter",
                                    municipalities=[SERAING])
    status = store.status_on(frames(engine), TODAY).set_index("nis")
    assert status.loc[SERAING, "status"] == "being_set_up"
    entry, before, after = last_audit(engine)
    assert (entry["action"], entry["record_key"], before, after["status"]) == ("record_status", str(event), None, "being_set_up")

    reg = frames(engine)
    cell_id = reg.cells["cell_id"].iloc[0]
    members = store.cell_members_on(reg, cell_id, day)
    ids = editing.record_status(engine, "alice", status="operational", since=day, source="visit", cell_id=cell_id)
    assert len(ids) == len(members) > 0
    status = store.status_on(frames(engine), TODAY).set_index("nis")
    assert set(status.loc[members, "status"]) == {"operational"}
    with pytest.raises(editing.EditRefused):
        editing.record_status(engine, "alice", status="operational", since=day, source="  ", municipalities=[SERAING])


def test_a_withdrawn_status_is_kept_and_counted_nowhere(engine):
    before_day = store.status_on(frames(engine), TODAY).set_index("nis").loc[SERAING, "status"]
    [event] = editing.record_status(engine, "alice", status="none", since=TODAY, source="typo",
                                    municipalities=[SERAING])
    assert store.status_on(frames(engine), TODAY).set_index("nis").loc[SERAING, "status"] == "none"
    with pytest.raises(editing.EditRefused):
        editing.withdraw_status(engine, event, 1, "   ", "bob")
    editing.withdraw_status(engine, event, 1, "entered by mistake", "bob")
    reg = frames(engine)
    assert store.status_on(reg, TODAY).set_index("nis").loc[SERAING, "status"] == before_day
    kept = reg.events.set_index("event_id").loc[event]
    assert (kept["withdrawn_by"], kept["withdrawn_reason"]) == ("bob", "entered by mistake")
    assert kept["withdrawn_at"] is not None
    entry, before, after = last_audit(engine)
    assert (entry["action"], before["withdrawn_at"], after["withdrawn_by"]) == ("withdraw", None, "bob")
    with pytest.raises(editing.EditRefused):  # once withdrawn, it stays so
        editing.withdraw_status(engine, event, 2, "again", "bob")


def test_a_withdrawn_visit_leaves_the_counts(engine):
    visit_id = editing.record_visit(engine, "alice", visited_on=TODAY, team="radix_front_office", offer="training",
                                    municipalities=[SERAING])
    editing.withdraw_visit(engine, visit_id, 1, "duplicate", "bob")
    reg = frames(engine)
    assert visit_id not in set(reg.visits["visit_id"]) and visit_id not in set(reg.planned["visit_id"])
    assert reg.withdrawn_visits.set_index("visit_id").loc[visit_id, "withdrawn_reason"] == "duplicate"
    with pytest.raises(editing.EditRefused):
        editing.edit_visit(engine, visit_id, 2, {"internal_notes": "late"}, "alice")


def test_a_municipality_belongs_to_one_cell_at_a_time(engine):
    start = dt.date(2026, 1, 1)
    kind = frames(engine).cells["kind"].iloc[0]
    cell_id = editing.create_cell(engine, "alice", name="Zone test", kind=kind,
                                  members=[(FREE, start), (OTHER_FREE, start)])
    with pytest.raises(editing.EditRefused) as refused:
        editing.create_cell(engine, "alice", name="Other", kind=kind, members=[(FREE, start + dt.timedelta(days=10))])
    assert refused.value.problem.key == "edit_member_elsewhere"
    assert "Zone test" in refused.value.problem.render("fr")
    assert "Other" not in set(frames(engine).cells["name"])  # nothing of the refused cell was written
    assert sorted(store.cell_members_on(frames(engine), cell_id, start)) == sorted([FREE, OTHER_FREE])


def test_a_stale_revision_is_refused_with_the_record_as_it_is_now(engine):
    first = store.read_visit(engine, "V0002")
    editing.edit_visit(engine, "V0002", first["revision"], {"internal_notes": "from A"}, "alice")
    with pytest.raises(editing.EditConflict) as conflict:
        editing.edit_visit(engine, "V0002", first["revision"], {"internal_notes": "from B"}, "bob")
    assert conflict.value.current["internal_notes"] == "from A"
    assert conflict.value.current["revision"] == first["revision"] + 1
    assert store.read_visit(engine, "V0002")["internal_notes"] == "from A"
    # Applying B's change on top, on the revision the conflict reported, goes through.
    editing.edit_visit(engine, "V0002", conflict.value.current["revision"], {"internal_notes": "from B"}, "bob")
    assert store.read_visit(engine, "V0002")["internal_notes"] == "from B"
    with pytest.raises(editing.EditConflict):
        editing.withdraw_visit(engine, "V0002", first["revision"], "stale", "alice")
    entry, before, after = last_audit(engine)
    assert (entry["actor"], before, after) == ("bob", {"internal_notes": "from A"}, {"internal_notes": "from B"})


def test_editing_the_date_of_a_vague_visit_makes_it_a_day(engine):
    reg = frames(engine)
    visit_id = reg.visits["visit_id"].iloc[0]
    with engine.begin() as connection:
        connection.execute(store.schema.visits.update().where(store.schema.visits.c.visit_id == visit_id)
                           .values(precision="month"))
    revision = store.read_visit(engine, visit_id)["revision"]
    editing.edit_visit(engine, visit_id, revision, {"visited_on": dt.date(2019, 3, 12)}, "alice")
    assert store.read_visit(engine, visit_id)["precision"] == "day"


def test_two_threads_saving_the_same_revision_exactly_one_wins(engine):
    revision = store.read_visit(engine, "V0003")["revision"]
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(name):
        barrier.wait()
        try:
            editing.edit_visit(engine, "V0003", revision, {"internal_notes": f"from {name}"}, name)
            outcomes[name] = "saved"
        except editing.EditConflict:
            outcomes[name] = "refused"

    threads = [threading.Thread(target=save, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(n for n, o in outcomes.items() if o == "saved")
    assert store.read_visit(engine, "V0003")["internal_notes"] == f"from {winner}"
    assert store.read_visit(engine, "V0003")["revision"] == revision + 1
    audits = [e for e in store.audit_entries(engine) if e["record_key"] == "V0003"]
    assert [e["actor"] for e in audits] == [winner]
