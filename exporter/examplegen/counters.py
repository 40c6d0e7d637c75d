"""Denormalised counters, computed the way Jetonomy keeps them (including their quirks)."""

from __future__ import annotations

import random
from collections import Counter


def post_counters(posts: list[dict], replies: list[dict], rng: random.Random) -> None:
    """``reply_count`` (all statuses, sometimes over-counted), ``last_reply_at``, ``updated_at``."""
    counts: Counter[int] = Counter()
    last: dict[int, str] = {}
    for reply in replies:
        counts[reply["post_id"]] += 1
        if reply["created_at"] > last.get(reply["post_id"], ""):
            last[reply["post_id"]] = reply["created_at"]
    for post in posts:
        over = 1 if counts[post["id"]] and rng.random() < 0.03 else 0  # approved-twice bug
        post["reply_count"] = counts[post["id"]] + over
        post["last_reply_at"] = last.get(post["id"])
        post["updated_at"] = max(post["created_at"], post["last_reply_at"] or "")


def user_counters(users: list[dict], posts: list[dict], replies: list[dict]) -> None:
    """``post_count``/``reply_count`` over every status (they include non-public content)."""
    post_counts = Counter(p["author_id"] for p in posts)
    reply_counts = Counter(r["author_id"] for r in replies)
    for user in users:
        user["post_count"] = post_counts[user["id"]]
        user["reply_count"] = reply_counts[user["id"]]


def space_activity(spaces: list[dict], posts: list[dict]) -> None:
    """``last_activity_at`` = newest post or reply time in the space (``updated_at`` too)."""
    newest: dict[int, str] = {}
    for post in posts:
        moment = max(post["created_at"], post["last_reply_at"] or "")
        if moment > newest.get(post["space_id"], ""):
            newest[post["space_id"]] = moment
    for space in spaces:
        space["last_activity_at"] = newest.get(space["id"], space["created_at"])
        space["updated_at"] = space["last_activity_at"]
