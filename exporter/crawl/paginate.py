"""The one pagination rule of the crawler (CONTRACT.md §1.3, §9.1).

Jetonomy lists are offset-based: ``after`` is only an offset alias, ``cursor_next`` repeats
and ``has_more`` can stay true forever on reply lists. So: send ``limit`` + ``offset``, stop
on a short or empty page, never on ``has_more`` alone, and dedupe rows by key across pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import BadResponseError
from .http import Api

Row = dict[str, Any]


@dataclass
class Page:
    """One page: ``offset`` requested, ``rows`` not seen on earlier pages, the raw ``meta``."""

    offset: int
    rows: list[Row]
    meta: dict[str, Any] = field(default_factory=dict)
    received: int = 0


def envelope_rows(body: Any, url: str) -> tuple[list[Row], dict[str, Any]]:
    """``data`` + ``meta`` of a collection envelope, or a bare array (privileged members)."""
    if isinstance(body, list):
        return body, {}
    if isinstance(body, dict) and isinstance(body.get("data"), list):
        meta = body.get("meta")
        return body["data"], meta if isinstance(meta, dict) else {}
    raise BadResponseError(f"{url} did not answer with a Jetonomy list envelope",
                           "check that the URL is a Jetonomy site; run again to resume")


def id_key(row: Row) -> Any:
    return str(row.get("id"))


def user_key(row: Row) -> Any:
    return str(row.get("user_id"))


def paginate(api: Api, url: str, params: dict[str, Any] | None, limit: int,
             start: int = 0, key: Callable[[Row], Any] = id_key,
             allow_missing: bool = False) -> Iterator[Page]:
    """Yield pages of ``url`` from offset ``start`` until a short or empty page.

    A full page made only of rows already seen means the server ignored ``offset``
    (``/tags``): stop rather than loop. ``allow_missing`` turns a 404 into an empty list.
    """
    seen: set[Any] = set()
    offset = start
    while True:
        body = api.get_json(url, {**(params or {}), "limit": limit, "offset": offset},
                            allow=(404,) if allow_missing else ())
        if body is None:
            return
        rows, meta = envelope_rows(body, url)
        fresh = [r for r in rows if key(r) not in seen]
        seen.update(key(r) for r in fresh)
        yield Page(offset, fresh, meta, len(rows))
        if len(rows) < limit or not fresh:
            return
        offset += len(rows)


def collect(pages: Iterator[Page]) -> list[Row]:
    """All rows of all pages, in order."""
    return [row for page in pages for row in page.rows]
