"""Who is asking: every visibility decision of the stand-in goes through a ``Viewer``.

A guest (the default) sees what Jetonomy 1.9.3 shows a logged-out visitor (CONTRACT.md §4).
An admin (samples-admin/README.md) sees every space, post status and private reply text.
Adding more viewer kinds means changing this module, not the routes.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Callable, Mapping, Union

from starlette.requests import Request

from .models import Post, Reply, Site, Space


@dataclass(frozen=True, slots=True)
class Viewer:
    """The caller of one request: a guest (``user_id`` 0) or a logged-in user."""

    user_id: int = 0
    is_admin: bool = False

    @property
    def logged_in(self) -> bool:
        return self.user_id > 0

    @property
    def key(self) -> str:
        """Cache key part: answers differ per viewer."""
        return f"u{self.user_id}{'a' if self.is_admin else ''}"

    def passes_gate(self, site: Site) -> bool:
        """False when the community is private and the caller is logged out (§4.1)."""
        return self.logged_in or not site.community_private

    def can_list_space(self, space: Space) -> bool:
        """Listed in /spaces and category rows: guests only public spaces."""
        return self.is_admin or space.visibility == "public"

    def can_read_space(self, space: Space | None) -> bool:
        """Readable (/spaces/{id}, its posts and members): guests only public spaces."""
        return space is not None and (self.is_admin or space.visibility == "public")

    def can_read_post(self, post: Post | None, space: Space | None) -> bool:
        """``GET /posts/{id}`` readable: published, not private, readable space."""
        if post is None:
            return False
        if self.is_admin:
            return True
        if post.status != "publish" or not self.can_read_space(space):
            return False
        return not post.is_private or post.author_id == self.user_id

    def lists_post(self, post: Post, space: Space | None) -> bool:
        """Shown in post lists (space posts, feed, user posts, search)."""
        if self.is_admin:
            return post.status == "publish"
        return self.can_read_post(post, space)

    def sees_reply_text(self, reply: Reply) -> bool:
        """False for private replies a guest sees only as a tombstone in reply lists."""
        return not reply.is_private or self.is_admin or reply.author_id == self.user_id

    def can_list_users(self) -> bool:
        """``GET /users`` (the directory) is for moderators only."""
        return self.is_admin


GUEST = Viewer()

ViewerResolver = Callable[[Request], Viewer]
ViewerSpec = Union[Viewer, ViewerResolver]


def app_password_resolver(passwords: Mapping[str, tuple[int, str]]) -> ViewerResolver:
    """Resolve HTTP Basic ``login:application-password`` to an admin viewer.

    ``passwords`` maps login -> (user_id, password). A wrong or missing password answers as a
    guest, exactly like the live plugin (samples-admin ``30-admin-bad-password``).
    """

    def resolve(request: Request) -> Viewer:
        header = request.headers.get("authorization", "")
        if not header.lower().startswith("basic "):
            return GUEST
        try:
            login, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return GUEST
        entry = passwords.get(login)
        if entry is None or entry[1].replace(" ", "") != password.replace(" ", ""):
            return GUEST
        return Viewer(user_id=entry[0], is_admin=True)

    return resolve


def as_resolver(spec: ViewerSpec) -> ViewerResolver:
    """Normalise ``create_app(viewer=...)`` into a per-request resolver."""
    if isinstance(spec, Viewer):
        return lambda _request: spec
    return spec
