"""Links inside content: live-community URLs → mirror paths, media → local copies.

Implements :class:`exporter.build.content.ContentLinks` over a gathered :class:`SiteIndex`.
A link to a page the mirror does not have (private topic, login-only route) stays an
absolute URL to the live host, so the mirror never emits a broken relative link.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .gather import SiteIndex

_REPLY_FRAGMENT = re.compile(r"^reply-(\d+)$")
_SPACE_TAIL = {"members": "members", "roadmap": "roadmap"}

#: How many distinct URLs a linker remembers the reading of (then it starts afresh).
KNOWN_URLS = 8192


class ContentLinker:
    """URL rewriting, mention and hashtag lookups for the content pipeline."""

    def __init__(self, index: SiteIndex):
        self.ix = index
        parts = urllib.parse.urlsplit(index.home)
        self.host = (parts.hostname or "").lower()
        self.base = index.urls.base
        # url -> (absolute url or the early answer, early?, route or None): see :meth:`_read`
        self._known: dict[str, tuple[str | None, bool, tuple[str, str] | None]] = {}

    # -- mentions / hashtags -------------------------------------------------------------

    def mention_href(self, handle: str) -> str | None:
        uid = self.ix.nicename_to_id.get(handle.lower()) or self.ix.login_to_id.get(handle.lower())
        user = self.ix.users.get(uid) if uid else None
        return user.url if user else None

    def tag_href(self, word: str) -> str | None:
        tid = self.ix.tag_by_key.get(word.lower()) or self.ix.tag_by_key.get(
            urllib.parse.quote(word.lower(), safe="-_").lower())
        return self.ix.tags[tid].url if tid else None

    # -- URLs ----------------------------------------------------------------------------

    def rewrite_url(self, attr: str, url: str) -> str | None:
        """Called by the sanitiser for every href/src that survived its scheme check.

        The same URLs come back in body after body, so what depends on the URL alone (its
        absolute form and the mirror route it names) is worked out once per linker; what can
        change or must happen on every call (the media look-up, which marks the file used,
        and whether the routed page is in the mirror) is done each time."""
        known = self._known.get(url)
        if known is None:
            if len(self._known) >= KNOWN_URLS:
                self._known.clear()
            known = self._known[url] = self._read(url)
        absolute, early, route = known
        if early:
            return absolute
        if attr == "src" or self._looks_like_media(absolute):
            local = self.ix.local_media(absolute)
            if local:
                return local
        mirror = self._in_mirror(route)
        return mirror if mirror else absolute

    def _read(self, url: str) -> tuple[str | None, bool, tuple[str, str] | None]:
        """What :meth:`rewrite_url` makes of ``url`` whatever the page or build state:
        ``(answer, True, None)`` for an empty or fragment-only URL, else ``(absolute url,
        False, its mirror route or None)``."""
        url = url.strip()
        if not url or url.startswith("#"):
            return url or None, True, None
        if url.startswith("//"):
            url = "https:" + url
        elif url.startswith("/") or "://" not in url and not url.startswith("mailto:"):
            url = urllib.parse.urljoin(self.ix.home + self.base + "/", url)
        return url, False, self._target(url)

    @staticmethod
    def _looks_like_media(url: str) -> bool:
        return "/wp-content/uploads/" in url

    def mirror_path(self, url: str) -> str | None:
        """The mirror page for a live URL, or None when it is elsewhere / not mirrored."""
        return self._in_mirror(self._target(url))

    def _in_mirror(self, route: tuple[str, str] | None) -> str | None:
        """The link to a routed page (with its fragment) if the mirror has that page."""
        if route is None:
            return None
        page, fragment = route
        if page not in self.ix.pages:
            return None
        return page + (f"#{fragment}" if fragment else "")

    def _target(self, url: str) -> tuple[str, str] | None:
        """``(page, fragment)`` a live URL routes to (the page may not be in the mirror), or
        None when it is elsewhere or no mirrored route (a pure function of the gathered index)."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or (parts.hostname or "").lower() != self.host:
            return None
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        if not (path == self.base + "/" or path.startswith(self.base + "/")):
            return None
        segs = [s for s in path[len(self.base):].split("/") if s]
        query = urllib.parse.parse_qs(parts.query)
        return self._route(segs, query, parts.fragment)

    def _route(self, segs: list[str], query: dict[str, list[str]], fragment: str
               ) -> tuple[str, str] | None:
        ix, urls = self.ix, self.ix.urls
        frag = urllib.parse.quote(fragment, safe="-_") if fragment else ""
        if not segs:
            return urls.home_page(), frag
        head, rest = segs[0], segs[1:]
        if head == "s" and rest:
            return self._space_route(rest, query, fragment)
        if head == "category" and len(rest) == 1:
            cid = ix.category_by_slug.get(rest[0].lower())
            return (urls.category(ix.paths.seg("c", cid)), frag) if cid else None
        if head == "tag" and len(rest) == 1:
            tid = ix.tag_by_key.get(rest[0].lower())
            return (ix.tags[tid].url, frag) if tid else None
        if head == "u" and rest:
            uid = ix.login_to_id.get(urllib.parse.unquote(rest[0]).lower())
            return (ix.users[uid].url, frag) if uid in ix.users else None
        if head in ("leaderboard", "search") and not rest:
            return (urls.leaderboard() if head == "leaderboard" else urls.search()), frag
        return None

    def _space_route(self, rest: list[str], query: dict[str, list[str]], fragment: str
                     ) -> tuple[str, str] | None:
        ix, urls = self.ix, self.ix.urls
        if len(rest) >= 3 and rest[1] == "t":
            pid = ix.post_by_slug.get(rest[2].lower())  # the live route ignores the space segment
            if pid is None:
                return None
            match = _REPLY_FRAGMENT.match(fragment or "")
            if match and int(match.group(1)) in ix.reply_loc:
                return ix.reply_url(int(match.group(1))).split("#")[0], fragment
            page = _int(query.get("rpg", ["1"])[0])
            return ix.topic_url(pid, page), ""
        sid = ix.space_by_slug.get(rest[0].lower())
        if sid is None:
            return None
        seg = ix.paths.seg("s", sid)
        if len(rest) == 2 and rest[1] in _SPACE_TAIL:
            return (urls.space_members(seg) if rest[1] == "members" else urls.roadmap(seg)), ""
        sort = query.get("sort", ["latest"])[0]
        sort = sort if sort in ("latest", "popular", "unanswered") else "latest"
        return urls.space(seg, _int(query.get("pg", ["1"])[0]), sort), ""


def _int(value: str) -> int:
    try:
        return max(1, int(value))
    except ValueError:
        return 1
