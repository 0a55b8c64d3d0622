"""`python -m benchmarks.imports [--rows N] [--baseline REV]`: the time to check and to import
a large file, this tree beside a baseline revision (default: the last commit before the import
learned to ask, issue 11), in one run, alternating, medians of three.

The file is generated (fixed seed): N status rows in the product's own words (names that name one municipality), as a registry
export gives them (names of today's municipalities, statuses, dates, a source), CSV with ';'.
Each measurement runs in a fresh process on a fresh SQLite store without the demo dataset, so
that caches and the store are the same for both trees. Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "db34344"  # main before issue 11

MEASURE = r"""
import sys, time
from pathlib import Path
from loaders import importer, store
path, url = Path(sys.argv[1]), sys.argv[2]
engine = store.open_store(url, seed_demo=False)
importer.check_file(path, "status", engine)  # warm: resolver and vocabularies built once
start = time.perf_counter()
report, _ = importer.check_file(path, "status", engine)
checked = time.perf_counter() - start
start = time.perf_counter()
done = importer.import_file(engine, path, "status")
imported = time.perf_counter() - start
print(f"{checked:.3f} {imported:.3f} {done.written}")
"""


def write_file(path: Path, rows: int, seed: int = 11) -> None:
    sys.path.insert(0, str(ROOT))
    from geo import gazetteer
    from geo.resolver import resolve_municipality

    frame = gazetteer.load_gazetteer(2025)
    # Names that name one municipality (a name shared with a section elsewhere is a question now).
    names = [n for n in frame["name_nl"].tolist() if n and resolve_municipality(n).outcome == "ok"]
    rng = random.Random(seed)
    statuses = ["Operationeel", "In oprichting", "Gepland", "Geen cel", "Onbekend"]
    lines = ["Gemeente;Status;Datum;Bron"]
    for i in range(rows):
        day = f"{rng.randrange(1, 29):02d}/{rng.randrange(1, 13):02d}/{rng.randrange(2016, 2026)}"
        lines.append(f"{rng.choice(names)};{rng.choice(statuses)};{day};bevraging {i % 97}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure(tree: Path, path: Path, folder: Path, label: str, run: int) -> tuple[float, float, int]:
    url = f"sqlite:///{folder / f'{label}-{run}.sqlite'}"
    env = {**os.environ, "PYTHONPATH": str(tree), "LIVCR_DATABASE_URL": url}
    done = subprocess.run([sys.executable, "-c", MEASURE, str(path), url], cwd=tree, env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{label} failed:\n{done.stderr}")
    checked, imported, written = done.stdout.split()[-3:]
    return float(checked), float(imported), int(written)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="livcr-bench-imports-") as tmp:
        folder = Path(tmp)
        baseline = folder / "baseline"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(baseline), args.baseline],
                       check=True, capture_output=True)
        try:
            path = folder / "status-large.csv"
            write_file(path, args.rows)
            results: dict[str, list[tuple[float, float, int]]] = {"this tree": [], "baseline": []}
            for run in range(args.runs):
                for label, tree in (("this tree", ROOT), ("baseline", baseline)):
                    results[label].append(measure(tree, path, folder, label.replace(" ", "-"), run))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(baseline)], capture_output=True)
    summary = {}
    print(f"{args.rows:,} status rows, medians of {args.runs} (seconds)")
    print(f"{'':12} {'check':>8} {'import':>8} {'total':>8} {'written':>8}")
    for label, runs in results.items():
        check = statistics.median(r[0] for r in runs)
        load = statistics.median(r[1] for r in runs)
        summary[label] = {"check_s": check, "import_s": load, "total_s": check + load, "written": runs[0][2]}
        print(f"{label:12} {check:8.2f} {load:8.2f} {check + load:8.2f} {runs[0][2]:8}")
    ratio = summary["this tree"]["total_s"] / summary["baseline"]["total_s"]
    print(f"this tree / baseline: {ratio:.2f}")
    print(json.dumps({"rows": args.rows, **summary, "ratio": ratio}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
