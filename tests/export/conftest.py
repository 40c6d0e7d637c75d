"""Fixtures of the export tests: the default example exported once (shared with
tests/adversarial through :mod:`tests.export.helpers`), and a small one for mutations."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import cached_export


@pytest.fixture(scope="session")
def example_export(standin_url: str, tmp_path_factory) -> Path:
    """DIR of ``export`` run on the default example community (once per session)."""
    return cached_export("example", standin_url, tmp_path_factory.mktemp("example-export") / "export")


@pytest.fixture(scope="session")
def small_example(tmp_path_factory) -> Path:
    """A small example community dataset (scale 0.1)."""
    from exporter.examplegen import ensure_example

    return ensure_example(scale=0.1, root=tmp_path_factory.mktemp("small-example"))


@pytest.fixture(scope="session")
def small_export(small_example: Path, tmp_path_factory) -> Path:
    """DIR of an export of the small example on its own stand-in."""
    from exporter.standin import create_app, load_dataset, serve_in_thread

    with serve_in_thread(create_app(load_dataset(small_example))) as url:
        return cached_export("small", url, tmp_path_factory.mktemp("small-export") / "export")
