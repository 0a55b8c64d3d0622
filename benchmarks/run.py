"""`python -m benchmarks`: the dashboard's map page against the naive reference and the floor, same run.

Starts both apps (the dashboard as configured, in English, tiles off; the naive folium app
on the same municipalities, see `naive_app.py`), drives them with headless Chromium,
alternating the two, and prints a table of the figures with the ratio ours/naive, then,
as its last line, one JSON object.

What is measured, each a median over `--runs` samples (5 by default):

* payload: bytes of every websocket message the page receives on a first visit of the
  national view, until the map is painted and one more second (the whole page, so an
  upper bound on the map's share; the map component's own arguments are reported too);
* paint: from navigation start to the frame in which all 565 polygons are painted, on a
  first visit (new browser context, nothing cached) and again for a returning visitor
  (same context, HTTP cache warm); each visit is a new Streamlit session;
* rerun: server time of the rerun a region change causes, with warm caches: from the
  `rerun_script` message leaving the browser to the `script_finished` message arriving,
  both timed by the browser (DevTools protocol); the region cycles Flanders -> Wallonia ->
  Belgium, so every change redraws 261 to 565 polygons;
* repaint: from the click on the region to the frame in which the new polygons are painted;
* memory: the server process' peak resident set (VmHWM) over the whole run, and after
  the first session;
* the floor: the same paints for one polygon on an st_folium map and nothing else (same
  Streamlit, same local Leaflet), what the framework takes by itself, reported as ours/floor;
* cold start: `--cold` new servers, each on an empty cache and an empty store as a fresh
  clone starts, and the paint of each one's first visitor (against ours' first visit to a
  warm server).

`python -m benchmarks.trace` breaks one first visit down step by step.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    VIEWPORT,
    PAINT_PROBE,
    choose_region,
    component_bytes,
    open_tab,
    settle_machine,
    prepare_naive_app,
    rerun_server_ms,
    streamlit_server,
)

NATIONAL = 565
# The dashboard as configured, except: English labels (the benchmark picks regions by
# name) and no online tiles (everything stays on 127.0.0.1).
OURS_ENV = {"LIVCR_LANGUAGE": "en", "LIVCR_TILES_URL": ""}
# Region filter changes, in order: the label picked and the polygons then on the map.
CYCLE = (("Flanders", 285), ("Wallonia", 261), ("Belgium (all regions)", NATIONAL))

# name, JSON key of ours, of the naive app, of the floor (None: not measured there), unit,
# targets: at most this share of naive, at most this multiple of the floor, at most this value.
FIGURES = (
    ("map data sent, national view", "payload_bytes", "naive_payload_bytes", None, "bytes", 0.10, None, None),
    ("server time, rerun after a region change", "rerun_ms", "naive_rerun_ms", None, "ms", 0.20, None, None),
    ("navigation -> all polygons painted", "paint_s", "naive_paint_s", "floor_paint_s", "s", 0.50, 1.15, None),
    ("same, returning visitor (HTTP cache warm)", "paint_warm_s", "naive_paint_warm_s", "floor_paint_warm_s", "s",
     None, None, None),
    ("region change -> repainted", "repaint_s", "naive_repaint_s", None, "s", None, None, 0.5),
    ("server peak resident memory", "rss_mb", "naive_rss_mb", None, "MB", None, None, 400.0),
)
# The first visitor after a server start (fresh process, empty cache and store) against a
# first visit to a warm server: at most this multiple.
COLD_RATIO = 1.3


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured repetitions of each figure (default 5, at least 1)")
    parser.add_argument("--workdir", type=Path, default=None, help="scratch directory for the naive app and logs (default: a temporary one)")
    parser.add_argument("--json", type=Path, default=None, help="also write the JSON result to this file")
    parser.add_argument(
        "--floor", action="store_true",
        help="(kept for old command lines) the floor, one polygon on an st_folium map, is always timed now",
    )
    parser.add_argument("--cold", type=int, default=3, help="server starts timed for the first visitor (default 3, 0: none)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def load_national(browser, url: str, context=None, polygons: int = NATIONAL) -> dict:
    """One visit of the national view in a new session: time to paint, bytes received.

    Without `context`, a fresh browser context: a first visit, nothing cached. With one,
    that context's HTTP cache is reused: a returning visitor.
    """
    fresh = context is None
    settle_machine()
    if fresh:
        context = browser.new_context(viewport=VIEWPORT)
        context.add_init_script(PAINT_PROBE)
    tab = open_tab(context)
    try:
        tab.page.goto(url)
        start = tab.navigation_start_ms()
        painted = tab.wait_for_polygons(polygons, start)
        tab.page.wait_for_timeout(1000)  # late messages still count as sent for this view
        return {
            "paint_s": (painted - start) / 1000,
            "bytes": tab.received_bytes(),
            "map_bytes": component_bytes(tab.frames),
        }
    finally:
        tab.page.close()
        if fresh:
            context.close()


def change_region(tab, label: str, count: int) -> dict:
    since = len(tab.frames)
    start = tab.now_ms()
    choose_region(tab, "Region", label)
    painted = tab.wait_for_polygons(count, start)
    for _ in range(200):  # the rerun may still be sending its last elements
        try:
            rerun_ms = rerun_server_ms(tab.frames, since)
            break
        except ValueError:
            tab.page.wait_for_timeout(25)
    else:
        raise TimeoutError("the rerun did not finish")
    tab.page.wait_for_timeout(300)  # let the page settle before the next change
    return {"repaint_s": (painted - start) / 1000, "rerun_ms": rerun_ms}


def cold_start(browser, workdir: Path, logs: Path) -> float:
    """A new server on an empty cache and an empty store (as a fresh clone starts), and its
    first visitor's time to paint; the server stops after it."""
    env = {
        **OURS_ENV,
        "LIVCR_CACHE_DIR": str(workdir / "cache"),
        "LIVCR_DATABASE_URL": f"sqlite:///{workdir / 'store.sqlite'}",
    }
    workdir.mkdir(parents=True, exist_ok=True)
    with streamlit_server(f"cold-{workdir.name}", ROOT / "app.py", ROOT, env, logs) as server:
        seconds = load_national(browser, server.url)["paint_s"]
    print(f"  cold start {workdir.name}: {seconds:.2f} s for the first visitor", file=sys.stderr)
    return seconds


