"""Full-crawl stages for tags, leaderboards, members and user profiles."""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

from . import fetch, save
from .context import Crawl
from .discover import base_slug_from_profile


def stage_tags(c: Crawl) -> None:
    """``/tags`` (max 100) + the ``/search?type=tag`` trick when there are more."""
    if c.done("tags"):
        return
    c.progress.stage("tags")
    listing = fetch.fetch_tag_list(c.api)
    rows = list(listing.rows)
    spaces = c.public_space_ids()
    if listing.total > len(rows) and spaces:
        held = {str(r.get("id")) for r in rows}
        for row in fetch.fetch_tags_by_search(c.api, spaces[0], listing.total):
            if str(row.get("id")) not in held:
                held.add(str(row.get("id")))
                rows.append(row)
    c.save(lambda: (save.save_tags(c.saver, rows), c.mark("tags")))


def stage_tag_posts(c: Crawl, tag_ids: list[int] | None = None) -> None:
    """Tag → posts membership, one scope-only ``/search`` listing per tag."""
    done = c.done_keys("tagposts:")
    if tag_ids is None:
        tag_ids = c.query_ids("SELECT id FROM tags WHERE seen_run=? ORDER BY id", (c.run,))
    slugs = {r[0]: r[1] for r in c.snap.db.execute("SELECT id, slug FROM tags")}
    todo = [t for t in tag_ids if f"tagposts:{t}" not in done]

    def job(tid: int):
        return lambda: list(fetch.fetch_tag_posts(c.api, slugs[tid]))

    def on_result(tid: int, rows: list[dict[str, Any]]) -> None:
        c.save(lambda: (save.save_tag_posts(c.saver, tid, rows), c.mark(f"tagposts:{tid}")))

    c.jobs("tag posts", [(t, job(t)) for t in todo], on_result)


def stage_leaderboards(c: Crawl) -> None:
    todo = [p for p in fetch.PERIODS if not c.done(f"leaderboard:{p}")]

    def on_result(period: str, rows: list[dict[str, Any]]) -> None:
        c.save(lambda: (save.save_leaderboard(c.saver, period, rows), c.mark(f"leaderboard:{period}")))

    c.jobs("leaderboards", [(p, (lambda p=p: fetch.fetch_leaderboard(c.api, p))) for p in todo], on_result)


def stage_members(c: Crawl) -> None:
    todo = [sid for sid in c.readable_space_ids() if not c.done(f"members:{sid}")]

    def job(sid: int):
        return lambda: (fetch.fetch_members(c.api, sid), fetch.fetch_privileged_members(c.api, sid))

    def on_result(sid: int, result: tuple[list, list]) -> None:
        c.save(lambda: (save.save_members(c.saver, sid, *result), c.mark(f"members:{sid}")))

    c.jobs("members", [(sid, job(sid)) for sid in todo], on_result)


_PEOPLE_SQL = """
SELECT author_id, json_extract(json, '$.author_login') FROM posts WHERE author_id > 0
  AND is_anonymous = 0
UNION SELECT author_id, json_extract(json, '$.author_login') FROM replies WHERE author_id > 0
  AND is_anonymous = 0
UNION SELECT user_id, json_extract(json, '$.user_login') FROM leaderboard WHERE user_id > 0
UNION SELECT user_id, json_extract(json, '$.profile_url') FROM members WHERE user_id > 0
UNION SELECT user_id, NULL FROM privileged_members WHERE user_id > 0
"""


def people(c: Crawl) -> dict[int, str | None]:
    """Every user id to export (non-anonymous authors, leaderboard, members) → login."""
    out: dict[int, str | None] = {}
    for uid, login in c.snap.db.execute(_PEOPLE_SQL):
        login = _login(c, login)
        if login or int(uid) not in out:
            out[int(uid)] = login or out.get(int(uid))
    return dict(sorted(out.items()))


def _login(c: Crawl, value: str | None) -> str | None:
    """A login, or the login inside a profile URL ``{home}/{base}/u/{login}/``."""
    if not value:
        return None
    if "/u/" in value and value.startswith(("http://", "https://")):
        slug = value.rstrip("/").rsplit("/u/", 1)[-1]
        return urllib.parse.unquote(slug) or None
    return value


def stage_users(c: Crawl, only_new: bool = False) -> None:
    everyone = people(c)
    seen_sql = "SELECT id FROM users" + ("" if only_new else " WHERE seen_run=?")
    have = set(c.query_ids(seen_sql, () if only_new else (c.run,)))
    todo = [uid for uid in everyone if uid not in have]

    def on_result(uid: int, profile: dict[str, Any] | None) -> None:
        if profile is not None:
            c.save(lambda: save.save_user(c.saver, profile, everyone[uid]))

    c.jobs("users", [(u, (lambda u=u: fetch.fetch_user(c.api, u))) for u in todo], on_result)


def refine_base_slug(c: Crawl) -> None:
    """No slug from option or robots.txt: take it from a ``profile_url`` we saved (§1.1)."""
    if c.site.base_slug_source != "default":
        return
    row = c.snap.db.execute(
        "SELECT json FROM leaderboard UNION ALL SELECT json FROM posts LIMIT 50").fetchall()
    for (blob,) in row:
        slug = base_slug_from_profile(json.loads(blob).get("profile_url") or "", c.site.home)
        if slug:
            c.site.base_slug, c.site.base_slug_source = slug, "profile_url"
            with c.snap.transaction():
                c.snap.set_meta("base_slug", slug)
            return
