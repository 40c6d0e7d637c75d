"""The community sitemap (§5.6): ``{base}-sitemap.xml`` and its spaces/posts children.

5000 URLs per child by ascending id; spaces public *and* active; posts published, non-private,
in public active spaces. Not gated by private mode. 404 past the end (empty urlset).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from starlette.responses import Response

from .dataset import Dataset
from .dates import days_before, w3c

PER_CHILD = 5000
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
HEADERS = {"Expires": "Wed, 11 Jan 1984 05:00:00 GMT",
           "Cache-Control": "no-cache, must-revalidate, max-age=0, no-store, private",
           "X-Robots-Tag": "noindex, follow"}
XML_TYPE = "application/xml; charset=UTF-8"


@dataclass(frozen=True)
class Entry:
    loc: str
    lastmod: str | None


def _space_entries(ds: Dataset) -> list[Entry]:
    base = ds.site.base_slug
    return [Entry(f"{{home}}/{base}/s/{s.slug}/", s.last_activity_at or s.updated_at)
            for s in sorted(ds.spaces, key=lambda s: s.id)
            if s.visibility == "public" and s.status == "active"]


def _post_entries(ds: Dataset) -> list[Entry]:
    base, out = ds.site.base_slug, []
    for p in sorted(ds.posts, key=lambda p: p.id):
        s = ds.space_of(p)
        if (s is None or s.visibility != "public" or s.status != "active"
                or p.status != "publish" or p.is_private):
            continue
        out.append(Entry(f"{{home}}/{base}/s/{s.slug}/t/{p.slug}/",
                         p.last_reply_at or p.updated_at or p.created_at))
    return out


def entries(ds: Dataset, kind: str) -> list[Entry]:
    """All sitemap entries of ``spaces`` or ``posts``, cached per dataset version."""
    build = _space_entries if kind == "spaces" else _post_entries
    return ds.cached(("sitemap", kind), lambda: build(ds))


def changefreq(lastmod: str | None, now: str) -> str:
    """Age of ``lastmod``: <2 days daily, <30 weekly, <365 monthly, else yearly."""
    if lastmod and lastmod >= days_before(now, 2):
        return "daily"
    if lastmod and lastmod >= days_before(now, 30):
        return "weekly"
    if lastmod and lastmod >= days_before(now, 365):
        return "monthly"
    return "yearly"


def _xml(body: str, status: int, origin: str) -> Response:
    return Response(body.replace("{home}", origin), status_code=status, headers=HEADERS,
                    media_type=XML_TYPE)


def index_xml(ds: Dataset, origin: str) -> Response:
    """The sitemap index: one ``<sitemap>`` per child, lastmod = newest of that type."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{NS}">']
    for kind in ("spaces", "posts"):
        rows = entries(ds, kind)
        newest = max((e.lastmod for e in rows if e.lastmod), default=None)
        for n in range(1, (len(rows) + PER_CHILD - 1) // PER_CHILD + 1):
            parts.append(f"\t<sitemap>\n\t\t<loc>{{home}}/{ds.site.base_slug}-sitemap-{kind}-{n}.xml"
                         f"</loc>\n\t\t<lastmod>{w3c(newest)}</lastmod>\n\t</sitemap>")
    parts.append("</sitemapindex>\n")
    return _xml("\n".join(parts), 200, origin)


def child_xml(ds: Dataset, kind: str, n: int, origin: str) -> Response:
    """One child sitemap; 404 with an empty urlset past the end."""
    rows = entries(ds, kind)[(n - 1) * PER_CHILD:n * PER_CHILD] if n >= 1 else []
    if not rows:
        return _xml(f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NS}"></urlset>', 404, origin)
    priority = "0.7" if kind == "spaces" else "0.5"
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{NS}">']
    for e in rows:
        lastmod = f"\n\t\t<lastmod>{w3c(e.lastmod)}</lastmod>" if e.lastmod else ""
        parts.append(f"\t<url>\n\t\t<loc>{escape(e.loc)}</loc>{lastmod}\n\t\t<changefreq>"
                     f"{changefreq(e.lastmod, ds.site.now)}</changefreq>\n\t\t<priority>{priority}"
                     "</priority>\n\t</url>")
    parts.append("</urlset>\n")
    return _xml("\n".join(parts), 200, origin)


def sitemap_response(ds: Dataset, path: str, origin: str) -> Response | None:
    """The sitemap answer for ``path``, or None when ``path`` is not a sitemap URL."""
    base = re.escape(ds.site.base_slug)
    if path == f"/{ds.site.base_slug}-sitemap.xml":
        return index_xml(ds, origin) if ds.site.sitemap_enabled else None
    m = re.fullmatch(f"/{base}-sitemap-(spaces|posts)-(\\d+)\\.xml", path)
    if m is None or not ds.site.sitemap_enabled:
        return None
    return child_xml(ds, m.group(1), int(m.group(2)), origin)
