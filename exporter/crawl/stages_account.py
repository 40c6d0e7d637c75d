"""Stages only a logged-in crawl runs: posts no list shows, and anonymity the payloads hide.

Unlisted posts. Space lists, the feed and search show published posts only, even to an admin
(samples-admin ``30-admin-space-*-posts``); drafts, pending, spam and trashed posts answer
only ``GET /posts/{id}``. So the crawl asks ``/posts/drafts`` (the account's own drafts) and
``/updates?scope=global`` (newest 50 events) for ids, then probes every id from 1 to the
highest id seen that no list returned — at most ``probe_limit`` of them. Each probe costs
one request and counts one view of that post on the site (``view_count`` + 1): the probed
posts are non-public ones, so no public number changes, but the site's own statistics do.

Anonymity. A moderator's payloads show the real author of an anonymous post or reply and no
``is_anonymous`` flag. ``/users/{id}/posts`` leaves anonymous posts out, so a published,
non-private post missing from its author's list is anonymous; reply rows of the scope-only
``/search?type=reply&space_id=…`` listing carry ``is_anonymous``. Cost: one or two requests
per author plus one per 50 replies. Drafts, pending or private posts cannot be checked this way
(they only matter for a staff build, which shows what the staff see live).
"""

from __future__ import annotations

from collections import defaultdict

from . import fetch, save
from .context import Crawl


def _max_post_id(c: Crawl, extra: list[int]) -> int:
    row = c.snap.db.execute("SELECT max(id) FROM posts").fetchone()
    return max([int(row[0] or 0), *extra])


def stage_unlisted_posts(c: Crawl) -> None:
    """Drafts, activity ids and id-gap probes (bounded by ``probe_limit``)."""
    if c.done("unlisted"):
        return
    c.progress.stage("unlisted posts (drafts, gaps)")
    drafts = fetch.fetch_drafts(c.api)
    activity = fetch.fetch_activity_post_ids(c.api)
    c.save(lambda: save.save_single_posts(c.saver, drafts))
    seen = set(c.query_ids("SELECT id FROM posts WHERE seen_run=?", (c.run,)))
    gaps = [i for i in range(1, _max_post_id(c, activity) + 1) if i not in seen]
    todo = gaps[:c.options.probe_limit]
    if len(gaps) > len(todo):
        c.report.errors.append(f"{len(gaps) - len(todo)} unlisted post ids not probed "
                               f"(--probe-limit {c.options.probe_limit})")
        c.progress.note(c.report.errors[-1])
    c.report.saved["probed post ids"] += len(todo)

    def on_result(pid: int, row: dict | None) -> None:
        if row is not None:
            c.save(lambda: save.save_single_posts(c.saver, [row]))

    c.jobs("probe post ids", [(pid, (lambda pid=pid: fetch.fetch_post(c.api, pid))) for pid in todo],
           on_result)
    c.save(lambda: c.mark("unlisted"))


def _candidates_by_author(c: Crawl) -> dict[int, list[int]]:
    """Published, non-private posts saved this run with a real author id, by author."""
    out: dict[int, list[int]] = defaultdict(list)
    for pid, author in c.snap.db.execute(
            "SELECT id, author_id FROM posts WHERE seen_run=? AND status='publish' AND "
            "is_private=0 AND author_id>0 ORDER BY id", (c.run,)):
        out[int(author)].append(int(pid))
    return out


def stage_post_anonymity(c: Crawl) -> None:
    """Posts missing from their author's ``/users/{id}/posts`` are anonymous."""
    by_author = _candidates_by_author(c)

    def on_result(uid: int, listed: set[int]) -> None:
        hidden = [pid for pid in by_author[uid] if pid not in listed]
        c.save(lambda: save.mark_anonymous(c.saver, "posts", hidden))

    c.jobs("anonymous posts", [(u, (lambda u=u: fetch.fetch_user_post_ids(c.api, u)))
                               for u in sorted(by_author)], on_result)


def stage_reply_anonymity(c: Crawl) -> None:
    """Replies flagged ``is_anonymous`` in the per-space search listing."""
    saved = set(c.query_ids("SELECT id FROM replies WHERE seen_run=? AND author_id>0", (c.run,)))

    def on_result(_sid: int, flags: dict[int, bool]) -> None:
        anonymous = [rid for rid, anon in flags.items() if anon and rid in saved]
        c.save(lambda: save.mark_anonymous(c.saver, "replies", anonymous))

    c.jobs("anonymous replies", [(s, (lambda s=s: fetch.fetch_space_reply_flags(c.api, s)))
                                 for s in c.readable_space_ids()], on_result)


def stage_anonymity(c: Crawl) -> None:
    """Record ``is_anonymous`` for rows a moderator sees unmasked."""
    stage_post_anonymity(c)
    stage_reply_anonymity(c)
