"""The place search on the public map, in a real browser, by keyboard: an exonym, a section,
a postal code and a name two municipalities answer to (which asks which one)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from browser import open_chromium, record_requests, screenshot, screenshot_on_failure
from streamlit_server import run_streamlit

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
BOX = "Find a municipality, section or postal code"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = {"LIVCR_CACHE_DIR": str(tmp_path_factory.mktemp("cache"))}
    with run_streamlit("dashboard.py", env=env) as base_url:
        yield base_url


def zoom(page) -> float:
    return page.locator(MAP_FRAME).element_handle().content_frame().evaluate("window.livcr.map.getZoom()")


@pytest.mark.parametrize(
    "typed, keys, heading, told",
    [
        ("Lüttich", ["Enter"], "Liège", "another name of Liège"),
        ("Borgerh", ["ArrowDown", "Enter"], "Antwerpen", "a section of Antwerpen"),
        ("9000", ["Enter"], "Gent", "postal code of Gent"),
    ],
)
def test_a_place_found_is_outlined_zoomed_to_and_opened(server, typed, keys, heading, told):
    with open_chromium() as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        requests = record_requests(page)
        with screenshot_on_failure(page, f"search-{typed}"):
            page.goto(server)
            frame = page.frame_locator(MAP_FRAME)
            expect(frame.locator("path.leaflet-interactive")).to_have_count(565, timeout=60_000)
            before = zoom(page)
            box = page.get_by_role("combobox", name=BOX)
            box.click()
            box.press_sequentially(typed)
            expect(page.get_by_role("option").first).to_be_visible()
            for key in keys:
                box.press(key)
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=20_000)
            expect(page.get_by_role("status").filter(has_text=told)).to_be_visible()
            # A lasting outline (not the browser's focus square) and a closer view.
            expect(frame.locator("path.livcr-focus")).to_have_count(1)
            page.wait_for_function(
                f"() => document.querySelector('{MAP_FRAME}').contentWindow.livcr.map.getZoom() > {before}"
            )
            screenshot(page, f"search-{typed}")
    offenders = [u for u in requests if urlsplit(u).scheme not in ("data", "blob", "about")
                 and urlsplit(u).hostname != "127.0.0.1"]
    assert offenders == []


def test_a_name_of_two_municipalities_asks_which_and_the_answer_opens_it(server):
    with open_chromium() as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        with screenshot_on_failure(page, "search-saint-nicolas"):
            page.goto(server)
            frame = page.frame_locator(MAP_FRAME)
            expect(frame.locator("path.leaflet-interactive")).to_have_count(565, timeout=60_000)
            box = page.get_by_role("combobox", name=BOX)
            box.click()
            box.press_sequentially("Saint-Nicolas")
            box.press("Enter")
            expect(page.get_by_role("status").filter(has_text="which one?")).to_be_visible()
            options = page.get_by_role("option")
            expect(options).to_have_count(2)
            expect(options.nth(0)).to_contain_text("in the province of Liège")
            expect(options.nth(1)).to_contain_text("another name of Sint-Niklaas")
            screenshot(page, "search-saint-nicolas")
            box.press("ArrowDown")
            box.press("ArrowDown")
            expect(options.nth(1)).to_have_attribute("aria-selected", "true")
            box.press("Enter")
            expect(page.get_by_role("heading", name="Sint-Niklaas", exact=True)).to_be_visible(timeout=20_000)
            expect(frame.locator("path.livcr-focus")).to_have_count(1)


def test_a_click_on_the_map_outlines_the_municipality_without_a_focus_square(server):
    with open_chromium() as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        with screenshot_on_failure(page, "search-click"):
            page.goto(server)
            frame = page.frame_locator(MAP_FRAME)
            expect(frame.locator("path.leaflet-interactive")).to_have_count(565, timeout=60_000)
            page.locator(MAP_FRAME).scroll_into_view_if_needed()
            box = page.locator(MAP_FRAME).bounding_box()
            page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
            expect(page.get_by_text("NIS code:", exact=False)).to_be_visible(timeout=20_000)
            expect(frame.locator("path.livcr-focus")).to_have_count(1)
            outline = page.locator(MAP_FRAME).element_handle().content_frame().evaluate(
                "() => { const e = document.activeElement; return e ? getComputedStyle(e).outlineStyle : 'none'; }"
            )
            assert outline == "none"


def test_the_briefing_finds_a_place_and_keeps_it_outlined_on_an_older_map(server):
    with open_chromium() as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        with screenshot_on_failure(page, "search-briefing"):
            page.goto(f"{server}/briefing")
            frame = page.frame_locator(MAP_FRAME).last
            expect(frame.locator("path.leaflet-interactive")).to_have_count(565, timeout=60_000)
            box = page.get_by_role("combobox", name=BOX)
            box.click()
            box.press_sequentially("Kruisem")
            box.press("Enter")
            expect(page.get_by_text("Kruisem, in the province of East Flanders:", exact=False)).to_be_visible(timeout=20_000)
            expect(frame.locator("path.livcr-focus")).to_have_count(1)
            # On the 2016 map, Kruisem is the two municipalities it was formed from.
            page.get_by_role("button", name="Survey of 27 May 2016").click()
            expect(page.get_by_role("heading", name="27 May 2016", exact=False)).to_be_visible(timeout=20_000)
            frame = page.frame_locator(MAP_FRAME).last
            expect(frame.locator("path.leaflet-interactive")).to_have_count(589, timeout=30_000)
            expect(frame.locator("path.livcr-focus")).to_have_count(2)
            screenshot(page, "search-briefing-2016")
            page.get_by_role("button", name="All of Belgium").click()
            expect(frame.locator("path.livcr-focus")).to_have_count(0, timeout=20_000)
