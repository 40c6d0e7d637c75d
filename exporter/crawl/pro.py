"""Pro extensions (CONTRACT.md §8), each only when the site says the feature exists.

Absence is normal: a 404 (``rest_no_route`` or "no poll") just means nothing to store.
Stored with ``snapshot.put_pro(kind, key, obj)``: ``reactions`` (``post:ID``/``reply:ID``),
``poll`` (post id), ``badge`` (badge id), ``user_badges`` (user id), ``announcements``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import fetch, save
from .context import Crawl
from .paginate import collect, paginate


@dataclass(frozen=True)
class ProFeatures:
    reactions: bool
    polls: bool
    badges: bool
    announcements: bool

    @property
    def any(self) -> bool:
        return self.reactions or self.polls or self.badges or self.announcements


def pro_features(c: Crawl) -> ProFeatures:
    """Feature flags from ``/app/config`` confirmed (or implied) by the namespace index."""
    s = c.site

    def on(flag: str, route: str) -> bool:
        return s.has_route(route) or (s.feature(flag) and not s.namespace_routes)

    return ProFeatures(reactions=on("reactions", "/posts/{id}/reactions"),
                       polls=on("polls", "/posts/{id}/poll"),
                       badges=on("badges", "/badges"),
                       announcements=s.has_route("/announcements/active"))


def stage_pro(c: Crawl, post_ids: list[int] | None = None) -> None:
    feats = pro_features(c)
    if not feats.any:
        return
    if feats.announcements and not c.done("pro:announcements"):
        got = fetch.fetch_pro(c.api, "/announcements/active")
        c.save(lambda: (got is not None and save.save_pro(c.saver, "announcements", "active", got),
                        c.mark("pro:announcements")))
    if feats.badges and not c.done("pro:badges"):
        _badges(c)
    if feats.reactions or feats.polls:
        _per_post(c, feats, post_ids)


def _badges(c: Crawl) -> None:
    rows = collect(paginate(c.api, c.api.url("/badges"), {}, fetch.LIMIT, allow_missing=True))
    users = c.query_ids("SELECT id FROM users ORDER BY id")
    per_user = {uid: fetch.fetch_pro(c.api, f"/users/{uid}/badges") for uid in users}

    def write() -> None:
        for badge in rows:
            save.save_pro(c.saver, "badge", str(badge.get("id")), badge)
        for uid, got in per_user.items():
            if got is not None:
                save.save_pro(c.saver, "user_badges", str(uid), got)
        c.mark("pro:badges")

    c.save(write)


def _per_post(c: Crawl, feats: ProFeatures, post_ids: list[int] | None) -> None:
    done = c.done_keys("pro:post:")
    ids = post_ids if post_ids is not None else c.query_ids(
        "SELECT id FROM posts WHERE seen_run=? ORDER BY id", (c.run,))
    replies = {}
    if feats.reactions:
        for pid, rid in c.snap.db.execute("SELECT post_id, id FROM replies ORDER BY id"):
            replies.setdefault(pid, []).append(rid)
    todo = [p for p in ids if f"pro:post:{p}" not in done]

    def job(pid: int):
        return lambda: _fetch_post_extras(c, feats, pid, replies.get(pid, []))

    def on_result(pid: int, found: list[tuple[str, str, Any]]) -> None:
        c.save(lambda: ([save.save_pro(c.saver, *item) for item in found], c.mark(f"pro:post:{pid}")))

    c.jobs("pro extras", [(p, job(p)) for p in todo], on_result)


_PLURAL = {"post": "posts", "reply": "replies"}


def _fetch_post_extras(c: Crawl, feats: ProFeatures, pid: int, reply_ids: list[int]
                       ) -> list[tuple[str, str, Any]]:
    found: list[tuple[str, str, Any]] = []
    if feats.polls:
        poll = fetch.fetch_pro(c.api, f"/posts/{pid}/poll")
        if poll is not None:
            found.append(("poll", str(pid), poll))
    if feats.reactions:
        targets = [("post", pid)] + [("reply", r) for r in reply_ids]
        for kind, ident in targets:
            got = fetch.fetch_pro(c.api, f"/{_PLURAL[kind]}/{ident}/reactions")
            if got is not None:
                found.append(("reactions", f"{kind}:{ident}", got))
    return found
