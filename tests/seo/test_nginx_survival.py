"""Old links survive: a built mirror served by nginx with the generated include answers every
sitemap URL and every live URL form with 200 or a redirect that lands on 200."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from lxml import etree

from exporter.seo import gather, site_urls
from exporter.snapshot import Snapshot
from tests.conftest import REPO
from tests.seo.conftest import CANONICAL
from tests.seo.nginx_server import serve_mirror
from tests.seo.url_forms import live_url_forms

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ARTIFACT = REPO / "test-artifacts" / "url-survival.json"


def sitemap_paths(site: Path) -> list[str]:
    index = etree.parse(str(site / "community-sitemap.xml"))
    paths = ["/community-sitemap.xml", "/robots.txt"]
    for loc in index.findall("sm:sitemap/sm:loc", NS):
        child = loc.text.removeprefix(CANONICAL)
        paths.append(child)
        tree = etree.parse(str(site / child.lstrip("/")))
        paths += [u.text.removeprefix(CANONICAL) for u in tree.findall("sm:url/sm:loc", NS)]
    return paths


@pytest.fixture(scope="module")
def nginx_base(seo_mirror: Path, tmp_path_factory):
    with serve_mirror(seo_mirror, tmp_path_factory.mktemp("nginx")) as base:
        yield base


def survey(base: str, paths: list[str]) -> dict:
    counts = {"requested": 0, "200": 0, "redirected": 0, "failed": 0}
    failures = []
    with httpx.Client(base_url=base, follow_redirects=True, timeout=10) as client:
        for path in paths:
            response = client.get(path)
            counts["requested"] += 1
            if response.status_code == 200 and response.history:
                counts["redirected"] += 1
            elif response.status_code == 200:
                counts["200"] += 1
            else:
                counts["failed"] += 1
                failures.append((path, response.status_code))
    return {**counts, "failures": failures}


def test_every_old_url_lands_on_200(nginx_base, seo_mirror, sample_snapshot):
    with Snapshot.open(sample_snapshot) as snap:
        site = gather(snap, site_urls(snap, CANONICAL))
        live_home = snap.get_meta("site_url") or ""
        categories = [f"/community/category/{c['slug']}/" for c in snap.iter_categories()]
    forms = live_url_forms(site, live_home) + categories
    result = {"sitemap": survey(nginx_base, sitemap_paths(seo_mirror)),
              "live_forms": survey(nginx_base, forms)}
    ARTIFACT.parent.mkdir(exist_ok=True)
    ARTIFACT.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(json.dumps({k: {n: v for n, v in r.items() if n != "failures"} for k, r in result.items()}))
    assert result["sitemap"]["failed"] == 0, result["sitemap"]["failures"][:20]
    assert result["live_forms"]["failed"] == 0, result["live_forms"]["failures"][:20]
    assert result["sitemap"]["requested"] >= 149 + 11 + 1 + 2 and result["live_forms"]["requested"] > 1000


def test_redirects_keep_encoding_and_land_where_expected(nginx_base):
    with httpx.Client(base_url=nginx_base, timeout=10) as client:
        r = client.get("/community/s/plugin-dev/?sort=popular&pg=2")
        assert (r.status_code, r.headers["location"]) == (301, "/community/s/plugin-dev/sort/popular/pg/2/")
        r = client.get("/community/tag/%25e6%2580%25a7%25e8%2583%25bd/")
        assert (r.status_code, r.headers["location"]) == (301, "/community/tag/%e6%80%a7%e8%83%bd/")
        r = client.get("/community/s/announcements/t/is-it-safe-to-disable-rate-limiting/")
        assert r.headers["location"] == "/community/s/help-desk/t/is-it-safe-to-disable-rate-limiting/"
        r = client.get("//evil.example/../community/s/plugin-dev/?pg=2")
        assert not r.headers.get("location", "").startswith("//")


def test_content_types_of_feeds_oembed_and_sitemaps(nginx_base):
    with httpx.Client(base_url=nginx_base, timeout=10) as client:
        feed = client.get("/community/s/help-desk/feed/")
        assert feed.headers["content-type"].startswith("application/rss+xml")
        assert feed.text.lstrip().startswith("<?xml")
        assert client.get("/community/s/help-desk/feed/atom.xml").headers["content-type"].startswith(
            "application/atom+xml")
        oembed = client.get("/community/s/help-desk/t/is-it-safe-to-disable-rate-limiting/oembed.json")
        assert oembed.headers["content-type"].startswith("application/json") and oembed.json()["type"] == "rich"
        sitemap = client.get("/community-sitemap.xml")
        assert sitemap.headers["content-type"].startswith("application/xml")
        assert sitemap.headers["x-robots-tag"] == "noindex, follow"
        missing = client.get("/community/s/no-such-space/")
        assert missing.status_code == 404 and "<html" in missing.text.lower()
        assert client.get("/_deploy/redirects.json").status_code == 404
