"""Request parameters of ``GET /jetonomy/v1/search`` validated the way WordPress does.

WordPress checks each declared argument that is present, in declaration order, against the
route schema (``type``, ``enum``, ``minimum``/``maximum``) and answers
``400 rest_invalid_param`` listing every bad one; then the Jetonomy handler reads the values
with PHP truthiness (``"0"`` and ``""`` are "not sent"). CONTRACT.md §6.1, §1.4.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PHP_INT_MAX = 2**63 - 1
TYPES = ("post", "reply", "space", "tag", "all")
SORTS = ("relevance", "newest", "votes")
_PHP_NUMERIC = re.compile(r"^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$")
_PHP_INT_PREFIX = re.compile(r"^[ \t\n\r\v\f]*([+-]?\d+)")
_PHP_TRIM = " \t\n\r\0\x0b"


class ParamError(Exception):
    """A WordPress REST error: ``status`` and the JSON ``body`` to send."""

    def __init__(self, status: int, body: dict[str, Any]):
        super().__init__(body.get("message", ""))
        self.status = status
        self.body = body


@dataclass(frozen=True)
class SearchParams:
    """A validated request, values as the live handler sees them."""

    q: str
    type: str
    space_id: int
    author_id: int
    author: str
    tag: str
    date_from: str
    date_to: str
    sort: str
    limit: int
    offset: int


def php_numeric_to_int(value: str) -> int | None:
    """WordPress ``rest_is_integer`` + ``(int)`` cast: ``None`` when not an integer."""
    if not _PHP_NUMERIC.match(value):
        return None
    number = float(value)
    if math.isinf(number) or math.isnan(number) or round(number) != number:
        return None if not math.isinf(number) else (PHP_INT_MAX if number > 0 else -PHP_INT_MAX - 1)
    try:
        exact = int(value.strip())
    except ValueError:
        exact = int(number)
    return max(-PHP_INT_MAX - 1, min(PHP_INT_MAX, exact))


def php_intval(value: str | None) -> int:
    """PHP ``(int)`` of a request string: leading integer prefix, else 0."""
    match = _PHP_INT_PREFIX.match(value or "")
    return max(-PHP_INT_MAX - 1, min(PHP_INT_MAX, int(match.group(1)))) if match else 0


def php_trim(value: str) -> str:
    return value.strip(_PHP_TRIM)


def _truthy(value: str | None) -> bool:
    return value not in (None, "", "0")


def _enum_list(values: tuple[str, ...]) -> str:
    """WordPress ``wp_sprintf('%l')``: ``a, b, and c``."""
    if len(values) <= 2:
        return " and ".join(values)
    return ", ".join(values[:-1]) + ", and " + values[-1]


def _check_int(name: str, raw: str, low: int, high: int | None) -> tuple[str, str, Any] | None:
    number = php_numeric_to_int(raw)
    if number is None:
        return "rest_invalid_type", f"{name} is not of type integer.", {"param": name}
    if high is not None and not low <= number <= high:
        return "rest_out_of_bounds", f"{name} must be between {low} (inclusive) and {high} (inclusive)", None
    if number < low:
        return "rest_out_of_bounds", f"{name} must be greater than or equal to {low}", None
    return None


def _check_enum(name: str, raw: str, values: tuple[str, ...]) -> tuple[str, str, Any] | None:
    if raw in values:
        return None
    return "rest_not_in_enum", f"{name} is not one of {_enum_list(values)}.", None


_CHECKS: tuple[tuple[str, Any], ...] = (
    ("type", lambda raw: _check_enum("type", raw, TYPES)),
    ("space_id", lambda raw: _check_int("space_id", raw, 1, None)),
    ("author_id", lambda raw: _check_int("author_id", raw, 1, None)),
    ("sort", lambda raw: _check_enum("sort", raw, SORTS)),
    ("limit", lambda raw: _check_int("limit", raw, 1, 50)),
    ("offset", lambda raw: _check_int("offset", raw, 0, None)),
    ("per_page", lambda raw: _check_int("per_page", raw, 1, 50)),
)


def _validate(params: Mapping[str, str]) -> None:
    bad: dict[str, tuple[str, str, Any]] = {}
    for name, check in _CHECKS:
        if name in params:
            problem = check(params[name])
            if problem is not None:
                bad[name] = problem
    if bad:
        raise ParamError(400, {
            "code": "rest_invalid_param",
            "message": "Invalid parameter(s): " + ", ".join(bad),
            "data": {"status": 400,
                     "params": {k: v[1] for k, v in bad.items()},
                     "details": {k: {"code": v[0], "message": v[1], "data": v[2]}
                                 for k, v in bad.items()}}})


def parse_params(params: Mapping[str, str]) -> SearchParams:
    """Validate and normalise; raise :class:`ParamError` with the WordPress error body."""
    _validate(params)

    def num(name: str) -> int:
        raw = params.get(name)
        return php_numeric_to_int(raw) or 0 if _truthy(raw) else 0

    limit = num("limit") if "limit" in params else num("per_page") if "per_page" in params else 20
    after = php_intval(params.get("after"))
    return SearchParams(
        q=php_trim(params.get("q", "")), type=params.get("type", "post"),
        space_id=num("space_id"), author_id=num("author_id"),
        author=params.get("author", "") if _truthy(params.get("author")) else "",
        tag=params.get("tag", "") if _truthy(params.get("tag")) else "",
        date_from=params.get("date_from", "") if _truthy(params.get("date_from")) else "",
        date_to=params.get("date_to", "") if _truthy(params.get("date_to")) else "",
        sort=params.get("sort", "relevance"), limit=limit,
        offset=after if after > 0 else num("offset"))


def short_query_error() -> ParamError:
    return ParamError(400, {"code": "jetonomy_validation",
                            "message": "Search query must be at least 2 characters.",
                            "data": {"status": 400}})
