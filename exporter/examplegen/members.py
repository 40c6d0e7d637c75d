"""Space memberships (``members[]``) with admin/moderator roles."""

from __future__ import annotations

from datetime import timedelta

from . import clock
from .context import Ctx
from .users import Roles


def _joined(ctx: Ctx, space: dict, user: dict, salt: int) -> str:
    rng = ctx.rng(f"joined:{space['id']}:{user['id']}:{salt}")
    start = max(clock.parse(space["created_at"]), clock.parse(user["created_at"]))
    return clock.fmt(clock.between(rng, start, min(start + timedelta(days=400), ctx.now)))


def make_members(ctx: Ctx, spaces: list[dict], users: list[dict], roles: Roles) -> list[dict]:
    """Members of every space; Help Desk has every profile (so member lists page)."""
    rng = ctx.rng("members")
    eligible = [u for u in users if u["has_profile"] and not u["is_deleted"]]
    rows = []
    for space in spaces:
        public = space["visibility"] == "public"
        if space["slug"] == "help-desk":
            chosen = eligible
        else:
            share = rng.uniform(0.4, 0.8) if public else 0.15
            chosen = [u for u in eligible if u["id"] in (roles.admin, roles.moderator)
                      or rng.random() < share]
        for user in chosen:
            role = "admin" if user["id"] == roles.admin else "moderator" \
                if user["id"] == roles.moderator and space["id"] % 2 else \
                "viewer" if rng.random() < 0.05 else "member"
            rows.append({"space_id": space["id"], "user_id": user["id"], "role": role,
                         "joined_at": _joined(ctx, space, user, 0)})
        space["member_count"] = len(chosen)
    return rows
