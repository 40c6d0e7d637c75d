"""Reply threads as the live topic page shows them (CONTRACT.md §3.6, §5.1).

Replies form a tree through ``parent_id``; children are oldest-first; replies whose parent is
not listed (unpublished, trashed, not visible) are omitted with their whole subtree; depth is
capped at 3 (deeper replies are shown at depth 3). Top-level replies are paged
``per_page`` at a time; each reply lives on the page of its top-level ancestor.
"""

from __future__ import annotations

from dataclasses import dataclass

from .replies import ReplyRef

MAX_DEPTH = 3


@dataclass(frozen=True, slots=True)
class Placed:
    """A reply placed in its thread: display ``depth`` and reply ``page``."""

    reply: ReplyRef
    depth: int
    page: int


def place_replies(replies: list[ReplyRef], per_page: int) -> list[Placed]:
    """Depth-first display order of a post's replies, each with its depth and page."""
    by_id = {r.id: r for r in replies}
    children: dict[int, list[ReplyRef]] = {}
    roots = []
    for r in sorted(replies, key=lambda r: (r.created_at, r.id)):
        if r.parent_id == 0:
            roots.append(r)
        elif r.parent_id in by_id and r.parent_id != r.id:
            children.setdefault(r.parent_id, []).append(r)
    out: list[Placed] = []
    for position, root in enumerate(roots):
        page = position // per_page + 1
        stack = [(root, 0)]
        seen: set[int] = set()
        while stack:
            reply, depth = stack.pop()
            if reply.id in seen:  # defensive: a parent cycle
                continue
            seen.add(reply.id)
            out.append(Placed(reply, min(depth, MAX_DEPTH), page))
            stack.extend((c, depth + 1) for c in reversed(children.get(reply.id, ())))
    return out


def page_count(placed: list[Placed]) -> int:
    return max((p.page for p in placed), default=1)