def median(values: list[float]) -> float:
    return statistics.median(values)


def run(runs: int, workdir: Path, floor: bool = True, cold: int = 3) -> dict:
    from playwright.sync_api import sync_playwright

    naive_script, naive_env = prepare_naive_app(workdir / "naive")
    logs = workdir / "logs"
    samples = {app: {"paint": [], "paint_warm": [], "change": []} for app in ("ours", "naive", "floor")}
    memory = {}
    with contextlib.ExitStack() as stack:
        # As the README starts it: app.py, which warms the dashboard up at start.
        ours = stack.enter_context(streamlit_server("dashboard", ROOT / "app.py", ROOT, OURS_ENV, logs))
        naive = stack.enter_context(streamlit_server("naive", naive_script, naive_script.parent, naive_env, logs))
        servers = {"ours": ours, "naive": naive}
        if floor:
            servers["floor"] = stack.enter_context(
                streamlit_server("floor", naive_script.with_name("floor_app.py"), naive_script.parent, naive_env, logs)
            )
        polygons = {"ours": NATIONAL, "naive": NATIONAL, "floor": 1}
        pw = stack.enter_context(sync_playwright())
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS))
        try:
            returning = {}
            for name, server in servers.items():  # warm-up: server caches and imports
                load_national(browser, server.url, polygons=polygons[name])
                memory[f"{name}_one_session"] = server.memory_mb()
                returning[name] = browser.new_context(viewport=VIEWPORT)
                returning[name].add_init_script(PAINT_PROBE)
                # fills that context's HTTP cache
                load_national(browser, server.url, returning[name], polygons=polygons[name])
            for i in range(runs):
                order = list(servers) if i % 2 == 0 else list(servers)[::-1]
                for name in order:
                    first = load_national(browser, servers[name].url, polygons=polygons[name])
                    again = load_national(browser, servers[name].url, returning[name], polygons=polygons[name])
                    samples[name]["paint"].append(first)
                    samples[name]["paint_warm"].append(again)
                    print(
                        f"  load {i + 1}/{runs} {name}: {first['paint_s']:.2f} s first visit, "
                        f"{again['paint_s']:.2f} s returning",
                        file=sys.stderr,
                    )
            for context in returning.values():
                context.close()

            contexts, tabs = [], {}
            for name in ("ours", "naive"):
                server = servers[name]
                context = browser.new_context(viewport=VIEWPORT)
                context.add_init_script(PAINT_PROBE)
                contexts.append(context)
                tab = tabs[name] = open_tab(context)
                tab.page.goto(server.url)
                tab.wait_for_polygons(NATIONAL, tab.navigation_start_ms())
                for label, count in CYCLE:  # warm-up of every filter value
                    change_region(tab, label, count)
            for i in range(runs):
                for label, count in CYCLE:
                    for name in ("ours", "naive") if i % 2 == 0 else ("naive", "ours"):
                        samples[name]["change"].append(change_region(tabs[name], label, count))
                        result = samples[name]["change"][-1]
                        print(
                            f"  change {i + 1}/{runs} {name} -> {label}: rerun {result['rerun_ms']:.0f} ms, "
                            f"repaint {result['repaint_s']:.2f} s",
                            file=sys.stderr,
                        )
            for context in contexts:
                context.close()
            for name in ("ours", "naive"):
                memory[name] = servers[name].memory_mb()
            cold_samples = [cold_start(browser, workdir / f"cold-{i}", logs) for i in range(cold)]
        finally:
            browser.close()

    def figures(name: str) -> dict:
        paint, change = samples[name]["paint"], samples[name]["change"]
        return {
            "payload_bytes": int(median([p["bytes"] for p in paint])),
            "map_element_bytes": int(median([p["map_bytes"] for p in paint])),
            "rerun_ms": round(median([c["rerun_ms"] for c in change]), 1),
            "paint_s": round(median([p["paint_s"] for p in paint]), 3),
            "paint_warm_s": round(median([p["paint_s"] for p in samples[name]["paint_warm"]]), 3),
            "repaint_s": round(median([c["repaint_s"] for c in change]), 3),
            "rss_mb": round(memory[name]["peak"], 1),
            "rss_one_session_mb": round(memory[f"{name}_one_session"]["peak"], 1),
        }

    result = figures("ours")
    result.update({f"naive_{key}": value for key, value in figures("naive").items()})
    if floor:
        result["floor_paint_s"] = round(median([p["paint_s"] for p in samples["floor"]["paint"]]), 3)
        result["floor_paint_warm_s"] = round(median([p["paint_s"] for p in samples["floor"]["paint_warm"]]), 3)
    if cold_samples:
        result["cold_paint_s"] = round(median(cold_samples), 3)
        result["cold_starts"] = len(cold_samples)
    result["runs"] = runs
    result["samples"] = {"paint": runs, "change": runs * len(CYCLE)}
    return result


