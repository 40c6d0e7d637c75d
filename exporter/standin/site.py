"""Non-REST WordPress surface: ``/`` (HTML with the REST ``Link``), ``robots.txt``, media
files, WordPress' own ``/feed/`` and ``wp-sitemap.xml``, and a plain 404 page.

The stand-in is not the Jetonomy front end: HTML pages are minimal on purpose.
"""

from __future__ import annotations

from html import escape

from starlette.responses import Response

from .dataset import Dataset
from .dates import http_date, rss_date


def _link(origin: str) -> dict[str, str]:
    return {"Link": f'<{origin}/wp-json/>; rel="https://api.w.org/"'}


def home_page(ds: Dataset, origin: str) -> Response:
    """A plain WordPress-looking home page advertising the REST root."""
    name = escape(ds.site.name)
    body = (f"<!DOCTYPE html>\n<html lang=\"{escape(ds.site.language)}\"><head><meta charset=\"UTF-8\">"
            f"<title>{name}</title><link rel=\"https://api.w.org/\" href=\"{origin}/wp-json/\">"
            f"</head><body><h1>{name}</h1><p>{escape(ds.site.description)}</p>"
            f"<p><a href=\"{origin}/{ds.site.base_slug}/\">Community</a></p></body></html>\n")
    return Response(body, headers=_link(origin), media_type="text/html; charset=UTF-8")


def not_found_page(origin: str) -> Response:
    """WordPress' 404 page (HTML, still with the REST ``Link`` header)."""
    body = "<!DOCTYPE html>\n<html><head><title>Page not found</title></head><body>Not found</body></html>\n"
    return Response(body, status_code=404, headers=_link(origin), media_type="text/html; charset=UTF-8")


def robots(ds: Dataset, origin: str) -> Response:
    """``robots.txt`` (sample 24-robots-txt); not gated in private mode."""
    lines = ["User-agent: *", "Disallow: /wp-admin/", "Allow: /wp-admin/admin-ajax.php", "",
             f"Sitemap: {origin}/wp-sitemap.xml", ""]
    if ds.site.sitemap_enabled:
        lines += [f"Sitemap: {origin}/{ds.site.base_slug}-sitemap.xml"]
    return Response("\n".join(lines) + "\n", headers=_link(origin), media_type="text/plain; charset=utf-8")


def media(ds: Dataset, path: str) -> Response | None:
    """A file of ``media[]`` at its path, or None."""
    item = ds.media_by_path.get(path.lstrip("/"))
    if item is None:
        return None
    return Response(item.data, media_type=item.mime)


def wp_feed(ds: Dataset, origin: str) -> Response:
    """WordPress' blog feed ``/feed/`` (unrelated to Jetonomy; no blog posts here)."""
    body = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
            '\txmlns:atom="http://www.w3.org/2005/Atom"\n\t>\n\n<channel>\n'
            f"\t<title>{escape(ds.site.name)}</title>\n"
            f'\t<atom:link href="{origin}/feed/" rel="self" type="application/rss+xml" />\n'
            f"\t<link>{origin}</link>\n\t<description>{escape(ds.site.description)}</description>\n"
            f"\t<lastBuildDate>{rss_date(ds.site.now, 0)}</lastBuildDate>\n"
            f"\t<language>{escape(ds.site.language)}</language>\n</channel>\n</rss>\n")
    headers = {**_link(origin), "Last-Modified": http_date(ds.site.now)}
    return Response(body, headers=headers, media_type="application/rss+xml; charset=UTF-8")


def wp_sitemap(origin: str) -> Response:
    """WordPress core's ``wp-sitemap.xml`` index (no Jetonomy URLs in it)."""
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{origin}/wp-sitemap-users-1.xml</loc></sitemap></sitemapindex>\n")
    return Response(body, media_type="application/xml; charset=UTF-8")
