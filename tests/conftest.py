"""Shared fixtures: the real data directory and prepared boundaries, built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geo import boundaries, settings

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session", autouse=True)
def isolated_store(tmp_path_factory):
    """Pages and servers started by the tests use a store of their own, never ./data's."""
    path = tmp_path_factory.mktemp("store") / "livcr.sqlite"
    previous = os.environ.get("LIVCR_DATABASE_URL")
    os.environ["LIVCR_DATABASE_URL"] = f"sqlite:///{path}"
    yield os.environ["LIVCR_DATABASE_URL"]
    if previous is None:
        del os.environ["LIVCR_DATABASE_URL"]
    else:
        os.environ["LIVCR_DATABASE_URL"] = previous


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The data directory the product would use (LIVCR_DATA_DIR, ./data or ../shared/data)."""
    path = settings.find_data_dir()
    assert (path / "boundaries").is_dir(), f"no boundary files in {path}: set LIVCR_DATA_DIR"
    return path


@pytest.fixture(scope="session")
def source_file(data_dir) -> Path:
    return boundaries.find_boundary_file(data_dir)


@pytest.fixture(scope="session")
def population_csv(data_dir) -> Path:
    path = boundaries.population_file(data_dir)
    assert path is not None, f"population-2020.csv missing from {data_dir}"
    return path


@pytest.fixture(scope="session")
def full_boundaries(source_file, population_csv):
    """Full-precision municipalities of each vintage, in Lambert 72."""
    return {v: boundaries.build_boundaries(source_file, v, population_csv) for v in (2018, 2019, 2025)}


@pytest.fixture(scope="session")
def web_boundaries(source_file, population_csv, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    return {v: boundaries.load_boundaries(v, source_file, cache, population_csv) for v in (2018, 2019, 2025)}
