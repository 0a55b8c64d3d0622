"""The categorical choropleth of LIVC-R status, as a folium map with no remote assets.

The map comes in two parts, so a filter change costs the browser a few kilobytes:

* the *base map* (`build_base_map`): Leaflet, the municipalities as a compact topology
  (`geo.topology`) with a small decoder, their names and the status words. It depends on
  the boundaries and the language only, so it is identical from one rerun to the next and
  streamlit-folium keeps the mounted map;
* the *selection* (`build_selection`): which municipalities to draw and in which status,
  the legend and the view to fit; a `folium.FeatureGroup` for streamlit-folium's
  `feature_group_to_add`, which swaps it in place.

`build_map` puts both in one `folium.Map` for callers that want a finished map.

Every text that ends up in the map's HTML (names, labels, legend) is escaped here:
Leaflet inserts tooltip and legend content as raw HTML.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
from dataclasses import dataclass, field

import folium
import geopandas as gpd
from branca.element import Element, MacroElement
from jinja2 import Template

from geo import topology as topo
from geo.assets import leaflet_urls

MAP_BACKGROUND = "#FFFFFF"  # not Leaflet's grey, which a grey class would vanish into
BORDER_COLOUR = "#FFFFFF"
BORDER_WEIGHT = 0.6
FILL_OPACITY = 0.85
HIGHLIGHT = {"weight": 2.5, "color": "#000000"}
BELGIUM_BOUNDS = [[49.497, 2.545], [51.505, 6.408]]
HIDDEN = "-"  # in a selection's state string: not drawn


@dataclass(frozen=True)
class MapText:
    """The words a map shows, already in the interface language, and the classes it draws.

    The map knows nothing of what the classes mean: the caller gives their names and colours.
    """

    legend_title: str
    name_label: str
    status_label: str
    status_names: dict[str, str]
    # The classes drawn, in legend order, with their colours; the last one is the fallback
    # for a municipality without a class.
    colours: dict[str, str]
    # The pattern drawn over each class's colour (loaders.vocabulary.PATTERNS); none: solid.
    patterns: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class WebGeometry:
    """Municipalities as the browser receives them: an encoded topology (see geo.topology)."""

    encoded: dict
    codes: tuple[str, ...]
    index: dict[str, int] = field(compare=False, repr=False)
    json: str = field(compare=False, repr=False)
    # Where the browser may fetch it as a static, cacheable script (`script_source` written
    # there): then a map's HTML names the file instead of carrying 120 kB of geometry.
    script_url: str | None = field(default=None, compare=False)

    @classmethod
    def from_encoded(cls, encoded: dict) -> WebGeometry:
        codes = tuple(encoded["codes"])
        return cls(encoded, codes, {c: i for i, c in enumerate(codes)}, _script_json(encoded))

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.json.encode("utf-8")).hexdigest()[:16]

    def script_source(self) -> str:
        """The geometry as a script that files it under its digest (`window.livcrGeometry`)."""
        return f"(window.livcrGeometry = window.livcrGeometry || {{}})[{json.dumps(self.digest)}] = {self.json};\n"

    def served_at(self, url: str) -> WebGeometry:
        return dataclasses.replace(self, script_url=url)

    @classmethod
    def from_frame(cls, frame: gpd.GeoDataFrame, tolerance_m: float = 0.0, grid_m: float = 1.0) -> WebGeometry:
        """The geometry of any frame with a `nis` column, quantised only by default."""
        return cls.from_encoded(topo.encode(topo.build_topology(frame, tolerance_m, grid_m)))


def _script_json(value) -> str:
    """JSON to place inside a <script>: "</" is broken up so it can never close the script."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def build_features(frame: gpd.GeoDataFrame, names: dict[str, str], statuses: dict[str, str],
                   text: MapText) -> dict:
    """A GeoJSON FeatureCollection keyed by NIS code, with escaped name and status label only
    (for exports; the map itself sends the compact topology)."""
    fallback = tuple(text.colours)[-1]
    features = []
    for nis, geometry in zip(frame["nis"], frame.geometry):
        status = statuses.get(nis, fallback)
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


