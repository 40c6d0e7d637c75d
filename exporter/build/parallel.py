"""Render and write pages in forked worker processes (the build is CPU-bound).

The parent has gathered the index, planned the pages, compiled the theme and pre-flighted one
page of each kind; it then claims and journals every page it will render (collisions are
refused before any worker starts), forks ``workers`` processes that inherit all of it, and
hands each a share of the pages. A worker renders a page, writes it atomically through the
same :class:`~exporter.build.writer.Writer` checks, and sends back only small facts (the
manifest entry and the media the page uses). The parent books them in plan order, so the
manifest and the report do not depend on which worker finished first.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import ExportError
from ..snapshot import Snapshot
from ..urls import url_path_to_file
from .manifest import Entry

if TYPE_CHECKING:  # pragma: no cover
    from .pages import Job
    from .pipeline import BuildContext

#: Below this many pages to render, forking costs more than it saves.
MIN_PARALLEL_PAGES = 96
#: Pages per task: large while much is left (each task and result is a message the building
#: process's pool threads handle: 32-page tasks cost it 0.6 s of CPU at 10x, beside the
#: workers), down to a few at the end (the workers then finish together).
_CHUNK_MAX = 128
_CHUNK_MIN = 8
_CTX: BuildContext | None = None  # the forked workers' build (inherited, never pickled)
_GO: Any = None  # set once the theme is pre-flighted: the extra process may write (an Event)

Result = tuple[int, Entry | None, list[str]]


def parallel_safe(func: Callable) -> Callable:
    """Mark a page hook or extra writer as safe to run in a forked worker: it changes nothing
    but the page it is given, ``ctx.extras`` (picklable values), ``ctx.cache`` and files
    written through ``ctx.writer``. Unmarked hooks run in the building process, pages one after another."""
    func.parallel_safe = True  # type: ignore[attr-defined]
    return func


def _all_safe(funcs: Sequence[Callable]) -> bool:
    return all(getattr(f, "parallel_safe", False) for f in funcs)


def worker_count(ctx: BuildContext, todo: int) -> int:
    """Processes to render ``todo`` pages with: ``options.workers`` (None: one per CPU), but
    1 when there is too little to do, no ``fork``, or a page hook not marked parallel-safe."""
    requested = ctx.options.workers
    if (todo < MIN_PARALLEL_PAGES or requested == 1 or not _all_safe(ctx.options.page_hooks)
            or "fork" not in multiprocessing.get_all_start_methods()):
        return 1
    count = requested if requested is not None else len(os.sched_getaffinity(0)) \
        if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(int(count), todo // (MIN_PARALLEL_PAGES // 2)))


def render_page(ctx: BuildContext, job: Job) -> tuple[bytes, list[str]]:
    """Render one page; return its bytes and the media files it uses (sorted)."""
    used, ctx.index.media_used = ctx.index.media_used, set()
    try:
        data = ctx.render(job.build())
        return data, sorted(ctx.index.media_used)
    finally:
        ctx.index.media_used = used


def _init_worker() -> None:
    """In a fresh worker: SQLite connections must not cross a fork, so this process reads
    through its own."""
    assert _CTX is not None
    _CTX.snapshot = Snapshot.open(_CTX.snapshot.folder)


def _work(indexes: Sequence[int]) -> list[Result] | tuple[str, str, str | None]:
    ctx = _CTX
    assert ctx is not None
    out: list[Result] = []
    try:
        for i in indexes:
            job = ctx.jobs[i]
            data, media = render_page(ctx, job)
            out.append((i, ctx.writer.store(url_path_to_file(job.url), data), media))
    except ExportError as exc:  # sent back by value: (class name, cause, fix)
        return _error(exc)
    return out


def _error(exc: ExportError) -> tuple[str, str, str | None]:
    return (type(exc).__qualname__, exc.cause, exc.fix)


@dataclass
class ExtraFiles:
    """What the extra writers did in a worker, for the parent's writer and ``ctx.extras``."""

    owners: list[tuple[str, str]]
    entries: dict[str, Entry]
    keys: dict[str, str]
    written: list[str]
    unchanged: int
    extras: dict[str, Any]


