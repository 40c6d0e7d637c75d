"""Search benchmark (not a test): index build, shim latency, Pagefind transfer per query.

    python bench/bench_search.py [LABEL=]SNAPSHOT ... [--rounds 20] [--pagefind first|all|none]
                                 [--per-query] [--no-browser]

e.g. ``1x=/tmp/bench1/community.snapshot 10x=/tmp/bench10/community.snapshot
100x=/tmp/bench100/community.snapshot``. Prints one rich table with a column per snapshot:
documents, full build and incremental no-change rebuild (wall clock and CPU seconds incl.
the index worker processes: on a busy machine the CPU figure is the comparable one; a
full build spreads its CPU over 3 processes, so with free cores wall < CPU), index size, index open time, shim
latency p50/p95/p99 over a fixed mixed query set (fulltext, short-query substring scans,
CJK, filters, ``type=all``, deep offsets) and, with a browser, the Pagefind transfer for
one query. ``--per-query`` adds a table of each query's median latency.

Targets at 100x (≈40k posts, 300k replies): full index < 5 min, shim p50 < 20 ms,
p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import html
import os
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
    # short-query substring scans over replies, a CJK character, votes order of a scan
    {"q": "ca", "type": "reply"}, {"q": "zq", "type": "reply"}, {"q": "永"},
    {"q": "ing", "sort": "votes"}, {"q": "ab", "type": "all"},
    # filters and listings
    {"space_id": "1", "type": "reply"}, {"space_id": "2", "sort": "votes"},
    {"q": "cache", "type": "reply", "space_id": "1"},
    {"q": "ca", "space_id": "1", "date_from": "2024-01-01"},
    # deep offsets
    {"q": "cache", "offset": "2000", "sort": "newest"}, {"q": "the", "offset": "5000"},
    {"q": "cache", "type": "reply", "offset": "1000"},
]


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def _queries(snapshot: Path) -> list[dict[str, str]]:
    """The fixed set plus a tag and an author scope taken from the snapshot (busiest ones)."""
    extra: list[dict[str, str]] = []
    with Snapshot.open(snapshot) as snap:
        tags = sorted(snap.iter_tags(), key=lambda t: (-int(t.get("post_count") or 0), str(t.get("slug"))))
        if tags:
            extra += [{"tag": str(tags[0]["slug"])}, {"q": "cache", "tag": str(tags[0]["slug"])}]
        logins = [login for login, _p in snap.iter_users() if login]
        if logins:
            extra.append({"q": "help", "author": logins[0], "sort": "newest"})
    return QUERIES + extra


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the index workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def bench_index(snapshot: Path, out: Path) -> dict[str, str]:
    started, cpu = time.monotonic(), _cpu()
    report = build_index(snapshot, out, full=True)
    full, full_cpu = time.monotonic() - started, _cpu() - cpu
    started, cpu = time.monotonic(), _cpu()
    again = build_index(snapshot, out)
    again_wall, again_cpu = time.monotonic() - started, _cpu() - cpu
    return {"documents": f"{sum(report.counts.values()):,}",
            "posts / replies": f"{report.counts.get('post', 0):,} / {report.counts.get('reply', 0):,}",
            "full build (wall / cpu)": f"{full:.1f} s / {full_cpu:.1f} s",
            "incremental no change (wall / cpu)": f"{again_wall:.1f} s / {again_cpu:.1f} s ({again.mode})",
            "index size": f"{report.size_bytes / 1e6:.1f} MB"}


def bench_queries(index_dir: Path, queries: list[dict[str, str]], rounds: int,
                  per_query: dict[str, float]) -> dict[str, str]:
    latencies: list[float] = []
    cpu: list[float] = []
    started = time.perf_counter()
    with SearchIndex.open(index_dir) as index:
        opened = time.perf_counter() - started
        for params in queries:  # warm-up
            search(index, params)
        by_query: dict[str, list[float]] = {}
        for _ in range(rounds):
            for params in queries:
                started, cpu_started = time.perf_counter(), time.thread_time()
                status, _h, _b = search(index, params)
                elapsed = (time.perf_counter() - started) * 1000
                cpu.append((time.thread_time() - cpu_started) * 1000)
                latencies.append(elapsed)
                by_query.setdefault(str(params), []).append(elapsed)
                assert status == 200, (params, status)
    per_query.update({k: statistics.median(v) for k, v in by_query.items()})
    return {"index open": f"{opened * 1000:.0f} ms",
            "queries": f"{len(latencies)} ({len(queries)} distinct)",
            "p50": f"{statistics.median(latencies):.1f} ms",
            "p95": f"{_percentile(latencies, 95):.1f} ms",
            "p99": f"{_percentile(latencies, 99):.1f} ms",
            "max": f"{max(latencies):.1f} ms",
            # CPU time of the querying thread: what the latency is on an otherwise idle machine
            "cpu p50 / p95 / p99": f"{statistics.median(cpu):.1f} / {_percentile(cpu, 95):.1f} / "
                                   f"{_percentile(cpu, 99):.1f} ms"}


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
    return {"pages indexed (Pagefind)": str(report.pages), "pagefind build": f"{built:.1f} s",
            "pagefind bundle": f"{report.bundle_bytes / 1e6:.2f} MB",
            f"pagefind transfer for {query!r}": f"{sum(sizes.values()) / 1e3:.1f} kB in {len(sizes)} files"}


def _parse_target(text: str) -> tuple[str, Path]:
    label, sep, path = text.partition("=")
    return (label, Path(path)) if sep else (Path(text).parent.name or text, Path(text))


def run_one(label: str, snapshot: Path, args: argparse.Namespace, pagefind: bool,
            per_query: dict[str, dict[str, float]]) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rows = bench_index(snapshot, work / "idx")
        per_query[label] = {}
        rows.update(bench_queries(work / "idx", _queries(snapshot), args.rounds, per_query[label]))
        if pagefind:
            try:
                rows.update(bench_pagefind(snapshot, work, args.query))
            except Exception as exc:  # a bench reports, it does not stop at the last step
                rows["pagefind"] = f"failed: {type(exc).__name__}: {exc}"[:120]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("snapshots", nargs="+", help="[LABEL=]SNAPSHOT_FOLDER, smallest first")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--pagefind", choices=("first", "all", "none"), default="first",
                        help="which snapshots get the (browser) Pagefind measurement")
    parser.add_argument("--no-browser", action="store_true", help="same as --pagefind none")
    parser.add_argument("--per-query", action="store_true", help="also print each query's median")
    parser.add_argument("--query", default="cache")
    args = parser.parse_args()
    console = Console()
    targets = [_parse_target(t) for t in args.snapshots]
    results: dict[str, dict[str, str]] = {}
    per_query: dict[str, dict[str, float]] = {}
    for n, (label, snapshot) in enumerate(targets):
        pagefind = not args.no_browser and (args.pagefind == "all" or (args.pagefind == "first" and n == 0))
        console.log(f"benchmarking {label} ({snapshot})")
        results[label] = run_one(label, snapshot, args, pagefind, per_query)
    table = Table(title="search benchmark")
    table.add_column("measure")
    for label, _s in targets:
        table.add_column(label, justify="right")
    measures = list(dict.fromkeys(k for rows in results.values() for k in rows))
    for key in measures:
        table.add_row(key, *(results[label].get(key, "–") for label, _s in targets))
    console.print(table)
    if args.per_query:
        detail = Table(title="median latency per query (ms)")
        detail.add_column("query")
        for label, _s in targets:
            detail.add_column(label, justify="right")
        for key in dict.fromkeys(k for rows in per_query.values() for k in rows):
            detail.add_row(key, *(f"{per_query[label].get(key, float('nan')):.1f}" for label, _s in targets))
        console.print(detail)


if __name__ == "__main__":
    main()
