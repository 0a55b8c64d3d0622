"""`python -m benchmarks.scale`: every page's rerun time with a store of 100,000 visits and
5,000 status events (generated), against the demo store of the same run.

Runs each page with Streamlit's AppTest in this process (the server time of a rerun, warm
caches, median of 5) and prints a table, then one JSON object as the last line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("map", "briefing", "visits", "profile", "data", "about")


def fill_store(url: str, visits: int, events: int, seed: int = 7) -> None:
    import sqlalchemy as sa

    from geo import gazetteer
    from loaders import store, vocabulary

    engine = store.open_store(url, seed_demo=False)
    codes = sorted(gazetteer.codes_2025())
    rng = random.Random(seed)
    start = dt.date(2016, 1, 1)
    with engine.begin() as connection:
        connection.execute(sa.insert(store.schema.status_events), [
            {
                "row_key": f"s{i}", "municipality": (code := rng.choice(codes)), "given_code": code, "nis_2025": code,
                "cell_id": None, "status": rng.choice(vocabulary.STATUSES.codes[:4]),
                "effective": start + dt.timedelta(days=rng.randrange(3900)), "source": "scale test", "origin": "scale",
            }
            for i in range(events)
        ])
        connection.execute(sa.insert(store.schema.visits), [
            {
                "visit_id": f"x{i:06d}", "row_key": f"v{i}", "visited_on": start + dt.timedelta(days=rng.randrange(3900)),
                "team": rng.choice(vocabulary.TEAMS.codes[:2]), "offer": rng.choice(vocabulary.OFFERS.codes), "report_delivered": False,
                "follow_up": None, "internal_notes": "", "origin": "scale",
            }
            for i in range(visits)
        ])
        connection.execute(sa.insert(store.schema.visit_municipalities), [
            {"visit_id": f"x{i:06d}", "municipality": (code := rng.choice(codes)), "given_code": code, "nis_2025": code}
            for i in range(visits)
        ])
    engine.dispose()


def time_pages(url: str, runs: int) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    os.environ["LIVCR_DATABASE_URL"] = url
    AppTest.from_string("import streamlit as st\nst.cache_resource.clear()\nst.cache_data.clear()").run()
    source = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    results = {}
    for page in PAGES:
        at = AppTest.from_string(source, default_timeout=300)
        at.session_state["role"], at.session_state["user"] = "admin", "benchmark"
        at.query_params["nis"] = "44021"
        at.run()
        at.switch_page(str(ROOT / "pages" / f"{page}.py")).run()
        if page == "profile":
            at.text_input(key="profile_query").input("Gent").run()
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].value}")
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - started) * 1000)
        results[page] = statistics.median(times)
    return results


def main() -> int:
    sys.path.insert(0, str(ROOT))
    workdir = Path(tempfile.mkdtemp(prefix="livcr-scale-"))
    demo_url = f"sqlite:///{workdir / 'demo.sqlite'}"
    big_url = f"sqlite:///{workdir / 'big.sqlite'}"
    from loaders import store

    store.open_store(demo_url).dispose()
    started = time.perf_counter()
    fill_store(big_url, visits=100_000, events=5_000)
    print(f"store of 100,000 visits and 5,000 status events written in {time.perf_counter() - started:.1f} s")
    demo = time_pages(demo_url, runs=5)
    big = time_pages(big_url, runs=5)
    print(f"{'page':<10} {'demo store (ms)':>16} {'100k visits (ms)':>17}  under 1 s")
    for page in PAGES:
        print(f"{page:<10} {demo[page]:>16.0f} {big[page]:>17.0f}  {'yes' if big[page] < 1000 else 'NO'}")
    print(json.dumps({"rerun_ms_demo": {k: round(v, 1) for k, v in demo.items()},
                      "rerun_ms_100k": {k: round(v, 1) for k, v in big.items()},
                      "all_under_1s": all(v < 1000 for v in big.values())}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
