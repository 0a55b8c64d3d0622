"""Statbel download, cache and dissolve, exercised against a real HTTP server on localhost."""

import hashlib
import json
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pandas
import pytest
import requests
from geopandas.testing import assert_geodataframe_equal
from pandas.testing import assert_frame_equal
from shapely.geometry import Polygon, box, mapping

from geo import statbel

LAMBERT72_ORIGIN = (150_000, 170_000)
LAMBERT2008_ORIGIN = (650_000, 665_000)
# 11001: two adjacent 1 km squares. 21004: a square plus a self-intersecting bow tie whose
# valid form is two triangles of 0.25 km² each, one touching the square along an edge.
EXPECTED = pandas.DataFrame({"nis": ["11001", "21004"], "area": [2_000_000.0, 1_500_000.0]})


def make_sectors(x, y):
    return [
        ("11001A00-", 11001, box(x, y, x + 1000, y + 1000)),
        ("11001B00-", 11001, box(x + 1000, y, x + 2000, y + 1000)),
        ("21004A00-", 21004, box(x + 5000, y, x + 6000, y + 1000)),
        ("21004B00-", 21004, Polygon([(x + 6000, y), (x + 7000, y + 1000), (x + 7000, y), (x + 6000, y + 1000)])),
    ]


def write_sector_zip(path, origin=LAMBERT72_ORIGIN, crs="EPSG:31370"):
    """Shaped like Statbel's GeoJSON zip: lowercase columns, integer codes, legacy crs member."""
    features = [
        {"type": "Feature", "properties": {"cd_sector": sector, "cd_munty_refnis": code}, "geometry": mapping(shape)}
        for sector, code, shape in make_sectors(*origin)
    ]
    collection = {"type": "FeatureCollection", "features": features}
    if crs:
        collection["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:{crs.replace(':', '::')}"}}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a layer")
        archive.writestr("sectors/sh_statbel_statistical_sectors.geojson", json.dumps(collection))
    return hashlib.sha256(path.read_bytes()).hexdigest()


def summarize(municipalities):
    # Reprojection from Lambert 2008 changes areas by a few m² per km²: compare to 100 m².
    return pandas.DataFrame({"nis": municipalities["nis"], "area": municipalities.area.round(-2)})


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "served"
    root.mkdir()
    seen = []

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=root, **kwargs)

        def do_GET(self):
            seen.append(self.path)
            super().do_GET()

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield SimpleNamespace(root=root, url=f"http://127.0.0.1:{httpd.server_port}/", requests=seen)
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.mark.parametrize("pin_hash", [False, True])
def test_fetch_municipalities_downloads_once(server, tmp_path, pin_hash):
    digest = write_sector_zip(server.root / "sectors.zip")
    size = (server.root / "sectors.zip").stat().st_size
    cache = tmp_path / "cache"
    calls = []
    sha256 = digest if pin_hash else None

    first = statbel.fetch_municipalities(
        server.url + "sectors.zip", cache_dir=cache, sha256=sha256, progress=lambda *call: calls.append(call)
    )
    second = statbel.fetch_municipalities(server.url + "sectors.zip", cache_dir=cache, sha256=sha256)

    assert (first.crs.to_epsg(), calls[-1], len(server.requests)) == (31370, (size, size), 1)
    assert_frame_equal(summarize(first), EXPECTED)
    assert_geodataframe_equal(second, first)
    assert sorted(p.name for p in cache.iterdir()) == ["sectors.zip"]


@pytest.mark.parametrize(
    ("origin", "declared"),
    [
        (LAMBERT72_ORIGIN, "EPSG:31370"),
        (LAMBERT72_ORIGIN, None),
        (LAMBERT2008_ORIGIN, "EPSG:3812"),
        (LAMBERT2008_ORIGIN, None),
    ],
)
def test_fetch_municipalities_reads_or_infers_belgian_crs(server, tmp_path, origin, declared):
    write_sector_zip(server.root / "sectors.zip", origin=origin, crs=declared)

    result = statbel.fetch_municipalities(server.url + "sectors.zip", cache_dir=tmp_path / "cache")

    assert result.crs.to_epsg() == 31370  # every source ends up in Lambert 72
    assert_frame_equal(summarize(result), EXPECTED)


def test_download_file_rejects_wrong_sha256_and_leaves_nothing(server, tmp_path):
    actual = write_sector_zip(server.root / "sectors.zip")
    url = server.url + "sectors.zip"
    cache = tmp_path / "cache"

    with pytest.raises(ValueError) as raised:
        statbel.download_file(url, cache, sha256="0" * 64)

    assert all(part in str(raised.value) for part in (url, "0" * 64, actual))
    assert list(cache.iterdir()) == []


@pytest.mark.parametrize(("cached_is_current", "expected_requests"), [(True, 0), (False, 1)])
def test_download_file_reuses_only_a_cached_file_that_matches(server, tmp_path, cached_is_current, expected_requests):
    served = server.root / "sectors.zip"
    digest = write_sector_zip(served)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "sectors.zip").write_bytes(served.read_bytes() if cached_is_current else b"stale")

    path = statbel.download_file(server.url + "sectors.zip", cache, sha256=digest)

    assert (path.read_bytes() == served.read_bytes(), len(server.requests)) == (True, expected_requests)


def test_download_file_reports_missing_file(server, tmp_path):
    cache = tmp_path / "cache"

    with pytest.raises(requests.HTTPError, match="404.*missing.zip"):
        statbel.download_file(server.url + "missing.zip", cache)

    assert list(cache.iterdir()) == []
