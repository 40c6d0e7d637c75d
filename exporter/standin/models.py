"""Typed rows of a stand-in dataset (docs/dataset-format.md), as the database holds them.

Every row keeps the stored values verbatim (dates as ``YYYY-MM-DD HH:MM:SS`` UTC strings,
``{home}`` placeholders in URLs); visibility rules and serializers live elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any, TypeVar

T = TypeVar("T")


@lru_cache(maxsize=None)
def _names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


def from_row(cls: type[T], row: dict[str, Any]) -> T:
    """Build ``cls`` from a JSON object, ignoring unknown keys and using field defaults."""
    try:
        return cls(**row)
    except TypeError:  # unknown keys (or a missing required one: raised again below)
        names = _names(cls)
        return cls(**{k: v for k, v in row.items() if k in names})


@dataclass(slots=True)
class Site:
    name: str = "Jetonomy Community"
    description: str = ""
    language: str = "en-US"
    timezone_string: str = "UTC"
    gmt_offset: float = 0
    base_slug: str = "community"
    posts_per_page: int = 20
    replies_per_page: int = 30
    community_private: bool = False
    sitemap_enabled: bool = True
    site_icon_url: str = ""
    now: str = "2026-01-01 00:00:00"


@dataclass(slots=True)
class User:
    id: int
    login: str
    display_name: str = ""
    nicename: str = ""
    bio: str = ""
    avatar_url: str | None = None
    created_at: str | None = None
    last_seen_at: str | None = None
    trust_level: int = 0
    reputation: int = 0
    post_count: int = 0
    reply_count: int = 0
    is_deleted: bool = False
    is_admin: bool = False
    has_profile: bool = True
    email: str = ""


@dataclass(slots=True)
class Category:
    id: int
    name: str
    slug: str
    description: str = ""
    parent_id: int | None = None
    icon: str = ""
    color: str = ""
    visibility: str = "public"
    sort_order: int = 0
    created_at: str | None = None


@dataclass(slots=True)
class Space:
    id: int
    title: str
    slug: str
    category_id: int | None = None
    parent_id: int = 0
    author_id: int = 1
    type: str = "forum"
    description: str = ""
    icon: str = ""
    cover_image: str = ""
    visibility: str = "public"
    join_policy: str = "open"
    status: str = "active"
    sort_order: int = 0
    settings: Any = None
    member_count: int = 0
    last_activity_at: str | None = None
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def settings_map(self) -> dict[str, Any]:
        """``settings`` as a dict (``None``/``[]`` when empty in the dataset)."""
        return self.settings if isinstance(self.settings, dict) else {}


@dataclass(slots=True)
class Post:
    id: int
    space_id: int
    author_id: int
    title: str
    slug: str
    content: str = ""
    is_anonymous: bool = False
    prefix: str | None = None
    type: str = "topic"
    status: str = "publish"
    is_sticky: bool = False
    is_private: bool = False
    is_closed: bool = False
    is_resolved: bool = False
    idea_status: str | None = None
    accepted_reply_id: int | None = None
    view_count: int = 0
    vote_score: int = 0
    reply_count: int = 0
    last_reply_at: str | None = None
    edited_at: str | None = None
    edited_by: int | None = None
    published_at: str | None = None
    created_at: str = "2020-01-01 00:00:00"
    updated_at: str | None = None
    attachments: list[Any] = field(default_factory=list)
    content_plain: str | None = None
    raw_legacy: bool = False


@dataclass(slots=True)
class Reply:
    id: int
    post_id: int
    author_id: int
    content: str = ""
    parent_id: int | None = None
    is_anonymous: bool = False
    status: str = "publish"
    is_accepted: bool = False
    is_private: bool = False
    vote_score: int = 0
    edited_at: str | None = None
    edited_by: int | None = None
    created_at: str = "2020-01-01 00:00:00"
    attachments: list[Any] = field(default_factory=list)
    content_plain: str | None = None


@dataclass(slots=True)
class Tag:
    id: int
    name: str
    slug: str


@dataclass(slots=True)
class Member:
    space_id: int
    user_id: int
    role: str = "member"
    joined_at: str | None = None


@dataclass(slots=True)
class Media:
    path: str
    mime: str
    data: bytes
