"""Cross-check (CONTRACT.md §7.2 step 10): every topic URL in the site's own sitemap should
be in the snapshot; anything missing means a page the crawl missed."""

from __future__ import annotations

import urllib.parse

from lxml import etree

from .context import Crawl

_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_locs(xml: bytes) -> list[str]:
    """``<loc>`` values of a sitemap index or urlset (empty on unparsable XML)."""
    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return []
    return [el.text.strip() for el in root.iter(f"{_NS}loc", "loc") if el.text]


def _norm(url: str) -> str:
    return urllib.parse.unquote(url).rstrip("/").lower()


def crawled_topic_urls(c: Crawl) -> set[str]:
    base = f"{c.site.home}/{c.site.base_slug}" if c.site.base_slug else c.site.home
    rows = c.snap.db.execute("SELECT s.slug, p.slug FROM posts p JOIN spaces s ON s.id = p.space_id")
    return {_norm(f"{base}/s/{space}/t/{post}/") for space, post in rows}


def stage_sitemap_check(c: Crawl) -> None:
    """Fetch ``{home}/{base}-sitemap.xml`` and its post children; report what was missed."""
    c.progress.stage("sitemap cross-check")
    index = c.api.get_raw(f"{c.site.home}/{c.site.base_slug}-sitemap.xml", allow=(403, 404, 410))
    if index is None:
        return
    listed: list[str] = []
    for child in sitemap_locs(index.content):
        if "-sitemap-posts-" in child:
            got = c.api.get_raw(child, allow=(403, 404, 410))
            listed += sitemap_locs(got.content) if got is not None else []
    have = crawled_topic_urls(c)
    c.report.missed = sorted(u for u in dict.fromkeys(listed) if _norm(u) not in have)
    with c.snap.transaction():
        c.snap.put_site("sitemap_check", {"listed": len(listed), "missed": c.report.missed})
