"""A real browser reads the canonical, OpenGraph and JSON-LD of a Q&A topic from the DOM."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import sync_playwright

from tests.seo.conftest import CANONICAL
from tests.seo.nginx_server import serve_mirror
from tests.fixtures.browser import launch_chromium

TOPIC = "/community/s/help-desk/t/is-it-safe-to-disable-rate-limiting/"


@pytest.mark.browser
def test_qa_topic_head_in_the_dom(seo_mirror, tmp_path):
    with serve_mirror(seo_mirror, tmp_path / "nginx") as base, sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            page = browser.new_page()
            page.goto(base + TOPIC)
            canonical = page.get_attribute('link[rel="canonical"]', "href")
            og = page.eval_on_selector_all('meta[property^="og:"]',
                                           "els => Object.fromEntries(els.map(e => [e.getAttribute('property'), e.content]))")
            blocks = page.eval_on_selector_all('script[type="application/ld+json"]', "els => els.map(e => e.textContent)")
            oembed = page.get_attribute('link[type="application/json+oembed"]', "href")
        finally:
            browser.close()
    assert canonical == CANONICAL + TOPIC == og["og:url"]
    assert og["og:type"] == "article" and og["og:title"] == "Is it safe to disable rate limiting?"
    types = [json.loads(b)["@type"] for b in blocks]
    assert types == ["BreadcrumbList", "QAPage"]
    qa = json.loads(blocks[1])["mainEntity"]
    assert qa["acceptedAnswer"]["url"].startswith(CANONICAL + TOPIC) and qa["acceptedAnswer"]["text"]
    assert oembed == CANONICAL + TOPIC + "oembed.json"
