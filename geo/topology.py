"""Municipality borders as a topology: every border stored once, simplified once, quantised.

A coverage (neighbours share their border vertex for vertex) is cut into *arcs* at its
junctions, the points where the set of neighbours changes. Each arc is kept once, whoever
uses it, so it is simplified once (Douglas–Peucker, ends fixed) and both neighbours still
share it exactly: no gap, no overlap. Vertices are then put on a grid of a few metres in
longitude/latitude and written as small integer steps.

`encode` makes a compact text of it for the browser (`JS_DECODER` reads it back there);
`decode` and `to_geometries` are the same reading in Python, for the server-side lookup
and the tests. Text layout (all of it in the 64 characters of `ALPHABET`, which needs no
escaping in JSON, HTML or JavaScript and holds no `_`, so folium and streamlit-folium
leave it alone):

* a number is a variable-length sequence of 5-bit groups, low bits first; a character's
  value v carries the group (v & 31) and, if v >= 32, says another group follows;
* signed numbers are zigzag-coded (0, -1, 1, -2 ... -> 0, 1, 2, 3 ...);
* `arcs`: per arc, its vertex count, then its first vertex as a step from the previous
  arc's first vertex, then each further vertex as a step from the one before it;
* `shapes`: per feature its polygon count, per polygon its ring count, per ring its arc
  count, then per arc reference 2 * zigzag(index - previous index) + (1 if reversed).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-."
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
FORMAT_VERSION = 1
METRES_PER_DEGREE_LAT = 111_320.0
# Where the grid's metres are turned into degrees of longitude (Belgium's middle).
REFERENCE_LATITUDE = 50.5


@dataclass(frozen=True)
class Topology:
    """Arcs in grid units and, per feature, polygons -> rings -> signed arc references.

    A reference `r` >= 0 is arc `r` as stored; `~r` (that is, -r - 1) is arc `r` reversed.
    Grid point (x, y) is longitude `translate[0] + x * scale[0]`, latitude
    `translate[1] + y * scale[1]`.
    """

    codes: tuple[str, ...]
    arcs: tuple[np.ndarray, ...]
    shapes: tuple[tuple[tuple[tuple[int, ...], ...], ...], ...]
    scale: tuple[float, float]
    translate: tuple[float, float]

    def vertex_count(self) -> int:
        return int(sum(len(a) for a in self.arcs))


# --- building ----------------------------------------------------------------------------------


def _rings(geometry) -> list[list[np.ndarray]]:
    """Polygons of a (multi)polygon as lists of rings, each without its closing vertex."""
    polygons = []
    for part in shapely.get_parts(geometry):
        if part.is_empty or part.geom_type != "Polygon":
            continue
        polygons.append([np.asarray(r.coords)[:-1, :2] for r in (part.exterior, *part.interiors)])
    return polygons


def _cut_arcs(features: list[list[list[np.ndarray]]]):
    """Cut rings into arcs at the junctions; identical arcs (either way round) are kept once."""
    neighbours: dict[tuple, tuple] = {}
    junctions: set[tuple] = set()
    for polygons in features:
        for rings in polygons:
            for ring in rings:
                points = [tuple(p) for p in ring.tolist()]
                n = len(points)
                for i, point in enumerate(points):
                    a, b = points[i - 1], points[(i + 1) % n]
                    pair = (a, b) if a < b else (b, a)
                    seen = neighbours.setdefault(point, pair)
                    if seen != pair:
                        junctions.add(point)
    arcs: list[list[tuple]] = []
    index: dict[tuple, int] = {}
    shapes = []
    for polygons in features:
        feature = []
        for rings in polygons:
            polygon = []
            for ring in rings:
                points = [tuple(p) for p in ring.tolist()]
                cuts = [i for i, p in enumerate(points) if p in junctions]
                if not cuts:  # an island or an enclave: the whole ring is one closed arc
                    start = min(range(len(points)), key=points.__getitem__)
                    pieces = [points[start:] + points[:start] + [points[start]]]
                else:
                    rotated = points[cuts[0]:] + points[: cuts[0]] + [points[cuts[0]]]
                    at = [i for i, p in enumerate(rotated) if p in junctions]
                    pieces = [rotated[at[k]: at[k + 1] + 1] for k in range(len(at) - 1)]
                refs = []
                for piece in pieces:
                    key = tuple(piece)
                    if key in index:
                        refs.append(index[key])
                    elif key[::-1] in index:
                        refs.append(~index[key[::-1]])
                    else:
                        index[key] = len(arcs)
                        refs.append(len(arcs))
                        arcs.append(piece)
                polygon.append(tuple(refs))
            feature.append(tuple(polygon))
        shapes.append(tuple(feature))
    return [np.asarray(a, dtype=float) for a in arcs], tuple(shapes)


def _simplify(arc: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas–Peucker with both ends kept; a closed arc keeps at least a triangle."""
    if tolerance <= 0 or len(arc) <= 2:
        return arc
    simplified = np.asarray(shapely.simplify(shapely.LineString(arc), tolerance, preserve_topology=False).coords)
    closed = bool(np.array_equal(arc[0], arc[-1]))
    if closed and len(simplified) < 4:
        return _simplify(arc, tolerance / 2) if tolerance > 1 else arc
    return simplified


