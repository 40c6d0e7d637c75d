"""Sitemaps: XSD-valid, live names, exactly the public pages, split at the limit, robots."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from exporter.seo import SeoOptions, write_seo_files
from exporter.snapshot import Snapshot
from tests.seo.conftest import CANONICAL, DirWriter

HERE = Path(__file__).parent
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(HERE / name)))


def _validate_all(root: Path) -> tuple[int, list[str]]:
    """Validate the index and every child it names; return (files validated, URLs listed)."""
    index = etree.parse(str(root / "community-sitemap.xml"))
    _schema("siteindex.xsd").assertValid(index)
    urlset, count, urls = _schema("sitemap.xsd"), 1, []
    for loc in index.findall("sm:sitemap/sm:loc", NS):
        child = etree.parse(str(root / loc.text.removeprefix(CANONICAL + "/")))
        urlset.assertValid(child)
        urls += [u.text for u in child.findall("sm:url/sm:loc", NS)]
        count += 1
    return count, urls


def _public_urls(snapshot: Path) -> list[str]:
    with Snapshot.open(snapshot) as snap:
        spaces = {s["id"]: s for s in snap.iter_spaces() if s["_status"] == "active"}
        posts = [p for p in snap.iter_posts() if p["space_id"] in spaces]
        tagged = {t for t, ids in snap.post_tags().items() if ids}
        tags = [t for t in snap.iter_tags() if int(t["id"]) in tagged]
    base = f"{CANONICAL}/community"
    return ([f"{base}/s/{s['slug']}/" for s in spaces.values()]
            + [f"{base}/s/{spaces[p['space_id']]['slug']}/t/{p['slug']}/" for p in posts]
            + [f"{base}/tag/{t['slug']}/" for t in tags])


def test_sitemaps_validate_and_list_exactly_the_public_pages(seo_out, sample_snapshot):
    root, report = seo_out
    count, urls = _validate_all(root)
    assert count == 4  # index + spaces, posts, tags
    assert len(urls) == len(set(urls))
    assert sorted(urls) == sorted(_public_urls(sample_snapshot)) == sorted(report.sitemap_urls)
    assert (root / "community-sitemap-spaces-1.xml").is_file()


def test_sitemaps_split_at_the_limit_and_stay_valid(tmp_path, sample_snapshot):
    with Snapshot.open(sample_snapshot) as snap:
        report = write_seo_files(snap, DirWriter(tmp_path),
                                 SeoOptions(canonical_base=CANONICAL, sitemap_max_urls=40))
    count, urls = _validate_all(tmp_path)
    posts = [u for u in urls if "/t/" in u]
    assert count == 1 + 1 + -(-len(posts) // 40) + 1
    assert (tmp_path / "community-sitemap-posts-4.xml").is_file()
    assert sorted(urls) == sorted(report.sitemap_urls)


def test_changefreq_is_relative_to_the_crawl_and_output_is_deterministic(tmp_path, sample_snapshot, seo_out):
    root, report = seo_out
    with Snapshot.open(sample_snapshot) as snap:
        again = write_seo_files(snap, DirWriter(tmp_path), SeoOptions(canonical_base=CANONICAL))
    assert again.digest == report.digest
    text = (root / "community-sitemap-spaces-1.xml").read_text("utf-8")
    assert "<changefreq>" in text and "+00:00</lastmod>" in text


def test_robots_points_at_the_index(seo_out):
    root, _ = seo_out
    robots = (root / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {CANONICAL}/community-sitemap.xml" in robots.splitlines()
