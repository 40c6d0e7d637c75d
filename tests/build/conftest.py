"""Fixtures of the build tests: the sample snapshot built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporter.build import BuildOptions, BuildReport, build_site
from tests.fixtures.browser import launch_chromium


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true", default=False,
                     help="rewrite tests/build/golden/ from the current output")


@pytest.fixture(scope="session")
def regen_golden(request) -> bool:
    return bool(request.config.getoption("--regen-golden", default=False))


@pytest.fixture(scope="session")
def built_site(sample_snapshot: Path, tmp_path_factory) -> tuple[Path, BuildReport]:
    """The sample snapshot rendered with the default theme (built once)."""
    out = tmp_path_factory.mktemp("site") / "out"
    report = build_site(sample_snapshot, out, BuildOptions())
    return out, report


@pytest.fixture(scope="session")
def site_dir(built_site) -> Path:
    return built_site[0]


@pytest.fixture(scope="module")
def browser():
    """A headless Debian chromium for the browser tests of one module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()
