"""`python -m benchmarks.replicas`: how the dashboard scales with replicas on one store.

The browser-driven `benchmarks.load` is paced by its one Playwright driver (30 tabs clicked in
turn, Chromium on the same 2 cores), so it cannot show what a second server process adds.
This one speaks Streamlit's own protocol instead: each session is a websocket to
`/_stcore/stream` that asks for the first run, then, as fast as the server answers, reruns
with the region selectbox set to the next region, as the browser would send it. Sessions are
spread over `--replicas` processes on one store (`--database-url`; an SQLite file of its own
by default). Halfway, an import replaces the demo dataset through the command line, and each
replica's sessions are watched for the demo label to go.

Reported: reruns per second (throughput), client-observed p50/p95 rerun time, errors (an
exception element, a closed socket, a rerun that never finished: must be 0), and per replica
the seconds from the import's end until a rerun there showed the change. The last line is
one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import ROOT, streamlit_server
from benchmarks.load import percentile

REGIONS = ("flanders", "wallonia", "brussels", "all")
EXPECTED_COUNTS = {"flanders": "285", "wallonia": "261", "brussels": "19", "all": "565"}


class Session:
    """One server session over a websocket, driven as a browser drives it."""

    def __init__(self, url: str):
        self.url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.region_id: str | None = None

    async def rerun(self, socket, region: str | None) -> tuple[float, dict]:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = BackMsg()
        message.rerun_script.query_string = ""
        message.rerun_script.page_script_hash = ""
        if region and self.region_id:
            state = message.rerun_script.widget_states.widgets.add()
            state.id, state.string_value = self.region_id, region
        started = time.monotonic()
        await socket.send(message.SerializeToString())
        seen = {"exception": None, "demo": False, "municipalities": None}
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await asyncio.wait_for(socket.recv(), timeout=60))
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                shown = element.WhichOneof("type")
                if shown == "selectbox" and element.selectbox.label == "Region":
                    self.region_id = element.selectbox.id
                elif shown == "exception":
                    seen["exception"] = element.exception.message[:200]
                elif shown == "alert" and "DEMO DATA" in element.alert.body:
                    seen["demo"] = True
                elif shown == "metric" and element.metric.label == "Municipalities":
                    seen["municipalities"] = element.metric.body
            elif kind == "script_finished":
                return time.monotonic() - started, seen


async def drive(session: Session, replica: int, stop: float, state: dict) -> None:
    import websockets

    try:
        async with websockets.connect(session.url, subprotocols=["streamlit"], max_size=None) as socket:
            await session.rerun(socket, None)
            turn = 0
            while time.monotonic() < stop:
                region = REGIONS[turn % len(REGIONS)]
                took, seen = await session.rerun(socket, region)
                turn += 1
                state["latencies"].append(took)
                if seen["exception"]:
                    state["errors"].append(f"replica {replica}: {seen['exception']}")
                if seen["municipalities"] not in (None, EXPECTED_COUNTS[region]):
                    state["errors"].append(f"replica {replica}: {region} shows {seen['municipalities']} municipalities")
                changed_at = state.get("changed_at")
                if changed_at and not seen["demo"] and replica not in state["seen"]:
                    state["seen"][replica] = time.monotonic() - changed_at
    except Exception as error:  # noqa: BLE001 - a session that dies is an error to report
        state["errors"].append(f"replica {replica}: {type(error).__name__}: {error}")


async def change_halfway(delay: float, change: Path, env: dict, state: dict) -> None:
    await asyncio.sleep(delay)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "loaders", "import", str(change), "--kind", "status",
        cwd=ROOT, env={**os.environ, **env}, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await process.communicate()
    if process.returncode:
        state["errors"].append(f"the change could not be made: {stderr.decode()[-300:]}")
    state["changed_at"] = time.monotonic()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.replicas", description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=90.0)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)
    from loaders import store

    workdir = Path(tempfile.mkdtemp(prefix="livcr-replicas-"))
    url = args.database_url or f"sqlite:///{workdir / 'store.sqlite'}"
    store.open_store(url).dispose()
    env = {"LIVCR_DATABASE_URL": url, "LIVCR_CACHE_DIR": str(workdir / "cache")}
    change = workdir / "change.csv"
    change.write_text("gemeente;status;datum\nGent;operationeel;2020-01-01\n", encoding="utf-8")
    state: dict = {"latencies": [], "errors": [], "seen": {}}
    with contextlib.ExitStack() as stack:
        servers = [
            stack.enter_context(streamlit_server(f"replica{i}", ROOT / "dashboard.py", ROOT, env, workdir / "logs"))
            for i in range(args.replicas)
        ]
        # Each replica's caches warmed by one session first, as a running installation has them.
        asyncio.run(_warm([s.url for s in servers]))
        started = time.monotonic()
        stop = started + args.seconds

        async def run_all():
            sessions = [drive(Session(servers[i % len(servers)].url), i % len(servers), stop, state)
                        for i in range(args.sessions)]
            await asyncio.gather(*sessions, change_halfway(args.seconds / 2, change, env, state))

        asyncio.run(run_all())
        elapsed = time.monotonic() - started
        peak = sum(server.memory_mb()["peak"] for server in servers)
    latencies = state["latencies"]
    missed = [r for r in range(args.replicas) if r not in state["seen"]]
    if missed:
        state["errors"].append(f"the change never showed on replica(s) {missed}")
    result = {
        "replicas": args.replicas, "backend": url.split(":", 1)[0], "sessions": args.sessions,
        "seconds": args.seconds, "reruns": len(latencies), "reruns_per_s": round(len(latencies) / elapsed, 2),
        "rerun_p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "rerun_p95_ms": round(percentile(latencies, 0.95) * 1000, 1) if latencies else None,
        "change_seen_s": {str(r): round(s, 2) for r, s in sorted(state["seen"].items())},
        "errors": len(state["errors"]), "rss_peak_mb": round(peak, 1),
    }
    for error in state["errors"][:10]:
        print(error)
    print(f"{args.replicas} replica(s) on {result['backend']}, {args.sessions} sessions: {len(latencies)} reruns "
          f"({result['reruns_per_s']}/s), p50 {result['rerun_p50_ms']} ms, p95 {result['rerun_p95_ms']} ms, "
          f"{result['errors']} errors; change seen after {result['change_seen_s']} s; servers' peak {result['rss_peak_mb']} MB")
    print(json.dumps(result))
    return 1 if state["errors"] else 0


async def _warm(urls: list[str]) -> None:
    import websockets

    for url in urls:
        session = Session(url)
        async with websockets.connect(session.url, subprotocols=["streamlit"], max_size=None) as socket:
            await session.rerun(socket, None)


if __name__ == "__main__":
    sys.exit(main())
