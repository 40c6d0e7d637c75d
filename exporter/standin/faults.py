"""Fault injection: what a host, CDN or WAF in front of a real Jetonomy does to a crawler.

``FaultConfig`` picks, per request, one fate from a seeded hash of (seed, URL, attempt number),
so a run is reproducible regardless of request interleaving and a retry of the same URL gets
a fresh draw. Fates: latency, 429/503 with ``Retry-After``, a dropped connection (the socket
is aborted without any response), a truncated body, and a 403 wall after N content requests.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .responses import FORBIDDEN, JSON_TYPE


@dataclass(frozen=True)
class FaultConfig:
    """What to inject. Fractions are probabilities in [0, 1]; they add up per request."""

    seed: int = 0
    latency: float = 0.0
    jitter: float = 0.0
    fail_429: float = 0.0
    fail_503: float = 0.0
    retry_after: int = 1
    drop: float = 0.0
    truncate: float = 0.0
    truncate_mode: str = "short"  # "short": full Content-Length, cut body; "cut": valid HTTP, cut JSON
    wall_after: int | None = None
    path_regex: str | None = None

    def __post_init__(self) -> None:
        total = self.fail_429 + self.fail_503 + self.drop + self.truncate
        if min(self.fail_429, self.fail_503, self.drop, self.truncate, self.latency, self.jitter) < 0 \
                or total > 1:
            raise ValueError("fault fractions must be >= 0 and add up to at most 1")
        if self.truncate_mode not in ("short", "cut"):
            raise ValueError("truncate_mode must be 'short' or 'cut'")


def _uniform(*parts: Any) -> float:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _is_content_route(scope: Scope) -> bool:
    """A Jetonomy REST route other than app/config (what an IP ban walls off)."""
    path = scope.get("path", "")
    query = scope.get("query_string", b"").decode("latin-1")
    route = path[len("/wp-json"):] if path.startswith("/wp-json/") else ""
    if not route and "rest_route=" in query:
        route = re.sub(r"%2F", "/", query.split("rest_route=", 1)[1].split("&", 1)[0], flags=re.I)
    return route.lower().startswith("/jetonomy/v1/") and "app/config" not in route.lower()


class FaultMiddleware:
    """Raw ASGI wrapper (outermost, so ``receive`` is the server's own)."""

    def __init__(self, app: ASGIApp, config: FaultConfig):
        self.app, self.config = app, config
        self.attempts: dict[str, int] = {}
        self.content_requests = 0
        self.scope_re = re.compile(config.path_regex) if config.path_regex else None

    def _fate(self, key: str) -> str:
        c = self.config
        attempt = self.attempts[key] = self.attempts.get(key, 0) + 1
        u = _uniform(c.seed, key, attempt)
        for fate, share in (("drop", c.drop), ("429", c.fail_429), ("503", c.fail_503),
                            ("truncate", c.truncate)):
            if u < share:
                return fate
            u -= share
        return "ok"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        key = scope["path"] + "?" + scope.get("query_string", b"").decode("latin-1")
        if self.scope_re is not None and not self.scope_re.search(key):
            await self.app(scope, receive, send)
            return
        c = self.config
        if c.latency or c.jitter:
            await asyncio.sleep(c.latency + c.jitter * _uniform(c.seed, "lat", key, self.attempts.get(key, 0)))
        if c.wall_after is not None and _is_content_route(scope):
            self.content_requests += 1
            if self.content_requests > c.wall_after:
                await _send_wall(send)
                return
        fate = self._fate(key)
        if fate == "drop":
            await drop_connection(receive)
        elif fate in ("429", "503"):
            await _send_status(send, int(fate), c.retry_after)
        elif fate == "truncate":
            await self._truncated(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _truncated(self, scope: Scope, receive: Receive, send: Send) -> None:
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        body = b"".join(chunks)
        cut = body[: max(1, len(body) // 2)] if body else b""
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        if self.config.truncate_mode == "cut":
            headers.append((b"content-length", str(len(cut)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": cut, "more_body": False})
            return
        headers.append((b"content-length", str(len(body)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": cut, "more_body": True})
        await drop_connection(receive)


async def drop_connection(receive: Receive) -> None:
    """Abort the TCP connection with no (further) bytes sent.

    Over uvicorn the bound ``receive`` belongs to the request cycle that owns the transport;
    in-process (no socket) the best imitation is an exception the client transport surfaces.
    """
    cycle = getattr(receive, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        raise ConnectionResetError("stand-in fault: connection dropped")
    transport.abort()
    cycle.disconnected = True  # type: ignore[union-attr]
    await asyncio.sleep(0)


async def _send_status(send: Send, status: int, retry_after: int) -> None:
    text = b"Too Many Requests" if status == 429 else b"Service Unavailable"
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/html; charset=UTF-8"), (b"retry-after", str(retry_after).encode()),
        (b"content-length", str(len(text)).encode())]})
    await send({"type": "http.response.body", "body": text, "more_body": False})


async def _send_wall(send: Send) -> None:
    body = json.dumps({"code": "jetonomy_forbidden", "message": FORBIDDEN,
                       "data": {"status": 403}}).encode()
    await send({"type": "http.response.start", "status": 403, "headers": [
        (b"content-type", JSON_TYPE.encode()), (b"content-length", str(len(body)).encode()),
        (b"x-robots-tag", b"noindex"), (b"allow", b"GET")]})
    await send({"type": "http.response.body", "body": body, "more_body": False})
