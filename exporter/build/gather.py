"""Gather: read the snapshot once (through the build's Audience) into in-memory indexes.

Everything list pages show (users by id, reply threads, tag → posts, spaces by id, topic
rows) is built here, once, in a deterministic order. Bodies are the exception: the gather
keeps a light :class:`~exporter.build.replies.ReplyRef` per reply (threading, paging,
profiles, page keys) and each post without ``content``/``content_plain``; a topic page, feed
or oEmbed file reads the rows it shows when it is made (:class:`~exporter.build.replies.RowSource`),
so a community with hundreds of thousands of replies builds in bounded memory.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import html as html_lib
import operator
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..snapshot import Audience, Snapshot
from ..snapshot.visibility import looks_anonymous
from ..urls import SiteUrls
from . import people
from .contexts import SiteView
from .dates import when, when_or_epoch
from .options import BuildOptions
from .paths import Paths
from .replies import BODY_KEYS, ReplyRef, RowSource
from .reply_reader import ForkedRead, Record, start_reply_reader
from .threads import Placed, place_replies
from .views import AuthorView, Link, SpaceView, TagView, TopicRow, UserView

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$|^#[0-9a-fA-F]{3}$")
#: Post fields no page, feed or SEO file shows: not kept in memory (a big community has tens
#: of thousands of posts; the rest of each row is kept with one shared copy of each key).
UNSHOWN_POST_KEYS = frozenset({
    "created_at_gmt", "edited_at_gmt", "last_reply_at_gmt", "published_at_gmt", "updated_at_gmt",
    "author_last_seen_at", "author_last_seen_at_gmt", "time_ago", "space_slug", "space_title",
    "published_at", "edited_by", "profile_url", "blocked_author", "can_downvote", "is_bookmarked",
    "is_subscribed", "viewer_flagged", "viewer_vote"})
#: What member pages show of a member row (the rest is not kept in memory).
MEMBER_KEYS = frozenset({"user_id", "display_name", "trust_level", "reputation", "role", "joined_at"})
TYPE_LABELS = {"forum": "Forum", "qa": "Q&A", "ideas": "Ideas", "feed": "Feed"}


def safe_color(value: Any, default: str = "") -> str:
    """A colour only if it is a plain ``#rgb``/``#rrggbb`` (it ends up in a style attribute)."""
    return str(value) if isinstance(value, str) and _HEX.match(value) else default


