"""`python -m benchmarks.load`: 25 concurrent sessions switching filters for two minutes.

Starts the dashboard on 127.0.0.1 (`--replicas N`: N processes on one store, `--database-url`,
an SQLite file of its own by default), opens the sessions (browser contexts, so server
sessions) in headless Chromium, spread over the replicas in turn, and in rounds changes every
session's region filter at once, then waits for each session's rerun to finish. Halfway, a
change is made through the store (an import that replaces the demo dataset, which every page
shows by its label) and each replica's sessions are watched for it. It stops by itself after
the given time and reports errors (exceptions shown by a page, reruns that never finished:
must be zero), the p50/p95 rerun latency seen by the client, throughput (reruns per second),
how long the change took to show on each replica, and the servers' peak memory. The last
line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
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
    parser.add_argument("--replicas", type=int, default=1, help="dashboard processes on the one store")
    parser.add_argument("--database-url", default="", help="the store (default: an SQLite file of its own)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from loaders import store

    workdir = Path(tempfile.mkdtemp(prefix="livcr-load-"))
    url = args.database_url or f"sqlite:///{workdir / 'load.sqlite'}"
    store.open_store(url).dispose()  # made and seeded once, before the replicas start
    env = {"LIVCR_DATABASE_URL": url, "LIVCR_CACHE_DIR": str(workdir / "cache")}
    change = workdir / "change.csv"
    change.write_text("gemeente;status;datum\nGent;operationeel;2020-01-01\n", encoding="utf-8")
    latencies: list[float] = []
    errors: list[str] = []
    rounds = 0
    changed_at: float | None = None
    seen: dict[int, float] = {}  # replica -> seconds from the change until one of its sessions showed it
    with contextlib.ExitStack() as stack:
        servers = [
            stack.enter_context(streamlit_server(f"load{i}", ROOT / "dashboard.py", ROOT, env, workdir / "logs"))
            for i in range(args.replicas)
        ]
        pw = stack.enter_context(sync_playwright())
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS))
        tabs, replica_of = [], []
        for i in range(args.sessions):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            tab = open_tab(context)
            tab.page.goto(servers[i % len(servers)].url)
            tabs.append(tab)
            replica_of.append(i % len(servers))
        for tab in tabs:
            tab.page.get_by_test_id("stMetric").first.wait_for(timeout=120_000)
        peak = sum(server.memory_mb()["peak"] for server in servers)
        started = time.monotonic()
        stop = started + args.seconds
        while time.monotonic() < stop:
            if changed_at is None and time.monotonic() > started + args.seconds / 2:
                subprocess.run(
                    [sys.executable, "-m", "loaders", "import", str(change), "--kind", "status"],
                    cwd=ROOT, env={**os.environ, **env}, check=True, capture_output=True,
                )
                changed_at = time.monotonic()
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
            if changed_at is not None:
                for tab, replica in zip(tabs, replica_of):
                    if replica not in seen and not tab.page.get_by_text("DEMO DATA", exact=False).count():
                        seen[replica] = time.monotonic() - changed_at
            peak = max(peak, sum(server.memory_mb()["peak"] for server in servers))
            rounds += 1
        elapsed = time.monotonic() - started
        browser.close()
    missed = [r for r in range(args.replicas) if r not in seen]
    if changed_at is not None and missed:
        errors.append(f"the change never showed on replica(s) {missed}")
    result = {
        "replicas": args.replicas,
        "backend": url.split(":", 1)[0],
        "sessions": args.sessions,
        "seconds": args.seconds,
        "rounds": rounds,
        "reruns": len(latencies),
        "reruns_per_s": round(len(latencies) / elapsed, 2),
        "change_seen_s": {str(r): round(s, 2) for r, s in sorted(seen.items())},
        "errors": len(errors),
        "rerun_p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "rerun_p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
        "rss_peak_mb": round(peak, 1),
    }
    for error in errors[:10]:
        print(error)
    print(f"{args.replicas} replica(s) on {result['backend']}, {args.sessions} sessions, {rounds} rounds, "
          f"{len(latencies)} reruns ({result['reruns_per_s']}/s), {len(errors)} errors; rerun p50 {result['rerun_p50_ms']} ms, "
          f"p95 {result['rerun_p95_ms']} ms; change seen after {result['change_seen_s']} s; "
          f"servers' peak {result['rss_peak_mb']} MB")
    print(json.dumps(result))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
