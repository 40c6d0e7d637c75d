"""Sitemaps named as on the live site (CONTRACT.md §5.6), split at the protocol's limits.

``/{base}-sitemap.xml`` is a ``<sitemapindex>`` of ``-spaces-{n}``, ``-posts-{n}``,
``-tags-{n}`` (and, when profiles are indexable, ``-profiles-{n}``) children. ``changefreq``
is computed from the age of ``lastmod`` *at the snapshot's crawl time*, so the same snapshot
always gives the same bytes. A child holds at most ``max_urls`` URLs and ``max_bytes`` bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from .files import RecordingWriter, file_for
from .site import SeoSite, activity
from .text import first_date, iso

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
_HEAD = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NS}">\n'
_TAIL = "</urlset>\n"


@dataclass(frozen=True)
class SitemapUrl:
    loc: str              # absolute URL
    lastmod: datetime | None
    priority: str


def changefreq(lastmod: datetime | None, now: datetime) -> str:
    """daily < 2 days, weekly < 30, monthly < 365, else yearly (age at crawl time)."""
    if lastmod is None:
        return "yearly"
    days = (now - lastmod).total_seconds() / 86400
    return "daily" if days < 2 else "weekly" if days < 30 else "monthly" if days < 365 else "yearly"


def space_urls(site: SeoSite) -> list[SitemapUrl]:
    """Public, active spaces by ascending id; lastmod = last activity or updated."""
    rows = sorted((s for s in site.spaces if s.get("_status", "active") == "active"), key=lambda s: int(s["id"]))
    return [SitemapUrl(site.urls.absolute(site.space_path(s)),
                       first_date(s.get("last_activity_at"), s.get("updated_at"), s.get("created_at")), "0.7")
            for s in rows]


def post_urls(site: SeoSite) -> list[SitemapUrl]:
    """Public topics in active spaces by ascending id; lastmod = last activity."""
    active = {int(s["id"]) for s in site.spaces if s.get("_status", "active") == "active"}
    rows = sorted((p for p in site.posts if int(p["space_id"]) in active), key=lambda p: int(p["id"]))
    return [SitemapUrl(site.urls.absolute(path), activity(p), "0.5")
            for p in rows if (path := site.topic_path(p))]


def tag_urls(site: SeoSite) -> list[SitemapUrl]:
    """Tags with public posts; lastmod = newest activity of those posts."""
    rows = sorted(site.tags, key=lambda t: int(t["id"]))
    return [SitemapUrl(site.urls.absolute(site.tag_path(t)),
                       max(activity(p) for p in site.tag_posts[int(t["id"])]), "0.3") for t in rows]


def profile_urls(site: SeoSite) -> list[SitemapUrl]:
    """Member profiles (only when profiles are indexable; live marks them noindex)."""
    return [SitemapUrl(site.urls.absolute(site.profile_path(login)),
                       first_date(user.get("last_seen_at"), user.get("created_at")), "0.3")
            for login, user in site.profiles]


def url_entry(url: SitemapUrl, now: datetime) -> str:
    lastmod = f"<lastmod>{iso(url.lastmod)}</lastmod>" if url.lastmod else ""
    return (f"<url><loc>{escape(url.loc)}</loc>{lastmod}<changefreq>{changefreq(url.lastmod, now)}"
            f"</changefreq><priority>{url.priority}</priority></url>\n")


def chunk(entries: list[str], max_urls: int, max_bytes: int) -> list[list[str]]:
    """Split entries so every file stays within ``max_urls`` and ``max_bytes``."""
    budget = max_bytes - len((_HEAD + _TAIL).encode())
    files: list[list[str]] = []
    current: list[str] = []
    size = 0
    for entry in entries:
        n = len(entry.encode())
        if current and (len(current) >= max_urls or size + n > budget):
            files.append(current)
            current, size = [], 0
        current.append(entry)
        size += n
    return files + ([current] if current else [])


def index_xml(children: list[tuple[str, datetime | None]]) -> bytes:
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NS}">\n']
    for loc, lastmod in children:
        mod = f"<lastmod>{iso(lastmod)}</lastmod>" if lastmod else ""
        parts.append(f"<sitemap><loc>{escape(loc)}</loc>{mod}</sitemap>\n")
    return ("".join(parts) + "</sitemapindex>\n").encode("utf-8")


def sitemap_groups(site: SeoSite, include_profiles: bool) -> list[tuple[str, list[SitemapUrl]]]:
    groups = [("spaces", space_urls(site)), ("posts", post_urls(site)), ("tags", tag_urls(site))]
    if include_profiles:
        groups.append(("profiles", profile_urls(site)))
    return groups


def write_sitemaps(site: SeoSite, out: RecordingWriter, include_profiles: bool = False,
                   max_urls: int = MAX_URLS, max_bytes: int = MAX_BYTES) -> list[str]:
    """Write children and the index; return every URL listed (for tests and reports)."""
    children: list[tuple[str, datetime | None]] = []
    listed: list[str] = []
    for kind, urls in sitemap_groups(site, include_profiles):
        entries = [url_entry(u, site.crawl_time) for u in urls]
        mods = [u.lastmod for u in urls]
        start = 0
        for n, part in enumerate(chunk(entries, max_urls, max_bytes), start=1):
            path = site.urls.sitemap_child(kind, n)
            out.put("sitemap", file_for(path), (_HEAD + "".join(part) + _TAIL).encode("utf-8"))
            newest = max((m for m in mods[start:start + len(part)] if m), default=None)
            children.append((site.urls.absolute(path), newest))
            start += len(part)
        listed += [u.loc for u in urls]
    out.put("sitemap", file_for(site.urls.sitemap_index()), index_xml(children))
    return listed