def _grid(arcs_lonlat: list[np.ndarray], grid_m: float):
    lon0 = min(float(a[:, 0].min()) for a in arcs_lonlat)
    lat0 = min(float(a[:, 1].min()) for a in arcs_lonlat)
    ky = grid_m / METRES_PER_DEGREE_LAT
    kx = grid_m / (METRES_PER_DEGREE_LAT * math.cos(math.radians(REFERENCE_LATITUDE)))
    # Rounded so the JSON header and the Python values agree to the last bit.
    scale = (float(f"{kx:.10g}"), float(f"{ky:.10g}"))
    translate = (float(f"{lon0 - kx:.8f}"), float(f"{lat0 - ky:.8f}"))
    return scale, translate


def _quantise(arc: np.ndarray, scale, translate) -> np.ndarray:
    q = np.rint((arc - np.asarray(translate)) / np.asarray(scale)).astype(np.int64)
    keep = np.ones(len(q), dtype=bool)
    keep[1:] = np.any(q[1:] != q[:-1], axis=1)
    keep[-1] = True  # an arc always ends on its junction
    q = q[keep]
    if len(q) >= 2 and np.array_equal(q[-1], q[-2]):
        q = np.delete(q, -2, axis=0)
    return q if len(q) >= 2 else np.vstack([q, q])


def build_topology(
    frame: gpd.GeoDataFrame,
    tolerance_m: float = 0.0,
    grid_m: float = 5.0,
    max_hausdorff_m: float | None = None,
    code_column: str = "nis",
) -> Topology:
    """The topology of `frame`'s polygons (any CRS), simplified by `tolerance_m` metres.

    Simplification and checks work in metres (Belgian Lambert 72). With `max_hausdorff_m`,
    each municipality whose drawn outline would stray further from its source than that,
    or become invalid, or overlap a neighbour, has its arcs simplified again with half the
    tolerance, until all pass (at worst its arcs are only quantised).
    """
    if frame.crs is None:
        frame = frame.set_crs(4326)
    metric = frame if frame.crs.to_epsg() == 31370 else frame.to_crs(31370)
    features = [_rings(g) for g in metric.geometry.values]
    arcs, shapes = _cut_arcs(features)
    to_lonlat = Transformer.from_crs(metric.crs, 4326, always_xy=True)
    tolerances = np.full(len(arcs), float(tolerance_m))
    codes = tuple(str(c) for c in frame[code_column])
    for _ in range(8):
        lonlat = []
        for arc, tol in zip(arcs, tolerances):
            simple = _simplify(arc, tol)
            lonlat.append(np.column_stack(to_lonlat.transform(simple[:, 0], simple[:, 1])))
        if not lonlat:
            return Topology(codes, (), shapes, (1.0, 1.0), (0.0, 0.0))
        scale, translate = _grid(lonlat, grid_m)
        topology = Topology(codes, tuple(_quantise(a, scale, translate) for a in lonlat), shapes, scale, translate)
        if max_hausdorff_m is None or tolerances.max() <= 0:
            return topology
        bad = _failing_features(topology, metric, max_hausdorff_m)
        if not bad:
            return topology
        for feature in bad:
            for polygon in shapes[feature]:
                for ring in polygon:
                    for ref in ring:
                        arc = ref if ref >= 0 else ~ref
                        tolerances[arc] = tolerances[arc] / 2 if tolerances[arc] > 2 else 0.0
    return topology


