"""Crawler benchmark (not a test): requests vs the API's minimum, wall time at concurrency
1/4/8 against the stand-in on loopback (rate limit off), and an unchanged ``--update``.

    python bench/bench_crawl.py [--scale 1.0]

The stand-in runs in its own process (so it does not share the crawler's GIL).
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from exporter.crawl import CrawlOptions, crawl, make_client  # noqa: E402
from exporter.examplegen import ensure_example  # noqa: E402


@contextlib.contextmanager
def standin(dataset: Path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "exporter", "standin", "--dataset", str(dataset),
                             "--port", str(port)], cwd=REPO, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            with contextlib.suppress(httpx.HTTPError):
                httpx.get(url + "/robots.txt", timeout=1)
                break
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def pages(n: int, limit: int) -> int:
    """Requests the stop-on-short-page rule needs for a list of ``n`` rows."""
    return n // limit + 1


def minimum_requests(folder: Path) -> int:
    """The fewest requests the API allows for what the snapshot holds (CONTRACT.md §1.3)."""
    db = sqlite3.connect(folder / "snapshot.sqlite")
    q = lambda sql: db.execute(sql).fetchall()  # noqa: E731
    n = 5  # robots.txt, home page, /wp-json/, namespace index, /app/config
    n += 1 + q("SELECT count(*) FROM categories WHERE parent_id IS NOT NULL")[0][0]
    n += pages(q("SELECT count(*) FROM spaces")[0][0], 100)
    n += sum(pages(c, 100) for (c,) in q("SELECT (SELECT count(*) FROM posts p WHERE p.space_id=s.id) FROM spaces s"))
    n += sum(pages(c, 100) for (c,) in q(
        "SELECT (SELECT count(*) FROM replies r WHERE r.post_id=p.id) FROM posts p "
        "WHERE CAST(json_extract(p.json, '$.reply_count') AS INTEGER) > 0"))
    n += 1 + sum(pages(c, 50) for (c,) in q(
        "SELECT (SELECT count(*) FROM post_tags pt WHERE pt.tag_id=t.id) FROM tags t"))
    n += sum(pages(c, 100) for (c,) in q("SELECT count(*) FROM leaderboard GROUP BY period"))
    n += sum(pages(c, 100) + 1 for (c,) in q(
        "SELECT (SELECT count(*) FROM members m WHERE m.space_id=s.id) FROM spaces s"))
    n += q("SELECT count(*) FROM users")[0][0] + q("SELECT count(*) FROM media WHERE status='ok'")[0][0]
    n += 2  # sitemap index + posts child
    db.close()
    return n


def run(url: str, out: Path, concurrency: int, update: bool = False):
    options = CrawlOptions(rate=0, concurrency=concurrency, update=update)
    with make_client(options) as client:
        started = time.perf_counter()
        report = crawl(client, url, out, options)
        return report, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    dataset = ensure_example(scale=args.scale)
    table = Table(title=f"crawl benchmark (example scale {args.scale:g}, loopback, rate limit off)")
    for col in ("run", "requests", "minimum", "ratio", "wall time", "req/s"):
        table.add_column(col, justify="right" if col != "run" else "left")
    with standin(dataset) as url, tempfile.TemporaryDirectory() as tmp:
        full4 = None
        for conc in (1, 4, 8):
            out = Path(tmp) / f"c{conc}"
            report, secs = run(url, out, conc)
            low = minimum_requests(out)
            full4 = (out, report) if conc == 4 else full4
            table.add_row(f"full, concurrency {conc}", str(report.requests), str(low),
                          f"{report.requests / low:.3f}x", f"{secs:.2f} s", f"{report.requests / secs:.0f}")
        out, full = full4
        report, secs = run(url, out, 4, update=True)
        table.add_row("--update, nothing changed (c4)", str(report.requests), "-",
                      f"{100 * report.requests / full.requests:.1f} % of full", f"{secs:.2f} s",
                      f"{report.requests / secs:.0f}")
    Console().print(table)


if __name__ == "__main__":
    main()
