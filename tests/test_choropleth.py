import json
import re
from pathlib import Path

import pytest

from geo import assets, choropleth
from geo.sources import WEB_CRS, read_boundaries
from loaders.vocabulary import STATUSES

DATA = Path(__file__).parent / "data"
HOSTILE = "<img src=x onerror=alert(1)>"
TEXT = choropleth.MapText(
    legend_title="LIVC-R status",
    name_label="Municipality",
    status_label="Status",
    status_names={code: code.replace("_", " ").title() for code in STATUSES.codes},
    colours=STATUSES.colours(),
)


@pytest.fixture
def squares():
    frame, _ = read_boundaries(DATA / "squares.epsg31370.geojson")
    return frame.to_crs(WEB_CRS)


def _html(squares, names=None, statuses=None, text=TEXT, **kwargs):
    fmap = choropleth.build_map(
        squares,
        names or {n: f"Name {n}" for n in squares["nis"]},
        statuses or {},
        text,
        "/app/static",
        **kwargs,
    )
    return fmap.get_root().render()


def test_features_carry_escaped_name_and_status(squares):
    data = choropleth.build_features(
        squares.iloc[:2], {"11001": HOSTILE, "12030": "Puurs & co"}, {"11001": "operational"}, TEXT
    )
    assert [f["properties"] for f in data["features"]] == [
        {"nis": "11001", "name": "&lt;img src=x onerror=alert(1)&gt;", "status": "Operational", "s": "operational"},
        {"nis": "12030", "name": "Puurs &amp; co", "status": "Unknown", "s": "unknown"},
    ]
    assert [f["id"] for f in data["features"]] == ["11001", "12030"]


def test_hostile_text_never_reaches_the_html_raw(squares):
    hostile_text = choropleth.MapText(HOSTILE, HOSTILE, HOSTILE, {c: HOSTILE for c in STATUSES.codes}, STATUSES.colours())
    page = _html(squares, names={n: HOSTILE for n in squares["nis"]}, text=hostile_text)
    assert "<img" not in page
    assert "onerror=alert(1)&gt;" in page or "onerror=alert(1)\\u0026gt;" in page


def test_only_local_assets_and_no_tiles_by_default(squares):
    page = _html(squares)
    urls = set(re.findall(r"""(?:src|href)=["']([^"']+)["']""", page))
    assert urls == {
        f"/app/static/leaflet-{assets.LEAFLET_VERSION}/leaflet.js",
        f"/app/static/leaflet-{assets.LEAFLET_VERSION}/leaflet.css",
    }
    assert "http://" not in page and "https://" not in page
    assert "L.tileLayer" not in page


def test_tiles_setting_adds_an_online_layer(squares):
    page = _html(squares, tiles_url="https://tiles.example/{z}/{x}/{y}.png", tiles_attribution="© <b>OSM</b>")
    assert "L.tileLayer" in page and "https://tiles.example/{z}/{x}/{y}.png" in page
    assert "<b>OSM</b>" not in page


def test_status_colours_and_legend_counts(squares):
    statuses = {"11001": "operational", "12030": "operational", "12034": "none", "82003": "planned"}
    page = _html(squares, statuses=statuses)
    for code, colour in STATUSES.colours().items():
        assert colour in page
    legend = json.loads(re.search(r"div\.innerHTML = (\".*?\");", page).group(1).replace("<\\/", "</"))
    counts = re.findall(r"<span>([^<]+) \((\d+)\)</span>", legend)
    assert counts == [("Operational", "2"), ("Being Set Up", "0"), ("Planned", "1"), ("None", "1"), ("Unknown", "1")]


def test_palette_is_distinct():
    colours = list(STATUSES.colours().values())
    assert len(set(colours)) == len(colours) == 5


def test_leaflet_is_installed_from_xstatic(tmp_path):
    target = assets.install_leaflet(tmp_path)
    assert sorted(p.name for p in target.iterdir()) == ["images", "leaflet.css", "leaflet.js"]
    assert (target / "images" / "marker-icon.png").exists()
    assert assets.install_leaflet(tmp_path) == target  # idempotent


