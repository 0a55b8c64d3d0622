"""The place search on the public maps: one box that finds any name, code or postal code of
a municipality (geo.search), with suggestions as one types, keyboard first.

The box is a Streamlit component (v2: no iframe) whose index is a static file fetched when
the box is first used, so neither the first paint nor a rerun carries it. What it gives
back is read here: a municipality chosen, or text the box did not know, which the resolver
reads ("2140 Borgerhout", "Gent (Ledeberg)") and which may still name several places.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

import locales
from geo import gazetteer, resolver, search
from pages.ui import config
from pages.ui.render import plain

_HERE = Path(__file__).parent
_HTML = """<div class="livcr-search" id="livcr-search">
<label for="livcr-search-input"></label>
<input id="livcr-search-input" type="text" role="combobox" autocomplete="off" spellcheck="false"
 aria-autocomplete="list" aria-expanded="false" aria-controls="livcr-search-list">
<ul id="livcr-search-list" role="listbox" hidden></ul>
<div role="status" aria-live="polite"></div>
</div>"""
_COMPONENT = st.components.v2.component(
    "livcr_place_search",
    html=_HTML,
    css=(_HERE / "search.css").read_text(encoding="utf-8"),
    js=(_HERE / "search.js").read_text(encoding="utf-8"),
)
_WORDS = ("label", "placeholder", "suggestions", "count", "count_one", "none", "which", "chosen", "unavailable")


@dataclass(frozen=True)
class Found:
    """What a search gave: one municipality (`nis`), or candidates to choose from, or nothing."""

    text: str
    nis: str | None = None
    note: str = ""  # how the text was read, in the visitor's language
    candidates: tuple[str, ...] = ()
    kind: str | None = None  # what the box found (a geo.search kind); None: read from free text


def _template(key: str, lang: str) -> str:
    # The box fills the values in itself, so it gets the texts with their {placeholders}.
    return locales.catalogue(lang)[key]


def _words(lang: str) -> dict:
    words = {word: _template(f"search_{word}", lang) for word in _WORDS}
    words["kinds"] = {kind: _template(f"search_kind_{kind}", lang) for kind in (*search.KINDS, "section_formerly")}
    words["areas"] = {code: area_text(code, lang) for code in (*gazetteer.REGION_LABELS, *gazetteer.PROVINCE_LABELS)}
    return words


def area_text(code: str, lang: str) -> str:
    """"in the province of Liège", "dans la province de Liège": the article each name takes."""
    return locales.text(f"resolve_within_{code}", lang)


def render_place_search(lang: str, key: str) -> Found | None:
    """Draws the box; gives what was chosen in this run (None when nothing was)."""
    result = _COMPONENT(
        key=key,
        data={"url": config.get_config().place_index_url, "lang": lang, "words": _words(lang)},
        on_chosen_change=lambda: None,
    )
    chosen = getattr(result, "chosen", None)
    return read_choice(chosen, lang) if chosen else None


def render_choices(found: Found | None, lang: str, key: str, on_pick, *, horizontal: bool = False) -> None:
    """What the box gave, handled alike on every map: a municipality found is picked,
    `on_pick(nis, note)` (`note` says how a free text was read; empty when the box named the
    place itself); a text of several places asks which one, as buttons that pick it (kept
    until one is picked or another search is made, under `<key>_candidates`); a text of none
    says why."""
    asked_key = f"{key}_candidates"
    if found is not None and found.nis:
        st.session_state.pop(asked_key, None)
        on_pick(found.nis, "" if found.kind else found.note)
    elif found is not None:
        st.session_state[asked_key] = (found.text, found.candidates, found.note)
    asked = st.session_state.get(asked_key)
    if not asked:
        return
    given, candidates, note = asked
    if not candidates:
        st.warning(note)
        return

    def pick(nis: str, label: str) -> None:
        st.session_state.pop(asked_key, None)
        on_pick(nis, label)

    if not horizontal:
        st.markdown(plain(locales.text("search_pick", lang, text=given)))
    with st.container(horizontal=horizontal):
        for nis in candidates:
            label = candidate_label(nis, lang)
            st.button(label, key=f"{key}_pick_{nis}", on_click=pick, args=(nis, label),
                      width="content" if horizontal else "stretch")


def read_choice(chosen: dict, lang: str) -> Found:
    """The box's answer: a municipality it found, or the resolver's reading of free text."""
    text = str(chosen.get("text") or "").strip()
    nis = chosen.get("nis")
    if nis and nis in gazetteer.codes_2025():
        detail = describe(chosen.get("kind") or "municipality", nis, lang, chosen.get("former") or "")
        return Found(text, nis, locales.text("search_found", lang, text=text, detail=detail), kind=chosen.get("kind"))
    resolution = resolver.resolve_municipality(text)
    note = resolution.note.render(lang) if resolution.note is not None else resolution.message
    if resolution.resolved:
        return Found(text, resolution.nis, note)
    return Found(text, None, note, resolution.candidates)


def describe(kind: str, nis: str, lang: str, former: str = "") -> str:
    row = _municipality(nis)
    key = "search_kind_section_formerly" if kind == "section" and former else f"search_kind_{kind}"
    if kind not in search.KINDS:
        key = "search_kind_municipality"
    return locales.text(key, lang, name=gazetteer.display_name(row, lang), area=area_text(row["province"] or row["region"], lang),
                        former=former, text="")


def candidate_label(nis: str, lang: str) -> str:
    """"Sint-Niklaas, in the province of East Flanders": one of several answers, to pick."""
    row = _municipality(nis)
    return f"{gazetteer.display_name(row, lang)}, {area_text(row['province'] or row['region'], lang)}"


def _municipality(nis: str) -> dict:
    frame = gazetteer.load_gazetteer(2025)
    return frame[frame["nis"] == nis].iloc[0].to_dict()
