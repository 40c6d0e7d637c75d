"""The space RSS feed ``{base}/s/{slug}/feed/`` (§5.2), live quirks included.

Quirks reproduced: 20 posts in ``latest`` order (pinned first); dates print the UTC clock
followed by the site's offset; descriptions end in a raw ``&hellip;`` entity (not valid XML)
and keep entities of ``content_plain``; ``lastBuildDate``/``Last-Modified`` come from the first
item. 404 ``text/html`` when the community is private or the space is not readable.
"""

from __future__ import annotations

import re

from starlette.responses import Response

from .content import esc_html, strip_all_tags, trim_words
from .dataset import Dataset
from .dates import http_date, rss_date
from .lists import space_posts
from .models import Post
from .serialize import plain
from .viewer import Viewer

NO_CACHE = {"Expires": "Wed, 11 Jan 1984 05:00:00 GMT",
            "Cache-Control": "no-cache, must-revalidate, max-age=0, no-store, private"}
ITEMS = 20


def _creator(ds: Dataset, post: Post) -> str:
    user = ds.user(post.author_id)
    if post.is_anonymous:
        return "Anonymous"
    return user.display_name if user else "[deleted]"


def _item(ds: Dataset, post: Post, space_url: str) -> str:
    url = f"{space_url}t/{post.slug}/"
    desc = esc_html(trim_words(plain(post.content, post.content_plain), 55))
    return (f"<item>\n\t\t<title>{esc_html(post.title)}</title>\n\t\t<link>{url}</link>\n"
            f"\t\t<guid isPermaLink=\"true\">{url}</guid>\n"
            f"\t\t<pubDate>{rss_date(post.created_at, ds.site.gmt_offset)}</pubDate>\n"
            f"\t\t<dc:creator>{esc_html(_creator(ds, post))}</dc:creator>\n"
            f"\t\t<description>{desc}</description>\n\t</item>")


def not_found_html() -> Response:
    return Response(b"", status_code=404, headers=NO_CACHE, media_type="text/html; charset=UTF-8")


def feed_response(ds: Dataset, viewer: Viewer, path: str, origin: str) -> Response | None:
    """The RSS answer for ``path``, or None when ``path`` is not a space feed URL."""
    base = re.escape(ds.site.base_slug)
    m = re.fullmatch(f"/{base}/s/([^/]+)/feed/?", path)
    if m is None:
        return None
    space = next((s for s in ds.spaces if s.slug == m.group(1)), None)
    if space is None or not viewer.passes_gate(ds.site) or not viewer.can_read_space(space):
        return not_found_html()
    posts = space_posts(ds, viewer, space, "latest")[:ITEMS]
    space_url = f"{{home}}/{ds.site.base_slug}/s/{space.slug}/"
    first = posts[0].created_at if posts else ds.site.now
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n'
            f"<channel>\n\t<title>{esc_html(space.title)} – {esc_html(ds.site.name)}</title>\n"
            f"\t<link>{space_url}</link>\n\t<atom:link href=\"{space_url}feed/\" rel=\"self\" "
            "type=\"application/rss+xml\" />\n"
            f"\t<description>{esc_html(strip_all_tags(space.description))}</description>\n"
            f"\t<language>{ds.site.language}</language>\n"
            f"\t<lastBuildDate>{rss_date(first, ds.site.gmt_offset)}</lastBuildDate>\n"
            "\t<generator>Jetonomy 1.9.3</generator>\n")
    items = "".join(("\t\t\t\t\t\t" if i == 0 else "\n\t\t\t\t") + _item(ds, p, space_url)
                    for i, p in enumerate(posts))
    body = (head + items + "\n</channel>\n</rss>\n\t\t").replace("{home}", origin)
    headers = {**NO_CACHE, "Last-Modified": http_date(first)}
    return Response(body.encode("utf-8"), headers=headers,
                    media_type="application/rss+xml; charset=UTF-8")