def check(result: dict) -> dict[str, bool]:
    """Each targeted figure (by its JSON key): does it meet its target?"""
    verdicts = {}
    for _, ours, naive, floor, _, naive_ratio, floor_ratio, limit in FIGURES:
        if naive_ratio is None and floor_ratio is None and limit is None:
            continue
        ok = True
        if naive_ratio is not None:
            ok = ok and result[ours] <= naive_ratio * result[naive]
        if floor_ratio is not None and floor in result:
            ok = ok and result[ours] <= floor_ratio * result[floor]
        if limit is not None:
            ok = ok and result[ours] <= limit
        verdicts[ours] = ok
    if "cold_paint_s" in result:
        verdicts["cold_paint_s"] = result["cold_paint_s"] <= COLD_RATIO * result["paint_s"]
    return verdicts


def table(result: dict, verdicts: dict[str, bool]) -> str:
    rows = [("figure (median)", "ours", "naive", "floor", "ours/naive", "ours/floor", "target", "met")]
    for name, ours, naive, floor, unit, naive_ratio, floor_ratio, limit in FIGURES:
        fmt = (lambda v: f"{v:,.0f}") if unit in ("bytes", "ms", "MB") else (lambda v: f"{v:.2f}")
        target = " and ".join(
            t
            for t in (
                f"<= {naive_ratio:.0%} of naive" if naive_ratio is not None else "",
                f"<= {floor_ratio:g}x floor" if floor_ratio is not None else "",
                f"<= {limit:g} {unit}" if limit is not None else "",
            )
            if t
        )
        met = "-" if ours not in verdicts else "yes" if verdicts[ours] else "NO"
        naive_text = f"{result[ours] / result[naive]:.1%}" if result[naive] else "-"
        has_floor = floor is not None and floor in result
        floor_text = f"{result[ours] / result[floor]:.2f}x" if has_floor and result[floor] else "-"
        rows.append((f"{name} ({unit})", fmt(result[ours]), fmt(result[naive]),
                     fmt(result[floor]) if has_floor else "-", naive_text, floor_text, target or "-", met))
    if "cold_paint_s" in result:
        ratio = result["cold_paint_s"] / result["paint_s"]
        rows.append(("first visitor after a server start (s)", f"{result['cold_paint_s']:.2f}", "-", "-", "-", "-",
                     f"<= {COLD_RATIO:g}x ours' first visit ({ratio:.2f}x)",
                     "yes" if verdicts.get("cold_paint_s") else "NO"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(c.ljust(w) if i in (0, 6, 7) else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="livcr-benchmark-") as scratch:
        workdir = args.workdir or Path(scratch)
        print(f"benchmark: {args.runs} runs, scratch {workdir}", file=sys.stderr)
        result = run(args.runs, workdir, cold=args.cold)
    verdicts = check(result)
    result["targets_met"] = verdicts
    print(table(result, verdicts))
    print(
        f"map component's arguments alone: ours {result['map_element_bytes']:,} bytes, naive "
        f"{result['naive_map_element_bytes']:,} bytes; peak RSS after one session: ours "
        f"{result['rss_one_session_mb']:.0f} MB, naive {result['naive_rss_one_session_mb']:.0f} MB"
    )
    print(
        f"floor (one polygon on an st_folium map, nothing else): {result['floor_paint_s']:.2f} s first visit, "
        f"{result['floor_paint_warm_s']:.2f} s returning"
    )
    line = json.dumps(result)
    if args.json:
        args.json.write_text(line + "\n", encoding="utf-8")
    print(line)
    return 0
