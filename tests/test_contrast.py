"""Colour contrast of the maps (WCAG 2.2, issue 14), from the colours where they are declared:
the classes in loaders/vocabulary, the map's background, borders, opacity and hover in
geo/choropleth.py, the legend's text, box and swatches in the HTML `legend_html` writes, the
theme in .streamlit/config.toml.

What is checked:

- 1.4.3 (text, 4.5:1): the legend's text on its translucent box, wherever the box lies (on the
  background or on any class), and the theme's text colours if it sets any;
- 1.4.11 (non-text, 3:1): each legend swatch stands out from the box (by itself or by its
  outline), the hover outline from every class, and a border grey exists that would outline
  every municipality against every class and the background (the map's own border is white:
  see `lightest_outline`);
- 1.4.1 (colour not the only carrier): every class has its own words, in the legend and in the
  tooltip, in every language.

The classes' fills against each other and against the background are computed too
(`failing_pairs`), and they fail 3:1: five (or four) categories cannot all be 3:1 apart on
one background (luminances 0.05 to 1.05 leave room for three steps of 3). The map therefore
relies on its words (legend, tooltip, detail panel) and on its table (pages/ui/tables.py).
"""

from __future__ import annotations

import html
import itertools
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from geo import choropleth
from geo.settings import ROOT
from geo.sources import WEB_CRS, read_boundaries
from loaders import vocabulary

DATA = Path(__file__).parent / "data"
TEXT, NON_TEXT = 4.5, 3.0
VOCABULARIES = {"statuses": vocabulary.STATUSES, "recency": vocabulary.RECENCY}
LANGUAGES = ("en", "nl", "fr")

Colour = tuple[float, float, float]


# --- WCAG's arithmetic ---------------------------------------------------------------------------

def parse_colour(text: str) -> tuple[Colour, float]:
    """A CSS colour (#rgb, #rrggbb, rgb(), rgba()) as sRGB 0-255 and its alpha."""
    text = text.strip().lower()
    if text.startswith("#"):
        digits = text[1:]
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        if len(digits) != 6:
            raise ValueError(text)
        return tuple(int(digits[i:i + 2], 16) for i in (0, 2, 4)), 1.0
    found = re.fullmatch(r"rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)", text)
    if not found:
        raise ValueError(f"not a colour: {text!r}")
    r, g, b, a = found.groups()
    return (float(r), float(g), float(b)), float(a) if a is not None else 1.0


def over(colour: Colour, alpha: float, background: Colour) -> Colour:
    """A translucent colour as seen on a background (browsers blend in sRGB)."""
    return tuple(alpha * c + (1 - alpha) * b for c, b in zip(colour, background))


def luminance(colour: Colour) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Colour, b: Colour) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_arithmetic_on_wcag_s_own_examples():
    black, white = parse_colour("#000")[0], parse_colour("#FFFFFF")[0]
    assert contrast(black, white) == pytest.approx(21.0)
    assert contrast(white, white) == pytest.approx(1.0)
    assert contrast(parse_colour("#767676")[0], white) == pytest.approx(4.54, abs=0.01)  # the lightest AA grey
    assert over(black, 0.5, white) == (127.5, 127.5, 127.5)


# --- where the colours are declared --------------------------------------------------------------

BACKGROUND = parse_colour(choropleth.MAP_BACKGROUND)[0]


def fills(vocab: vocabulary.Vocabulary) -> dict[str, Colour]:
    """Each class as the map paints it: its colour at the map's fill opacity on its background."""
    return {code: over(parse_colour(c)[0], choropleth.FILL_OPACITY, BACKGROUND) for code, c in vocab.colours().items()}


class _Styles(HTMLParser):
    """Each element's inline style, in document order, as {property: value}."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        style = dict(attrs).get("style") or ""
        declarations = (d.split(":", 1) for d in style.split(";") if ":" in d)
        self.elements.append((tag, {k.strip(): v.strip() for k, v in declarations}))


def legend_styles(vocab: vocabulary.Vocabulary, lang: str = "en") -> _Styles:
    entries = [(vocab.label(code, lang), colour, 1) for code, colour in vocab.colours().items()]
    parser = _Styles()
    parser.feed(choropleth.legend_html("Legend", entries))
    return parser


def legend_box(vocab: vocabulary.Vocabulary) -> tuple[Colour, tuple[Colour, float]]:
    """The legend's text colour and its box's colour with alpha, from the legend's own HTML."""
    _, box = legend_styles(vocab).elements[0]
    return parse_colour(box["color"])[0], parse_colour(box["background"])


def swatches(vocab: vocabulary.Vocabulary) -> list[tuple[Colour, Colour]]:
    """Each legend swatch's colour and its outline's colour."""
    found = []
    for tag, style in legend_styles(vocab).elements[1:]:
        if tag == "span" and "background" in style:
            width, kind, colour = style["border"].split()
            assert kind == "solid" and width == "1px"
            found.append((parse_colour(style["background"])[0], parse_colour(colour)[0]))
    return found


# --- 1.4.3: the legend's text ----------------------------------------------------------------------

