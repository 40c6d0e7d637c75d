"""``build_site``: snapshot → static mirror, top to bottom (mkdocs style).

check the output folder (and the audience of the mirror already there) → open snapshot →
gather indexes → plan pages (each with its input key) → load theme → keep pages whose key
is unchanged → pre-flight one page of each kind left to render → render + write them →
static files + media → extra writers (SEO) → Pagefind bundle → remove stale files →
manifest. Nothing is written before the snapshot, the output folder and the theme have been
checked, so bad input leaves the previous mirror as it was.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BuildError
from ..seo.hook import with_seo
from ..snapshot import Snapshot
from .contexts import BasePage
from .gather import SiteIndex, collector_paused, gather, is_stored
from .guard import check_audience
from .manifest import load_manifest, save_manifest, sweep_temp_files
from .options import BuildOptions
from .pages import Job, plan_pages
from .parallel import Result, can_fork_extras, extras_alongside, render_page, render_parallel, worker_count
from .report import BuildReport
from .search import write_search_assets, write_static_search
from .stamps import page_key, post_stamps, site_stamp, snapshot_facts
from .themes import Theme
from ..urls import url_path_to_file
from .writer import Writer


@dataclass
class BuildContext:
    """What extra writers and page hooks get: the gathered data, the theme, the writer.

    ``extras`` holds what extensions report (picklable: a worker's are sent to the building
    process); ``cache`` is for what they compute once and reuse, in whichever process they
    run (a forked worker starts with the building process's cache and keeps its own)."""

    snapshot: Snapshot
    index: SiteIndex
    options: BuildOptions
    theme: Theme
    writer: Writer
    out_dir: Path
    jobs: list[Job]
    report: BuildReport
    site_stamp: str = ""
    extras: dict[str, Any] = field(default_factory=dict)  # what extensions report (merged from workers)
    cache: dict[str, Any] = field(default_factory=dict)  # extensions' memos, per process (never merged)
    media: dict[str, list[str]] = field(default_factory=dict)

    def render(self, page: BasePage) -> bytes:
        """Run the page hooks, then the theme (extensions may render pages of their own)."""
        for hook in self.options.page_hooks:
            hook(self, page)
        return self.theme.render(page)


def build_site(snapshot_dir: str | Path, out_dir: str | Path, options: BuildOptions | None = None,
               progress: Any = None) -> BuildReport:
    """Render the snapshot at ``snapshot_dir`` into a static mirror in ``out_dir``."""
    started = time.perf_counter()
    options = with_seo((options or BuildOptions()).validate())
    out = _prepare_out(Path(out_dir))
    previous = load_manifest(out)
    check_audience(out, previous, options)
    sweep_temp_files(out, previous)  # what a killed build was writing when it died
    with Snapshot.open(snapshot_dir) as snap, _index_frozen():
        index, jobs = _gather_and_plan(snap, options)
        theme = Theme(options.theme)
        report = BuildReport(out_dir=out, home=index.urls.home_page())
        writer = Writer(out, previous, force=options.force)
        ctx = BuildContext(snap, index, options, theme, writer, out, jobs, report,
                           site_stamp(index, theme, snapshot_facts(snap)))
        try:
            extras_done = _write_pages(ctx, progress)
            report.static = _write_static(ctx) + write_search_assets(ctx)
            report.media = _write_media(ctx)
            report.media_missing = len(index.media_missing)
            for extra in () if extras_done else options.extra_writers:
                extra(ctx)
            if options.static_search:
                report.search_pages = write_static_search(ctx)
            report.removed_paths = writer.remove_stale()
            save_manifest(out, writer.entries, writer.keys, options.audience.value, ctx.media)
        finally:
            writer.close()
    report.pages, report.written, report.unchanged = len(jobs), len(writer.written), writer.unchanged
    report.written_paths, report.removed = list(writer.written), len(report.removed_paths)
    report.seconds = time.perf_counter() - started
    return report


def _gather_and_plan(snap: Snapshot, options: BuildOptions) -> tuple[SiteIndex, list[Job]]:
    """:func:`gather`, the posts' stamps and the page plan (``index.stamps``, ``index.pages``),
    made with the collector paused, then frozen (``gc.freeze``): they live as long as the
    build, so they are not walked by every full collection the pages' garbage triggers (a
    third of the building process's CPU at 10x), nor again and again while the hundreds of
    thousands of tuples of the plan are made (a fifth of the plan's time at 100x), and forked
    workers do not copy their memory pages by touching them. :func:`_index_frozen` unfreezes."""
    with collector_paused():
        index = gather(snap, options)
        index.stamps = post_stamps(index)
        jobs = plan_pages(index, index.stamps)
        index.pages = {job.url for job in jobs}
        gc.freeze()
    return index, jobs


@contextlib.contextmanager
def _index_frozen() -> Iterator[None]:
    """Unfreeze what :func:`_gather_and_plan` froze when the build ends, whatever happens."""
    try:
        yield
    finally:
        gc.unfreeze()


def _prepare_out(out: Path) -> Path:
    """Create the output folder and prove it is writable (before anything else is touched)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".jetonomy-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise BuildError(f"cannot write to the output folder {out} ({exc.strerror or exc})",
                         "choose a folder you can write to (--out DIR)") from exc
    if not out.is_dir():
        raise BuildError(f"{out} is not a folder", "choose a folder for --out")
    return out


def _write_pages(ctx: BuildContext, progress: Any) -> bool:
    """Render every page whose inputs changed; True when the extra writers ran alongside.

    Every page path is claimed first (cheap), so the extra process, forked right then, refuses
    an SEO file on a page's path before writing it; it computes its files while this process
    keys and pre-flights the pages, and writes them once the theme has passed (``go``)."""
    tick = _ticker(ctx, progress)
    rels = [ctx.writer.claim(url_path_to_file(job.url), job.owner) for job in ctx.jobs]
    alongside = ctx.options.workers != 1 and can_fork_extras(ctx)
    early = alongside and not _surely_parallel(ctx, rels)
    with extras_alongside(ctx) if early else _no_extras() as go:
        todo = _changed_pages(ctx, rels, tick)
        rendered = _preflight(ctx, [i for i, _rel, _key in todo])
        go()
        if worker_count(ctx, len(todo)) <= 1:
            for i, rel, key in todo:
                _write_page(ctx, i, rel, key, rendered.get(i))
                tick()
        else:
            _write_parallel(ctx, todo, tick, with_extras=alongside and not early)
    return alongside


def _surely_parallel(ctx: BuildContext, rels: list[str]) -> bool:
    """The pages will be rendered by a pool of workers (enough of them have no key in the
    last manifest: a first build): the extra writers are then one task of that pool, as a
    separate process beside the workers was measured to cost ~1 s more CPU at 10x."""
    keys = ctx.writer.previous.keys
    return worker_count(ctx, sum(1 for rel in rels if rel not in keys)) > 1


@contextlib.contextmanager
def _no_extras() -> Iterator[Callable[[], None]]:
    """What :func:`extras_alongside` gives when the extra writers run after the pages."""
    yield lambda: None


def _ticker(ctx: BuildContext, progress: Any) -> Callable[[], None]:
    """Count pages done on ``progress`` (a rich progress bar, or None)."""
    task = progress.add_task("Rendering pages", total=len(ctx.jobs)) if progress is not None else None
    count = 0

    def tick() -> None:
        nonlocal count
        count += 1
        if task is not None and (count % 200 == 0 or count == len(ctx.jobs)):
            progress.update(task, completed=count)

    return tick


def _changed_pages(ctx: BuildContext, rels: list[str], tick: Callable[[], None]
                   ) -> list[tuple[int, str, str | None]]:
    """``(job index, file, key)`` of the pages to render; the others are kept as the last
    build left them (their inputs, ``key``, and their file are unchanged)."""
    todo: list[tuple[int, str, str | None]] = []
    site, reuse, previous = ctx.site_stamp, ctx.writer.reuse_claimed, ctx.writer.previous.media
    used = ctx.index.media_used
    for i, job in enumerate(ctx.jobs):
        rel = rels[i]
        key = None if job.deps is None else page_key(site, job.kind, job.url, job.deps)
        if key is not None and reuse(rel, key):
            media = ctx.media[rel] = previous.get(rel, [])
            used.update(media)
            tick()
        else:
            todo.append((i, rel, key))
    return todo


def _preflight(ctx: BuildContext, todo: list[int]) -> dict[int, tuple[bytes, list[str]]]:
    """Render the first page of every kind in ``todo`` (job indexes) once: a broken theme
    fails before any write. (A changed theme changes every page's key, so then every kind
    is tried.) Returns what :func:`render_page` gave for them: pages rendered in this
    process are written from it instead of being rendered again."""
    seen: set[str] = set()
    first: dict[int, tuple[bytes, list[str]]] = {}
    for i in todo:
        job = ctx.jobs[i]
        if job.kind not in seen:
            seen.add(job.kind)
            first[i] = render_page(ctx, job)
    return first


def _write_page(ctx: BuildContext, i: int, rel: str, key: str | None,
                rendered: tuple[bytes, list[str]] | None = None) -> None:
    """Render (unless ``rendered`` by the pre-flight) and write job ``i`` (in this process)."""
    data, media = rendered if rendered is not None else render_page(ctx, ctx.jobs[i])
    ctx.report.rendered += 1
    ctx.writer.put(rel, data, key)
    ctx.media[rel] = media
    ctx.index.media_used.update(media)


def _write_parallel(ctx: BuildContext, todo: list[tuple[int, str, str | None]], tick: Callable[[], None],
                    with_extras: bool) -> None:
    """Render and write the ``todo`` pages in forked workers (journaled first), booked in plan
    order; the extra writers too, as one task of the pool, ``with_extras``."""
    rels = {i: ctx.writer.plan_claimed(rel, key) for i, rel, key in todo}
    ctx.writer.journal(list(rels.values()))

    def done(result: Result) -> None:
        i, entry, media = result
        ctx.writer.record(rels[i], entry)
        ctx.report.rendered += 1
        ctx.media[rels[i]] = media
        ctx.index.media_used.update(media)
        tick()

    render_parallel(ctx, [i for i, _rel, _key in todo], worker_count(ctx, len(todo)), done, with_extras)


def _write_static(ctx: BuildContext) -> int:
    files = ctx.theme.static_files()
    for name, path in files.items():
        ctx.writer.write(url_path_to_file(ctx.index.urls.theme_static(name)), path.read_bytes(), "theme")
    return len(files)


def _write_media(ctx: BuildContext) -> int:
    """Copy media referenced by rendered pages from the snapshot's store (once each)."""
    count = 0
    for rel in sorted(ctx.index.media_used | ctx.index.site_media):
        if is_stored(ctx.snapshot, rel):  # only stored files are linked locally (gather)
            source = ctx.snapshot.media_dir / rel
            ctx.writer.write(url_path_to_file(ctx.index.urls.media(rel)), source.read_bytes(), "media")
            count += 1
    return count


__all__ = ["BuildContext", "build_site"]
