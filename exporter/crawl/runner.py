"""Bounded concurrency: workers do HTTP, the calling thread does every snapshot write.

``run_jobs`` keeps at most ``2 × workers`` jobs in flight, hands each finished result to
``on_result`` on the calling thread (so SQLite is only ever touched by one thread), and on
the first error cancels what has not started, waits for what has, and re-raises.
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

K = TypeVar("K")


def run_jobs(jobs: Iterable[tuple[K, Callable[[], Any]]], workers: int,
             on_result: Callable[[K, Any], None]) -> int:
    """Run ``(key, fn)`` jobs on ``workers`` threads; return how many completed."""
    done = 0
    source = iter(jobs)
    with cf.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="crawl") as pool:
        pending: dict[cf.Future, K] = {}
        try:
            _fill(pool, source, pending, 2 * workers)
            while pending:
                finished, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                for future in sorted(finished, key=lambda f: id(f)):
                    key = pending.pop(future)
                    on_result(key, future.result())
                    done += 1
                _fill(pool, source, pending, 2 * workers)
        except BaseException:
            for future in pending:
                future.cancel()
            raise
    return done


def _fill(pool: cf.ThreadPoolExecutor, source, pending: dict, size: int) -> None:
    while len(pending) < size:
        try:
            key, fn = next(source)
        except StopIteration:
            return
        pending[pool.submit(fn)] = key
