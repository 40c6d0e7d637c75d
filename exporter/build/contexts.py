"""Page contexts: one documented dataclass per page type (the theme contract).

A template receives exactly the fields of its page's dataclass as variables (plus the
filters/globals listed in ``docs/themes.md``). ``docs/themes.md`` is generated from the
``help`` metadata here (:mod:`exporter.build.docs`); a test keeps both in step.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, Callable, ClassVar

from .views import (AuthorView, LeaderRow, Link, MemberRow, Pagination, PostView, ProfileReply,
                    ReplyView, RoadmapColumn, Section, SpaceView, TagView, TopicRow, UserView,
                    When, doc)


@dataclass(frozen=True, slots=True)
class SiteView:
    """The community as a whole (every page has it as ``site``)."""

    name: str = doc("community title (app config `app_name`, else the site name)")
    description: str = doc("site tagline")
    accent_color: str = doc("validated `#rrggbb` accent colour (CSS variable `--jt-accent`)")
    logo: str = doc("local logo path when the snapshot has it, else empty")
    home_url: str = doc("community home path (`/community/`)")
    search_url: str = doc("search page path")
    leaderboard_url: str = doc("leaderboard path")
    space_label: str = doc("the site's word for a space (singular)")
    space_label_plural: str = doc("the site's word for spaces (plural)")
    lang: str = doc("language tag for `<html lang>`, e.g. `en-US`")
    original_url: str = doc("the live community's absolute URL")
    content_until: When | None = doc("date of the newest public post or reply")


@dataclass(kw_only=True, slots=True)
class BasePage:
    """Fields every page has."""

    template: ClassVar[str] = ""

    url: str = doc("this page's mirror path (root-relative, live scheme)")
    root: str = doc("relative prefix from this page to the mirror root, e.g. `../../`")
    title: str = doc("document `<title>`")
    description: str = doc("meta description (plain text, ≤160 chars)")
    canonical_url: str = doc("absolute canonical URL (mirror base or original host)")
    robots: str = doc("robots meta value, e.g. `noindex, nofollow` (empty = indexable)")
    banner: str = doc("notice shown on every page of a non-public build, else empty")
    breadcrumbs: tuple[Link, ...] = doc("breadcrumb trail (last item = this page)")
    nav: str = doc("active main-navigation item: `home`, `search`, `leaderboard` or empty")
    site: SiteView = doc("the community")
    head_extra: list[str] = doc("trusted `<head>` markup added by extensions (SEO: OG tags, feeds, oEmbed links)")
    jsonld: list[dict[str, Any]] = doc("JSON-LD objects, emitted as `<script type=application/ld+json>` by the base template")

    def context(self) -> dict[str, Any]:
        """The template variables: exactly the dataclass fields (shallow)."""
        names, values = _readers(type(self))
        return dict(zip(names, values(self)))


_READERS: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}


def _readers(cls: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    """A page class's field names and one reader of all their values, made once per class
    (``fields()`` walks the class's field table on every call: a third of ``context()``)."""
    found = _READERS.get(cls)
    if found is None:
        names = tuple(f.name for f in fields(cls))
        get = attrgetter(*names)
        found = _READERS[cls] = (names, (lambda obj: (get(obj),)) if len(names) == 1 else get)
    return found


@dataclass(kw_only=True, slots=True)
class HomePage(BasePage):
    """Community home: categories with their spaces, then uncategorised spaces."""

    template: ClassVar[str] = "home.html"
    sections: tuple[Section, ...] = doc("space groups in the live order")
    post_count: int = doc("public posts in the mirror")
    member_count: int = doc("members with a public profile in the mirror")


@dataclass(kw_only=True, slots=True)
class CategoryPage(BasePage):
    """One public category and its spaces."""

    template: ClassVar[str] = "category.html"
    name: str = doc("category name")
    category_description: str = doc("category description (plain text)")
    color: str = doc("validated category colour or empty")
    spaces: tuple[SpaceView, ...] = doc("public spaces of the category")
    children: tuple[Link, ...] = doc("public sub-categories")


@dataclass(kw_only=True, slots=True)
class SpacePage(BasePage):
    """A space's topic list: one static list per sort, paginated at the space's page size."""

    template: ClassVar[str] = "space.html"
    space: SpaceView = doc("the space")
    topics: tuple[TopicRow, ...] = doc("this page's topics (pinned first, then by the sort)")
    sort: str = doc("`latest`, `popular` or `unanswered`")
    sorts: tuple[Link, ...] = doc("links to the sorted lists (the current one `active`)")
    tabs: tuple[Link, ...] = doc("space tabs: topics, members, roadmap (ideas)")
    pagination: Pagination = doc("pages of this sort")


@dataclass(kw_only=True, slots=True)
class TopicPage(BasePage):
    """A topic: the post, then one page of its threaded replies."""

    template: ClassVar[str] = "topic.html"
    space: SpaceView = doc("the post's space")
    post: PostView = doc("the opening post in full")
    replies: tuple[ReplyView, ...] = doc("this page's replies, threaded in display order (see `depth`)")
    reply_total: int = doc("replies shown across all pages (placeholders included)")
    pagination: Pagination = doc("reply pages (30 top-level replies each by default)")


@dataclass(kw_only=True, slots=True)
class RoadmapPage(BasePage):
    """An ideas space's roadmap: planned / in progress / shipped / declined."""

    template: ClassVar[str] = "roadmap.html"
    space: SpaceView = doc("the ideas space")
    columns: tuple[RoadmapColumn, ...] = doc("the four columns in order")
    tabs: tuple[Link, ...] = doc("space tabs")


@dataclass(kw_only=True, slots=True)
class MembersPage(BasePage):
    """A space's members."""

    template: ClassVar[str] = "members.html"
    space: SpaceView = doc("the space")
    privileged: tuple[MemberRow, ...] = doc("admins and moderators (first page only)")
    members: tuple[MemberRow, ...] = doc("this page's members")
    tabs: tuple[Link, ...] = doc("space tabs")
    pagination: Pagination = doc("member pages")


@dataclass(kw_only=True, slots=True)
class ProfilePage(BasePage):
    """A member's profile; tabs `posts` (also the profile home) and `replies`."""

    template: ClassVar[str] = "profile.html"
    user: UserView = doc("the member")
    tab: str = doc("`posts` or `replies`")
    tabs: tuple[Link, ...] = doc("profile tabs")
    posts: tuple[TopicRow, ...] = doc("posts on this page (posts tab)")
    replies: tuple[ProfileReply, ...] = doc("replies on this page (replies tab; private replies never listed)")
    pagination: Pagination = doc("pages of the tab")


@dataclass(kw_only=True, slots=True)
class TagPage(BasePage):
    """Public posts carrying a tag, newest first."""

    template: ClassVar[str] = "tag.html"
    tag: TagView = doc("the tag")
    topics: tuple[TopicRow, ...] = doc("this page's posts")
    pagination: Pagination = doc("pages (30 posts each)")


@dataclass(kw_only=True, slots=True)
class LeaderboardPage(BasePage):
    """Top members for one period."""

    template: ClassVar[str] = "leaderboard.html"
    period: str = doc("`all`, `month` or `week`")
    periods: tuple[Link, ...] = doc("period tabs")
    entries: tuple[LeaderRow, ...] = doc("this page's entries")
    pagination: Pagination = doc("pages (20 entries each)")


@dataclass(kw_only=True, slots=True)
class SearchPage(BasePage):
    """The search page. ``widget`` is the search stage's form + results list + script: it asks
    the offline /search shim when the mirror is served by `jetonomy-export serve`, else the
    Pagefind bundle in `/pagefind/` (static hosts). Without JavaScript the page explains that
    search needs it and lists spaces and tags to browse."""

    template: ClassVar[str] = "search.html"
    query_param: str = doc("name of the query input (`q`, as on the live site)")
    widget: str = doc("trusted HTML of the search widget (`search_index/static/search-fragment.html`), or empty")
    index_url: str = doc("path of the Pagefind entry script (`pagefind/pagefind.js`), empty when not built")
    scripts: tuple[str, ...] = doc("extra script paths a theme or extension adds (loaded with `defer`)")
    spaces: tuple[SpaceView, ...] = doc("public spaces (for a scope filter)")
    tags: tuple[TagView, ...] = doc("tags (for a tag filter)")


@dataclass(kw_only=True, slots=True)
class NotFoundPage(BasePage):
    """The mirror's `404.html` (served for any path, so its links are root-relative)."""

    template: ClassVar[str] = "404.html"
    message: str = doc("what to tell the visitor")


PAGE_TYPES: tuple[type[BasePage], ...] = (
    HomePage, CategoryPage, SpacePage, TopicPage, RoadmapPage, MembersPage, ProfilePage,
    TagPage, LeaderboardPage, SearchPage, NotFoundPage)

__all__ = [t.__name__ for t in PAGE_TYPES] + ["BasePage", "SiteView", "PAGE_TYPES",
                                               "AuthorView", "ReplyView", "TopicRow"]
