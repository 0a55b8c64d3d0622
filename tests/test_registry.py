"""The registry read from CSV files, on the hand-made fixture in tests/data/registry/small."""

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from loaders import registry, store, vocabulary

SMALL = Path(__file__).parent / "data" / "registry" / "small"
D = dt.date


@pytest.fixture(scope="module")
def small():
    return registry.load_registry(SMALL)


def records(frame):
    return list(frame.itertuples(index=False, name=None))


def test_load_registry_keeps_codes_as_given_beside_2025_codes(small):
    assert (small.is_demo, small.source) == (False, str(SMALL))
    assert list(small.members.columns) == ["cell_id", "municipality", "joined", "left", "nis_2025"]
    assert records(small.members) == [
        ("K1", "12030", D(2017, 3, 1), None, "12041"),
        ("K1", "12034", D(2018, 6, 1), None, "12041"),
        ("K2", "82003", D(2019, 5, 1), None, "82039"),
        ("K2", "82005", D(2019, 5, 1), None, "82039"),
        ("K3", "11001.0", D(2020, 1, 1), None, "11001"),
        ("K3", "11005", D(2020, 6, 1), D(2022, 1, 1), "11005"),
    ]
    assert records(small.visit_municipalities) == [
        ("W1", "12030", "12041"),
        ("W2", "12030", "12041"),
        ("W2", "12034", "12041"),
        ("W3", "82003", "82039"),
        ("W3", "82005", "82039"),
        ("W4", "11001", "11001"),
        ("W5", "82039", "82039"),
        ("W5", "11001.0", "11001"),
    ]
    assert records(small.visits[["visit_id", "report_delivered", "follow_up"]]) == [
        ("W1", True, None),
        ("W2", False, D(2019, 2, 1)),
        ("W3", True, None),
        ("W4", False, None),
        ("W5", False, None),
    ]
    assert records(small.programmes) == [("pilot_grant_2016", "12030", "12041")]


def test_demo_directory_is_flagged_as_demo():
    assert registry.load_registry(None).is_demo is True


PUURS = ("K1", "LIVC-R Puurs – Sint-Amands")
BASTOGNE = ("K2", "CSIL-R Bastogne – Bertogne")
AARTSELAAR = ("K3", "LIVC-R Aartselaar – Boom")
NO_CELL = ("", "")


@pytest.mark.parametrize(
    "day, expected",
    [
        # Before any event: nobody is listed, and the caller shows "unknown".
        (D(2016, 12, 31), []),
        (D(2017, 3, 1), [("12041", "operational", D(2017, 3, 1), *PUURS, "hand-made")]),
        # Puurs and Sint-Amands merged later: the latest event of either decides.
        (D(2018, 7, 1), [("12041", "being_set_up", D(2018, 6, 1), *PUURS, "hand-made")]),
        (
            D(2019, 6, 1),
            [
                ("11001", "planned", D(2019, 1, 10), *NO_CELL, "hand-made"),
                # Same day, same code: planned beats none.
                ("11013", "planned", D(2019, 2, 1), *NO_CELL, "hand-made"),
                ("12041", "operational", D(2019, 3, 1), *PUURS, "hand-made"),
                # Same day, two parts of one future municipality: operational beats being set up.
                ("82039", "operational", D(2019, 5, 1), *BASTOGNE, "hand-made"),
            ],
        ),
        (
            D(2020, 6, 30),
            [
                ("11001", "being_set_up", D(2020, 1, 1), *AARTSELAAR, "hand-made"),
                ("11013", "planned", D(2019, 2, 1), *NO_CELL, "hand-made"),
                ("12041", "operational", D(2019, 3, 1), *PUURS, "hand-made"),
                ("82039", "operational", D(2019, 5, 1), *BASTOGNE, "hand-made"),
            ],
        ),
        (
            D(2025, 6, 1),
            [
                ("11001", "operational", D(2020, 9, 1), *AARTSELAAR, "hand-made"),
                ("11013", "planned", D(2019, 2, 1), *NO_CELL, "hand-made"),
                ("12041", "operational", D(2019, 3, 1), *PUURS, "hand-made"),
                # A confirmation keeps the run's first day and brings its own source.
                ("82039", "operational", D(2019, 5, 1), *BASTOGNE, "hand-made confirmation"),
            ],
        ),
    ],
)
def test_status_on(small, day, expected):
    frame = store.status_on(small, day)
    assert list(frame.columns) == ["nis", "status", "since", "cell_id", "cell_name", "source", "since_precision"]
    assert records(frame.drop(columns="since_precision")) == expected
    assert set(frame["since_precision"]) <= {"day"}  # a CSV registry's dates are days


