"""Pro routes (§8), registered only when the dataset's ``pro`` enables the feature.

Shapes follow the official mobile client. With the feature off the dispatcher answers
``404 rest_no_route`` exactly like a site without that Pro extension.
"""

from __future__ import annotations

from typing import Any

from .lists import page
from .responses import RestResult, collection, error, not_found
from .routing import Ctx, RestRoute
from .wpargs import Arg

V1 = "/jetonomy/v1"


def _readable_post(ctx: Ctx, post_id: int) -> bool:
    p = ctx.ds.posts_by_id.get(post_id)
    return ctx.viewer.can_read_post(p, ctx.ds.space_of(p) if p else None)


def post_reactions(ctx: Ctx) -> RestResult:
    """``GET /posts/{id}/reactions``: non-zero counts only."""
    if not _readable_post(ctx, ctx.pid()):
        return not_found("Post")
    counts = (ctx.ds.pro.get("reactions_data") or {}).get(f"post:{ctx.pid()}") or {}
    return RestResult({"counts": {k: v for k, v in counts.items() if v} or [], "user_reactions": []})


def reply_reactions(ctx: Ctx) -> RestResult:
    """``GET /replies/{id}/reactions``."""
    r = ctx.ds.replies_by_id.get(ctx.pid())
    if r is None or r.status != "publish" or not _readable_post(ctx, r.post_id):
        return not_found("Reply")
    counts = (ctx.ds.pro.get("reactions_data") or {}).get(f"reply:{r.id}") or {}
    return RestResult({"counts": {k: v for k, v in counts.items() if v} or [], "user_reactions": []})


def poll(ctx: Ctx) -> RestResult:
    """``GET /posts/{id}/poll``: 404 ``jetonomy_not_found`` when the post has no poll."""
    post_id = ctx.pid("post_id")
    data = (ctx.ds.pro.get("polls_data") or {}).get(str(post_id))
    if data is None or not _readable_post(ctx, post_id):
        return error("jetonomy_not_found", "Poll not found.", 404)
    return RestResult({"data": {**data, "user_votes": []}})


def _badges(ctx: Ctx) -> list[dict[str, Any]]:
    return list(ctx.ds.pro.get("badges_data") or [])


def badges(ctx: Ctx) -> RestResult:
    """``GET /badges``: envelope of badge definitions."""
    rows = _badges(ctx)
    limit, offset = ctx.values["limit"] or 20, ctx.values["offset"] or 0
    return collection(page(rows, offset, limit), total=len(rows), offset=offset)


def badge(ctx: Ctx) -> RestResult:
    """``GET /badges/{id}``."""
    for row in _badges(ctx):
        if row.get("id") == ctx.pid():
            return RestResult(row)
    return error("jetonomy_not_found", "Badge not found.", 404)


def user_badges(ctx: Ctx) -> RestResult:
    """``GET /users/{id}/badges``: ``{"data": [badge + earned_at, metadata]}``."""
    by_id = {b.get("id"): b for b in _badges(ctx)}
    earned = (ctx.ds.pro.get("user_badges") or {}).get(str(ctx.pid())) or []
    rows = [{**by_id[bid], "earned_at": at, "metadata": []} for bid, at in earned if bid in by_id]
    return RestResult({"data": rows})


def fields(ctx: Ctx) -> RestResult:
    """Custom fields (definitions and values): none are modelled in the dataset."""
    return RestResult({"data": []})


def announcements(ctx: Ctx) -> RestResult:
    """``GET /announcements/active``: up to 5 readable announcement posts."""
    rows = []
    for pid in (ctx.ds.pro.get("announcement_post_ids") or [])[:5]:
        p = ctx.ds.posts_by_id.get(pid)
        sp = ctx.ds.space_of(p) if p else None
        if p and sp and ctx.viewer.lists_post(p, sp):
            rows.append({"id": p.id, "title": p.title, "space_id": p.space_id,
                         "url": f"{{home}}/{ctx.ds.site.base_slug}/s/{sp.slug}/t/{p.slug}/",
                         "created_at": p.created_at})
    return RestResult({"data": rows, "meta": {"total": len(rows)}})


PAGED = (Arg("limit", minimum=1, maximum=100), Arg("offset", minimum=0, default=0),
         Arg("page", default=1), Arg("per_page", default=20))

ROUTES = [
    RestRoute(f"{V1}/posts/(?P<id>\\d+)/reactions", post_reactions, pro="reactions"),
    RestRoute(f"{V1}/replies/(?P<id>\\d+)/reactions", reply_reactions, pro="reactions"),
    RestRoute(f"{V1}/posts/(?P<post_id>\\d+)/poll", poll, pro="polls"),
    RestRoute(f"{V1}/badges", badges, PAGED, pro="badges"),
    RestRoute(f"{V1}/badges/(?P<id>\\d+)", badge, pro="badges"),
    RestRoute(f"{V1}/users/(?P<id>\\d+)/badges", user_badges, pro="badges"),
    RestRoute(f"{V1}/fields", fields, (Arg("context", type="string"),), pro="custom_fields"),
    RestRoute(f"{V1}/posts/(?P<id>\\d+)/fields", fields, pro="custom_fields"),
    RestRoute(f"{V1}/users/(?P<id>\\d+)/fields", fields, pro="custom_fields"),
    RestRoute(f"{V1}/announcements/active", announcements, pro="announcements"),
]

# Route patterns as WordPress lists them in the namespace index, per feature.
INDEX_PATTERNS = {
    "reactions": ["/jetonomy/v1/posts/(?P<id>\\d+)/reactions", "/jetonomy/v1/replies/(?P<id>\\d+)/reactions"],
    "polls": ["/jetonomy/v1/posts/(?P<post_id>\\d+)/poll"],
    "badges": ["/jetonomy/v1/badges", "/jetonomy/v1/badges/(?P<id>\\d+)", "/jetonomy/v1/users/(?P<id>\\d+)/badges"],
    "custom_fields": ["/jetonomy/v1/fields", "/jetonomy/v1/posts/(?P<id>\\d+)/fields",
                      "/jetonomy/v1/users/(?P<id>\\d+)/fields"],
    "announcements": ["/jetonomy/v1/announcements/active"],
}
