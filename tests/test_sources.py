import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from geo.sources import BoundaryFileError, detect_code_column, fix_crs, read_boundaries

DATA = Path(__file__).parent / "data"
SQUARES = DATA / "squares.epsg31370.geojson"
CODES = ["11001", "12030", "12034", "82003", "82005"]


def _reference() -> gpd.GeoDataFrame:
    frame, _ = read_boundaries(SQUARES)
    return frame


def _write(tmp_path: Path, kind: str, crs: int) -> Path:
    """The squares written in another format and CRS, as a user might hand them over."""
    # Shapefile field names stop at 10 characters: Statbel's own shapefiles say CNIS5_2025.
    column = "CNIS5_2025" if kind in ("shp", "zip") else "CD_MUNTY_REFNIS"
    frame = _reference().to_crs(crs).rename(columns={"nis": column})
    if kind == "gpkg":
        path = tmp_path / "m.gpkg"
        frame.to_file(path, driver="GPKG")
    elif kind == "shp":
        path = tmp_path / "m.shp"
        frame.to_file(path)
    elif kind == "zip":
        frame.to_file(tmp_path / "m.shp")
        path = tmp_path / "m.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for part in tmp_path.glob("m.*"):
                if part.suffix != ".zip":
                    archive.write(part, f"folder/{part.name}")
    else:
        path = tmp_path / "m.geojson"
        frame.to_file(path, driver="GeoJSON")
    return path


@pytest.mark.parametrize("kind", ["geojson", "gpkg", "shp", "zip"])
@pytest.mark.parametrize("crs", [4326, 31370, 3812, 3035])
def test_every_format_and_crs_reads_back_the_same_municipalities(tmp_path, kind, crs):
    frame, report = read_boundaries(_write(tmp_path, kind, crs))
    assert list(frame["nis"]) == CODES
    assert frame.crs.to_epsg() == 31370
    assert report.code_column == ("CNIS5_2025" if kind in ("shp", "zip") else "CD_MUNTY_REFNIS")
    assert report.used_crs == f"EPSG:{crs}"
    areas = frame.area.round(-3).tolist()  # reprojection round trips keep areas to < 1 km² / 1000
    assert areas == [1_000_000.0] * 5


@pytest.mark.parametrize(
    "name, declared",
    [("squares.epsg31370.geojson", "EPSG:4326"), ("squares.epsg31370.topojson", "none")],
)
def test_lambert_file_with_a_wrong_or_missing_crs_is_detected(name, declared):
    frame, report = read_boundaries(DATA / name)
    assert (report.declared_crs, report.used_crs) == (declared, "EPSG:31370")
    assert list(frame["nis"]) == CODES
    assert frame.total_bounds.tolist() == [150000.0, 50000.0, 252000.0, 201000.0]


def test_missing_crs_in_lambert_2008_is_found():
    frame = _reference().to_crs(3812).set_crs(None, allow_override=True)
    fixed, used = fix_crs(frame)
    assert used == "EPSG:3812"


def test_coordinates_outside_belgium_are_refused():
    frame = gpd.GeoDataFrame({"nis": ["11001"]}, geometry=[shapely.box(9e6, 9e6, 9.1e6, 9.1e6)], crs=None)
    with pytest.raises(BoundaryFileError, match="not Belgium in any known CRS"):
        fix_crs(frame, "far.geojson")


@pytest.mark.parametrize(
    "columns, expected",
    [
        ({"NIS5": [11001, 12030]}, "NIS5"),
        ({"name": ["a", "b"], "CD_MUNTY_REFNIS": ["11001", "12030"]}, "CD_MUNTY_REFNIS"),
        ({"code": ["11000", "12030"], "admin": [11001, 12030]}, "admin"),  # 11000 is an arrondissement
        ({"objectid": [1, 2], "x": ["11001", "12030"]}, "x"),
    ],
)
def test_code_column_detection(columns, expected):
    frame = gpd.GeoDataFrame(columns, geometry=[shapely.box(0, 0, 1, 1)] * 2)
    assert detect_code_column(frame) == expected


def test_file_without_codes_names_its_columns():
    frame = gpd.GeoDataFrame({"name": ["a"], "area": [1.5]}, geometry=[shapely.box(0, 0, 1, 1)])
    with pytest.raises(BoundaryFileError, match=r"bad\.gpkg: no column of municipality NIS codes among name, area"):
        detect_code_column(frame, "bad.gpkg")


def test_invalid_rings_are_repaired(tmp_path):
    bow_tie = shapely.Polygon([(150000, 200000), (151000, 201000), (151000, 200000), (150000, 201000)])
    path = tmp_path / "bow.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"nis": "11001"}, "geometry": bow_tie.__geo_interface__}]}))
    frame, report = read_boundaries(path)
    assert report.repaired == 1
    assert frame.is_valid.all() and frame.geom_type.tolist() == ["MultiPolygon"]
    assert frame.area.tolist() == [500000.0]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "cannot be read"),
        (b"not json at all", "cannot be read"),
        (b'{"type": "FeatureCollection", "features": []}', "no features"),
    ],
)
def test_unreadable_files_get_a_clear_message(tmp_path, content, message):
    path = tmp_path / "broken.geojson"
    path.write_bytes(content)
    with pytest.raises(BoundaryFileError, match=f"broken.geojson.*{message}"):
        read_boundaries(path)


def test_zip_without_boundaries_is_refused(tmp_path):
    path = tmp_path / "notes.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "nothing here")
    with pytest.raises(BoundaryFileError, match="notes.zip: the archive holds no boundary file"):
        read_boundaries(path)
