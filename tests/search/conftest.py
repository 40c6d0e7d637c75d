"""Fixtures of the search tests: indexes of the sample snapshot and of a crawled example."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def sample_index_dir(sample_snapshot: Path, tmp_path_factory) -> Path:
    from search_index import build_index

    out = tmp_path_factory.mktemp("search") / "sample_index"
    build_index(sample_snapshot, out)
    return out


@pytest.fixture(scope="session")
def sample_index(sample_index_dir: Path):
    from search_index import SearchIndex

    with SearchIndex.open(sample_index_dir) as index:
        yield index


@pytest.fixture(scope="session")
def example_snapshot(crawled_snapshot: Path) -> Path:
    """The guest crawl of the stand-in's example community (shared session fixture)."""
    return crawled_snapshot


@pytest.fixture(scope="session")
def example_index(example_snapshot: Path, tmp_path_factory):
    from search_index import SearchIndex, build_index

    out = tmp_path_factory.mktemp("search-example") / "index"
    build_index(example_snapshot, out)
    with SearchIndex.open(out) as index:
        yield index