def _failing_features(topology: Topology, metric: gpd.GeoDataFrame, max_hausdorff_m: float) -> list[int]:
    drawn = gpd.GeoSeries(to_geometries(topology), crs=4326).to_crs(metric.crs).values
    source = metric.geometry.values
    far = shapely.hausdorff_distance(source, drawn) > max_hausdorff_m
    broken = ~shapely.is_valid(drawn) | shapely.is_empty(drawn)
    bad = set(np.flatnonzero(far | broken).tolist())
    tree = shapely.STRtree(drawn)
    left, right = tree.query(drawn, predicate="intersects")
    pairs = left < right
    left, right = left[pairs], right[pairs]
    if len(left):
        valid = ~broken[left] & ~broken[right]
        overlap = np.zeros(len(left))
        overlap[valid] = shapely.area(shapely.intersection(drawn[left[valid]], drawn[right[valid]]))
        for i, j in zip(left[overlap > 1.0], right[overlap > 1.0]):  # m²
            bad.update((int(i), int(j)))
    return sorted(bad)


# --- reading it back ---------------------------------------------------------------------------


def arc_lonlat(topology: Topology, arc: np.ndarray) -> np.ndarray:
    return np.asarray(topology.translate) + arc * np.asarray(topology.scale)


def ring_coordinates(topology: Topology, refs: tuple[int, ...], lonlat: list[np.ndarray] | None = None) -> np.ndarray:
    """A ring's vertices (closed) from its arc references."""
    arcs = lonlat if lonlat is not None else [arc_lonlat(topology, a) for a in topology.arcs]
    parts = []
    for k, ref in enumerate(refs):
        arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        parts.append(arc if k == 0 else arc[1:])
    return np.concatenate(parts)


def to_geometries(topology: Topology) -> list:
    """A (multi)polygon per feature in WGS84, exactly as the browser draws it."""
    arcs = [arc_lonlat(topology, a) for a in topology.arcs]
    geometries = []
    for feature in topology.shapes:
        polygons = []
        for polygon in feature:
            rings = [ring_coordinates(topology, refs, arcs) for refs in polygon]
            polygons.append(shapely.Polygon(rings[0], rings[1:]))
        if not polygons:
            geometries.append(shapely.Polygon())
        elif len(polygons) == 1:
            geometries.append(polygons[0])
        else:
            geometries.append(shapely.MultiPolygon(polygons))
    return geometries


# --- the compact text --------------------------------------------------------------------------


def _zigzag(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=np.int64)
    return np.where(values >= 0, 2 * values, -2 * values - 1)


def _unzigzag(value: int) -> int:
    return value >> 1 if value % 2 == 0 else -((value + 1) >> 1)


def _write(values, out: list[str]) -> None:
    for value in np.asarray(values, dtype=np.int64).tolist():
        while value >= 32:
            out.append(ALPHABET[32 | (value & 31)])
            value >>= 5
        out.append(ALPHABET[value])


def _reader(text: str):
    position = 0

    def read() -> int:
        nonlocal position
        value, shift = 0, 0
        while True:
            digit = _VALUE[text[position]]
            position += 1
            value |= (digit & 31) << shift
            shift += 5
            if digit < 32:
                return value

    return read


def encode(topology: Topology) -> dict:
    """The topology as a small JSON-ready dict (see the module's docstring for the layout)."""
    arcs: list[str] = []
    previous = np.zeros(2, dtype=np.int64)
    for arc in topology.arcs:
        _write([len(arc)], arcs)
        steps = np.diff(arc, axis=0, prepend=previous[None, :])
        _write(_zigzag(steps).ravel(), arcs)
        previous = arc[0]
    shapes: list[str] = []
    last = 0
    for feature in topology.shapes:
        _write([len(feature)], shapes)
        for polygon in feature:
            _write([len(polygon)], shapes)
            for ring in polygon:
                _write([len(ring)], shapes)
                for ref in ring:
                    index = ref if ref >= 0 else ~ref
                    _write([2 * int(_zigzag([index - last])[0]) + (ref < 0)], shapes)
                    last = index
    return {
        "v": FORMAT_VERSION,
        "scale": list(topology.scale),
        "translate": list(topology.translate),
        "count": len(topology.arcs),
        "arcs": "".join(arcs),
        "shapes": "".join(shapes),
        "codes": list(topology.codes),
    }


