"""Thread-safe request counters of one crawl (what the summary table shows)."""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

_DIGITS = re.compile(r"/\d+(?=/|$)")


def route_key(url: str) -> str:
    """A request's route family, e.g. ``/jetonomy/v1/posts/{id}/replies`` or ``media``."""
    parts = urlsplit(url)
    rest_route = parse_qs(parts.query).get("rest_route")
    path = rest_route[0] if rest_route else parts.path
    if "/wp-json" in path:
        path = path.split("/wp-json", 1)[1] or "/"
    elif "/wp-content/" in path or "/wp-includes/" in path:
        return "media"
    return _DIGITS.sub("/{id}", path) or "/"


@dataclass
class RequestStats:
    """Requests made (every attempt counts), retries, and per-route counts."""

    requests: int = 0
    retries: int = 0
    per_route: Counter = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, url: str) -> None:
        with self._lock:
            self.requests += 1
            self.per_route[route_key(url)] += 1

    def retry(self) -> None:
        with self._lock:
            self.retries += 1
