"""The categorical choropleth of LIVC-R status, as a folium map with no remote assets.

Every text that ends up in the map's HTML (names, labels, legend) is escaped here:
folium and Leaflet insert feature properties and tooltip aliases as raw HTML.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import folium
import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template

from geo.assets import leaflet_urls

# Okabe–Ito colours (distinguishable with the common colour-vision deficiencies); blues for
# a cell that exists or is coming, yellow for a plan, vermillion for none, grey for unknown.
STATUS_COLOURS = {
    "operational": "#0072B2",
    "being_set_up": "#56B4E9",
    "planned": "#F0E442",
    "none": "#D55E00",
    "unknown": "#C8C8C8",
}
MAP_BACKGROUND = "#FFFFFF"  # not Leaflet's grey, which "unknown" would vanish into
BORDER_COLOUR = "#FFFFFF"
BELGIUM_BOUNDS = [[49.497, 2.545], [51.505, 6.408]]


@dataclass(frozen=True)
class MapText:
    """The words a map shows, already in the interface language."""

    legend_title: str
    name_label: str
    status_label: str
    status_names: dict[str, str]


def build_features(frame: gpd.GeoDataFrame, names: dict[str, str], statuses: dict[str, str],
                   text: MapText) -> dict:
    """A GeoJSON FeatureCollection keyed by NIS code, with escaped name and status label only."""
    features = []
    for nis, geometry in zip(frame["nis"], frame.geometry):
        status = statuses.get(nis, "unknown")
        features.append(
            {
                "type": "Feature",
                "id": nis,
                "properties": {
                    "nis": nis,
                    "name": html.escape(names.get(nis, nis)),
                    "status": html.escape(text.status_names[status]),
                    "s": status,
                },
                "geometry": geometry.__geo_interface__,
            }
        )
    return {"type": "FeatureCollection", "features": features}


class Legend(MacroElement):
    """A legend drawn by Leaflet as a map control, so it travels with the map (exports too)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function() {
                var div = L.DomUtil.create("div", "livcr-legend");
                div.innerHTML = {{ this.html_json }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, title: str, entries: list[tuple[str, str, int]], font_px: int = 14):
        super().__init__()
        self._name = "Legend"
        rows = "".join(
            f'<div style="display:flex;align-items:center;gap:.5em;margin:.15em 0">'
            f'<span style="display:inline-block;width:1.4em;height:1em;background:{colour};'
            f'border:1px solid #555"></span><span>{html.escape(label)} ({count})</span></div>'
            for label, colour, count in entries
        )
        body = (
            f'<div style="background:rgba(255,255,255,.92);padding:.5em .75em;border-radius:4px;'
            f'box-shadow:0 1px 4px rgba(0,0,0,.3);font:{font_px}px/1.3 sans-serif;color:#222">'
            f"<strong>{html.escape(title)}</strong>{rows}</div>"
        )
        # json.dumps makes a JS string literal; "</" is broken up so it can never close the script.
        self.html_json = json.dumps(body).replace("</", "<\\/")


class FitView(MacroElement):
    """Fit the map to its municipalities, again whenever its frame is resized, until the user
    moves it: Streamlit sizes the map's iframe after Leaflet has first laid it out."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            var bounds = {{ this.bounds_json }};
            map.getContainer().style.background = {{ this.background_json }};
            map.fitBounds(bounds);
            var observer = new ResizeObserver(function() { map.invalidateSize(); map.fitBounds(bounds); });
            observer.observe(map.getContainer());
            ["mousedown", "wheel", "touchstart", "keydown"].forEach(function(type) {
                map.getContainer().addEventListener(type, function() { observer.disconnect(); }, {once: true});
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], background: str):
        super().__init__()
        self._name = "FitView"
        self.bounds_json = json.dumps(bounds)
        self.background_json = json.dumps(background)


def build_map(
    frame: gpd.GeoDataFrame,
    names: dict[str, str],
    statuses: dict[str, str],
    text: MapText,
    assets_base_url: str,
    tiles_url: str = "",
    tiles_attribution: str = "",
    legend_font_px: int = 14,
    height: int = 640,
) -> folium.Map:
    """A status choropleth of `frame`'s municipalities, fitted to them, with local Leaflet only."""
    fmap = folium.Map(
        location=[50.5, 4.5],
        zoom_start=8,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        zoom_snap=0.1,
        height=height,
    )
    # Only Leaflet is needed: jQuery, Bootstrap and the marker fonts would be remote requests.
    fmap.default_js, fmap.default_css = leaflet_urls(assets_base_url)
    if tiles_url:
        folium.TileLayer(tiles=tiles_url, attr=html.escape(tiles_attribution), name="tiles").add_to(fmap)
    data = build_features(frame, names, statuses, text)
    folium.GeoJson(
        data,
        name="municipalities",
        style_function=lambda f: {
            "fillColor": STATUS_COLOURS[f["properties"]["s"]],
            "fillOpacity": 0.85,
            "color": BORDER_COLOUR,
            "weight": 0.6,
        },
        highlight_function=lambda f: {"weight": 2.5, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "status"],
            aliases=[html.escape(text.name_label), html.escape(text.status_label)],
            sticky=True,
        ),
        zoom_on_click=False,
    ).add_to(fmap)
    counts = {code: 0 for code in STATUS_COLOURS}
    for nis in frame["nis"]:
        counts[statuses.get(nis, "unknown")] += 1
    entries = [(text.status_names[c], STATUS_COLOURS[c], counts[c]) for c in STATUS_COLOURS]
    fmap.add_child(Legend(text.legend_title, entries, legend_font_px))
    if len(frame):
        west, south, east, north = (float(v) for v in frame.total_bounds)
        bounds = [[south, west], [north, east]]
    else:
        bounds = BELGIUM_BOUNDS
    fmap.add_child(FitView(bounds, MAP_BACKGROUND))
    return fmap
