"""The messy files of tests/data/messy, scored by benchmarks.messy against the outcomes decided by
hand before the importer read them (tests/data/messy/README.md): every file readable, no row
landed wrongly, and the rows not as expected exactly the few listed here, each with why.

The files kept aside in tests/data/messy/holdout/ are not read here.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from benchmarks import messy
from loaders import importer, mapping

FILES = [spec["name"] for spec in messy.expected_files(holdout=False)]

# Rows where the importer does not do what the expectations say, and why that is acceptable.
# Both ask where the expectation says the row lands: asking costs a person one answer, saved for
# the file's header layout; landing on a guess could put a municipality on the map wrongly.
NOT_AS_EXPECTED = {
    # A yes/no column ("LIVC-R operationeel?") answered "nee (in oprichting)": no, with the
    # status written beside it. The expectation reads the bracket as the status (being set up);
    # the importer knows yes and no, and the status words, but not a cell giving both, so it
    # asks what the value means (values.status_yes_no in the mapping) rather than recording
    # "none" for a municipality that says its cell is being set up.
    ("vlaamse-provincies-bevraging-2019.xlsx", "Oost-Vlaanderen", 10, "46021 | Sint-Niklaas | 9100", "question"),
    # Code 21003 and postal code 1082 are Sint-Agatha-Berchem, and Brussels people call it
    # Berchem; but the name Berchem alone is a section of Antwerpen and of Kluisbergen, so the
    # name and the code designate different municipalities, which the importer asks about
    # (the README's rule for a code and a name that disagree). One answer settles it:
    # [places] "Berchem" = "21003".
    ("bps-brussel-status-2020.xlsx", "Communes-Gemeenten", 18, "21003 | Berchem | 1082", "ambiguous"),
}

MISS = re.compile(r"(?P<wrong>WRONG )?(?P<sheet>[^:]*):(?P<line>\d+) '(?P<input>.*?)': (?P<outcome>\w+)")


@pytest.fixture(scope="module")
def scores() -> dict[str, messy.Score]:
    return {name: messy.score_file(spec) for name, spec in zip(FILES, messy.expected_files(holdout=False))}


def test_the_set_is_the_one_described():
    assert not any(name.startswith("holdout/") for name in FILES)
    assert len(FILES) == 14


@pytest.mark.parametrize("name", FILES)
def test_every_file_is_readable_and_no_row_lands_wrongly(scores, name):
    score = scores[name]
    assert score.readable, score.misses
    assert score.rows > 0
    assert score.wrong == 0, [m for m in score.misses if m.startswith("WRONG")]


def test_the_rows_not_as_expected_are_the_known_ones(scores):
    found = set()
    for name, score in scores.items():
        for miss in score.misses:
            parsed = MISS.match(miss)
            # A miss that does not parse (a row reported but not expected, a row not reported)
            # is kept whole, so that it shows in the failure.
            found.add((name, parsed["sheet"] or None, int(parsed["line"]), parsed["input"], parsed["outcome"])
                      if parsed and not parsed["wrong"] else (name, miss))
    assert found == NOT_AS_EXPECTED
    total = sum(s.rows for s in scores.values())
    assert sum(s.as_expected for s in scores.values()) == total - len(NOT_AS_EXPECTED)


ANSWERS = {
    "vlaamse-provincies-bevraging-2019.xlsx": '[values.status_yes_no]\n"nee (in oprichting)" = "being_set_up"\n',
    "bps-brussel-status-2020.xlsx": '[places]\n"Berchem" = "21003"\n',
}


@pytest.mark.parametrize("name, sheet, line, given, outcome", sorted(NOT_AS_EXPECTED))
def test_one_answer_lands_each_of_them_as_expected(name, sheet, line, given, outcome):
    spec = dict(zip(FILES, messy.expected_files(holdout=False)))[name]
    expected = next(r for r in spec["row"] if (r.get("sheet"), r["line"]) == (sheet, line))
    assert (expected["input"], expected["expect"]) == (given, "lands")
    decisions = mapping.parse_decisions(ANSWERS[name], spec["kind"], "answers.toml")
    report, records = importer.check_bytes((messy.MESSY / name).read_bytes(), name, spec["kind"], decisions=decisions,
                                           today=dt.date(2026, 12, 1))
    row, record = next((r, rec) for r, rec in zip(report.rows, records) if (r.sheet, r.line) == (sheet, line))
    want = {k: expected[k] for k in ("nis", "status", "date", "precision") if k in expected}
    assert (row.outcome in importer.RESOLVED, messy.landed_as(row, record, spec["kind"])) == (True, want)
