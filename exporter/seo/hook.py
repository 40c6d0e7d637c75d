"""Glue to the renderer: an extra writer (SEO files) and a page hook (head tags, JSON-LD).

Both read the build's own gathered index, so feeds, sitemaps and oEmbed files use exactly
the paths the renderer assigned to pages. Non-public builds get neither (they must not be
published, so nothing should invite crawlers or feed readers).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..snapshot import Audience
from ..urls import segment_is_safe
from . import SeoOptions, SeoSite, site_urls, write_seo_files
from .clientside import legacy_query_script, not_found_script
from .jsonld import jsonld_objects
from .meta import head_tags, page_title, render_head
from .page import PageInfo, SeoContext
from .redirects import RedirectOptions, query_rules
from .site import crawl_time, newest_order, site_name

KINDS = {"HomePage": "home", "CategoryPage": "category", "SpacePage": "space", "TopicPage": "topic",
         "RoadmapPage": "roadmap", "MembersPage": "members", "ProfilePage": "profile", "TagPage": "tag",
         "LeaderboardPage": "leaderboard", "SearchPage": "search", "NotFoundPage": "not_found"}


class _OwnedWriter:
    """Forward to the build writer, marking SEO files as ours (collision messages)."""

    def __init__(self, writer: Any):
        self.writer = writer

    def write(self, rel_path: str, data: bytes) -> object:
        return self.writer.write(rel_path, data, "seo")

    def write_keyed(self, rel_path: str, data: bytes, key: str) -> object:
        return self.writer.write(rel_path, data, "seo", key)

    def write_hashed(self, rel_path: str, data: bytes, key: str | None) -> str:
        """Write (with ``key`` when given) and return the file's sha256, which the build writer
        has just computed (the recording writer then need not hash the bytes again)."""
        self.writer.write(rel_path, data, "seo", key)
        return self.writer.entries[rel_path].sha256

    def reuse(self, rel_path: str, key: str) -> str | None:
        """The kept file's sha256 when the last build wrote it from the same inputs, else None."""
        if self.writer.reuse(rel_path, key, "seo"):
            return self.writer.entries[rel_path].sha256
        return None


def _public(ctx: Any) -> bool:
    return ctx.options.audience is Audience.PUBLIC


def seo_site(ctx: Any) -> SeoSite:
    """The SEO view of the build, with the renderer's page paths (cached per build).

    Built from the renderer's gathered index (the same public rows, in the same order) instead
    of reading and decoding the snapshot a second time; SEO builds are public-only."""
    if "seo_site" not in ctx.cache:
        ix = ctx.index
        urls = site_urls(ctx.snapshot, ctx.options.canonical_base)
        spaces = [s for s in ix.spaces if segment_is_safe(str(s.get("slug") or ""))]
        by_id = {int(s["id"]): s for s in spaces}
        paths: dict[tuple[str, object], str] = {("s", i): v.url for i, v in ix.space_views.items()}
        paths.update({("p", i): ix.topic_url(i) for i in ix.posts})
        paths.update({("t", i): v.url for i, v in ix.tags.items()})
        paths.update({("u", v.login): v.url for v in ix.users.values() if v.login})
        posts = [p for p in ix.posts.values()
                 if int(p.get("space_id") or 0) in by_id and segment_is_safe(str(p.get("slug") or ""))]
        post_by_id = {int(p["id"]): p for p in posts}
        tag_posts = {tid: newest_order([post_by_id[i] for i in ids if i in post_by_id])
                     for tid, ids in ix.tag_posts.items()}
        tags = [t for t in ix.tag_rows.values()
                if segment_is_safe(str(t.get("slug") or "")) and tag_posts.get(int(t["id"]))]
        profiles = [(v.login, {"id": v.id, "display_name": v.name}) for v in ix.users.values() if v.login]
        crawled = crawl_time(ctx.snapshot)
        ctx.cache["seo_site"] = SeoSite(
            urls=urls, site_name=site_name(ctx.snapshot),
            language=ctx.snapshot.get_meta("language", "en-US") or "en-US",
            crawl_time=crawled, spaces=spaces, posts=posts, tags=tags,
            tag_posts=tag_posts, profiles=sorted(profiles, key=lambda lp: int(lp[1]["id"])),
            space_by_id=by_id, logins=frozenset(login for login, _ in profiles), paths=paths,
            stamp=f"{ctx.site_stamp}|{urls.home}|{crawled.isoformat()}" if ctx.site_stamp else "",
            stamps=ix.stamps, full=lambda post: ix.full_post(int(post["id"])))
    return ctx.cache["seo_site"]


def seo_extra_writer(ctx: Any) -> None:
    """``BuildOptions.extra_writers`` entry: feeds, oEmbed, sitemaps, robots, stubs, configs."""
    if _public(ctx):
        ctx.extras["seo"] = write_seo_files(ctx.snapshot, _OwnedWriter(ctx.writer),
                                            SeoOptions(canonical_base=ctx.options.canonical_base),
                                            site=seo_site(ctx))


