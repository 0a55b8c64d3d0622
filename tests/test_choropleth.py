import json
import re
from pathlib import Path

import pytest

from geo import assets, choropleth
from geo.sources import WEB_CRS, read_boundaries

DATA = Path(__file__).parent / "data"
HOSTILE = "<img src=x onerror=alert(1)>"
TEXT = choropleth.MapText(
    legend_title="LIVC-R status",
    name_label="Municipality",
    status_label="Status",
    status_names={code: code.replace("_", " ").title() for code in choropleth.STATUS_COLOURS},
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
    hostile_text = choropleth.MapText(HOSTILE, HOSTILE, HOSTILE, {c: HOSTILE for c in choropleth.STATUS_COLOURS})
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
    for code, colour in choropleth.STATUS_COLOURS.items():
        assert colour in page
    legend = json.loads(re.search(r"div\.innerHTML = (\".*?\");", page).group(1).replace("<\\/", "</"))
    counts = re.findall(r"<span>([^<]+) \((\d+)\)</span>", legend)
    assert counts == [("Operational", "2"), ("Being Set Up", "0"), ("Planned", "1"), ("None", "1"), ("Unknown", "1")]


def test_palette_is_distinct():
    colours = list(choropleth.STATUS_COLOURS.values())
    assert len(set(colours)) == len(colours) == 5


def test_leaflet_is_installed_from_xstatic(tmp_path):
    target = assets.install_leaflet(tmp_path)
    assert sorted(p.name for p in target.iterdir()) == ["images", "leaflet.css", "leaflet.js"]
    assert (target / "images" / "marker-icon.png").exists()
    assert assets.install_leaflet(tmp_path) == target  # idempotent
