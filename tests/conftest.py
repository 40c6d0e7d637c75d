"""Session-wide fixtures shared by every area's tests.

Expensive things happen once per session: the example community is generated once, served
once by a real uvicorn server on 127.0.0.1, crawled once, built once, indexed once.
Areas add their own fixtures in ``tests/<area>/conftest.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLES = SHARED / "jetonomy-api" / "samples"
SAMPLES_ADMIN = SHARED / "jetonomy-api" / "samples-admin"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    assert SAMPLES.is_dir(), f"shared samples not found at {SAMPLES}"
    return SAMPLES


@pytest.fixture(scope="session")
def example_dataset() -> Path:
    """Path to the default-size example community dataset (generated on first use)."""
    from exporter.examplegen import ensure_example

    return ensure_example(scale=1.0)


@pytest.fixture(scope="session")
def example_manifest(example_dataset: Path) -> dict:
    import json

    from exporter.examplegen import manifest_path

    return json.loads(manifest_path(example_dataset).read_text("utf-8"))


@pytest.fixture(scope="session")
def standin_url(example_dataset: Path):
    """Base URL (``http://127.0.0.1:PORT``) of a stand-in serving the example community."""
    from exporter.standin import create_app, load_dataset, serve_in_thread

    app = create_app(load_dataset(example_dataset))
    with serve_in_thread(app) as url:
        yield url


@pytest.fixture(scope="session")
def sample_snapshot(tmp_path_factory, samples_dir: Path) -> Path:
    """A guest snapshot folder built directly from the captured real API samples."""
    from tests.fixtures.sample_snapshot import build_sample_snapshot

    return build_sample_snapshot(samples_dir, tmp_path_factory.mktemp("samples") / "sample.snapshot")


@dataclass
class CrawlRun:
    """A finished crawl: the snapshot folder, the report and every URL requested."""

    folder: Path
    report: object
    urls: list[str]
    transport: object


@pytest.fixture(scope="session")
def crawl_run(standin_url: str, tmp_path_factory) -> CrawlRun:
    """The example community crawled once per session over real HTTP from the stand-in."""
    from tests.crawl.helpers import CountingTransport, run_crawl

    transport = CountingTransport()
    folder = tmp_path_factory.mktemp("crawl") / "community.snapshot"
    report = run_crawl(standin_url, folder, transport)
    return CrawlRun(folder, report, list(transport.urls), transport)


@pytest.fixture(scope="session")
def crawled_snapshot(crawl_run: CrawlRun) -> Path:
    """The example community's guest snapshot folder (crawled once per session)."""
    return crawl_run.folder
