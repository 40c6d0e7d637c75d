"""What the SEO head helpers need to know about one rendered page.

The renderer builds one :class:`PageInfo` per page it writes (it already holds the entities)
and one :class:`SeoContext` per build; :mod:`exporter.seo.meta` and :mod:`exporter.seo.jsonld`
turn them into ``<head>`` markup. Entity dicts are the guest-masked snapshot rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..snapshot import Snapshot
from ..urls import SiteUrls
from .site import site_name

Row = dict[str, Any]

PAGE_KINDS = ("home", "category", "space", "members", "roadmap", "topic", "profile", "tag",
              "leaderboard", "search", "not_found")


@dataclass(frozen=True)
class SeoContext:
    """Site-wide facts for head tags. ``urls`` is on the *canonical* base (the mirror's own
    origin, or the original host when the mirror should hand rankings back to it)."""

    urls: SiteUrls
    site_name: str
    language: str = "en-US"
    spaces_label: str = "Spaces"
    space_label: str = "space"
    default_image: str | None = None
    twitter_site: str | None = None
    index_profiles: bool = False
    exported_logins: frozenset[str] = frozenset()

    #: Profile URLs made so far, by login (a build names the same members again and again).
    _profile_urls: dict[str, str] = field(default_factory=dict, init=False, compare=False, hash=False, repr=False)

    def profile_url(self, login: str | None) -> str | None:
        """Absolute profile URL for a member whose profile the mirror has, else ``None``."""
        found = self._profile_urls.get(login)  # type: ignore[arg-type]
        if found is not None:
            return found
        if login and login in self.exported_logins:
            found = self._profile_urls[login] = self.urls.absolute(self.urls.profile(login))
            return found
        return None


def context_from_snapshot(snapshot: Snapshot, urls: SiteUrls, default_image: str | None = None,
                          twitter_site: str | None = None, index_profiles: bool = False) -> SeoContext:
    """Read the site name, language, the noun for spaces and exported logins once."""
    config = snapshot.get_site("app_config") or {}
    label = config.get("space_label") or {}
    logins = frozenset(login for login, _ in snapshot.iter_users() if login)
    return SeoContext(urls=urls, site_name=site_name(snapshot),
                      language=snapshot.get_meta("language", "en-US") or "en-US",
                      spaces_label=str(label.get("plural") or "Spaces"),
                      space_label=str(label.get("singular") or "space").lower(),
                      default_image=default_image, twitter_site=twitter_site,
                      index_profiles=index_profiles, exported_logins=logins)


@dataclass(frozen=True)
class PageInfo:
    """One page: its kind, its own root-relative mirror path and the entities it shows.

    ``path`` is the page's own URL (``…/pg/2/`` for page 2), which is also its canonical.
    ``list_items`` are ``(root-relative path, name)`` of the topics the page lists (for the
    ItemList), ``replies`` the replies shown on this page (for the JSON-LD comment tree),
    ``reply_pages`` maps reply id → the reply page it sits on (for deep links),
    ``accepted_reply`` the accepted answer wherever it sits, ``item_count`` the number of
    public items in the whole list (topics of a space/tag, visible replies of a topic).
    """

    kind: str
    path: str
    page: int = 1
    prev_path: str | None = None
    next_path: str | None = None
    space: Row | None = None
    post: Row | None = None
    category: Row | None = None
    user: Row | None = None
    login: str | None = None
    tag: Row | None = None
    replies: tuple[Row, ...] = ()
    accepted_reply: Row | None = None
    reply_pages: dict[int, int] = field(default_factory=dict)
    list_items: tuple[tuple[str, str], ...] = ()
    item_count: int | None = None
    space_path: str | None = None
    topic_path: str | None = None
    tag_path: str | None = None
    profile_path: str | None = None

    def space_url(self, urls: SiteUrls) -> str:
        """The space's page as the renderer wrote it (slug fallback), else from its slug."""
        return self.space_path or urls.space((self.space or {}).get("slug", ""))

    def topic_url(self, urls: SiteUrls, page: int = 1) -> str:
        """The topic's first page (or reply page ``page``) as the renderer wrote it."""
        if self.topic_path:
            return self.topic_path + (f"rpg/{page}/" if page > 1 else "")
        return urls.topic((self.space or {}).get("slug", ""), (self.post or {}).get("slug", ""), page)