def decode(data: dict | str) -> Topology:
    """`encode`'s output (or its JSON) read back, as the browser reads it."""
    if isinstance(data, str):
        data = json.loads(data)
    if data.get("v") != FORMAT_VERSION:
        raise ValueError(f"unknown topology format {data.get('v')!r}")
    read = _reader(data["arcs"])
    arcs = []
    x = y = 0
    for _ in range(data["count"]):
        n = read()
        x += _unzigzag(read())
        y += _unzigzag(read())
        points = [(x, y)]
        px, py = x, y
        for _ in range(n - 1):
            px += _unzigzag(read())
            py += _unzigzag(read())
            points.append((px, py))
        arcs.append(np.asarray(points, dtype=np.int64))
    read = _reader(data["shapes"])
    shapes = []
    last = 0
    for _ in data["codes"]:
        feature = []
        for _ in range(read()):
            polygon = []
            for _ in range(read()):
                ring = []
                for _ in range(read()):
                    value = read()
                    index = last + _unzigzag(value >> 1)
                    ring.append(~index if value & 1 else index)
                    last = index
                polygon.append(tuple(ring))
            feature.append(tuple(polygon))
        shapes.append(tuple(feature))
    return Topology(tuple(data["codes"]), tuple(arcs), tuple(shapes), tuple(data["scale"]), tuple(data["translate"]))


# The browser's half of `decode` + `to_geometries`: per feature, [polygon][ring][vertex]
# with each vertex made by `point(lat, lng)` (default [lat, lng]; the map passes L.latLng,
# so Leaflet takes the vertices as they are, and both neighbours of a border share them).
# Kept beside its Python twin; a browser test compares the two.
JS_DECODER = """
function livcrDecode(d, point) {
  point = point || function(lat, lng) { return [lat, lng]; };
  var A = %(alphabet)s, V = {};
  for (var i = 0; i < A.length; i++) V[A.charCodeAt(i)] = i;
  function reader(s) {
    var p = 0;
    return function() {
      var v = 0, f = 1, c;
      do { c = V[s.charCodeAt(p++)]; v += (c & 31) * f; f *= 32; } while (c >= 32);
      return v;
    };
  }
  function zz(v) { return v %% 2 ? -(v + 1) / 2 : v / 2; }
  var sx = d.scale[0], sy = d.scale[1], tx = d.translate[0], ty = d.translate[1];
  var read = reader(d.arcs), arcs = [], x = 0, y = 0;
  for (var a = 0; a < d.count; a++) {
    var n = read();
    x += zz(read()); y += zz(read());
    var px = x, py = y, arc = [point(ty + py * sy, tx + px * sx)];
    for (var k = 1; k < n; k++) {
      px += zz(read()); py += zz(read());
      arc.push(point(ty + py * sy, tx + px * sx));
    }
    arcs.push(arc);
  }
  read = reader(d.shapes);
  var shapes = [], last = 0;
  for (var f = 0; f < d.codes.length; f++) {
    var feature = [], np = read();
    for (var q = 0; q < np; q++) {
      var polygon = [], nr = read();
      for (var r = 0; r < nr; r++) {
        var ring = [], na = read();
        for (var j = 0; j < na; j++) {
          var v = read(), index = last + zz(Math.floor(v / 2)), points = arcs[index];
          last = index;
          if (v %% 2) {
            for (var m = points.length - (j ? 2 : 1); m >= 0; m--) ring.push(points[m]);
          } else {
            for (var m = j ? 1 : 0; m < points.length; m++) ring.push(points[m]);
          }
        }
        ring.pop();
        polygon.push(ring);
      }
      feature.push(polygon);
    }
    shapes.push(feature);
  }
  return shapes;
}
""" % {"alphabet": json.dumps(ALPHABET)}
