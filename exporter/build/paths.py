"""Where each entity's pages live: the live path when its slug is safe, a fallback otherwise.

A slug that cannot be one safe, linkable path segment (``..``, ``a/b``, NUL, 300 characters,
a raw ``?``) gets ``_{kind}{id}`` (``_p42``); two entities whose pages would land on one file
(duplicate slugs, ``%E6`` vs ``%e6``) keep the first and give the next its fallback. Every
link to the entity uses the same segment, so links and files always agree.
"""

from __future__ import annotations

import re

from ..urls import SiteUrls, quote_segment, segment_is_linkable, url_path_to_file

#: Slugs made only of RFC 3986 path characters (no ``%``), 1 to 255 of them: what nearly
#: every slug is. Such a slug is linkable unless it is ``.`` or ``..``; the rest go through
#: :func:`~exporter.urls.segment_is_linkable` (a character loop, most of the gather's path work).
_PLAIN_SLUG = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@]{1,255}")


def linkable(slug: str) -> bool:
    """:func:`~exporter.urls.segment_is_linkable`, with a fast answer for plain slugs."""
    if _PLAIN_SLUG.fullmatch(slug) is not None:
        return slug not in (".", "..")
    return segment_is_linkable(slug)


class Paths:
    """Segment registry for one build."""

    def __init__(self, urls: SiteUrls):
        self.urls = urls
        self._segs: dict[tuple[str, int], str] = {}
        self._claimed: dict[str, tuple[str, int]] = {}
        self.fallbacks: list[tuple[str, int, str]] = []

    def assign(self, kind: str, ident: int, slug: str, page_path) -> str:
        """Pick the segment for entity (kind, id); ``page_path(seg)`` is its main page path."""
        seg = slug if linkable(slug) else ""
        if seg:
            key = url_path_to_file(page_path(seg)).casefold()
            if key in self._claimed:
                seg = ""
            else:
                self._claimed[key] = (kind, ident)
        if not seg:
            seg = f"_{kind}{ident}"
            self._claimed[url_path_to_file(page_path(seg)).casefold()] = (kind, ident)
            self.fallbacks.append((kind, ident, slug[:80]))
        self._segs[(kind, ident)] = seg
        return seg

    def seg(self, kind: str, ident: int) -> str:
        return self._segs[(kind, ident)]

    def has(self, kind: str, ident: int) -> bool:
        return (kind, ident) in self._segs

    # -- convenience assigners ---------------------------------------------------------

    def assign_space(self, ident: int, slug: str) -> str:
        return self.assign("s", ident, slug, self.urls.space)

    def assign_category(self, ident: int, slug: str) -> str:
        return self.assign("c", ident, slug, self.urls.category)

    def assign_tag(self, ident: int, slug: str) -> str:
        return self.assign("t", ident, slug, self.urls.tag)

    def assign_post(self, ident: int, slug: str, space_seg: str) -> str:
        return self.assign("p", ident, slug, lambda s: self.urls.topic(space_seg, s))

    def assign_user(self, ident: int, login: str) -> str:
        """Users are keyed by login; the segment is the login as ``SiteUrls.profile`` quotes it."""
        ok = bool(login) and linkable(quote_segment(login))
        seg = self.assign("u", ident, login if ok else "", lambda s: self.urls.profile(s))
        return seg
