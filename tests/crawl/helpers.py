"""Helpers for the crawler tests: a counting transport, logical snapshot dumps, servers."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from exporter.crawl import CrawlOptions, crawl
from exporter.crawl.stats import route_key

# Compared logically: every table, minus bookkeeping and wall-clock values.
SKIP_TABLES = {"runs", "crawl_state"}
SKIP_META = {"created_at", "crawled_at"}


class CountingTransport(httpx.BaseTransport):
    """Wraps a real transport; records every request URL (thread-safe)."""

    def __init__(self, inner: httpx.BaseTransport | None = None):
        self.inner = inner or httpx.HTTPTransport()
        self.urls: list[str] = []
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.urls.append(str(request.url))
        return self.inner.handle_request(request)

    def routes(self) -> Counter:
        return Counter(route_key(u) for u in self.urls)

    def close(self) -> None:
        self.inner.close()


def client_for(options: CrawlOptions, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    return httpx.Client(transport=transport, timeout=options.timeout, follow_redirects=True,
                        headers={"User-Agent": options.user_agent})


def run_crawl(url: str, out: Path, transport: httpx.BaseTransport | None = None, **opts: Any):
    """Crawl ``url`` into ``out`` with test-friendly options (no rate limit, tiny backoff)."""
    options = CrawlOptions(**{"rate": 0, "concurrency": 4, "backoff": 0.01, **opts})
    with client_for(options, transport) as client:
        return crawl(client, url, out, options)


def logical_dump(folder: Path) -> dict[str, list[tuple]]:
    """Every table's rows (sorted), without runs/crawl_state/timestamps — plus media files."""
    db = sqlite3.connect(f"file:{folder / 'snapshot.sqlite'}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        out = {}
        for table in sorted(set(tables) - SKIP_TABLES):
            rows = db.execute(f"SELECT * FROM {table}").fetchall()
            if table == "meta":
                rows = [r for r in rows if r[0] not in SKIP_META]
            out[table] = sorted(rows, key=repr)
    finally:
        db.close()
    media = folder / "media"
    out["media files"] = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()) \
        if media.is_dir() else []
    return out


def diff_dumps(a: dict, b: dict) -> list[str]:
    """Human-readable differences between two logical dumps (empty = equal)."""
    problems = []
    for table in sorted(set(a) | set(b)):
        ra, rb = set(a.get(table, [])), set(b.get(table, []))
        if ra != rb:
            problems.append(f"{table}: {len(ra - rb)} rows only in first, {len(rb - ra)} only in "
                            f"second, e.g. {sorted(ra - rb, key=repr)[:1]} / {sorted(rb - ra, key=repr)[:1]}")
    return problems


def table_count(folder: Path, table: str, where: str = "1") -> int:
    db = sqlite3.connect(f"file:{folder / 'snapshot.sqlite'}?mode=ro", uri=True)
    try:
        return int(db.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0])
    finally:
        db.close()


def rows(folder: Path, sql: str, args: tuple = ()) -> list[tuple]:
    db = sqlite3.connect(f"file:{folder / 'snapshot.sqlite'}?mode=ro", uri=True)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def load_json(path: Path) -> Any:
    return json.loads(Path(path).read_text("utf-8"))


class SwitchApp:
    """An ASGI app whose inner app can be swapped (same server/port, new dataset or faults)."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        await self.inner(scope, receive, send)


@contextlib.contextmanager
def serve(app):
    from exporter.standin import serve_in_thread

    with serve_in_thread(app) as url:
        yield url


ENTITY_TABLES = ("categories", "spaces", "posts", "replies", "tags", "users")


def content_of(dump: dict, table: str) -> list[tuple]:
    """A table's rows without ``seen_run`` (which run saw a row is bookkeeping)."""
    rows_ = dump[table]
    return sorted((r[:-1] for r in rows_), key=repr) if table in ENTITY_TABLES else rows_
