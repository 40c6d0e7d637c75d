"""Pre-sorted, per-viewer post lists, cached until the dataset changes.

Every list endpoint pages a list built here once (sorting 40k posts once, then slicing).
"""

from __future__ import annotations

from .dataset import Dataset
from .dates import days_before, hours_between
from .models import Post, Space
from .viewer import Viewer


def _sort_space(posts: list[Post], sort: str, space: Space) -> list[Post]:
    """Space orderings of §2.6; every one starts with pinned posts."""
    if sort == "oldest":
        return sorted(posts, key=lambda p: (not p.is_sticky, p.created_at, p.id))
    if sort == "popular":
        return sorted(posts, key=lambda p: (p.is_sticky, p.vote_score, p.id), reverse=True)
    if sort in ("newest", "unanswered"):
        if sort == "unanswered":
            qa = space.type == "qa"
            posts = [p for p in posts if (p.accepted_reply_id is None if qa else p.reply_count == 0)]
        return sorted(posts, key=lambda p: (p.is_sticky, p.created_at, p.id), reverse=True)
    return sorted(posts, key=lambda p: (p.is_sticky, p.last_reply_at or p.created_at, p.id),
                  reverse=True)


def space_posts(ds: Dataset, viewer: Viewer, space: Space, sort: str) -> list[Post]:
    """Posts of a space a viewer sees in its list, in ``sort`` order."""

    def build() -> list[Post]:
        visible = [p for p in ds.posts_by_space.get(space.id, ()) if viewer.lists_post(p, space)]
        return _sort_space(visible, sort, space)

    return ds.cached(("space_posts", viewer.key, space.id, sort), build)


def visible_posts(ds: Dataset, viewer: Viewer) -> list[Post]:
    """Every post the viewer sees in cross-space lists (feed, search), by id."""

    def build() -> list[Post]:
        return [p for p in sorted(ds.posts, key=lambda p: p.id)
                if viewer.lists_post(p, ds.space_of(p))]

    return ds.cached(("visible_posts", viewer.key), build)


def _hot_score(post: Post, now: str) -> float:
    hours = hours_between(post.created_at, now)
    return (post.vote_score + 2 * post.reply_count) / (hours + 2) ** 1.5


def feed_posts(ds: Dataset, viewer: Viewer, sort: str, window_days: int) -> list[Post]:
    """``/feed`` orderings (§2.7)."""

    def build() -> list[Post]:
        posts = visible_posts(ds, viewer)
        if sort == "new":
            return sorted(posts, key=lambda p: (p.published_at or p.created_at, p.id), reverse=True)
        if sort == "top":
            if window_days > 0:
                since = days_before(ds.site.now, window_days)
                posts = [p for p in posts if p.created_at >= since]
            return sorted(posts, key=lambda p: (p.vote_score, p.id), reverse=True)
        now = ds.site.now
        return sorted(posts, key=lambda p: (_hot_score(p, now), p.id), reverse=True)

    key_window = window_days if sort == "top" else 0
    return ds.cached(("feed", viewer.key, sort, key_window), build)


def user_posts(ds: Dataset, viewer: Viewer, user_id: int) -> list[Post]:
    """``/users/{id}/posts``: published, non-anonymous, non-private, readable; newest first."""

    def build() -> list[Post]:
        own = [p for p in ds.posts_by_author.get(user_id, ())
               if not p.is_anonymous and not p.is_private and viewer.lists_post(p, ds.space_of(p))]
        return sorted(own, key=lambda p: (p.created_at, p.id), reverse=True)

    return ds.cached(("user_posts", viewer.key, user_id), build)


def page(items: list, offset: int, limit: int) -> list:
    """One page of a pre-sorted list."""
    return items[offset:offset + limit] if offset >= 0 else []

