"""Every public thing of the snapshot is in the mirror.

Expected entities come from the snapshot through the public :class:`Audience` (the same
visibility rules the renderer uses, not its output): spaces, topics, replies, tags and
profiles. Where they are looked for:

* topic — a page carrying ``id="post-{id}"``;
* reply — ``id="reply-{id}"`` on its topic's page or one of its reply pages (``rpg/N/``);
  replies whose parent is not listed are hidden with their subtree, as on the live page;
* space, tag, profile — the live URL of their slug/login, or the mirror's fallback segment
  (``_s{id}``, ``_t{id}``, ``_u{id}``) used for unsafe or colliding slugs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..snapshot import Audience, Snapshot
from ..urls import SiteUrls, url_path_to_file
from .report import MAX_LISTED, Check
from .scan import FileScan


@dataclass
class Found:
    """Anchors found in the mirror: ``post-N`` → file, ``reply-N`` → files."""

    posts: dict[int, str] = field(default_factory=dict)
    replies: dict[int, set[str]] = field(default_factory=dict)


def found_anchors(scans: Iterable[FileScan]) -> Found:
    found = Found()
    for scan in scans:
        for anchor in scan.ids:
            kind, _, num = anchor.partition("-")
            if not num.isdigit():
                continue
            if kind == "post":
                found.posts.setdefault(int(num), scan.rel)
            elif kind == "reply":
                found.replies.setdefault(int(num), set()).add(scan.rel)
    return found


def listed_replies(replies: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """Replies the topic page shows (every ancestor listed) and how many are hidden."""
    by_id = {int(r["id"]): r for r in replies}
    shown, hidden = [], 0
    for reply in replies:
        current, seen = reply, set()
        while int(current.get("parent_id") or 0) and int(current["id"]) not in seen:
            seen.add(int(current["id"]))
            parent = by_id.get(int(current.get("parent_id") or 0))
            if parent is None:
                break
            current = parent
        if int(current.get("parent_id") or 0) and int(current.get("parent_id") or 0) not in by_id:
            hidden += 1
        else:
            shown.append(reply)
    return shown, hidden


def _topic_dir(rel: str) -> str:
    return rel.rsplit("/", 1)[0] + "/" if "/" in rel else ""


def check_coverage(snap: Snapshot, scans: list[FileScan], files: set[str]) -> Check:
    """Count expected vs present for each kind; list the missing ones."""
    check = Check("public content present")
    urls = SiteUrls(snap.get_meta("site_url") or "", snap.get_meta("base_slug") or "community")
    found = found_anchors(scans)
    missing: list[str] = []

    def page(path_of: Callable[[str], str], seg: str, fallback: str) -> bool:
        return any(url_path_to_file(path_of(s)) in files for s in (seg, fallback) if s)

    spaces = list(snap.iter_spaces(Audience.PUBLIC))
    n_spaces = _count(missing, "space", ((s["id"], page(urls.space, str(s.get("slug") or ""), f"_s{s['id']}"))
                                         for s in spaces))
    posts = list(snap.iter_posts(Audience.PUBLIC))
    n_posts = _count(missing, "topic", ((p["id"], int(p["id"]) in found.posts) for p in posts))
    n_replies, hidden = _replies(snap, posts, found, missing)
    tags = list(snap.iter_tags())
    n_tags = _count(missing, "tag", ((t["id"], page(urls.tag, str(t.get("slug") or ""), f"_t{t['id']}"))
                                     for t in tags))
    users = [(login, u) for login, u in snap.iter_users() if login]
    n_users = _count(missing, "profile", ((u["id"], page(urls.profile, login, f"_u{u['id']}"))
                                          for login, u in users))
    totals = {"spaces": (n_spaces, len(spaces)), "topics": (n_posts, len(posts)),
              "replies": (n_replies[0], n_replies[1]), "tags": (n_tags, len(tags)),
              "profiles": (n_users, len(users))}
    check.counts = {k: v[0] for k, v in totals.items()} | {f"{k}_expected": v[1] for k, v in totals.items()} \
        | {"replies_hidden_orphans": hidden}
    check.summary = ", ".join(f"{k} {a}/{b}" for k, (a, b) in totals.items()) + \
        (f" ({hidden} orphan replies hidden as live)" if hidden else "")
    check.problems = missing[:MAX_LISTED] + ([f"… and {len(missing) - MAX_LISTED} more"]
                                             if len(missing) > MAX_LISTED else [])
    return check


def _count(missing: list[str], kind: str, results: Iterable[tuple[Any, bool]]) -> int:
    present = 0
    for ident, ok in results:
        if ok:
            present += 1
        else:
            missing.append(f"{kind} {ident} missing")
    return present


def _replies(snap: Snapshot, posts: list[dict[str, Any]], found: Found,
             missing: list[str]) -> tuple[tuple[int, int], int]:
    by_post: dict[int, list[dict[str, Any]]] = {}
    for reply in snap.iter_replies(Audience.PUBLIC):
        by_post.setdefault(int(reply["post_id"]), []).append(reply)
    present = expected = hidden = 0
    for post in posts:
        shown, n_hidden = listed_replies(by_post.get(int(post["id"]), []))
        hidden += n_hidden
        topic = found.posts.get(int(post["id"]))
        base = _topic_dir(topic) if topic else None
        for reply in shown:
            expected += 1
            where = found.replies.get(int(reply["id"]), set())
            if base is not None and any(f.startswith(base) for f in where):
                present += 1
            else:
                missing.append(f"reply {reply['id']} (topic {post['id']}) missing")
    return (present, expected), hidden