# --- the base map and the selection --------------------------------------------------------


def _leaflet_script(fmap, selection=None):
    """The scripts streamlit-folium sends, as it builds them."""
    from streamlit_folium import _get_feature_group_string, _get_map_string

    fmap.get_root().render()
    script = _get_map_string(fmap)
    group = _get_feature_group_string(selection, map=fmap) if selection is not None else ""
    return script, group


def test_the_base_map_does_not_change_with_the_selection(squares):
    """streamlit-folium remounts the map when its script changes: a filter must not change it."""
    geometry = choropleth.WebGeometry.from_frame(squares)
    names = {n: f"Name {n}" for n in squares["nis"]}
    scripts = []
    for part in (squares, squares.iloc[:2], squares.iloc[3:]):
        base = choropleth.build_base_map(geometry, names, TEXT, "/app/static")
        selection = choropleth.build_selection(geometry, part, {"11001": "operational"}, TEXT)
        scripts.append(_leaflet_script(base, selection))
    bases = {s for s, _ in scripts}
    groups = {g for _, g in scripts}
    assert len(bases) == 1 and len(groups) == 3
    assert all(len(g) < 3_000 for g in groups)  # a filter change sends a few kB of map


def test_selection_carries_states_legend_and_bounds(squares):
    geometry = choropleth.WebGeometry.from_frame(squares)
    part = squares[squares["nis"].isin(["12030", "82003"])]
    group = choropleth.build_selection(geometry, part, {"12030": "none", "99999": "operational"}, TEXT)
    (selection,) = group._children.values()
    # one character per municipality in the geometry's order: hidden, or the status' index
    assert json.loads(selection.states_json) == "-3-4"  # 11001 12030 12034 82003 (82005 trimmed)
    (south, west), (north, east) = json.loads(selection.bounds_json)
    assert west < east and south < north
    legend = json.loads(selection.legend_json.replace("<\\/", "</"))
    assert re.findall(r"<span>([^<]+) \((\d+)\)</span>", legend) == [
        ("Operational", "0"), ("Being Set Up", "0"), ("Planned", "0"), ("None", "1"), ("Unknown", "1"),
    ]


def test_a_prepared_geometry_serves_any_subset(squares):
    geometry = choropleth.WebGeometry.from_frame(squares)
    page = _html(squares.iloc[:1], geometry=geometry)
    assert json.dumps(geometry.encoded["arcs"]) in page
    assert '"-"' not in page and "\"4\"" in page  # only the first municipality is drawn


def test_names_and_words_reach_the_base_map_escaped(squares):
    geometry = choropleth.WebGeometry.from_frame(squares)
    base = choropleth.build_base_map(geometry, {"11001": "Puurs & <b>co</b>"}, TEXT, "/app/static")
    script, _ = _leaflet_script(base)
    assert "Puurs &amp; &lt;b&gt;co&lt;/b&gt;" in script
    assert "<b>co" not in script
    assert "livcrDecode" in script and "L.latLng" in script


@pytest.mark.parametrize("announce", [False, True])
def test_a_base_map_says_it_painted_only_when_asked_and_the_same_each_run(squares, announce):
    """The national map's page waits for the map's word (pages/ui/first_paint.py); the others
    do not ask. Either way the base map is the same on every run, so the frame is kept."""
    geometry = choropleth.WebGeometry.from_frame(squares)
    scripts = {
        _leaflet_script(choropleth.build_base_map(geometry, {}, TEXT, "/app/static", announce_painted=announce))[0]
        for _ in range(2)
    }
    (script,) = scripts
    assert ('"announce":true' in script, '"announce":false' in script) == (announce, not announce)
    assert "setComponentValue({last_clicked: null, painted: true})" in script


