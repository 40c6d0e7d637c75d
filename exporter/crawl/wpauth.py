"""The httpx ``Auth`` that logs the crawler in: Basic, or cookie + nonce with refresh.

Credentials go only to the site's own origin (media on other hosts get none). With cookie
auth, a ``403 rest_cookie_invalid_nonce`` (the nonce expired) is answered by fetching a fresh
nonce from ``GET /jetonomy/v1/auth/nonce`` (cookie only) and retrying the request once.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Generator
from urllib.parse import urlsplit

import httpx

from .credentials import Credentials

BAD_NONCE = "rest_cookie_invalid_nonce"


def origin(url: str | httpx.URL) -> tuple[str, str, int | None]:
    """(scheme, host, port) with default ports filled in."""
    parts = urlsplit(str(url))
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


def nonce_url(url: httpx.URL) -> httpx.URL:
    """The ``/auth/nonce`` route of the REST API a request went to."""
    path = url.path
    if "/wp-json/" in path:
        root = path.split("/wp-json/", 1)[0]
        return url.copy_with(path=f"{root}/wp-json/jetonomy/v1/auth/nonce", query=None)
    return url.copy_with(path=url.path or "/", query=b"rest_route=/jetonomy/v1/auth/nonce")


def is_bad_nonce(response: httpx.Response) -> bool:
    if response.status_code != 403:
        return False
    try:
        body = json.loads(response.content)
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("code") == BAD_NONCE


class WordPressAuth(httpx.Auth):
    """Adds the credentials to same-site requests; refreshes an expired nonce."""

    requires_response_body = True

    def __init__(self, creds: Credentials, home: str):
        self.creds = creds
        self.site = origin(home)
        self._nonce = creds.nonce
        self._lock = threading.Lock()
        self.refreshes = 0

    def __repr__(self) -> str:
        return f"WordPressAuth({self.creds!r})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if origin(request.url) != self.site:
            yield request
            return
        if self.creds.kind == "basic":
            token = f"{self.creds.login}:{self.creds.password}".encode("utf-8")
            request.headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
            yield request
            return
        yield from self._cookie_flow(request)

    def _cookie_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Cookie"] = f"{self.creds.cookie_name}={self.creds.cookie_value}"
        with self._lock:
            nonce = self._nonce
        if nonce is None:
            nonce = yield from self._refresh(request)
        if nonce:
            request.headers["X-WP-Nonce"] = nonce
        response = yield request
        if not is_bad_nonce(response):
            return
        fresh = yield from self._refresh(request)
        if fresh and fresh != nonce:
            request.headers["X-WP-Nonce"] = fresh
            yield request

    def _refresh(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, str | None]:
        """GET /auth/nonce with the cookie only; remember and return the new nonce."""
        ask = httpx.Request("GET", nonce_url(request.url), headers={
            "Cookie": request.headers["Cookie"], "Accept": "application/json",
            "User-Agent": request.headers.get("User-Agent", "")})
        response = yield ask
        try:
            nonce = str(json.loads(response.content).get("nonce") or "") or None
        except (ValueError, AttributeError):
            nonce = None
        with self._lock:
            self._nonce = nonce
            self.refreshes += 1
        return nonce
