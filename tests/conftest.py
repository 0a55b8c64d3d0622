"""Shared fixtures: the boundaries the product ships and prepared boundaries, built once per session.

The facts (counts per vintage, areas, enclaves, accuracy against the NGI cantons) are tested
on the embedded files, which are what a fresh clone draws; nothing outside the repository is read.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geo import boundaries, settings

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session", autouse=True)
def errors_shown():
    """Tests see an unexpected error as an exception (AppTest's `at.exception`, the browser's
    stException); the tests of the visitor's message turn this off for themselves."""
    previous = os.environ.get("LIVCR_SHOW_ERRORS")
    os.environ["LIVCR_SHOW_ERRORS"] = "true"
    yield
    if previous is None:
        del os.environ["LIVCR_SHOW_ERRORS"]
    else:
        os.environ["LIVCR_SHOW_ERRORS"] = previous


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
    """The shipped data directory, the last (and, on a fresh clone, the only) place looked in."""
    return settings.EMBEDDED_DATA_DIR


@pytest.fixture(scope="session")
def source_file(data_dir) -> Path:
    path = boundaries.find_boundary_file(data_dir)
    assert path.name == settings.EMBEDDED_BOUNDARY_FILE
    return path


@pytest.fixture(scope="session")
def population_csv(data_dir) -> Path:
    path = data_dir / boundaries.POPULATION_FILE
    assert path.exists(), f"{path} is missing from the repository"
    return path


@pytest.fixture(scope="session")
def full_boundaries(source_file, population_csv):
    """Full-precision municipalities of each vintage, in Lambert 72."""
    return {v: boundaries.build_boundaries(source_file, v, population_csv) for v in (2018, 2019, 2025)}


@pytest.fixture(scope="session")
def web_boundaries(source_file, population_csv, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    return {v: boundaries.load_boundaries(v, source_file, cache, population_csv) for v in (2018, 2019, 2025)}
