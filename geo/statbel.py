"""Municipality boundaries built from Statbel's statistical-sector open data."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

import geopandas
import pandas
import requests
import shapely

# Statbel serves every edition from one directory, named
# sh_statbel_statistical_sectors_<EPSG>_<YYYY>0101.<geojson|shp|sqlite>.zip in EPSG:31370 and 3812.
# The 2024 GeoJSON page is https://statbel.fgov.be/en/open-data/statistical-sectors-2024; the 2025
# names in this directory appear in public scripts (e.g. GitHub code using
# ".../Statistische%20sectoren/sh_statbel_statistical_sectors_31370_20250101.{geojson,shp,sqlite}.zip").
# 2025 is the first edition with the 565 municipalities that exist after the 1 January 2025 mergers.
# GeoJSON over shapefile: its columns keep full names (cd_munty_refnis, cd_sector, tx_munty_descr_nl)
# whereas the shapefile truncates them to CNIS5_2025, CS01012025, T_MUN_NL.
DEFAULT_URL = (
    "https://statbel.fgov.be/sites/default/files/files/opendata/Statistische%20sectoren/"
    "sh_statbel_statistical_sectors_31370_20250101.geojson.zip"
)
LAMBERT72 = "EPSG:31370"
LAMBERT2008 = "EPSG:3812"
CODE_COLUMNS = ("cd_munty_refnis", "cd_refnis")
SHAPEFILE_CODE_COLUMN = re.compile(r"cnis5_\d{4}")
READABLE_SUFFIXES = (".geojson", ".json", ".shp", ".gpkg", ".sqlite")
CHUNK_BYTES = 1 << 20

Progress = Callable[[int, "int | None"], None]


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(CHUNK_BYTES):
            digest.update(block)
    return digest.hexdigest()


def download_file(url: str, dest_dir: str | os.PathLike, sha256: str | None = None,
                  progress: Progress | None = None, timeout: float = 60) -> Path:
    """Download url into dest_dir once; later calls reuse the file without touching the network."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    name = Path(unquote(urlparse(url).path)).name
    if not name:
        raise ValueError(f"cannot derive a file name from {url!r}")
    target = dest_dir / name
    expected = sha256.lower() if sha256 else None
    if target.exists() and (expected is None or hash_file(target) == expected):
        return target
    # Same directory as the target so os.replace is an atomic rename, never a cross-device copy.
    handle, part = tempfile.mkstemp(dir=dest_dir, prefix=f".{name}.", suffix=".part")
    try:
        digest = hashlib.sha256()
        # identity: with gzip transfer-encoding the byte count would not match Content-Length.
        with os.fdopen(handle, "wb") as out, requests.get(
            url, stream=True, timeout=timeout, headers={"Accept-Encoding": "identity"}
        ) as response:
            response.raise_for_status()
            length = response.headers.get("Content-Length")
            total = int(length) if length is not None else None
            done = 0
            if progress:
                progress(done, total)
            for chunk in response.iter_content(CHUNK_BYTES):
                out.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
        actual = digest.hexdigest()
        if expected is not None and actual != expected:
            raise ValueError(f"sha256 mismatch for {url}: expected {expected}, got {actual}")
        os.replace(part, target)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise
    return target


def find_code_column(columns) -> str:
    lowered = {str(column).lower(): column for column in columns}
    for name in CODE_COLUMNS:
        if name in lowered:
            return lowered[name]
    # Shapefile editions cut names to 10 characters and put the year in the code column.
    for name, column in lowered.items():
        if SHAPEFILE_CODE_COLUMN.fullmatch(name):
            return column
    raise ValueError(
        "no municipality code column (CD_MUNTY_REFNIS, CD_REFNIS or CNIS5_<year>, any case); "
        f"columns found: {list(columns)}"
    )


def normalize_codes(codes: pandas.Series) -> pandas.Series:
    if codes.isna().any():
        raise ValueError(f"{int(codes.isna().sum())} sectors have no municipality code in {codes.name!r}")
    # Integer columns can arrive as floats (11001.0) when the reader saw a null elsewhere in the layer.
    text = codes.astype(str).str.strip().str.removesuffix(".0")
    return text.str.zfill(5)


def dissolve_sectors(sectors: geopandas.GeoDataFrame) -> geopandas.GeoDataFrame:
    """One row per municipality: nis (5-character string) and geometry, sorted by nis."""
    column = find_code_column(sectors.columns)
    # "structure" with keep_collapsed=False keeps polygons polygonal, so the union never mixes in
    # slivers collapsed to lines; invalid rings would otherwise make the union raise or lose area.
    valid = shapely.make_valid(sectors.geometry.values, method="structure", keep_collapsed=False)
    frame = geopandas.GeoDataFrame(
        {"nis": normalize_codes(sectors[column]).to_numpy(), "geometry": valid}, crs=sectors.crs
    )
    return frame.dissolve(by="nis", as_index=False, sort=True)[["nis", "geometry"]]


def read_sectors(path: Path) -> geopandas.GeoDataFrame:
    if not zipfile.is_zipfile(path):
        return geopandas.read_file(path)
    # Pick the data member explicitly: the archives may also hold metadata files or nest the
    # layer in a folder named like the layer, which GDAL will not guess from the bare zip.
    with zipfile.ZipFile(path) as archive:
        members = sorted(
            name for name in archive.namelist()
            if name.lower().endswith(READABLE_SUFFIXES) and not name.startswith("__MACOSX")
        )
    if not members:
        raise ValueError(f"{path} holds no file ending in {', '.join(READABLE_SUFFIXES)}")
    return geopandas.read_file(f"/vsizip/{path.resolve().as_posix()}/{members[0]}")


def ensure_crs(sectors: geopandas.GeoDataFrame) -> geopandas.GeoDataFrame:
    # Statbel declares its CRS through GeoJSON's legacy "crs" member; without it GDAL follows
    # RFC 7946 and reports WGS84 for coordinates that are really Belgian metres. Every Statbel
    # edition is Lambert 72 (the historical default) or Lambert 2008, and the two cannot be
    # confused: Belgium lies below 400 km easting in Lambert 72 and above 500 km in Lambert 2008.
    minx, miny, maxx, maxy = sectors.total_bounds
    in_degrees = -180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90
    if sectors.crs is None or (sectors.crs.is_geographic and not in_degrees):
        return sectors.set_crs(LAMBERT2008 if minx > 400_000 else LAMBERT72, allow_override=True)
    return sectors


def fetch_municipalities(url: str = DEFAULT_URL, *, cache_dir: str | os.PathLike,
                         sha256: str | None = None,
                         progress: Progress | None = None) -> geopandas.GeoDataFrame:
    """Municipality polygons from Statbel's sector file, downloaded and dissolved once per file."""
    archive = download_file(url, cache_dir, sha256=sha256, progress=progress)
    digest = sha256.lower() if sha256 else hash_file(archive)
    # Keyed by content, so a republished file under the same name is dissolved afresh.
    cached = archive.with_name(f"{archive.name}.{digest[:16]}.municipalities.parquet")
    if cached.exists():
        return geopandas.read_parquet(cached)
    municipalities = dissolve_sectors(ensure_crs(read_sectors(archive)))
    handle, part = tempfile.mkstemp(dir=archive.parent, prefix=f".{cached.name}.", suffix=".part")
    os.close(handle)
    try:
        municipalities.to_parquet(part)
        os.replace(part, cached)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise
    return municipalities