class _Script(Element):
    """A ready script: rendered as is, where branca would compile its text as a template
    (slow for the 130 kB of geometry, and no place for data to be read as Jinja)."""

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class Municipalities(MacroElement):
    """The base layer's script: decodes the topology once and defines `window.livcr.show`,
    which draws a selection into a feature group (SVG paths, one per municipality), with
    tooltip, hover highlight, legend, and a view fitted to it until the user moves the map
    (again whenever Streamlit resizes the map's frame)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.decoder }}
        (function(map) {
            var text = {{ this.text_json }};
            var names = {{ this.names_json }};
            var shapes = livcrDecode({{ this.data_json }}, L.latLng);
            var livcr = window.livcr = {map: map, bounds: null, fitting: true, legend: null};
            var fitted = null;
            map.getContainer().style.background = text.background;
            // Leaflet focuses the map on a press (for its keys); in a frame that scrolled the
            // page to show the whole frame between press and release, so a first click on a
            // map reaching below the fold landed on another place. Focused without scrolling.
            if (map.keyboard && map.keyboard.enabled()) {
                map.keyboard.disable();
                map.keyboard._onMouseDown = function() {
                    if (!this._focused) this._map.getContainer().focus({preventScroll: true});
                };
                map.keyboard.enable();
            }
            // Clicking a path or the map gives it the browser's focus square; keyboard focus keeps its ring.
            var style = document.createElement("style");
            style.textContent = ".leaflet-interactive:focus{outline:none}"
                + ".leaflet-container:focus:not(:focus-visible){outline:none}";
            document.head.appendChild(style);
            function legendPadding(bounds) {
                // The legend's corner is kept free: below the country or beside it, whichever
                // leaves the country larger (a phone: below; a wide screen: beside).
                var box = livcr.legend && livcr.legend.getContainer();
                var size = map.getSize();
                if (!box || !box.offsetWidth) return {};
                var w = box.offsetWidth + 12, h = box.offsetHeight + 12;
                if (w > size.x * 0.6 && h > size.y * 0.6) return {};
                var below = h < size.y * 0.6 ? map.getBoundsZoom(bounds, false, L.point(0, h)) : -Infinity;
                var beside = w < size.x * 0.6 ? map.getBoundsZoom(bounds, false, L.point(w, 0)) : -Infinity;
                return below >= beside ? {paddingBottomRight: [0, h]} : {paddingTopLeft: [w, 0]};
            }
            function fit(again) {
                var size = map.getSize();
                if (!livcr.bounds || !livcr.fitting || (!again && fitted && fitted.equals(size))) return;
                fitted = size;
                var bounds = L.latLngBounds(livcr.bounds);
                map.fitBounds(bounds, L.extend({animate: false}, legendPadding(bounds)));
            }
            new ResizeObserver(function() { map.invalidateSize({pan: false}); fit(false); }).observe(map.getContainer());
            ["mousedown", "wheel", "touchstart", "keydown"].forEach(function(type) {
                map.getContainer().addEventListener(type, function() { livcr.fitting = false; });
            });
            // Each class's fill: its colour, with a pattern over it unless solid (WCAG 1.4.1:
            // the classes differ by more than colour). SVG patterns, defined once in the map's SVG.
            var TILES = {
                stripes: '<path d="M-1,1 l2,-2 M0,7 l7,-7 M6,8 l2,-2" stroke="#000" stroke-opacity=".5" stroke-width="1.3"/>',
                dots: '<circle cx="3.5" cy="3.5" r="1.4" fill="#000" fill-opacity=".55"/>',
                cross: '<path d="M-1,1 l2,-2 M0,7 l7,-7 M6,8 l2,-2 M-1,6 l2,2 M0,0 l7,7 M6,-1 l2,2" stroke="#000"'
                    + ' stroke-opacity=".5" stroke-width="1.1"/>'
            };
            function fillOf(s) {
                var pattern = text.patterns[s];
                return TILES[pattern] ? "url(#livcr-fill-" + s + ")" : text.colours[s];
            }
            function definePatterns(svg) {
                if (!svg || svg.querySelector("#livcr-fill-defs")) return;
                // Parsed in the SVG's own context, so they are SVG elements.
                svg.insertAdjacentHTML("afterbegin", '<defs id="livcr-fill-defs">' + text.colours.map(function(colour, s) {
                    var tile = TILES[text.patterns[s]];
                    return tile ? '<pattern id="livcr-fill-' + s + '" patternUnits="userSpaceOnUse" width="7" height="7">'
                        + '<rect width="7" height="7" fill="' + colour + '"/>' + tile + "</pattern>" : "";
                }).join("") + "</defs>");
            }
            function tooltip(layer) {
                return "<b>" + text.name + ":</b> " + names[layer.livcr] + "<br><b>" + text.status + ":</b> "
                    + text.statuses[layer.options.status];
            }
            livcr.show = function(group, states, bounds, fillLegend, focus, viewKey) {
                // The legend first (its size is kept free), then the view, so each polygon is
                // projected and drawn once. The same view key keeps the view the user has.
                if (livcr.legend) map.removeControl(livcr.legend);
                livcr.legend = L.control({position: "bottomleft"});
                livcr.legend.onAdd = function() {
                    var div = L.DomUtil.create("div", "livcr-legend");
                    fillLegend(div);
                    return div;
                };
                livcr.legend.addTo(map);
                if (viewKey === undefined || viewKey !== livcr.viewKey) {
                    livcr.viewKey = viewKey;
                    livcr.bounds = bounds;
                    livcr.fitting = true;
                    fit(true);
                }
                for (var i = 0; i < states.length && i < shapes.length; i++) {
                    var s = states.charCodeAt(i) - 48;
                    if (s < 0 || s >= text.colours.length) continue;
                    var layer = L.polygon(shapes[i], {
                        fillColor: fillOf(s), fillOpacity: text.opacity,
                        color: text.border, weight: text.weight, status: s
                    });
                    layer.livcr = i;
                    group.addLayer(layer);
                }
                var first = group.getLayers()[0];
                if (first) definePatterns((first._renderer || map.getRenderer(first))._container);
                // One tooltip and one pair of hover handlers for the whole selection.
                group.bindTooltip(tooltip, {sticky: true});
                group.on("mouseover", function(e) { e.layer.setStyle(text.highlight); e.layer.bringToFront(); });
                // The chosen municipality keeps an outline (white under black: seen on every colour).
                var outline = [];
                (focus || []).forEach(function(i) {
                    if (i < 0 || i >= shapes.length) return;
                    outline.push(
                        L.polygon(shapes[i], {fill: false, color: "#FFFFFF", weight: 7, interactive: false}),
                        L.polygon(shapes[i], {fill: false, color: "#000000", weight: 3.5, interactive: false,
                                              className: "livcr-focus"})
                    );
                });
                outline.forEach(function(layer) { group.addLayer(layer); });
                group.on("mouseout", function(e) {
                    e.layer.setStyle({color: text.border, weight: text.weight});
                    outline.forEach(function(layer) { layer.bringToFront(); });
                });
                // The page waits for this map before it draws the rest: it is told once the
                // frame showing the polygons has been painted (the component's value).
                if (text.announce && !livcr.announced && window.Streamlit) {
                    livcr.announced = true;
                    requestAnimationFrame(function() {
                        setTimeout(function() { window.Streamlit.setComponentValue({last_clicked: null, painted: true}); }, 0);
                    });
                }
            };
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def render(self, **kwargs):
        script = self._template.module.__dict__["script"](self, kwargs)
        self.get_root().script.add_child(_Script(script), name=self.get_name())

    def __init__(self, geometry: WebGeometry, names: list[str], text: MapText, announce_painted: bool = False):
        super().__init__()
        self._name = "Municipalities"
        self.decoder = topo.JS_DECODER
        # Served as a file (cached by the browser across visits) or carried in the HTML.
        self.data_json = (f"window.livcrGeometry[{json.dumps(geometry.digest)}]" if geometry.script_url
                          else geometry.json)
        self.names_json = _script_json([html.escape(n) for n in names])
        self.text_json = _script_json(
            {
                "name": html.escape(text.name_label),
                "status": html.escape(text.status_label),
                "statuses": [html.escape(text.status_names[c]) for c in text.colours],
                "colours": list(text.colours.values()),
                "patterns": [text.patterns.get(c, "solid") for c in text.colours],
                "border": BORDER_COLOUR,
                "weight": BORDER_WEIGHT,
                "opacity": FILL_OPACITY,
                "highlight": HIGHLIGHT,
                "background": MAP_BACKGROUND,
                "announce": announce_painted,
            }
        )


class Selection(MacroElement):
    """Draws a selection into its parent feature group, through the base layer's `livcr.show`."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.livcr.show({{ this._parent.get_name() }}, {{ this.states_json }}, {{ this.bounds_json }}, function(div) {
            div.innerHTML = {{ this.legend_json }};
        }, {{ this.focus_json }}, {{ this.view_json }});
        {% endmacro %}
        """
    )

    def __init__(self, states: str, bounds: list[list[float]], legend_html: str, focus: tuple[int, ...] = (),
                 view_key: str | None = None):
        super().__init__()
        self._name = "Selection"
        self.states_json = json.dumps(states)
        self.bounds_json = json.dumps(bounds)
        self.legend_json = _script_json(legend_html)
        self.focus = tuple(int(i) for i in focus)
        self.focus_json = json.dumps(list(self.focus))
        self.view_json = _script_json(view_key if view_key is not None else json.dumps(bounds))


# The map's patterns as CSS, for the legend's swatches (the same look at legend size).
_SWATCH_PATTERNS = {
    "stripes": "repeating-linear-gradient(-45deg,rgba(0,0,0,.5) 0 1.3px,transparent 1.3px 5px)",
    "dots": "radial-gradient(circle,rgba(0,0,0,.55) 1.4px,transparent 1.6px) 0 0/7px 7px",
    "cross": "repeating-linear-gradient(-45deg,rgba(0,0,0,.5) 0 1.1px,transparent 1.1px 5px),"
    "repeating-linear-gradient(45deg,rgba(0,0,0,.5) 0 1.1px,transparent 1.1px 5px)",
}


def legend_html(title: str, entries: list[tuple], font_px: int = 14) -> str:
    """The legend: a swatch (colour and pattern), the class's name and its count, per entry
    (label, colour, count[, pattern])."""
    def swatch(colour: str, pattern: str) -> str:
        over = _SWATCH_PATTERNS.get(pattern)
        return f"{over},{colour}" if over else colour

    rows = "".join(
        f'<div style="display:flex;align-items:center;gap:.5em;margin:.15em 0">'
        f'<span style="display:inline-block;width:1.4em;height:1em;background:{swatch(entry[1], entry[3] if len(entry) > 3 else "solid")};'
        f'border:1px solid #555"></span><span>{html.escape(entry[0])} ({entry[2]})</span></div>'
        for entry in entries
    )
    return (
        f'<div style="background:rgba(255,255,255,.92);padding:.5em .75em;border-radius:4px;'
        f'box-shadow:0 1px 4px rgba(0,0,0,.3);font:{font_px}px/1.3 sans-serif;color:#222">'
        f"<strong>{html.escape(title)}</strong>{rows}</div>"
    )


def build_base_map(
    geometry: WebGeometry,
    names: dict[str, str],
    text: MapText,
    assets_base_url: str,
    tiles_url: str = "",
    tiles_attribution: str = "",
    height: int = 640,
    announce_painted: bool = False,
) -> folium.Map:
    """Leaflet with the municipalities' geometry and words, nothing drawn yet: the part of
    the map that a filter change leaves alone. With `announce_painted`, the map (in
    streamlit-folium) gives the value `{"last_clicked": None, "painted": True}` once its
    first polygons have been painted, so a page can draw the rest after it."""
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
    if geometry.script_url:  # loaded in order, after Leaflet, before the map's script runs
        fmap.default_js = [*fmap.default_js, ("livcr_geometry", geometry.script_url)]
    if tiles_url:
        folium.TileLayer(tiles=tiles_url, attr=html.escape(tiles_attribution), name="tiles").add_to(fmap)
    fmap.add_child(Municipalities(geometry, [names.get(c, c) for c in geometry.codes], text, announce_painted))
    return fmap


def bounds_of(frame: gpd.GeoDataFrame, margin: float = 0.0) -> list[list[float]]:
    """[[south, west], [north, east]] of a frame's municipalities (Belgium when it is empty),
    widened by `margin` times their size on each side (a place seen with its neighbours)."""
    if not len(frame):
        return BELGIUM_BOUNDS
    west, south, east, north = (float(v) for v in frame.total_bounds)
    dx, dy = (east - west) * margin, (north - south) * margin
    return [[round(south - dy, 5), round(west - dx, 5)], [round(north + dy, 5), round(east + dx, 5)]]


@dataclass(frozen=True)
class View:
    """Where the map looks. The browser moves the map when `key` changes, and leaves the
    view the user chose alone while it stays the same (a click, a status change)."""

    key: str
    bounds: list[list[float]]

    @classmethod
    def of(cls, frame: gpd.GeoDataFrame, reason: str = "selection") -> View:
        bounds = bounds_of(frame)
        return cls(f"{reason}:{json.dumps(bounds)}", bounds)


def build_selection(
    geometry: WebGeometry,
    frame: gpd.GeoDataFrame,
    statuses: dict[str, str],
    text: MapText,
    legend_font_px: int = 14,
    *,
    focus: str | tuple[str, ...] | None = None,
    view: View | None = None,
) -> folium.FeatureGroup:
    """The municipalities of `frame` (a subset of `geometry`'s) coloured by status, with the
    legend of that selection, an outline around `focus` (one or several municipalities of
    `geometry`: a place is several on an older map), and the view: `view`, or fitted to the
    selection."""
    focused = (focus,) if isinstance(focus, str) else tuple(focus or ())
    codes = tuple(text.colours)
    fallback = codes[-1]
    states = [HIDDEN] * len(geometry.codes)
    counts = dict.fromkeys(codes, 0)
    for nis in frame["nis"]:
        status = statuses.get(nis, fallback)
        if status not in counts:
            status = fallback
        counts[status] += 1
        position = geometry.index.get(nis)
        if position is not None:
            states[position] = str(codes.index(status))
    entries = [(text.status_names[c], text.colours[c], counts[c], text.patterns.get(c, "solid")) for c in codes]
    view = view or View.of(frame)
    group = folium.FeatureGroup(name="municipalities", control=False)
    group.add_child(Selection(
        "".join(states).rstrip(HIDDEN), view.bounds, legend_html(text.legend_title, entries, legend_font_px),
        tuple(geometry.index[n] for n in focused if n in geometry.index), view.key,
    ))
    return group


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
    *,
    geometry: WebGeometry | None = None,
) -> folium.Map:
    """A status choropleth of `frame`'s municipalities, fitted to them, with local Leaflet only.

    `geometry` is the prepared web geometry of all municipalities (`frame`'s are drawn);
    without it, `frame`'s own polygons are encoded (quantised to about a metre).
    """
    if geometry is None:
        geometry = WebGeometry.from_frame(frame)
    fmap = build_base_map(geometry, names, text, assets_base_url, tiles_url, tiles_attribution, height)
    build_selection(geometry, frame, statuses, text, legend_font_px).add_to(fmap)
    return fmap
