"""Special reply threads requested by markers on posts (see :mod:`specials`)."""

from __future__ import annotations

from datetime import timedelta

from . import clock
from .context import Ctx
from .replies import ReplyFactory, choose_accepted, ordinary_thread, reply_count

MEGA_REPLIES = 280
DEEP_LEVELS = 9


def _mega(f: ReplyFactory, post: dict) -> list[dict]:
    """250+ replies, mostly top level so the live page needs several ``rpg`` pages."""
    return ordinary_thread(f, post, MEGA_REPLIES, False, top_share=0.7)


def _deep(f: ReplyFactory, post: dict) -> list[dict]:
    """A chain nested ``DEEP_LEVELS`` deep, plus siblings at several levels."""
    rng = f.ctx.rng("threads:deep")
    moment = clock.parse(post["created_at"])
    out: list[dict] = []
    parent = None
    for level in range(DEEP_LEVELS):
        moment += timedelta(hours=3 + level)
        parent = f.draft(rng, post, moment, parent, False)
        out.append(parent)
        if level % 3 == 1:
            moment += timedelta(minutes=30)
            out.append(f.draft(rng, post, moment, out[-2] if len(out) > 1 else None, False))
    return out + ordinary_thread(f, {**post, "created_at": clock.fmt(moment)}, 12, False)


def _orphan(f: ReplyFactory, post: dict) -> list[dict]:
    """A published reply whose parent reply was trashed (the live page omits it)."""
    rng = f.ctx.rng("threads:orphan")
    start = clock.parse(post["created_at"])
    first = f.draft(rng, post, start + timedelta(hours=2), None, False)
    trashed = f.draft(rng, post, start + timedelta(hours=5), first, True, status="trash")
    orphan = f.draft(rng, post, start + timedelta(hours=8), trashed, False, _orphan=True)
    grandchild = f.draft(rng, post, start + timedelta(hours=9), orphan, False, _orphan=True)
    last = f.draft(rng, post, start + timedelta(hours=12), None, False)
    return [first, trashed, orphan, grandchild, last]


def _private_accepted(f: ReplyFactory, post: dict) -> list[dict]:
    """A question whose accepted answer is a private reply (the live JSON-LD leaks it)."""
    rng = f.ctx.rng("threads:private-accepted")
    thread = ordinary_thread(f, post, 6, False)
    start = clock.parse(thread[-1]["created_at"]) if thread else clock.parse(post["created_at"])
    answer = f.draft(rng, post, start + timedelta(hours=1), None, True, is_private=True,
                     author_id=2, is_accepted=True)
    post["_accepted_key"] = answer["_key"]
    post["is_resolved"] = True
    return thread + [answer]


def _accepted(f: ReplyFactory, post: dict) -> list[dict]:
    """A resolved question with an attachment on one answer."""
    rng = f.ctx.rng("threads:accepted")
    thread = ordinary_thread(f, post, 14, False)
    thread = [r for r in thread if r["status"] == "publish" and not r["is_private"]]
    start = clock.parse(post["created_at"])
    answer = f.draft(rng, post, start + timedelta(minutes=45), None, False, author_id=14,
                     attachments=[f.media.attachment("wp-content/uploads/2026/04/pager.png",
                                                     "image", "Pager diagram")])
    thread.insert(0, answer)
    choose_accepted(rng, post, [answer])
    return thread


SPECIAL_THREADS = {"mega": _mega, "deep": _deep, "orphan": _orphan,
                   "private_accepted": _private_accepted, "accepted": _accepted}


def thread_for(ctx: Ctx, f: ReplyFactory, post: dict, post_hidden: bool,
               qa: bool) -> list[dict]:
    """All replies of ``post``: its special thread, or an ordinary one of random length."""
    marker = post.pop("_thread", None)
    if marker:
        return SPECIAL_THREADS[marker](f, post)
    if post["status"] == "draft":
        return []
    rng = ctx.rng(f"thread-size:{post['id']}")
    thread = ordinary_thread(f, post, reply_count(rng), post_hidden)
    if qa and not post_hidden and rng.random() < 0.6:
        choose_accepted(rng, post, thread)
    return thread