@pytest.mark.parametrize(
    "start, end, teams, offers, expected",
    [
        (
            D(2016, 1, 1), D(2026, 1, 1), None, None,
            # W2 names both parts of 12041 and still counts once there.
            [("11001", 2, D(2025, 4, 1)), ("12041", 2, D(2018, 11, 20)), ("82039", 2, D(2025, 4, 1))],
        ),
        (D(2016, 1, 1), D(2026, 1, 1), ["mobile_team"], None, [("12041", 2, D(2018, 11, 20))]),
        (
            D(2016, 1, 1), D(2026, 1, 1), None, ["livcr_setup_support"],
            [("11001", 1, D(2025, 4, 1)), ("82039", 2, D(2025, 4, 1))],
        ),
        (D(2016, 1, 1), D(2026, 1, 1), ["radix_front_office"], ["training"], [("11001", 1, D(2020, 3, 3))]),
        (D(2019, 1, 1), D(2020, 12, 31), None, None, [("11001", 1, D(2020, 3, 3)), ("82039", 1, D(2019, 6, 12))]),
        # Both ends are included.
        (D(2020, 3, 3), D(2020, 3, 3), None, None, [("11001", 1, D(2020, 3, 3))]),
        (D(2016, 1, 1), D(2026, 1, 1), ["radix_back_office"], None, []),
    ],
)
def test_visits_by_municipality(small, start, end, teams, offers, expected):
    frame = store.visits_by_municipality(small, store.VisitFilter(start, end, teams, offers))
    assert list(frame.columns) == ["nis", "visits", "last_visit", "last_visit_precision"]
    assert records(frame.drop(columns="last_visit_precision")) == expected
    assert set(frame["last_visit_precision"]) <= {"day"}


@pytest.mark.parametrize(
    "cell_id, day, expected",
    [
        ("K1", D(2017, 2, 28), []),
        ("K1", D(2017, 3, 1), ["12041"]),
        ("K1", D(2018, 6, 1), ["12041"]),
        ("K2", D(2020, 1, 1), ["82039"]),
        ("K3", D(2020, 5, 31), ["11001"]),
        ("K3", D(2021, 1, 1), ["11001", "11005"]),
        # The day a member leaves it is no longer counted.
        ("K3", D(2022, 1, 1), ["11001"]),
    ],
)
def test_cell_members_on(small, cell_id, day, expected):
    assert store.cell_members_on(small, cell_id, day) == expected


def test_cell_members_on_unknown_cell(small):
    with pytest.raises(KeyError, match="K9"):
        store.cell_members_on(small, "K9", D(2020, 1, 1))


def break_copy(tmp_path, file, row, column, value):
    """A copy of the small fixture with one value replaced (row: 1-based data row)."""
    target = tmp_path / "broken"
    shutil.copytree(SMALL, target)
    with (target / file).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    rows[row - 1][column] = value
    with (target / file).open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return target


@pytest.mark.parametrize(
    "file, row, column, value, message",
    [
        ("status.csv", 2, "municipality", "99999", "status.csv, row 2, column municipality: unknown municipality code '99999'"),
        ("cell_members.csv", 5, "municipality", "abc", "cell_members.csv, row 5, column municipality: not a NIS code: 'abc'"),
        ("visits.csv", 3, "municipalities", "82003;8200", "visits.csv, row 3, column municipalities: unknown municipality code '8200'"),
        ("programmes.csv", 1, "municipality", "123456", "programmes.csv, row 1, column municipality: not a NIS code: '123456'"),
        ("status.csv", 4, "date", "2019-13-01", "status.csv, row 4, column date: not a date (YYYY-MM-DD): '2019-13-01'"),
        ("status.csv", 1, "status", "active", "status.csv, row 1, column status: unknown value 'active'"),
        ("status.csv", 1, "cell_id", "K9", "status.csv, row 1, column cell_id: unknown cell 'K9'"),
        ("visits.csv", 1, "report_delivered", "yes", "visits.csv, row 1, column report_delivered: not true or false: 'yes'"),
        ("visits.csv", 2, "team", "radix", "visits.csv, row 2, column team: unknown value 'radix'"),
        ("cells.csv", 2, "kind", "zone", "cells.csv, row 2, column kind: unknown value 'zone'"),
    ],
)
def test_load_registry_names_file_row_and_column(tmp_path, file, row, column, value, message):
    with pytest.raises(ValueError) as raised:
        registry.load_registry(break_copy(tmp_path, file, row, column, value))
    assert str(raised.value) == message


def test_labels_cover_every_code_in_three_languages():
    for vocab in (vocabulary.STATUSES, vocabulary.TEAMS, vocabulary.OFFERS, vocabulary.CELL_KINDS,
                  vocabulary.PROGRAMMES, vocabulary.RECENCY):
        codes = vocab.codes
        assert {code: sorted(vocab.terms[code].labels) for code in codes} == {code: ["en", "fr", "nl"] for code in codes}
        assert all(vocab.label(code, lang) for code in codes for lang in ("en", "nl", "fr"))
