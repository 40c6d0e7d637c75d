"""The offline ``GET /wp-json/jetonomy/v1/search`` (CONTRACT.md §6): a pure function.

``search(index, params) -> (status, headers, body)`` where ``body`` is the JSON-ready object
Jetonomy 1.9.3 would send for the same query string (errors included), over the index's data.
It never raises for bad input: anything a client can send yields a WordPress error or a
(possibly empty) result.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from .execute import find, payloads, resolve_author
from .params import ParamError, SearchParams, parse_params, short_query_error
from .query import Match, match_for
from .reader import SearchIndex, _Open

Response = tuple[int, dict[str, str], Any]
BASE_HEADERS = {"Content-Type": "application/json; charset=UTF-8", "X-Robots-Tag": "noindex"}
ALL_SPACES, ALL_TAGS = 20, 10
_MAX_Q_BYTES = 10_000


def search(index: SearchIndex, params: Mapping[str, str]) -> Response:
    """Answer one ``/search`` request (``params``: the decoded query string, last value wins)."""
    try:
        p = parse_params(_clean(params))
        with index.session() as o:
            p = _resolve_scope(o, p)
            return _answer(o, p)
    except ParamError as err:
        return err.status, dict(BASE_HEADERS), err.body


def _clean(params: Mapping[str, str]) -> dict[str, str]:
    """Make every key and value valid Unicode (lone surrogates → U+FFFD)."""
    def fix(text: object) -> str:
        return str(text).encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return {fix(k): fix(v) for k, v in params.items()}


def _resolve_scope(o: _Open, p: SearchParams) -> SearchParams:
    """Apply ``author`` resolution and the minimum-length/scope rule of §6.2."""
    if not p.author_id and p.author:
        p = dataclasses.replace(p, author_id=resolve_author(o, p.author))
    scoped = bool(p.space_id or p.author_id or p.tag)
    if len(p.q.encode("utf-8", "surrogatepass")) < 2:
        if not scoped:
            raise short_query_error()
        p = dataclasses.replace(p, q="")
    return p


def _match(kind: str, q: str) -> Match:
    if kind in ("post", "reply") and len(q.encode("utf-8", "surrogatepass")) > _MAX_Q_BYTES:
        return Match("none")  # a 10 kB query is not a search; answer fast and empty
    return match_for(kind, q)


def _need(p: SearchParams) -> int:
    """How many rows in order a page needs (``offset`` can be huge: cap it)."""
    return min(p.offset, 2**62) + p.limit


def _answer(o: _Open, p: SearchParams) -> Response:
    if p.type == "all":
        return _grouped(o, p)
    hits = find(o, p.type, p, _match(p.type, p.q), _need(p))
    scores = hits.page_scores(p.offset, p.limit)
    rows = [_row(p.type, r, scores) for r in payloads(o, p.type, hits.page(p.offset, p.limit))]
    return 200, _headers(hits.total, p.limit), {"data": rows, "meta": _meta(len(rows), hits.total, p.offset)}


def _row(kind: str, payload: dict[str, Any], scores: dict[int, float]) -> dict[str, Any]:
    if kind == "reply":
        return {**payload, "match_score": int(scores.get(payload["id"], 0))}
    if kind == "tag":
        return typed_tag(payload)
    return payload


def typed_tag(raw: dict[str, Any]) -> dict[str, Any]:
    """``/search?type=tag`` normalises the raw string row's numbers and adds ``type``."""
    def num(value: Any) -> int:
        try:
            return int(value)
        except (TypeError, ValueError):
            return 0
    return {"id": num(raw.get("id")), "name": raw.get("name"), "slug": raw.get("slug"),
            "post_count": num(raw.get("post_count")), "type": "tag"}


def _meta(count: int, total: int, offset: int) -> dict[str, Any]:
    has_more = offset + count < total
    return {"count": count, "has_more": has_more,
            "cursor_next": offset + count if has_more else None, "total": total, "offset": offset}


def _headers(total: int, limit: int) -> dict[str, str]:
    pages = math.ceil(total / limit) if limit > 0 else 0
    return {**BASE_HEADERS, "X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}


def _grouped(o: _Open, p: SearchParams) -> Response:
    """``type=all`` (§6.5): posts paged; first 20 spaces; first 10 raw tag rows."""
    posts = find(o, "post", p, _match("post", p.q), _need(p))
    spaces = find(o, "space", p, _match("space", p.q), ALL_SPACES)
    tags = find(o, "tag", p, _match("tag", p.q), ALL_TAGS)
    page = posts.page(p.offset, p.limit)
    body = {"data": {"posts": payloads(o, "post", page),
                     "spaces": payloads(o, "space", spaces.page(0, ALL_SPACES)),
                     "tags": payloads(o, "tag", tags.page(0, ALL_TAGS))},
            "meta": {"total": posts.total,
                     "totals": {"posts": posts.total, "spaces": spaces.total, "tags": tags.total},
                     "offset": p.offset, "has_more": p.offset + len(page) < posts.total}}
    return 200, _headers(posts.total, p.limit), body
