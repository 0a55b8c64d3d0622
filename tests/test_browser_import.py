"""Real browser, as an editor: a file the import does not know is mapped on the mapping screen,
its good rows imported, the rows to fix downloaded; the next file of that layout gets the saved
mapping by itself.

The files are written here, each row's outcome decided first:

    Deelnemer;Status;Datum          "Deelnemer" (participant) names no field: asked
    Gent;loopt;2020-01-01           "loopt" (runs) is no status word: asked -> Operational
    Genk;Operationeel;2020-02-01    lands as it is
    Atlantis;Operationeel;2020-03-01   no such municipality: left out, to fix
    Beveren;Gepland;2020-04-01      a former municipality and sections elsewhere: asked -> 46030

    Deelnemer;Status;Datum          the same header: the saved mapping applies
    Hasselt;loopt;2021-01-01        lands as Operational with no question (Hasselt is 71072 since 2025)
"""

from __future__ import annotations

import csv
import io
import re
import shutil

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from browser import open_chromium, screenshot, screenshot_on_failure
from geo.settings import ROOT
from loaders import access, store
from streamlit_server import run_streamlit

FIRST = "Deelnemer;Status;Datum\nGent;loopt;2020-01-01\nGenk;Operationeel;2020-02-01\nAtlantis;Operationeel;2020-03-01\nBeveren;Gepland;2020-04-01\n"
SECOND = "Deelnemer;Status;Datum\nHasselt;loopt;2021-01-01\n"


def app_folder(tmp_path) -> dict:
    config = tmp_path / "app" / ".streamlit"
    config.mkdir(parents=True)
    shutil.copy(ROOT / ".streamlit" / "config.toml", config / "config.toml")
    lines = ["[livcr]", f'session_secret = "{"s" * 48}"', "[livcr.accounts.eddy]", 'role = "editor"',
             f'password_hash = "{access.hash_password("pw-eddy")}"']
    (config / "secrets.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'import.sqlite'}"
    return {"cwd": tmp_path / "app", "env": {"LIVCR_DATABASE_URL": url, "LIVCR_CACHE_DIR": str(tmp_path / "cache")}}, url


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of the selectbox whose label holds `label`, typing to find it as people do."""
    box = page.get_by_role("combobox", name=re.compile(re.escape(label)))
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    expect(box).to_have_value(option)


def upload(page: Page, name: str, text: str) -> None:
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}]
    )


def test_map_an_unknown_file_import_its_good_rows_and_reuse_the_mapping(tmp_path):
    folder, url = app_folder(tmp_path)
    with run_streamlit(ROOT / "dashboard.py", **folder) as base_url, open_chromium() as browser:
        context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
        page = context.new_page()
        with screenshot_on_failure(page, "import-mapping"):
            page.goto(base_url + "/data")
            main = page.get_by_test_id("stMain")
            main.get_by_label("User name").fill("eddy")
            main.locator("input[type=password]").fill("pw-eddy")
            main.get_by_role("button", name="Sign in", exact=False).click()
            expect(page.get_by_role("heading", name="Data", level=1)).to_be_visible(timeout=60_000)

            upload(page, "deelnemers.csv", FIRST)
            expect(page.get_by_text("which column gives the municipality?", exact=False)).to_be_visible(timeout=60_000)
            screenshot(page, "import-mapping-asked")
            choose(page, "Deelnemer", "Municipality")
            page.get_by_role("button", name="Apply and check again").click()
            # Now the values and places are asked, once each.
            expect(page.get_by_text("What does 'loopt' mean", exact=False)).to_be_visible(timeout=60_000)
            choose(page, "hat does 'loopt' mean", "Operational")
            choose(page, "hich municipality is 'Beveren'", "Beveren-Kruibeke-Zwijndrecht (46030)")
            page.get_by_role("button", name="Apply and check again").click()
            expect(page.get_by_text("Import only the 3 row(s) without problems", exact=False)).to_be_visible(timeout=60_000)
            screenshot(page, "import-mapping-answered")

            with page.expect_download() as downloaded:
                page.get_by_role("button", name="Download the rows to fix", exact=False).click()
            left_out = downloaded.value.path().read_bytes()
            page.get_by_text("Import only the 3 row(s) without problems", exact=False).click()
            page.get_by_role("button", name="Import 3 row(s) without problems").click()
            expect(page.get_by_text("Imported: 3 rows written", exact=False)).to_be_visible(timeout=60_000)
            expect(page.get_by_text("1 row(s) were left out.", exact=False)).to_be_visible()

            upload(page, "deelnemers-2021.csv", SECOND)
            expect(page.get_by_text("The mapping saved by eddy", exact=False)).to_be_visible(timeout=60_000)
            expect(page.get_by_text("0 question(s) left", exact=False)).to_be_visible()
            screenshot(page, "import-mapping-saved")
            page.get_by_role("button", name="Import the file: 1 row(s)").click()
            expect(page.get_by_text("Imported: 1 rows written", exact=False)).to_be_visible(timeout=60_000)

    rows = list(csv.reader(io.StringIO(left_out.decode("utf-8-sig")), delimiter=";"))
    engine = store.open_store(url, seed_demo=False)
    events = store.schema.status_events
    with engine.connect() as connection:
        landed = connection.execute(
            sa.select(events.c.municipality, events.c.nis_2025, events.c.status).order_by(events.c.effective)
        ).all()
        logged = connection.execute(sa.select(store.schema.imports.c.file_name, store.schema.imports.c.rows_left_out)
                                    .order_by(store.schema.imports.c.import_id)).all()
    assert (rows[0], [r[:3] for r in rows[1:]], [tuple(r) for r in landed], [tuple(r) for r in logged]) == (
        ["Deelnemer", "Status", "Datum", "Why it was left out"],
        [["Atlantis", "Operationeel", "2020-03-01"]],
        [("Gent", "44021", "operational"), ("Genk", "71016", "operational"), ("Beveren", "46030", "planned"),
         ("Hasselt", "71072", "operational")],
        [("deelnemers.csv", 1), ("deelnemers-2021.csv", 0)],
    )
