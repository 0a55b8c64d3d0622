"""Test helper (not a test module): headless Debian Chromium via Playwright.

Usage::

    from browser import open_chromium, record_requests, screenshot

    with open_chromium() as browser:
        page = browser.new_page()
        urls = record_requests(page)
        page.goto(base_url)
        ...
        screenshot(page, "after-load")   # test-artifacts/after-load.png
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Iterator

from playwright.sync_api import Browser, Page, sync_playwright

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"

CHROMIUM_EXECUTABLE = "/usr/bin/chromium"
# Playwright itself adds "--headless" (plus --no-sandbox etc.) when
# headless=True; Chromium uses the last value of a repeated switch, so our
# "--headless=new" (appended after Playwright's defaults) wins. Since
# Chromium 132 both spellings mean the new headless mode anyway.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


@contextlib.contextmanager
def open_chromium(**launch_kwargs) -> Iterator[Browser]:
    """Yield a headless Chromium ``Browser`` (sync API); closed on exit.

    Extra keyword arguments are passed to ``chromium.launch``.
    """
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM_EXECUTABLE,
            headless=True,
            args=list(CHROMIUM_ARGS),
            **launch_kwargs,
        )
        try:
            yield browser
        finally:
            browser.close()


def record_requests(page: Page) -> list[str]:
    """Return a list that fills with the URL of every request the page makes.

    ``page.on("request")`` fires for requests from the page's main frame and
    all its child frames (iframes), so one listener covers them. WebSocket URLs
    (``ws://``/``wss://``), which do not produce "request" events, are
    appended too, so the list covers every network destination.
    """
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.on("websocket", lambda ws: urls.append(ws.url))
    return urls


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") or "screenshot"


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG to ``test-artifacts/<name>.png``; return the path.

    Never raises (a failing screenshot must not mask the real test failure);
    returns the intended path even if saving failed.
    """
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS_DIR / f"{_safe_name(name)}.png"
    try:
        page.screenshot(path=str(path), full_page=True)
        print(f"screenshot saved: {path}")
    except Exception as exc:  # noqa: BLE001
        print(f"screenshot {path} failed: {exc}")
    return path


@contextlib.contextmanager
def screenshot_on_failure(page: Page, name: str) -> Iterator[Page]:
    """``with screenshot_on_failure(page, "name"):`` saves a PNG if the body
    raises, then re-raises."""
    try:
        yield page
    except BaseException:
        screenshot(page, f"{name}-FAILED")
        raise
