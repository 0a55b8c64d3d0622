"""The real-browser smoke test: the national map paints all 565 municipalities offline."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from playwright.sync_api import expect

from browser import open_chromium, record_requests, screenshot, screenshot_on_failure
from streamlit_server import run_streamlit

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
POLYGONS = "path.leaflet-interactive"


def test_national_map_paints_every_municipality_with_local_requests_only(tmp_path):
    env = {"LIVCR_CACHE_DIR": str(tmp_path / "cache")}
    with run_streamlit("dashboard.py", env=env) as base_url, open_chromium() as browser:
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        requests = record_requests(page)
        frames: list[int] = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(len(payload))))
        with screenshot_on_failure(page, "browser-map"):
            started = time.monotonic()
            page.goto(base_url)
            polygons = page.frame_locator(MAP_FRAME).locator(POLYGONS)
            expect(polygons).to_have_count(565, timeout=60_000)
            paint_s = time.monotonic() - started
            expect(page.get_by_text("DEMO DATA", exact=False).first).to_be_visible()

            frame = page.frame_locator(MAP_FRAME)
            expect(frame.locator(".livcr-legend")).to_contain_text("Operational")
            # Hover shows the tooltip with name and status; a click opens the details.
            box = page.locator(MAP_FRAME).bounding_box()
            centre = (box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
            page.mouse.move(*centre)
            expect(frame.locator(".leaflet-tooltip")).to_contain_text("LIVC-R status")
            page.mouse.click(*centre)
            expect(page.get_by_text("NIS code:", exact=False)).to_be_visible(timeout=20_000)
            page.wait_for_load_state("networkidle")
            screenshot(page, "national-map")

            # A region change swaps the drawn selection inside the mounted map: the same
            # document (no remount, no second download of the geometry), Flanders' 285.
            page.locator(MAP_FRAME).element_handle().content_frame().evaluate("window.__mounted = true")
            sent_before = sum(frames)
            region = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="Region")
            region.locator("input").click()
            page.get_by_role("option", name="Flanders", exact=True).click()
            expect(polygons).to_have_count(285, timeout=20_000)
            assert page.locator(MAP_FRAME).element_handle().content_frame().evaluate("window.__mounted === true")
            expect(frame.locator(".livcr-legend")).to_contain_text("(", timeout=5_000)
            region_bytes = sum(frames) - sent_before

        offenders = [
            u for u in requests
            if urlsplit(u).scheme not in ("data", "blob", "about") and urlsplit(u).hostname != "127.0.0.1"
        ]
        assert offenders == []
        print(f"\nfirst paint of 565 polygons: {paint_s:.2f} s; websocket bytes received: {sum(frames) - region_bytes:,}"
              f" (then {region_bytes:,} for the region change)")
