"""Post rows: the row builder, the scaled bulk of ordinary topics, and id/slug assignment."""

from __future__ import annotations

import random
from itertools import accumulate
from datetime import datetime, timedelta
from html import escape

from . import bodies, clock, text
from .context import Ctx
from .slugs import sanitize_title

POST_TYPE = {"forum": "topic", "qa": "question", "ideas": "idea", "feed": "status"}
IDEA_STATUSES = (None, "planned", "in_progress", "shipped", "declined")

# space key → weight of the bulk topics it receives
BULK_WEIGHTS = {"announcements": 4, "introductions": 10, "help": 14, "plugins": 12,
                "restqa": 10, "review": 6, "ideas": 10, "showcase": 4, "offtopic": 8, "intl": 5,
                "japanese": 2, "archive": 5, "legacy": 3, "sandbox": 2}


def new_post(space: dict, author: int, created: datetime, title: str, content: str,
             **fields: object) -> dict:
    """A complete post row (id/slug come later from :func:`finalize`); ``fields`` override."""
    row = {
        "id": 0, "space_id": space["id"], "author_id": author, "is_anonymous": False,
        "prefix": None, "title": title, "slug": "", "content": content,
        "type": POST_TYPE[space["type"]], "status": "publish", "is_sticky": False,
        "is_private": False, "is_closed": space["status"] == "locked", "is_resolved": False,
        "idea_status": None, "accepted_reply_id": None, "view_count": 1, "vote_score": 0,
        "reply_count": 0, "last_reply_at": None, "edited_at": None, "edited_by": None,
        "published_at": clock.fmt(created), "created_at": clock.fmt(created),
        "updated_at": clock.fmt(created), "attachments": [],
    }
    row.update(fields)
    return row


def post_window(ctx: Ctx, space: dict) -> tuple[datetime, datetime]:
    """When posts of ``space`` may be created (archived spaces stopped after two years)."""
    start = clock.parse(space["created_at"]) + timedelta(days=1)
    end = start + timedelta(days=730) if space["status"] == "archived" else ctx.now
    return start, end - timedelta(hours=2)


def _bulk_title(rng: random.Random, space: dict, content: str) -> str:
    kind = space["type"]
    if kind == "feed":
        return bodies.first_paragraph_title(content)
    patterns = {"qa": text.QA_TITLES, "ideas": text.IDEA_TITLES}.get(kind, text.FORUM_TITLES)
    return text.topic_title(rng, patterns)


def _decorate(rng: random.Random, row: dict, space: dict, moderator: int) -> None:
    """Random flags: prefix, votes, views, edits, stickiness, ideas status, legacy type."""
    settings = space["settings"] if isinstance(space["settings"], dict) else {}
    prefixes = settings.get("prefixes")
    if prefixes and rng.random() < 0.4:
        row["prefix"] = rng.choice(prefixes)["name"]
    row["vote_score"] = max(-9, int(rng.gauss(3, 6))) if rng.random() < 0.8 else 0
    row["view_count"] = rng.randint(1, 4000)
    row["is_closed"] = row["is_closed"] or rng.random() < 0.04
    row["is_sticky"] = rng.random() < 0.01
    if space["type"] == "ideas":
        row["idea_status"] = rng.choice(IDEA_STATUSES)
    if rng.random() < 0.02:
        row["type"] = "post"  # legacy rows carry odd types
    if rng.random() < 0.15:
        row["published_at"] = None
    if rng.random() < 0.12:
        created = clock.parse(row["created_at"])
        row["edited_at"] = clock.site_local(clock.after(rng, created, created + timedelta(
            days=60), 48))
        row["edited_by"] = moderator if row["is_anonymous"] or rng.random() < 0.2 \
            else row["author_id"]


def bulk_posts(ctx: Ctx, spaces: dict[str, dict], writers: list[int], kit: bodies.BodyKit,
               moderator: int) -> list[dict]:
    """``400 × scale`` ordinary public topics spread over the public spaces."""
    rng = ctx.rng("posts:bulk")
    keys = list(BULK_WEIGHTS)
    space_cum = list(accumulate(BULK_WEIGHTS[k] for k in keys))
    author_cum = list(accumulate(1.0 / (1 + i % 17) for i in range(len(writers))))
    rows = []
    for _ in range(ctx.scaled(400)):
        space = spaces[rng.choices(keys, cum_weights=space_cum)[0]]
        start, end = post_window(ctx, space)
        created = clock.between(rng, start, end)
        author = rng.choices(writers, cum_weights=author_cum)[0]
        content = bodies.post_body(rng, kit)
        row = new_post(space, author, created, _bulk_title(rng, space, content), content,
                       is_anonymous=rng.random() < 0.02)
        _decorate(rng, row, space, moderator)
        rows.append(row)
    return rows


def finalize(ctx: Ctx, posts: list[dict]) -> list[dict]:
    """Order posts by creation, number them 1…, and give each a unique slug (first wins)."""
    ordered = sorted(enumerate(posts), key=lambda pair: (pair[1]["created_at"], pair[0]))
    out = []
    for new_id, (_, row) in enumerate(ordered, start=1):
        row["id"] = new_id
        wanted = row.pop("_slug_source", None) or row["title"]
        row["slug"] = ctx.post_slugs.claim(sanitize_title(wanted))
        out.append(row)
    return out


def add_internal_links(ctx: Ctx, posts: list[dict], public_ids: set[int],
                       space_slug: dict[int, str]) -> None:
    """Give some public posts a "Related:" link to an earlier public topic (never non-public)."""
    rng = ctx.rng("posts:links")
    earlier: list[dict] = []
    for row in posts:
        if row["id"] not in public_ids:
            continue
        if earlier and rng.random() < 0.08 and not row.get("raw_legacy"):
            target = rng.choice(earlier)
            url = ctx.topic_url(space_slug[target["space_id"]], target["slug"])
            row["content"] += (f'<p>Related: <a href="{escape(url)}">'
                               f"{escape(target['title'])}</a></p>")
        earlier.append(row)
