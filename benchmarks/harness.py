"""The benchmark's machinery: Streamlit servers, the naive app's data, browser probes.

Timings come from the browser's own clocks, not from Python's view of them:
 * paint: an init script counts Leaflet's polygons (`path.leaflet-interactive`) in the
   map's iframe at every animation frame and logs the time of the frame after the count
   changed, i.e. once that state has been painted;
 * server time: Chrome DevTools Protocol timestamps of the websocket frames, from the
   `rerun_script` BackMsg sent to the `script_finished` ForwardMsg received;
 * bytes: the decoded payload of every websocket frame the page receives.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
# The browser and the server are started as the browser tests start them (tests/browser.py,
# tests/streamlit_server.py), so a benchmark measures what the tests check.
sys.path.insert(0, str(ROOT / "tests"))
from browser import CHROMIUM_ARGS, CHROMIUM_EXECUTABLE as CHROMIUM  # noqa: E402, F401 - run.py and load.py take them from here
from streamlit_server import _free_port, _health_ok as _healthy  # noqa: E402

STREAMLIT_OPTIONS = (
    "--server.headless", "true",
    "--server.address", "127.0.0.1",
    "--browser.gatherUsageStats", "false",
    "--server.fileWatcherType", "none",
    "--server.runOnSave", "false",
    "--server.enableStaticServing", "true",
)
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
POLYGONS = "path.leaflet-interactive"
VIEWPORT = {"width": 1600, "height": 1000}

# Runs in the top page before its own scripts. At every animation frame it counts the
# polygons in the page's (same-origin) iframes; when the count changes, the next animation
# frame's time is logged: by then the frame showing the new state has been painted.
PAINT_PROBE = """
(() => {
  if (window !== window.top || window.__benchPaint) return;
  const log = window.__benchPaint = [];
  const now = () => performance.timeOrigin + performance.now();
  let last = -1;
  const tick = () => {
    let n = 0;
    for (const frame of document.querySelectorAll("iframe")) {
      try {
        const doc = frame.contentDocument;
        if (doc) n += doc.querySelectorAll("%s").length;
      } catch (e) {}
    }
    if (n !== last) {
      last = n;
      requestAnimationFrame(() => log.push({n: n, t: now()}));
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
""" % POLYGONS


# --- servers ---------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen
    log: Path

    def memory_mb(self) -> dict[str, float]:
        """Resident memory now and at its peak (VmHWM), in MB, from /proc."""
        values = {}
        with open(f"/proc/{self.process.pid}/status", encoding="ascii") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0]) / 1024
        return {"rss": values["VmRSS"], "peak": values["VmHWM"]}


@contextlib.contextmanager
def streamlit_server(name: str, script: Path, cwd: Path, env: dict[str, str], log_dir: Path) -> Iterator[Server]:
    """`streamlit run script` on a free 127.0.0.1 port, stopped (by its own pid) on exit."""
    port = _free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{name}-{port}.log"
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port), *STREAMLIT_OPTIONS]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env={**os.environ, **env, "PYTHONUNBUFFERED": "1"},
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while not _healthy(f"{url}/_stcore/health"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name}: streamlit did not start (log: {log})\n{log.read_text(errors='replace')}")
            time.sleep(0.1)
        yield Server(name, url, process, log)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


# --- the naive app's data --------------------------------------------------------------------


def prepare_naive_app(workdir: Path) -> tuple[Path, dict[str, str]]:
    """Write the naive app (and the floor app), Leaflet and the full-precision GeoJSON
    under `workdir`; returns the naive app's path and the environment both apps read.

    The GeoJSON holds the same 565 municipalities as the dashboard (the product's source
    file dissolved to 2025, no simplification, WGS84 at full float precision) with the same
    English names, status labels and colours: the naive app's only input.
    """
    from geo import boundaries, gazetteer, settings
    from geo.assets import install_leaflet, leaflet_urls
    from loaders.vocabulary import STATUSES

    data_dir = settings.find_data_dir()
    source = settings.BOUNDARY_SOURCE.read()
    source_file = boundaries.find_boundary_file(data_dir) if source == "auto" else Path(source)
    full = boundaries.build_boundaries(source_file, 2025, boundaries.population_file(data_dir)).to_crs(4326)
    statuses = _demo_statuses()
    slugs = {gazetteer.REGION_FLANDERS: "flanders", gazetteer.REGION_WALLONIA: "wallonia", gazetteer.REGION_BRUSSELS: "brussels"}
    features = []
    for _, row in full.iterrows():
        code = statuses.get(row["nis"], "unknown")
        features.append({
            "type": "Feature",
            "properties": {
                "nis": row["nis"],
                "name": gazetteer.display_name(row, "en"),
                "status": STATUSES.label(code, "en"),
                "colour": STATUSES.colour(code),
                "region": slugs[row["region"]],
            },
            "geometry": row["geometry"].__geo_interface__,
        })
    workdir.mkdir(parents=True, exist_ok=True)
    geojson = workdir / "municipalities-2025-full.geojson"
    geojson.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    install_leaflet(workdir / "static")
    (js,), (css,) = leaflet_urls("/app/static")
    app = workdir / "naive_app.py"
    shutil.copyfile(Path(__file__).with_name("naive_app.py"), app)
    shutil.copyfile(Path(__file__).with_name("floor_app.py"), workdir / "floor_app.py")
    labels = {
        "region": "Region",
        "regions": {
            "all": "Belgium (all regions)",
            **{slug: gazetteer.region_label(code, "en") for code, slug in slugs.items()},
        },
        "name": "Municipality",
        "status": "LIVC-R status",
        "leaflet_js": js[1],
        "leaflet_css": css[1],
    }
    return app, {"LIVCR_BENCH_GEOJSON": str(geojson), "LIVCR_BENCH_LABELS": json.dumps(labels)}


def _demo_statuses() -> dict[str, str]:
    """Today's status of each municipality in the bundled demo registry (what a fresh
    dashboard shows), so both maps have the same colours; all unknown if it cannot be read."""
    try:
        from loaders import registry, store

        status = store.status_on(registry.load_registry(None), dt.date.today())
        return dict(zip(status["nis"], status["status"]))
    except Exception as exc:  # noqa: BLE001 - colours do not change the figures
        print(f"benchmark: demo statuses unavailable ({exc}); the naive map is all 'unknown'", file=sys.stderr)
        return {}


# --- browser ---------------------------------------------------------------------------------


@dataclass
class Frame:
    """One websocket frame as DevTools saw it: direction, browser timestamp (s), payload."""

    sent: bool
    t: float
    payload: bytes


@dataclass
class Tab:
    """A page with its websocket frames recorded through the DevTools protocol."""

    page: object
    frames: list[Frame] = field(default_factory=list)

    def now_ms(self) -> float:
        return self.page.evaluate("performance.timeOrigin + performance.now()")

    def navigation_start_ms(self) -> float:
        return self.page.evaluate("performance.timeOrigin")

    def paint_log(self) -> list[dict]:
        return self.page.evaluate("window.__benchPaint || []")

    def wait_for_polygons(self, count: int, after_ms: float, timeout_s: float = 60.0) -> float:
        """Epoch ms at which `count` polygons were first painted after `after_ms`."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            hits = [r["t"] for r in self.paint_log() if r["n"] == count and r["t"] > after_ms]
            if hits:
                return hits[0]
            self.page.wait_for_timeout(25)
        raise TimeoutError(f"{count} polygons not painted within {timeout_s:.0f} s; log: {self.paint_log()[-5:]}")

    def received_bytes(self) -> int:
        return sum(len(f.payload) for f in self.frames if not f.sent)


def _cpu_times() -> tuple[int, int]:
    """(idle, total) jiffies of all cores since boot, from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    return values[3] + values[4], sum(values)


def settle_machine(busy_below: float = 0.25, timeout_s: float = 10.0) -> float:
    """Wait until the machine is quiet (under `busy_below` of its cores busy for two 100 ms
    windows in a row), so a visit is not measured while the previous one is still being torn
    down (the naive map's 3.8 MB page, its renderer, the server's session); seconds waited."""
    started = time.monotonic()
    quiet = 0
    while quiet < 2 and time.monotonic() - started < timeout_s:
        idle, total = _cpu_times()
        time.sleep(0.1)
        idle2, total2 = _cpu_times()
        busy = 1 - (idle2 - idle) / max(total2 - total, 1)
        quiet = quiet + 1 if busy < busy_below else 0
    return time.monotonic() - started


def open_tab(context) -> Tab:
    page = context.new_page()
    tab = Tab(page)
    cdp = context.new_cdp_session(page)

    def record(sent: bool):
        def handler(params):
            response = params["response"]
            data = response["payloadData"]
            payload = base64.b64decode(data) if response.get("opcode") == 2 else data.encode()
            tab.frames.append(Frame(sent, params["timestamp"], payload))
        return handler

    cdp.on("Network.webSocketFrameSent", record(True))
    cdp.on("Network.webSocketFrameReceived", record(False))
    cdp.send("Network.enable")
    return tab


def rerun_server_ms(frames: list[Frame], since: int) -> float:
    """Time from the first `rerun_script` sent after frame `since` to the next `script_finished`."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    started = None
    for frame in frames[since:]:
        if frame.sent and started is None:
            msg = BackMsg()
            with contextlib.suppress(Exception):
                msg.ParseFromString(frame.payload)
                if msg.WhichOneof("type") == "rerun_script":
                    started = frame.t
        elif not frame.sent and started is not None:
            msg = ForwardMsg()
            with contextlib.suppress(Exception):
                msg.ParseFromString(frame.payload)
                if msg.WhichOneof("type") == "script_finished":
                    return (frame.t - started) * 1000
    raise ValueError("no complete rerun in the recorded websocket frames")


def component_bytes(frames: list[Frame]) -> int:
    """Size of the map component's arguments (the map itself) in the received frames."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    total = 0
    for frame in frames:
        if frame.sent:
            continue
        msg = ForwardMsg()
        with contextlib.suppress(Exception):
            msg.ParseFromString(frame.payload)
            if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                if element.WhichOneof("type") == "component_instance":
                    total += len(element.component_instance.json_args.encode())
    return total


def choose_region(tab: Tab, label: str, option: str) -> None:
    """Pick `option` in the sidebar selectbox labelled `label`, as a user would."""
    page = tab.page
    box = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text=label).first
    box.locator("input").click()
    choice = page.get_by_role("option", name=option, exact=True)
    choice.wait_for(state="visible")
    choice.click()
