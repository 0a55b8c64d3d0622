"""Real browser: the briefing on a projector's screens and a phone, its replay, its GIF.

An anonymous visitor opens /briefing: the sidebar is closed; at 1920x1080, 1366x768 and
1280x720 the title, the controls, the whole map with its legend and every region's figure
(Brussels too) are on screen without scrolling; on a 390x844 phone the map comes before the
figures. Play steps through the years (the day shown changes), and the GIF downloaded has one
frame per step. Screenshots: test-artifacts/briefing-<width>x<height>.png.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from browser import open_chromium, screenshot, screenshot_on_failure
from PIL import Image
from playwright.sync_api import expect
from streamlit_server import run_streamlit

from geo import export
from locales import format_date

MAP = ".st-key-briefing_map iframe"
POLYGONS = "path.leaflet-interactive"
SURVEY = dt.date(2016, 5, 27)
SCREENS = [(1920, 1080), (1366, 768), (1280, 720)]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = {"LIVCR_CACHE_DIR": str(tmp_path_factory.mktemp("cache"))}
    with run_streamlit("dashboard.py", env=env) as base_url, open_chromium() as browser:
        yield base_url, browser


def open_briefing(browser, base_url, width, height, query="", **context):
    page = browser.new_context(viewport={"width": width, "height": height}, **context).new_page()
    page.goto(f"{base_url}/briefing{query}")
    expect(page.frame_locator(MAP).last.locator(POLYGONS)).to_have_count(565 if not query else 589, timeout=90_000)
    expect(page.frame_locator(MAP).last.locator(".livcr-legend")).to_contain_text("Operational")
    return page


def box_of(locator) -> dict:
    box = locator.bounding_box()
    assert box is not None
    return box


def assert_on_screen(box: dict, width: int, height: int, what: str) -> None:
    assert box["x"] >= 0 and box["y"] >= 0, (what, box)
    assert box["x"] + box["width"] <= width and box["y"] + box["height"] <= height, (what, box, width, height)


@pytest.mark.parametrize("width, height", SCREENS)
def test_everything_fits_one_screen_with_the_sidebar_closed(server, width, height):
    base_url, browser = server
    page = open_briefing(browser, base_url, width, height)
    with screenshot_on_failure(page, f"briefing-{width}x{height}"):
        expect(page.get_by_test_id("stSidebar")).not_to_be_in_viewport()
        expect(page.get_by_test_id("stExpandSidebarButton")).to_be_visible()
        frame = page.frame_locator(MAP).last
        parts = {
            "title": page.get_by_role("heading", level=1),
            "map": page.locator(MAP).last,
            "legend": frame.locator(".livcr-legend"),
            "day picker": page.get_by_test_id("stDateInput"),
            "play": page.get_by_role("button", name="Play"),
            "replay slider": page.get_by_test_id("stSlider"),
            **{name: page.get_by_test_id("stMetric").filter(has_text=name)
               for name in ("Belgium", "Flanders", "Wallonia", "Brussels-Capital")},
        }
        for what, locator in parts.items():
            assert_on_screen(box_of(locator), width, height, what)
        assert page.get_by_test_id("stMain").evaluate("main => main.scrollTop") == 0
        # The type stays legible from the back of the room: the figures' numbers at least 24 px.
        size = page.get_by_test_id("stMetricValue").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 24
        page.wait_for_load_state("networkidle")
        screenshot(page, f"briefing-{width}x{height}")
    page.context.close()


def test_the_sidebar_is_closed_on_the_briefing_only(server):
    base_url, browser = server
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    with screenshot_on_failure(page, "briefing-sidebar"):
        page.goto(f"{base_url}/map")
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar).to_be_in_viewport(timeout=60_000)
        sidebar.get_by_role("link", name="Briefing").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("LIVC-R in Belgium —", timeout=60_000)
        expect(sidebar).not_to_be_in_viewport()
        page.goto(f"{base_url}/map")
        expect(sidebar).to_be_in_viewport(timeout=60_000)
    page.context.close()


def test_on_a_phone_the_map_comes_before_the_figures(server):
    base_url, browser = server
    page = open_briefing(browser, base_url, 390, 844, is_mobile=True, has_touch=True, device_scale_factor=2)
    with screenshot_on_failure(page, "briefing-390x844"):
        expect(page.get_by_test_id("stSidebar")).not_to_be_in_viewport()
        map_box = box_of(page.locator(MAP).last)
        figures = [box_of(page.get_by_test_id("stMetric").nth(i)) for i in range(4)]
        assert map_box["y"] + map_box["height"] <= min(f["y"] for f in figures)
        assert map_box["width"] <= 390 and map_box["y"] < 844  # the map starts on the first screen
        legend = box_of(page.frame_locator(MAP).last.locator(".livcr-legend"))
        assert legend["x"] + legend["width"] <= map_box["x"] + map_box["width"] * 0.6  # a corner, not across
        page.wait_for_load_state("networkidle")
        screenshot(page, "briefing-390x844")
    page.context.close()


def test_play_steps_through_the_years_and_the_gif_has_one_frame_per_step(server, tmp_path):
    base_url, browser = server
    page = open_briefing(browser, base_url, 1366, 768, query=f"?day={SURVEY.isoformat()}")
    today = dt.date.today()
    steps = export.replay_days("year", SURVEY, today)
    with screenshot_on_failure(page, "briefing-replay"):
        title = page.get_by_role("heading", level=1)
        expect(title).to_have_text(f"LIVC-R in Belgium — {format_date(SURVEY, 'en')}")
        page.get_by_role("button", name="Play").click()
        expect(page.get_by_role("button", name="Pause")).to_be_visible(timeout=10_000)
        expect(title).to_have_text(f"LIVC-R in Belgium — {format_date(steps[1], 'en')}", timeout=15_000)
        expect(title).to_have_text(f"LIVC-R in Belgium — {format_date(steps[2], 'en')}", timeout=15_000)
        # To the end, through the 581 and the 565 maps, and it stops by itself.
        expect(title).to_have_text(f"LIVC-R in Belgium — {format_date(today, 'en')}", timeout=60_000)
        expect(page.get_by_role("button", name="Play")).to_be_visible(timeout=10_000)
        expect(page.frame_locator(MAP).last.locator(POLYGONS)).to_have_count(565, timeout=20_000)

        page.get_by_role("button", name="Download").click()
        with page.expect_download(timeout=120_000) as download:
            page.get_by_role("button", name="Replay as GIF (slides)").click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        assert path.name == f"livcr-replay-year-{SURVEY.isoformat()}-{today.isoformat()}.gif"
        gif = Image.open(io.BytesIO(path.read_bytes()))
        assert (gif.format, gif.n_frames) == ("GIF", len(steps))
    page.context.close()
