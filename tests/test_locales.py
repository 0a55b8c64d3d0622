"""One catalogue per language: the same keys everywhere, nothing missing, nothing left in English.

The walk at the end opens every page under AppTest in Dutch and in French, as an editor, and
checks every title, label, message, metric, option and table header it shows: none may hold a
word that only English uses (names excepted: municipalities, teams, offers, regions).
"""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest
from streamlit.testing.v1 import AppTest

import locales
from geo import gazetteer
from geo.settings import ROOT
from loaders import vocabulary

PLACEHOLDERS = string.Formatter()


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in PLACEHOLDERS.parse(text) if name}


def test_every_language_has_the_same_keys_and_placeholders():
    english = locales.catalogue("en")
    for lang in ("nl", "fr"):
        other = locales.catalogue(lang)
        assert sorted(set(english) ^ set(other)) == [], lang
        assert {k: placeholders(v) for k, v in other.items()} == {k: placeholders(v) for k, v in english.items()}
        assert [k for k, v in other.items() if not v.strip()] == []


def test_every_key_the_interface_names_exists():
    sources = [ROOT / "dashboard.py", *sorted((ROOT / "pages").rglob("*.py"))]
    named = {key for path in sources for key in re.findall(r"\bt\(\s*\"([a-z0-9_]+)\"", path.read_text(encoding="utf-8"))}
    assert named and sorted(named - set(locales.catalogue("en"))) == []


def test_a_missing_key_is_an_error_not_english():
    with pytest.raises(KeyError):
        locales.text("no_such_key", "nl")
    with pytest.raises(KeyError):
        locales.text("app_title", "de")


@pytest.mark.parametrize("day, lang, long, short", [
    (dt.date(2026, 12, 1), "en", "1 December 2026", "01/12/2026"),
    (dt.date(2026, 12, 1), "fr", "1er décembre 2026", "01/12/2026"),
    (dt.date(2016, 5, 27), "nl", "27 mei 2016", "27/05/2016"),
    (dt.date(2018, 7, 30), "fr", "30 juillet 2018", "30/07/2018"),
])
def test_dates_are_written_once_per_language(day, lang, long, short):
    assert (locales.format_date(day, lang), locales.format_date(day, lang, "short")) == (long, short)


@pytest.mark.parametrize("value, lang, number, share", [
    (11_492_641, "en", "11\u202f492\u202f641", "75%"),
    (11_492_641, "nl", "11\u202f492\u202f641", "75\u00a0%"),
    (565, "fr", "565", "75\u00a0%"),
])
def test_numbers_are_written_once_per_language(value, lang, number, share):
    assert (locales.format_number(value, lang), locales.format_share(0.754, lang)) == (number, share)


def test_moments_are_shown_in_belgian_time():
    at = dt.datetime(2026, 7, 1, 22, 30, tzinfo=dt.timezone.utc)
    assert locales.format_moment(at, "nl") == "02/07/2026 00:30"
    assert locales.format_moment(at.replace(tzinfo=None), "fr") == "02/07/2026 00:30"


# --- the walk ---------------------------------------------------------------------------------

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def words(text: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(text)}


def names() -> set[str]:
    frame = gazetteer.load_gazetteer(2025)
    found = set()
    for column in ("name_nl", "name_fr", "name_de"):
        for name in frame[column].dropna():
            found |= words(name)
    for vocab in (vocabulary.TEAMS, vocabulary.OFFERS):
        for lang in ("nl", "fr"):
            for label in vocab.labels(lang).values():
                found |= words(label)
    # Proper names and loanwords the Dutch and French texts use as they are.
    found |= words("LIVC-R CSIL-R Radix Team Mobile Statbel NIS REFNIS OpenStreetMap SHA CSV XLSX HTML PNG OIDC "
                   "briefing Front-Office Back-Office demo Jansen")
    # The uploaded file's own words, which messages quote: its name and its headers.
    found |= words("status.csv gemeente status datum")
    return found


def english_only(lang: str) -> set[str]:
    theirs = set().union(*(words(v) for v in locales.catalogue(lang).values()))
    return set().union(*(words(v) for v in locales.catalogue("en").values())) - theirs - names()


def shown_texts(at: AppTest) -> list[str]:
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        texts += [e.value for e in getattr(at, kind)]
    texts += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    for kind in ("button", "text_input", "selectbox", "multiselect", "radio", "date_input", "text_area", "checkbox"):
        for widget in getattr(at, kind):
            texts.append(widget.label)
            texts += [str(o) for o in getattr(widget, "options", [])]
    texts += [str(c) for frame in at.dataframe for c in frame.value.columns]
    # What the data layer reports (a row's problems), which the interface renders in the language.
    messages = {locales.text("col_message", lang) for lang in locales.LANGUAGES}
    texts += [str(v) for frame in at.dataframe for c in frame.value.columns if c in messages for v in frame.value[c]]
    return texts


DASHBOARD = (ROOT / "dashboard.py").read_text(encoding="utf-8")
UPLOAD = (
    "gemeente;status;datum\nGent;operationeel;2020-01-01\nBorsbeek;gepland;2019-05-01\nAtlantis;gepland;2019-05-01\n"
    "Gent;misschien;31/02/2020\n"
).encode()


def open_pages(lang: str):
    """Every page as an editor would open it, in `lang`, each after its first interaction."""
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    at.session_state["role"], at.session_state["user"] = "editor", "Jansen"
    at.query_params["lang"] = lang
    at.query_params["nis"] = "62063"
    at.run()
    yield "map", at
    for page in ("briefing", "visits", "about"):
        at.switch_page(str(ROOT / "pages" / f"{page}.py")).run()
        yield page, at
    at.switch_page(str(ROOT / "pages" / "profile.py")).run()
    at.text_input(key="profile_query").input("Kruibeke").run()  # merged: the page says into what
    yield "profile", at
    at.switch_page(str(ROOT / "pages" / "data.py")).run()
    at.file_uploader(key="upload").set_value(("status.csv", UPLOAD, "text/csv")).run()
    yield "data", at
    at.switch_page(str(ROOT / "pages" / "cells.py")).run()
    at.selectbox(key="cell_pick").set_value("C002").run()  # a cell of several municipalities, its form open
    yield "cells", at
    at.session_state["role"] = "admin"
    at.switch_page(str(ROOT / "pages" / "admin.py")).run()
    yield "admin", at


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_every_page_speaks_the_chosen_language(lang):
    foreign = english_only(lang)
    catalogue = set(locales.catalogue(lang).values())
    seen = {}
    for page, at in open_pages(lang):
        assert not at.exception, (page, [e.value for e in at.exception])
        texts = shown_texts(at)
        assert len(texts) > 5, page
        english = {text: sorted(words(text) & foreign) for text in texts if words(text) & foreign}
        seen[page] = english
        headers = [str(c) for frame in at.dataframe for c in frame.value.columns]
        assert [h for h in headers if h not in catalogue] == [], (page, headers)
    assert seen == {page: {} for page in seen}
