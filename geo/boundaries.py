"""Municipality boundaries of a vintage, prepared once for the web and cached on disk.

Flow: source file -> `read_boundaries` (codes, CRS, repair) -> `dissolve_to_vintage`
(merger table) -> gazetteer attributes -> `prepare_web`: a topology (`geo.topology`: each
shared border simplified once, so it stays shared; vertices on a 5 m grid) -> the encoded
topology for the browser and, decoded, the polygons the browser draws (WGS84), for the
server's lookups -> both in the cache, keyed by the source's (and population file's) hash.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geo import gazetteer, mergers, settings, topology
from geo.sources import SUPPORTED_SUFFIXES, WEB_CRS, BoundaryFileError, read_boundaries

# Bump when the preparation changes, so caches built by older code are not reused.
PREPARATION_VERSION = 4
# The shipped files, prepared (see `ship_prepared`).
SHIPPED_DIR = settings.EMBEDDED_DATA_DIR / "prepared"
# Metres, in Lambert 72: Douglas–Peucker tolerance on each shared border. The shared source
# is already generalised (median 142 vertices per municipality); 60 m takes it from 47,000
# distinct vertices to 27,500, invisible at national and provincial scale.
SIMPLIFY_TOLERANCE_M = 60.0
# Vertices go on a grid of this many metres (in longitude/latitude steps): 5 m moves a
# vertex by 3.5 m at most and keeps the encoded steps short.
GRID_M = 5.0
# The promise: every municipality's drawn outline is within this Hausdorff distance of the
# source. Preparation re-simplifies, more finely, any municipality above MAX_HAUSDORFF_M.
FIDELITY_M = 75.0
MAX_HAUSDORFF_M = 70.0
POPULATION_FILE = "population-2020.csv"


def find_boundary_file(data_dir: Path) -> Path:
    """The most detailed boundary file in `data_dir/boundaries` (or `data_dir` itself)."""
    candidates = [
        p
        for folder in (data_dir / "boundaries", data_dir)
        if folder.is_dir()
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and p.name != POPULATION_FILE
    ]
    if not candidates:
        raise FileNotFoundError(
            f"no boundary file ({', '.join(SUPPORTED_SUFFIXES)}) in {data_dir / 'boundaries'} or {data_dir}"
        )
    return max(candidates, key=lambda p: p.stat().st_size)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_vintage(codes: set[str]) -> int:
    """The vintage a set of codes belongs to; raise if it matches none."""
    today = gazetteer.codes_2025()
    for vintage in mergers.VINTAGES:
        if codes <= mergers.codes_of_vintage(vintage, today):
            return vintage
    unknown = sorted(codes - set().union(*(mergers.codes_of_vintage(v, today) for v in mergers.VINTAGES)))
    raise BoundaryFileError(f"codes of no known vintage: {', '.join(unknown[:10])}")


def dissolve_to_vintage(frame: gpd.GeoDataFrame, vintage: int) -> gpd.GeoDataFrame:
    """Merge the municipalities of an older vintage into those of `vintage`.

    Source municipalities share their borders exactly, so a union per new code leaves no
    slivers; real enclaves (Baarle-Hertog, the Vennbahn) are holes of the union and stay.
    """
    codes = frame["nis"].map(lambda c: mergers.code_in_vintage(c, vintage))
    if codes.isna().any():
        newer = sorted(frame.loc[codes.isna(), "nis"])
        raise BoundaryFileError(
            f"the source is newer than the {vintage} map and cannot be split back: {', '.join(newer[:10])}"
        )
    keyed = frame.assign(nis=codes.values)
    merged = keyed.dissolve(by="nis", as_index=False, method="coverage")
    merged["geometry"] = shapely.make_valid(merged.geometry.values)
    return merged[["nis", "geometry"]].sort_values("nis", ignore_index=True)


def prepare_web(
    full: gpd.GeoDataFrame, tolerance_m: float = SIMPLIFY_TOLERANCE_M, grid_m: float = GRID_M
) -> tuple[gpd.GeoDataFrame, dict]:
    """The web frame (WGS84, the polygons exactly as drawn) and the encoded topology.

    All municipalities are simplified together, border by border, so neighbours keep one
    shared border: no gaps, no overlaps.
    """
    topo = topology.build_topology(full, tolerance_m, grid_m, max_hausdorff_m=MAX_HAUSDORFF_M)
    drawn = gpd.GeoSeries(topology.to_geometries(topo), crs=WEB_CRS).values
    invalid = ~shapely.is_valid(drawn)
    drawn[invalid] = shapely.make_valid(drawn[invalid])
    web = full.to_crs(WEB_CRS).set_geometry(drawn)
    return web, topology.encode(topo)


def attach_gazetteer(frame: gpd.GeoDataFrame, vintage: int, population_csv: Path | None) -> gpd.GeoDataFrame:
    names = gazetteer.load_gazetteer(vintage, population_csv)
    missing = sorted(set(names["nis"]) - set(frame["nis"]))
    extra = sorted(set(frame["nis"]) - set(names["nis"]))
    if missing or extra:
        raise BoundaryFileError(
            f"the {vintage} map needs {mergers.VINTAGE_COUNTS[vintage]} municipalities; "
            f"missing {', '.join(missing[:10]) or 'none'}; unexpected {', '.join(extra[:10]) or 'none'}"
        )
    joined = names.merge(frame, on="nis", how="left", validate="one_to_one")
    return gpd.GeoDataFrame(joined, geometry="geometry", crs=frame.crs)


def build_boundaries(source: Path, vintage: int, population_csv: Path | None) -> gpd.GeoDataFrame:
    """Full-precision municipalities of `vintage` in Lambert 72, with gazetteer attributes."""
    frame, _ = read_boundaries(source)
    have = source_vintage(set(frame["nis"]))
    if have > vintage:
        raise BoundaryFileError(f"{source.name} holds the {have} map; it cannot give the {vintage} map")
    return attach_gazetteer(dissolve_to_vintage(frame, vintage), vintage, population_csv)


def _cache_paths(
    vintage: int, source: Path, cache_dir: Path, population_csv: Path | None, tolerance_m: float
) -> tuple[Path, Path]:
    key = "-".join(
        [
            file_sha256(source)[:16],
            file_sha256(population_csv)[:8] if population_csv and population_csv.exists() else "nopop",
            str(vintage),
            f"t{tolerance_m:g}",
            f"g{GRID_M:g}",
            f"v{PREPARATION_VERSION}",
        ]
    )
    return cache_dir / f"municipalities-{key}.parquet", cache_dir / f"municipalities-{key}.topology.json"


def _write_atomically(path: Path, write) -> None:
    partial = path.with_name(path.name + ".tmp")
    write(partial)
    partial.replace(path)


def _prepare(vintage, source, cache_dir, population_csv, tolerance_m) -> tuple[gpd.GeoDataFrame, dict]:
    frame_path, topology_path = _cache_paths(vintage, source, cache_dir, population_csv, tolerance_m)
    full = build_boundaries(source, vintage, population_csv)
    web, encoded = prepare_web(full, tolerance_m)
    cache_dir.mkdir(parents=True, exist_ok=True)
    _write_atomically(topology_path, lambda p: p.write_text(json.dumps(encoded, separators=(",", ":")), encoding="utf-8"))
    _write_atomically(frame_path, web.to_parquet)
    return web, encoded


def load_boundaries(
    vintage: int,
    source: Path,
    cache_dir: Path,
    population_csv: Path | None = None,
    tolerance_m: float = SIMPLIFY_TOLERANCE_M,
) -> gpd.GeoDataFrame:
    """Web-ready municipalities of `vintage` (WGS84), from the disk cache when the source is unchanged.

    Their polygons are those the map draws (see `load_web_topology`), so a point looked up
    here falls in the municipality shown under it.
    """
    return _load(vintage, source, cache_dir, population_csv, tolerance_m, part=0)


def load_web_topology(
    vintage: int,
    source: Path,
    cache_dir: Path,
    population_csv: Path | None = None,
    tolerance_m: float = SIMPLIFY_TOLERANCE_M,
) -> dict:
    """The encoded topology of `load_boundaries`' municipalities (`geo.topology.encode`),
    ready for the browser, from the same disk cache."""
    return _load(vintage, source, cache_dir, population_csv, tolerance_m, part=1)


def _load(vintage, source, cache_dir, population_csv, tolerance_m, part: int):
    """One of the two prepared parts (0: the web frame, 1: the encoded topology); both are
    written together, so one without the other is prepared again. The product ships them
    prepared for its own boundary and population files (`SHIPPED_DIR`, same names: the name
    holds the sources' digests), so a fresh server's first visitor waits for no preparation."""
    paths = _cache_paths(vintage, source, cache_dir, population_csv, tolerance_m)
    for folder in (cache_dir, SHIPPED_DIR):
        found = [folder / p.name for p in paths]
        if all(p.exists() for p in found):
            return gpd.read_parquet(found[0]) if part == 0 else json.loads(found[1].read_text(encoding="utf-8"))
    return _prepare(vintage, source, cache_dir, population_csv, tolerance_m)[part]


def ship_prepared(target: Path | None = None) -> list[Path]:
    """Prepare every vintage from the shipped boundary and population files into `target`
    (`SHIPPED_DIR`): what `python -m tools.embed_prepared` writes and the tests check."""
    target = target or SHIPPED_DIR
    source = settings.EMBEDDED_DATA_DIR / settings.EMBEDDED_BOUNDARY_FILE
    population = settings.EMBEDDED_DATA_DIR / POPULATION_FILE
    written = []
    for vintage in sorted(mergers.VINTAGES):
        _prepare(vintage, source, target, population, SIMPLIFY_TOLERANCE_M)
        written += list(_cache_paths(vintage, source, target, population, SIMPLIFY_TOLERANCE_M))
    return written


def population_file(data_dir: Path) -> Path | None:
    """The data directory's population table, else the one the product ships."""
    for folder in (data_dir, settings.EMBEDDED_DATA_DIR):
        if (folder / POPULATION_FILE).exists():
            return folder / POPULATION_FILE
    return None


def area_km2(frame: gpd.GeoDataFrame) -> pd.Series:
    """Areas in an equal-area projection (ETRS89-LAEA), whatever the frame's CRS."""
    return frame.to_crs(3035).area / 1e6


def municipality_at(frame: gpd.GeoDataFrame, lat: float, lon: float) -> str | None:
    """The NIS code of the municipality of `frame` (WGS84) containing a point, if any.

    The map reports the clicked point rather than the clicked feature: it is what Leaflet
    delivers reliably, and it sends a few bytes back instead of the polygon.
    """
    hits = frame.sindex.query(shapely.Point(lon, lat), predicate="intersects")
    return str(frame["nis"].iloc[hits[0]]) if len(hits) else None
