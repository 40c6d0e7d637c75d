"""``save_*``: write fetched rows into the snapshot. No HTTP here.

Every row goes through :mod:`.guard` first; every write records what changed this run
(kinds post, reply, space, tag, user, category; changes new, changed, deleted).
Callers wrap calls in ``snapshot.transaction()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..snapshot import Snapshot
from . import guard
from .report import CrawlReport

Row = dict[str, Any]


@dataclass
class Saver:
    """The snapshot, the current run and where to count what was written."""

    snap: Snapshot
    run: int
    report: CrawlReport
    refusals: guard.Refusals
    keep_nonpublic: bool = False  # a logged-in crawl stores what the account sees

    def record(self, kind: str, ident: Any, change: str) -> None:
        self.report.saved[kind] += 1
        if change in ("new", "changed", "deleted"):
            self.snap.record_change(self.run, kind, ident, change)
            self.report.changes[(kind, change)] += 1

    def flush_refusals(self) -> None:
        """Store fingerprints collected so far (inside the caller's transaction)."""
        for kind, hashes in self.refusals.items():
            self.snap.add_fingerprints(kind, sorted(hashes))
        self.report.refused += self.refusals.count()
        self.refusals.by_kind.clear()


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def flatten_categories(top: list[Row], fetched: dict[int, Row]) -> list[Row]:
    """Top-level categories then their children (depth first); a child fetched on its own
    (``/categories/{id}``, which carries its ``spaces[]``) replaces the tree copy."""
    out: list[Row] = []

    def walk(cat: Row) -> None:
        out.append(fetched.get(_int(cat.get("id")), cat))
        for child in cat.get("children") or []:
            walk(child)

    for cat in top:
        walk(cat)
    return out


def space_statuses(categories: Iterable[Row]) -> dict[int, str]:
    """``space id → status`` from the categories' raw ``spaces[]`` rows (§3.3)."""
    return {_int(raw.get("id")): str(raw.get("status") or "active")
            for cat in categories for raw in (cat.get("spaces") or []) if isinstance(raw, dict)}


def save_categories(sv: Saver, categories: list[Row]) -> None:
    for cat in categories:
        cleaned = guard.clean_category(cat, sv.refusals, sv.keep_nonpublic)
        sv.record("category", _int(cat.get("id")), sv.snap.put_category(cleaned, run=sv.run))


def save_spaces(sv: Saver, spaces: Iterable[Row], statuses: dict[int, str]) -> list[int]:
    """Save public spaces (all, when logged in; status from the category rows); return ids."""
    ids = []
    for space in spaces:
        if not (sv.keep_nonpublic or guard.space_is_public(space)):
            continue
        sid = _int(space.get("id"))
        sv.record("space", sid, sv.snap.put_space(space, run=sv.run, status=statuses.get(sid, "active")))
        ids.append(sid)
    return ids


def save_posts(sv: Saver, space_id: int, rows: Iterable[Row]) -> list[int]:
    """Save a space's posts; rows of other spaces (Pro announcements) are ignored."""
    ids = []
    for row in rows:
        if _int(row.get("space_id")) != space_id:
            continue
        post = guard.clean_post(row, sv.refusals, sv.keep_nonpublic)
        if post is None:
            continue
        pid = _int(post.get("id"))
        sv.record("post", pid, sv.snap.put_post(post, run=sv.run))
        ids.append(pid)
    return ids


def save_replies(sv: Saver, post_id: int, rows: Iterable[Row], sweep: bool = False) -> list[int]:
    """Save a post's replies; with ``sweep``, delete stored replies no longer listed."""
    ids = []
    for row in rows:
        if _int(row.get("post_id")) != post_id:
            continue
        reply = guard.clean_reply(row, sv.refusals, sv.keep_nonpublic)
        if reply is None:
            continue
        rid = _int(reply.get("id"))
        sv.record("reply", rid, sv.snap.put_reply(reply, run=sv.run))
        ids.append(rid)
    if sweep:
        kept = set(ids)
        for (rid,) in sv.snap.db.execute("SELECT id FROM replies WHERE post_id=?", (post_id,)).fetchall():
            if rid not in kept:
                sv.snap.delete("replies", rid)
                sv.record("reply", rid, "deleted")
    return ids


def save_single_posts(sv: Saver, rows: Iterable[Row]) -> list[int]:
    """Save posts fetched one by one (``GET /posts/{id}``, ``/posts/drafts``), any space."""
    ids = []
    for row in rows:
        ids += save_posts(sv, _int(row.get("space_id")), [row])
    return ids


def mark_anonymous(sv: Saver, table: str, ids: Iterable[int]) -> None:
    """Record anonymity the payloads do not show (a moderator sees the real author)."""
    sv.snap.set_anonymous(table, sorted(set(ids)))


def save_tags(sv: Saver, rows: Iterable[Row]) -> list[int]:
    ids = []
    for row in rows:
        tid = _int(row.get("id"))
        sv.record("tag", tid, sv.snap.put_tag(row, run=sv.run))
        ids.append(tid)
    return ids


def save_tag_posts(sv: Saver, tag_id: int, post_rows: Iterable[Row]) -> None:
    """Tag membership (the search rows themselves are not stored: their ``type`` is lost)."""
    new = sorted({_int(r.get("id")) for r in post_rows if r.get("id") is not None})
    old = [r[0] for r in sv.snap.db.execute(
        "SELECT post_id FROM post_tags WHERE tag_id=? ORDER BY post_id", (tag_id,))]
    sv.snap.set_post_tags(tag_id, new)
    if old != new and old:
        sv.snap.record_change(sv.run, "tag", tag_id, "changed")
        sv.report.changes[("tag", "changed")] += 1


def save_leaderboard(sv: Saver, period: str, rows: list[Row]) -> None:
    sv.snap.set_leaderboard(period, rows)
    sv.report.saved["leaderboard"] += len(rows)


def save_members(sv: Saver, space_id: int, members: list[Row], privileged: list[Row]) -> None:
    sv.snap.set_members(space_id, members)
    sv.snap.set_members(space_id, privileged, privileged=True)
    sv.report.saved["member"] += len(members) + len(privileged)


def save_user(sv: Saver, profile: Row, login: str | None) -> None:
    sv.record("user", _int(profile.get("id")), sv.snap.put_user(profile, login=login, run=sv.run))


def save_pro(sv: Saver, kind: str, key: str, obj: Any) -> None:
    sv.snap.put_pro(kind, key, obj)
    sv.report.saved[f"pro {kind}"] += 1
