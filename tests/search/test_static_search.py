"""Pagefind bundle over a built mirror, and the search page in Debian's chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporter.standin import serve_in_thread
from search_index.app import create_search_app
from search_index.static_search import build_static_search, cjk_spaced_html

from tests.fixtures.browser import launch_chromium

from .static_site import build_site


@pytest.fixture(scope="module")
def static_site(tmp_path_factory) -> Path:
    site = build_site(tmp_path_factory.mktemp("static") / "site")
    report = build_static_search(site)
    assert report.pages == 3 and (site / "pagefind" / "pagefind.js").is_file()
    return site


def test_cjk_spacing_touches_text_only():
    assert cjk_spaced_html('<p title="永久">永久链接 ok</p>') == '<p title="永久"> 永  久  链  接  ok</p>'
    assert cjk_spaced_html("<p>plain</p>") == "<p>plain</p>"


def test_bundle_is_split_into_chunks_and_fragments(static_site: Path):
    bundle = static_site / "pagefind"
    assert list(bundle.glob("fragment/*.pf_fragment")) and list(bundle.glob("index/*.pf_index"))


def test_static_host_serves_site_without_shim(static_site: Path):
    from starlette.testclient import TestClient

    with TestClient(create_search_app(None, static_site)) as client:
        assert client.get("/community/search/").status_code == 200
        missing = client.get("/community/nope/")
        assert missing.status_code == 404 and "Not found" in missing.text
        assert client.get("/wp-json/jetonomy/v1/search?q=cache").status_code == 404


@pytest.mark.browser
@pytest.mark.parametrize("query,expected", [
    ("transients", "Configuring the transients cache"),
    ("链接功能", "中文帖子测试"),
    ("العربية", "مشاركة عربية"),
])
def test_search_page_finds_topic_in_browser(static_site: Path, query: str, expected: str):
    from playwright.sync_api import sync_playwright

    with serve_in_thread(create_search_app(None, static_site)) as url, sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            page = browser.new_page()
            page.goto(f"{url}/community/search/")
            page.fill("#jt-search input[name=q]", query)
            page.press("#jt-search input[name=q]", "Enter")
            link = page.locator(".jt-search-results a", has_text=expected)
            link.first.wait_for(timeout=20_000)
            assert page.locator("#jt-search").get_attribute("data-engine") == "pagefind"
            assert link.first.get_attribute("href").startswith("/community/s/help/t/")
            assert "ignoreme" not in page.locator(".jt-search-results").inner_text()
        finally:
            browser.close()
