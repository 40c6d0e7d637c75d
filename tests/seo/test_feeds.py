"""Feeds: valid RSS/Atom (feedparser, no bozo), the live item order, masking, fixed dates."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser

from exporter.snapshot import Snapshot

from tests.seo.conftest import CANONICAL


def _feed(root: Path, folder: str, name: str = "index.xml"):
    return feedparser.parse((root / folder / name).read_bytes())


def test_every_feed_parses_without_error(seo_out):
    root, report = seo_out
    rss = report.files.by_kind["rss"]
    atom = report.files.by_kind["atom"]
    assert len(rss) == len(atom) == report.feeds == 1 + 11 + 1  # site-wide, 11 spaces, 1 tag
    for rel in rss + atom:
        parsed = feedparser.parse((root / rel).read_bytes())
        assert not parsed.bozo, (rel, parsed.get("bozo_exception"))
        assert parsed.version in ("rss20", "atom10")


def test_space_feed_items_are_the_live_latest_order(seo_out, samples_dir):
    """help-desk: the real API's complete ``latest`` listing, first 20 (pinned first)."""
    root, _ = seo_out
    live = json.loads((samples_dir / "05-space-posts-limit100.body.json").read_text("utf-8"))["data"]
    expected = [f"{CANONICAL}/community/s/help-desk/t/{p['slug']}/" for p in live[:20]]
    parsed = _feed(root, "community/s/help-desk/feed")
    assert [e.link for e in parsed.entries] == expected
    assert [e.id for e in parsed.entries] == expected
    assert parsed.feed.link == f"{CANONICAL}/community/s/help-desk/"


def test_partial_space_feed_starts_with_the_live_top_ten(seo_out, samples_dir):
    root, _ = seo_out
    live = json.loads((samples_dir / "05-space-posts-sort-latest.body.json").read_text("utf-8"))["data"]
    parsed = _feed(root, "community/s/plugin-dev/feed")
    assert len(parsed.entries) == 20
    assert [e.link for e in parsed.entries[:10]] == [
        f"{CANONICAL}/community/s/plugin-dev/t/{p['slug']}/" for p in live]
    raw = (root / "community/s/plugin-dev/feed/index.xml").read_text("utf-8")
    assert "<title>Legacy import: &lt;a href=" in raw  # a plain-text title stays literal text


def test_items_mask_authors_and_fix_live_bugs(seo_out):
    root, _ = seo_out
    raw = (root / "community/s/introductions/feed/index.xml").read_text("utf-8")
    parsed = feedparser.parse(raw)
    anonymous = [e for e in parsed.entries if "image sizes" in e.title]
    assert anonymous and anonymous[0].author == "Anonymous"
    dates = re.findall(r"<pubDate>([^<]+)</pubDate>", raw)
    assert dates and all(d.endswith("+0000") for d in dates)
    assert "&hellip;" not in raw and "&nbsp;" not in raw
    for entry in parsed.entries:
        words = entry.summary.split()
        assert len(words) <= 55 or (len(words) == 55 and entry.summary.endswith("\u2026"))


def test_description_is_55_words_with_ellipsis(seo_out):
    root, _ = seo_out
    parsed = _feed(root, "community/s/help-desk/feed")
    cut = [e.summary for e in parsed.entries if e.summary.endswith("\u2026")]
    assert cut and all(len(s.split()) == 55 for s in cut)


def test_feed_folder_has_a_discovery_page(seo_out):
    root, _ = seo_out
    page = (root / "community/s/help-desk/feed/index.html").read_text("utf-8")
    assert 'type="application/rss+xml"' in page
    assert f"{CANONICAL}/community/s/help-desk/feed/index.xml" in page


def test_tag_and_site_feeds(seo_out, sample_snapshot):
    root, _ = seo_out
    with Snapshot.open(sample_snapshot) as snap:
        tag_id = next(t["id"] for t in snap.iter_tags() if t["slug"] == "accessibility")
        tagged = set(snap.post_tags()[int(tag_id)])
        slugs = [p["slug"] for p in snap.iter_posts() if p["id"] in tagged]
    tag = _feed(root, "community/tag/accessibility/feed")
    assert slugs and [e.link.rsplit("/t/", 1)[1] for e in tag.entries] == [f"{s}/" for s in slugs]
    site = _feed(root, "community/feed")
    created = [e.published_parsed for e in site.entries]
    assert len(site.entries) == 20 and created == sorted(created, reverse=True)
