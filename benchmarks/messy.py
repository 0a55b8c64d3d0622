"""How the importer does on the messy files (tests/data/messy): per file, readable or not,
rows as expected, rows confidently wrong (landed, but not as expected), rows that needed a
question. The expectations were written before the importer read the files
(tests/data/messy/README.md); this only compares.

    python -m benchmarks.messy [--holdout] [--rows]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from loaders import importer, reading

MESSY = Path(__file__).resolve().parent.parent / "tests" / "data" / "messy"


@dataclass
class Score:
    name: str
    readable: bool
    rows: int = 0
    as_expected: int = 0
    wrong: int = 0  # landed, though the row should have asked, been refused, or landed otherwise
    questions: int = 0  # rows the importer asked about
    misses: list[str] = field(default_factory=list)


def expected_files(holdout: bool = False) -> list[dict]:
    manifest = MESSY / "holdout" / "expected.toml" if holdout else MESSY / "expected.toml"
    if holdout and not manifest.exists():
        manifest = MESSY / "expected.toml"
    with manifest.open("rb") as f:
        files = tomllib.load(f)["file"]
    return [f for f in files if f["name"].startswith("holdout/") == holdout]


def landed_as(report_row: importer.RowReport, record, kind: str) -> dict:
    found = {"nis": report_row.nis}
    if record is None:
        return found
    if kind == "status":
        found |= {"status": record.status, "precision": record.precision}
        if not getattr(record, "undated", False):
            found["date"] = record.effective.isoformat()
    else:
        found |= {"team": record.team, "offer": record.offer, "date": record.visited_on.isoformat(),
                  "precision": record.precision}
        if record.report_delivered is not None:
            found["report"] = record.report_delivered
    return found


def score_file(spec: dict) -> Score:
    path = MESSY / spec["name"]
    score = Score(spec["name"], readable=True)
    try:
        report, records = importer.check_bytes(path.read_bytes(), path.name, spec["kind"], today=dt.date(2026, 12, 1))
    except reading.ReadError as error:
        score.readable = False
        score.misses.append(f"unreadable: {error}")
        return score
    by_place = {(r.sheet, r.line): (r, rec) for r, rec in zip(report.rows, records)}
    for row in spec.get("row", []):
        score.rows += 1
        got = by_place.get((row.get("sheet"), row["line"]))
        if got is None:
            score.misses.append(f"{row.get('sheet') or ''}:{row['line']} {row['input']!r}: not reported")
            continue
        report_row, record = got
        outcome = report_row.outcome
        if outcome in ("ambiguous", "unknown", "question") or (outcome == "invalid" and _asks(report_row)):
            score.questions += 1
        expect = row["expect"]
        lands = outcome in importer.RESOLVED
        if expect == "lands":
            want = {k: row[k] for k in ("nis", "status", "team", "offer", "date", "precision", "report") if k in row}
            found = landed_as(report_row, record, spec["kind"])
            same = lands and all(found.get(k) == v for k, v in want.items())
            if same:
                score.as_expected += 1
            elif lands:
                score.wrong += 1
                score.misses.append(f"WRONG {row.get('sheet') or ''}:{row['line']} {row['input']!r}: {found} != {want}")
            else:
                score.misses.append(f"{row.get('sheet') or ''}:{row['line']} {row['input']!r}: {outcome}: {report_row.message}")
        elif expect == "skipped":
            if outcome in importer.NOT_IMPORTED:
                score.as_expected += 1
            else:
                score.wrong += lands
                score.misses.append(f"{'WRONG ' if lands else ''}{row.get('sheet') or ''}:{row['line']} {row['input']!r}: {outcome} (expected skipped)")
        else:  # asks or refused: must not land
            if lands:
                score.wrong += 1
                score.misses.append(f"WRONG {row.get('sheet') or ''}:{row['line']} {row['input']!r}: landed as "
                                    f"{landed_as(report_row, record, spec['kind'])} (expected {expect}: {row.get('why', '')})")
            elif expect == "refused" and outcome == "invalid" or expect == "asks" and outcome != "total":
                score.as_expected += 1
            else:
                score.misses.append(f"{row.get('sheet') or ''}:{row['line']} {row['input']!r}: {outcome} (expected {expect})")
    reported = {(r.sheet, r.line) for r in report.rows}
    expected = {(row.get("sheet"), row["line"]) for row in spec.get("row", [])}
    for extra in sorted(reported - expected, key=str):
        score.misses.append(f"{extra}: reported, not in the expectations")
    return score


def _asks(row: importer.RowReport) -> bool:
    return "mapping" in row.message


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--holdout", action="store_true", help="the files kept aside")
    parser.add_argument("--rows", action="store_true", help="list every row not as expected")
    args = parser.parse_args(argv)
    scores = [score_file(spec) for spec in expected_files(args.holdout)]
    print(f"{'file':45} {'readable':>8} {'rows':>5} {'as exp.':>7} {'wrong':>5} {'asked':>5}")
    for s in scores:
        print(f"{s.name:45} {'yes' if s.readable else 'NO':>8} {s.rows:5} {s.as_expected:7} {s.wrong:5} {s.questions:5}")
        if args.rows:
            for miss in s.misses:
                print(f"    {miss}")
    total = Score("all", all(s.readable for s in scores), *(sum(getattr(s, a) for s in scores)
                                                           for a in ("rows", "as_expected", "wrong", "questions")))
    print(f"{'all':45} {'yes' if total.readable else 'NO':>8} {total.rows:5} {total.as_expected:7} {total.wrong:5} {total.questions:5}")
    return 0 if total.wrong == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
