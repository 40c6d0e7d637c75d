"""Assemble the whole example community (the dataset dict of docs/dataset-format.md)."""

from __future__ import annotations

from . import (bodies, clock, counters, members, posts, specials, structure, tags, text,
               threads, users)
from .bodies import BodyKit
from .context import Ctx
from .media import MediaLibrary
from .nonpublic import nonpublic_posts, post_reason, reply_reason
from .pro import pro_block
from .replies import ReplyFactory
from .replies import finalize as finalize_replies

FORMAT = "jetonomy-standin-dataset"
FORMAT_VERSION = 1


def _screenshots(media: MediaLibrary) -> list[str]:
    """A pool of local screenshots that bodies embed with ``<img>``."""
    return [media.png(f"wp-content/uploads/{2022 + n % 5}/0{1 + n % 9}/screenshot-{n}.png")
            for n in range(12)]


def _all_posts(ctx: Ctx, sp: dict[str, dict], user_rows: list[dict], roles: users.Roles,
               kit: BodyKit, media: MediaLibrary) -> list[dict]:
    writers = users.authors(user_rows, roles)
    drafts = (posts.bulk_posts(ctx, sp, writers, kit, roles.moderator)
              + specials.special_posts(ctx, sp, roles, kit, media)
              + nonpublic_posts(ctx, sp, writers, kit)
              + _attachment_posts(ctx, sp, writers, kit, media))
    return posts.finalize(ctx, drafts)


def _attachment_posts(ctx: Ctx, sp: dict[str, dict], writers: list[int], kit: BodyKit,
                      media: MediaLibrary) -> list[dict]:
    """A few posts (``12 × scale``, at most 120) with an image and a PDF attached."""
    rng = ctx.rng("posts:attachments")
    rows = []
    for n in range(min(120, ctx.scaled(12))):
        space = sp[rng.choice(("plugins", "help", "showcase", "restqa"))]
        start, end = posts.post_window(ctx, space)
        created = clock.between(rng, start, end)
        folder = f"wp-content/uploads/{created:%Y/%m}"
        files = [media.attachment(f"{folder}/attachment-{n}.png", "image", f"Attachment {n}")]
        if n % 2 == 0:
            files.append(media.attachment(f"{folder}/report-{n}.pdf", "pdf", f"Report {n}"))
        title = text.topic_title(rng, text.FORUM_TITLES) + " (with screenshots)"
        rows.append(posts.new_post(space, rng.choice(writers), created, title,
                                   bodies.post_body(rng, kit), attachments=files))
    return rows


def _all_replies(ctx: Ctx, post_rows: list[dict], spaces: dict[int, dict],
                 factory: ReplyFactory) -> list[dict]:
    drafts: list[dict] = []
    for post in post_rows:
        space = spaces[post["space_id"]]
        hidden = post_reason(post, space) is not None
        drafts += threads.thread_for(ctx, factory, post, hidden, space["type"] == "qa")
    return finalize_replies(drafts, post_rows)


def _strip_private(rows: list[dict]) -> None:
    for row in rows:
        for key in [k for k in row if k.startswith("_")]:
            del row[key]


def build(seed: int = 1337, scale: float = 1.0, pro: bool = False) -> dict:
    """Generate the dataset dict (deterministic for a given seed, scale and ``pro``)."""
    scale = float(scale)  # 1 and 1.0 must give the same bytes
    ctx = Ctx(seed=seed, scale=scale, pro=pro)
    media = MediaLibrary()
    user_rows, roles = users.make_users(ctx, media)
    category_rows = structure.categories(ctx)
    space_rows, sp = structure.spaces(ctx, roles.admin, media)
    kit = BodyKit(screenshots=_screenshots(media), handles=users.mentionable(user_rows, roles))
    post_rows = _all_posts(ctx, sp, user_rows, roles, kit, media)
    by_id = {s["id"]: s for s in space_rows}
    public_ids = {p["id"] for p in post_rows if post_reason(p, by_id[p["space_id"]]) is None}
    posts.add_internal_links(ctx, post_rows, public_ids, {s["id"]: s["slug"] for s in space_rows})
    factory = ReplyFactory(ctx, kit, users.authors(user_rows, roles), roles.anon_only,
                           roles.moderator, media)
    reply_rows = _all_replies(ctx, post_rows, by_id, factory)
    _strip_private(post_rows)
    _strip_private(reply_rows)
    counters.post_counters(post_rows, reply_rows, ctx.rng("counters"))
    counters.user_counters(user_rows, post_rows, reply_rows)
    counters.space_activity(space_rows, post_rows)
    tag_rows = tags.make_tags(ctx)
    public_replies = [r for r in reply_rows
                      if reply_reason(r, None if r["post_id"] in public_ids else "x") is None]
    return {
        "format": FORMAT, "version": FORMAT_VERSION, "seed": seed, "scale": scale,
        "site": structure.site(ctx), "app_config": structure.app_config(ctx, media),
        "pro": pro_block(ctx, [p for p in post_rows if p["id"] in public_ids], public_replies),
        "users": user_rows, "categories": category_rows, "spaces": space_rows,
        "posts": post_rows, "replies": reply_rows, "tags": tag_rows,
        "post_tags": tags.tag_posts(ctx, tag_rows, post_rows, public_ids),
        "members": members.make_members(ctx, space_rows, user_rows, roles),
        "media": media.rows(),
    }
