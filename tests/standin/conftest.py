"""Fixtures of the stand-in tests: the hand-written fixture dataset served once per session."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))

import fixture_data  # noqa: E402

from exporter.standin import create_app, dataset_from_dict, load_dataset, serve_in_thread  # noqa: E402


@pytest.fixture(scope="session")
def fixture_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("standin") / "fixture.json"
    path.write_text(json.dumps(fixture_data.build()), "utf-8")
    return path


@pytest.fixture(scope="session")
def fixture_url(fixture_path: Path):
    """A real uvicorn socket serving the fixture dataset (read-only tests share it)."""
    with serve_in_thread(create_app(load_dataset(fixture_path))) as url:
        yield url


@pytest.fixture(scope="session")
def http(fixture_url: str):
    """A sync httpx client on the fixture server."""
    with httpx.Client(base_url=fixture_url, timeout=10) as client:
        yield client


def fresh_dataset(**site: Any):
    """A private, mutable copy of the fixture dataset."""
    return dataset_from_dict(fixture_data.build(**site))


def asgi_get(app: Any, url: str, **kw: Any) -> httpx.Response:
    """GET through httpx.ASGITransport (in-process)."""

    async def run() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://standin.test") as c:
            return await c.get(url, **kw)

    return asyncio.run(run())


V1 = "/wp-json/jetonomy/v1"
