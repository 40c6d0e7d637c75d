"""SEO and link survival for the static mirror: feeds, oEmbed files, sitemaps, robots.txt,
head tags (canonical/OG/Twitter), JSON-LD, redirect maps and per-host configs.

Two ways in:

* :func:`write_seo_files` — given a snapshot, a writer (``write(rel_path, bytes)``) and
  :class:`SeoOptions`, write every SEO file; the build calls it from its extra-writer hook
  (:func:`exporter.seo.hook.seo_extra_writer`).
* :func:`exporter.seo.meta.head_tags` / :func:`exporter.seo.jsonld.jsonld` — pure functions
  for page heads (the build's page hook is :func:`exporter.seo.hook.seo_page_hook`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..snapshot import Snapshot
from ..urls import SiteUrls
from .feeds import write_feeds
from .files import FileWriter, RecordingWriter, WrittenFiles
from .hosting import write_hosting
from .oembed import write_oembed
from .redirects import RedirectOptions
from .robots import write_robots
from .site import SeoSite, gather
from .sitemaps import MAX_BYTES, MAX_URLS, write_sitemaps
from .stubs import write_stubs

__all__ = ["SeoOptions", "SeoReport", "site_urls", "write_seo_files", "gather", "SeoSite"]


@dataclass(frozen=True)
class SeoOptions:
    """``canonical_base``: absolute URL the mirror is served at (``None`` = original host)."""

    canonical_base: str | None = None
    feed_items: int = 20
    sitemap_max_urls: int = MAX_URLS
    sitemap_max_bytes: int = MAX_BYTES
    index_profiles: bool = False
    redirects: RedirectOptions = field(default_factory=RedirectOptions)


@dataclass
class SeoReport:
    files: WrittenFiles
    feeds: int
    oembed_topics: int
    sitemap_urls: list[str]
    stubs: int
    digest: str


def site_urls(snapshot: Snapshot, canonical_base: str | None) -> SiteUrls:
    """URLs on the canonical base (mirror origin, or the live home when ``None``)."""
    home = canonical_base or snapshot.get_meta("site_url") or ""
    return SiteUrls(home=home.rstrip("/"), base_slug=snapshot.get_meta("base_slug", "community") or "community")


def write_seo_files(snapshot: Snapshot, writer: FileWriter, options: SeoOptions | None = None,
                    site: SeoSite | None = None) -> SeoReport:
    """Write feeds, oEmbed, sitemaps, robots.txt, stubs and host configs for ``snapshot``."""
    options = options or SeoOptions()
    site = site or gather(snapshot, site_urls(snapshot, options.canonical_base))
    out = RecordingWriter(writer)
    feeds = write_feeds(site, out, options.feed_items)
    topics = write_oembed(site, out)
    listed = write_sitemaps(site, out, options.index_profiles, options.sitemap_max_urls, options.sitemap_max_bytes)
    write_robots(site, out)
    stubs = write_stubs(site, out, options.redirects)
    write_hosting(site, out, options.redirects, feeds, out.written.by_kind.get("sitemap", []),
                  snapshot.get_meta("site_url"))
    return SeoReport(files=out.written, feeds=len(feeds), oembed_topics=topics, sitemap_urls=listed,
                     stubs=stubs, digest=out.digest.hexdigest())