@pytest.mark.parametrize("name", VOCABULARIES)
def test_the_legend_text_is_readable_wherever_the_legend_lies(name):
    vocab = VOCABULARIES[name]
    text, (box, alpha) = legend_box(vocab)
    assert alpha < 1  # translucent: what lies under it counts
    under = {"background": BACKGROUND, **fills(vocab)}
    ratios = {where: contrast(text, over(box, alpha, colour)) for where, colour in under.items()}
    assert {where: r for where, r in ratios.items() if r < TEXT} == {}, ratios


# --- 1.4.11: swatches, hover, outlines ----------------------------------------------------------------

@pytest.mark.parametrize("name", VOCABULARIES)
def test_each_legend_swatch_stands_out_from_the_legend_box(name):
    vocab = VOCABULARIES[name]
    _, (box, alpha) = legend_box(vocab)
    drawn = swatches(vocab)
    assert [s for s, _ in drawn] == [parse_colour(c)[0] for c in vocab.colours().values()]
    # On the lightest the box can be (on the background): a pale swatch needs its outline.
    seen_box = over(box, alpha, BACKGROUND)
    assert [
        (swatch, outline) for swatch, outline in drawn
        if max(contrast(swatch, seen_box), contrast(outline, seen_box)) < NON_TEXT
    ] == []


@pytest.mark.parametrize("name", VOCABULARIES)
def test_the_hover_outline_stands_out_from_every_class(name):
    outline = parse_colour(choropleth.HIGHLIGHT["color"])[0]
    ratios = {code: contrast(outline, fill) for code, fill in fills(VOCABULARIES[name]).items()}
    assert {code: r for code, r in ratios.items() if r < NON_TEXT} == {}, ratios


def lightest_outline(colours: list[Colour]) -> Colour | None:
    """The lightest grey at least 3:1 from every colour given, None if there is none: a border
    that would outline each municipality against its neighbours' classes and the background."""
    for level in range(255, -1, -1):
        grey = (level, level, level)
        if all(contrast(grey, c) >= NON_TEXT for c in colours):
            return grey
    return None


def test_an_outline_exists_for_every_class_and_the_background():
    every = [BACKGROUND, *(f for vocab in VOCABULARIES.values() for f in fills(vocab).values())]
    grey = lightest_outline(every)
    assert grey is not None
    assert min(contrast(grey, c) for c in every) >= NON_TEXT


def failing_pairs(vocab: vocabulary.Vocabulary) -> dict[tuple[str, str], float]:
    """Each pair of things that may touch on the map (two classes, a class and the background)
    under 3:1, with its ratio."""
    painted = {"background": BACKGROUND, **fills(vocab)}
    return {
        (a, b): round(contrast(painted[a], painted[b]), 2)
        for a, b in itertools.combinations(painted, 2)
        if contrast(painted[a], painted[b]) < NON_TEXT
    }


@pytest.mark.parametrize("name", VOCABULARIES)
def test_classes_too_close_in_contrast_are_told_apart_in_words(name):
    vocab = VOCABULARIES[name]
    close = failing_pairs(vocab)  # python -c "...; print(failing_pairs(vocabulary.STATUSES))" lists them
    for lang in LANGUAGES:
        labels = vocab.labels(lang)
        assert all(labels[a] != labels[b] for a, b in close if "background" not in (a, b))


# --- 1.4.1: the words the map gives ------------------------------------------------------------

@pytest.fixture(scope="module")
def squares():
    frame, _ = read_boundaries(DATA / "squares.epsg31370.geojson")
    return frame.to_crs(WEB_CRS)


@pytest.mark.parametrize("name, lang", [(n, lang) for n in VOCABULARIES for lang in LANGUAGES])
def test_every_class_is_named_in_the_legend_and_the_tooltip(squares, name, lang):
    vocab = VOCABULARIES[name]
    labels = vocab.labels(lang)
    assert len(set(labels.values())) == len(labels)
    text = choropleth.MapText("Legend", "Name", "Class", labels, vocab.colours())
    statuses = dict(zip(squares["nis"], itertools.cycle(vocab.codes)))
    page = choropleth.build_map(squares, {}, statuses, text, "/app/static").get_root().render()
    for code, label in labels.items():
        escaped = html.escape(label)
        # The legend names each class with its count; the tooltip's words list names each one too.
        assert f"{escaped} ({list(statuses.values()).count(code)})" in page, (code, label)
        assert page.count(_json_text(escaped)) >= 2, (code, label)


def _json_text(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)[1:-1].replace("</", "<\\/")


# --- the theme -------------------------------------------------------------------------------------

def test_the_theme_s_colours_are_readable():
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")).get("theme", {})
    colours = {k: parse_colour(v)[0] for k, v in theme.items() if isinstance(v, str) and k.endswith("Color")}
    if not colours:  # none set: Streamlit's own light theme, which the base names
        assert theme.get("base") == "light"
        return
    assert "backgroundColor" in colours, "a colour set needs the background it is read on"
    backgrounds = {k: colours[k] for k in ("backgroundColor", "secondaryBackgroundColor") if k in colours}
    needs = {"textColor": TEXT, "linkColor": TEXT, "primaryColor": NON_TEXT}
    ratios = {(name, where): contrast(colours[name], bg) for name in needs if name in colours for where, bg in backgrounds.items()}
    assert {pair: round(r, 2) for pair, r in ratios.items() if r < needs[pair[0]]} == {}
