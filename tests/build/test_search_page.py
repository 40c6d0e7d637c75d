"""The mirror's search page in Debian's chromium: Pagefind on a plain static server (no Python
search at serve time), the /search shim under ``create_search_app``; and the bundle's build
guarantees (tracked in the manifest, deterministic, kept when no topic changed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exporter.build.manifest import MANIFEST_NAME
from exporter.snapshot import Audience

from .helpers import serve_dir

QUERIES = [("docker volumes", "Why is Docker volumes returning a 404?"),
           ("这是一篇中文帖子", "Script in a title")]


def _search(browser, base: str, query: str, expected: str) -> tuple[str, str]:
    """Type ``query`` into the search page; return (engine used, href of the expected hit)."""
    page = browser.new_page()
    try:
        page.goto(base + "/community/search/")
        page.fill("#jt-search input[name=q]", query)
        page.press("#jt-search input[name=q]", "Enter")
        hit = page.locator(".jt-search-results a", has_text=expected).first
        hit.wait_for(timeout=20_000)
        return page.locator("#jt-search").get_attribute("data-engine") or "", hit.get_attribute("href") or ""
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("query,expected", QUERIES)
def test_search_page_on_a_static_host_uses_pagefind(browser, site_dir: Path, query: str, expected: str) -> None:
    with serve_dir(site_dir) as base:
        engine, href = _search(browser, base, query, expected)
    assert engine == "pagefind"
    assert href.startswith("/community/s/") and "/t/" in href
    assert (site_dir / href.lstrip("/") / "index.html").is_file()


@pytest.fixture(scope="module")
def search_index_dir(sample_snapshot: Path, tmp_path_factory) -> Path:
    from search_index import build_index

    out = tmp_path_factory.mktemp("shim") / "index"
    build_index(sample_snapshot, out, Audience.PUBLIC)
    return out


@pytest.mark.browser
def test_search_page_served_with_the_shim_uses_it(browser, site_dir: Path, search_index_dir: Path) -> None:
    from exporter.standin import serve_in_thread
    from search_index.app import create_search_app

    query, expected = QUERIES[0]
    with serve_in_thread(create_search_app(search_index_dir, site_dir)) as base:
        engine, href = _search(browser, base, query, expected)
    assert engine == "shim"
    assert href.endswith("/t/why-is-docker-volumes-returning-a-404/")


def test_bundle_is_tracked_and_has_no_unstable_filters(site_dir: Path) -> None:
    manifest = json.loads((site_dir / MANIFEST_NAME).read_text("utf-8"))
    bundle = [rel for rel in manifest["files"] if rel.startswith("pagefind/")]
    assert "pagefind/pagefind.js" in bundle and any(r.endswith(".pf_fragment") for r in bundle)
    assert "pagefind" in manifest["keys"] and manifest["audience"] == "public"
    assert not list((site_dir / "pagefind").glob("filter/*"))  # filters are written in HashMap order
    assert not [p for p in site_dir.iterdir() if p.name.startswith(("jt-pagefind", ".tmp-"))]


def test_topic_pages_mark_what_pagefind_indexes(site_dir: Path) -> None:
    import lxml.html

    page = lxml.html.parse(str(site_dir / "community/s/help-desk/t/is-it-safe-to-disable-rate-limiting/index.html"))
    bodies = page.xpath("//*[@data-pagefind-body]")
    assert len(bodies) == 1 and bodies[0].xpath(".//h1[@data-pagefind-meta='title']")
    assert bodies[0].xpath(".//*[contains(@class,'jt-reply')]") and not page.xpath("//header[@data-pagefind-body]")
    assert all(el.get("data-pagefind-ignore") is not None for el in bodies[0].xpath(".//*[contains(@class,'jt-private-note')]"))
    assert page.getroot().get("lang")
