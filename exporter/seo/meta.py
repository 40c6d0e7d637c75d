"""``<title>``, canonical, robots, OpenGraph, Twitter and discovery tags (CONTRACT.md §5.4).

:func:`head_tags` returns :class:`MetaTag` values; :func:`render_head` turns them into escaped
HTML a template can include verbatim. Differences from the live site, on purpose: anonymous
authors stay ``Anonymous`` in ``article:author``; paginated pages (``…/pg/N/``,
``…/rpg/N/``) canonicalise to themselves and link ``prev``/``next`` (Google indexes each
page of a series on its own; pointing page N at page 1 would hide the topics it lists).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from urllib.parse import unquote
from typing import NamedTuple

from .oembed import OEMBED_MIME, oembed_path
from .page import PageInfo, Row, SeoContext
from .text import first_image, first_iso, literal_text, plain_text

DESCRIPTION_MAX, OG_DESCRIPTION_MAX = 160, 200


class MetaTag(NamedTuple):
    """One void element of ``<head>``: ``meta`` or ``link`` (a named tuple: a page makes a
    dozen or more, and a tuple is made several times faster than a frozen dataclass)."""

    tag: str
    attrs: tuple[tuple[str, str], ...]

    def html(self) -> str:
        return _tag_html(self)


_new_tag = tuple.__new__  # what ``MetaTag(...)`` calls, minus its own Python frame


def meta(key: str, value: str, attr: str = "property") -> MetaTag:
    return _new_tag(MetaTag, ("meta", ((attr, key), ("content", value))))


def link(rel: str, href: str, **extra: str) -> MetaTag:
    return _new_tag(MetaTag, ("link", (("rel", rel), *extra.items(), ("href", href))))


def _escaped(value: str) -> str:
    """``html.escape(value, quote=True)``, without its five ``replace`` calls for the usual
    value that holds none of the five characters it replaces (keys, URLs, most titles)."""
    if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
        return html.escape(value, quote=True)
    return value


def render_head(tags: list[MetaTag]) -> str:
    """The tags as HTML, one per line (escaped; safe to output unescaped in a template).

    Every attribute value is ``html.escape``-d (quotes too), each on its own: escaping the
    whole head in one call was slower when any value held a non-Latin-1 character (the
    joined head then scanned as two or four bytes per character)."""
    parts: list[str] = []
    for tag, attrs in tags:
        if len(attrs) == 2:  # most tags: one f-string, no loop
            (name, value), (name2, value2) = attrs
            parts.append(f'<{tag} {name}="{_escaped(value)}" {name2}="{_escaped(value2)}">')
        else:
            parts.append(f"<{tag}" + "".join([f' {name}="{_escaped(value)}"' for name, value in attrs]) + ">")
    return "\n".join(parts)


def _tag_html(tag: MetaTag) -> str:
    """One tag, each value escaped on its own (the general path of :func:`render_head`)."""
    attrs = "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in tag.attrs)
    return f"<{tag.tag}{attrs}>"


def _clip(text: str, limit: int) -> str:
    """Hard cut like the live site (``mb_substr``), trailing space removed."""
    return text[:limit].rstrip()


def _space_title(page: PageInfo) -> str:
    return literal_text((page.space or {}).get("title"))


def _name(row: Row | None, key: str) -> str:
    return literal_text((row or {}).get(key))


def _tag_name(page: PageInfo) -> str:
    return _name(page.tag, "name") or (page.tag or {}).get("slug", "")


Route = Callable[[SeoContext, PageInfo], str]  # one route's text (only the page's route is made)

_OG_TITLES: dict[str, Route] = {
    "home": lambda ctx, page: f"{ctx.site_name} Community",
    "category": lambda ctx, page: _name(page.category, "name"),
    "space": lambda ctx, page: _space_title(page),
    "members": lambda ctx, page: f"{_space_title(page)} \u2014 Members",
    "roadmap": lambda ctx, page: f"{_space_title(page)} \u2014 Roadmap",
    "topic": lambda ctx, page: _name(page.post, "title"),
    "profile": lambda ctx, page: _name(page.user, "display_name") or f"@{page.login or ''}",
    "tag": lambda ctx, page: f"#{_tag_name(page)}",
    "leaderboard": lambda ctx, page: "Top members",
    "search": lambda ctx, page: "Search the community",
    "not_found": lambda ctx, page: "Page not found",
}


def og_title(ctx: SeoContext, page: PageInfo) -> str:
    """``og:title`` per route (§5.4 table)."""
    route = _OG_TITLES.get(page.kind)
    return route(ctx, page) if route else ctx.site_name


_DESCRIPTIONS: dict[str, Route] = {
    "home": lambda ctx, page: "Join our community discussions, Q&A, and more.",
    "category": lambda ctx, page:
        f"{ctx.spaces_label} in the {_name(page.category, 'name')} category on {ctx.site_name}.",
    "space": lambda ctx, page: plain_text((page.space or {}).get("description")) or _space_title(page),
    "members": lambda ctx, page: f"Members of the {_space_title(page)} {ctx.space_label} on {ctx.site_name}.",
    "roadmap": lambda ctx, page: f"Roadmap for the {_space_title(page)} {ctx.space_label} on {ctx.site_name}.",
    "topic": lambda ctx, page: plain_text((page.post or {}).get("content_plain") or (page.post or {}).get("content")),
    "profile": lambda ctx, page: plain_text((page.user or {}).get("bio"))
        or f"Community profile for @{page.login or ''} on {ctx.site_name}.",
    "tag": lambda ctx, page: f"Discussions tagged #{_tag_name(page)} on {ctx.site_name}.",
    "leaderboard": lambda ctx, page: f"Top contributors and most-helpful members on {ctx.site_name}.",
    "search": lambda ctx, page: f"Search discussions, replies, members, and tags on {ctx.site_name}.",
    "not_found": lambda ctx, page: f"This page does not exist on {ctx.site_name}.",
}


def description(ctx: SeoContext, page: PageInfo) -> str:
    """Unclipped description per route (§5.4 table)."""
    route = _DESCRIPTIONS.get(page.kind)
    return route(ctx, page) if route else ctx.site_name


def image(ctx: SeoContext, page: PageInfo) -> str | None:
    """Route image → configured default image (the live fallback chain, minus live-only parts)."""
    if page.kind == "topic":
        return first_image((page.post or {}).get("content")) or ctx.default_image
    if page.kind in ("space", "members", "roadmap"):
        cover = str((page.space or {}).get("cover_image") or "")
        return cover if cover.startswith(("http://", "https://")) else ctx.default_image
    if page.kind == "profile":
        avatar = str((page.user or {}).get("avatar_display") or "")
        return avatar if avatar.startswith(("http://", "https://")) else ctx.default_image
    return ctx.default_image


def robots(ctx: SeoContext, page: PageInfo) -> str | None:
    if page.kind in ("search",) or (page.kind == "profile" and not ctx.index_profiles):
        return "noindex, follow"
    if page.kind == "not_found":
        return "noindex"
    return None


def handle(login: str | None) -> str:
    """Approximate the user nicename the live title uses (§5.4)."""
    return (login or "").lower().replace(".", "-").replace(" ", "-")


_PAGE_TITLES: dict[str, Route] = {
    "home": lambda ctx, page: "Community",
    "category": lambda ctx, page: f"{_name(page.category, 'name')} \u2014 Community",
    "space": lambda ctx, page: _space_title(page),
    "members": lambda ctx, page: f"{_space_title(page)} \u2014 Members",
    "roadmap": lambda ctx, page: f"{_space_title(page)} \u2014 Roadmap",
    "topic": lambda ctx, page: f"{_name(page.post, 'title')} \u2013 {_space_title(page)}",
    "profile": lambda ctx, page: f"@{handle(page.login)}",
    "tag": lambda ctx, page: f"#{unquote(_name(page.tag, 'slug'))}",
    "leaderboard": lambda ctx, page: "Top members",
    "search": lambda ctx, page: "Search",
    "not_found": lambda ctx, page: "Page not found",
}


def page_title(ctx: SeoContext, page: PageInfo) -> str:
    """``<title>`` text: "{route title} – {site name}" (+ "Page N" beyond page 1)."""
    make = _PAGE_TITLES.get(page.kind)
    route = make(ctx, page) if make else "Community"
    if page.page > 1:
        route += f" \u2013 Page {page.page}"
    return f"{route} \u2013 {ctx.site_name}"


def article_tags(ctx: SeoContext, page: PageInfo) -> list[MetaTag]:
    """``article:*`` for topics, with the guest-masked author name."""
    post = page.post or {}
    tags = [meta("article:author", literal_text(post.get("author_name")) or "Anonymous")]
    published = first_iso(post.get("created_at"))
    modified = first_iso(post.get("updated_at"), post.get("created_at"))
    if published:
        tags.append(meta("article:published_time", published))
    if modified:
        tags.append(meta("article:modified_time", modified))
    if _space_title(page):
        tags.append(meta("article:section", _space_title(page)))
    return tags


def discovery_links(ctx: SeoContext, page: PageInfo) -> list[MetaTag]:
    """RSS alternates (space, tag, home) and the oEmbed alternate (topic)."""
    urls, absolute = ctx.urls, ctx.urls.absolute
    space, tag = page.space or {}, page.tag or {}
    if page.kind == "space" and space.get("slug"):
        return [link("alternate", absolute(page.space_url(urls) + "feed/"),
                     type="application/rss+xml", title=f"{_space_title(page)} \u2013 RSS")]
    if page.kind == "tag" and tag.get("slug"):
        return [link("alternate", absolute((page.tag_path or urls.tag(tag["slug"])) + "feed/"),
                     type="application/rss+xml", title=f"{og_title(ctx, page)} \u2013 RSS")]
    if page.kind == "home":
        return [link("alternate", absolute(f"{urls.base}/feed/"), type="application/rss+xml",
                     title=f"New topics \u2013 {ctx.site_name}")]
    if page.kind == "topic" and space.get("slug") and (page.post or {}).get("slug"):
        return [link("alternate", absolute(oembed_path(page.topic_url(urls))), type=OEMBED_MIME,
                     title=og_title(ctx, page))]
    return []


def pagination_links(ctx: SeoContext, page: PageInfo) -> list[MetaTag]:
    out = []
    if page.prev_path:
        out.append(link("prev", ctx.urls.absolute(page.prev_path)))
    if page.next_path:
        out.append(link("next", ctx.urls.absolute(page.next_path)))
    return out


def head_tags(ctx: SeoContext, page: PageInfo, renderer_owned: bool = True) -> list[MetaTag]:
    """Every SEO tag of one page, in the live order (description, og:*, article:*, twitter:*,
    canonical, alternates), plus robots and prev/next. ``renderer_owned=False`` leaves out
    the three tags the renderer writes itself (robots, description, canonical: see
    :data:`RENDERER_OWNS`) instead of making them for the page hook to drop."""
    text, title = description(ctx, page), og_title(ctx, page)
    canonical = ctx.urls.absolute(page.path)
    is_topic = page.kind == "topic"
    img = image(ctx, page)
    tags = [meta("robots", r, "name")] if renderer_owned and (r := robots(ctx, page)) else []
    if renderer_owned:
        tags.append(meta("description", _clip(text, DESCRIPTION_MAX), "name"))
    tags += [meta("og:title", title),
             meta("og:description", _clip(text, OG_DESCRIPTION_MAX)), meta("og:url", canonical),
             meta("og:type", "article" if is_topic else "website"), meta("og:site_name", ctx.site_name)]
    if img:
        tags += [meta("og:image", img), meta("og:image:alt", title)]
    if is_topic:
        tags += article_tags(ctx, page)
    tags += [meta("twitter:card", "summary_large_image" if is_topic else "summary", "name")]
    if ctx.twitter_site:
        tags.append(meta("twitter:site", ctx.twitter_site, "name"))
    tags += [meta("twitter:title", title, "name"),
             meta("twitter:description", _clip(text, OG_DESCRIPTION_MAX), "name")]
    if img:
        tags += [meta("twitter:image", img, "name"), meta("twitter:image:alt", title, "name")]
    if renderer_owned and page.kind != "not_found":
        tags.append(link("canonical", canonical))
    return tags + pagination_links(ctx, page) + discovery_links(ctx, page)


#: The (attribute, value) pairs of the head tags the renderer writes itself.
RENDERER_OWNS = frozenset({("name", "description"), ("name", "robots"), ("rel", "canonical")})
