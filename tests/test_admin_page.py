"""The Admin page under AppTest, on a store of its own: the accounts and roles in effect without
a secret, the audit log filtered by person, kind of change and days, downloaded as CSV and XLSX;
no other role opens it."""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from geo import gazetteer
from geo.settings import ROOT
from loaders import access, registry, store
from loaders.store import editing

DASHBOARD = (ROOT / "dashboard.py").read_text(encoding="utf-8")
ADMIN = str(ROOT / "pages" / "admin.py")
SECRET = "s" * 48
HASHES = {"alice": access.hash_password("alice-pw"), "sam": access.hash_password("sam-pw")}
SECRETS = {
    "session_secret": SECRET,
    "accounts": {"alice": {"role": "editor", "password_hash": HASHES["alice"]},
                 "sam": {"role": "staff", "password_hash": HASHES["sam"]}},
    "oidc_roles": {"admin": ["boss@ibz.be"], "editor": ["radix-editors"]},
}


# A municipality the demo dataset never puts in a cell (computed: the demo may be regenerated).
FREE = min(gazetteer.codes_2025() - set(registry.load_registry(None).members["nis_2025"]))


@pytest.fixture
def engine(page_store):
    engine = page_store
    # Three people's changes today, and one import of March 2020 (a line written as it was then).
    editing.create_cell(engine, "ann", name="PZ Kempen", kind="police_zone", members=[(FREE, dt.date(2024, 1, 1))])
    editing.record_status(engine, "bob", status="operational", since=dt.date(2025, 3, 1), source="letter",
                          municipalities=[FREE])
    cell = next(iter(store.load_registry_frames(engine).cells.query("name == 'PZ Kempen'")["cell_id"]))
    editing.edit_cell(engine, cell, 1, "ann", name="PZ Noorderkempen")
    with engine.begin() as connection:
        connection.execute(sa.insert(store.schema.audit_log).values(
            at=dt.datetime(2020, 3, 2, 9, 30, tzinfo=dt.timezone.utc), actor="carol", action="import",
            table_name="status_events", record_key="status.csv", before=None, after=json.dumps({"rows": 12}),
        ))
    return engine


