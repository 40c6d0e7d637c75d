"""The live site's URL scheme (CONTRACT.md §5.1) and where each page lives in the mirror.

Every href the mirror emits is the *live* path (slugs verbatim, so percent-encoded slugs stay
percent-encoded, trailing slash kept), so old links keep working when the mirror is served
where the forum was. Query-string pages of the live site get static paths of their own:

============================  ==========================================
live URL                      mirror path
============================  ==========================================
``{base}/s/{s}/?pg=N``        ``{base}/s/{s}/pg/N/``
``{base}/s/{s}/?sort=X``      ``{base}/s/{s}/sort/X/`` (+ ``pg/N/``)
``{base}/s/{s}/t/{t}/?rpg=N`` ``{base}/s/{s}/t/{t}/rpg/N/``
``{base}/s/{s}/members/?paged=N`` ``{base}/s/{s}/members/pg/N/``
``{base}/u/{login}/{tab}/?pg=N``  ``{base}/u/{login}/{tab}/pg/N/``
``{base}/tag/{t}/?paged=N``   ``{base}/tag/{t}/pg/N/``
``{base}/leaderboard/?period=P&pg=N`` ``{base}/leaderboard/P/`` (+ ``pg/N/``)
============================  ==========================================

A static server decodes ``%xx`` before it maps a path to a file, so the file for a
percent-encoded slug is named with the decoded bytes (:func:`url_path_to_file`).
"""

from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass

# One path component on common filesystems holds at most 255 bytes.
_MAX_SEGMENT_BYTES = 255


def segment_is_safe(segment: str) -> bool:
    """Whether a (percent-encoded) slug can be one path segment, decoded, on disk."""
    if not segment:
        return False
    raw = urllib.parse.unquote_to_bytes(segment)
    if raw in (b".", b"..") or len(raw) > _MAX_SEGMENT_BYTES:
        return False
    try:  # an invalid UTF-8 escape (``%E6`` alone) would become an undecodable file name
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(b in raw for b in (b"/", b"\\", b"\x00")) and all(c >= 0x20 and c != 0x7F for c in raw)


# Characters a path segment may carry literally in an href (RFC 3986 pchar, without "%"
# which is checked separately as a %XX escape).
_PCHAR = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@")
_HEX = frozenset("0123456789abcdefABCDEF")


def segment_is_linkable(segment: str) -> bool:
    """Whether a slug can be emitted verbatim as one href segment *and* stored on disk.

    Stricter than :func:`segment_is_safe`: only RFC 3986 path characters and well-formed
    ``%XX`` escapes (a raw ``?``, ``#``, space or quote would change what the href means).
    """
    if not segment_is_safe(segment):
        return False
    i, n = 0, len(segment)
    while i < n:
        ch = segment[i]
        if ch == "%":
            pair = segment[i + 1:i + 3]
            if len(pair) != 2 or not set(pair) <= _HEX:
                return False
            i += 3
            continue
        if ch not in _PCHAR:
            return False
        i += 1
    return True


def quote_segment(text: str) -> str:
    """Percent-encode a raw string (e.g. a login) as one URL path segment."""
    return urllib.parse.quote(text, safe="-._~!$&'()*+,;=:@%")


def url_path_to_file(path: str) -> str:
    """The file a static server answers for URL ``path``: decoded, ``index.html`` for folders.

    Returns a relative OS path; callers (the writer) still check containment.
    """
    path = path.split("?", 1)[0].split("#", 1)[0]
    # An ASCII path without escapes decodes to itself: skip the round trip.
    plain = path.isascii() and "%" not in path
    rel = (path if plain else os.fsdecode(urllib.parse.unquote_to_bytes(path))).lstrip("/")
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return rel


@dataclass(frozen=True)
class SiteUrls:
    """URL builder for one community. ``home`` is the site origin (+ path, no trailing slash),
    e.g. ``https://example.org``; ``base_slug`` the community base (``community``)."""

    home: str
    base_slug: str = "community"

    @property
    def base(self) -> str:
        """Root-relative path of the community home, e.g. ``/community``."""
        return "/" + self.base_slug.strip("/") if self.base_slug.strip("/") else ""

    def absolute(self, path: str) -> str:
        """Absolute URL on the live/canonical host for a root-relative path."""
        return self.home.rstrip("/") + path

    # -- pages -------------------------------------------------------------------------

    def home_page(self) -> str:
        return f"{self.base}/"

    def category(self, slug: str) -> str:
        return f"{self.base}/category/{slug}/"

    def space(self, slug: str, page: int = 1, sort: str = "latest") -> str:
        path = f"{self.base}/s/{slug}/"
        if sort != "latest":
            path += f"sort/{sort}/"
        return path + (f"pg/{page}/" if page > 1 else "")

    def space_members(self, slug: str, page: int = 1) -> str:
        return f"{self.base}/s/{slug}/members/" + (f"pg/{page}/" if page > 1 else "")

    def roadmap(self, slug: str) -> str:
        return f"{self.base}/s/{slug}/roadmap/"

    def space_feed(self, slug: str) -> str:
        return f"{self.base}/s/{slug}/feed/"

    def topic(self, space_slug: str, post_slug: str, page: int = 1) -> str:
        path = f"{self.base}/s/{space_slug}/t/{post_slug}/"
        return path + (f"rpg/{page}/" if page > 1 else "")

    def reply(self, space_slug: str, post_slug: str, reply_id: int, page: int = 1) -> str:
        return f"{self.topic(space_slug, post_slug, page)}#reply-{reply_id}"

    def profile(self, login: str, tab: str = "", page: int = 1) -> str:
        path = f"{self.base}/u/{quote_segment(login)}/" + (f"{tab}/" if tab else "")
        return path + (f"pg/{page}/" if page > 1 else "")

    def tag(self, slug: str, page: int = 1) -> str:
        return f"{self.base}/tag/{slug}/" + (f"pg/{page}/" if page > 1 else "")

    def leaderboard(self, period: str = "all", page: int = 1) -> str:
        path = f"{self.base}/leaderboard/" + (f"{period}/" if period != "all" else "")
        return path + (f"pg/{page}/" if page > 1 else "")

    def search(self) -> str:
        return f"{self.base}/search/"

    # -- mirror-only files (no live counterpart) -------------------------------------------

    def not_found(self) -> str:
        """The mirror's 404 page, at the root so static hosts find it (``/404.html``)."""
        return "/404.html"

    def theme_static(self, name: str) -> str:
        """A theme asset (CSS, JS, fonts), e.g. ``/_static/site.css``."""
        return f"/_static/{name.lstrip('/')}"

    def media(self, relpath: str) -> str:
        """A media file copied from the snapshot's content-addressed store."""
        return f"/media/{relpath.lstrip('/')}"

    # -- machine-readable files (named as on the live site) --------------------------------

    def sitemap_index(self) -> str:
        return f"/{self.base_slug}-sitemap.xml"

    def sitemap_child(self, kind: str, n: int) -> str:
        return f"/{self.base_slug}-sitemap-{kind}-{n}.xml"
