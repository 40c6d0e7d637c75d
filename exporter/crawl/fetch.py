"""``fetch_*``: HTTP only. Each yields (or returns) raw JSON exactly as received and never
touches the snapshot. Sizes are the API maxima: 100, or 50 for ``/feed`` and ``/search``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .http import Api
from .paginate import Page, Row, collect, envelope_rows, paginate, user_key

LIMIT = 100
SEARCH_LIMIT = 50
PERIODS = ("all", "month", "week")


def fetch_categories(api: Api) -> list[Row]:
    """Top-level categories (with raw ``spaces[]`` rows and recursive ``children``)."""
    url = api.url("/categories")
    return envelope_rows(api.get_json(url), url)[0]


def fetch_category(api: Api, category_id: int) -> Row | None:
    """One category (bare object + its raw ``spaces[]``); ``None`` if it vanished."""
    return api.get_json(api.url(f"/categories/{category_id}"), allow=(404,))


def fetch_spaces(api: Api) -> Iterator[Row]:
    """Every space a guest can list (public ones, incl. uncategorised and archived)."""
    for page in paginate(api, api.url("/spaces"), {}, LIMIT):
        yield from page.rows


def fetch_space_posts(api: Api, space_id: int) -> Iterator[Page]:
    """A space's posts oldest first (new posts land at the end), page by page."""
    return paginate(api, api.url(f"/spaces/{space_id}/posts"), {"sort": "oldest"}, LIMIT)


def fetch_space_latest(api: Api, space_id: int) -> Iterator[Page]:
    """A space's posts by last activity (pinned first) — for incremental runs."""
    return paginate(api, api.url(f"/spaces/{space_id}/posts"), {"sort": "latest"}, LIMIT)


def fetch_replies(api: Api, post_id: int) -> Iterator[Row]:
    """Every listed reply of a post (flat, oldest first); empty if the post vanished."""
    url = api.url(f"/posts/{post_id}/replies")
    for page in paginate(api, url, {"sort": "oldest"}, LIMIT, allow_missing=True):
        yield from page.rows


def fetch_feed_new(api: Api) -> Iterator[Page]:
    """``/feed?sort=new`` pages (newest first) — for incremental runs."""
    return paginate(api, api.url("/feed"), {"sort": "new"}, SEARCH_LIMIT)


@dataclass
class TagList:
    rows: list[Row]
    total: int


def fetch_tag_list(api: Api) -> TagList:
    """``/tags`` (cannot page: at most 100 raw string rows) and the real total."""
    url = api.url("/tags")
    body = api.get_json(url, {"limit": LIMIT, "sort": "alphabetical"})
    rows, meta = envelope_rows(body, url)
    return TagList(rows, int(meta.get("total") or len(rows)))


def fetch_tags_by_search(api: Api, space_id: int, total: int) -> Iterator[Row]:
    """All tags via ``/search?type=tag&space_id=…`` (CONTRACT.md §2.11), until ``total`` held."""
    held = 0
    url = api.url("/search")
    for page in paginate(api, url, {"type": "tag", "space_id": space_id}, SEARCH_LIMIT):
        held += len(page.rows)
        yield from page.rows
        if held >= total:
            return


def fetch_tag_posts(api: Api, slug: str) -> Iterator[Row]:
    """Posts carrying tag ``slug`` (a scope-only ``/search`` listing; post rows only)."""
    params = {"type": "post", "tag": slug, "sort": "newest"}
    for page in paginate(api, api.url("/search"), params, SEARCH_LIMIT):
        yield from page.rows


def fetch_leaderboard(api: Api, period: str) -> list[Row]:
    """One leaderboard period, paged with ``offset`` (``after`` is ignored there)."""
    url = api.url("/leaderboards")
    return collect(paginate(api, url, {"period": period}, LIMIT, key=user_key))


def fetch_members(api: Api, space_id: int) -> list[Row]:
    url = api.url(f"/spaces/{space_id}/members")
    return collect(paginate(api, url, {}, LIMIT, key=user_key))


def fetch_privileged_members(api: Api, space_id: int) -> list[Row]:
    """Bare array of admins and moderators (one request, ``limit`` 100)."""
    url = api.url(f"/spaces/{space_id}/privileged-members")
    body = api.get_json(url, {"limit": LIMIT})
    return envelope_rows(body, url)[0]


def fetch_user(api: Api, user_id: int) -> Row | None:
    """A public profile; ``None`` when the account is gone."""
    return api.get_json(api.url(f"/users/{user_id}"), allow=(404,))


def fetch_pro(api: Api, route: str) -> Any:
    """A Pro read; ``None`` when absent (404: no poll / feature off — both normal)."""
    return api.get_json(api.url(route), allow=(404,))


def fetch_bytes(api: Api, url: str) -> tuple[bytes, str | None] | None:
    """A media file's bytes and mime type; ``None`` if it is gone."""
    resp = api.get_raw(url, allow=(401, 403, 404, 410))
    if resp is None:
        return None
    return resp.content, resp.headers.get("content-type")


# -- logged-in crawls (an account sees more than a guest) ---------------------------------

def fetch_post(api: Api, post_id: int) -> Row | None:
    """``GET /posts/{id}`` (counts one view on the site); ``None`` when missing/unreadable."""
    return api.get_json(api.url(f"/posts/{post_id}"), allow=(403, 404))


def fetch_drafts(api: Api) -> list[Row]:
    """``GET /posts/drafts``: the account's own drafts (``{"data": [...]}``, not paged)."""
    url = api.url("/posts/drafts")
    body = api.get_json(url, allow=(401, 403, 404))
    return envelope_rows(body, url)[0] if body is not None else []


def fetch_activity_post_ids(api: Api, since: str = "1970-01-01 00:00:00") -> list[int]:
    """Post ids named by ``/updates?scope=global`` (the newest 50 events; logged in only)."""
    body = api.get_json(api.url("/updates"), {"since": since, "scope": "global"},
                        allow=(400, 401, 403, 404))
    rows = body.get("data") if isinstance(body, dict) else None
    return sorted({int(r["object_id"]) for r in rows or [] if isinstance(r, dict)
                   and r.get("object_type") == "post" and str(r.get("object_id", "")).isdigit()})


def fetch_user_post_ids(api: Api, user_id: int) -> set[int]:
    """Ids of a user's published, non-anonymous, non-private posts (``/users/{id}/posts``)."""
    url = api.url(f"/users/{user_id}/posts")
    return {int(r["id"]) for r in collect(paginate(api, url, {}, LIMIT, allow_missing=True))}


def fetch_space_reply_flags(api: Api, space_id: int) -> dict[int, bool]:
    """``reply id → is_anonymous`` of a space's published replies: the scope-only
    ``/search?type=reply&space_id=…`` listing is the one place that carries the flag."""
    url = api.url("/search")
    pages = paginate(api, url, {"type": "reply", "space_id": space_id, "sort": "newest"},
                     SEARCH_LIMIT)
    return {int(r["id"]): bool(int(r.get("is_anonymous") or 0)) for r in collect(pages)}
