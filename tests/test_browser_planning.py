"""Real browser (issue 14): a staff member opens a colleague's link to the Visits page with a team
and a region, signs in, and downloads the planning list: ';' and a BOM by default, ',' on request,
"never" for the municipalities that team never visited (first, days since empty), exactly the rows of the filter. The map
of visits has its table under it, with a name screen readers announce."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil

from browser import open_chromium, screenshot, screenshot_on_failure
from playwright.sync_api import Page, expect
from streamlit_server import run_streamlit

from geo import gazetteer
from geo.settings import ROOT
from loaders import access, store
from pages.ui import files, forms, tables, views

LINK = "/visits?teams=mobile_team&region=wallonia&province=60000"
BOM = "\ufeff".encode()


def app_folder(tmp_path) -> tuple[dict, str]:
    config = tmp_path / "app" / ".streamlit"
    config.mkdir(parents=True)
    shutil.copy(ROOT / ".streamlit" / "config.toml", config / "config.toml")
    lines = ["[livcr]", f'session_secret = "{"p" * 48}"', "[livcr.accounts.rita]", 'role = "staff"',
             f'password_hash = "{access.hash_password("pw-rita")}"']
    (config / "secrets.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'planning.sqlite'}"
    return {"cwd": tmp_path / "app", "env": {"LIVCR_DATABASE_URL": url, "LIVCR_CACHE_DIR": str(tmp_path / "cache")}}, url


def expected_planning(url: str, population_csv) -> bytes:
    """The Mobile Team's planning list of the province of Liège, from the server's own store, as a ';' CSV."""
    engine = store.open_store(url)
    try:
        reg = store.load_registry_frames(engine)
    finally:
        engine.dispose()
    today = dt.date.today()
    places = views.AreaView("wallonia", "60000").select(gazetteer.load_gazetteer(2025, population_csv))
    chosen = store.VisitFilter(end=today, teams=("mobile_team",), municipalities=frozenset(places["nis"]))
    names = {row["nis"]: gazetteer.display_name(row, "en") for _, row in places.iterrows()}
    table = tables.planning_table(store.plan_visits(reg, places, today, chosen), names, forms.next_planned(reg), "en")
    return files.csv_bytes(table, delimiter=";")


def download(page: Page, key: str) -> bytes:
    with page.expect_download() as downloaded:
        page.locator(f".st-key-{key} button").click()
    return downloaded.value.path().read_bytes()


def rows_of(data: bytes, delimiter: str) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8")), delimiter=delimiter))


def test_a_staff_member_downloads_the_planning_list_of_a_link(tmp_path, population_csv):
    folder, url = app_folder(tmp_path)
    with run_streamlit(ROOT / "dashboard.py", **folder) as base_url, open_chromium() as browser:
        context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
        page = context.new_page()
        with screenshot_on_failure(page, "planning-download"):
            page.goto(base_url + LINK)
            main = page.get_by_test_id("stMain")
            expect(page.get_by_text("Sign in to see this page", exact=False)).to_be_visible(timeout=60_000)
            main.get_by_label("User name").fill("rita")
            main.locator("input[type=password]").fill("pw-rita")
            main.get_by_role("button", name="Sign in (staff)").click()
            expect(page.get_by_role("heading", name="Planning list")).to_be_visible(timeout=60_000)
            page.wait_for_function("() => document.cookie.includes('livcr_session=')", timeout=30_000)
            # Reloaded, as a staff member coming back to the link would: the sign-in lasts, and
            # the page is no longer rerun by the cookie's confirmation while it is used.
            page.reload()
            expect(page.get_by_role("heading", name="Planning list")).to_be_visible(timeout=60_000)
            page.wait_for_function(
                "() => document.querySelector('[data-testid=stApp]')?.dataset.testScriptState === 'notRunning'",
                timeout=30_000,
            )
            expect(page.get_by_test_id("stMultiSelect").filter(has_text="Team")).not_to_contain_text("Radix Team")
            expect(page.get_by_role("combobox", name="Region")).to_have_value("Wallonia")
            expect(page.get_by_role("combobox", name="Province")).to_have_value("Liège")

            # The recency map's table, under it, named for screen readers.
            expect(page.get_by_role("heading", name="The map of visits as a table")).to_be_visible()
            grid = page.get_by_role("region", name="Municipalities of the map and their LIVC-R status")
            expect(grid).to_have_count(1)
            expect(page.get_by_role("region", name="Planning list")).to_have_count(1)
            grid.scroll_into_view_if_needed()
            screenshot(page, "planning-recency-table")

            expect(page.locator(".st-key-planning_csv button")).to_have_text("CSV (;)")
            semicolons = download(page, "planning_csv")
            assert semicolons == expected_planning(url, population_csv)
            rows = rows_of(semicolons, ";")
            header, body = rows[0], rows[1:]
            assert header[:2] == ["Municipality", "NIS code"] and {len(r) for r in rows} == {len(header)}
            last, days = header.index("Last visit"), header.index("Days since")
            assert {r[1][0] for r in body} == {"6"}  # the province of Liège's codes only
            never = [r for r in body if r[last] == "never"]
            assert never and [r[days] for r in never] == [""] * len(never)
            # Never visited first; the Mobile Team's visits (2016-2019) only, so over 5 years ago.
            visited = body[len(never):]
            assert visited and all(int(r[days]) > 5 * 365 for r in visited)
            page.get_by_role("heading", name="Planning list").scroll_into_view_if_needed()
            screenshot(page, "planning-list")

            page.locator(".st-key-planning_separator").get_by_text(", (other programs)").click()
            expect(page.locator(".st-key-planning_csv button")).to_have_text("CSV (,)", timeout=30_000)
            commas = download(page, "planning_csv")
            assert rows_of(commas, ",") == rows
        context.close()
