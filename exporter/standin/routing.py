"""The REST dispatcher: route table entries, per-request context, WordPress' dispatch order.

Order as WordPress + Jetonomy do it: route match (else ``rest_no_route``; also for Pro routes
whose feature is off) -> community-private gate -> argument validation -> handler.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from .dataset import Dataset
from .responses import RestResult, community_private, no_route
from .viewer import Viewer
from .wpargs import Arg, validate


@dataclass
class AppState:
    """Per-app mutable state: view counters (``GET /posts/{id}`` increments) and friends."""

    views: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)
    auth: Any = None  # a StandinAuth when the app accepts credentials

    def bump_view(self, post_id: int) -> int:
        """Count one more view of ``post_id``; return the increments so far."""
        with self.lock:
            self.views[post_id] += 1
            return self.views[post_id]


@dataclass
class Ctx:
    """Everything a handler may use for one request."""

    ds: Dataset
    viewer: Viewer
    state: AppState
    query: Mapping[str, str]
    path: dict[str, str]
    origin: str
    values: dict[str, Any] = field(default_factory=dict)
    request: Any = None

    def pid(self, name: str = "id") -> int:
        """An integer path parameter."""
        return int(self.path[name])


Handler = Callable[[Ctx], RestResult]


@dataclass(frozen=True)
class RestRoute:
    """One REST route: regex over the route path (``/jetonomy/v1/...``), handler, args."""

    pattern: str
    handler: Handler
    args: tuple[Arg, ...] = ()
    gated: bool = True
    pro: str | None = None
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(f"^{self.pattern}$", re.IGNORECASE))


def _pro_enabled(ds: Dataset, feature: str | None) -> bool:
    return feature is None or bool(ds.pro.get(feature))


def dispatch(routes: list[RestRoute], route_path: str, ctx: Ctx) -> RestResult:
    """Answer one REST request the way WordPress dispatches it."""
    path = route_path.rstrip("/") or "/"
    for route in routes:
        match = route.regex.match(path)
        if match is None or not _pro_enabled(ctx.ds, route.pro):
            continue
        if route.gated and not ctx.viewer.passes_gate(ctx.ds.site):
            return community_private()
        values, problem = validate(route.args, ctx.query)
        if problem is not None:
            return problem
        ctx.path = match.groupdict()
        ctx.values = values
        return route.handler(ctx)
    return no_route()
