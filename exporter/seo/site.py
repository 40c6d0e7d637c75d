"""Everything the SEO writers need, gathered once from the snapshot (public audience only).

Feeds, sitemaps, oEmbed files and redirects all read this one object, so each of them sees
exactly the same public subset: public spaces, published non-private posts (anonymous authors
already masked by :mod:`exporter.snapshot.visibility`), tags with public posts, and profiles of
members with a known login.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from ..snapshot import Audience, Snapshot
from ..urls import SiteUrls, segment_is_safe
from .text import first_date, first_image, parse_utc, plain_text

Row = dict[str, Any]
#: The most of a body any SEO file prints: a feed item shows its first ``FEED_WORDS`` words,
#: an oEmbed document its first ``OEMBED_CHARS`` characters (each with ``…`` when cut).
FEED_WORDS = 55
OEMBED_CHARS = 200
#: Posts whose (brief) body a :class:`SeoSite` keeps: a post sits in several feeds, then gets
#: its oEmbed files. Every post of every feed fits for a 100x community (~19k posts), so
#: none is read twice; a brief body is a few hundred bytes.
BODY_CACHE = 65536
_FIRST_WORDS = re.compile(r"\s*(?:\S+\s+){%d}\S+" % FEED_WORDS)  # the first FEED_WORDS + 1 words


@dataclass(frozen=True, slots=True)
class BodyText:
    """A post's body as SEO files print it: plain text and the first image (http(s) only)."""

    plain: str
    image: str | None

    @classmethod
    def of(cls, full: Row) -> BodyText:
        return cls(plain_text(full.get("content_plain") or full.get("content")), first_image(full.get("content")))

    def brief(self) -> BodyText:
        """This body with ``plain`` cut to a prefix that gives the same feed item and oEmbed
        description: its first ``OEMBED_CHARS + 1`` characters and first ``FEED_WORDS + 1``
        whole words (one more than shown: enough to tell that the text goes on). What the
        body cache keeps, so that it can keep every post of every feed."""
        text = self.plain
        if len(text) <= OEMBED_CHARS + 1:
            return self
        words = _FIRST_WORDS.match(text)
        keep = max(words.end() if words else len(text), OEMBED_CHARS + 1)
        return self if keep >= len(text) else BodyText(text[:keep], self.image)


