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


# In the page before its own scripts: at every animation frame, the first frame in which the
# map's polygons (COUNT of them) are on screen and the first in which a figure is, with the map's place.
ORDER_PROBE = """
(() => {
  if (window !== window.top) return;
  const seen = window.__order = {};
  const tick = () => {
    const frame = document.querySelector('%s');
    let n = 0;
    try { n = frame ? frame.contentDocument.querySelectorAll('%s').length : 0; } catch (e) {}
    const box = frame ? frame.getBoundingClientRect() : null, top = box ? Math.round(box.top) : null;
    // (Streamlit gives the frame its height once the map asks for it: then it is seen.)
    if (n === COUNT && box.height > 0 && !seen.map) seen.map = {t: performance.now(), top: top};
    if (document.querySelector('[data-testid=stMetric]') && !seen.figures) seen.figures = {t: performance.now(), top: top};
    if (!seen.map || !seen.figures) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
""".replace("%s", MAP_FRAME, 1).replace("%s", POLYGONS, 1)


def test_the_map_is_painted_before_the_rest_of_its_page_which_moves_nothing(tmp_path):
    env = {"LIVCR_CACHE_DIR": str(tmp_path / "cache")}
    with run_streamlit("dashboard.py", env=env) as base_url, open_chromium() as browser:
        for viewport in ({"width": 1600, "height": 1000}, {"width": 390, "height": 844}):
            context = browser.new_context(viewport=viewport)
            context.add_init_script(ORDER_PROBE.replace("COUNT", "261"))
            page = context.new_page()
            with screenshot_on_failure(page, f"browser-map-first-{viewport['width']}"):
                page.goto(f"{base_url}/?region=wallonia")
                page.wait_for_function("window.__order && window.__order.map && window.__order.figures", timeout=60_000)
                order = page.evaluate("window.__order")
                assert order["map"]["t"] < order["figures"]["t"]
                # The figures' place was kept: the map is where it was painted, then and now.
                settled = round(page.locator(MAP_FRAME).bounding_box()["y"])
                assert order["map"]["top"] == order["figures"]["top"] == settled, (viewport, order, settled)
                # The rest came with the link's area: the filters show it, the map kept its 261.
                expect(page.get_by_role("combobox", name="Region")).to_have_value("Wallonia")
                expect(page.get_by_test_id("stMetric").first).to_contain_text("261")
                expect(page.frame_locator(MAP_FRAME).locator(POLYGONS)).to_have_count(261)
            context.close()


def test_without_the_maps_word_the_rest_of_the_page_comes_anyway(tmp_path):
    env = {"LIVCR_CACHE_DIR": str(tmp_path / "cache")}
    with run_streamlit("dashboard.py", env=env) as base_url, open_chromium() as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        # Leaflet cannot load: the map never paints, so it never says it did.
        page.route("**/leaflet.js", lambda route: route.abort())
        with screenshot_on_failure(page, "browser-map-fallback"):
            page.goto(base_url)
            expect(page.get_by_test_id("stMetric").first).to_contain_text("565", timeout=20_000)
            region = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="Region")
            expect(region).to_be_visible()
            expect(page.frame_locator(MAP_FRAME).locator(POLYGONS)).to_have_count(0)


def test_a_first_click_on_a_map_below_the_fold_opens_the_place_under_the_pointer(tmp_path):
    env = {"LIVCR_CACHE_DIR": str(tmp_path / "cache")}
    with run_streamlit("dashboard.py", env=env) as base_url, open_chromium() as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        with screenshot_on_failure(page, "browser-map-first-click"):
            page.goto(base_url)
            expect(page.frame_locator(MAP_FRAME).locator(POLYGONS)).to_have_count(565, timeout=60_000)
            expect(page.get_by_test_id("stMetric").first).to_be_visible()
            box = page.locator(MAP_FRAME).bounding_box()
            assert box["y"] + box["height"] > 768  # the map goes on below the fold
            # The municipality under the pointer, as the map's tooltip names it...
            page.mouse.move(box["x"] + box["width"] * 0.55, box["y"] + 200)
            tooltip = page.frame_locator(MAP_FRAME).locator(".leaflet-tooltip")
            expect(tooltip).to_contain_text("LIVC-R status")
            name = tooltip.inner_text().split("\n")[0].removeprefix("Municipality:").strip()
            # ...is the one a first click opens: the page does not scroll under the pointer.
            page.mouse.down()
            page.mouse.up()
            expect(page.get_by_test_id("stMain").get_by_role("heading", name=name, exact=True)).to_be_visible(timeout=20_000)
            assert page.evaluate("document.querySelector('[data-testid=stMain]').scrollTop") == 0
