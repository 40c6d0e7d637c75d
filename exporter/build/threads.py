"""Reply threads as the live topic page shows them (CONTRACT.md §3.6, §5.1).

Replies form a tree through ``parent_id``; children are oldest-first; replies whose parent is
not listed (unpublished, trashed, not visible) are omitted with their whole subtree; depth is
capped at 3 (deeper replies are shown at depth 3). Top-level replies are paged
``per_page`` at a time; each reply lives on the page of its top-level ancestor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 3


@dataclass(frozen=True, slots=True)
class Placed:
    """A reply placed in its thread: display ``depth`` and reply ``page``."""

    reply: dict[str, Any]
    depth: int
    page: int


def _sort_key(r: dict[str, Any]) -> tuple[str, int]:
    return (str(r.get("created_at") or ""), int(r["id"]))


def _parent(r: dict[str, Any]) -> int:
    try:
        return int(r.get("parent_id") or 0)
    except (TypeError, ValueError):
        return 0


def place_replies(replies: list[dict[str, Any]], per_page: int) -> list[Placed]:
    """Depth-first display order of a post's replies, each with its depth and page."""
    by_id = {int(r["id"]): r for r in replies}
    children: dict[int, list[dict[str, Any]]] = {}
    roots = []
    for r in sorted(replies, key=_sort_key):
        parent = _parent(r)
        if parent == 0:
            roots.append(r)
        elif parent in by_id and parent != int(r["id"]):
            children.setdefault(parent, []).append(r)
    out: list[Placed] = []
    for position, root in enumerate(roots):
        page = position // per_page + 1
        stack = [(root, 0)]
        seen: set[int] = set()
        while stack:
            reply, depth = stack.pop()
            rid = int(reply["id"])
            if rid in seen:  # defensive: a parent cycle
                continue
            seen.add(rid)
            out.append(Placed(reply, min(depth, MAX_DEPTH), page))
            stack.extend((c, depth + 1) for c in reversed(children.get(rid, ())))
    return out


def page_count(placed: list[Placed]) -> int:
    return max((p.page for p in placed), default=1)
