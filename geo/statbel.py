"""Municipality boundaries built from Statbel's statistical-sector open data."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

import geopandas
import requests

from geo.boundaries import dissolve_to_vintage, file_sha256
from geo.sources import read_boundaries

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
CHUNK_BYTES = 1 << 20

Progress = Callable[[int, "int | None"], None]


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
    if target.exists() and (expected is None or file_sha256(target) == expected):
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


def fetch_municipalities(url: str = DEFAULT_URL, *, cache_dir: str | os.PathLike,
                         sha256: str | None = None,
                         progress: Progress | None = None) -> geopandas.GeoDataFrame:
    """Municipality polygons (2025 codes, Lambert 72) from Statbel's sector file, downloaded once.

    The sectors go through the same reader as any boundary file (code column, CRS, repair)
    and are unioned per municipality; `boundaries.load_boundaries` caches the prepared
    result keyed by the downloaded file's hash.
    """
    archive = download_file(url, cache_dir, sha256=sha256, progress=progress)
    sectors, _ = read_boundaries(archive)
    return dissolve_to_vintage(sectors, 2025)
