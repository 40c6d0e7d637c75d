"""Profiles, a user's posts, leaderboards, ``/users/me`` and the ``/users`` directory."""

from __future__ import annotations

from . import serialize as ser
from .dates import days_before
from .lists import page, user_posts
from .models import User
from .responses import RestResult, collection, error, FORBIDDEN, not_found, unauthorized
from .routing import Ctx, RestRoute
from .wpargs import Arg, list_args, page_offset

V1 = "/jetonomy/v1"
PERIOD_DAYS = {"month": 30, "week": 7}


def user(ctx: Ctx) -> RestResult:
    """``GET /users/{id}``: bare public profile, 404 when unknown or deleted."""
    u = ctx.ds.user(ctx.pid())
    return RestResult(ser.user_profile(u)) if u else not_found("User")


def user_by_login(ctx: Ctx) -> RestResult:
    """``GET /users/by-login/{login}`` (login chars limited by the route regex)."""
    u = ctx.ds.user_by_login(ctx.path["login"])
    return RestResult(ser.user_profile(u)) if u else not_found("User")


def posts_of_user(ctx: Ctx) -> RestResult:
    """``GET /users/{id}/posts``: newest first, anonymous and unreadable posts excluded."""
    u = ctx.ds.user(ctx.pid())
    if u is None:
        return not_found("User")
    rows = user_posts(ctx.ds, ctx.viewer, u.id)
    limit, offset = ctx.values["limit"] or 20, page_offset(ctx.values)
    data = [ser.post_obj(ctx.ds, p, viewer=ctx.viewer) for p in page(rows, offset, limit)]
    return collection(data, total=len(rows), offset=offset)


def _ranked(ctx: Ctx, period: str) -> list[User]:
    """Profiles in the period by reputation desc (ties: id, the live site has none)."""

    def build() -> list[User]:
        rows = [u for u in ctx.ds.users if u.has_profile]
        if period in PERIOD_DAYS:
            since = days_before(ctx.ds.site.now, PERIOD_DAYS[period])
            rows = [u for u in rows if u.last_seen_at and u.last_seen_at >= since]
        return sorted(rows, key=lambda u: (-u.reputation, u.id))

    return ctx.ds.cached(("leaderboard", period), build)


def leaderboards(ctx: Ctx) -> RestResult:
    """``GET /leaderboards``: ``after`` ignored, bogus period -> all, deleted users leave gaps."""
    period = ctx.query.get("period", "all")
    period = period if period in ("all", "month", "week") else "all"
    limit, offset = ctx.values["limit"], ctx.values["offset"]
    ranked = _ranked(ctx, period)
    data = [ser.leaderboard_row(ctx.ds, u, offset + i + 1)
            for i, u in enumerate(page(ranked, offset, limit)) if not u.is_deleted]
    return collection(data, total=len(ranked), offset=offset, extra_meta={"period": period})


def users_me(ctx: Ctx) -> RestResult:
    """``GET /users/me``: the caller's own profile with role and capabilities; 401 for guests."""
    u = ctx.ds.user(ctx.viewer.user_id)
    if u is None:
        return unauthorized()
    joined = len(ctx.viewer.member_of) if not u.is_admin else len(ctx.ds.spaces)
    return RestResult(ser.me_obj(u, spaces_joined=joined))


def users_list(ctx: Ctx) -> RestResult:
    """``GET /users`` (directory): 403 from the permission check, so no ``Allow`` header."""
    if not ctx.viewer.can_list_users():
        return error("jetonomy_forbidden", FORBIDDEN, 403, allow=False)
    rows = sorted(ctx.ds.users, key=lambda u: u.id)
    return RestResult([ser.user_profile(u) for u in rows if not u.is_deleted])


LEADER_ARGS = (Arg("limit", minimum=1, maximum=100, default=20),
               Arg("offset", minimum=0, default=0))

ROUTES = [
    RestRoute(f"{V1}/users/me", users_me),
    RestRoute(f"{V1}/users/(?P<id>\\d+)", user),
    RestRoute(f"{V1}/users/by-login/(?P<login>[a-zA-Z0-9_\\-\\.]+)", user_by_login),
    RestRoute(f"{V1}/users/(?P<id>\\d+)/posts", posts_of_user, list_args()),
    RestRoute(f"{V1}/users", users_list),
    RestRoute(f"{V1}/leaderboards", leaderboards, LEADER_ARGS),
]
