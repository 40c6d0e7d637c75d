"""WordPress REST argument validation with WordPress' exact error bodies.

A route declares its ``Arg``s (as registered by Jetonomy 1.9.3, see the namespace index);
``validate`` returns the typed values or the ``400`` WordPress sends
(``rest_missing_callback_param`` first, then ``rest_invalid_param`` with params/details).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

from .responses import RestResult, error


@dataclass(frozen=True, slots=True)
class Arg:
    """One declared REST argument."""

    name: str
    type: str = "integer"
    minimum: int | None = None
    maximum: int | None = None
    enum: tuple[str, ...] | None = None
    required: bool = False
    default: Any = None
    uri: bool = False


def _list_l(items: tuple[str, ...]) -> str:
    """WordPress ``wp_sprintf_l``: "a", "a and b", "a, b, and c"."""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} and {items[1]}"
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _as_int(raw: str) -> int | None:
    try:
        value = float(raw.strip())
    except ValueError:
        return None
    if math.isnan(value) or math.isinf(value) or value != round(value):
        return None
    return int(value)


def _bounds_message(arg: Arg) -> str:
    if arg.minimum is not None and arg.maximum is not None:
        return (f"{arg.name} must be between {arg.minimum} (inclusive) and "
                f"{arg.maximum} (inclusive)")
    if arg.minimum is not None:
        return f"{arg.name} must be greater than or equal to {arg.minimum}"
    return f"{arg.name} must be less than or equal to {arg.maximum}"


def _check(arg: Arg, raw: str) -> tuple[Any, tuple[str, str, Any] | None]:
    """(value, None) or (None, (code, message, data)) for one supplied argument."""
    if arg.type == "integer":
        value = _as_int(raw)
        if value is None:
            return None, ("rest_invalid_type", f"{arg.name} is not of type integer.", {"param": arg.name})
        low_bad = arg.minimum is not None and value < arg.minimum
        high_bad = arg.maximum is not None and value > arg.maximum
        if low_bad or high_bad:
            return None, ("rest_out_of_bounds", _bounds_message(arg), None)
        return value, None
    if arg.type == "boolean":
        low = raw.strip().lower()
        if low not in ("true", "false", "1", "0", ""):
            return None, ("rest_invalid_type", f"{arg.name} is not of type boolean.", {"param": arg.name})
        return low in ("true", "1"), None
    if arg.enum is not None and raw not in arg.enum:
        return None, ("rest_not_in_enum", f"{arg.name} is not one of {_list_l(arg.enum)}.", None)
    if arg.uri and not (raw.startswith(("http://", "https://")) and len(raw) > 8):
        return None, ("rest_invalid_uri", f"{arg.name} is not a valid URI.", None)
    return raw, None


def validate(args: tuple[Arg, ...], query: Mapping[str, str]) -> tuple[dict[str, Any], RestResult | None]:
    """Typed values of ``args`` from ``query`` (defaults applied), or WordPress' 400 answer."""
    missing = [a.name for a in args if a.required and a.name not in query]
    if missing:
        return {}, error("rest_missing_callback_param", f"Missing parameter(s): {', '.join(missing)}",
                         400, params=missing)
    values: dict[str, Any] = {}
    problems: dict[str, tuple[str, str, Any]] = {}
    for arg in args:
        if arg.name not in query:
            values[arg.name] = arg.default
            continue
        value, problem = _check(arg, query[arg.name])
        if problem:
            problems[arg.name] = problem
        values[arg.name] = value
    if problems:
        params = {name: p[1] for name, p in problems.items()}
        details = {name: {"code": p[0], "message": p[1], "data": p[2]} for name, p in problems.items()}
        return {}, error("rest_invalid_param", f"Invalid parameter(s): {', '.join(problems)}", 400,
                         params=params, details=details)
    return values, None


# The shared list schema Jetonomy registers on most collection routes.
def list_args(*, sort: tuple[str, ...] = ("latest", "popular", "oldest", "newest"),
              default_sort: str = "latest", max_limit: int = 100) -> tuple[Arg, ...]:
    """``limit``/``after``/``before``/``offset``/``sort`` as the plugin's ``get_list_args``."""
    return (
        Arg("limit", minimum=1, maximum=max_limit),
        Arg("after", default=0),
        Arg("before", default=0),
        Arg("offset", minimum=0, default=0),
        Arg("sort", type="string", enum=sort, default=default_sort),
    )


def page_offset(values: Mapping[str, Any]) -> int:
    """``after`` is an alias of ``offset`` that wins when > 0 (§1.3)."""
    after = values.get("after") or 0
    return after if after > 0 else (values.get("offset") or 0)
