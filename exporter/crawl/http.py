"""The crawler's HTTP layer: one polite, resilient GET over an injected ``httpx.Client``.

Every request waits for the shared token bucket, checks robots.txt, and is retried with
exponential backoff + jitter on 429/502/503/504, timeouts, connection errors and truncated
or malformed JSON (``Retry-After`` honoured). Other 4xx are never retried: 400 is a bug,
401 ``community_private`` and 403 walls stop the crawl, the rest go to the caller.
"""

from __future__ import annotations

import email.utils
import json
import random
import time
from collections.abc import Callable
from typing import Any

import httpx

from ..errors import (AccessWallError, AuthError, BadResponseError, CommunityPrivateError,
                      CrawlError)
from .options import CrawlOptions
from .ratelimit import TokenBucket
from .robots import RobotsPolicy
from .stats import RequestStats

RETRY_STATUSES = frozenset({429, 502, 503, 504})


class ApiStatusError(BadResponseError):
    """An HTTP error status the caller did not expect (``status`` and WordPress ``code``)."""

    def __init__(self, url: str, status: int, code: str | None):
        super().__init__(f"{url} answered HTTP {status} {code or ''}".strip(),
                         "check the URL; run again to resume (saved data is kept)")
        self.url, self.status, self.code = url, status, code


class RobotsDisallowedError(CrawlError):
    default_fix = ("the site's robots.txt forbids this path to crawlers; ask the owner to allow "
                   "it (or to export for you) — jetonomy-export does not ignore robots.txt")


class _Retryable(Exception):
    def __init__(self, reason: str, delay: float | None = None, final: Exception | None = None):
        super().__init__(reason)
        self.reason, self.delay, self.final = reason, delay, final


def retry_after_seconds(value: str | None) -> float | None:
    """Parse ``Retry-After`` (seconds or an HTTP date) into seconds from now."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def error_code(resp: httpx.Response) -> str | None:
    """The WordPress error ``code`` of an error body, if any."""
    try:
        body = resp.json()
    except ValueError:
        return None
    return body.get("code") if isinstance(body, dict) else None


class Api:
    """GETs against one site. Thread-safe: workers share one instance."""

    def __init__(self, client: httpx.Client, options: CrawlOptions, stats: RequestStats | None = None,
                 robots: RobotsPolicy | None = None, bucket: TokenBucket | None = None,
                 sleep: Callable[[float], None] = time.sleep):
        self.client = client
        self.options = options
        self.stats = stats or RequestStats()
        self.robots = robots
        self.bucket = bucket or TokenBucket(options.rate)
        self._sleep = sleep
        self.api_root = ""  # set by discovery: ``{home}/wp-json/jetonomy/v1``
        self.auth: httpx.Auth | None = None  # set by the crawl when logged in

    def url(self, route: str) -> str:
        """Absolute URL of a ``jetonomy/v1`` route (``/spaces``)."""
        return self.api_root.rstrip("/") + route

    def robots_allow(self, url: str) -> bool:
        return self.robots is None or self.robots.allowed(url)

    # -- public calls -----------------------------------------------------------------

    def get_json(self, url: str, params: dict[str, Any] | None = None,
                 allow: tuple[int, ...] = (), retry_bad_json: bool = True) -> Any:
        """GET JSON. Returns ``None`` when the status is in ``allow``; raises otherwise."""
        resp, data = self._fetch(url, params, parse_json=True, retry_bad_json=retry_bad_json)
        if 200 <= resp.status_code < 300:
            return data
        if resp.status_code in allow:
            return None
        raise self._status_error(resp)

    def get_raw(self, url: str, params: dict[str, Any] | None = None,
                allow: tuple[int, ...] = ()) -> httpx.Response | None:
        """GET anything (HTML, robots.txt, XML, media bytes); ``None`` for allowed statuses."""
        resp, _ = self._fetch(url, params, parse_json=False, retry_bad_json=False)
        if 200 <= resp.status_code < 300:
            return resp
        if resp.status_code in allow:
            return None
        raise self._status_error(resp)

    # -- internals ----------------------------------------------------------------------

    def _fetch(self, url: str, params: dict[str, Any] | None, parse_json: bool,
               retry_bad_json: bool) -> tuple[httpx.Response, Any]:
        if not self.robots_allow(url):
            raise RobotsDisallowedError(f"robots.txt disallows {url} for {self.options.user_agent!r}")
        attempt = 0
        while True:
            try:
                return self._attempt(url, params, parse_json, retry_bad_json)
            except _Retryable as why:
                if attempt >= self.options.retries:
                    raise self._give_up(url, why, attempt + 1) from why.final
                attempt += 1
                self.stats.retry()
                self._sleep(self._backoff(attempt, why.delay))

    def _attempt(self, url: str, params: dict[str, Any] | None, parse_json: bool,
                 retry_bad_json: bool) -> tuple[httpx.Response, Any]:
        self.bucket.acquire()
        self.stats.count(url)
        try:
            if self.auth is None:
                resp = self.client.get(url, params=params)
            else:
                resp = self.client.get(url, params=params, auth=self.auth)
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise _Retryable(f"{type(exc).__name__}: {exc}", final=exc) from exc
        if resp.status_code in RETRY_STATUSES:
            delay = retry_after_seconds(resp.headers.get("Retry-After"))
            raise _Retryable(f"HTTP {resp.status_code}", delay)
        if not (parse_json and 200 <= resp.status_code < 300):
            return resp, None
        try:
            return resp, json.loads(resp.content)
        except ValueError as exc:
            if not retry_bad_json:
                raise BadResponseError(f"{url} did not answer with JSON ({exc})") from exc
            raise _Retryable(f"malformed JSON ({exc})", final=exc) from exc

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.options.max_retry_after)
        base = min(60.0, self.options.backoff * 2 ** (attempt - 1))
        return base * (1 + random.random() / 2)

    def _give_up(self, url: str, why: _Retryable, attempts: int) -> CrawlError:
        if why.reason.startswith("malformed JSON"):
            return BadResponseError(
                f"{url} answered with {why.reason} on all {attempts} attempts",
                "the server (or a proxy) is cutting or garbling answers; run again later to "
                "resume — saved data is kept")
        return CrawlError(f"giving up on {url} after {attempts} attempts: {why.reason}",
                          "the server is down, overloaded or rate-limiting; wait, lower --rate/"
                          "--concurrency and run again to resume — saved data is kept")

    def _status_error(self, resp: httpx.Response) -> Exception:
        url, status, code = str(resp.request.url), resp.status_code, error_code(resp)
        if status == 401 and code == "community_private":
            return CommunityPrivateError(f"{url}: the community is private (401 community_private)")
        if status == 403 and code == "rest_cookie_invalid_nonce":
            return AuthError(f"{url} answered 403 rest_cookie_invalid_nonce even with a fresh "
                             "nonce: the login cookie is wrong or has expired")
        if status == 403:
            return AccessWallError(
                f"{url} answered 403 {code or 'Forbidden'} for content that is public — the site "
                "is refusing this crawler (IP ban, firewall or WAF)")
        if status == 400:
            return BadResponseError(
                f"the API rejected {url} with 400 {code or ''}: jetonomy-export sent a request "
                "Jetonomy 1.9.3 does not accept (a bug, not retried)",
                "report this with the URL above; run again to resume after upgrading")
        return ApiStatusError(url, status, code)
