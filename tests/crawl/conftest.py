"""Crawler fixtures (``crawl_run``/``crawled_snapshot`` live in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def small_dataset(tmp_path_factory) -> Path:
    """A small example (scale 0.2) for tests that crawl several times (faults, kills)."""
    from exporter.examplegen import ensure_example

    return ensure_example(scale=0.2, root=tmp_path_factory.mktemp("small"))


@pytest.fixture(scope="session")
def pro_dataset(tmp_path_factory) -> Path:
    """A small example with the Pro extensions on (reactions, polls, announcements)."""
    from exporter.examplegen import ensure_example

    return ensure_example(scale=0.2, root=tmp_path_factory.mktemp("pro"), pro=True)
