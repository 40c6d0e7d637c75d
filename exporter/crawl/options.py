"""Typed crawl options, validated before any long work starts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import __version__
from ..errors import ConfigError
from .credentials import Credentials

PROJECT_URL = "https://github.com/jetonomy-export/jetonomy-export"
DEFAULT_USER_AGENT = f"jetonomy-export/{__version__} (+{PROJECT_URL})"

# Politeness advice (CONTRACT.md §7.1): 1-2 concurrent requests, >= 250 ms between requests
# (``--rate 4``) against a live site. The default below is safe on loopback and gentle enough
# for a small shared host; lower it for production forums.
DEFAULT_RATE = 8.0

_SLUG = re.compile(r"^[A-Za-z0-9._~%-]+$")


@dataclass(frozen=True)
class CrawlOptions:
    """Everything a crawl can be told. ``rate`` is requests/second (0 = unlimited)."""

    concurrency: int = 2
    rate: float = DEFAULT_RATE
    user_agent: str = DEFAULT_USER_AGENT
    retries: int = 5
    timeout: float = 30.0
    backoff: float = 0.5
    max_retry_after: float = 120.0
    base_slug: str | None = None
    fetch_external_media: bool = False
    fetch_media: bool = True
    update: bool = False
    full: bool = False
    replies_per_page: int = 30
    overlap_minutes: int = 10
    credentials: Credentials | None = None  # its repr never shows a secret
    allow_member_view: bool = False
    probe_limit: int = 2000  # max unlisted post ids probed with GET /posts/{id} (logged in)

    @property
    def mode(self) -> str:
        """``update`` for a cheap incremental run, else ``full``."""
        return "update" if self.update and not self.full else "full"

    def validate(self) -> CrawlOptions:
        """Raise :class:`ConfigError` naming the first bad option; return self."""
        _check(1 <= self.concurrency <= 32, "--concurrency must be between 1 and 32")
        _check(self.rate >= 0, "--rate must be 0 (unlimited) or a positive number of requests/s")
        _check(0 <= self.retries <= 20, "--retries must be between 0 and 20")
        _check(self.timeout > 0, "--timeout must be a positive number of seconds")
        _check(self.backoff >= 0 and self.max_retry_after >= 0, "backoff times cannot be negative")
        _check(bool(self.user_agent.strip()), "--user-agent cannot be empty")
        _check(self.base_slug is None or bool(_SLUG.match(self.base_slug.strip("/"))),
               f"--base-slug {self.base_slug!r} is not a URL path segment (e.g. community)")
        _check(1 <= self.replies_per_page <= 1000, "replies per page must be between 1 and 1000")
        _check(0 <= self.overlap_minutes <= 24 * 60, "overlap must be between 0 and 1440 minutes")
        _check(0 <= self.probe_limit <= 1_000_000, "--probe-limit must be between 0 and 1000000")
        return self


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise ConfigError(message)
