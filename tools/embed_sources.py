"""Write the boundary and population files the product ships, from the project's source files.

    python -m tools.embed_sources SOURCE_DIR

SOURCE_DIR holds `boundaries/belgium-municipalities-pre2019-589.epsg31370.geo.json` (with its
`.LICENSE`) and `population-2020.csv`, as described in `geo/data/embedded/PROVENANCE.md`.
The boundary file is checked against the sha256 recorded there, rewritten as GeoParquet in
Lambert 72 with the source's coordinates unchanged (read back and compared bit for bit), and
the population table is copied as it is. Run by a developer when a source changes; the
product and its tests only read the result.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geo import settings

SOURCE_NAME = "belgium-municipalities-pre2019-589.epsg31370.geo.json"
SOURCE_SHA256 = "a519511540df8aeebf63a5b7bcb33b438c0b0768441efd90d4601524960e7b73"
POPULATION_NAME = "population-2020.csv"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_source(path: Path) -> gpd.GeoDataFrame:
    # The file has no `crs` member, so GDAL calls it WGS84; its coordinates are Lambert 72.
    frame = gpd.read_file(path).set_crs(31370, allow_override=True)
    frame["nis"] = frame["NIS5"].astype(int).map("{:05d}".format)
    return frame[["nis", "geometry"]].sort_values("nis", ignore_index=True)


def embed(source_dir: Path, target_dir: Path = settings.EMBEDDED_DATA_DIR) -> list[str]:
    source = source_dir / "boundaries" / SOURCE_NAME
    if sha256(source) != SOURCE_SHA256:
        raise SystemExit(f"{source}: sha256 differs from the one recorded; update PROVENANCE.md first")
    frame = read_source(source)
    target = target_dir / settings.EMBEDDED_BOUNDARY_FILE
    target_dir.mkdir(parents=True, exist_ok=True)
    # zstd at its strongest level: 469 kB instead of 2.3 MB, read back in 30 ms.
    frame.to_parquet(target, compression="zstd", compression_level=19, index=False)
    back = gpd.read_parquet(target)
    same = np.array_equal(shapely.get_coordinates(frame.geometry.values), shapely.get_coordinates(back.geometry.values))
    if not same or list(back["nis"]) != list(frame["nis"]) or back.crs.to_epsg() != 31370:
        raise SystemExit(f"{target}: does not read back as the source")
    shutil.copyfile(source.with_name(source.name + ".LICENSE"), target.with_name(target.name + ".LICENSE"))
    shutil.copyfile(source_dir / POPULATION_NAME, target_dir / POPULATION_NAME)
    return [
        f"{source.name}: sha256 {SOURCE_SHA256}, {source.stat().st_size:,} B, {len(frame)} municipalities",
        f"{target.name}: sha256 {sha256(target)}, {target.stat().st_size:,} B, "
        f"{len(shapely.get_coordinates(back.geometry.values)):,} vertices identical to the source",
        f"{POPULATION_NAME}: sha256 {sha256(target_dir / POPULATION_NAME)}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source_dir", type=Path)
    for line in embed(parser.parse_args(argv).source_dir):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