def seo_context(ctx: Any) -> SeoContext:
    if "seo_context" not in ctx.cache:
        site = seo_site(ctx)
        config = ctx.snapshot.get_site("app_config") or {}
        label = config.get("space_label") or {}
        ctx.cache["seo_context"] = SeoContext(
            urls=site.urls, site_name=site.site_name, language=site.language,
            spaces_label=str(label.get("plural") or "Spaces"),
            space_label=str(label.get("singular") or "space").lower(), exported_logins=site.logins)
        ctx.cache["seo_rules"] = query_rules(site.urls, RedirectOptions())
    return ctx.cache["seo_context"]


_RPG = re.compile(r"/rpg/(\d+)/")


def _reply_page(url: str) -> int:
    if "/rpg/" not in url:  # a reply on a topic's first page: nothing to search
        return 1
    match = _RPG.search(url)
    return int(match.group(1)) if match else 1


def _topic_fields(ctx: Any, page: Any) -> dict[str, Any]:
    ix, post_id = ctx.index, page.post.row.id
    raw = ix.replies_of(post_id)
    shown = tuple(raw[r.id] for r in page.replies if r.id in raw)
    accepted = page.post.accepted
    return dict(post=ix.full_post(post_id) if post_id in ix.posts else None, replies=shown,
                reply_pages={r.id: _reply_page(r.url) for r in page.replies},
                accepted_reply=raw.get(accepted.id) if accepted else None)


def _spaces_by_id(ctx: Any) -> dict[int, dict[str, Any]]:
    """Space rows by id (the first row of an id, as a scan of ``ix.spaces`` finds it), per build."""
    if "seo_spaces" not in ctx.cache:
        by_id: dict[int, dict[str, Any]] = {}
        for row in ctx.index.spaces:
            by_id.setdefault(int(row["id"]), row)
        ctx.cache["seo_spaces"] = by_id
    return ctx.cache["seo_spaces"]


def page_info(ctx: Any, page: Any) -> PageInfo:
    """Translate a renderer page context into the SEO helpers' :class:`PageInfo`."""
    kind = KINDS.get(type(page).__name__, "not_found")
    fields: dict[str, Any] = {}
    pagination = getattr(page, "pagination", None)
    if pagination is not None:
        fields.update(page=pagination.page, prev_path=pagination.prev_url or None,
                      next_path=pagination.next_url or None)
    space = getattr(page, "space", None)
    if space is not None:
        fields.update(space=_spaces_by_id(ctx).get(space.id),
                      item_count=space.post_count, space_path=space.url)
    if kind == "topic":
        fields.update(_topic_fields(ctx, page), item_count=page.reply_total, topic_path=page.post.row.url)
    if kind in ("space", "tag"):
        fields["list_items"] = tuple((t.url, t.title) for t in page.topics)
    if kind == "tag":
        fields.update(tag={"id": page.tag.id, "name": page.tag.name, "slug": page.tag.slug},
                      item_count=page.tag.count, tag_path=page.tag.url)
    if kind == "profile":
        fields.update(user={"display_name": page.user.name, "bio": page.user.bio}, login=page.user.login,
                      profile_path=page.user.url)
    if kind == "category":
        fields["category"] = {"name": page.name}
    return PageInfo(kind=kind, path=page.url, **fields)


def seo_page_hook(ctx: Any, page: Any, client_scripts: bool = False) -> None:
    """``BuildOptions.page_hooks`` entry: OG/Twitter/article tags, feed/oEmbed/prev/next
    links, JSON-LD; paginated pages become self-canonical. ``client_scripts`` adds the
    legacy-query and 404 look-up scripts (for GitHub Pages/S3; see docs/hosting.md)."""
    if not _public(ctx):
        return
    sctx = seo_context(ctx)
    info = page_info(ctx, page)
    rules = ctx.cache["seo_rules"]
    if info.kind == "not_found":
        if client_scripts:
            page.head_extra.append(not_found_script(seo_site(ctx), rules))
        return
    page.canonical_url = sctx.urls.absolute(info.path)
    page.title = page_title(sctx, info)  # CONTRACT §5.4: "{route title} – {site name}"
    page.head_extra.append(render_head(head_tags(sctx, info, renderer_owned=False)))
    if client_scripts:
        page.head_extra.append(legacy_query_script(rules))
    page.jsonld.extend(jsonld_objects(sctx, info))


def seo_page_hook_with_scripts(ctx: Any, page: Any) -> None:
    """:func:`seo_page_hook` plus the client-side redirect scripts."""
    seo_page_hook(ctx, page, client_scripts=True)


# Safe to run in the build's forked workers (see exporter.build.parallel.parallel_safe):
# they change only the page given, ctx.extras, ctx.cache and files written through ctx.writer.
for _func in (seo_extra_writer, seo_page_hook, seo_page_hook_with_scripts):
    _func.parallel_safe = True  # type: ignore[attr-defined]


def with_seo(options: Any, client_scripts: bool = False) -> Any:
    """``options`` with the SEO extra writer and page hook added (once)."""
    writers = tuple(options.extra_writers)
    hooks = tuple(options.page_hooks)
    hook = seo_page_hook_with_scripts if client_scripts else seo_page_hook
    has_hook = any(h in hooks for h in (seo_page_hook, seo_page_hook_with_scripts))
    return dataclasses.replace(
        options,
        extra_writers=writers if seo_extra_writer in writers else (*writers, seo_extra_writer),
        page_hooks=hooks if has_hook else (*hooks, hook))
