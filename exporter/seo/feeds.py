"""RSS 2.0 (and Atom) feeds with feedgen: one per public space, one per tag, one site-wide.

Space feeds answer at the live path ``{base}/s/{slug}/feed/`` (CONTRACT.md §5.2): 20 posts in
the space's ``latest`` order, ``dc:creator`` masked, description = first 55 words of
``content_plain``. Fixed live bugs: dates are real UTC (``+0000``), entities are decoded, and
``lastBuildDate`` is the newest activity rather than the first item's creation time.

On disk a feed folder holds ``index.xml`` (the RSS), ``atom.xml`` and an ``index.html``
discovery page for hosts that can only serve ``index.html`` for a folder (see
:mod:`exporter.seo.hosting`).
"""

from __future__ import annotations

import copy
import html
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from .files import RecordingWriter, file_for
from .site import FEED_WORDS, Row, SeoSite, activity, created, newest_order
from .text import clip_words, literal_text, plain_text

GENERATOR = "jetonomy-export (static mirror of a Jetonomy community)"
DESCRIPTION_WORDS = FEED_WORDS
RSS_FILE = "index.xml"
ATOM_FILE = "atom.xml"


@dataclass(frozen=True)
class FeedSpec:
    """One feed: where it lives, what it says about itself, and its items (already ordered)."""

    path: str          # root-relative feed folder URL, e.g. /community/s/help/feed/
    title: str
    link: str          # root-relative page the feed belongs to
    description: str
    items: list[Row]
    fallback_date: datetime


def creator(post: Row) -> str:
    """Display name as a guest sees it (anonymous/deleted already masked by the snapshot)."""
    return literal_text(post.get("author_name")) or "Anonymous"


def item_description(site: SeoSite, post: Row) -> str:
    """The first words of the post's body (read once for every feed and file that shows it)."""
    return clip_words(site.body(post).plain, DESCRIPTION_WORDS)


def space_feeds(site: SeoSite, limit: int) -> list[FeedSpec]:
    """A feed for every public space (archived ones included: they stay readable)."""
    specs = []
    for space in site.spaces:
        title = literal_text(space.get("title"))
        specs.append(FeedSpec(
            path=site.space_path(space) + "feed/", title=f"{title} \u2013 {site.site_name}",
            link=site.space_path(space),
            description=plain_text(space.get("description")) or title,
            items=site.space_posts(int(space["id"]))[:limit], fallback_date=site.crawl_time))
    return specs


def tag_feeds(site: SeoSite, limit: int) -> list[FeedSpec]:
    """A feed per tag with public posts: newest tagged topics first."""
    specs = []
    for tag in site.tags:
        name = literal_text(tag.get("name")) or tag["slug"]
        specs.append(FeedSpec(
            path=site.tag_path(tag) + "feed/", title=f"#{name} \u2013 {site.site_name}",
            link=site.tag_path(tag), description=f"Discussions tagged #{name} on {site.site_name}.",
            items=site.tag_posts[int(tag["id"])][:limit], fallback_date=site.crawl_time))
    return specs


def community_feed(site: SeoSite, limit: int) -> FeedSpec:
    """New topics across every public space, newest first (like ``/feed?sort=new``)."""
    return FeedSpec(path=f"{site.urls.base}/feed/", title=f"New topics \u2013 {site.site_name}",
                    link=site.urls.home_page(), description=f"New topics on {site.site_name}.",
                    items=newest_order(site.posts)[:limit], fallback_date=site.crawl_time)


class SharedEntries:
    """Feed items made once per post for every feed that lists it (a post sits in its
    space's feed, its tags' feeds and the site feed): feedgen turns the same entry object
    into the same XML in each feed. An entry is dropped after the last feed that lists it."""

    def __init__(self, specs: list[FeedSpec]):
        self.uses = Counter(id(post) for spec in specs for post in spec.items)
        self.made: dict[int, FeedEntry] = {}

    def add(self, fg: FeedGenerator, site: SeoSite, post: Row) -> None:
        """Append ``post``'s entry to ``fg`` (made by :func:`add_item` the first time; a
        :class:`KeptEntry` when another feed lists it too)."""
        key = id(post)  # the specs hold the rows: one object, one post
        entry = self.made.pop(key, None)
        if entry is None:
            entry = add_item(fg, site, post, KeptEntry() if self.uses[key] > 1 else None)
        else:
            fg.add_entry(entry, order="append")  # its dc extension is already registered
        self.uses[key] -= 1
        if self.uses[key] > 0:
            self.made[key] = entry


class KeptEntry(FeedEntry):
    """An entry several feeds list: feedgen builds its XML (``<item>``, ``<entry>``) anew for
    every feed it serialises; this one builds each once and hands every feed a copy (lxml
    copies a tree in C). The kept elements never join a feed's tree, so each copy is what a
    fresh build would be. Only for entries that are complete: nothing is set after the
    first feed is serialised."""

    def __init__(self) -> None:
        super().__init__()
        self._kept: dict[tuple[str, bool], Any] = {}

    def rss_entry(self, extensions: bool = True) -> Any:
        return self._copy("rss", extensions, super().rss_entry)

    def atom_entry(self, extensions: bool = True) -> Any:
        return self._copy("atom", extensions, super().atom_entry)

    def _copy(self, kind: str, extensions: bool, build: Callable[[bool], Any]) -> Any:
        element = self._kept.get((kind, extensions))
        if element is None:
            element = self._kept[kind, extensions] = build(extensions)
        return copy.deepcopy(element)


