"""Reading municipality boundary files of any usual format, whatever their CRS claims.

Returns a GeoDataFrame with a `nis` column (5-character strings) and valid polygonal
geometries in Belgian Lambert 72 (EPSG:31370), the metric CRS every later step works in.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from geo.mergers import normalise_code

WORK_CRS = 31370  # Belgian Lambert 72: metres, the CRS of Statbel's files
WEB_CRS = 4326

SUPPORTED_SUFFIXES = (".geojson", ".json", ".topojson", ".gpkg", ".shp", ".parquet", ".zip")

# Column names that hold a municipality's NIS code in files seen in the wild, best first.
CODE_COLUMNS = (
    "nis", "nis5", "nis_code", "niscode", "cd_munty_refnis", "refnis", "cd_refnis",
    "nis_2025", "nis_2019", "code_ins", "ins", "admunicode", "code",
)

# Belgium with a margin, in WGS84 (lon/lat).
BELGIUM_LONLAT = (2.3, 49.3, 6.6, 51.7)
# CRSs Belgian files come in, tried in this order when the declared one is wrong or missing.
CANDIDATE_CRS = (4326, 31370, 3812, 3035, 3857, 4258)


class BoundaryFileError(ValueError):
    """A boundary file that cannot be used, with the reason and the file's name."""


@dataclass
class ReadReport:
    path: Path
    code_column: str = ""
    declared_crs: str = ""
    used_crs: str = ""
    repaired: int = 0
    notes: list[str] = field(default_factory=list)


def read_boundaries(path: Path | str) -> tuple[gpd.GeoDataFrame, ReadReport]:
    """Read a boundary file (GeoJSON, TopoJSON, GeoPackage, Shapefile, or any of them zipped)."""
    path = Path(path)
    report = ReadReport(path=path)
    if not path.exists():
        raise BoundaryFileError(f"{path}: no such file")
    frame = _read_any(path)
    if frame.empty:
        raise BoundaryFileError(f"{path}: the file has no features")
    report.code_column = detect_code_column(frame, path)
    report.declared_crs = frame.crs.to_string() if frame.crs else "none"
    frame = gpd.GeoDataFrame(
        {"nis": frame[report.code_column].map(normalise_code)}, geometry=frame.geometry.values, crs=frame.crs
    )
    frame, report.used_crs = fix_crs(frame, path)
    if report.used_crs != report.declared_crs:
        report.notes.append(f"CRS declared {report.declared_crs}, coordinates are {report.used_crs}")
    frame = frame.to_crs(WORK_CRS)
    frame, report.repaired = repair_geometries(frame)
    if report.repaired:
        report.notes.append(f"{report.repaired} invalid geometries repaired")
    return frame, report


def _read_any(path: Path) -> gpd.GeoDataFrame:
    suffix = path.suffix.lower()
    if suffix == ".zip":
        inner = _pick_in_zip(path)
        return _read_any_at(f"zip://{path}!{inner}", inner)
    if suffix == ".parquet":
        try:
            return gpd.read_parquet(path)
        except Exception as exc:  # pyarrow raises several types for files that are not GeoParquet
            raise BoundaryFileError(f"{path.name}: cannot be read as GeoParquet ({exc})") from exc
    return _read_any_at(str(path), path.name)


def _read_any_at(uri: str, name: str) -> gpd.GeoDataFrame:
    try:
        frame = gpd.read_file(uri)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise BoundaryFileError(f"{name}: cannot be read as a boundary file ({exc})") from exc
    if "id" in frame.columns and frame["id"].isna().all():
        frame = frame.drop(columns="id")
    return frame


def _pick_in_zip(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if not n.startswith("__MACOSX")]
    ranked = [n for ext in (".gpkg", ".shp", ".geojson", ".json", ".topojson") for n in names if n.lower().endswith(ext)]
    if not ranked:
        raise BoundaryFileError(f"{path.name}: the archive holds no boundary file ({', '.join(names[:5])})")
    return ranked[0]


