"""Real browser: an anonymous visitor opens "Coverage over time" and sees the chart drawn (Vega,
from Streamlit's own bundle: no request leaves the server), the published figures marked on
it with their printed numbers and source, and the same numbers in the table below; on a
phone too."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from browser import open_chromium, record_requests, screenshot, screenshot_on_failure
from playwright.sync_api import Page, expect
from streamlit_server import run_streamlit

from geo.settings import ROOT
from loaders import store


def open_coverage(page: Page, base_url: str, lang: str = "en"):
    page.goto(f"{base_url}/coverage?lang={lang}")
    chart = page.get_by_test_id("stVegaLiteChart")
    expect(chart.locator("svg").first).to_be_visible(timeout=90_000)
    return chart


def test_an_anonymous_visitor_sees_the_chart_with_the_published_figures(tmp_path):
    url = f"sqlite:///{tmp_path / 'coverage.sqlite'}"
    store.open_store(url).dispose()  # the demo dataset, seeded before the server starts
    env = {"LIVCR_DATABASE_URL": url, "LIVCR_CACHE_DIR": str(tmp_path / "cache")}
    with run_streamlit(ROOT / "dashboard.py", env=env) as base_url, open_chromium() as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        requests = record_requests(page)
        with screenshot_on_failure(page, "coverage-1366"):
            chart = open_coverage(page, base_url)
            expect(page.get_by_role("heading", name="Coverage over time", level=1)).to_be_visible()
            expect(page.get_by_text("DEMO DATA", exact=False).first).to_be_visible()
            expect(page.get_by_test_id("stSidebarNav").get_by_role("link")).to_have_text(
                [re.compile(f"{n}$") for n in ("National map", "Briefing", "Coverage over time", "About the data")]
            )
            # The marks say what they are to a screen reader: a published point with its numbers.
            flanders_2019 = chart.locator("[aria-label^='Mobile Team survey, 15 June 2019, Flanders: 255 / 300']")
            expect(flanders_2019).to_have_count(1)
            expect(chart.locator("[aria-label^='Survey of all mayors, 27 May 2016, Flanders: 112 / 308']")).to_have_count(1)
            drawn = chart.locator("svg").first
            for words in ("Law of 30 July 2018", "83 not reported", "15 not reported", "68 not reported", "DEMO"):
                expect(drawn).to_contain_text(words)
            screenshot(page, "coverage-1366x768")
            # Its tooltip: the printed numbers and where they were published.
            flanders_2019.hover(force=True)
            tooltip = page.locator("#vg-tooltip-element")
            expect(tooltip).to_contain_text("255 / 300")
            expect(tooltip).to_contain_text("Not reported: up to 90% if all had a cell")
            expect(tooltip).to_contain_text("besafe.be")
            screenshot(page, "coverage-tooltip")
            # The table below holds the same printed numbers as text.
            rows = page.get_by_test_id("stTable").get_by_role("row")
            expect(rows.filter(has_text="Survey of all mayors, 27 May 2016").filter(has_text="Flanders")).to_contain_text(
                re.compile(r"77\s*112\s*not printed\s*not printed\s*308\s*36%")
            )
            expect(rows.filter(has_text="Mobile Team survey, 15 June 2019").filter(has_text="Flanders")).to_contain_text(
                re.compile(r"164\s*255\s*30\s*15\s*300\s*85%")
            )
            # The population view: the registry's line only.
            page.get_by_text("Share of the population").click()
            expect(page.get_by_text("The publications gave no population figures", exact=False)).to_be_visible(timeout=30_000)
            expect(chart.locator("[aria-label^='Mobile Team survey']")).to_have_count(0)
            expect(page.get_by_test_id("stException")).to_have_count(0)
        assert [u for u in requests if urlsplit(u).hostname not in (None, "127.0.0.1")] == []

        phone = browser.new_page(viewport={"width": 390, "height": 844})
        with screenshot_on_failure(phone, "coverage-phone"):
            chart = open_coverage(phone, base_url, "fr")
            expect(chart.locator("[aria-label^='Enquête de la Mobile Team, 15 juin 2019, Flandre : 255 / 300']")).to_have_count(1)
            box = chart.bounding_box()
            assert box is not None and box["width"] <= 390  # no sideways scrolling
            chart.scroll_into_view_if_needed()
            screenshot(phone, "coverage-390x844-fr")
