"""Write the boundaries the map draws, prepared, for the files the product ships.

    python -m tools.embed_prepared

For each vintage (589, 581 and 565 municipalities), `geo.boundaries` turns the shipped
boundary file and population table into a web frame (GeoParquet, WGS84, simplified) and the
encoded topology the browser draws; both land in `geo/data/embedded/prepared/` under the names
the disk cache gives them (the sources' digests, the tolerance, the grid, the preparation
version), so a fresh server serves its first visitor without preparing anything. Run it when
the boundary file, the population table or the preparation changes; `tests/test_boundaries.py`
checks that the shipped files are what the code prepares.
"""

from __future__ import annotations

import shutil

from geo import boundaries


def main() -> int:
    shutil.rmtree(boundaries.SHIPPED_DIR, ignore_errors=True)
    for path in boundaries.ship_prepared():
        print(f"{path.relative_to(boundaries.SHIPPED_DIR.parent.parent.parent.parent)} {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
