"""A fresh clone with nothing beside it, and no setting, draws all 565 municipalities.

The clone is made from this repository's HEAD into an empty temporary folder; the server runs
there with every LIVCR_* variable removed, so it can only use what the repository ships.
"""

from __future__ import annotations

import re
import subprocess
import time
import urllib.request
from urllib.parse import urlsplit

from playwright.sync_api import expect

from browser import open_chromium, record_requests, screenshot_on_failure
from geo.settings import ROOT
from streamlit_server import run_streamlit

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def test_a_fresh_clone_draws_the_map_with_no_setting(tmp_path):
    clone = tmp_path / "empty" / "livcr"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    assert sorted(p.name for p in clone.parent.iterdir()) == ["livcr"]
    assert not (clone / "data").exists()
    started = time.monotonic()
    # As the README starts it: app.py serves dashboard.py and warms it up at start.
    with run_streamlit(clone / "app.py", cwd=clone, unset_prefix="LIVCR_") as base_url, open_chromium() as browser:
        healthy_s = time.monotonic() - started
        # Before any visit: the map page's HTML names the map's files, which are all served
        # (the map's component too, registered by the warm-up), those named by content for good.
        with urllib.request.urlopen(base_url) as response:
            index = response.read().decode()
        named = re.findall(r'<link rel="preload" as="(?:script|style)"[^>]* href="\.([^"]+)">', index)
        assert [re.sub(r"[0-9a-f]{8,}", "#", u) for u in named] == [
            "/component/streamlit_folium.st_folium/static/js/main.#.js", "/app/static/leaflet-1.9.3/leaflet.js",
            "/app/static/geometry/municipalities-2025-#.js", "/app/static/leaflet-1.9.3/leaflet.css",
        ]
        for url in named:
            with urllib.request.urlopen(base_url + url) as response:
                assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        requests = record_requests(page)
        with screenshot_on_failure(page, "fresh-clone"):
            page.goto(base_url)
            expect(page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive")).to_have_count(565, timeout=120_000)
            painted_s = time.monotonic() - started
            expect(page.get_by_text("DEMO DATA", exact=False).first).to_be_visible()
            expect(page.get_by_test_id("stException")).to_have_count(0)
            expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    assert [u for u in requests if urlsplit(u).hostname not in (None, "127.0.0.1")] == []
    # Everything it wrote stayed inside the clone: the store; the boundaries came prepared.
    cache = clone / "data" / "cache"
    assert (clone / "data" / "livcr.sqlite").exists() and not (cache.exists() and any(cache.iterdir()))
    print(f"\nfresh clone: server healthy after {healthy_s:.1f} s, 565 polygons painted {painted_s:.1f} s after start")
