"""`python -m benchmarks.trace`: where a first visit's time goes, step by step.

Starts the dashboard (as `python -m benchmarks` does: English, tiles off) or the floor app,
warms it with one visit, then records `--runs` first visits (a new browser context each) with
the DevTools protocol and prints, per step, the median time since navigation start:

* page: the top document's DOMContentLoaded (Streamlit's own bundle parsed);
* websocket: its handshake sent;
* script started: the browser's `rerun_script` (the first run of the script);
* map delta: the ForwardMsg carrying the map component (what the server computed before it);
* script finished: the first run's `script_finished` (what the server computed after the map);
* component frame: the map component's document requested, and its bundle loaded;
* leaflet: leaflet.js loaded from /app/static;
* painted: the frame in which all polygons are painted (the benchmark's paint probe);
* reruns: how many more `rerun_script` the browser sent before the paint (a widget's or a
  component's first value causing a second run).

DevTools timestamps are monotonic; each is put on the page's clock through the wall time of
the first request, so every step reads as milliseconds since navigation start.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import CHROMIUM, CHROMIUM_ARGS, PAINT_PROBE, ROOT, VIEWPORT, prepare_naive_app, streamlit_server
from benchmarks.run import OURS_ENV

STEPS = (
    ("page", "top document's DOMContentLoaded"),
    ("websocket", "websocket handshake sent"),
    ("script_started", "first rerun_script sent"),
    ("map_delta", "map component's delta received"),
    ("script_finished", "first run's script_finished received"),
    ("frame_requested", "component frame requested"),
    ("frame_bundle", "component bundle loaded"),
    ("leaflet", "leaflet.js loaded"),
    ("painted", "all polygons painted"),
)


def trace_visit(browser, url: str, polygons: int) -> dict:
    """One first visit: each step's time in ms since navigation start, and the extra reruns."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(PAINT_PROBE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    events: dict[str, float] = {}  # monotonic seconds
    offset: list[float] = []  # wall - monotonic, from the first request
    requests: dict[str, str] = {}
    reruns: list[float] = []

    def first(name: str, t: float) -> None:
        events.setdefault(name, t)

    def will_send(params):
        if not offset:
            offset.append(params["wallTime"] - params["timestamp"])
        requests[params["requestId"]] = params["request"]["url"]
        url_ = params["request"]["url"]
        if "/component/" in url_ and "streamlit_folium" in url_ and url_.endswith(".html"):
            first("frame_requested", params["timestamp"])

    def finished(params):
        url_ = requests.get(params["requestId"], "")
        if "/component/" in url_ and "streamlit_folium" in url_ and url_.endswith(".js"):
            events["frame_bundle"] = max(events.get("frame_bundle", 0), params["timestamp"])
        if url_.endswith("leaflet.js"):
            first("leaflet", params["timestamp"])

    def sent(params):
        msg = BackMsg()
        with contextlib.suppress(Exception):
            msg.ParseFromString(_payload(params))
            if msg.WhichOneof("type") == "rerun_script":
                reruns.append(params["timestamp"])
                first("script_started", params["timestamp"])

    def received(params):
        msg = ForwardMsg()
        with contextlib.suppress(Exception):
            msg.ParseFromString(_payload(params))
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                if element.WhichOneof("type") == "component_instance" and "folium" in element.component_instance.component_name:
                    first("map_delta", params["timestamp"])
            elif kind == "script_finished":
                first("script_finished", params["timestamp"])

    cdp.on("Network.requestWillBeSent", will_send)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.webSocketWillSendHandshakeRequest", lambda p: first("websocket", p["timestamp"]))
    cdp.on("Network.webSocketFrameSent", sent)
    cdp.on("Network.webSocketFrameReceived", received)
    cdp.send("Network.enable")
    try:
        page.goto(url)
        start = page.evaluate("performance.timeOrigin")
        deadline_ms = 60_000
        painted = None
        for _ in range(deadline_ms // 25):
            hits = [r["t"] for r in page.evaluate("window.__benchPaint || []") if r["n"] == polygons]
            if hits:
                painted = hits[0]
                break
            page.wait_for_timeout(25)
        if painted is None:
            raise TimeoutError(f"{polygons} polygons not painted")
        page.wait_for_timeout(500)
        dom = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
        result = {"page": dom, "painted": painted - start}
        for name, t in events.items():
            result[name] = (t + offset[0]) * 1000 - start
        result["reruns"] = sum(1 for t in reruns if (t + offset[0]) * 1000 - start < result["painted"]) - 1
        return result
    finally:
        context.close()


def _payload(params) -> bytes:
    import base64

    response = params["response"]
    data = response["payloadData"]
    return base64.b64decode(data) if response.get("opcode") == 2 else data.encode()


def run(app: str, runs: int, workdir: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    naive_script, naive_env = prepare_naive_app(workdir / "naive")
    if app == "ours":
        script, cwd, env, polygons = ROOT / "app.py", ROOT, OURS_ENV, 565
    else:
        script, cwd, env, polygons = naive_script.with_name(f"{app}_app.py"), naive_script.parent, naive_env, \
            1 if app == "floor" else 565
    with streamlit_server(app, script, cwd, env, workdir / "logs") as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS))
        try:
            trace_visit(browser, server.url, polygons)  # warm-up: imports and server caches
            samples = [trace_visit(browser, server.url, polygons) for _ in range(runs)]
        finally:
            browser.close()
    keys = [name for name, _ in STEPS] + ["reruns"]
    return {k: statistics.median([s[k] for s in samples if k in s]) for k in keys if any(k in s for s in samples)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.trace", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--apps", default="ours,floor", help="comma-separated: ours, floor, naive (default ours,floor)")
    args = parser.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory(prefix="livcr-trace-") as scratch:
        for app in args.apps.split(","):
            results[app] = run(app, args.runs, Path(scratch) / app)
    apps = list(results)
    print(f"{'step (median ms since navigation start)':45}" + "".join(f"{a:>10}" for a in apps))
    for name, label in STEPS + (("reruns", "extra reruns before the paint"),):
        print(f"{label:45}" + "".join(f"{results[a][name]:>10.0f}" if name in results[a] else f"{'-':>10}" for a in apps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
