"""Smoke test of the test harness: Streamlit server + headless Chromium.

Proves the server starts, Chromium renders the app, and that neither
Streamlit nor the browser page contacts anything but 127.0.0.1.
"""

from urllib.parse import urlsplit

from playwright.sync_api import expect

from browser import open_chromium, record_requests, screenshot_on_failure
from streamlit_server import run_streamlit

HELLO_APP = "tests/data/apps/hello_app.py"
LOCAL_HOSTS = {"127.0.0.1"}
# Schemes that never leave the browser.
NON_NETWORK_SCHEMES = {"data", "blob", "about", "chrome-extension"}


def non_local(urls):
    return [
        u for u in urls
        if urlsplit(u).scheme not in NON_NETWORK_SCHEMES
        and urlsplit(u).hostname not in LOCAL_HOSTS
    ]


def test_hello_app_loads_and_stays_local():
    with run_streamlit(HELLO_APP) as base_url, open_chromium() as browser:
        page = browser.new_page()
        requests = record_requests(page)
        with screenshot_on_failure(page, "test_harness-hello"):
            page.goto(base_url)
            expect(page.get_by_role("heading", name="Hello harness")).to_be_visible()
            button = page.get_by_role("button", name="Click me")
            expect(button).to_be_visible()
            button.click()
            expect(page.get_by_text("Button clicked")).to_be_visible()
            # Let late requests (e.g. metrics config) show up before checking;
            # the open websocket does not count against "networkidle".
            page.wait_for_load_state("networkidle")

            assert any(u.startswith(base_url) for u in requests), requests
            offenders = non_local(requests)
            assert not offenders, (
                "requests to hosts other than 127.0.0.1:\n  "
                + "\n  ".join(offenders)
            )