@pytest.fixture
def downloads(monkeypatch):
    """The files the page's download buttons offer: file name -> bytes."""
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, data, mimetype, kind, filename=None):
        files[filename] = data
        return original(self, data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return files


def open_admin(role: str = "admin") -> AppTest:
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    at.secrets["livcr"] = SECRETS
    at.session_state["role"], at.session_state["user"] = role, f"test-{role}"
    at.run()
    at.switch_page(ADMIN).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def everything_shown(at: AppTest) -> str:
    texts = [e.value for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error")
             for e in getattr(at, kind)]
    texts += [frame.value.to_csv() for frame in at.dataframe]
    return "\n".join(texts)


def test_the_admin_page_lists_accounts_and_roles_without_secrets(engine):
    at = open_admin()
    assert at.title[0].value == "Administration"
    accounts = at.dataframe[0].value
    assert accounts.values.tolist() == [["alice", "editor"], ["sam", "staff, read-only"]]
    roles = at.dataframe[1].value
    assert roles.values.tolist() == [
        ["staff, read-only", "—"], ["editor", "radix-editors"], ["administrator", "boss@ibz.be"],
    ]
    shown = everything_shown(at)
    assert "configured (not shown)" in shown and "local accounts declared in secrets.toml" in shown
    assert SECRET not in shown and "scrypt$" not in shown
    assert not any(h in shown for h in HASHES.values())


def audit_rows(at: AppTest) -> list[tuple[str, str]]:
    frame = at.dataframe[2].value
    return list(zip(frame["Person"], frame["Change"]))


def test_the_audit_log_is_filtered_by_person_kind_of_change_and_days(engine):
    at = open_admin()
    assert audit_rows(at) == [("ann", "cell edited"), ("bob", "status recorded"), ("ann", "cell created"),
                              ("carol", "import")]
    assert at.date_input(key="audit_period").value == (dt.date(2020, 3, 2), dt.date.today())
    assert at.multiselect(key="audit_actors").options == ["ann", "bob", "carol"]

    at.multiselect(key="audit_actors").set_value(["ann"]).run()
    assert audit_rows(at) == [("ann", "cell edited"), ("ann", "cell created")]
    assert [c.value for c in at.caption if c.value.endswith(" match.")] == ["2 change(s) match."]
    # Before and after, readably, in the table and field by field.
    edited = at.dataframe[2].value.iloc[0]
    assert edited["Before"] == "kind: police_zone · name: PZ Kempen"
    assert edited["After"] == "add: — · name: PZ Noorderkempen · remove: —"
    detail = at.dataframe[3].value
    assert detail.values.tolist() == [
        ["kind", "police_zone", ""], ["name", "PZ Kempen", "PZ Noorderkempen"], ["add", "", "—"], ["remove", "", "—"],
    ]
    created = at.dataframe[2].value.iloc[1]
    assert created["After"] == f"kind: police_zone · members: {FREE} 2024-01-01 · name: PZ Kempen"

    at.multiselect(key="audit_actors").set_value([])
    at.multiselect(key="audit_actions").set_value(["record_status", "import"]).run()
    assert audit_rows(at) == [("bob", "status recorded"), ("carol", "import")]

    at.multiselect(key="audit_actions").set_value([])
    at.date_input(key="audit_period").set_value((dt.date(2020, 1, 1), dt.date(2020, 12, 31))).run()
    assert audit_rows(at) == [("carol", "import")]
    at.date_input(key="audit_period").set_value((dt.date(2021, 1, 1), dt.date(2021, 12, 31))).run()
    assert not at.exception
    assert [c.value for c in at.caption if c.value.endswith(" match.")] == ["0 change(s) match."]
    assert len(at.dataframe) == 2 and not at.get("download_button")


def test_the_filtered_audit_log_downloads_as_csv_and_xlsx(engine, downloads):
    at = open_admin()
    at.multiselect(key="audit_actors").set_value(["ann"]).run()
    assert [b.label for b in at.get("download_button")] == ["CSV", "XLSX"]
    csv = downloads["livcr-audit.csv"]
    assert csv.startswith("\ufeff".encode("utf-8"))
    table = pd.read_csv(io.StringIO(csv.decode("utf-8-sig")), sep=";", dtype=str, keep_default_na=False)
    assert list(table.columns) == ["When", "Person", "Change", "Table", "Record", "Before", "After"]
    assert table[["Person", "Change", "Table"]].values.tolist() == [["ann", "edit_cell", "cells"], ["ann", "create_cell", "cells"]]
    assert json.loads(table["Before"][0]) == {"kind": "police_zone", "name": "PZ Kempen"}
    assert table["Before"][1] == ""
    sheet = pd.read_excel(io.BytesIO(downloads["livcr-audit.xlsx"]), dtype=str, keep_default_na=False)
    assert sheet.values.tolist() == table.values.tolist()


@pytest.mark.parametrize("role", ["staff", "editor"])
def test_no_other_role_opens_the_admin_page(engine, role):
    at = open_admin(role)
    assert [e.value for e in at.error] == ["This page is for signed-in staff of the Radix Team."]
    assert not at.dataframe and not at.multiselect
    direct = AppTest.from_file(ADMIN, default_timeout=120)
    direct.session_state["role"], direct.session_state["user"] = role, f"test-{role}"
    direct.run()
    assert not direct.dataframe and [e.value for e in direct.error] == ["This page is for signed-in staff of the Radix Team."]


def test_a_misdeclared_account_is_said_without_its_secret(engine):
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    at.secrets["livcr"] = {"session_secret": SECRET, "accounts": {"eve": {"role": "admin", "password": "hunter2"}}}
    at.session_state["role"], at.session_state["user"] = "admin", "test-admin"
    at.run()
    at.switch_page(ADMIN).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = everything_shown(at)
    assert "plain-text 'password' is not accepted" in shown.replace("\\", "")
    assert "hunter2" not in shown
