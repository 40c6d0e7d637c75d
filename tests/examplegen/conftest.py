"""Fixtures for the example generator tests: generate in memory once per session."""

from __future__ import annotations

import pytest

from exporter.examplegen import generate_with_manifest
from exporter.examplegen.manifest import Visibility, classify


@pytest.fixture(scope="session")
def generated() -> tuple[dict, dict]:
    """(dataset, manifest) at the default seed and scale."""
    return generate_with_manifest()


@pytest.fixture(scope="session")
def data(generated) -> dict:
    return generated[0]


@pytest.fixture(scope="session")
def manifest(generated) -> dict:
    return generated[1]


@pytest.fixture(scope="session")
def vis(data) -> Visibility:
    return classify(data)


@pytest.fixture(scope="session")
def small() -> tuple[dict, dict]:
    """(dataset, manifest) at scale 0.2."""
    return generate_with_manifest(scale=0.2)
