"""``GET /oembed`` (§3.14), including the live anonymous-author leak (real name served)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from .content import collapse_ws, esc_html, esc_url, first_image
from .dataset import Dataset
from .models import Post, Space
from .responses import RestResult, error
from .routing import Ctx, RestRoute
from .serialize import gravatar, plain, profile_url
from .wpargs import Arg

CARD = ("<div class=\"jetonomy-oembed\" style=\"max-width:{w}px;font-family:-apple-system,"
        "BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;border:1px solid #e5e7eb;"
        "border-radius:8px;overflow:hidden;background:#fff;\">{thumb}<div style=\"padding:16px 18px;\">"
        "<div style=\"font-size:12px;color:#6b7280;margin-bottom:6px;\"><a href=\"{space_url}\" "
        "style=\"color:#6b7280;text-decoration:none;\">{space_title}</a></div><a href=\"{url}\" "
        "style=\"color:#111827;text-decoration:none;\"><div style=\"font-size:16px;font-weight:600;"
        "line-height:1.35;margin-bottom:8px;\">{title}</div></a>{excerpt}<div style=\"display:flex;"
        "align-items:center;justify-content:space-between;font-size:12px;color:#6b7280;\">"
        "<a href=\"{author_url}\" style=\"color:#6b7280;text-decoration:none;display:inline-flex;"
        "align-items:center;\"><img src=\"{avatar}\" alt=\"\" width=\"24\" height=\"24\" "
        "style=\"width:24px;height:24px;border-radius:50%;vertical-align:middle;margin-right:6px;\">"
        "{author}</a><span>{stats}</span></div></div></div>")
THUMB = ("<div style=\"height:160px;background:#f3f4f6 url('{src}') center/cover no-repeat;\">"
         "</div>")
EXCERPT = "<div style=\"font-size:14px;color:#4b5563;line-height:1.5;margin-bottom:12px;\">{text}</div>"


def _not_thread() -> RestResult:
    return error("jetonomy_oembed_not_found", "Not a Jetonomy thread URL.", 404)


def _no_thread() -> RestResult:
    return error("jetonomy_oembed_not_found", "Thread not found.", 404)


def _description(post: Post) -> str:
    text = collapse_ws(plain(post.content, post.content_plain))
    return text[:197] + "…" if len(text) > 200 else text


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _find(ctx: Ctx, url: str) -> tuple[Post, Space] | RestResult:
    """Resolve a topic URL to its post, or the 404 the live endpoint gives."""
    parts = urlsplit(url)
    if parts.netloc.lower() != urlsplit(ctx.origin).netloc.lower():
        return _not_thread()
    base = re.escape(ctx.ds.site.base_slug)
    m = re.match(f"^/{base}/s/([^/]+)/t/([^/]+)/?$", parts.path)
    if m is None:
        return _not_thread()
    for post in ctx.ds.posts_by_slug.get(m.group(2).lower(), []):
        space = ctx.ds.space_of(post)
        if space is None or post.status != "publish" or space.slug.lower() != m.group(1).lower():
            continue
        if ctx.viewer.can_read_post(post, space):
            return post, space
    return _no_thread()


def _body(ds: Dataset, post: Post, space: Space, kind: str, width: int) -> dict[str, Any]:
    author = ds.user(post.author_id)  # real author even for anonymous posts (live leak)
    home, base = "{home}", ds.site.base_slug
    out: dict[str, Any] = {
        "version": "1.0", "type": kind, "title": post.title,
        "author_name": author.display_name if author else "Anonymous",
        "author_url": profile_url(ds, author.login) if author else "",
        "provider_name": ds.site.name, "provider_url": f"{home}/", "cache_age": 3600,
    }
    desc = _description(post)
    if desc:
        out["description"] = desc
    thumb = first_image(post.content)
    if thumb:
        out.update(thumbnail_url=thumb, thumbnail_width=600, thumbnail_height=315)
    if kind == "rich":
        space_url = f"{home}/{base}/s/{space.slug}/"
        out.update(width=width, height=220, html=CARD.format(
            w=width, thumb=THUMB.format(src=esc_url(thumb)) if thumb else "",
            space_url=space_url, space_title=esc_html(space.title), url=f"{space_url}t/{post.slug}/",
            title=esc_html(post.title), excerpt=EXCERPT.format(text=esc_html(desc)) if desc else "",
            author_url=out["author_url"], avatar=esc_url(gravatar(author, 80)),
            author=esc_html(out["author_name"]),
            stats=f"{_plural(post.reply_count, 'reply', 'replies')} · "
                  f"{_plural(max(0, post.vote_score), 'vote', 'votes')}"))
    return out


def oembed(ctx: Ctx) -> RestResult:
    """``GET /oembed?url=…``: rich card or link; every miss is ``jetonomy_oembed_not_found``."""
    found = _find(ctx, ctx.values["url"])
    if isinstance(found, RestResult):
        return found
    post, space = found
    width = min(550, ctx.values["maxwidth"] or 550)
    body = _body(ctx.ds, post, space, ctx.values["type"], width)
    return RestResult(body, headers={"Cache-Control": "public, max-age=3600"})


OEMBED_ARGS = (
    Arg("url", type="string", required=True, uri=True),
    Arg("format", type="string", enum=("json",), default="json"),
    Arg("type", type="string", enum=("rich", "link"), default="rich"),
    Arg("maxwidth", default=550),
    Arg("maxheight", default=0),
)
ROUTES = [RestRoute("/jetonomy/v1/oembed", oembed, OEMBED_ARGS)]