def _extra_work() -> ExtraFiles | tuple[str, str, str | None]:
    """Run every extra writer (SEO files) in a forked process, beside the pages. Files are
    held in memory until the building process has pre-flighted the theme (:data:`_GO`)."""
    ctx, go = _CTX, _GO  # no ``go`` in a render pool: the theme was pre-flighted before it
    assert ctx is not None
    w = ctx.writer
    owners, keys, extras = set(w.owners), dict(w.keys), dict(ctx.extras)
    written, unchanged = len(w.written), w.unchanged
    if go is not None:
        w.hold_writes(go.is_set)
    try:
        for extra in ctx.options.extra_writers:
            extra(ctx)
        if go is not None:
            go.wait()
            w.release_writes()
    except ExportError as exc:
        return _error(exc)
    new = [rel for rel in w.owners if rel not in owners]
    return ExtraFiles(owners=[(rel, w.owners[rel]) for rel in new],
                      entries={rel: w.entries[rel] for rel in new},
                      keys={k: v for k, v in w.keys.items() if keys.get(k) != v},
                      written=w.written[written:], unchanged=w.unchanged - unchanged,
                      extras={k: v for k, v in ctx.extras.items() if extras.get(k) is not v})


def _merge_extra(ctx: BuildContext, done: ExtraFiles | tuple[str, str, str | None]) -> None:
    """Book what the extra writers did in their worker (or raise the error they sent back)."""
    if isinstance(done, tuple):
        _reraise(done)
    w = ctx.writer
    for rel, owner in done.owners:
        w._claim(rel, owner)
    w.entries.update(done.entries)
    w.keys.update(done.keys)
    w.written.extend(done.written)
    w.unchanged += done.unchanged
    ctx.extras.update(done.extras)


def _reraise(error: tuple[str, str, str | None]) -> None:
    from .. import errors

    cls = getattr(errors, error[0], errors.BuildError)
    raise cls(error[1], error[2])


def can_fork_extras(ctx: BuildContext) -> bool:
    """The extra writers may run in a forked process beside the building one."""
    return (bool(ctx.options.extra_writers) and _all_safe(ctx.options.extra_writers)
            and "fork" in multiprocessing.get_all_start_methods())


@contextlib.contextmanager
def extras_alongside(ctx: BuildContext) -> Iterator[Callable[[], None]]:
    """Run the extra writers (SEO files: feeds, oEmbed, sitemaps, server rules) in one forked
    process while the body of the ``with`` keys, pre-flights and renders the pages: a build
    then costs the longer of the two, not their sum. The body is given ``go``: the extra
    process writes nothing before it is called (once the theme is pre-flighted); the page
    paths must all be claimed before (an SEO file on one of them is refused unwritten)."""
    global _CTX, _GO
    mp = multiprocessing.get_context("fork")
    _CTX, _GO = ctx, mp.Event()
    try:
        with mp.Pool(1, initializer=_init_worker) as pool:
            extra = pool.apply_async(_extra_work)
            yield _GO.set
            _merge_extra(ctx, extra.get())
    finally:
        _CTX = _GO = None


def _chunks(todo: list[int], workers: int) -> list[list[int]]:
    """``todo`` in order, cut in tasks of a quarter of each worker's share of what is left
    (between :data:`_CHUNK_MIN` and :data:`_CHUNK_MAX` pages)."""
    chunks, start = [], 0
    while start < len(todo):
        size = max(_CHUNK_MIN, min(_CHUNK_MAX, (len(todo) - start) // (4 * workers)))
        chunks.append(todo[start:start + size])
        start += size
    return chunks


def render_parallel(ctx: BuildContext, todo: list[int], workers: int,
                    done: Callable[[Result], Any], with_extras: bool = False) -> None:
    """Render the jobs ``todo`` (indexes into ``ctx.jobs``, already planned and journaled)
    in ``workers`` forked processes; call ``done`` for each result in plan order. The extra
    writers run in the pool too ``with_extras`` (the caller checked :func:`can_fork_extras`)."""
    global _CTX
    chunks = _chunks(todo, workers)
    outer, _CTX = _CTX, ctx
    gc.collect()
    gc.freeze()  # keep the inherited heap shared: the collector won't touch those pages
    # (``build_site`` unfreezes when the build ends: the index stays frozen until then)
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_init_worker) as pool:
            extra = pool.apply_async(_extra_work) if with_extras else None
            for result in pool.imap(_work, chunks):
                if isinstance(result, tuple):
                    pool.terminate()
                    _reraise(result)
                for item in result:
                    done(item)
            if extra is not None:
                _merge_extra(ctx, extra.get())
    finally:
        _CTX = outer
