"""The SEO writer's shortcuts give the same output as the long way round.

* both oEmbed documents of a topic made at once equal :func:`oembed_document` per kind
  (hostile titles, anonymous and unknown authors, with and without image or text);
* files written through the build's writer are recorded with the writer's own sha256, which
  equals hashing the bytes again (the report digest is the same as through a plain writer);
* feeds whose items are shared between feeds (one feedgen entry per post) equal feeds made
  item by item, hostile titles and authors included;
* the brief body the body cache keeps prints the same feed item and oEmbed description as
  the whole body.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from exporter.build.manifest import Manifest
from exporter.build.writer import Writer
from exporter.seo import SeoOptions, gather, site_urls, write_seo_files
from exporter.seo.feeds import SharedEntries, all_feeds, atom_links, build_generator
from exporter.seo.hook import _OwnedWriter
from exporter.seo.oembed import oembed_document, oembed_documents
from exporter.seo.site import FEED_WORDS, OEMBED_CHARS, BodyText
from exporter.seo.text import clip_chars, clip_words
from exporter.snapshot import Snapshot

from .conftest import CANONICAL, DirWriter

HOSTILE = "</script> \"q\" 'x' & \\ \u2028 é \x01"


@pytest.mark.parametrize("changes", [
    {}, {"title": HOSTILE, "author_name": HOSTILE}, {"author_id": 0, "author_name": ""},
    {"author_login": "not-exported"}, {"title": "", "reply_count": 1, "vote_score": 1},
])
@pytest.mark.parametrize("body", [BodyText("", None), BodyText(HOSTILE * 40, "https://i.example/a\".png")])
def test_oembed_documents_equal_one_document_per_kind(sample_snapshot: Path, changes, body) -> None:
    with Snapshot.open(sample_snapshot) as snap:
        site = gather(snap, site_urls(snap, CANONICAL))
    for post in site.posts[:5]:
        post = {**post, **changes}
        rich, link = oembed_documents(site, post, body)
        assert rich == oembed_document(site, post, "rich", body)
        assert list(rich) == list(oembed_document(site, post, "rich", body))
        assert link == oembed_document(site, post, "link", body)
        assert list(link) == list(oembed_document(site, post, "link", body))


def test_files_through_the_build_writer_record_the_same_digest(sample_snapshot: Path, tmp_path: Path) -> None:
    plain, built = tmp_path / "plain", tmp_path / "built"
    plain.mkdir()
    built.mkdir()
    options = SeoOptions(canonical_base=CANONICAL)
    writer = Writer(built, Manifest())
    with Snapshot.open(sample_snapshot) as snap:
        expected = write_seo_files(snap, DirWriter(plain), options)
        report = write_seo_files(snap, _OwnedWriter(writer), options)
    writer.close()
    assert report.digest == expected.digest
    assert report.files.by_kind == expected.files.by_kind
    for path in writer.entries:
        assert (built / path).read_bytes() == (plain / path).read_bytes()


@pytest.mark.parametrize("changes", [{}, {"title": HOSTILE, "author_name": HOSTILE, "content": HOSTILE}])
def test_feeds_with_shared_entries_equal_feeds_made_item_by_item(sample_snapshot: Path, changes) -> None:
    with Snapshot.open(sample_snapshot) as snap:
        site = gather(snap, site_urls(snap, CANONICAL))
    for post in site.posts[::3]:
        post.update(changes)
    specs = all_feeds(site, 20)
    specs += specs[:2]  # the same spec twice: every entry of it is shared
    shared = SharedEntries(specs)
    assert max(shared.uses.values()) > 1
    for spec in specs:
        fast, slow = build_generator(site, spec, shared), build_generator(site, spec)
        assert fast.rss_str(pretty=True) == slow.rss_str(pretty=True)
        assert atom_links(site, spec, fast).atom_str(pretty=True) == atom_links(site, spec, slow).atom_str(pretty=True)
    assert not shared.made  # each entry left with the last feed that lists it


def _words(count: int, word: str = "wörd") -> str:
    return " ".join(f"{word}{i}" for i in range(count))


@pytest.mark.parametrize("plain", [
    "", "short", "x" * 200, "x" * 201, "x" * 202, "x" * 5000, _words(54), _words(55), _words(56), _words(57),
    _words(300), _words(55, "w"), _words(56, "w"), _words(57, "w"), _words(40, "long" * 10), " ".join(["a"] * 300),
    _words(30) + " " + "y" * 500, HOSTILE * 40, "\n".join(_words(60).split()), "a \u3000 b\x1c" * 100,
    "\U0001f600 " * 120, "word " * 55 + "x" * 300,
])
def test_brief_body_prints_what_the_whole_body_prints(plain: str) -> None:
    whole, brief = BodyText(plain, "https://i.example/a.png"), BodyText(plain, "https://i.example/a.png").brief()
    assert plain.startswith(brief.plain) and brief.image == whole.image
    assert clip_words(brief.plain, FEED_WORDS) == clip_words(plain, FEED_WORDS)
    assert clip_chars(brief.plain, OEMBED_CHARS, keep=OEMBED_CHARS - 3) == clip_chars(plain, OEMBED_CHARS, keep=OEMBED_CHARS - 3)
    assert len(brief.plain) < 1000 or brief.plain == plain  # cut where it can be (a huge word cannot)
