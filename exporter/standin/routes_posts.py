"""Feed, single post, replies, single reply and ``/updates`` (§2.7–2.10, 2.18)."""

from __future__ import annotations

from datetime import datetime, timezone

from . import serialize as ser
from .dates import FMT
from .lists import feed_posts, page
from .models import Reply
from .responses import RestResult, collection, error, forbidden, not_found, unauthorized
from .routing import Ctx, RestRoute
from .wpargs import Arg, list_args, page_offset

V1 = "/jetonomy/v1"
FEED_MAX = 50


def feed(ctx: Ctx) -> RestResult:
    """``GET /feed``: hot/new/top; ``limit`` 51–100 passes validation and is clamped to 50."""
    v = ctx.values
    limit = min(v["limit"] or 20, FEED_MAX)
    offset = page_offset(v)
    rows = feed_posts(ctx.ds, ctx.viewer, v["sort"], v["window_days"])
    data = [ser.post_obj(ctx.ds, p, viewer=ctx.viewer) for p in page(rows, offset, limit)]
    return collection(data, total=len(rows), offset=offset, limit=limit, pages=True)


def post(ctx: Ctx) -> RestResult:
    """``GET /posts/{id}``: 404 when missing or unreadable; every call counts a view."""
    p = ctx.ds.posts_by_id.get(ctx.pid())
    if not ctx.viewer.can_read_post(p, ctx.ds.space_of(p) if p else None):
        return not_found("Post")
    views = p.view_count + ctx.state.bump_view(p.id)
    return RestResult(ser.post_obj(ctx.ds, p, last_seen=False, view_count=views, viewer=ctx.viewer))


def drafts(ctx: Ctx) -> RestResult:
    """``GET /posts/drafts``: the caller's own drafts, newest first; ``{"data": [...]}``."""
    if not ctx.viewer.logged_in:
        return unauthorized()
    mine = [p for p in ctx.ds.posts_by_author.get(ctx.viewer.user_id, ()) if p.status == "draft"]
    mine.sort(key=lambda p: (p.updated_at or p.created_at, p.id), reverse=True)
    return RestResult({"data": [ser.post_obj(ctx.ds, p, viewer=ctx.viewer) for p in mine]})


def _sorted_replies(replies: list[Reply], sort: str) -> list[Reply]:
    if sort == "newest":
        return sorted(replies, key=lambda r: (r.created_at, r.id), reverse=True)
    if sort == "best":
        return sorted(replies, key=lambda r: (-r.vote_score, r.id))
    return replies  # the index is already (created_at, id) ascending


def replies(ctx: Ctx) -> RestResult:
    """``GET /posts/{id}/replies``: flat published replies; ``total`` counts every status."""
    p = ctx.ds.posts_by_id.get(ctx.pid("post_id"))
    if p is None:
        return not_found("Post")
    if not ctx.viewer.can_read_post(p, ctx.ds.space_of(p)):
        return forbidden()
    v = ctx.values
    everything = ctx.ds.replies_by_post.get(p.id, [])
    published = ctx.ds.cached(("published_replies", p.id, v["sort"]), lambda: _sorted_replies(
        [r for r in everything if r.status == "publish"], v["sort"]))
    limit, offset = v["limit"] or 20, page_offset(v)
    data = [ser.reply_obj(ctx.ds, r, ctx.viewer, tombstone=True) for r in page(published, offset, limit)]
    return collection(data, total=len(everything), offset=offset)


def reply(ctx: Ctx) -> RestResult:
    """``GET /replies/{id}``: 404 missing/unpublished, 403 unreadable post; private text leaks."""
    r = ctx.ds.replies_by_id.get(ctx.pid())
    if r is None or r.status != "publish":
        return not_found("Reply")
    p = ctx.ds.posts_by_id.get(r.post_id)
    if not ctx.viewer.can_read_post(p, ctx.ds.space_of(p) if p else None):
        return forbidden()
    return RestResult(ser.reply_obj(ctx.ds, r, ctx.viewer, tombstone=False))


def parse_since(raw: str) -> str | None:
    """``since`` as stored UTC text: the exact format as-is, else an ISO/epoch parse."""
    text = raw.strip()
    try:
        datetime.strptime(text, FMT)
        return text
    except ValueError:
        pass
    try:
        if text.startswith("@"):
            dt = datetime.fromtimestamp(int(text[1:]), tz=timezone.utc)
        else:
            dt = datetime.fromisoformat(text.replace(" ", "T", 1) if "T" not in text else text)
            dt = dt.replace(tzinfo=dt.tzinfo or timezone.utc).astimezone(timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None
    return dt.strftime(FMT)


def updates(ctx: Ctx) -> RestResult:
    """``GET /updates``: guests only get ``scope=post&id=…`` (reply ids of any status)."""
    v = ctx.values
    if v["scope"] != "post" or not v["id"]:
        if not ctx.viewer.logged_in:
            return unauthorized()
        return _activity(ctx)
    since = parse_since(v["since"])
    if since is None:
        return error("jetonomy_validation", "Invalid since parameter.", 400)
    p = ctx.ds.posts_by_id.get(v["id"])
    if p is None:
        return not_found("Post")
    if not ctx.viewer.can_read_post(p, ctx.ds.space_of(p)):
        return forbidden()
    ids = [r.id for r in ctx.ds.replies_by_post.get(p.id, []) if r.created_at > since]
    body = {"data": ids, "since": since, "scope": "post", "meta": {"count": len(ids), "has_more": False}}
    return RestResult(body, headers={"Cache-Control": "no-cache"})


def _activity(ctx: Ctx) -> RestResult:
    """Logged-in global/space scope: the newest 50 created_post/created_reply events."""
    since = parse_since(ctx.values["since"]) or "0000-00-00 00:00:00"
    events = [{"action": "created_post", "object_type": "post", "object_id": p.id,
               "created_at": p.created_at} for p in ctx.ds.posts if p.created_at > since]
    events += [{"action": "created_reply", "object_type": "reply", "object_id": r.id,
                "created_at": r.created_at} for r in ctx.ds.replies if r.created_at > since]
    events.sort(key=lambda e: (e["created_at"], e["object_id"]), reverse=True)
    body = {"data": events[:50], "since": since, "scope": ctx.values["scope"],
            "meta": {"count": min(50, len(events)), "has_more": False}}
    return RestResult(body, headers={"Cache-Control": "no-cache"})


FEED_ARGS = list_args(sort=("hot", "new", "top"), default_sort="hot") + (
    Arg("window_days", minimum=0, default=7),)
REPLY_ARGS = list_args(sort=("oldest", "newest", "best"), default_sort="oldest")
UPDATE_ARGS = (Arg("since", type="string", required=True),
               Arg("scope", type="string", enum=("global", "space", "post"), default="global"),
               Arg("id", minimum=1))

ROUTES = [
    RestRoute(f"{V1}/feed", feed, FEED_ARGS),
    RestRoute(f"{V1}/posts/drafts", drafts),
    RestRoute(f"{V1}/posts/(?P<id>\\d+)", post),
    RestRoute(f"{V1}/posts/(?P<post_id>\\d+)/replies", replies, REPLY_ARGS),
    RestRoute(f"{V1}/replies/(?P<id>\\d+)", reply),
    RestRoute(f"{V1}/updates", updates, UPDATE_ARGS),
]
