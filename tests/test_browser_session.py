"""Real browser: a sign-in lasts across reloads, tabs and links; deep links land on their page."""

from __future__ import annotations

import re
import shutil

from playwright.sync_api import Page, expect

from urllib.parse import urlsplit

from browser import open_chromium, record_requests, screenshot, screenshot_on_failure
from geo.settings import ROOT
from loaders import access
from streamlit_server import run_streamlit

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
VISITS_LINK = "/visits?teams=mobile_team&from=2016-01-01&to=2019-06-30"


def app_folder(tmp_path, secret: str | None = "k" * 48) -> dict:
    config = tmp_path / "app" / ".streamlit"
    config.mkdir(parents=True)
    shutil.copy(ROOT / ".streamlit" / "config.toml", config / "config.toml")
    lines = ["[livcr]", f'session_secret = "{secret}"' if secret else ""]
    lines += ["[livcr.accounts.rita]", 'role = "staff"', f'password_hash = "{access.hash_password("pw-rita")}"']
    (config / "secrets.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {
        "cwd": tmp_path / "app",
        "env": {"LIVCR_DATABASE_URL": f"sqlite:///{tmp_path / 'session.sqlite'}", "LIVCR_CACHE_DIR": str(tmp_path / "cache")},
    }


def no_page_not_found(page: Page) -> None:
    expect(page.get_by_text("Page not found", exact=False)).to_have_count(0)
    expect(page.get_by_role("dialog")).to_have_count(0)


def signed_in(page: Page):
    return page.get_by_text("Signed in as rita", exact=False)


def test_sign_in_lasts_across_reloads_tabs_and_links_and_sign_out_ends_it(tmp_path):
    folder = app_folder(tmp_path)
    with run_streamlit(ROOT / "dashboard.py", **folder) as base_url, open_chromium() as browser:
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        requests = record_requests(page)
        with screenshot_on_failure(page, "session-deep-link"):
            # A colleague's link, opened signed out: the page itself asks for a sign-in.
            page.goto(base_url + VISITS_LINK)
            expect(page.get_by_text("Sign in to see this page", exact=False)).to_be_visible(timeout=60_000)
            no_page_not_found(page)
            screenshot(page, "session-sign-in-prompt")
            main = page.get_by_test_id("stMain")
            main.get_by_label("User name").fill("rita")
            main.locator("input[type=password]").fill("pw-rita")
            main.get_by_role("button", name="Sign in (staff)").click()
            # …and lands there, the link's filters applied.
            expect(page.get_by_role("heading", name="Visits", level=1)).to_be_visible(timeout=60_000)
            expect(signed_in(page)).to_be_visible()
            assert "teams=mobile_team" in page.url and "from=2016-01-01" in page.url
            # The cookie is written by the component's script about a second after the page shows.
            page.wait_for_function("() => document.cookie.includes('livcr_session=')", timeout=30_000)
            # The widgets show the link's filters (checked after the cookie's confirmation, whose
            # rerun may cut the first signed-in run short: README, known issue; a reload shows them).
            page.reload()
            teams = page.get_by_test_id("stMultiSelect").filter(has_text="Team")
            expect(teams).to_contain_text("Mobile Team", timeout=60_000)
            expect(teams).not_to_contain_text("Radix Team")
            cookie = next(c for c in context.cookies() if c["name"] == "livcr_session")
            assert cookie["sameSite"] == "Strict" and "scrypt" not in cookie["value"]
            assert 7.9 * 3600 < cookie["expires"] - _now() <= 8 * 3600 + 60
            # The cookie component's frontend is served by the dashboard too.
            assert [u for u in requests if urlsplit(u).hostname not in (None, "127.0.0.1")] == []

        with screenshot_on_failure(page, "session-reload"):
            page.reload()
            expect(page.get_by_role("heading", name="Visits", level=1)).to_be_visible(timeout=60_000)
            expect(signed_in(page)).to_be_visible()

        other = context.new_page()
        with screenshot_on_failure(other, "session-new-tab"):
            other.goto(base_url + "/profile")
            expect(other.get_by_role("heading", name="Municipality profile", level=1)).to_be_visible(timeout=60_000)
            expect(signed_in(other)).to_be_visible()
            other.goto(base_url + "/map")  # the default page's own path
            expect(other.frame_locator(MAP_FRAME).locator("path.leaflet-interactive")).to_have_count(565, timeout=60_000)
            no_page_not_found(other)
            expect(other.get_by_test_id("stSidebarNav").get_by_role("link")).to_have_text(
                [re.compile(f"{n}$") for n in ("National map", "Briefing", "Coverage over time", "Visits", "Municipality profile", "Cells", "Data", "About the data")]
            )

        with screenshot_on_failure(page, "session-sign-out"):
            page.get_by_role("button", name="Sign out").click()
            expect(page.get_by_text("Sign in to see this page", exact=False)).to_be_visible(timeout=30_000)
            page.wait_for_function("() => !document.cookie.includes('livcr_session=')", timeout=30_000)
            for tab in (page, other):
                tab.goto(base_url + "/visits")
                expect(tab.get_by_text("Sign in to see this page", exact=False)).to_be_visible(timeout=60_000)
                expect(signed_in(tab)).to_have_count(0)
        context.close()


def test_anonymous_deep_links_land_and_a_forged_cookie_signs_nobody_in(tmp_path):
    folder = app_folder(tmp_path)
    with run_streamlit(ROOT / "dashboard.py", **folder) as base_url, open_chromium() as browser:
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        token = access.issue_session_token(
            access.Account("rita", "staff", access.hash_password("pw-rita")), "k" * 48, _now(), 3600
        )  # right name and secret, but signed for another password hash
        context.add_cookies([{"name": "livcr_session", "value": token, "url": base_url}])
        page = context.new_page()
        for path in ("/data", "/profile?nis=62063", "/visits"):
            with screenshot_on_failure(page, "anonymous-deep-link"):
                page.goto(base_url + path)
                expect(page.get_by_text("Sign in to see this page", exact=False)).to_be_visible(timeout=60_000)
                no_page_not_found(page)
                expect(signed_in(page)).to_have_count(0)
        for path in ("/map", "/briefing"):
            page.goto(base_url + path)
            expect(page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive")).to_have_count(565, timeout=60_000)
            no_page_not_found(page)
        context.close()


def _now() -> float:
    import time

    return time.time()
