"""Non-public posts of every kind, each carrying its own canary in title and body.

Also the single source of truth for *why* an item is non-public (used by the manifest and
by the tests): :func:`post_reason`, :func:`reply_reason`.
"""

from __future__ import annotations

from . import bodies, clock, text
from . import html as h
from .bodies import BodyKit
from .context import Ctx
from .posts import new_post, post_window

# reason → (space key, field overrides); posts in non-public spaces are published rows
_KINDS = (
    ("draft", "plugins", {"status": "draft", "published_at": None}),
    ("pending", "showcase", {"status": "pending"}),
    ("spam", "offtopic", {"status": "spam"}),
    ("trash", "help", {"status": "trash"}),
    ("private_post", "restqa", {"is_private": True}),
)
_SPACE_KINDS = (("private_space", "staff", 8), ("hidden_space", "backroom", 6),
                ("private_space", "beta", 6))


def _canary_post(ctx: Ctx, space: dict, author: int, kit: BodyKit, label: str,
                 seq: int, fields: dict) -> dict:
    rng = ctx.rng(f"nonpublic:{label}:{space['id']}:{seq}")
    canary = ctx.canaries.new()
    start, end = post_window(ctx, space)
    created = clock.between(rng, start, end)
    title = f"{label.replace('_', ' ').capitalize()}: {text.topic_title(rng, text.FORUM_TITLES)}"
    content = (h.p(f"Internal note {canary}. Do not share.") + bodies.post_body(rng, kit)
               + (h.p('Buy cheap <a href="https://spam.example.net/pills">pills</a> now!!!')
                  if fields.get("status") == "spam" else ""))
    return new_post(space, author, created, f"{title} {canary}", content, **fields)


def nonpublic_posts(ctx: Ctx, sp: dict[str, dict], writers: list[int],
                    kit: BodyKit) -> list[dict]:
    """Drafts, pending, spam, trash, private posts and posts in private/hidden spaces."""
    rng = ctx.rng("nonpublic:authors")
    rows = []
    for label, key, fields in _KINDS:
        for seq in range(ctx.scaled(3, minimum=2)):
            author = rng.choice(writers)
            rows.append(_canary_post(ctx, sp[key], author, kit, label, seq, dict(fields)))
    for label, key, count in _SPACE_KINDS:
        for seq in range(ctx.scaled(count, minimum=3)):
            fields = {"status": "pending"} if seq == 1 else {}
            rows.append(_canary_post(ctx, sp[key], rng.choice(writers[:20]), kit, label, seq,
                                     fields))
    return rows


def post_reason(post: dict, space: dict) -> str | None:
    """Why a guest cannot read ``post`` (``None`` = public)."""
    if space["visibility"] != "public":
        return f"{space['visibility']}_space"
    if post["status"] != "publish":
        return post["status"]
    if post["is_private"]:
        return "private_post"
    return None


def reply_reason(reply: dict, post_reason_: str | None) -> str | None:
    """Why a guest cannot read ``reply``'s text (``None`` = public)."""
    if post_reason_ is not None:
        return "in_nonpublic_post"
    if reply["status"] != "publish":
        return reply["status"]
    if reply["is_private"]:
        return "private_reply"
    return None
