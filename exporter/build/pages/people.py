"""Profile pages (posts and replies tabs) and the leaderboards."""

from __future__ import annotations

import operator
from collections.abc import Iterator
from functools import partial
from typing import Any

from ...snapshot import Fields
from ..contexts import LeaderboardPage, ProfilePage
from ..dates import when_or_epoch
from ..gather import SiteIndex, excerpt
from ..people import credited_reply
from ..replies import ReplyRef
from ..views import Link, LeaderRow, ProfileReply, TopicRow
from .base import Job, common, home_crumb, pages_of, pagination, row_author, rows_deps

PERIODS = (("all", "All time"), ("month", "This month"), ("week", "This week"))
TABS = (("posts", "Posts"), ("replies", "Replies"))


def _tab_url(ix: SiteIndex, uid: int, tab: str, page: int = 1) -> str:
    """``ix.urls.profile(seg, tab, page)`` (the posts tab's first page without its tab), from
    the user's page path, which is ``ix.urls.profile(seg)``: no login quoted again."""
    url = ix.users[uid].url
    if tab == "posts" and page == 1:
        return url
    return url + f"{tab}/" + (f"pg/{page}/" if page > 1 else "")


def profile_jobs(ix: SiteIndex) -> Iterator[Job]:
    tabs = _replies_tabs(ix)
    for uid in sorted(ix.users):
        posts = sorted(ix.posts_by_user.get(uid, ()), key=lambda p: (ix.rows[p].created.iso, p), reverse=True)
        rows = [ix.rows[p] for p in posts]
        chunks = pages_of(rows, ix.options.profile_page_size)
        for n, chunk in enumerate(chunks, 1):
            urls = [_tab_url(ix, uid, "posts", n)]
            if n == 1:  # the posts tab also answers at /u/{login}/posts/ on the live site
                urls.append(ix.urls.profile(ix.paths.seg("u", uid), "posts"))
            for url in urls:
                yield Job(url, f"profile {uid}",
                          partial(_profile, ix, uid, "posts", n, len(chunks), tuple(chunk), (), url), "profile",
                          (len(chunks), rows_deps(ix, chunk)))
        chunks = pages_of(tabs.get(uid, []), ix.options.profile_page_size)
        for n, chunk in enumerate(chunks, 1):
            url = _tab_url(ix, uid, "replies", n)
            yield Job(url, f"profile {uid}",
                      partial(_profile_replies, ix, uid, n, len(chunks), tuple(t[0] for t in chunk), url), "profile",
                      (len(chunks), tuple(t[1] for t in chunk)))


#: A reply of a replies tab: its ref, and its part of the tab's deps (see :func:`_replies_tabs`).
_TabItem = tuple[ReplyRef, tuple[Any, ...]]


def _replies_tabs(ix: SiteIndex) -> dict[int, list[_TabItem]]:
    """Per author, the replies their replies tab lists, newest first: each one of
    ``ix.replies_by_user`` that is placed in its thread (so in ``ix.reply_loc``).

    Each comes with its part of the tab's deps: its place, its topic's title and link, and
    the reply row's fingerprint (which covers what :func:`_profile_reply` reads of it). Made
    in one pass over the threads (a post's row is looked up once, not once per reply, and
    no reply is looked up by id: at 100x that was a second and a half of the plan)."""
    tabs: dict[int, list[tuple[str, int, ReplyRef, tuple[Any, ...]]]] = {}
    for pid, placed in ix.placed.items():
        row = ix.rows[pid]
        title, url = row.title, row.url
        for p in placed:
            r = p.reply
            if credited_reply(r):  # as ix.replies_by_user
                tabs.setdefault(r.author_id, []).append((r.created_at, r.id, r, (r.id, p.page, title, url, r.stamp)))
    out = {}
    for uid, items in tabs.items():
        items.sort(key=_NEWEST, reverse=True)
        out[uid] = [(item[2], item[3]) for item in items]
    return out


