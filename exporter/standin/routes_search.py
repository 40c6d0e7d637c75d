"""``GET /search`` (CONTRACT.md §6): params, scopes, filters, sorts and the exact row shapes.

Reproduces the live leaks on purpose (the crawler must mask them): reply rows carry
``is_anonymous`` and the real author fields of anonymous replies (only ``author_name`` is
masked), and private replies come with their full text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from . import serialize as ser
from .dataset import Dataset
from .lists import page, visible_posts
from .models import Post, Reply, Space, Tag
from .responses import RestResult, collection, error
from .routing import Ctx, RestRoute
from .search import FullText, fold, query_tokens
from .wpargs import Arg

TYPES = ("post", "reply", "space", "tag", "all")


@dataclass
class Filters:
    """Resolved filters; ``scoped`` makes a short/empty ``q`` legal (§6.2)."""

    space_id: int | None
    author_id: int | None
    tag: str | None
    date_from: str | None
    date_to: str | None

    @property
    def scoped(self) -> bool:
        return bool(self.space_id or self.author_id or self.tag)


def _resolve_author(ds: Dataset, text: str) -> int | None:
    """Exact login, else the first user whose display name / login / nicename contains it."""
    exact = ds.user_by_login(text)
    if exact:
        return exact.id
    needle = fold(text)
    for u in sorted(ds.users, key=lambda u: u.id):
        if not u.is_deleted and any(needle in fold(x) for x in (u.display_name, u.login, u.nicename)):
            return u.id
    return None


def _filters(ctx: Ctx) -> Filters:
    v = ctx.values
    author_id = v["author_id"]
    if not author_id and v["author"]:
        author_id = _resolve_author(ctx.ds, v["author"])
    return Filters(space_id=v["space_id"], author_id=author_id, tag=v["tag"] or None,
                   date_from=f"{v['date_from']} 00:00:00" if v["date_from"] else None,
                   date_to=f"{v['date_to']} 23:59:59" if v["date_to"] else None)


def _keep(f: Filters, created_at: str, author_id: int, anonymous: bool, space_id: int) -> bool:
    if f.space_id and space_id != f.space_id:
        return False
    if f.author_id and (anonymous or author_id != f.author_id):
        return False
    if f.date_from and created_at < f.date_from:
        return False
    return not (f.date_to and created_at > f.date_to)


def _post_index(ds: Dataset) -> FullText:
    return ds.cached(("ft", "posts"), lambda: FullText.build(
        (p.id, f"{p.title} {ser.plain(p.content, p.content_plain)}") for p in ds.posts))


def _reply_index(ds: Dataset) -> FullText:
    return ds.cached(("ft", "replies"), lambda: FullText.build(
        (r.id, ser.plain(r.content, r.content_plain)) for r in ds.replies))


def _post_texts(ds: Dataset) -> dict[int, tuple[str, ...]]:
    return ds.cached(("folded", "posts"), lambda: {
        p.id: (fold(p.title), fold(ser.plain(p.content, p.content_plain))) for p in ds.posts})


def _reply_texts(ds: Dataset) -> dict[int, tuple[str, ...]]:
    return ds.cached(("folded", "replies"), lambda: {
        r.id: (fold(ser.plain(r.content, r.content_plain)),) for r in ds.replies})


def _visible_post_map(ds: Dataset, ctx: Ctx) -> dict[int, Post]:
    return ds.cached(("visible_post_map", ctx.viewer.key),
                     lambda: {p.id: p for p in visible_posts(ds, ctx.viewer)})


def _matches(q: str, index: Callable[[], FullText], texts: Callable[[], dict[int, tuple[str, ...]]],
             pool: Iterable[int]) -> dict[int, float] | None:
    """doc -> score among ``pool`` for ``q`` (FULLTEXT or LIKE); None when ``q`` is empty."""
    if not q:
        return None
    tokens = query_tokens(q)
    if tokens:
        return index().match(tokens)
    folded, table = fold(q), texts()
    return {d: 0.0 for d in pool if any(folded in part for part in table.get(d, ()))}


def post_hits(ctx: Ctx, q: str, f: Filters, sort: str) -> list[Post]:
    """Matching visible posts in the requested order."""
    ds = ctx.ds
    visible = _visible_post_map(ds, ctx)
    scores = _matches(q, lambda: _post_index(ds), lambda: _post_texts(ds), visible)
    ids = visible.keys() if scores is None else (d for d in scores if d in visible)
    pool = [visible[d] for d in ids]
    pool = [p for p in pool if _keep(f, p.created_at, p.author_id, p.is_anonymous, p.space_id)]
    if f.tag:
        tag = ds.tags_by_slug.get(f.tag)
        tagged = set(ds.posts_by_tag.get(tag.id, ())) if tag else set()
        pool = [p for p in pool if p.id in tagged]
    if sort == "votes":
        return sorted(pool, key=lambda p: (p.vote_score, p.id), reverse=True)
    if sort == "relevance" and scores and query_tokens(q):
        return sorted(pool, key=lambda p: (scores[p.id], p.created_at, p.id), reverse=True)
    return sorted(pool, key=lambda p: (p.created_at, p.id), reverse=True)


def reply_hits(ctx: Ctx, q: str, f: Filters) -> list[tuple[Reply, float]]:
    """Matching published replies of visible posts (private replies included: live leak)."""
    ds = ctx.ds
    posts = _visible_post_map(ds, ctx)

    def ok(r: Reply) -> bool:
        post = posts.get(r.post_id)
        return (post is not None and r.status == "publish"
                and _keep(f, r.created_at, r.author_id, r.is_anonymous, post.space_id))

    scores = _matches(q, lambda: _reply_index(ds), lambda: _reply_texts(ds), ds.replies_by_id)
    if scores is None:
        pool, scores = [r for r in ds.replies if ok(r)], {}
    else:
        pool = [ds.replies_by_id[d] for d in scores if d in ds.replies_by_id and ok(ds.replies_by_id[d])]
    ranked = sorted(pool, key=lambda r: (scores.get(r.id, 0.0), r.created_at, r.id), reverse=True)
    return [(r, scores.get(r.id, 0.0)) for r in ranked]


def space_hits(ctx: Ctx, q: str) -> list[Space]:
    """Listable spaces whose title or description contains ``q``; id order."""
    needle = fold(q)
    return [s for s in sorted(ctx.ds.spaces, key=lambda s: s.id) if ctx.viewer.can_list_space(s)
            and (needle in fold(s.title) or needle in fold(s.description))]


def tag_hits(ctx: Ctx, q: str) -> list[Tag]:
    """Tags whose name contains ``q``, by ``post_count`` desc."""
    needle = fold(q)
    rows = [t for t in ctx.ds.tags if needle in fold(t.name)]
    return sorted(rows, key=lambda t: (-ctx.ds.tag_post_count.get(t.id, 0), t.id))


def _num(key: str, value: Any) -> Any:
    """Cast a raw reply column by name, as the plugin does; everything else a string."""
    if value is None:
        return None
    if key == "id" or key.endswith(("_id", "_count", "_score")) or key.startswith("is_"):
        return int(value)
    return str(value)


def reply_row(ds: Dataset, reply: Reply, score: float) -> dict[str, Any]:
    """The enriched raw reply row of ``type=reply`` (real author of anonymous replies leaks)."""
    raw = {"id": reply.id, "post_id": reply.post_id, "parent_id": reply.parent_id or None,
           "author_id": reply.author_id, "is_anonymous": reply.is_anonymous,
           "is_private": reply.is_private, "content": reply.content,
           "content_plain": ser.plain(reply.content, reply.content_plain), "status": reply.status,
           "vote_score": reply.vote_score, "is_accepted": reply.is_accepted,
           "edited_at": reply.edited_at, "edited_by": reply.edited_by,
           "created_at": reply.created_at, "match_score": score}
    row = {k: _num(k, v) for k, v in raw.items()}
    user = ds.user(reply.author_id)
    row.update({
        "author_name": "Anonymous" if reply.is_anonymous else (user.display_name if user else "[deleted]"),
        "author_avatar": (user.avatar_url or "") if user else "",
        "author_login": user.login if user else "", "trust_level": user.trust_level if user else 0,
        "reputation": user.reputation if user else 0,
        "profile_url": ser.profile_url(ds, user.login) if user else "",
        "author_last_seen_at": user.last_seen_at if user else None, "type": "reply"})
    return row


def hits(ctx: Ctx, kind: str, q: str, f: Filters) -> list[Any]:
    """All matches of one result type, cached per query until the dataset changes."""
    sort = ctx.values["sort"] if kind == "post" else ""
    key = ("search", ctx.viewer.key, kind, q, f.space_id, f.author_id, f.tag, f.date_from, f.date_to, sort)
    build = {"post": lambda: post_hits(ctx, q, f, sort), "reply": lambda: reply_hits(ctx, q, f),
             "space": lambda: space_hits(ctx, q), "tag": lambda: tag_hits(ctx, q)}[kind]
    return ctx.ds.cached(key, build)


def _typed_rows(ctx: Ctx, kind: str, q: str, f: Filters) -> tuple[list[Any], Any]:
    """(all matches, serializer) of one result type."""
    ds = ctx.ds
    rows = hits(ctx, kind, q, f)
    if kind == "post":
        return rows, lambda p: {**ser.post_obj(ds, p, viewer=ctx.viewer), "type": "post"}
    if kind == "reply":
        return rows, lambda rs: reply_row(ds, rs[0], rs[1])
    if kind == "space":
        return rows, lambda s: {**ser.space_obj(ds, s, ctx.viewer), "type": "space"}
    return rows, lambda t: {"id": t.id, "name": t.name, "slug": t.slug,
                                        "post_count": ds.tag_post_count.get(t.id, 0), "type": "tag"}


def _all(ctx: Ctx, q: str, f: Filters, limit: int, offset: int) -> RestResult:
    """``type=all``: posts paged, first 20 spaces, first 10 raw tag rows."""
    ds = ctx.ds
    posts = hits(ctx, "post", q, f)
    spaces, tags = hits(ctx, "space", q, f), hits(ctx, "tag", q, f)
    body = {"data": {"posts": [{**ser.post_obj(ds, p, viewer=ctx.viewer), "type": "post"} for p in page(posts, offset, limit)],
                     "spaces": [{**ser.space_obj(ds, s, ctx.viewer), "type": "space"} for s in spaces[:20]],
                     "tags": [ser.tag_raw(ds, t) for t in tags[:10]]},
            "meta": {"total": len(posts), "totals": {"posts": len(posts), "spaces": len(spaces),
                                                     "tags": len(tags)},
                     "offset": offset, "has_more": offset + limit < len(posts)}}
    return RestResult(body, total=len(posts), total_pages=math.ceil(len(posts) / limit))


def _intval(raw: str | None) -> int:
    """PHP ``intval`` of an undeclared parameter (``after`` on /search)."""
    try:
        return int(float((raw or "0").strip()))
    except ValueError:
        return 0


def search(ctx: Ctx) -> RestResult:
    """``GET /search``."""
    v = ctx.values
    q = (v["q"] or "").strip()
    f = _filters(ctx)
    if len(q.encode("utf-8")) < 2:
        if not f.scoped:
            return error("jetonomy_validation", "Search query must be at least 2 characters.", 400)
        q = ""
    limit = v["limit"] or v["per_page"] or 20
    after = _intval(ctx.query.get("after"))
    offset = after if after > 0 else v["offset"]
    if v["type"] == "all":
        return _all(ctx, q, f, limit, offset)
    rows, to_json = _typed_rows(ctx, v["type"], q, f)
    return collection([to_json(r) for r in page(rows, offset, limit)], total=len(rows),
                      offset=offset, limit=limit, pages=True)


SEARCH_ARGS = (
    Arg("q", type="string", default=""), Arg("type", type="string", enum=TYPES, default="post"),
    Arg("space_id", minimum=1), Arg("date_from", type="string"), Arg("date_to", type="string"),
    Arg("author_id", minimum=1), Arg("author", type="string"), Arg("tag", type="string"),
    Arg("sort", type="string", enum=("relevance", "newest", "votes"), default="relevance"),
    Arg("limit", minimum=1, maximum=50), Arg("offset", minimum=0, default=0),
    Arg("per_page", minimum=1, maximum=50),
)

ROUTES = [RestRoute("/jetonomy/v1/search", search, SEARCH_ARGS)]
