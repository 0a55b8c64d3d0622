"""The product's settings, declared once with their defaults and help text.

Every setting is an environment variable. The README's settings table is checked
against this list by the tests, so a new setting cannot go undocumented.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What the product ships so that a fresh clone draws every vintage with no setting: the
# 589 municipalities of 1983–2018 and the 2020 population (see PROVENANCE.md there).
EMBEDDED_DATA_DIR = ROOT / "geo" / "data" / "embedded"
EMBEDDED_BOUNDARY_FILE = "municipalities-589.epsg31370.parquet"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def read(self) -> str:
        return os.environ.get(self.name, "").strip() or self.default


DATA_DIR = Setting(
    "LIVCR_DATA_DIR",
    "",
    "Directory holding the boundary files and population-2020.csv. Empty: ./data if it "
    "has boundaries, else the files shipped in geo/data/embedded.",
)
CACHE_DIR = Setting(
    "LIVCR_CACHE_DIR",
    str(ROOT / "data" / "cache"),
    "Where prepared boundaries and downloads are cached (keyed by the source file's hash).",
)
BOUNDARY_SOURCE = Setting(
    "LIVCR_BOUNDARY_SOURCE",
    "auto",
    "'auto': the most detailed boundary file found in the data directory; 'statbel': "
    "download Statbel's statistical sectors (needs internet); or a path to a file.",
)
DATABASE_URL = Setting(
    "LIVCR_DATABASE_URL",
    "",
    "SQLAlchemy URL of the registry store, e.g. postgresql+psycopg://user@host/livcr. Empty: "
    "an SQLite file at ./data/livcr.sqlite.",
)
TILES_URL = Setting(
    "LIVCR_TILES_URL",
    "",
    "URL template of an online background tile layer, e.g. "
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png. Empty (default): no tiles, fully offline.",
)
TILES_ATTRIBUTION = Setting(
    "LIVCR_TILES_ATTRIBUTION",
    "© OpenStreetMap contributors",
    "Attribution shown with the background tile layer.",
)
LANGUAGE = Setting(
    "LIVCR_LANGUAGE",
    "en",
    "Default interface language: en, nl or fr.",
)

SESSION_HOURS = Setting(
    "LIVCR_SESSION_HOURS",
    "8",
    "How long a sign-in with a local account lasts across reloads, tabs and links, in hours.",
)
SHOW_ERRORS = Setting(
    "LIVCR_SHOW_ERRORS",
    "false",
    "'true' shows unexpected errors with their traceback in the page (for development and the "
    "tests); otherwise visitors get a short message with an incident id and the server log the rest.",
)
MAP_FIRST = Setting(
    "LIVCR_MAP_FIRST",
    "true",
    "'true': a visit's first view of the national map draws the map alone, and the filters, "
    "search, details and figures once the browser has painted it (a fraction of a second later); "
    "'false': the whole page at once.",
)

ALL = (
    DATA_DIR, CACHE_DIR, BOUNDARY_SOURCE, DATABASE_URL, TILES_URL, TILES_ATTRIBUTION, LANGUAGE,
    SESSION_HOURS, SHOW_ERRORS, MAP_FIRST,
)


def session_hours() -> float:
    try:
        hours = float(SESSION_HOURS.read())
    except ValueError:
        raise ValueError(f"{SESSION_HOURS.name}={SESSION_HOURS.read()!r} is not a number of hours") from None
    if not 0 < hours <= 24 * 30:
        raise ValueError(f"{SESSION_HOURS.name}={hours:g}: give between 0 and 720 hours")
    return hours


def find_data_dir() -> Path:
    """The data directory: the setting, else ./data when it holds boundaries, else the shipped files."""
    configured = DATA_DIR.read()
    if configured:
        path = Path(configured).expanduser()
        if not path.is_dir():
            raise FileNotFoundError(f"{DATA_DIR.name}={configured} is not a directory")
        return path
    local = ROOT / "data"
    if (local / "boundaries").is_dir() and any((local / "boundaries").iterdir()):
        return local
    return EMBEDDED_DATA_DIR
