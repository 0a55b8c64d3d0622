"""Real browser, two Streamlit servers on one store, as two editors: a visit recorded on one
server shows on the other without a restart; two editors correct the same visit, the second
save is refused with both versions shown and nothing typed lost, and applying it on top is
explicit; a staff account sees no form.
"""

from __future__ import annotations

import datetime as dt
import shutil

import sqlalchemy as sa
from browser import open_chromium, screenshot, screenshot_on_failure
from playwright.sync_api import Page, expect
from streamlit_server import run_streamlit

import locales
from geo import gazetteer
from geo.settings import ROOT
from loaders import access, registry, store

LIEGE = "62063"
# Three municipalities the demo dataset never puts in a cell, as the picker lists them
# (computed: the demo may be regenerated).
_NAMES = gazetteer.load_gazetteer(2025).set_index("nis")
FREE_THREE = [
    f"{gazetteer.display_name(_NAMES.loc[nis].to_dict(), 'en')} ({nis})"
    for nis in sorted(gazetteer.codes_2025() - set(registry.load_registry(None).members["nis_2025"]))[:3]
]


def app_folder(tmp_path, name: str, url: str) -> dict:
    config = tmp_path / name / ".streamlit"
    config.mkdir(parents=True)
    shutil.copy(ROOT / ".streamlit" / "config.toml", config / "config.toml")
    lines = ["[livcr]", f'session_secret = "{"e" * 48}"']
    for account, role in (("anna", "editor"), ("bert", "editor"), ("sara", "staff")):
        lines += [f"[livcr.accounts.{account}]", f'role = "{role}"', f'password_hash = "{access.hash_password("pw-" + account)}"']
    (config / "secrets.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"cwd": tmp_path / name, "env": {"LIVCR_DATABASE_URL": url, "LIVCR_CACHE_DIR": str(tmp_path / f"cache-{name}")}}


def sign_in(page: Page, base_url: str, path: str, account: str) -> None:
    page.goto(base_url + path)
    main = page.get_by_test_id("stMain")
    main.get_by_label("User name").fill(account)
    main.locator("input[type=password]").fill("pw-" + account)
    main.get_by_role("button", name="Sign in", exact=False).click()
    expect(page.get_by_text(f"Signed in as {account}", exact=False)).to_be_visible(timeout=60_000)
    # The cookie lands about a second later; links opened before it would ask again.
    page.wait_for_function("() => document.cookie.includes('livcr_session=')", timeout=30_000)


def open_correction(page: Page):
    """The correction tab's panel (the other tabs' forms are in the page too, hidden)."""
    page.get_by_role("tab", name="Correct or withdraw a visit").click()
    panel = page.get_by_role("tabpanel", name="Correct or withdraw a visit")
    expect(panel.get_by_label("Internal notes")).to_be_visible(timeout=30_000)
    return panel


def test_two_editors_on_two_servers_lose_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared-store.sqlite'}"
    store.open_store(url)  # seeded once, with the demo dataset, before either server starts
    with (
        run_streamlit(ROOT / "dashboard.py", **app_folder(tmp_path, "a", url)) as server_a,
        run_streamlit(ROOT / "dashboard.py", **app_folder(tmp_path, "b", url)) as server_b,
        open_chromium() as browser,
    ):
        anna = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        bert = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        sara = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        with screenshot_on_failure(anna, "editing-anna"), screenshot_on_failure(bert, "editing-bert"):
            sign_in(anna, server_a, f"/profile?nis={LIEGE}", "anna")
            sign_in(bert, server_b, f"/profile?nis={LIEGE}", "bert")
            expect(anna.get_by_role("heading", name="Liège", exact=False).first).to_be_visible(timeout=60_000)
            # Both open the same visit's correction form, each on their own server.
            anna_form, bert_form = open_correction(anna), open_correction(bert)
            anna_form.get_by_label("Internal notes").fill("Anna: the mayor asked for a second meeting.")
            anna_form.get_by_role("button", name="Save", exact=True).click()
            expect(anna.get_by_text("The visit was saved.", exact=False)).to_be_visible(timeout=30_000)

            bert_form.get_by_label("Internal notes").fill("Bert: report sent on Monday.")
            bert_form.get_by_role("button", name="Save", exact=True).click()
            expect(bert.get_by_text("Someone else saved this record", exact=False)).to_be_visible(timeout=30_000)
            # Theirs beside yours, in the comparison table (a data grid: its cells are in the page, drawn on canvas).
            expect(bert.locator("[role=gridcell]", has_text="Anna: the mayor asked for a second meeting.").first).to_be_attached()
            expect(bert_form.get_by_label("Internal notes")).to_have_value("Bert: report sent on Monday.")
            screenshot(bert, "editing-conflict")
            # Saving again without choosing is refused again: the form keeps the revision it showed.
            bert_form.get_by_role("button", name="Save", exact=True).click()
            expect(bert.get_by_text("Someone else saved this record", exact=False)).to_be_visible(timeout=30_000)
            bert.get_by_role("button", name="Apply mine over theirs").click()
            expect(bert.get_by_text("The visit was saved.", exact=False)).to_be_visible(timeout=30_000)

            # Anna saves again without reloading: her copy is stale now, and she is told.
            expect(anna.get_by_role("tab", name="Correct or withdraw a visit")).to_have_attribute("aria-selected", "true")
            anna_form.get_by_label("Internal notes").fill("Anna: second meeting on 12 January.")
            anna_form.get_by_role("button", name="Save", exact=True).click()
            expect(anna.get_by_text("Someone else saved this record", exact=False)).to_be_visible(timeout=30_000)
            expect(anna_form.get_by_label("Internal notes")).to_have_value("Anna: second meeting on 12 January.")

        with screenshot_on_failure(sara, "editing-staff"):
            sign_in(sara, server_b, f"/profile?nis={LIEGE}", "sara")
            expect(sara.get_by_role("heading", name="Liège", exact=False).first).to_be_visible(timeout=60_000)
            expect(sara.get_by_role("tab", name="Correct or withdraw a visit")).to_have_count(0)
            expect(sara.get_by_role("button", name="Save", exact=True)).to_have_count(0)

    engine = store.open_store(url, seed_demo=False)
    audit = store.schema.audit_log
    with engine.connect() as connection:
        edits = connection.execute(
            sa.select(audit.c.actor, audit.c.action).where(audit.c.table_name == "visits").order_by(audit.c.audit_id)
        ).all()
    notes = {v["internal_notes"] for v in (store.read_visit(engine, key) for key in _visits_of(engine, LIEGE))}
    assert ([tuple(e) for e in edits], "Bert: report sent on Monday." in notes, any("Anna: second" in n for n in notes)) == (
        [("anna", "edit"), ("bert", "edit")], True, False,
    )


def _visits_of(engine, nis: str) -> list[str]:
    places = store.schema.visit_municipalities
    with engine.connect() as connection:
        return [r.visit_id for r in connection.execute(sa.select(places.c.visit_id).where(places.c.nis_2025 == nis))]


def choose(panel, page: Page, label: str, option: str) -> None:
    """Pick an option of the panel's selectbox, typing to find it; the list opens outside the panel."""
    box = panel.get_by_role("combobox", name=label)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()


def test_an_editors_status_and_visit_show_on_the_other_server_at_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared-store.sqlite'}"
    store.open_store(url)
    with (
        run_streamlit(ROOT / "dashboard.py", **app_folder(tmp_path, "a", url)) as server_a,
        run_streamlit(ROOT / "dashboard.py", **app_folder(tmp_path, "b", url)) as server_b,
        open_chromium() as browser,
    ):
        anna = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        sara = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        with screenshot_on_failure(anna, "editing-flow-anna"), screenshot_on_failure(sara, "editing-flow-sara"):
            sign_in(sara, server_b, f"/profile?nis={LIEGE}", "sara")
            sara.goto(server_b + f"/map?nis={LIEGE}")
            details = sara.get_by_test_id("stMain")
            expect(details.get_by_text("NIS code:", exact=False)).to_be_visible(timeout=60_000)
            expect(details).not_to_contain_text("Being set up")

            sign_in(anna, server_a, f"/profile?nis={LIEGE}", "anna")
            anna.get_by_role("tab", name="Change the status").click()
            panel = anna.get_by_role("tabpanel", name="Change the status")
            choose(panel, anna, "LIVC-R status", "Being set up")
            panel.get_by_label("Source").fill("phone call with the mayor's office")
            panel.get_by_role("button", name="Save the status").click()
            expect(anna.get_by_text("The status was saved; the map shows it.", exact=False)).to_be_visible(timeout=30_000)

            anna.get_by_role("tab", name="Record or plan a visit").click()
            panel = anna.get_by_role("tabpanel", name="Record or plan a visit")
            visited = panel.get_by_test_id("stMultiSelect").filter(has_text="Municipalities visited").locator("input")
            visited.first.click()
            anna.keyboard.type("Seraing (62096)")
            anna.get_by_role("option", name="Seraing (62096)", exact=True).click()
            anna.keyboard.press("Escape")
            panel.get_by_label("Internal notes").fill("Joint visit with Seraing's prevention service.")
            panel.get_by_role("button", name="Save the visit").click()
            expect(anna.get_by_text("The visit was saved.", exact=False)).to_be_visible(timeout=30_000)
            screenshot(anna, "editing-flow-saved")

            # The other server shows both on its next run, with no restart.
            sara.goto(server_b + f"/map?nis={LIEGE}")
            expect(sara.get_by_test_id("stMain").get_by_text("Being set up", exact=False).first).to_be_visible(timeout=60_000)
            sara.goto(server_b + "/map?nis=62096")  # Seraing's details: its last visit is today's
            today = locales.format_date(dt.date.today(), "en")
            expect(sara.get_by_test_id("stMain").get_by_text(today, exact=False).first).to_be_visible(timeout=60_000)
            sara.goto(server_b + "/profile?nis=62096")
            expect(sara.get_by_role("heading", name="Seraing").first).to_be_visible(timeout=60_000)
            expect(sara.get_by_role("tab", name="Record or plan a visit")).to_have_count(0)
            screenshot(sara, "editing-flow-other-server")

            # A police-zone cell of three municipalities that had none (in the demo dataset).
            anna.goto(server_a + "/cells")
            form = anna.get_by_test_id("stForm").filter(has=anna.get_by_role("button", name="Create the cell"))
            form.get_by_label("Name of the cell").fill("PZ Drie Gemeenten")
            choose(form, anna, "Kind of cell", "Police zone")
            members = form.get_by_test_id("stMultiSelect").filter(has_text="Member municipalities").locator("input")
            for place in FREE_THREE:
                members.first.click()
                anna.keyboard.type(place)
                anna.get_by_role("option", name=place, exact=True).click()
                anna.keyboard.press("Escape")
            form.get_by_role("button", name="Create the cell").click()
            expect(anna.get_by_text("Cell PZ Drie Gemeenten created with 3 member(s).")).to_be_visible(timeout=30_000)
            sara.goto(server_b + "/cells?cell=cell-pz-drie-gemeenten")  # its link, on the other server
            expect(sara.locator("[role=gridcell]", has_text=FREE_THREE[-1]).first).to_be_attached(timeout=60_000)
            expect(sara.get_by_role("button", name="Create the cell")).to_have_count(0)

            # The status entered this morning was a mistake: withdrawn, Liège is as it was.
            anna.goto(server_a + f"/profile?nis={LIEGE}")
            anna.get_by_role("tab", name="Withdraw a status entered by mistake").click()
            panel = anna.get_by_role("tabpanel", name="Withdraw a status entered by mistake")
            box = panel.get_by_role("combobox", name="Status entry")
            box.click()
            box.fill("Being set up")
            anna.get_by_role("option").filter(has_text="Being set up").first.click()
            panel.get_by_label("Why it is withdrawn", exact=False).fill("entered on the wrong municipality")
            panel.get_by_role("button", name="Withdraw this status entry").click()
            expect(anna.get_by_text("The status entry was withdrawn", exact=False)).to_be_visible(timeout=30_000)
            sara.goto(server_b + f"/map?nis={LIEGE}")
            expect(sara.get_by_test_id("stMain").get_by_text("NIS code:", exact=False)).to_be_visible(timeout=60_000)
            expect(sara.get_by_test_id("stMain")).not_to_contain_text("Being set up")

    engine = store.open_store(url, seed_demo=False)
    audit = store.schema.audit_log
    with engine.connect() as connection:
        actions = connection.execute(
            sa.select(audit.c.actor, audit.c.action, audit.c.before.is_(None), audit.c.after.is_not(None))
            .where(audit.c.actor == "anna").order_by(audit.c.audit_id)
        ).all()
    assert [tuple(a) for a in actions] == [
        ("anna", "record_status", True, True), ("anna", "record_visit", True, True), ("anna", "create_cell", True, True),
        ("anna", "withdraw", False, True),
    ]
