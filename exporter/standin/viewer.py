"""Who is asking: every visibility decision of the stand-in goes through a ``Viewer``.

A guest (the default) sees what Jetonomy 1.9.3 shows a logged-out visitor (CONTRACT.md §4).
An admin (samples-admin/README.md) sees every space, post status and private reply text, and
the real author of anonymous content. A plain member sees public spaces, the cards of private
spaces, and the content of the private/hidden spaces it belongs to; never others' drafts.
How a request becomes a viewer (Application Passwords, cookie + nonce) lives in ``auth.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Union

from starlette.requests import Request

from .models import Post, Reply, Space


@dataclass(frozen=True, slots=True)
class Viewer:
    """The caller of one request: a guest (``user_id`` 0) or a logged-in user."""

    user_id: int = 0
    is_admin: bool = False
    member_of: frozenset[int] = field(default_factory=frozenset)

    @property
    def logged_in(self) -> bool:
        return self.user_id > 0

    @property
    def key(self) -> str:
        """Cache key part: answers differ per viewer."""
        if self.is_admin or not self.logged_in:
            return f"u{self.user_id}{'a' if self.is_admin else ''}"
        return f"u{self.user_id}m" + ",".join(str(s) for s in sorted(self.member_of))

    def passes_gate(self, site) -> bool:
        """False when the community is private and the caller is logged out (§4.1)."""
        return self.logged_in or not site.community_private

    def can_list_space(self, space: Space) -> bool:
        """Listed in /spaces and category rows: guests public; members also private cards."""
        if self.is_admin or space.visibility == "public":
            return True
        if space.visibility == "private" and self.logged_in:
            return True
        return space.id in self.member_of

    def can_read_space(self, space: Space | None) -> bool:
        """Readable (/spaces/{id}, its posts and members): public, or a member's space."""
        if space is None:
            return False
        return self.is_admin or space.visibility == "public" or space.id in self.member_of

    def can_read_post(self, post: Post | None, space: Space | None) -> bool:
        """``GET /posts/{id}`` readable: admins everything; others published, readable, not
        someone else's private post (own drafts too)."""
        if post is None:
            return False
        if self.is_admin:
            return True
        own = self.logged_in and post.author_id == self.user_id
        if not self.can_read_space(space):
            return False
        if post.status != "publish":
            return own and post.status == "draft"
        return not post.is_private or own

    def lists_post(self, post: Post, space: Space | None) -> bool:
        """Shown in post lists (space posts, feed, user posts, search): published only."""
        if post.status != "publish":
            return False
        return self.can_read_post(post, space)

    def sees_reply_text(self, reply: Reply) -> bool:
        """False for private replies a guest sees only as a tombstone in reply lists."""
        return not reply.is_private or self.is_admin or reply.author_id == self.user_id

    def sees_anonymous_author(self) -> bool:
        """Moderators see who wrote an anonymous post or reply."""
        return self.is_admin

    def can_list_users(self) -> bool:
        """``GET /users`` (the directory) is for moderators only."""
        return self.is_admin


GUEST = Viewer()

ViewerResolver = Callable[[Request], Viewer]
ViewerSpec = Union[Viewer, ViewerResolver]


def as_resolver(spec: ViewerSpec) -> ViewerResolver:
    """Normalise ``create_app(viewer=...)`` into a per-request resolver."""
    if isinstance(spec, Viewer):
        return lambda _request: spec
    return spec
