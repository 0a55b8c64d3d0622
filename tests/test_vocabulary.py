"""The domain's words are data: a term added to one file is parsed, labelled and drawn."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from geo import choropleth
from geo.sources import WEB_CRS, read_boundaries
from loaders import importer, reading, store, vocabulary

DATA = Path(__file__).parent / "data"
NEW_OFFER = """
[[term]]
code = "online_session"
en = "Online session"
nl = "Onlinesessie"
fr = "Séance en ligne"
synonyms = ["webinar", "Online infosessie"]
"""
NEW_STATUS = """
[[term]]
code = "suspended"
colour = "#CC79A7"
en = "Suspended"
nl = "Opgeschort"
fr = "Suspendue"
synonyms = ["on hold", "stilgelegd"]
"""


@pytest.fixture
def edited(tmp_path, monkeypatch):
    """A copy of the vocabulary folder with one term appended to two files, put in use."""
    folder = tmp_path / "vocabulary"
    shutil.copytree(vocabulary.FOLDER, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    with (folder / "offers.toml").open("a", encoding="utf-8") as f:
        f.write(NEW_OFFER)
    # Inserted before "unknown", which stays last: the class of the unclassified.
    statuses = (folder / "statuses.toml").read_text(encoding="utf-8")
    at = statuses.index('[[term]]\ncode = "unknown"')
    (folder / "statuses.toml").write_text(statuses[:at] + NEW_STATUS.lstrip() + "\n" + statuses[at:], encoding="utf-8")
    monkeypatch.setattr(vocabulary, "OFFERS", vocabulary.load("offers", folder))
    monkeypatch.setattr(vocabulary, "STATUSES", vocabulary.load("statuses", folder))
    return folder


def test_a_new_term_is_parsed_and_labelled_in_three_languages(edited):
    assert [reading.parse_offer(w) for w in ("Séance en ligne", "WEBINAR", "online-session", "Onlinesessie")] == [
        "online_session"] * 4
    assert reading.parse_status("On hold") == "suspended"
    assert {lang: vocabulary.STATUSES.label("suspended", lang) for lang in ("en", "nl", "fr")} == {
        "en": "Suspended", "nl": "Opgeschort", "fr": "Suspendue",
    }
    assert vocabulary.STATUSES.codes[-2:] == ("suspended", "unknown")


def test_a_new_term_is_imported_and_drawn_on_the_map(edited, tmp_path, store_url):
    squares = read_boundaries(DATA / "squares.epsg31370.geojson")[0].to_crs(WEB_CRS)
    engine = store.open_store(store_url, seed_demo=False)
    status = tmp_path / "status.csv"
    status.write_text("gemeente;status;datum\nAartselaar;stilgelegd;2024-03-01\n", encoding="utf-8")
    visits = tmp_path / "visits.csv"
    visits.write_text("datum;gemeenten;team;aanbod\n2024-03-02;Aartselaar;Radix;webinar\n", encoding="utf-8")
    assert importer.import_file(engine, status, "status").errors == 0
    assert importer.import_file(engine, visits, "visits").errors == 0
    reg = store.load_registry_frames(engine)
    assert store.status_on(reg, dt.date(2024, 4, 1))[["nis", "status"]].values.tolist() == [["11001", "suspended"]]
    assert reg.visits["offer"].tolist() == ["online_session"]

    text = choropleth.MapText("Status", "Municipality", "Status", vocabulary.STATUSES.labels("nl"),
                              vocabulary.STATUSES.colours())
    page = choropleth.build_map(squares, {}, {"11001": "suspended"}, text, "/app/static").get_root().render()
    assert "#CC79A7" in page
    legend = json.loads(re.search(r"div\.innerHTML = (\".*?\");", page).group(1).replace("<\\/", "</"))
    assert ("Opgeschort", "1") in re.findall(r"<span>([^<]+) \((\d+)\)</span>", legend)


def test_a_word_may_not_mean_two_terms(tmp_path):
    (tmp_path / "clash.toml").write_text(
        '[[term]]\ncode = "a"\nen = "A"\nnl = "A"\nfr = "A"\nsynonyms = ["same"]\n'
        '[[term]]\ncode = "b"\nen = "B"\nnl = "B"\nfr = "B"\nsynonyms = ["Same"]\n', encoding="utf-8",
    )
    with pytest.raises(ValueError, match="'Same' would mean both 'a' and 'b'"):
        vocabulary.load("clash", tmp_path)


def test_a_term_needs_every_label(tmp_path):
    (tmp_path / "short.toml").write_text('[[term]]\ncode = "a"\nen = "A"\nnl = "A"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="short.toml: term 'a' lacks fr"):
        vocabulary.load("short", tmp_path)


@pytest.mark.parametrize("vocab", [vocabulary.STATUSES, vocabulary.RECENCY])
def test_drawn_vocabularies_have_distinct_colours(vocab):
    colours = list(vocab.colours().values())
    assert len(set(colours)) == len(colours) == len(vocab.codes)
