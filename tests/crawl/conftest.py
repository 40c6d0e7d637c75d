"""Crawler fixtures. ``crawled_snapshot`` (session) is the example community crawled once
over real HTTP from the stand-in — build/search tests may want it in tests/conftest.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from exporter.crawl import CrawlReport

from .helpers import CountingTransport, run_crawl


@dataclass
class CrawlRun:
    """A finished crawl: the snapshot folder, the report and every URL requested."""

    folder: Path
    report: CrawlReport
    urls: list[str]
    transport: CountingTransport


@pytest.fixture(scope="session")
def crawl_run(standin_url: str, tmp_path_factory) -> CrawlRun:
    transport = CountingTransport()
    folder = tmp_path_factory.mktemp("crawl") / "community.snapshot"
    report = run_crawl(standin_url, folder, transport)
    return CrawlRun(folder, report, list(transport.urls), transport)


@pytest.fixture(scope="session")
def crawled_snapshot(crawl_run: CrawlRun) -> Path:
    """The example community's guest snapshot folder (crawled once per session)."""
    return crawl_run.folder


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
