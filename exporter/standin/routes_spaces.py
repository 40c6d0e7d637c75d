"""Categories, spaces, a space's posts, members and privileged members (§2.2–2.6, 2.15–2.16)."""

from __future__ import annotations

from typing import Any

from . import serialize as ser
from .lists import page, space_posts
from .models import Category, Space
from .responses import RestResult, collection, forbidden, not_found
from .routing import Ctx, RestRoute
from .wpargs import Arg, list_args, page_offset

V1 = "/jetonomy/v1"
ROLE_ORDER = {"admin": 0, "moderator": 1, "member": 2, "viewer": 3}


def _listed_spaces(ctx: Ctx, category_id: int | None) -> list[Space]:
    """Top-level spaces of a category the viewer may list, manual order then title."""
    rows = [s for s in ctx.ds.spaces
            if s.category_id == category_id and not s.parent_id and ctx.viewer.can_list_space(s)]
    return sorted(rows, key=lambda s: (s.sort_order, s.title, s.id))


def _children(ctx: Ctx, parent: Category) -> list[dict[str, Any]]:
    kids = sorted((c for c in ctx.ds.categories if c.parent_id == parent.id),
                  key=lambda c: (c.sort_order, c.name, c.id))
    return [{**ser.category_obj(ctx.ds, c), "children": ser.empty_map(_children(ctx, c))}
            for c in kids]


def categories(ctx: Ctx) -> RestResult:
    """``GET /categories``: top-level categories with raw space rows and child trees."""
    tops = sorted((c for c in ctx.ds.categories if not c.parent_id),
                  key=lambda c: (c.sort_order, c.name, c.id))
    rows = [{**ser.category_obj(ctx.ds, c),
             "spaces": ser.empty_map([ser.space_raw(ctx.ds, s) for s in _listed_spaces(ctx, c.id)]),
             "children": ser.empty_map(_children(ctx, c))} for c in tops]
    return collection(rows, total=len(rows), offset=None)


def category(ctx: Ctx) -> RestResult:
    """``GET /categories/{id}``: bare category + raw space rows, no children."""
    cat = ctx.ds.categories_by_id.get(ctx.pid())
    if cat is None:
        return not_found("Category")
    spaces = [ser.space_raw(ctx.ds, s) for s in _listed_spaces(ctx, cat.id)]
    return RestResult({**ser.category_obj(ctx.ds, cat), "spaces": ser.empty_map(spaces)})


def spaces(ctx: Ctx) -> RestResult:
    """``GET /spaces``: listable spaces, manual order then title; ``sort`` ignored."""
    v = ctx.values
    rows = [s for s in ctx.ds.spaces if ctx.viewer.can_list_space(s)]
    if v["category_id"] is not None:
        rows = [s for s in rows if s.category_id == v["category_id"]]
    if v["type"]:
        rows = [s for s in rows if s.type == v["type"]]
    if v["visibility"]:
        rows = [s for s in rows if s.visibility == v["visibility"]]
    if v["postable_by_me"] and not ctx.viewer.logged_in:
        rows = []
    rows.sort(key=lambda s: (s.sort_order, s.title, s.id))
    limit, offset = v["limit"] or 20, page_offset(v)
    data = [ser.space_obj(ctx.ds, s, ctx.viewer) for s in page(rows, offset, limit)]
    return collection(data, total=len(rows), offset=offset, limit=limit, pages=True)


def space(ctx: Ctx) -> RestResult:
    """``GET /spaces/{id}``: 404 missing, 403 private/hidden for guests."""
    sp = ctx.ds.spaces_by_id.get(ctx.pid())
    if sp is None:
        return not_found("Space")
    if not ctx.viewer.can_read_space(sp):
        return forbidden()
    return RestResult(ser.space_obj(ctx.ds, sp, ctx.viewer))


def _announcements(ctx: Ctx, sp: Space) -> list[dict[str, Any]]:
    """Pro site announcements injected at the top of the first page (§2.6)."""
    if not ctx.ds.pro.get("announcements"):
        return []
    out = []
    for pid in (ctx.ds.pro.get("announcement_post_ids") or [])[:5]:
        post = ctx.ds.posts_by_id.get(pid)
        if post and post.space_id != sp.id and ctx.viewer.lists_post(post, ctx.ds.space_of(post)):
            out.append(ser.post_obj(ctx.ds, post, viewer=ctx.viewer))
    return out


def space_posts_route(ctx: Ctx) -> RestResult:
    """``GET /spaces/{id}/posts``: 403 for unreadable *or missing* spaces; pinned first."""
    sp = ctx.ds.spaces_by_id.get(ctx.pid("space_id"))
    if not ctx.viewer.can_read_space(sp):
        return forbidden()
    v = ctx.values
    limit = v["limit"] or sp.settings_map.get("posts_per_page") or ctx.ds.site.posts_per_page or 20
    offset = page_offset(v)
    rows = space_posts(ctx.ds, ctx.viewer, sp, v["sort"])
    data = [ser.post_obj(ctx.ds, p, viewer=ctx.viewer) for p in page(rows, offset, int(limit))]
    if offset == 0:
        data = _announcements(ctx, sp) + data
    return collection(data, total=len(rows), offset=offset)


def members(ctx: Ctx) -> RestResult:
    """``GET /spaces/{id}/members``: role order then join date; public spaces only for guests."""
    sp = ctx.ds.spaces_by_id.get(ctx.pid())
    if not ctx.viewer.can_read_space(sp):
        return forbidden()
    rows = sorted(ctx.ds.members_by_space.get(sp.id, ()),
                  key=lambda m: (ROLE_ORDER.get(m.role, 9), m.joined_at or "", m.user_id))
    limit, offset = ctx.values["limit"] or 20, page_offset(ctx.values)
    data = [ser.member_row(ctx.ds, m) for m in page(rows, offset, limit)]
    return collection(data, total=len(rows), offset=offset, limit=limit, pages=True)


def privileged(ctx: Ctx) -> RestResult:
    """``GET /spaces/{id}/privileged-members``: bare array, admins then moderators, no check."""
    rows = [m for m in ctx.ds.members_by_space.get(ctx.pid(), ()) if m.role in ("admin", "moderator")]
    rows.sort(key=lambda m: (ROLE_ORDER[m.role], m.joined_at or "", m.user_id))
    return RestResult([ser.privileged_row(ctx.ds, m) for m in rows[:ctx.values["limit"]]])


SPACE_ARGS = list_args() + (
    Arg("category_id", minimum=1), Arg("type", type="string"),
    Arg("visibility", type="string", enum=("public", "private", "hidden")),
    Arg("postable_by_me", type="boolean", default=False),
)
POSTS_ARGS = list_args(sort=("latest", "popular", "oldest", "newest", "unanswered"))

ROUTES = [
    RestRoute(f"{V1}/categories", categories),
    RestRoute(f"{V1}/categories/(?P<id>\\d+)", category),
    RestRoute(f"{V1}/spaces", spaces, SPACE_ARGS),
    RestRoute(f"{V1}/spaces/(?P<id>\\d+)", space),
    RestRoute(f"{V1}/spaces/(?P<space_id>\\d+)/posts", space_posts_route, POSTS_ARGS),
    RestRoute(f"{V1}/spaces/(?P<id>\\d+)/members", members, list_args()),
    RestRoute(f"{V1}/spaces/(?P<id>\\d+)/privileged-members", privileged,
              (Arg("limit", minimum=1, maximum=100, default=20),)),
]
