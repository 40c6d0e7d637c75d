"""Jetonomy 1.9.3's serializers (CONTRACT.md §3): stored rows -> the JSON the API sends.

Key order and JSON types follow the captured samples. ``{home}`` placeholders stay in the
output; the response layer replaces them with the request's origin.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from .content import rest_content, strip_all_tags
from .dataset import Dataset
from .dates import gmt, time_ago
from .models import Category, Member, Post, Reply, Space, Tag, User
from .viewer import GUEST, Viewer

TRUST_NAMES = ("Newcomer", "Member", "Regular", "Trusted", "Leader", "Moderator")


def empty_map(value: Any) -> Any:
    """PHP encodes an empty map as ``[]``."""
    return value if value else []


def profile_url(ds: Dataset, login: str) -> str:
    return f"{{home}}/{ds.site.base_slug}/u/{quote(login, safe='')}/"


def gravatar(user: User | None, size: int) -> str:
    """The plain WordPress avatar (Gravatar of the e-mail, mystery-man default)."""
    email = (user.email if user else "").strip().lower()
    digest = hashlib.sha256(email.encode("utf-8")).hexdigest()
    return f"https://secure.gravatar.com/avatar/{digest}?s={size}&d=mm&r=g"


def post_content(ds: Dataset, post: Post) -> str:
    """REST ``content`` of a post (legacy raw rows are served as stored)."""
    if post.raw_legacy:
        return post.content
    return ds.cached(("content", "p", post.id), lambda: rest_content(post.content))


def reply_content(ds: Dataset, reply: Reply) -> str:
    return ds.cached(("content", "r", reply.id), lambda: rest_content(reply.content))


def plain(stored: str, explicit: str | None) -> str:
    """``content_plain``: the stored column, else tags stripped from the stored HTML."""
    return explicit if explicit is not None else strip_all_tags(stored)


def author_fields(ds: Dataset, author_id: int, anonymous: bool, *, last_seen: bool) -> dict[str, Any]:
    """Flat author fields with anonymous / deleted-account masking (§3.5)."""
    user = ds.user(author_id)
    if anonymous or user is None:
        return {"author_id": 0, "author_name": "Anonymous" if anonymous else "[deleted]",
                "author_avatar": "", "author_login": "", "author_last_seen_at": None,
                "author_last_seen_at_gmt": None, "trust_level": 0, "reputation": 0,
                "profile_url": ""}
    seen = user.last_seen_at if last_seen else None
    return {"author_id": user.id, "author_name": user.display_name,
            "author_avatar": user.avatar_url or "", "author_login": user.login,
            "author_last_seen_at": seen, "author_last_seen_at_gmt": gmt(seen),
            "trust_level": user.trust_level, "reputation": user.reputation,
            "profile_url": profile_url(ds, user.login)}


def _prefix_color(space: Space | None, prefix: str | None) -> str | None:
    if not prefix or space is None:
        return None
    for item in space.settings_map.get("prefixes") or []:
        if isinstance(item, dict) and item.get("name") == prefix:
            return item.get("color")
    return None


def post_viewer_fields(viewer: Viewer) -> dict[str, Any]:
    """Viewer fields of a post: constant for guests; a logged-in user may downvote."""
    return {"blocked_author": False, "is_bookmarked": False, "viewer_vote": 0,
            "can_downvote": viewer.logged_in, "viewer_flagged": False, "is_subscribed": False}


def post_obj(ds: Dataset, post: Post, *, last_seen: bool = True,
             view_count: int | None = None, viewer: Viewer = GUEST) -> dict[str, Any]:
    """The post serializer (§3.5); moderators see the real author of anonymous posts."""
    space = ds.space_of(post)
    masked = post.is_anonymous and not viewer.sees_anonymous_author()
    a = author_fields(ds, post.author_id, masked, last_seen=last_seen)
    return {
        "id": post.id, "space_id": post.space_id, "author_id": a["author_id"],
        "prefix": post.prefix, "prefix_color": _prefix_color(space, post.prefix),
        "title": post.title, "slug": post.slug, "content": post_content(ds, post),
        "content_plain": plain(post.content, post.content_plain), "type": post.type,
        "status": post.status, "is_sticky": post.is_sticky, "is_private": post.is_private,
        "is_closed": post.is_closed, "is_resolved": post.is_resolved,
        "idea_status": post.idea_status, "accepted_reply_id": post.accepted_reply_id,
        "view_count": post.view_count if view_count is None else view_count,
        "reply_count": post.reply_count, "vote_score": post.vote_score,
        "last_reply_at": post.last_reply_at, "edited_at": post.edited_at,
        "edited_by": post.edited_by, "published_at": post.published_at,
        "created_at": post.created_at, "updated_at": post.updated_at,
        "created_at_gmt": gmt(post.created_at), "updated_at_gmt": gmt(post.updated_at),
        "last_reply_at_gmt": gmt(post.last_reply_at), "edited_at_gmt": gmt(post.edited_at),
        "published_at_gmt": gmt(post.published_at),
        "author_name": a["author_name"], "author_avatar": a["author_avatar"],
        "author_login": a["author_login"], "author_last_seen_at": a["author_last_seen_at"],
        "author_last_seen_at_gmt": a["author_last_seen_at_gmt"],
        "trust_level": a["trust_level"], "reputation": a["reputation"],
        "time_ago": time_ago(post.created_at, ds.site.now), "profile_url": a["profile_url"],
        "space_title": space.title if space else "", "space_slug": space.slug if space else "",
        **post_viewer_fields(viewer), "attachments": list(post.attachments or []),
    }


def reply_obj(ds: Dataset, reply: Reply, viewer: Viewer, *, tombstone: bool) -> dict[str, Any]:
    """The reply serializer (§3.6). ``tombstone`` blanks private replies (reply lists)."""
    hidden = tombstone and not viewer.sees_reply_text(reply)
    masked = reply.is_anonymous and not viewer.sees_anonymous_author()
    a = author_fields(ds, reply.author_id, masked, last_seen=True)
    return {
        "id": reply.id, "post_id": reply.post_id, "parent_id": reply.parent_id or None,
        "author_id": a["author_id"],
        "content": "" if hidden else reply_content(ds, reply),
        "content_plain": "" if hidden else plain(reply.content, reply.content_plain),
        "status": reply.status, "is_accepted": reply.is_accepted,
        "vote_score": reply.vote_score, "edited_at": reply.edited_at,
        "edited_by": reply.edited_by, "created_at": reply.created_at,
        "published_at": reply.created_at, "created_at_gmt": gmt(reply.created_at),
        "published_at_gmt": gmt(reply.created_at), "edited_at_gmt": gmt(reply.edited_at),
        "author_name": a["author_name"], "author_avatar": a["author_avatar"],
        "author_login": a["author_login"], "author_last_seen_at": a["author_last_seen_at"],
        "author_last_seen_at_gmt": a["author_last_seen_at_gmt"],
        "trust_level": a["trust_level"], "reputation": a["reputation"],
        "time_ago": time_ago(reply.created_at, ds.site.now), "profile_url": a["profile_url"],
        "is_blocked_author": False, "is_private": reply.is_private, "is_private_hidden": hidden,
        "viewer_vote": 0, "can_downvote": viewer.logged_in, "viewer_flagged": False,
        "attachments": list(reply.attachments or []),
    }


def space_viewer_fields(space: Space, viewer: Viewer) -> dict[str, Any]:
    """``is_member``/``viewer_role``: admins are members of everything (samples-admin)."""
    if viewer.is_admin:
        return {"is_member": True, "viewer_role": "admin", "is_subscribed": False}
    member = space.id in viewer.member_of
    return {"is_member": member, "viewer_role": "member" if member else None,
            "is_subscribed": False}


def space_obj(ds: Dataset, space: Space, viewer: Viewer = GUEST) -> dict[str, Any]:
    """The space serializer (§3.4)."""
    return {
        "id": space.id, "category_id": space.category_id, "title": space.title,
        "slug": space.slug, "description": space.description, "type": space.type,
        "visibility": space.visibility, "join_policy": space.join_policy, "icon": space.icon,
        "cover_image": space.cover_image or "", "settings": empty_map(space.settings_map),
        "member_count": space.member_count, "post_count": ds.space_post_count.get(space.id, 0),
        "sort_order": space.sort_order, "author_id": space.author_id,
        "created_at": space.created_at, "created_at_gmt": gmt(space.created_at),
        "updated_at": space.updated_at, "last_activity_at": space.last_activity_at,
        **space_viewer_fields(space, viewer),
    }


def _php_json(value: Any) -> str:
    """``json_encode`` as PHP stores it: compact, escaped slashes and non-ASCII."""
    return json.dumps(value, separators=(",", ":")).replace("/", "\\/")


def _s(value: Any) -> str | None:
    return None if value is None else str(value)


def space_raw(ds: Dataset, space: Space) -> dict[str, Any]:
    """A raw ``wp_jt_spaces`` row: every value a string (category ``spaces[]``)."""
    settings = space.settings_map
    return {
        "id": str(space.id), "category_id": _s(space.category_id),
        "parent_id": str(space.parent_id or 0), "author_id": str(space.author_id),
        "type": space.type, "title": space.title, "slug": space.slug,
        "description": space.description, "icon": space.icon,
        "cover_image": space.cover_image or None, "visibility": space.visibility,
        "join_policy": space.join_policy, "status": space.status,
        "sort_order": str(space.sort_order), "settings": _php_json(settings) if settings else None,
        "post_count": str(ds.space_post_count.get(space.id, 0)),
        "member_count": str(space.member_count), "last_activity_at": space.last_activity_at,
        "created_at": space.created_at, "updated_at": space.updated_at,
    }


def category_obj(ds: Dataset, cat: Category) -> dict[str, Any]:
    """The category serializer (§3.3) without ``spaces``/``children``."""
    space_count = sum(1 for s in ds.spaces if s.category_id == cat.id)
    return {
        "id": cat.id, "name": cat.name, "slug": cat.slug, "description": cat.description,
        "parent_id": cat.parent_id or None, "icon": cat.icon, "color": cat.color,
        "visibility": cat.visibility, "sort_order": cat.sort_order, "space_count": space_count,
        "created_at": cat.created_at,
    }


def tag_raw(ds: Dataset, tag: Tag) -> dict[str, str]:
    """A raw tag row, all strings (``/tags``, tags of ``/search?type=all``)."""
    return {"id": str(tag.id), "name": tag.name, "slug": tag.slug,
            "post_count": str(ds.tag_post_count.get(tag.id, 0))}


def user_profile(user: User) -> dict[str, Any]:
    """The public profile (§3.9)."""
    level = max(0, min(5, user.trust_level))
    return {
        "id": user.id, "display_name": user.display_name, "trust_level": user.trust_level,
        "trust_level_name": TRUST_NAMES[level], "reputation": user.reputation,
        "post_count": user.post_count, "reply_count": user.reply_count, "bio": user.bio,
        "avatar_url": user.avatar_url or None, "avatar_display": user.avatar_url or "",
        "created_at": user.created_at, "last_seen_at": user.last_seen_at, "is_blocked": False,
    }


def member_row(ds: Dataset, member: Member) -> dict[str, Any]:
    """A ``/spaces/{id}/members`` row (§3.10)."""
    user = ds.user(member.user_id)
    seen = user.last_seen_at if user else None
    return {
        "space_id": member.space_id, "user_id": member.user_id, "role": member.role,
        "joined_at": member.joined_at,
        "display_name": user.display_name if user else "[deleted]",
        "avatar_url": (user.avatar_url or "") if user else "",
        "trust_level": user.trust_level if user else 0,
        "reputation": user.reputation if user else 0,
        "last_seen_at": seen, "last_seen_at_gmt": gmt(seen),
        "profile_url": profile_url(ds, user.login) if user else "",
    }


def privileged_row(ds: Dataset, member: Member) -> dict[str, Any]:
    """A ``/spaces/{id}/privileged-members`` row: plain WordPress avatar."""
    user = ds.user(member.user_id)
    return {"user_id": member.user_id, "role": member.role,
            "display_name": user.display_name if user else "",
            "avatar_url": gravatar(user, 48)}


def leaderboard_row(ds: Dataset, user: User, rank: int) -> dict[str, Any]:
    """A leaderboard entry (§3.11)."""
    return {
        "rank": rank, "user_id": user.id, "display_name": user.display_name,
        "user_login": user.login, "avatar_url": user.avatar_url or "",
        "profile_url": profile_url(ds, user.login), "reputation": user.reputation,
        "post_count": user.post_count, "reply_count": user.reply_count,
        "trust_level": user.trust_level, "last_seen_at": user.last_seen_at,
        "last_seen_at_gmt": gmt(user.last_seen_at),
    }


MEMBER_CAPS = ("jetonomy_read", "jetonomy_create_posts", "jetonomy_create_replies",
               "jetonomy_edit_own_posts", "jetonomy_delete_own_posts", "jetonomy_vote",
               "jetonomy_flag", "jetonomy_join_spaces", "jetonomy_upload_media")
STAFF_CAPS = ("jetonomy_create_spaces", "jetonomy_edit_others_posts",
              "jetonomy_delete_others_posts", "jetonomy_moderate", "jetonomy_manage_users",
              "jetonomy_move_posts", "jetonomy_close_posts", "jetonomy_pin_posts",
              "jetonomy_manage_settings", "jetonomy_manage_categories", "jetonomy_manage_spaces",
              "jetonomy_manage_badges", "jetonomy_view_analytics", "jetonomy_manage_extensions",
              "manage_options")


def me_obj(user: User, spaces_joined: int) -> dict[str, Any]:
    """``GET /users/me`` (samples-admin ``30-admin-users-me``): profile row + login, e-mail,
    ``is_admin`` and the capability map (staff capabilities false for plain members)."""
    level = max(0, min(5, user.trust_level))
    caps = {c: True for c in MEMBER_CAPS} | {c: user.is_admin for c in STAFF_CAPS}
    return {
        "id": user.id, "user_id": user.id, "reputation": user.reputation,
        "post_count": user.post_count, "reply_count": user.reply_count,
        "trust_level": user.trust_level, "bio": user.bio or None,
        "avatar_url": user.avatar_url or None, "avatar_display": user.avatar_url or "",
        "last_seen_at": user.last_seen_at, "created_at": user.created_at,
        "updated_at": user.created_at, "user_login": user.login, "email": user.email,
        "display_name": user.display_name, "trust_level_name": TRUST_NAMES[level],
        "spaces_joined_count": spaces_joined, "settings": [], "email_opt_out": False,
        "is_admin": user.is_admin, "capabilities": caps,
    }
