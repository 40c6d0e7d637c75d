"""``build_index``: snapshot → search index folder (full or incremental, always atomic).

An existing compatible index is updated incrementally: every document's change hash
(:func:`exporter.snapshot.stable_hash` of its payload and filters) is compared with the hash
stored in the previous generation, and only new, changed and vanished documents are written.
Visibility changes (a space turned private, a post trashed) therefore remove documents too.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from whoosh import index as whoosh_index
from whoosh.writing import IndexWriter

from exporter.errors import SnapshotError
from exporter.snapshot import Audience, Snapshot

from . import ranks, store
from .documents import Doc, iter_docs
from .errors import IndexBuildError
from .schema import KINDS, schema_for
from .worker import IndexWorker


# Whoosh buffers postings in memory up to this size before spilling a sorted run to disk
# (pickled) and merging the runs at commit; a big pool keeps a 100x build in one run.
WRITER_LIMIT_MB = 256
SIDE_BATCH = 2000
# A full build writes these indexes in child processes (worker.py): the parent reads the
# snapshot, builds documents and fills side.sqlite, which is about as much work as Whoosh's.
WORKER_KINDS = ("post", "reply")
# An incremental build keeps up to this many changed documents in memory from its planning
# pass; past it, it reads the snapshot a second time instead.
PLAN_CAP = 20_000


class ProgressLike(Protocol):
    """The subset of :class:`rich.progress.Progress` the indexer uses."""

    def add_task(self, description: str, total: float | None = ..., **fields: Any) -> Any: ...

    def advance(self, task_id: Any, advance: float = ...) -> None: ...


@dataclass
class IndexReport:
    """What a build did. ``mode`` is ``full``, ``incremental`` or ``unchanged``."""

    out_dir: Path
    generation: Path
    mode: str
    counts: dict[str, int] = field(default_factory=dict)
    added: int = 0
    updated: int = 0
    deleted: int = 0
    seconds: float = 0.0
    size_bytes: int = 0


@dataclass
class _Run:
    writers: dict[str, IndexWriter]
    side: sqlite3.Connection
    report: IndexReport
    progress: ProgressLike | None = None
    task: Any = None
    authors: set[int] = field(default_factory=set)
    plan_users: list[tuple[int, str, str, str]] | None = None
    workers: dict[str, IndexWorker] = field(default_factory=dict)  # full builds: post, reply
    pending: list[tuple[Any, ...]] = field(default_factory=list)

    def flush(self) -> None:
        """Write the buffered side rows (one ``executemany`` per batch, not one per row)."""
        if self.pending:
            self.side.executemany("INSERT OR REPLACE INTO docs(kind, id, sha, created_key, sort2, "
                                  "created_at, payload, folded) VALUES (?,?,?,?,?,?,?,?)", self.pending)
            self.pending.clear()


def build_index(snapshot_dir: str | Path, out_dir: str | Path, audience: Audience = Audience.PUBLIC,
                progress: ProgressLike | None = None, full: bool = False) -> IndexReport:
    """Index ``snapshot_dir`` for ``audience`` into ``out_dir`` and return a report.

    Incremental when ``out_dir`` already holds a compatible index (unless ``full``). Raises
    :class:`SnapshotError` for a bad snapshot and :class:`IndexBuildError` for write failures;
    either way the previous index stays live.
    """
    started = time.monotonic()
    root = Path(out_dir)
    with Snapshot.open(snapshot_dir) as snap:
        previous = None if full else _compatible_previous(root, audience)
        try:
            report = _build(snap, root, audience, previous, progress)
        except (OSError, sqlite3.Error) as exc:
            raise IndexBuildError(f"could not write the search index in {root}: {exc}") from exc
    report.seconds = time.monotonic() - started
    report.size_bytes = sum(p.stat().st_size for p in report.generation.rglob("*") if p.is_file())
    return report


def _compatible_previous(root: Path, audience: Audience) -> Path | None:
    gen = store.current_generation(root)
    if gen is None:
        return None
    try:
        info = store.read_info(gen)
    except (OSError, ValueError):
        return None
    ok = info.get("format_version") == store.FORMAT_VERSION and info.get("audience") == audience.value
    return gen if ok else None


def _build(snap: Snapshot, root: Path, audience: Audience, previous: Path | None,
           progress: ProgressLike | None) -> IndexReport:
    task = progress.add_task("Indexing", total=None) if progress is not None else None
    plan = None if previous is None else _plan(snap, audience, previous, progress, task)
    if previous is not None and plan is not None and plan.empty:
        store.drop_unfinished(root)  # what a killed build left behind
        report = IndexReport(root, previous, "unchanged", plan.counts)
        return report
    build, number = store.start_build(root)
    if previous is not None:
        store.clone_generation(previous, build)
    run = _open_run(build, previous)
    run.report.out_dir = root
    try:
        if plan is None:
            run.progress, run.task = progress, task
            _apply_all(run, iter_docs(snap, audience))
        else:
            run.plan_users = plan.users
            _apply_plan(run, plan, snap, audience)
        _write_users(run.side, snap, run)
        _commit(run, build)
    except BaseException:
        for worker in run.workers.values():
            worker.cancel()
        raise
    store.write_info(build, {"audience": audience.value, "snapshot": str(snap.folder.resolve()),
                             "counts": run.report.counts,
                             "snapshot_meta": {k: v for k, v in snap.meta().items()
                                               if k in ("site_url", "base_slug", "created_at")}})
    run.report.generation = store.publish(root, build, number)
    return run.report


@dataclass
class _Plan:
    """What an incremental build must do, found before anything is copied or written."""

    counts: dict[str, int]
    old: dict[tuple[str, int], str]  # (kind, id) -> sha in the previous generation
    replace: dict[tuple[str, int], bool]  # changed or new key -> it replaces an old document
    docs: list[Doc] | None  # the changed documents, or None when more than PLAN_CAP changed
    gone: list[tuple[str, int]]
    users: list[tuple[int, str, str, str]]
    users_changed: bool

    @property
    def empty(self) -> bool:
        return not (self.replace or self.gone or self.users_changed)


def _plan(snap: Snapshot, audience: Audience, previous: Path, progress: ProgressLike | None,
          task: Any) -> _Plan:
    side = store.open_side(previous, readonly=True)
    try:
        old = {(k, i): s for k, i, s in side.execute("SELECT kind, id, sha FROM docs")}
        old_users = sorted(side.execute("SELECT id, login, display_name, nicename FROM users"))
    finally:
        side.close()
    counts = {k: 0 for k in KINDS}
    replace: dict[tuple[str, int], bool] = {}
    docs: list[Doc] | None = []
    seen: set[tuple[str, int]] = set()
    authors: set[int] = set()
    for doc in iter_docs(snap, audience):
        key = (doc.kind, doc.id)
        if key in seen:
            continue
        seen.add(key)
        counts[doc.kind] += 1
        authors.add(int(doc.filters.get("author_id") or 0))
        old_sha = old.get(key)
        if old_sha != doc.sha:
            replace[key] = old_sha is not None
            if docs is not None:
                docs = docs if len(docs) < PLAN_CAP else None
                if docs is not None:
                    docs.append(doc)
        if progress is not None:
            progress.advance(task)
    users = _user_rows(snap, authors)
    return _Plan(counts, old, replace, docs, sorted(set(old) - seen), users, users != old_users)


def _apply_plan(run: _Run, plan: _Plan, snap: Snapshot, audience: Audience) -> None:
    run.report.counts = dict(plan.counts)
    docs = plan.docs if plan.docs is not None else (
        d for d in iter_docs(snap, audience) if (d.kind, d.id) in plan.replace)
    done: set[tuple[str, int]] = set()
    for doc in docs:
        key = (doc.kind, doc.id)
        if key not in done:
            done.add(key)
            _write_doc(run, doc, replace=plan.replace[key])
            if len(run.pending) >= SIDE_BATCH:
                run.flush()
    run.flush()
    for kind, ident in plan.gone:
        run.writers[kind].delete_by_term("key", str(ident))
        run.side.execute("DELETE FROM docs WHERE kind=? AND id=?", (kind, ident))
        run.report.deleted += 1


def _open_run(build: Path, previous: Path | None) -> _Run:
    writers: dict[str, IndexWriter] = {}
    workers: dict[str, IndexWorker] = {}
    for kind in KINDS:
        if previous is None:
            idx = whoosh_index.create_in(str(build), schema_for(kind), indexname=kind)
        else:
            idx = whoosh_index.open_dir(str(build), indexname=kind)
        if kind in WORKER_KINDS and previous is None and (os.cpu_count() or 1) > 1:
            workers[kind] = IndexWorker(build, kind, WRITER_LIMIT_MB)
        else:
            writers[kind] = idx.writer(limitmb=WRITER_LIMIT_MB)
    side = store.open_side(build, create=previous is None)
    side.execute("PRAGMA cache_size=-65536")
    mode = "full" if previous is None else "incremental"
    report = IndexReport(build.parent, build, mode, {k: 0 for k in KINDS})
    return _Run(writers, side, report, workers=workers)


def _apply_all(run: _Run, docs: Iterable[Doc]) -> None:
    """A full build: every document is new."""
    seen: set[tuple[str, int]] = set()
    for doc in docs:
        key = (doc.kind, doc.id)
        if key in seen:
            continue
        seen.add(key)
        run.report.counts[doc.kind] += 1
        run.authors.add(int(doc.filters.get("author_id") or 0))
        _write_doc(run, doc, replace=False)
        if run.progress is not None:
            run.progress.advance(run.task)
        if len(run.pending) >= SIDE_BATCH:
            run.flush()
    run.flush()


def _write_doc(run: _Run, doc: Doc, replace: bool) -> None:
    worker = run.workers.get(doc.kind)
    if worker is not None:  # full builds only: never a replace
        worker.add(doc.fields())
        run.report.added += 1
        run.pending.append(doc.side_row())
        return
    writer = run.writers[doc.kind]
    if replace:
        writer.update_document(**doc.fields())
        run.report.updated += 1
    else:
        writer.add_document(**doc.fields())
        run.report.added += 1
    run.pending.append(doc.side_row())


def _user_rows(snap: Snapshot, authors: set[int]) -> list[tuple[int, str, str, str]]:
    """Author directory for ``author=`` (only people with indexed, non-anonymous rows)."""
    rows = []
    for login, profile in snap.iter_users():
        uid = int(profile.get("id") or 0)
        if uid in authors and uid > 0:
            name = str(profile.get("display_name") or "")
            log = str(login or "")
            rows.append((uid, log, name, log.lower().replace(".", "-").replace(" ", "-")))
    return sorted(rows)


def _write_users(side: sqlite3.Connection, snap: Snapshot, run: _Run) -> None:
    rows = _user_rows(snap, run.authors) if run.plan_users is None else run.plan_users
    old = sorted(side.execute("SELECT id, login, display_name, nicename FROM users"))
    if old != rows:
        side.execute("DELETE FROM users")
        side.executemany("INSERT INTO users VALUES (?,?,?,?)", rows)


def _commit(run: _Run, build: Path) -> None:
    for worker in run.workers.values():
        worker.end_input()
    run.side.commit()
    for kind in KINDS:
        ranks.write_ranks(run.side, build, kind)
    run.side.close()
    for writer in run.writers.values():
        writer.commit()
    for worker in run.workers.values():
        worker.finish()


__all__ = ["IndexReport", "SnapshotError", "build_index"]
