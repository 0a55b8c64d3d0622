"""Leaflet served from the dashboard itself, so the map works with no internet.

The files come from the XStatic-Leaflet package on PyPI and are copied at start-up into
the app's `static/` folder, which Streamlit serves under `/app/static/`.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

LEAFLET_VERSION = xstatic_leaflet.VERSION
LEAFLET_FILES = ("leaflet.js", "leaflet.css")


def install_leaflet(static_dir: Path) -> Path:
    """Copy Leaflet's script, stylesheet and images under `static_dir/leaflet-<version>/`."""
    source = Path(xstatic_leaflet.BASE_DIR)
    target = static_dir / f"leaflet-{LEAFLET_VERSION}"
    if all((target / name).exists() for name in LEAFLET_FILES) and (target / "images").is_dir():
        return target
    partial = static_dir / f".leaflet-{LEAFLET_VERSION}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for name in LEAFLET_FILES:
        shutil.copy2(source / name, partial / name)
    shutil.copytree(source / "images", partial / "images")
    shutil.rmtree(target, ignore_errors=True)
    partial.replace(target)
    return target


def leaflet_urls(base_url: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """folium-style (name, url) lists of the local Leaflet script and stylesheet."""
    root = f"{base_url.rstrip('/')}/leaflet-{LEAFLET_VERSION}"
    return [("leaflet", f"{root}/leaflet.js")], [("leaflet_css", f"{root}/leaflet.css")]


def install_versioned(source: Path, static_dir: Path, folder: str) -> str:
    """Copy a file under `static_dir/folder/` with its content's digest in its name, and give
    that path relative to `static_dir`: a browser may keep it for good, since new content
    gets a new name."""
    return install_content(source.read_bytes(), static_dir, folder, source.stem, source.suffix)


def install_content(data: bytes, static_dir: Path, folder: str, stem: str, suffix: str) -> str:
    """`install_versioned` for content made in memory."""
    digest = hashlib.sha256(data).hexdigest()[:12]
    name = f"{stem}-{digest}{suffix}"
    target = static_dir / folder / name
    if not target.exists() or target.read_bytes() != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{name}.partial")
        partial.write_bytes(data)
        partial.replace(target)
    return f"{folder}/{name}"