def is_topojson(path: Path) -> bool:
    with path.open("rb") as f:
        head = f.read(4096)
    return b'"Topology"' in head


def detect_code_column(frame: pd.DataFrame, path: Path | str = "") -> str:
    """The column holding 5-digit municipality codes: by a known name first, then by content."""
    lowered = {c.lower(): c for c in frame.columns if c != frame.geometry.name}
    for name in CODE_COLUMNS:
        if name in lowered and _looks_like_codes(frame[lowered[name]]):
            return lowered[name]
    # Statbel's shapefiles cut names to 10 characters and date the column: CNIS5_2025.
    for name, column in lowered.items():
        if re.fullmatch(r"cnis5_\d{4}", name) and _looks_like_codes(frame[column]):
            return column
    for column in lowered.values():
        if _looks_like_codes(frame[column]):
            return column
    raise BoundaryFileError(
        f"{Path(path).name}: no column of municipality NIS codes among {', '.join(lowered.values()) or 'no columns'}"
    )


def _looks_like_codes(values: pd.Series) -> bool:
    try:
        codes = values.dropna().map(normalise_code)
    except (ValueError, TypeError):
        return False
    if codes.empty or len(codes) != len(values):
        return False
    numbers = codes.astype(int)
    # Municipality codes run from 11001 (Aartselaar) to 93090; regions and provinces end in 000.
    return bool(((numbers >= 11001) & (numbers <= 93999) & (numbers % 1000 != 0)).all())


def fix_crs(frame: gpd.GeoDataFrame, path: Path | str = "") -> tuple[gpd.GeoDataFrame, str]:
    """Trust the declared CRS only if it puts the data in Belgium; otherwise find the one that does.

    GDAL reads a GeoJSON without a `crs` member as WGS84 whatever its coordinates are, which
    is how Lambert 72 files come to claim lon/lat.
    """
    bounds = tuple(frame.total_bounds)
    declared = frame.crs
    candidates = ([declared] if declared else []) + [CRS.from_epsg(c) for c in CANDIDATE_CRS]
    for crs in candidates:
        if _in_belgium(bounds, CRS.from_user_input(crs)):
            epsg = CRS.from_user_input(crs).to_epsg()
            name = f"EPSG:{epsg}" if epsg else CRS.from_user_input(crs).to_string()
            return frame.set_crs(crs, allow_override=True), name
    raise BoundaryFileError(
        f"{Path(path).name}: coordinates {', '.join(f'{b:.1f}' for b in bounds)} are not Belgium in any "
        f"known CRS (tried {', '.join(f'EPSG:{c}' for c in CANDIDATE_CRS)})"
    )


def _in_belgium(bounds: tuple[float, ...], crs: CRS) -> bool:
    try:
        transformer = Transformer.from_crs(crs, WEB_CRS, always_xy=True)
        xs, ys = transformer.transform([bounds[0], bounds[2]], [bounds[1], bounds[3]])
    except Exception:
        return False
    west, south, east, north = BELGIUM_LONLAT
    return all(west <= x <= east for x in xs) and all(south <= y <= north for y in ys)


def repair_geometries(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, int]:
    """Make every geometry valid and polygonal; count how many needed it."""
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        fixed = shapely.make_valid(frame.geometry.values[invalid.values])
        fixed = [_polygonal(g) for g in fixed]
        frame = frame.copy()
        frame.loc[invalid, "geometry"] = fixed
    return frame, int(invalid.sum())


def _polygonal(geometry):
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [g for g in shapely.get_parts(geometry) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def sniff_format(path: Path) -> str:
    """A short name of the file's format, for messages."""
    suffix = path.suffix.lower()
    if suffix in (".json", ".geojson", ".topojson"):
        return "TopoJSON" if is_topojson(path) else "GeoJSON"
    return {".gpkg": "GeoPackage", ".shp": "Shapefile", ".parquet": "GeoParquet", ".zip": "zip archive"}.get(suffix, suffix)

