"""Threaded replies: ordinary threads, the mega-thread, deep nesting, orphans, accepted answers.

Replies are drafted per post with private ``_key``/``_parent_key`` links, then numbered in
global creation order by :func:`finalize` (so ids grow with time, as in a real database).
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from . import bodies, clock
from . import html as h
from .bodies import BodyKit
from .context import Ctx
from .media import MediaLibrary

_COUNTS = (0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 22, 30, 45)
_COUNT_WEIGHTS = (8, 8, 9, 9, 9, 9, 8, 8, 7, 6, 5, 4, 3, 2)
# status / privacy of a reply in a public thread: (status, is_private, cumulative probability)
_HIDDEN_KINDS = (("pending", False, 0.015), ("spam", False, 0.025), ("trash", False, 0.035),
                 ("publish", True, 0.055))


@dataclass
class ReplyFactory:
    """Shared state for drafting replies."""

    ctx: Ctx
    kit: BodyKit
    writers: list[int]
    anon_only: tuple[int, ...]
    moderator: int
    media: MediaLibrary
    keys: itertools.count = field(default_factory=lambda: itertools.count(1))

    def draft(self, rng: random.Random, post: dict, created: datetime,
              parent: dict | None, hidden: bool, **fields: object) -> dict:
        """One reply row; ``hidden`` = the item is non-public and gets its own canary."""
        author = fields.pop("author_id", None) or rng.choice(self.writers)
        content = bodies.reply_body(rng, self.kit)
        if hidden:
            content += h.p(f"Private remark {self.ctx.canaries.new()} for moderators only.")
        row = {"id": 0, "post_id": post["id"], "parent_id": None, "author_id": author,
               "is_anonymous": False, "content": content, "status": "publish",
               "is_accepted": False, "is_private": False,
               "vote_score": max(-5, int(rng.gauss(1, 3))), "edited_at": None,
               "edited_by": None, "created_at": clock.fmt(created), "attachments": [],
               "_key": next(self.keys), "_parent_key": parent["_key"] if parent else None}
        row.update(fields)
        if rng.random() < 0.06:
            row["edited_at"] = clock.site_local(created + timedelta(hours=rng.randint(1, 90)))
            row["edited_by"] = self.moderator if row["is_anonymous"] else row["author_id"]
        return row


def _gap(ctx: Ctx, start: datetime, count: int) -> float:
    """Mean hours between replies so a thread of ``count`` fits before ``now``."""
    room = max(1.0, (ctx.now - start).total_seconds() / 3600.0)
    return max(0.05, min(30.0, room / (count + 2)))


def ordinary_thread(f: ReplyFactory, post: dict, count: int, post_hidden: bool,
                    top_share: float = 0.55) -> list[dict]:
    """``count`` replies: some top level, the rest answering an earlier published reply."""
    rng = f.ctx.rng(f"replies:{post['id']}")
    moment = clock.parse(post["created_at"])
    gap = _gap(f.ctx, moment, count)
    out: list[dict] = []
    for _ in range(count):
        moment = clock.after(rng, moment, f.ctx.now - timedelta(minutes=1), gap)
        parents = [r for r in out if r["status"] == "publish"]
        parent = rng.choice(parents) if parents and rng.random() > top_share else None
        status, private, roll = "publish", False, rng.random()
        for kind, is_private, limit in _HIDDEN_KINDS:
            if roll < limit:
                status, private = kind, is_private
                break
        fields: dict = {"status": status, "is_private": private}
        if not post_hidden and rng.random() < 0.012 and f.anon_only:
            fields.update(author_id=rng.choice(f.anon_only), is_anonymous=True)
        elif rng.random() < 0.01:
            fields["is_anonymous"] = True
        hidden = post_hidden or status != "publish" or private
        out.append(f.draft(rng, post, moment, parent, hidden, **fields))
    return out


def reply_count(rng: random.Random) -> int:
    """How many replies an ordinary topic gets (mean ≈ 7, long tail)."""
    return rng.choices(_COUNTS, _COUNT_WEIGHTS)[0]


def choose_accepted(rng: random.Random, post: dict, thread: list[dict]) -> None:
    """Mark a public top-level answer by someone else as accepted (sets post fields too)."""
    candidates = [r for r in thread if r["_parent_key"] is None and r["status"] == "publish"
                  and not r["is_private"] and r["author_id"] != post["author_id"]]
    if candidates:
        best = rng.choice(candidates)
        best["is_accepted"] = True
        post["_accepted_key"] = best["_key"]
        post["is_resolved"] = True


def finalize(replies: list[dict], posts: list[dict]) -> list[dict]:
    """Number replies by creation time, resolve parent links and accepted answers."""
    replies.sort(key=lambda r: (r["created_at"], r["_key"]))
    key_to_id = {r["_key"]: n for n, r in enumerate(replies, start=1)}
    for reply_id, row in enumerate(replies, start=1):
        row["id"] = reply_id
        parent_key = row.pop("_parent_key")
        row["parent_id"] = key_to_id[parent_key] if parent_key is not None else None
        del row["_key"]
    for post in posts:
        accepted = post.pop("_accepted_key", None)
        if accepted is not None:
            post["accepted_reply_id"] = key_to_id[accepted]
    return replies
