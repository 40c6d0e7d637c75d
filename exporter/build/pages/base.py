"""What every page builder shares: jobs, common fields, pagination."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ...snapshot import Audience
from ..contexts import BasePage
from ..gather import SiteIndex
from ..views import Link, Pagination

T = TypeVar("T")

BANNERS = {
    Audience.MEMBERS: "Members-only build: this copy includes content that is not public. Do not publish it.",
    Audience.STAFF: "Staff build: this copy includes private and unpublished content. Do not publish it.",
}


@dataclass(frozen=True, slots=True)
class Job:
    """One page to render: its path, who it belongs to, and a builder for its context.

    ``deps`` is what the page shows beyond the site-wide data (compared by value between
    builds, see :func:`exporter.build.stamps.page_key`); ``None`` means "always render"."""

    url: str
    owner: str
    build: Callable[[], BasePage]
    kind: str
    deps: Any = None


def rows_deps(ix: SiteIndex, rows: Sequence[Any]) -> tuple:
    """A list page's own inputs, cheaply: each listed post's id and post-row stamp (a row is
    made from its post; authors, tags and spaces are in the site stamp). Without stamps, the
    rows themselves (compared by ``repr``, see :func:`exporter.build.stamps.page_key`)."""
    stamps = ix.row_stamps
    if stamps and all(r.id in stamps for r in rows):
        return tuple((r.id, stamps[r.id]) for r in rows)
    return tuple(rows)


def root_of(url: str) -> str:
    """Relative prefix from the page at ``url`` to the mirror root (``/a/b/`` → ``../../``)."""
    if not url.endswith("/"):
        return "/"  # a file at the root served for any path (404.html): root-relative links
    return "../" * (url.count("/") - 1)


def common(ix: SiteIndex, url: str, title: str, description: str, crumbs: Sequence[Link],
           nav: str = "", canonical: str | None = None, robots: str = "") -> dict[str, Any]:
    """The :class:`BasePage` fields of a page."""
    base = (ix.options.canonical_base or ix.home).rstrip("/")
    if ix.audience is not Audience.PUBLIC:
        robots = "noindex, nofollow"
    site_name = ix.site.name
    title = title.replace(" - ", " \u2013 ")  # as WordPress's wptexturize composes <title>
    full_title = f"{title} \u2013 {site_name}" if title and title != site_name else site_name
    return dict(url=url, root=root_of(url), title=full_title, description=_clip(description, 160),
                canonical_url=base + (canonical or url), robots=robots,
                banner=BANNERS.get(ix.audience, ""), breadcrumbs=tuple(crumbs), nav=nav,
                site=ix.site, head_extra=[], jsonld=[])


def _clip(text: str, limit: int) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + "…"


def row_author(ix: SiteIndex, row: dict) -> Any:
    """The author chip of a member or leaderboard row (its profile's, else one from the row)."""
    uid = int(row.get("user_id") or 0)
    user = ix.users.get(uid)
    if user:
        return user.author
    return ix.author({"author_id": uid, "author_name": row.get("display_name"),
                      "trust_level": row.get("trust_level"), "reputation": row.get("reputation")})


def home_crumb(ix: SiteIndex) -> Link:
    return Link("Community", ix.urls.home_page())


def pages_of(items: Sequence[T], per_page: int) -> list[Sequence[T]]:
    """Split ``items`` into pages (always at least one, possibly empty, page)."""
    count = max(1, math.ceil(len(items) / per_page))
    return [items[i * per_page:(i + 1) * per_page] for i in range(count)]


def pagination(page: int, pages: int, url_of: Callable[[int], str]) -> Pagination:
    """Numbered links: first, last and a window around the current page."""
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    links = tuple(Link(str(n), url_of(n), n == page) for n in shown)
    return Pagination(page=page, pages=pages, prev_url=url_of(page - 1) if page > 1 else "",
                      next_url=url_of(page + 1) if page < pages else "", links=links)
