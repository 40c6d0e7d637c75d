"""Who may see what: Jetonomy's guest rules (CONTRACT.md §4), applied to snapshot rows.

A snapshot records the facts that decide visibility for every row (space visibility, status,
``is_private``, anonymity), whatever audience it was crawled as. Builds and indexes ask these
functions, so a public mirror made from an admin's snapshot shows exactly what a guest sees.
"""

from __future__ import annotations

import enum
from typing import Any


class Audience(str, enum.Enum):
    """Who a build or index is for. ``PUBLIC`` is the default and the only publishable one."""

    PUBLIC = "public"    # a logged-out visitor (guest)
    MEMBERS = "members"  # a logged-in member: public + private spaces, private replies hidden
    STAFF = "staff"      # everything the crawl saw

    @property
    def publishable(self) -> bool:
        return self is Audience.PUBLIC


# Viewer-dependent fields and the constant values a guest gets (CONTRACT.md §3.5, §3.6).
_POST_GUEST_VIEWER = {"blocked_author": False, "is_bookmarked": False, "viewer_vote": 0,
                      "can_downvote": False, "viewer_flagged": False, "is_subscribed": False}
_REPLY_GUEST_VIEWER = {"is_blocked_author": False, "viewer_vote": 0, "can_downvote": False,
                       "viewer_flagged": False}
_SPACE_GUEST_VIEWER = {"is_member": False, "viewer_role": None, "is_subscribed": False}
_ANONYMOUS_AUTHOR = {"author_id": 0, "author_name": "Anonymous", "author_avatar": "",
                     "author_login": "", "author_last_seen_at": None,
                     "author_last_seen_at_gmt": None, "trust_level": 0, "reputation": 0,
                     "profile_url": ""}


def category_visible(visibility: str, audience: Audience) -> bool:
    """Category ``visibility`` is not enforced by the API; a mirror still honours it."""
    if audience is Audience.STAFF:
        return True
    return visibility == "public"


def space_visible(visibility: str, audience: Audience) -> bool:
    if audience is Audience.STAFF:
        return True
    if audience is Audience.MEMBERS:
        return visibility in ("public", "private")
    return visibility == "public"


def post_visible(status: str, is_private: bool, space_visibility: str, audience: Audience) -> bool:
    if not space_visible(space_visibility, audience):
        return False
    if audience is Audience.STAFF:
        return True
    return status == "publish" and not is_private


def reply_visible(status: str, post_is_visible: bool, audience: Audience) -> bool:
    """A reply row is listed when it is published and its post is readable."""
    if not post_is_visible:
        return False
    return audience is Audience.STAFF or status == "publish"


def reply_text_visible(is_private: bool, audience: Audience) -> bool:
    """Private replies are listed as tombstones (no text) to guests and members."""
    return audience is Audience.STAFF or not is_private


def guest_post(post: dict[str, Any], is_anonymous: bool) -> dict[str, Any]:
    """The post as a guest's API answer would carry it (viewer fields constant, masking)."""
    out = {**post, **_POST_GUEST_VIEWER}
    if is_anonymous:
        out.update(_ANONYMOUS_AUTHOR)
    return out


def guest_reply(reply: dict[str, Any], is_anonymous: bool) -> dict[str, Any]:
    """The reply as a guest sees it: tombstoned if private, masked if anonymous."""
    out = {**reply, **_REPLY_GUEST_VIEWER}
    if reply.get("is_private"):
        out.update(content="", content_plain="", is_private_hidden=True)
    if is_anonymous:
        out.update(_ANONYMOUS_AUTHOR)
    return out


def category_for(cat: dict[str, Any], audience: Audience) -> dict[str, Any]:
    """A category row as ``audience`` may see it: raw ``spaces[]`` rows it may not see are
    dropped, child categories it may not see keep only their place in the tree.

    For ``PUBLIC`` this is exactly what the guest crawl stores (``crawl.guard``), so a
    category crawled by an admin reads the same as one crawled by a guest.
    """
    if audience is Audience.STAFF:
        return cat
    cat = {**cat}
    if "children" in cat and isinstance(cat["children"], list):
        cat["children"] = [category_for(c, audience) for c in cat["children"]]
    if isinstance(cat.get("spaces"), list):
        cat["spaces"] = [s for s in cat["spaces"]
                         if space_visible(str(s.get("visibility", "public")), audience)]
    if category_visible(str(cat.get("visibility") or "public"), audience):
        return cat
    keep = ("id", "parent_id", "visibility", "sort_order", "children")
    return {k: cat[k] for k in keep if k in cat} | {"name": "", "slug": "", "description": "",
                                                      "spaces": []}


def guest_category(cat: dict[str, Any]) -> dict[str, Any]:
    """The category as a guest's mirror may keep it (see :func:`category_for`)."""
    return category_for(cat, Audience.PUBLIC)


def guest_space(space: dict[str, Any]) -> dict[str, Any]:
    return {**space, **_SPACE_GUEST_VIEWER}


def looks_anonymous(row: dict[str, Any]) -> bool:
    """Guests cannot see ``is_anonymous``; infer it from the masking (CONTRACT.md §3.5)."""
    if "is_anonymous" in row:
        return bool(int(row["is_anonymous"] or 0))
    return int(row.get("author_id") or 0) == 0 and row.get("author_name") != "[deleted]"
