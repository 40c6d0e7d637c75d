"""Full-crawl stages for the content tree: categories and spaces, posts, replies."""

from __future__ import annotations

from typing import Any

from . import fetch, save
from .context import Crawl


def stage_structure(c: Crawl) -> None:
    """``/categories`` (+ each sub-category for its ``spaces[]``) and ``/spaces``."""
    if c.done("structure"):
        return
    c.progress.stage("categories and spaces")
    top = fetch.fetch_categories(c.api)
    children = [cat for cat in save.flatten_categories(top, {}) if cat not in top]
    fetched = {int(cat["id"]): fetch.fetch_category(c.api, int(cat["id"])) for cat in children}
    categories = save.flatten_categories(top, {k: v for k, v in fetched.items() if v})
    spaces = list(fetch.fetch_spaces(c.api))

    def write() -> None:
        save.save_categories(c.saver, categories)
        save.save_spaces(c.saver, spaces, save.space_statuses(categories))
        c.mark("structure")

    c.save(write)


def stage_posts(c: Crawl, space_ids: list[int] | None = None) -> None:
    """Every public space's posts, oldest first, one job per space."""
    ids = c.readable_space_ids() if space_ids is None else space_ids
    todo = [sid for sid in ids if not c.done(f"posts:{sid}")]

    def job(sid: int):
        return lambda: [row for page in fetch.fetch_space_posts(c.api, sid) for row in page.rows]

    def on_result(sid: int, rows: list[dict[str, Any]]) -> None:
        c.save(lambda: (save.save_posts(c.saver, sid, rows), c.mark(f"posts:{sid}")))

    c.jobs("posts", [(sid, job(sid)) for sid in todo], on_result)


def posts_with_replies(c: Crawl) -> list[int]:
    """Posts saved this run whose ``reply_count`` says they have replies."""
    return c.query_ids("SELECT id FROM posts WHERE seen_run=? AND "
                       "CAST(json_extract(json, '$.reply_count') AS INTEGER) > 0 ORDER BY id",
                       (c.run,))


def stage_replies(c: Crawl, post_ids: list[int] | None = None, sweep: bool = False) -> None:
    """Replies of each post (one job per post, saved with its done mark)."""
    done = c.done_keys("replies:")
    ids = posts_with_replies(c) if post_ids is None else post_ids
    todo = [pid for pid in ids if f"replies:{pid}" not in done]

    def job(pid: int):
        return lambda: list(fetch.fetch_replies(c.api, pid))

    def on_result(pid: int, rows: list[dict[str, Any]]) -> None:
        c.save(lambda: (save.save_replies(c.saver, pid, rows, sweep=sweep and bool(rows)),
                        c.mark(f"replies:{pid}")))

    c.jobs("replies", [(pid, job(pid)) for pid in todo], on_result)
