"""``--update`` (CONTRACT.md §7.3): find what changed since the last watermark cheaply.

(a) ``/feed?sort=new`` until posts are older than the watermark minus the overlap → new
posts; (b) per public space ``sort=latest`` (pinned rows skipped for the stop rule) until
activity ≤ that cutoff → posts with new replies, whose replies are fetched again. Edits,
deletions and vote changes need a full pass (``--full``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from . import fetch, save
from .context import Crawl
from .media import stage_media
from .paginate import Page
from .pro import stage_pro
from .stages_account import stage_anonymity
from .stages_content import stage_posts, stage_replies, stage_structure
from .stages_people import stage_tag_posts, stage_tags, stage_users

_FMT = "%Y-%m-%d %H:%M:%S"


def watermark(c: Crawl) -> str:
    """Newest activity in the snapshot (server clock): max of created_at and last_reply_at."""
    row = c.snap.db.execute("SELECT max(max(coalesce(created_at, ''), coalesce(last_reply_at, ''))) "
                            "FROM posts").fetchone()
    return row[0] or ""


def cutoff(mark: str, overlap_minutes: int) -> str:
    try:
        return (datetime.strptime(mark, _FMT) - timedelta(minutes=overlap_minutes)).strftime(_FMT)
    except ValueError:
        return ""


def activity(row: dict[str, Any]) -> str:
    return max(str(row.get("created_at") or ""), str(row.get("last_reply_at") or ""))


def newer_rows(pages: Iterator[Page], limit: str, key=activity, skip_pinned: bool = False
               ) -> list[dict[str, Any]]:
    """Rows with ``key(row) > limit`` from pages, stopping at the first older (unpinned) row."""
    out: list[dict[str, Any]] = []
    for page in pages:
        for row in page.rows:
            if key(row) > limit:
                out.append(row)
            elif not (skip_pinned and row.get("is_sticky")):
                return out
    return out


def _published(row: dict[str, Any]) -> str:
    return str(row.get("published_at") or row.get("created_at") or "")


def run_update(c: Crawl) -> None:
    limit = cutoff(c.snap.get_meta("watermark") or watermark(c), c.options.overlap_minutes)
    known = set(c.query_ids("SELECT DISTINCT space_id FROM posts"))
    stage_structure(c)
    spaces = c.readable_space_ids()
    stage_posts(c, [s for s in spaces if s not in known])
    changed = _feed_changes(c, limit, set(spaces)) | _space_changes(c, limit, spaces)
    with_replies = sorted(p for p in changed if _reply_count(c, p) > 0)
    stage_replies(c, with_replies, sweep=True)
    if c.logged_in:
        stage_anonymity(c)
    if changed:
        _tags(c)
    stage_users(c, only_new=True)
    stage_pro(c, sorted(changed))
    stage_media(c)


def _feed_changes(c: Crawl, limit: str, spaces: set[int]) -> set[int]:
    c.progress.stage("feed (new posts)")
    rows = newer_rows(fetch.fetch_feed_new(c.api), limit, key=_published)
    return _save_grouped(c, rows, spaces)


def _space_changes(c: Crawl, limit: str, spaces: list[int]) -> set[int]:
    found: set[int] = set()

    def job(sid: int):
        return lambda: newer_rows(fetch.fetch_space_latest(c.api, sid), limit, skip_pinned=True)

    def on_result(sid: int, rows: list[dict[str, Any]]) -> None:
        found.update(_save_grouped(c, rows, {sid}))

    c.jobs("spaces (new replies)", [(s, job(s)) for s in spaces], on_result)
    return found


def _save_grouped(c: Crawl, rows: list[dict[str, Any]], spaces: set[int]) -> set[int]:
    by_space: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_space[int(row.get("space_id") or 0)].append(row)
    saved: set[int] = set()
    c.save(lambda: [saved.update(save.save_posts(c.saver, sid, group))
                    for sid, group in by_space.items() if sid in spaces])
    return saved


def _reply_count(c: Crawl, post_id: int) -> int:
    row = c.snap.db.execute("SELECT CAST(json_extract(json, '$.reply_count') AS INTEGER) FROM posts "
                            "WHERE id=?", (post_id,)).fetchone()
    return int(row[0] or 0) if row else 0


def _tags(c: Crawl) -> None:
    """New posts may carry tags: refresh tags whose (denormalised) post_count moved."""
    before = {r[0]: r[1] for r in c.snap.db.execute("SELECT id, post_count FROM tags")}
    stage_tags(c)
    after = {r[0]: r[1] for r in c.snap.db.execute("SELECT id, post_count FROM tags WHERE seen_run=?",
                                                  (c.run,))}
    stage_tag_posts(c, sorted(t for t, n in after.items() if before.get(t) != n))
