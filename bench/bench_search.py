"""Search benchmark (not a test): index build, shim latency, Pagefind transfer per query.

    python bench/bench_search.py SNAPSHOT [--rounds 20] [--no-browser]

Prints a rich table. Targets at 100x (≈40k posts, 300k replies): full index < 5 min,
shim p50 < 20 ms, p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import html
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exporter.snapshot import Snapshot  # noqa: E402
from search_index import SearchIndex, build_index, search  # noqa: E402

QUERIES = [
    {"q": "cache"}, {"q": "export data"}, {"q": "cache", "sort": "newest"},
    {"q": "cache", "sort": "votes", "limit": "50"}, {"q": "cache", "type": "reply"},
    {"q": "ca"}, {"q": "the"}, {"q": "cache", "type": "all"}, {"q": "永久链接"},
    {"q": "العربية"}, {"q": "an", "type": "space"}, {"q": "e", "type": "tag", "space_id": "1"},
    {"space_id": "1"}, {"q": "cache", "offset": "40"}, {"q": "configure plugin settings"},
    {"q": "cache", "date_from": "2024-01-01", "date_to": "2024-12-31"},
]


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def bench_index(snapshot: Path, out: Path) -> dict[str, str]:
    started = time.monotonic()
    report = build_index(snapshot, out, full=True)
    full = time.monotonic() - started
    started = time.monotonic()
    again = build_index(snapshot, out)
    return {"documents": str(sum(report.counts.values())), "counts": str(report.counts),
            "full build": f"{full:.2f} s", "incremental (no change)": f"{time.monotonic() - started:.2f} s ({again.mode})",
            "index size": f"{report.size_bytes / 1e6:.2f} MB"}


def bench_queries(index_dir: Path, rounds: int) -> dict[str, str]:
    latencies: list[float] = []
    with SearchIndex.open(index_dir) as index:
        for params in QUERIES:  # warm-up
            search(index, params)
        for _ in range(rounds):
            for params in QUERIES:
                started = time.perf_counter()
                search(index, params)
                latencies.append((time.perf_counter() - started) * 1000)
    return {"queries": str(len(latencies)),
            "p50": f"{statistics.median(latencies):.1f} ms",
            "p95": f"{_percentile(latencies, 95):.1f} ms",
            "p99": f"{_percentile(latencies, 99):.1f} ms"}


def _mini_site(snapshot: Path, root: Path) -> Path:
    """Topic pages (title + body) in the renderer's markup, plus the search page."""
    from tests.search.static_site import SEARCH_PAGE, TOPIC_PAGE, build_site

    build_site(root)
    with Snapshot.open(snapshot) as snap:
        for post in snap.iter_posts():
            slug = str(post["id"])
            page = root / "community" / "s" / "x" / "t" / slug / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(TOPIC_PAGE.format(title=html.escape(post.get("title") or ""),
                                              body=html.escape(post.get("content_plain") or "")), "utf-8")
    assert SEARCH_PAGE
    return root


def bench_pagefind(snapshot: Path, work: Path, query: str) -> dict[str, str]:
    from playwright.sync_api import sync_playwright

    from exporter.standin import serve_in_thread
    from search_index.app import create_search_app
    from search_index.static_search import build_static_search

    site = _mini_site(snapshot, work / "site")
    started = time.monotonic()
    report = build_static_search(site)
    built = time.monotonic() - started
    sizes: dict[str, int] = {}
    with serve_in_thread(create_search_app(None, site)) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        page = browser.new_page()
        page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if "/pagefind/" in r.url else None)
        page.goto(f"{url}/community/search/")
        page.fill("#jt-search input[name=q]", query)
        page.press("#jt-search input[name=q]", "Enter")
        page.locator(".jt-search-results li").first.wait_for(timeout=30_000)
        page.wait_for_load_state("networkidle")
        browser.close()
    return {"pages indexed": str(report.pages), "pagefind build": f"{built:.2f} s",
            "bundle size": f"{report.bundle_bytes / 1e6:.2f} MB",
            f"transfer for {query!r}": f"{sum(sizes.values()) / 1e3:.1f} kB in {len(sizes)} files"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("snapshot", type=Path)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--query", default="cache")
    args = parser.parse_args()
    table = Table(title=f"search benchmark — {args.snapshot}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rows = bench_index(args.snapshot, work / "idx")
        rows.update(bench_queries(work / "idx", args.rounds))
        if not args.no_browser:
            rows.update(bench_pagefind(args.snapshot, work, args.query))
    for key, value in rows.items():
        table.add_row(key, value)
    Console().print(table)


if __name__ == "__main__":
    main()