def excerpt(text: str | None, limit: int = 200) -> str:
    """Whitespace-collapsed plain text (entities decoded), cut at a word near ``limit``."""
    flat = " ".join(html_lib.unescape(text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:") + "…"


@dataclass
class SiteIndex:
    """Everything pages need, indexed. Built by :func:`gather`."""

    urls: SiteUrls
    home: str
    site: SiteView
    options: BuildOptions
    audience: Audience
    replies_per_page: int
    paths: Paths
    categories: list[dict[str, Any]] = field(default_factory=list)
    category_by_slug: dict[str, int] = field(default_factory=dict)
    spaces: list[dict[str, Any]] = field(default_factory=list)
    space_views: dict[int, SpaceView] = field(default_factory=dict)
    space_by_slug: dict[str, int] = field(default_factory=dict)
    posts: dict[int, dict[str, Any]] = field(default_factory=dict)
    post_by_slug: dict[str, int] = field(default_factory=dict)
    posts_by_space: dict[int, list[int]] = field(default_factory=dict)
    rows: dict[int, TopicRow] = field(default_factory=dict)
    replies_by_post: dict[int, list[ReplyRef]] = field(default_factory=dict)  # thread order
    row_source: RowSource | None = None  # full post and reply rows, read when a page needs them
    reply_authors: dict[int, dict[str, Any]] = field(default_factory=dict)  # first seen, per author
    placed: dict[int, list[Placed]] = field(default_factory=dict)
    reply_loc: dict[int, Placed] = field(default_factory=dict)  # reply id → its place (post, page)
    users: dict[int, UserView] = field(default_factory=dict)
    login_to_id: dict[str, int] = field(default_factory=dict)
    nicename_to_id: dict[str, int] = field(default_factory=dict)
    posts_by_user: dict[int, list[int]] = field(default_factory=dict)
    replies_by_user: dict[int, list[ReplyRef]] = field(default_factory=dict)
    tags: dict[int, TagView] = field(default_factory=dict)
    tag_rows: dict[int, dict[str, Any]] = field(default_factory=dict)
    tag_by_key: dict[str, int] = field(default_factory=dict)
    tag_posts: dict[int, list[int]] = field(default_factory=dict)
    media: dict[str, str] = field(default_factory=dict)
    media_used: set[str] = field(default_factory=set)
    site_media: set[str] = field(default_factory=set)  # media every page shows (the logo)
    #: original URLs of media the snapshot recorded as stored whose file is not in its store
    #: (pages link those to the original URL; the build report counts them)
    media_missing: list[str] = field(default_factory=list)
    leaderboards: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    members: dict[int, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = field(default_factory=dict)
    pages: set[str] = field(default_factory=set)
    stamps: dict[int, str] = field(default_factory=dict)  # post id → post-and-replies fingerprint
    row_stamps: dict[int, str] = field(default_factory=dict)  # post id → post-row fingerprint
    _topic_urls: dict[tuple[int, int], str] = field(default_factory=dict, repr=False, compare=False)

    # -- lookups used by pages and content -----------------------------------------------

    def topic_url(self, post_id: int, page: int = 1) -> str:
        """A topic page's path (kept: a post's segments never change once assigned)."""
        url = self._topic_urls.get((post_id, page))
        if url is None:
            post = self.posts[post_id]
            url = self.urls.topic(self.paths.seg("s", post["space_id"]), self.paths.seg("p", post_id), page)
            self._topic_urls[(post_id, page)] = url
        return url

    def reply_url(self, reply_id: int) -> str:
        placed = self.reply_loc[reply_id]
        return f"{self.topic_url(placed.reply.post_id, placed.page)}#reply-{reply_id}"

    def local_media(self, url: str) -> str | None:
        rel = self.media.get(url)
        if rel is None:
            return None
        self.media_used.add(rel)
        return self.urls.media(rel)

    def full_post(self, post_id: int) -> dict[str, Any]:
        """The post with its body (``content``, ``content_plain``), which the gather does not keep."""
        post = self.posts[post_id]
        body = self.row_source.body(post_id) if self.row_source is not None else None
        if body is None:
            return post
        return {**post, **{k: body[k] for k in BODY_KEYS if k in body}}

    def replies_of(self, post_id: int) -> dict[int, dict[str, Any]]:
        """``reply id -> row`` (masked, with ``_anonymous``) of a post's listed replies."""
        assert self.row_source is not None
        return self.row_source.of_post(post_id) if post_id in self.replies_by_post else {}

    def author(self, obj: dict[str, Any]) -> AuthorView:
        """The (masked) author of a post or reply."""
        return people.author_view(self, obj)


def gather(snap: Snapshot, options: BuildOptions) -> SiteIndex:
    """Read the snapshot into a :class:`SiteIndex` (the only snapshot reads of a build).

    The replies are read (in a forked process when it pays) while everything that does not
    need them is gathered; what needs them (reply threads, people, the rows' author chips)
    comes after: the reader is then rarely waited for. The collector is paused meanwhile
    (nothing gathered is garbage, and each of its passes walked the growing index again)."""
    with collector_paused():
        ix = _gather(snap, options)
        release_free_memory()
    return ix


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Run the body with Python's cycle collector off (as it was after)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _gather(snap: Snapshot, options: BuildOptions) -> SiteIndex:
    ix = _new_index(snap, options)
    ix.media, ix.media_missing = stored_media(snap)
    ix.row_source = RowSource(snap, ix.audience)
    replies = start_reply_reader(snap, ix.audience, forked=False if options.workers == 1 else None)
    _gather_structure(ix, snap)
    _gather_posts(ix, snap)
    visible = snap.visible_post_ids(ix.audience)  # read once: the tags and the people need it
    _gather_tags(ix, snap, visible)
    parts = _row_parts(ix)
    for post in ix.posts.values():  # read again when a topic page or SEO file needs them
        for key in BODY_KEYS:
            post.pop(key, None)
    _build_space_views(ix)
    ix.leaderboards = {p: snap.leaderboard(p) for p in ("all", "month", "week")}
    members = _gather_members(ix, snap)
    users = list(snap.iter_users(ix.audience, visible))  # read before waiting for the replies
    _gather_replies(ix, replies())
    people.gather_users(ix, users, members)
    _build_rows(ix, parts)
    return ix


def _gather_members(ix: SiteIndex, snap: Snapshot) -> list[list[tuple[Any, Any, Any]]]:
    """Fill ``ix.members`` (what member pages show of each space's members); return what the
    people gather notes of them (:func:`~exporter.build.people.member_facts`), from the same
    read: each space's members are read once."""
    facts = []
    for space in ix.spaces:
        sid = int(space["id"])
        rows = snap.members(sid)
        ix.members[space["id"]] = (_slim(snap.members(sid, True), MEMBER_KEYS), _slim(rows, MEMBER_KEYS))
        facts.append(people.member_facts(rows))
    return facts


def stored_media(snap: Snapshot) -> tuple[dict[str, str], list[str]]:
    """``(original URL -> path in the store, URLs whose stored file is missing)``: only a
    file that is really in the snapshot's ``media/`` is linked locally (a store copied
    without its files, or damaged, must not leave the mirror with dangling images)."""
    media: dict[str, str] = {}
    missing: list[str] = []
    for row in snap.iter_media():
        if row["status"] == "ok" and row["path"]:
            if is_stored(snap, row["path"]):
                media[row["url"]] = row["path"]
            else:
                missing.append(row["url"])
    return media, missing


def is_stored(snap: Snapshot, rel: str) -> bool:
    """``rel`` is a regular file (not a link) of the snapshot's media store."""
    source = snap.media_dir / rel
    return source.is_file() and not source.is_symlink()


def _slim(rows: list[dict[str, Any]], keys: frozenset[str]) -> list[dict[str, Any]]:
    return [{sys.intern(k): v for k, v in row.items() if k in keys} for row in rows]


def release_free_memory() -> None:
    """Give the heap freed after a big read back to the system (glibc keeps it otherwise), so
    the render workers forked next do not each start with the parent's dead weight. (No
    collection first: the gather leaves next to no cycles, a few hundred objects at 10x, and
    a full collection walked the whole index for them.)"""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim
        pass


def _new_index(snap: Snapshot, options: BuildOptions) -> SiteIndex:
    home = (snap.get_meta("site_url") or "https://example.invalid").rstrip("/")
    urls = SiteUrls(home, snap.get_meta("base_slug") or "community")
    per_page = options.replies_per_page or int(snap.get_meta("replies_per_page") or 30)
    site_media: set[str] = set()
    return SiteIndex(urls=urls, home=home, site=_site_view(snap, urls, site_media), options=options,
                     audience=options.audience, replies_per_page=max(1, per_page), paths=Paths(urls),
                     site_media=site_media)


def _site_view(snap: Snapshot, urls: SiteUrls, site_media: set[str]) -> SiteView:
    config = snap.get_site("app_config") or {}
    root = snap.get_site("rest_root") or {}
    label = config.get("space_label") or {}
    logo = str(config.get("logo_url") or "")
    local_logo = snap.media_for(logo) if logo else None
    if local_logo and not is_stored(snap, local_logo):
        local_logo = None  # not shown, like a logo the crawl did not store (counted as missing)
    if local_logo:
        site_media.add(local_logo)  # shown on every page: copied once, whatever is rendered
    return SiteView(
        name=str(config.get("app_name") or root.get("name") or "Community"),
        description=str(root.get("description") or ""),
        accent_color=safe_color(config.get("accent_color"), "#0073aa"),
        logo=urls.media(local_logo) if local_logo else "",
        home_url=urls.home_page(), search_url=urls.search(), leaderboard_url=urls.leaderboard(),
        space_label=str(label.get("singular") or "Space"),
        space_label_plural=str(label.get("plural") or "Spaces"),
        lang=str(snap.get_meta("language") or "en-US"),
        original_url=urls.absolute(urls.home_page()), content_until=None)


def _gather_structure(ix: SiteIndex, snap: Snapshot) -> None:
    for cat in snap.iter_categories(ix.audience):
        ix.categories.append(cat)
        seg = ix.paths.assign_category(int(cat["id"]), str(cat.get("slug") or ""))
        ix.category_by_slug.setdefault(str(cat.get("slug") or "").lower(), int(cat["id"]))
        ix.pages.add(ix.urls.category(seg))
    for space in snap.iter_spaces(ix.audience):
        ix.spaces.append(space)
        ix.paths.assign_space(int(space["id"]), str(space.get("slug") or ""))
        ix.space_by_slug.setdefault(str(space.get("slug") or "").lower(), int(space["id"]))
        ix.posts_by_space[int(space["id"])] = []


class _Slimmer:
    """Drops :data:`UNSHOWN_POST_KEYS` from post rows, keeping the order of the rest and one
    shared (interned) copy of each key. Rows of one snapshot nearly all have the same keys
    in the same order, so the keys to keep are worked out once per key layout and picked
    with one :func:`operator.itemgetter` call instead of a test and an intern per key."""

    def __init__(self) -> None:
        self._plans: dict[tuple[str, ...], tuple[tuple[str, ...], Any]] = {}

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        layout = tuple(row)
        plan = self._plans.get(layout)
        if plan is None:
            kept = tuple(sys.intern(k) for k in layout if k not in UNSHOWN_POST_KEYS)
            plan = self._plans[layout] = (kept, operator.itemgetter(*kept) if len(kept) > 1 else None)
        kept, pick = plan
        if pick is None:  # zero or one key kept: itemgetter would not give a tuple
            return {k: row[k] for k in kept}
        return dict(zip(kept, pick(row)))


def _gather_posts(ix: SiteIndex, snap: Snapshot) -> None:
    fingerprints = snap.post_fingerprints()
    slim = _Slimmer()
    for post in snap.iter_posts(ix.audience):
        sid = int(post.get("space_id") or 0)
        if sid not in ix.posts_by_space:
            continue
        post = slim(post)
        pid = int(post["id"])
        post["_anonymous"] = looks_anonymous(post)
        post["_sha"] = fingerprints.get(pid, 0)  # stands for the body in page keys once it is dropped
        ix.posts[pid] = post
        ix.paths.assign_post(pid, str(post.get("slug") or ""), ix.paths.seg("s", sid))
        ix.post_by_slug.setdefault(str(post.get("slug") or "").lower(), pid)
        ix.posts_by_space[sid].append(pid)


def _gather_replies(ix: SiteIndex, records: Iterable[Record]) -> None:
    """Keep a :class:`ReplyRef` per listed reply of a gathered post and the first public
    facts seen of each author (the rows themselves are read again when their topic is
    rendered); ``records`` from :mod:`~exporter.build.reply_reader`."""
    noted = records.authors if isinstance(records, ForkedRead) else None
    kept_all = True
    for fields, author in records:
        ref = ReplyRef(*fields)
        if ref.post_id not in ix.posts:
            kept_all = False
            continue
        ix.replies_by_post.setdefault(ref.post_id, []).append(ref)
        if author is not None and noted is None:
            people.note_facts(ix.reply_authors, author)
    if noted is not None:  # the reader noted every record's author: right when all were kept
        ix.reply_authors = noted if kept_all else _kept_authors(ix, records)
    for pid, replies in ix.replies_by_post.items():
        placed = place_replies(replies, ix.replies_per_page)
        ix.placed[pid] = placed
        for p in placed:
            ix.reply_loc[p.reply.id] = p


def _kept_authors(ix: SiteIndex, records: Iterable[Record]) -> dict[int, dict[str, Any]]:
    """The authors of the records of gathered posts only, noted in order."""
    authors: dict[int, dict[str, Any]] = {}
    for fields, author in records:
        if author is not None and ReplyRef(*fields).post_id in ix.posts:
            people.note_facts(authors, author)
    return authors


def _gather_tags(ix: SiteIndex, snap: Snapshot, visible: set[int]) -> None:
    tag_posts = snap.post_tags(ix.audience, visible)
    for tag in snap.iter_tags():
        tid = int(tag["id"])
        slug = str(tag.get("slug") or "")
        ix.tag_rows[tid] = tag
        seg = ix.paths.assign_tag(tid, slug)
        posts = sorted((p for p in tag_posts.get(tid, ()) if p in ix.posts),
                       key=lambda p: (str(ix.posts[p].get("created_at") or ""), p), reverse=True)
        ix.tag_posts[tid] = posts
        ix.tags[tid] = TagView(tid, str(tag.get("name") or slug), slug, ix.urls.tag(seg), len(posts))
        for key in (slug.lower(), str(tag.get("name") or "").lower()):
            if key:
                ix.tag_by_key.setdefault(key, tid)


def _post_tags(ix: SiteIndex) -> dict[int, tuple[TagView, ...]]:
    out: dict[int, list[TagView]] = {}
    for tid in sorted(ix.tags, key=lambda t: (ix.tags[t].name.lower(), t)):
        for pid in ix.tag_posts[tid]:
            out.setdefault(pid, []).append(ix.tags[tid])
    return {pid: tuple(tags) for pid, tags in out.items()}


#: A topic row's fields but its author (see :func:`_row_parts`).
_RowParts = dict[str, Any]


def _row_parts(ix: SiteIndex) -> dict[int, _RowParts]:
    """Every post's :class:`TopicRow` fields but the author chip (which needs the people, so
    the replies): made while the replies are read. Also adds the topic pages to ``ix.pages``
    and sets the site's ``content_until``."""
    post_tags = _post_tags(ix)
    space_links = {s["id"]: Link(str(s.get("title") or ""), ix.urls.space(ix.paths.seg("s", s["id"])))
                   for s in ix.spaces}
    newest = ""
    parts = {}
    for pid, post in ix.posts.items():
        parts[pid] = _parts(ix, post, post_tags.get(pid, ()), space_links[int(post["space_id"])])
        newest = max(newest, str(post.get("last_reply_at") or post.get("created_at") or ""))
        ix.pages.add(ix.topic_url(pid))
    ix.site = _with_until(ix.site, newest)
    return parts


def _build_rows(ix: SiteIndex, parts: dict[int, _RowParts]) -> None:
    """The topic rows, once the people are known (see :func:`_row_parts`)."""
    for pid, post in ix.posts.items():
        ix.rows[pid] = TopicRow(author=ix.author(post), **parts[pid])


def _with_until(site: SiteView, newest: str) -> SiteView:
    from dataclasses import replace
    return replace(site, content_until=when(newest))


def _parts(ix: SiteIndex, post: dict[str, Any], tags: tuple[TagView, ...], space: Link) -> _RowParts:
    created = when_or_epoch(post.get("created_at"))
    return dict(
        id=int(post["id"]), title=str(post.get("title") or "(untitled)"), url=ix.topic_url(int(post["id"])),
        type=str(post.get("type") or "topic"), created=created,
        last_activity=when(post.get("last_reply_at")) or created,
        reply_count=int(post.get("reply_count") or 0), vote_score=int(post.get("vote_score") or 0),
        is_sticky=bool(post.get("is_sticky")), is_closed=bool(post.get("is_closed")),
        is_resolved=bool(post.get("is_resolved") or post.get("accepted_reply_id")),
        idea_status=str(post.get("idea_status") or ""), prefix=str(post.get("prefix") or ""),
        prefix_color=safe_color(post.get("prefix_color")), tags=tags, space=space,
        excerpt=excerpt(post.get("content_plain")))


def _build_space_views(ix: SiteIndex) -> None:
    cats = {int(c["id"]): c for c in ix.categories}
    for space in ix.spaces:
        sid = int(space["id"])
        seg = ix.paths.seg("s", sid)
        cat = cats.get(int(space.get("category_id") or 0))
        cat_link = Link(str(cat.get("name") or ""), ix.urls.category(ix.paths.seg("c", int(cat["id"])))) if cat else None
        stype = str(space.get("type") or "forum")
        ix.space_views[sid] = SpaceView(
            id=sid, title=str(space.get("title") or seg), description=str(space.get("description") or ""),
            url=ix.urls.space(seg), type=stype, type_label=TYPE_LABELS.get(stype, stype.title()),
            post_count=len(ix.posts_by_space[sid]), member_count=int(space.get("member_count") or 0),
            status=str(space.get("_status") or "active"), members_url=ix.urls.space_members(seg),
            roadmap_url=ix.urls.roadmap(seg) if stype == "ideas" else "", category=cat_link,
            last_activity=when(space.get("last_activity_at")))