def test_a_focus_is_outlined_and_a_view_key_keeps_the_users_view(squares):
    geometry = choropleth.WebGeometry.from_frame(squares)
    whole = choropleth.View.of(squares)
    (selection,) = choropleth.build_selection(geometry, squares, {}, TEXT, focus="12034")._children.values()
    assert (selection.focus, json.loads(selection.view_json)) == ((geometry.index["12034"],), whole.key)
    # Another status or focus, same area: the same key, so the browser leaves the view alone.
    (again,) = choropleth.build_selection(geometry, squares, {"12034": "none"}, TEXT, focus="82003")._children.values()
    assert again.view_json == selection.view_json
    # A place found: a view of its own, widened to show its neighbours.
    one = squares[squares["nis"] == "12034"]
    near = choropleth.View("place:12034:1", choropleth.bounds_of(one, margin=1.0))
    (found,) = choropleth.build_selection(geometry, squares, {}, TEXT, focus="12034", view=near)._children.values()
    (south, west), (north, east) = json.loads(found.bounds_json)
    (s0, w0), (n0, e0) = choropleth.bounds_of(one)
    assert (json.loads(found.view_json), round(north - south, 4), round(east - west, 4)) == (
        "place:12034:1", round(3 * (n0 - s0), 4), round(3 * (e0 - w0), 4),
    )
    assert choropleth.build_selection(geometry, squares, {}, TEXT)._children  # no focus: none outlined
    (plain,) = choropleth.build_selection(geometry, squares, {}, TEXT)._children.values()
    assert plain.focus == ()
    (parts,) = choropleth.build_selection(geometry, squares, {}, TEXT, focus=("82003", "82005", "99999"))._children.values()
    assert parts.focus_json == json.dumps([geometry.index["82003"], geometry.index["82005"]])


def test_classes_carry_a_pattern_on_the_map_and_in_the_legend(squares):
    text = choropleth.MapText(**{**TEXT.__dict__, "patterns": STATUSES.patterns()})
    page = _html(squares, text=text)
    patterns = json.loads(re.search(r'"patterns":(\[[^\]]*\])', page).group(1))
    assert patterns == list(STATUSES.patterns().values())
    geometry = choropleth.WebGeometry.from_frame(squares)
    (selection,) = choropleth.build_selection(geometry, squares, {}, text)._children.values()
    legend = json.loads(selection.legend_json.replace("<\\/", "</"))
    swatches = re.findall(r"background:([^;]+);border", legend)
    assert [("gradient" in s) for s in swatches] == [p != "solid" for p in STATUSES.patterns().values()]
    # Every pattern but one kind differs: no two classes share colour and pattern both.
    pairs = list(zip(STATUSES.colours().values(), STATUSES.patterns().values()))
    assert len(set(pairs)) == len(pairs) and len(set(STATUSES.patterns().values()) - {"solid"}) >= 3


def test_a_vocabulary_refuses_an_unknown_pattern(tmp_path):
    from loaders.vocabulary import Vocabulary

    path = tmp_path / "kinds.toml"
    path.write_text('[[term]]\ncode = "a"\nen = "A"\nnl = "A"\nfr = "A"\npattern = "zigzag"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="zigzag"):
        Vocabulary.from_file(path)


def test_a_served_geometry_is_named_in_the_map_not_carried(squares):
    geometry = choropleth.WebGeometry.from_frame(squares)
    served = geometry.served_at("/app/static/geometry/municipalities-x.js")
    carried = choropleth.build_base_map(geometry, {}, TEXT, "/app/static").get_root().render()
    named = choropleth.build_base_map(served, {}, TEXT, "/app/static").get_root().render()
    assert geometry.json in carried and geometry.json not in named
    assert '<script src="/app/static/geometry/municipalities-x.js"></script>' in named
    assert f'window.livcrGeometry["{geometry.digest}"]' in named
    # The file files the same geometry under the digest the map reads.
    script = served.script_source()
    assert script.startswith(f'(window.livcrGeometry = window.livcrGeometry || {{}})["{geometry.digest}"] = ')
    assert json.loads(script.split("] = ", 1)[1].rstrip(";\n")) == geometry.encoded
