"""robots.txt is honoured; Pro extensions are crawled only when present; the CLI is thin."""

from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from exporter.cli import cli
from exporter.crawl.http import RobotsDisallowedError
from exporter.standin import create_app, dataset_from_dict, load_dataset

from .helpers import CountingTransport, load_json, rows, run_crawl, serve


class RobotsOverride:
    """Serve a custom robots.txt in front of the stand-in."""

    def __init__(self, app, text: str):
        self.app, self.text = app, text.encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"] == "/robots.txt":
            host = dict(scope["headers"]).get(b"host", b"")
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": self.text.replace(b"{home}", b"http://" + host)})
            return
        await self.app(scope, receive, send)


def test_robots_disallowing_the_api_stops_before_fetching_it(small_dataset, tmp_path):
    app = RobotsOverride(create_app(load_dataset(small_dataset)), "User-agent: *\nDisallow: /wp-json/\n")
    transport = CountingTransport()
    with serve(app) as url:
        with pytest.raises(RobotsDisallowedError, match="robots.txt disallows"):
            run_crawl(url, tmp_path / "s", transport)
    assert not any("/wp-json" in u for u in transport.urls)


def test_robots_disallowing_uploads_skips_media(small_dataset, tmp_path):
    robots = "User-agent: *\nDisallow: /wp-content/uploads/\n\nSitemap: {home}/community-sitemap.xml\n"
    transport = CountingTransport()
    with serve(RobotsOverride(create_app(load_dataset(small_dataset)), robots)) as url:
        report = run_crawl(url, tmp_path / "s", transport)
    assert report.complete and report.media["robots"] > 0 and report.media.get("stored", 0) == 0
    assert not any("/wp-content/uploads/" in u for u in transport.urls)


@pytest.fixture(scope="module")
def pro_small(pro_dataset) -> dict:
    """The Pro example with replies kept on a few posts only (reactions are per reply)."""
    doc = copy.deepcopy(load_json(pro_dataset))
    keep = {p["id"] for p in doc["posts"][:25]}
    doc["replies"] = [r for r in doc["replies"] if r["post_id"] in keep]
    return doc


def test_pro_extensions_and_announcement_injection(pro_small, tmp_path):
    transport = CountingTransport()
    with serve(create_app(dataset_from_dict(pro_small))) as url:
        report = run_crawl(url, tmp_path / "s", transport)
    assert report.complete
    announced = pro_small["pro"]["announcement_post_ids"]
    assert announced
    # injected at the top of every space's list, yet stored once, in its own space
    spaces = dict(rows(tmp_path / "s", "SELECT id, space_id FROM posts"))
    source = {p["id"]: p["space_id"] for p in pro_small["posts"]}
    assert all(spaces[i] == source[i] for i in announced if i in spaces)
    assert all(spaces[i] == source[i] for i in spaces)
    kinds = {k for (k,) in rows(tmp_path / "s", "SELECT DISTINCT kind FROM pro")}
    assert {"reactions", "poll", "announcements"} <= kinds
    polls = {k for (k,) in rows(tmp_path / "s", "SELECT object_key FROM pro WHERE kind='poll'")}
    assert polls == set(pro_small["pro"]["polls_data"])  # 404 = no poll, not an error
    assert transport.routes()["/jetonomy/v1/badges"] == 0  # feature off: never asked


def test_no_pro_routes_requested_without_pro(crawl_run):
    assert not any(k.endswith(("/reactions", "/poll", "/badges", "/announcements/active"))
                   for k in crawl_run.transport.routes())


def test_cli_crawl_prints_a_summary_and_maps_errors(small_dataset, tmp_path):
    runner = CliRunner()
    with serve(create_app(load_dataset(small_dataset))) as url:
        ok = runner.invoke(cli, ["crawl", url, "--out", str(tmp_path / "s"), "--rate", "0",
                                 "--concurrency", "4"])
        bad = runner.invoke(cli, ["crawl", url, "--out", str(tmp_path / "t"), "--concurrency", "0"])
    assert ok.exit_code == 0, ok.output
    assert "crawl summary" in ok.output and "requests" in ok.output and "saved post" in ok.output
    assert bad.exit_code == 2 and "--concurrency must be between" in bad.output
    assert json.loads(rows(tmp_path / "s", "SELECT json FROM site WHERE key='app_config'")[0][0])
