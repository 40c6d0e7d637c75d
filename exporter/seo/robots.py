"""``robots.txt`` for the mirror: allow everything, point at the sitemap index (absolute)."""

from __future__ import annotations

from .files import RecordingWriter
from .site import SeoSite


def robots_txt(site: SeoSite, disallow: tuple[str, ...] = ()) -> bytes:
    """Allow all crawlers (minus ``disallow`` paths) and name the sitemap index on the
    canonical base. Only valid at a host's root: serve the mirror at ``/`` of its host."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallow), "Allow: /", "",
             f"Sitemap: {site.urls.absolute(site.urls.sitemap_index())}", ""]
    return "\n".join(lines).encode("utf-8")


def write_robots(site: SeoSite, out: RecordingWriter, disallow: tuple[str, ...] = ("/_deploy/",)) -> None:
    out.put("robots", "robots.txt", robots_txt(site, disallow))
