"""Real browser: public pages hold no internal field, and hostile text never runs as code."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from browser import open_chromium, record_requests, screenshot_on_failure
from loaders import importer, store
from streamlit_server import run_streamlit

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SENTINEL = "SENTINEL-NOTE-7731"
FILE_SENTINEL = "SENTINEL-FILE-4412"
HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script>"


def seeded_store(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'public.sqlite'}"
    engine = store.open_store(url)
    status = tmp_path / f"{FILE_SENTINEL}-status.csv"
    status.write_text(
        "gemeente;status;datum;cel;bron\n"
        f"Gent;operationeel;2019-05-01;{HOSTILE} cel;{SENTINEL} source\n"
        "Luik;in oprichting;2020-01-01;;x\n",
        encoding="utf-8",
    )
    visits = tmp_path / f"{FILE_SENTINEL}-visits.csv"
    visits.write_text(
        "datum,gemeenten,team,aanbod,opvolging,notities\n"
        f"2021-03-04,Gent,Radix,sensibiliseringsdag,2021-09-09,{SENTINEL} {HOSTILE}\n",
        encoding="utf-8",
    )
    importer.import_file(engine, status, "status")
    importer.import_file(engine, visits, "visits")
    engine.dispose()
    return url


def test_public_pages_show_no_internal_field_and_run_no_script(tmp_path):
    env = {"LIVCR_DATABASE_URL": seeded_store(tmp_path), "LIVCR_CACHE_DIR": str(tmp_path / "cache")}
    with run_streamlit("dashboard.py", env=env) as base_url, open_chromium() as browser:
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        requests = record_requests(page)
        for path, name in (("briefing", "Briefing"), ("map", "National map")):
            with screenshot_on_failure(page, f"public-{path}"):
                page.goto(f"{base_url}/{path}")
                expect(page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive")).to_have_count(565, timeout=60_000)
                # A fresh server's first request is this deep link: it must still go through the
                # dashboard's navigation (public pages only), not run the page file on its own.
                expect(page.get_by_test_id("stSidebarNav").get_by_role("link")).to_have_text(
                    [re.compile(f"{name}$") for name in ("National map", "Briefing", "Coverage over time", "About the data")]
                )
                if path == "map":
                    # Open Gent's details, where the hostile cell name is shown (escaped).
                    page.goto(f"{base_url}/map?nis=44021")
                    expect(page.get_by_text("NIS code:", exact=False)).to_be_visible(timeout=30_000)
                    expect(page.get_by_text("<img src=x onerror=alert(1)>", exact=False).first).to_be_visible()
                page.wait_for_load_state("networkidle")
                documents = [page.content()] + [frame.content() for frame in page.frames]
                for html in documents:
                    assert SENTINEL not in html and FILE_SENTINEL not in html and "2021-09-09" not in html
                    assert "<img src=x onerror" not in html and "<script>alert(2)" not in html
        assert dialogs == []
        assert [u for u in requests if urlsplit(u).hostname not in (None, "127.0.0.1")] == []


ROLE_PAGES = {
    "staff": ["National map", "Briefing", "Coverage over time", "Visits", "Municipality profile", "Cells", "Data", "About the data"],
    "editor": ["National map", "Briefing", "Coverage over time", "Visits", "Municipality profile", "Cells", "Data", "About the data"],
    "admin": ["National map", "Briefing", "Coverage over time", "Visits", "Municipality profile", "Cells", "Data", "Administration",
              "About the data"],
}


def test_every_page_as_each_signed_in_role_runs_no_hostile_script(tmp_path):
    """Staff and editors sign in through the form and open every page; nothing hostile runs."""
    import shutil

    from geo.settings import ROOT
    from loaders import access

    config = tmp_path / "app" / ".streamlit"
    config.mkdir(parents=True)
    shutil.copy(ROOT / ".streamlit" / "config.toml", config / "config.toml")
    (config / "secrets.toml").write_text(
        f'[livcr]\nsession_secret = "{"z" * 48}"\n' + "".join(
            f'[livcr.accounts.{role}]\nrole = "{role}"\npassword_hash = "{access.hash_password("pw-" + role)}"\n'
            for role in ROLE_PAGES
        ),
        encoding="utf-8",
    )
    env = {"LIVCR_DATABASE_URL": seeded_store(tmp_path), "LIVCR_CACHE_DIR": str(tmp_path / "cache")}
    with run_streamlit(ROOT / "dashboard.py", env=env, cwd=tmp_path / "app") as base_url, open_chromium() as browser:
        for role, pages in ROLE_PAGES.items():
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            dialogs = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            with screenshot_on_failure(page, f"roles-{role}"):
                page.goto(f"{base_url}/about")
                expect(page.get_by_text("Boundaries.", exact=False)).to_be_visible(timeout=60_000)
                page.get_by_test_id("stExpander").locator("summary").click()
                page.get_by_label("User name").fill(role)
                page.locator("input[type=password]").fill(f"pw-{role}")
                page.get_by_role("button", name="Sign in (staff)").click()
                expect(page.get_by_text(f"Signed in as {role}", exact=False)).to_be_visible(timeout=30_000)
                links = page.get_by_test_id("stSidebarNav").get_by_role("link")
                expect(links).to_have_text([re.compile(f"{name}$") for name in pages])
                for name in pages:
                    # The briefing closes the sidebar (a big screen's page): open it, as a visitor would.
                    if page.get_by_test_id("stExpandSidebarButton").is_visible():
                        page.get_by_test_id("stExpandSidebarButton").click()
                    links.filter(has_text=re.compile(f"{name}$")).click()
                    expect(page.get_by_role("heading", level=1).first).to_be_visible(timeout=60_000)
                    if name == "Briefing":  # wait for it to close the sidebar, before looking for the next link
                        expect(page.get_by_test_id("stExpandSidebarButton")).to_be_visible(timeout=60_000)
                    expect(page.get_by_test_id("stException")).to_have_count(0)
            assert dialogs == [], (role, dialogs)
            page.close()
