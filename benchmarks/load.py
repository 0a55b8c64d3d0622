"""`python -m benchmarks.load`: 25 concurrent sessions switching filters for two minutes.

Starts the dashboard on 127.0.0.1, opens N sessions (browser contexts, so N server
sessions) in headless Chromium, and in rounds changes every session's region filter at
once, then waits for each session's rerun to finish. It stops by itself after the given
time and reports errors (exceptions shown by a page, reruns that never finished: must be
zero), the p50/p95 rerun latency under that load, and the server's peak memory. The last
line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    choose_region,
    open_tab,
    rerun_server_ms,
    streamlit_server,
)

REGIONS = ("Flanders", "Wallonia", "Brussels-Capital", "Belgium (all regions)")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=120.0)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="livcr-load-"))
    env = {"LIVCR_DATABASE_URL": f"sqlite:///{workdir / 'load.sqlite'}", "LIVCR_CACHE_DIR": str(workdir / "cache")}
    latencies: list[float] = []
    errors: list[str] = []
    rounds = 0
    with streamlit_server("load", ROOT / "dashboard.py", ROOT, env, workdir / "logs") as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS))
        tabs = []
        for _ in range(args.sessions):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            tab = open_tab(context)
            tab.page.goto(server.url)
            tabs.append(tab)
        for tab in tabs:
            tab.page.get_by_test_id("stMetric").first.wait_for(timeout=120_000)
        peak = server.memory_mb()["peak"]
        stop = time.monotonic() + args.seconds
        while time.monotonic() < stop:
            label = REGIONS[rounds % len(REGIONS)]
            marks = []
            for tab in tabs:  # every session asks for a rerun before any is waited for
                marks.append(len(tab.frames))
                try:
                    choose_region(tab, "Region", label)
                except Exception as error:  # a session that cannot even be driven is an error
                    errors.append(f"round {rounds}: could not change the filter: {error}")
            for tab, mark in zip(tabs, marks):
                deadline = time.monotonic() + 60
                while True:
                    try:
                        latencies.append(rerun_server_ms(tab.frames, mark))
                        break
                    except ValueError:
                        if time.monotonic() > deadline:
                            errors.append(f"round {rounds}: a rerun did not finish within 60 s")
                            break
                        tab.page.wait_for_timeout(20)
                if tab.page.get_by_test_id("stException").count():
                    errors.append(f"round {rounds}: {tab.page.get_by_test_id('stException').first.inner_text()[:200]}")
            peak = max(peak, server.memory_mb()["peak"])
            rounds += 1
        browser.close()
    result = {
        "sessions": args.sessions,
        "seconds": args.seconds,
        "rounds": rounds,
        "reruns": len(latencies),
        "errors": len(errors),
        "rerun_p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "rerun_p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
        "rss_peak_mb": round(peak, 1),
    }
    for error in errors[:10]:
        print(error)
    print(f"{args.sessions} sessions, {rounds} rounds, {len(latencies)} reruns, {len(errors)} errors; "
          f"rerun p50 {result['rerun_p50_ms']} ms, p95 {result['rerun_p95_ms']} ms; server peak {result['rss_peak_mb']} MB")
    print(json.dumps(result))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