_NEWEST = operator.itemgetter(0, 1)  # (created_at, id): unique, so the order is total


def _profile_replies(ix: SiteIndex, uid: int, page: int, pages: int, refs: tuple[ReplyRef, ...],
                     url: str) -> ProfilePage:
    """The replies tab (its rows are read and made when the page is rendered)."""
    assert ix.row_source is not None
    rows = ix.row_source.fields_by_id((r.id for r in refs), PROFILE_REPLY)
    replies = tuple(_profile_reply(ix, rows[r.id]) for r in refs)
    return _profile(ix, uid, "replies", page, pages, (), replies, url)


#: What :func:`_profile_reply` reads of a reply row (``is_private``: what the guest mask reads).
PROFILE_REPLY = Fields(("id", "post_id", "created_at", "content_plain", "vote_score", "is_accepted", "is_private"),
                       present=("id", "post_id"))


def _profile_reply(ix: SiteIndex, reply: dict) -> ProfileReply:
    row = ix.rows[int(reply["post_id"])]
    return ProfileReply(id=int(reply["id"]), url=ix.reply_url(int(reply["id"])), topic=Link(row.title, row.url),
                        created=when_or_epoch(reply.get("created_at")), excerpt=excerpt(reply.get("content_plain")),
                        vote_score=int(reply.get("vote_score") or 0), is_accepted=bool(reply.get("is_accepted")))


def _profile(ix: SiteIndex, uid: int, tab: str, page: int, pages: int,
             posts: tuple[TopicRow, ...], replies: tuple[ProfileReply, ...], url: str) -> ProfilePage:
    user = ix.users[uid]
    tabs = tuple(Link(label, _tab_url(ix, uid, key), key == tab) for key, label in TABS)
    desc = user.bio or f"Community profile for @{user.login} on {ix.site.name}."
    return ProfilePage(**common(ix, url, f"@{user.login}", desc, [home_crumb(ix), Link(user.name, user.url)],
                                canonical=user.url, robots="noindex, follow"),
                       user=user, tab=tab, tabs=tabs, posts=posts, replies=replies,
                       pagination=pagination(page, pages, lambda n: _tab_url(ix, uid, tab, n)))


def leaderboard_jobs(ix: SiteIndex) -> Iterator[Job]:
    for period, _label in PERIODS:
        rows = [_leader(ix, r) for r in ix.leaderboards.get(period, [])]
        chunks = pages_of(rows, ix.options.leaderboard_page_size)
        for n, chunk in enumerate(chunks, 1):
            yield Job(ix.urls.leaderboard(period, n), "leaderboard",
                      partial(_leaderboard, ix, period, n, len(chunks), tuple(chunk)), "leaderboard",
                      (len(chunks), tuple(chunk)))


def _leader(ix: SiteIndex, row: dict) -> LeaderRow:
    author = row_author(ix, row)
    return LeaderRow(rank=int(row.get("rank") or 0), author=author, reputation=int(row.get("reputation") or 0),
                     post_count=int(row.get("post_count") or 0), reply_count=int(row.get("reply_count") or 0))


def _leaderboard(ix: SiteIndex, period: str, page: int, pages: int, entries: tuple[LeaderRow, ...]) -> LeaderboardPage:
    url = ix.urls.leaderboard(period, page)
    periods = tuple(Link(label, ix.urls.leaderboard(key), key == period) for key, label in PERIODS)
    return LeaderboardPage(**common(ix, url, "Top members", f"Top contributors and most-helpful members on {ix.site.name}.",
                                    [home_crumb(ix), Link("Leaderboard", ix.urls.leaderboard())], nav="leaderboard",
                                    canonical=ix.urls.leaderboard()),
                           period=period, periods=periods, entries=entries,
                           pagination=pagination(page, pages, lambda n: ix.urls.leaderboard(period, n)))
