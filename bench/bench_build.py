"""Benchmark of ``build``: pages/second (full build), peak RSS, one-changed-post rebuild time.

Usage: ``python bench/bench_build.py [SNAPSHOT]`` (default: the sample snapshot, built from
``../shared/jetonomy-api/samples``). Prints a rich table; not part of the test suite.
Targets: ≥1,000 pages/s, peak RSS < 1 GB at 100x, one changed post rebuilt in < 2 s.
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from exporter.build import BuildOptions, build_site  # noqa: E402
from exporter.snapshot import Snapshot  # noqa: E402


def _snapshot(arg: str | None, tmp: Path) -> Path:
    if arg:
        copy = tmp / "bench.snapshot"
        shutil.copytree(arg, copy)
        return copy
    from tests.fixtures.sample_snapshot import build_sample_snapshot

    return build_sample_snapshot(REPO.parent / "shared" / "jetonomy-api" / "samples", tmp / "sample.snapshot")


def _touch_one_post(snapshot: Path) -> int:
    snap = Snapshot.create(snapshot)
    pid, raw = snap.db.execute("SELECT id, json FROM posts WHERE status='publish' AND is_private=0 "
                               "ORDER BY id LIMIT 1").fetchone()
    post = json.loads(raw)
    with snap.transaction():
        snap.put_post({**post, "content": post.get("content", "") + "<p>Edited for the benchmark.</p>"})
    snap.close()
    return int(pid)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        snapshot = _snapshot(argv[0] if argv else None, tmp)
        out = tmp / "site"
        started = time.perf_counter()
        full = build_site(snapshot, out, BuildOptions(static_search=False))
        full_s = time.perf_counter() - started
        again = build_site(snapshot, out, BuildOptions(static_search=False))
        pid = _touch_one_post(snapshot)
        started = time.perf_counter()
        incr = build_site(snapshot, out, BuildOptions(static_search=False))
        incr_s = time.perf_counter() - started
        started = time.perf_counter()
        with_search = build_site(snapshot, out, BuildOptions())
        search_s = time.perf_counter() - started
    table = Table(title=f"build benchmark ({snapshot.name})")
    for col in ("measure", "value", "target"):
        table.add_column(col)
    table.add_row("pages", str(full.pages), "")
    table.add_row("full build (no Pagefind)", f"{full_s:.2f} s ({full.files} files)", "")
    table.add_row("pages/second (full)", f"{full.pages / full_s:.0f}", "≥ 1000")
    table.add_row("no-change rebuild", f"{again.seconds:.2f} s, {again.written} written", "0 written")
    table.add_row(f"one post changed (#{pid})", f"{incr_s:.2f} s, {incr.rendered} rendered, {incr.written} written",
                  "< 2 s")
    table.add_row("Pagefind bundle (all topics)", f"{search_s:.2f} s, {with_search.search_pages} topics", "")
    table.add_row("peak RSS", f"{_peak_rss_mb():.0f} MB", "< 1024 MB at 100x")
    Console().print(table)


if __name__ == "__main__":
    main(sys.argv[1:])