@dataclass(frozen=True)
class SeoSite:
    """The public content of one snapshot plus the site facts SEO files print."""

    urls: SiteUrls
    site_name: str
    language: str
    crawl_time: datetime
    spaces: list[Row]
    posts: list[Row]
    tags: list[Row]
    tag_posts: dict[int, list[Row]]
    profiles: list[tuple[str, Row]]
    space_by_id: dict[int, Row] = field(default_factory=dict)
    logins: frozenset[str] = frozenset()
    paths: dict[tuple[str, object], str] = field(default_factory=dict)
    #: Input fingerprints from the build (empty outside a build): ``stamp`` covers everything
    #: site-wide, ``stamps`` each post with its replies. Files made from unchanged inputs are
    #: kept as the last build wrote them (see :func:`file_key`).
    stamp: str = ""
    stamps: dict[int, str] = field(default_factory=dict)
    _by_space: dict[int, list[Row]] = field(default_factory=dict, compare=False, repr=False)
    #: A post row with its body (``content``, ``content_plain``): a build keeps posts without
    #: bodies in memory and reads one when a file that shows it is made.
    full: Callable[[Row], Row] = field(default=lambda post: post, compare=False, repr=False)
    _bodies: OrderedDict[int, BodyText] = field(default_factory=OrderedDict, compare=False, repr=False)
    #: ``(stamp, *leading parts) -> digest`` after those: see :meth:`key_maker`.
    _key_heads: dict[tuple[object, ...], Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    def file_key(self, *parts: object) -> str | None:
        """Fingerprint of one SEO file's inputs (None when the build gave no stamps)."""
        make = self.key_maker()
        return None if make is None else make(*parts)

    def key_maker(self, *head: object) -> Callable[..., str] | None:
        """``make(*rest)`` giving ``file_key(*head, *rest)`` (None when the build gave no
        stamps). The digest of the site stamp and ``head`` is made once and copied for each
        file: the SEO writer keys ten thousand files per build, most of them on a rebuild
        that then keeps them, so the key is most of what such a file costs."""
        if not self.stamp:
            return None
        memo = (self.stamp, *map(repr, head))  # by value: a replaced stamp is another entry
        start = self._key_heads.get(memo)
        if start is None:
            start = hashlib.blake2b(self.stamp.encode(), digest_size=16)
            for part in head:
                start.update(_key_part(part))
            self._key_heads[memo] = start

        def make(*rest: object) -> str:
            digest = start.copy()
            for part in rest:
                digest.update(_key_part(part))
            return digest.hexdigest()
        return make

    def body(self, post: Row, last: bool = False) -> BodyText:
        """The text and image of a post's body, read and converted once for all SEO files:
        the last :data:`BODY_CACHE` posts asked for are kept (:meth:`BodyText.brief`: what
        SEO files print of them). ``last``: the caller is the post's last reader (its oEmbed
        files), so the post leaves the cache."""
        pid = int(post.get("id") or 0)
        found = self._bodies.pop(pid, None) if last else self._bodies.get(pid)
        if found is None:
            found = BodyText.of(self.full(post))
            if not last and pid:
                self._bodies[pid] = found.brief()
                if len(self._bodies) > BODY_CACHE:
                    self._bodies.popitem(last=False)
        elif not last:
            self._bodies.move_to_end(pid)
        return found

    def post_stamp(self, post: Row) -> str | None:
        return self.stamps.get(int(post.get("id") or 0))

    def space_path(self, space: Row) -> str:
        """Root-relative page of a space (the build's assignment when it made one)."""
        return self.paths.get(("s", int(space["id"]))) or self.urls.space(space["slug"])

    def tag_path(self, tag: Row) -> str:
        return self.paths.get(("t", int(tag["id"]))) or self.urls.tag(tag["slug"])

    def profile_path(self, login: str) -> str:
        return self.paths.get(("u", login)) or self.urls.profile(login)

    def space_posts(self, space_id: int) -> list[Row]:
        """Public posts of one space in the live ``latest`` order (pinned first)."""
        if not self._by_space and self.posts:
            for post in self.posts:  # one pass for all spaces (was one pass per space)
                self._by_space.setdefault(int(post.get("space_id") or 0), []).append(post)
        return latest_order(self._by_space.get(space_id, []))

    def topic_path(self, post: Row) -> str | None:
        """Root-relative topic URL of a public post (``None`` if its space is not public)."""
        assigned = self.paths.get(("p", int(post.get("id") or 0)))
        if assigned:
            return assigned
        space = self.space_by_id.get(int(post.get("space_id") or 0))
        if space is None or not segment_is_safe(str(post.get("slug") or "")):
            return None
        return self.urls.topic(space["slug"], post["slug"])


def _key_part(part: object) -> bytes:
    """One input of a file key as hashed: a separator, then the part's ``repr`` (which tells
    apart the values and types SEO inputs hold)."""
    return b"\x00" + repr(part).encode("utf-8", "surrogatepass")


def activity(post: Row) -> datetime:
    """Last activity of a post (``last_reply_at`` → ``updated_at`` → ``created_at``)."""
    return first_date(post.get("last_reply_at"), post.get("updated_at"),
                      post.get("created_at")) or datetime(1970, 1, 1, tzinfo=timezone.utc)


def created(post: Row) -> datetime:
    return first_date(post.get("created_at")) or datetime(1970, 1, 1, tzinfo=timezone.utc)


def latest_order(posts: list[Row]) -> list[Row]:
    """Pinned first, then last activity newest first, ties by id descending (§2.6)."""
    return sorted(posts, key=lambda p: (not p.get("is_sticky"), -activity(p).timestamp(),
                                        -int(p.get("id") or 0)))


def newest_order(posts: list[Row]) -> list[Row]:
    """Newest created first, ties by id descending (``/feed?sort=new``)."""
    return sorted(posts, key=lambda p: (-created(p).timestamp(), -int(p.get("id") or 0)))


def crawl_time(snapshot: Snapshot) -> datetime:
    """When the snapshot was taken: last crawl run, else the snapshot's creation time."""
    run = snapshot.last_run()
    stamp = (run["finished_at"] or run["started_at"]) if run else None
    return (parse_utc(stamp) or parse_utc(snapshot.get_meta("crawled_at"))
            or parse_utc(snapshot.get_meta("created_at")) or datetime(1970, 1, 1, tzinfo=timezone.utc))


def site_name(snapshot: Snapshot) -> str:
    config = snapshot.get_site("app_config") or {}
    root = snapshot.get_site("rest_root") or {}
    return str(config.get("app_name") or root.get("name") or "Community")


def known_profiles(snapshot: Snapshot, posts: list[Row]) -> list[tuple[str, Row]]:
    """Members with a public profile page: stored profiles, leaderboard entries and
    non-anonymous authors of public posts (by login; ordered by user id)."""
    found: dict[str, Row] = {}
    for login, user in snapshot.iter_users():
        if login:
            found[login] = user
    for period in ("all", "month", "week"):
        for row in snapshot.leaderboard(period):
            if row.get("user_login"):
                found.setdefault(str(row["user_login"]), {"id": row.get("user_id"), **row})
    for post in posts:
        if int(post.get("author_id") or 0) and post.get("author_login"):
            found.setdefault(str(post["author_login"]), {"id": post["author_id"],
                                                          "display_name": post.get("author_name")})
    safe = [(login, user) for login, user in found.items() if segment_is_safe(login)]
    return sorted(safe, key=lambda lu: (int(lu[1].get("id") or 0), lu[0]))


def gather(snapshot: Snapshot, urls: SiteUrls) -> SeoSite:
    """Read the public subset of ``snapshot`` once; safe slugs only."""
    spaces = [s for s in snapshot.iter_spaces(Audience.PUBLIC) if segment_is_safe(str(s.get("slug") or ""))]
    by_id = {int(s["id"]): s for s in spaces}
    posts = [p for p in snapshot.iter_posts(Audience.PUBLIC)
             if int(p.get("space_id") or 0) in by_id and segment_is_safe(str(p.get("slug") or ""))]
    post_by_id = {int(p["id"]): p for p in posts}
    tag_posts: dict[int, list[Row]] = {}
    for tag_id, ids in snapshot.post_tags(Audience.PUBLIC).items():
        tag_posts[tag_id] = newest_order([post_by_id[i] for i in ids if i in post_by_id])
    tags = [t for t in snapshot.iter_tags()
            if segment_is_safe(str(t.get("slug") or "")) and tag_posts.get(int(t["id"]))]
    profiles = known_profiles(snapshot, posts)
    return SeoSite(urls=urls, site_name=site_name(snapshot),
                   language=snapshot.get_meta("language", "en-US") or "en-US",
                   crawl_time=crawl_time(snapshot), spaces=spaces, posts=posts, tags=tags,
                   tag_posts=tag_posts, profiles=profiles, space_by_id=by_id,
                   logins=frozenset(login for login, _ in profiles))
