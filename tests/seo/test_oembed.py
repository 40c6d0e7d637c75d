"""oEmbed documents: the live key sets (rich and link), masking, discovery link."""

from __future__ import annotations

import json

from exporter.seo import gather, site_urls
from exporter.seo.meta import head_tags
from exporter.seo.oembed import discovery_link
from exporter.seo.page import PageInfo, context_from_snapshot
from exporter.snapshot import Snapshot
from tests.seo.conftest import CANONICAL

OPTIONAL = {"author_url", "description", "thumbnail_url", "thumbnail_width", "thumbnail_height"}


def _keys(samples_dir, name: str) -> set[str]:
    return set(json.loads((samples_dir / f"{name}.body.json").read_text("utf-8")))


def test_every_topic_has_rich_and_link_documents_with_the_live_keys(seo_out, samples_dir):
    root, report = seo_out
    rich_keys, link_keys = _keys(samples_dir, "13-oembed"), _keys(samples_dir, "13-oembed-link-type")
    rich = sorted(root.rglob("oembed.json"))
    link = sorted(root.rglob("oembed-link.json"))
    assert len(rich) == len(link) == report.oembed_topics == 149
    for path in rich:
        doc = json.loads(path.read_text("utf-8"))
        assert rich_keys - OPTIONAL <= set(doc) <= rich_keys | OPTIONAL, path
        assert doc["type"] == "rich" and doc["width"] == 550 and doc["height"] == 220
        assert doc["provider_url"] == CANONICAL + "/"
    for path in link:
        doc = json.loads(path.read_text("utf-8"))
        assert set(doc) <= link_keys | OPTIONAL and not {"html", "width", "height"} & set(doc)


def test_sample_topic_matches_the_live_document(seo_out, samples_dir):
    root, _ = seo_out
    live = json.loads((samples_dir / "13-oembed.body.json").read_text("utf-8"))
    doc = json.loads((root / "community/s/announcements/t/lazy-loading-broke-after-updating-anyone-else/"
                      "oembed.json").read_text("utf-8"))
    for key in ("version", "type", "title", "author_name", "provider_name", "cache_age", "description"):
        assert doc[key] == live[key], key
    assert doc["author_url"] == f"{CANONICAL}/community/u/grace_kim/"


def test_anonymous_topic_never_names_its_author(seo_out):
    root, _ = seo_out
    folder = root / "community/s/introductions/t/just-shipped-a-site-using-image-sizes-\U0001f389"
    for name in ("oembed.json", "oembed-link.json"):
        doc = json.loads((folder / name).read_text("utf-8"))
        assert doc["author_name"] == "Anonymous" and "author_url" not in doc


def test_discovery_link_on_topic_pages(sample_snapshot):
    with Snapshot.open(sample_snapshot) as snap:
        urls = site_urls(snap, CANONICAL)
        site, ctx = gather(snap, urls), context_from_snapshot(snap, urls)
    post = next(p for p in site.posts if p["slug"] == "is-it-safe-to-disable-rate-limiting")
    link = discovery_link(site, post)
    expected = f"{CANONICAL}/community/s/help-desk/t/is-it-safe-to-disable-rate-limiting/oembed.json"
    assert link is not None and link["href"] == expected
    page = PageInfo(kind="topic", path=site.topic_path(post), post=post, space=site.space_by_id[post["space_id"]])
    html = "\n".join(t.html() for t in head_tags(ctx, page))
    assert f'type="application/json+oembed" title="Is it safe to disable rate limiting?" href="{expected}"' in html
