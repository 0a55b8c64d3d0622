"""The topology the browser receives: shared borders stored once, exact round trip, and the
JavaScript decoder reading what the Python encoder wrote."""

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo import topology
from geo.sources import WORK_CRS, read_boundaries

DATA = Path(__file__).parent / "data"


@pytest.fixture
def squares():
    frame, _ = read_boundaries(DATA / "squares.epsg31370.geojson")
    return frame


def test_shared_borders_are_stored_once(squares):
    topo = topology.build_topology(squares, grid_m=1.0)
    # Three squares in a row and two side by side: 2 shared sides, each one arc used twice.
    uses = {}
    for feature in topo.shapes:
        for polygon in feature:
            for ring in polygon:
                for ref in ring:
                    uses[ref if ref >= 0 else ~ref] = uses.get(ref if ref >= 0 else ~ref, 0) + 1
    assert sorted(uses.values()).count(2) == 3  # 11001|12030, 12030|12034, 82003|82005
    assert len(topo.codes) == 5


def test_round_trip_through_the_text_is_exact(squares):
    topo = topology.build_topology(squares, grid_m=1.0)
    encoded = topology.encode(topo)
    assert set(encoded["arcs"] + encoded["shapes"]) <= set(topology.ALPHABET)
    back = topology.decode(encoded)
    assert back.codes == topo.codes and back.shapes == topo.shapes
    assert all(np.array_equal(a, b) for a, b in zip(back.arcs, topo.arcs))
    drawn = gpd.GeoSeries(topology.to_geometries(back), crs=4326).to_crs(WORK_CRS)
    source = squares.geometry.values
    assert shapely.hausdorff_distance(source, drawn.values).max() < 1.0  # metres: the grid
    assert np.allclose(drawn.area.values, shapely.area(source), rtol=1e-3)


def test_simplification_keeps_neighbours_joined():
    # Two neighbours sharing a wiggly border: simplified once, it stays shared.
    wiggle = [(x * 100.0, 20.0 * ((-1) ** x)) for x in range(11)]
    left = shapely.Polygon([(0, -1000), *wiggle, (1000, -1000)])
    right = shapely.Polygon([(0, 1000), *wiggle, (1000, 1000)][::-1])
    frame = gpd.GeoDataFrame({"nis": ["a", "b"]}, geometry=[left, right], crs=WORK_CRS).translate(150_000, 150_000)
    frame = gpd.GeoDataFrame({"nis": ["a", "b"]}, geometry=frame.values, crs=WORK_CRS)
    topo = topology.build_topology(frame, tolerance_m=50.0, grid_m=1.0)
    assert topo.vertex_count() < sum(shapely.get_num_coordinates(frame.geometry.values))
    drawn = gpd.GeoSeries(topology.to_geometries(topo), crs=4326).to_crs(WORK_CRS).values
    assert shapely.is_valid(drawn).all()
    assert shapely.area(shapely.intersection(drawn[0], drawn[1])) < 1.0  # no overlap (m²)
    assert abs(shapely.area(shapely.union_all(drawn)) - shapely.area(drawn).sum()) < 1.0
    assert abs(shapely.area(drawn).sum() - 2_000_000) < 2_000  # and no gap


def test_the_javascript_decoder_reads_the_same_vertices(squares):
    from browser import open_chromium

    topo = topology.build_topology(squares, grid_m=1.0)
    encoded = topology.encode(topo)
    with open_chromium() as browser:
        page = browser.new_page()
        shapes = page.evaluate(f"(d) => {{ {topology.JS_DECODER}; return livcrDecode(d); }}", encoded)
    expected = topology.to_geometries(topo)
    assert len(shapes) == len(expected)
    for feature, geometry in zip(shapes, expected):
        polygons = list(shapely.get_parts(geometry))
        assert len(feature) == len(polygons)
        for rings, polygon in zip(feature, polygons):
            python_rings = [polygon.exterior, *polygon.interiors]
            for ring, python_ring in zip(rings, python_rings):
                lonlat = np.asarray(python_ring.coords)[:-1]
                assert np.array_equal(np.asarray(ring)[:, ::-1], lonlat)  # [lat, lng], bit for bit