def build_generator(site: SeoSite, spec: FeedSpec, shared: SharedEntries | None = None) -> FeedGenerator:
    """A feedgen feed for ``spec`` with absolute canonical URLs and fixed dates (its items
    from ``shared`` when given)."""
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    absolute = site.urls.absolute
    updated = max((activity(p) for p in spec.items), default=spec.fallback_date)
    fg.id(absolute(spec.path))
    fg.title(spec.title)
    fg.link(href=absolute(spec.path), rel="self", type="application/rss+xml")
    fg.link(href=absolute(spec.link), rel="alternate")  # feedgen's RSS <link> = last link
    fg.description(spec.description)
    fg.language(site.language)
    fg.lastBuildDate(updated)
    fg.updated(updated)
    fg.generator(GENERATOR)
    for post in spec.items:
        if shared is None:
            add_item(fg, site, post)
        else:
            shared.add(fg, site, post)
    return fg


def add_item(fg: FeedGenerator, site: SeoSite, post: Row, entry: FeedEntry | None = None) -> FeedEntry:
    """Add ``post``'s item to ``fg`` (filling ``entry`` when given, else a new entry)."""
    url = site.urls.absolute(site.topic_path(post) or site.urls.home_page())
    entry = fg.add_entry(entry, order="append")
    entry.id(url)
    entry.guid(url, permalink=True)
    entry.title(literal_text(post.get("title")) or "(untitled)")
    entry.link(href=url)
    entry.pubDate(created(post))
    entry.published(created(post))
    entry.updated(activity(post))
    entry.author({"name": creator(post)})
    entry.dc.dc_creator(creator(post))
    description = item_description(site, post)
    if description:
        entry.description(html.escape(description, quote=False))
    return entry


def discovery_page(site: SeoSite, spec: FeedSpec) -> bytes:
    """``index.html`` of a feed folder for hosts that cannot serve ``index.xml`` there."""
    rss = html.escape(site.urls.absolute(spec.path + RSS_FILE))
    atom = html.escape(site.urls.absolute(spec.path + ATOM_FILE))
    title = html.escape(spec.title)
    page = html.escape(site.urls.absolute(spec.link))
    return (f'<!doctype html>\n<html lang="{html.escape(site.language)}"><head><meta charset="utf-8">'
            f"<title>{title} (RSS)</title><meta name=\"robots\" content=\"noindex, follow\">"
            f'<link rel="alternate" type="application/rss+xml" title="{title}" href="{rss}">'
            f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{atom}">'
            f'<meta http-equiv="refresh" content="0; url={rss}"></head><body>'
            f'<p>This is the feed of <a href="{page}">{title}</a>: subscribe to '
            f'<a href="{rss}">RSS</a> or <a href="{atom}">Atom</a>.</p></body></html>\n').encode("utf-8")


def all_feeds(site: SeoSite, limit: int) -> list[FeedSpec]:
    return [community_feed(site, limit), *space_feeds(site, limit), *tag_feeds(site, limit)]


def write_feeds(site: SeoSite, out: RecordingWriter, limit: int = 20) -> list[FeedSpec]:
    """Write every feed (RSS + Atom + discovery page); return the specs written."""
    specs = all_feeds(site, limit)
    shared = SharedEntries(specs)
    for spec in specs:
        key = feed_key(site, spec)
        made: list[FeedGenerator] = []  # one generator for both files, made only when needed

        def generator(spec: FeedSpec = spec, made: list[FeedGenerator] = made) -> FeedGenerator:
            if not made:
                made.append(build_generator(site, spec, shared))
            return made[0]

        out.put_keyed("rss", file_for(spec.path, RSS_FILE), key and key + "-rss",
                      lambda: generator().rss_str(pretty=True))  # noqa: B023 - called right here
        out.put_keyed("atom", file_for(spec.path, ATOM_FILE), key and key + "-atom",
                      lambda: atom_links(site, spec, generator()).atom_str(pretty=True))  # noqa: B023
        out.put("feed-html", file_for(spec.path), discovery_page(site, spec))
    return specs


def atom_links(site: SeoSite, spec: FeedSpec, fg: FeedGenerator) -> FeedGenerator:
    """``fg`` with the Atom ``self``/``alternate`` links (after its RSS was made)."""
    fg.link([{"href": site.urls.absolute(spec.path + ATOM_FILE), "rel": "self",
              "type": "application/atom+xml"},
             {"href": site.urls.absolute(spec.link), "rel": "alternate"}], replace=True)
    return fg


def feed_key(site: SeoSite, spec: FeedSpec) -> str | None:
    """Fingerprint of a feed's inputs: the site, the spec, and each item's post stamp."""
    stamps = [site.post_stamp(p) for p in spec.items]
    if not site.stamp or None in stamps:
        return None
    return site.file_key("feed", spec.path, spec.title, spec.link, spec.description,
                         spec.fallback_date.isoformat(), [int(p["id"]) for p in spec.items], stamps)
