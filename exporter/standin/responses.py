"""REST answers: the collection envelope, WordPress error objects and the headers WordPress sends.

Handlers return a ``RestResult``; ``render`` turns it into bytes with ``{home}`` replaced by the
request's origin and the headers of the captured samples (``X-WP-Total`` only when the route
passes a total, ``X-WP-TotalPages`` only on routes that send it, ``Allow: GET`` when a route
matched and its permission check passed).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from starlette.responses import Response

JSON_TYPE = "application/json; charset=UTF-8"
FORBIDDEN = "You do not have permission to perform this action."


@dataclass
class RestResult:
    """What a REST handler answers, before headers and ``{home}`` substitution."""

    body: Any
    status: int = 200
    total: int | None = None
    total_pages: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    allow: bool = True


def error(code: str, message: str, status: int, *, allow: bool = True, **data: Any) -> RestResult:
    """A WordPress error object ``{code, message, data: {status, ...}}``."""
    return RestResult({"code": code, "message": message, "data": {"status": status, **data}},
                      status=status, allow=allow)


def forbidden() -> RestResult:
    return error("jetonomy_forbidden", FORBIDDEN, 403)


def not_found(what: str) -> RestResult:
    return error("jetonomy_not_found", f"{what} not found.", 404)


def unauthorized() -> RestResult:
    return error("jetonomy_unauthorized", "You must be logged in.", 401)


def no_route() -> RestResult:
    return error("rest_no_route", "No route was found matching the URL and request method.", 404,
                 allow=False)


def community_private() -> RestResult:
    return error("community_private", "This community is private. Please log in to view content.",
                 401, allow=False)


def meta(count: int, total: int | None, offset: int | None) -> dict[str, Any]:
    """The shared envelope meta (§1.2); ``offset=None`` leaves the key out (categories)."""
    has_more = total is not None and (offset or 0) + count < total
    out: dict[str, Any] = {"count": count, "has_more": has_more,
                           "cursor_next": (offset or 0) + count if has_more else None}
    if total is not None:
        out["total"] = total
    if offset is not None:
        out["offset"] = offset
    return out


def collection(rows: list[Any], *, total: int, offset: int | None, limit: int | None = None,
               pages: bool = False, extra_meta: dict[str, Any] | None = None) -> RestResult:
    """An envelope answer with ``X-WP-Total`` (+ ``X-WP-TotalPages`` when ``pages``)."""
    body = {"data": rows, "meta": {**meta(len(rows), total, offset), **(extra_meta or {})}}
    total_pages = math.ceil(total / limit) if pages and limit else (0 if pages else None)
    return RestResult(body, total=total, total_pages=total_pages)


def rest_headers(origin: str, result: RestResult) -> dict[str, str]:
    """The header set of a WordPress REST answer (see samples/*.headers.txt)."""
    headers = {
        "Content-Type": JSON_TYPE,
        "X-Robots-Tag": "noindex",
        "Link": f'<{origin}/wp-json/>; rel="https://api.w.org/"',
        "X-Content-Type-Options": "nosniff",
        "Access-Control-Expose-Headers": "X-WP-Total, X-WP-TotalPages, Link",
        "Access-Control-Allow-Headers": ("Authorization, X-WP-Nonce, Content-Disposition, "
                                         "Content-MD5, Content-Type"),
    }
    headers.update(result.headers)
    if result.total is not None:
        headers["X-WP-Total"] = str(result.total)
    if result.total_pages is not None:
        headers["X-WP-TotalPages"] = str(result.total_pages)
    if result.allow:
        headers["Allow"] = "GET"
    headers["Vary"] = "Origin"
    return headers


def encode(body: Any, origin: str) -> bytes:
    """JSON bytes with every ``{home}`` placeholder replaced by ``origin``."""
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return text.replace("{home}", origin).encode("utf-8")


def render(result: RestResult, origin: str) -> Response:
    """A Starlette response for a REST result."""
    headers = rest_headers(origin, result)
    media_type = headers.pop("Content-Type")
    return Response(encode(result.body, origin), status_code=result.status, headers=headers,
                    media_type=media_type)
